"""The words around the pages (both languages): the notes a dataset carries when it is read
(``note.*``, worded by :mod:`dashboard.pages.dataset_notes`) and Streamlit's own widget words that the
app replaces on Chinese pages (``widget.*``, :mod:`dashboard.pages.widget_words`). Part of the one
text catalogue, merged into :data:`dashboard.i18n.TEXT` (one key space; a key defined twice is an error)."""

from __future__ import annotations

FRAME_TEXT: dict[str, dict[str, str]] = {
    # Streamlit's own widget words, shown in the page's language by dashboard/pages/widget_words.py
    # (issue 19); the English is Streamlit's, which English pages keep
    "widget.upload": {"zh": "上传", "en": "Upload"},
    "widget.upload_limit": {"zh": "单个文件不超过 {size}MB", "en": "{size}MB per file"},
    "widget.drop_file": {"zh": "将文件拖放到此处", "en": "Drag and drop a file here"},
    "widget.select_all": {"zh": "全选", "en": "Select all"},
    "widget.select_matches": {"zh": "选择全部匹配项", "en": "Select all matches"},
    "widget.no_results": {"zh": "无匹配项", "en": "No results"},
    # the notes of how a dataset was assembled (geodata.errors.Note codes), shown at the top of the app
    "note.legacy_firms": {
        "zh": "{source}：宗地图层按旧格式携带企业数据（企业名称、各年税收列），"
              "已按每宗地一家企业读取（{firms} 家企业），统一社会信用代码为生成值（{prefix}…），"
              "税收年度：{years}{extra}。如需评价使用多宗地的企业和租用企业，请提供企业表（enterprises）、"
              "企业年度指标表（enterprise_years）和宗地使用表（land_use），见 geodata/README.md。",
        "en": "{source}: the parcels carry firm figures in the older layout (enterprise, tax_wan_<year>); read as one "
              "firm per parcel ({firms} firms) with generated credit codes ({prefix}…), tax years {years}{extra}. "
              "Supply the tables enterprises, enterprise_years and land_use (geodata/README.md) to evaluate firms "
              "on several parcels and tenants."},
    "note.legacy_firms.by_parcel_id": {"zh": "；没有企业名称列，填报了数据的宗地以宗地编号命名企业",
                                       "en": "; without an enterprise column each parcel reporting a figure is "
                                             "named by its parcel ID"},
    "note.legacy_firms.undated_taken": {"zh": "；未注明年度的 {columns} 按 {year} 年计",
                                        "en": "; the undated {columns} taken as {year}'s"},
    "note.legacy_firms.undated_unused": {"zh": "；未注明年度的 {columns} 没有年度，未使用",
                                         "en": "; the undated {columns} have no year and are not used"},
    "note.none": {"zh": "无", "en": "none"},
    "note.firm_columns_ignored": {
        "zh": "{source}：宗地图层还带有企业数据列（{columns}）；已使用企业数据表，这些列不使用。",
        "en": "{source}: the parcels layer also carries firm columns ({columns}); the enterprise tables are used "
              "and those columns ignored."},
    "note.credit_code_invalid": {
        "zh": "{source}：企业表第 {row} 行的统一社会信用代码 {value} 无效（校验位或格式不符）；该企业仍保留。",
        "en": "{source}: enterprises, row {row}: the credit code {value} is not valid (format or check "
              "character); the firm is kept."},
    "note.credit_code_more_invalid": {"zh": "{source}：企业表另有 {n} 个统一社会信用代码无效。",
                                      "en": "{source}: {n} more credit codes of the enterprises table are not valid."},
    "note.firm_unknown": {
        "zh": "{source}：{layer}表{rows}的统一社会信用代码 {codes} 不在企业表中；这些行保留，但不属于任何已登记企业。",
        "en": "{source}: {layer}, {rows}: the credit code(s) {codes} are not in enterprises; their rows are kept "
              "but belong to no named firm."},
    "note.land_use_parcel_unknown": {
        "zh": "{source}：宗地使用表{rows}的宗地 {parcels} 不在宗地图层中；这些土地不计入。",
        "en": "{source}: land_use, {rows}: the parcel(s) {parcels} are not in the parcels layer; that land is not "
              "counted."},
    "note.idle_not_supplied": {
        "zh": "{source}：宗地图层{rows}标记为闲置但未标记为已供应；闲置土地按定义是已供应土地，请核对标记。",
        "en": "{source}: parcels, {rows}: marked idle but not supplied; idle land is supplied land by definition: "
              "check the flags."},
    "note.lifecycle_parcel_unknown": {
        "zh": "{source}：{layer}表{rows}的宗地 {parcels} 不在宗地图层中；这些行保留，"
              "但没有面积，台账无法判断三分之一标准，也无法计算亩数。",
        "en": "{source}: {layer}, {rows}: the parcel(s) {parcels} are not in the parcels layer; the rows are kept, "
              "without an area the registers cannot apply the 1/3 criterion or count mu."},
    "note.contract_firm_unknown": {
        "zh": "{source}：供地合同表{rows}的统一社会信用代码 {codes} 不在企业表中；"
              "这些合同的标准地承诺无法与企业数据核对。",
        "en": "{source}: contracts, {rows}: the credit code(s) {codes} are not in enterprises; the standard-land "
              "commitments of those contracts have no firm figures to be checked against."},
    "note.start_before_signing": {
        "zh": "{source}：供地合同表{rows}的约定动工日期早于签订日期；请核对日期。",
        "en": "{source}: contracts, {rows}: the agreed start is before the signing; check the dates."},
    "note.progress_without_contract": {
        "zh": "{source}：开发进度表{rows}的宗地 {parcels} 没有供地合同；这些记录不用于台账。",
        "en": "{source}: progress, {rows}: the parcel(s) {parcels} have no contract; their observations are not "
              "used by the registers."},
    "note.parcels_rejected": {
        "zh": "{file}：{rejected} 宗宗地未采用，{accepted} 宗采用；第一个问题：{first}。完整报告请运行"
              "「python -m dashboard check {file}」。",
        "en": "{file}: {rejected} parcel(s) rejected, {accepted} accepted; first problem: {first} — run "
              "python -m dashboard check {file} for the full report."},
    "note.table_rows_kept_out": {
        "zh": "{file}（{layer}）：{rejected} 行未采用，{accepted} 行采用，{warnings} 条提示；第一条：{first}。"
              "完整报告请运行「python -m dashboard check {file} --table {table}」。",
        "en": "{file} ({layer}): {rejected} row(s) kept out, {accepted} used, {warnings} warning(s); first: "
              "{first} — run python -m dashboard check {file} --table {table} for the full report."},
    "note.table_rows_repeated": {
        "zh": "{file}（{layer}）：{n} 行的 {keys} 与前一个文件重复（{shown}）；采用前一个文件的行，这些行未采用。",
        "en": "{file} ({layer}): {n} row(s) repeat a {keys} of an earlier file ({shown}); the earlier file's rows "
              "are used, these kept out."},
    "note.table_replaced": {"zh": "{config}：tables.{table} 替换了 {replaced} 中的{layer}表。",
                            "en": "{config}: tables.{table} replaces the {layer} table of {replaced}."},
    "note.row": {"zh": "第 {rows} 行", "en": "row {rows}"},
    "note.rows": {"zh": "第 {rows} 行", "en": "rows {rows}"},
    "note.rows_more": {"zh": "第 {rows} 行等（共 {n} 行）", "en": "rows {rows} … ({n} rows)"},
    "note.list_sep": {"zh": "、", "en": ", "},
}

"""The words of the import check page and of the ingest report (both languages): part of the one
text catalogue, merged into :data:`dashboard.i18n.TEXT` (one key space, looked up with ``t()``; a key
defined twice is an error)."""

from __future__ import annotations

UPLOAD_TEXT: dict[str, dict[str, str]] = {
    "upload_title": {"zh": "导入并检查宗地数据", "en": "Load and check parcel data"},
    "upload_help": {"zh": "支持 GeoPackage、GeoJSON、压缩的 Shapefile（.zip，含 .shp/.shx/.dbf/.prj）"
                          "以及带 WKT 列的 CSV/XLSX；税收等属性表（CSV/XLSX）按宗地编号关联。"
                          "每一行的处理结果都会列在检查报告中。",
                    "en": "GeoPackage, GeoJSON, zipped Shapefile (.zip with .shp/.shx/.dbf/.prj) or CSV/XLSX with "
                          "a WKT column; attribute tables (CSV/XLSX, e.g. taxes) are joined by parcel ID. Every row "
                          "is accounted for in the report."},
    "upload_parcels": {"zh": "宗地图形文件", "en": "Parcel file"},
    "upload_table": {"zh": "属性表（可选，如税收表）", "en": "Attribute table (optional, e.g. taxes)"},
    "upload_options": {"zh": "坐标系与编码选项", "en": "CRS and coding options"},
    "upload_crs": {"zh": "坐标系", "en": "CRS"},
    "upload_crs_help": {"zh": "auto：优先使用文件自带的坐标系（.prj），否则按坐标推断并在报告中说明。",
                        "en": "auto: the file's own CRS (.prj), else inferred from the coordinates (the report "
                              "says so)."},
    "upload_scheme": {"zh": "地类编码体系", "en": "Land-use code scheme"},
    "upload_gcj02": {"zh": "坐标为 GCJ-02（高德）", "en": "Coordinates are GCJ-02 (Gaode)"},
    "upload_gcj02_help": {"zh": "勾选后将 GCJ-02 坐标转换回 WGS84/CGCS2000。",
                          "en": "Converts GCJ-02 coordinates back to WGS84/CGCS2000."},
    "upload_waiting": {"zh": "请先选择宗地图形文件。", "en": "Choose a parcel file first."},
    "upload_verdict.none": {"zh": "{file}：无法载入——{features} 条记录均未通过检查，原因见下表",
                            "en": "{file}: cannot be loaded: none of its {features} records passed; see below why"},
    "upload_verdict.incomplete": {
        "zh": "{file}：{accepted}/{features} 条记录通过检查，但缺少看板所需的字段：{fields}；可在下方补全",
        "en": "{file}: {accepted} of {features} records passed, but fields the dashboard needs are missing: "
              "{fields}; fill them in below"},
    "upload_verdict.partly": {"zh": "{file}：可以载入 {accepted}/{features} 条记录；{rejected} 条未通过，原因见下表",
                              "en": "{file}: {accepted} of {features} records can be loaded; {rejected} did not pass, "
                                    "see below why"},
    "upload_verdict.all": {"zh": "{file}：可以载入，全部 {features} 条记录通过检查", "en": "{file}: loadable, all "
                                                                                       "{features} records passed"},
    "upload_verdict.notes": {"zh": "（{n} 条警告或说明见下表）", "en": " ({n} warnings or notes below)"},
    "upload_severity.error": {"zh": "错误", "en": "Error"},
    "upload_severity.warning": {"zh": "警告", "en": "Warning"},
    "upload_severity.info": {"zh": "说明", "en": "Note"},
    "upload_source.parcels": {"zh": "宗地文件", "en": "Parcel file"},
    "upload_source.table": {"zh": "属性表", "en": "Attribute table"},
    "ingest.value_float": {
        "zh": "{file} 第 {row} 行（{parcel}），列「{column}」：「{value}」不是可识别的数字，已置为空（该行保留）；"
              "请填写数字，如 12,345.6、1.2万",
        "en": "{file}, row {row} ({parcel}), column «{column}»: «{value}» is not a number; set missing (the row is "
              "kept). Write a number such as 12,345.6"},
    "ingest.value_int": {
        "zh": "{file} 第 {row} 行（{parcel}），列「{column}」：「{value}」不是可识别的整数，已置为空（该行保留）",
        "en": "{file}, row {row} ({parcel}), column «{column}»: «{value}» is not a whole number; set missing (the "
              "row is kept)"},
    "ingest.value_bool": {
        "zh": "{file} 第 {row} 行（{parcel}），列「{column}」：「{value}」不是是/否值，已置为空；"
              "请填写 是/否、1/0 或 true/false",
        "en": "{file}, row {row} ({parcel}), column «{column}»: «{value}» is not a yes/no value; set missing. Write "
              "yes/no, 1/0 or true/false"},
    "ingest.value_land_class": {
        "zh": "{file} 第 {row} 行（{parcel}），列「{column}」：「{value}」不是可识别的用地类别，已置为空；"
              "请使用 GB/T 21010 的代码或名称，或 A2 等类别",
        "en": "{file}, row {row} ({parcel}), column «{column}»: «{value}» is not a known land class; set missing. Use "
              "a GB/T 21010 code or name, or a class such as A2"},
    "ingest.value_negative": {
        "zh": "{file} 第 {row} 行（{parcel}），列「{column}」：「{value}」为负数，已置为空（该行保留）；"
              "应为不小于 0 的数（{unit}），未知时留空",
        "en": "{file}, row {row} ({parcel}), column «{column}»: «{value}» is negative; set missing (the row is kept). "
              "Expected a number ≥ 0 ({unit}), blank when unknown"},
    "ingest.value_own_multiplier": {
        "zh": "{file} 第 {row} 行（{parcel}），列「{column}」：「{value}」自带「{multiplier}」，而表头单位已是 {unit}，"
              "因此读作 {read} {unit}；若本意是 {plain} {unit}，请填写 {plain}",
        "en": "{file}, row {row} ({parcel}), column «{column}»: «{value}» carries its own multiplier under a header "
              "already in {unit}, so it reads as {read} {unit}; if {plain} {unit} was meant, write {plain}"},
    "ingest.duplicate_key": {
        "zh": "{file} 第 {row} 行：宗地编号「{parcel}」已被第 {first} 行使用（保留第 {first} 行），本行被拒绝；"
              "请为每宗地使用唯一编号",
        "en": "{file}, row {row}: parcel key «{parcel}» is already used by row {first}, which was kept; this row was "
              "rejected. Give each parcel its own key"},
    "ingest.outside_sections": {
        "zh": "{file} 第 {row} 行（{parcel}）：位于开发区所有分区之外；请检查其位置或分区边界",
        "en": "{file}, row {row} ({parcel}): lies outside every section of the zone; check its position or the section "
              "boundaries"},
    "ingest.area_implausible": {
        "zh": "{file} 第 {row} 行（{parcel}）：面积 {m2} m²（{mu} 亩）超出宗地的合理范围（{low} m² … {high} km²）；"
              "请检查图形、坐标系及其单位，或它是否为边界而非宗地",
        "en": "{file}, row {row} ({parcel}): area {m2} m² ({mu} mu) is outside the plausible range for a parcel "
              "({low} m² … {high} km²); check the drawing, the CRS and its units, or whether this is a boundary"},
    "ingest.crs_inferred": {
        "zh": "{file}：文件未给出可用的坐标系，已根据坐标推断为 EPSG:{epsg}（{where}）；"
              "请附 .prj 文件或在「坐标系」中指定",
        "en": "{file}: no usable CRS in the file; EPSG:{epsg} was inferred from the coordinates ({where}). Add a .prj "
              "file or choose the CRS"},
    "ingest.crs_swapped": {
        "zh": "{file}：x 与 y 颠倒（x 为纬度或北坐标，{where}），已交换；请修正导出设置，使 x 为经度或东坐标",
        "en": "{file}: x and y are swapped ({where}); swapped back. Fix the export so x is the easting/longitude"},
    "ingest.crs_file_contradicted": {
        "zh": "{file}：文件声明为 {file_crs}，但坐标（{where}）与之不符；已根据坐标推断坐标系",
        "en": "{file}: the file says {file_crs} but the coordinates ({where}) do not fit it; the CRS was inferred "
              "from the coordinates"},
    "ingest.crs_declared_over_file": {
        "zh": "{file}：文件声明为 {file_crs}，已按所指定的 {declared} 读取",
        "en": "{file}: the file says {file_crs}; the declared {declared} was used instead"},
    "ingest.crs_web_mercator": {
        "zh": "{file}：坐标（{where}）为 Web 墨卡托米制坐标（EPSG:3857，网络地图的显示坐标系），并非经纬度或 CGCS2000；"
              "已由 EPSG:3857 换算。请改为导出 CGCS2000（EPSG:4490 或其高斯-克吕格投影带）",
        "en": "{file}: the coordinates ({where}) are Web-Mercator metres (EPSG:3857), web maps' display CRS, not "
              "lon/lat or CGCS2000: converted from EPSG:3857. Export the data in CGCS2000 instead"},
    "ingest.crs_assumed_zone": {
        "zh": "{file}：6 位东坐标未标明投影带，已按当前数据所在的中央经线 {cm}°E（EPSG:{epsg}）读取；"
              "若文件位于其他投影带，请在「坐标系」中指定",
        "en": "{file}: 6-digit Gauss-Kruger eastings do not say their zone: central meridian {cm}°E (EPSG:{epsg}), "
              "the zone of the data in use, was assumed. If the file lies elsewhere, choose its CRS"},
    "ingest.none_accepted": {"zh": "{file}：读取 {n} 条，全部未通过，没有可接受的记录；原因见上方各行",
                             "en": "{file}: no parcel could be accepted ({n} read, all rejected); see the problems "
                                   "above"},
    "ingest.table_columns_unused": {
        "zh": "{file}：列 {columns} 不是已知字段，未关联；可在「未识别的列」中指定对应字段",
        "en": "{file}: column(s) {columns} are not known fields and were not joined; map them under the "
              "unrecognised columns"},
    "ingest.table_no_key": {
        "zh": "{file}：未找到宗地编号列（现有列：{columns}），属性表未关联；"
              "请使用「宗地编号」「地块编号」或 DKBM 等列名",
        "en": "{file}: no key column found (columns: {columns}); the table was not joined. Name the key column as "
              "the parcel file does"},
    "ingest.incomplete_layer": {
        "zh": "{file}：已通过检查，但还不是数据集的完整宗地图层（缺少字段：{fields}）；可在下方补全",
        "en": "{file}: checked and loadable, but not yet a complete parcels layer of a dataset (missing: {fields}); "
              "fill them in below"},
    "ingest.geometry_empty": {"zh": "{file} 第 {row} 行（{parcel}）：图形为空，本行被拒绝；"
                                    "请绘制宗地多边形或删除该行",
                              "en": "{file}, row {row} ({parcel}): the geometry is empty; rejected. Draw the parcel's "
                                    "polygon or delete the row"},
    "ingest.geometry_not_finite": {"zh": "{file} 第 {row} 行（{parcel}）：坐标含 NaN 或无穷值，本行被拒绝；"
                                         "请重绘或修正导出",
                                   "en": "{file}, row {row} ({parcel}): NaN or infinite coordinates; rejected. Redraw "
                                         "it or fix the export"},
    "ingest.geometry_not_polygon": {
        "zh": "{file} 第 {row} 行（{parcel}）：图形为 {kind}，不是面，本行被拒绝；"
              "宗地是面状要素，请导出宗地多边形而非点或线",
        "en": "{file}, row {row} ({parcel}): the geometry is a {kind}, not a polygon; rejected. Export the parcel "
              "polygons, not points or lines"},
    "ingest.geometry_parts_kept": {"zh": "{file} 第 {row} 行（{parcel}）：图形为 {kind}，"
                                         "已保留其中的面、舍去其余部分",
                                   "en": "{file}, row {row} ({parcel}): a {kind}; its polygons were kept and the other "
                                         "parts dropped"},
    "ingest.geometry_unrepairable": {
        "zh": "{file} 第 {row} 行（{parcel}）：多边形无效（{reason}），修复后不剩任何面，"
              "本行被拒绝；请重绘",
        "en": "{file}, row {row} ({parcel}): the polygon is invalid ({reason}) and nothing polygonal remains after "
              "repair; rejected. Redraw it"},
    "ingest.geometry_repaired": {
        "zh": "{file} 第 {row} 行（{parcel}）：多边形无效（{reason}），已用 make_valid 修复（保留面状部分）；"
              "请核对其形状与面积",
        "en": "{file}, row {row} ({parcel}): invalid polygon ({reason}) repaired with make_valid (polygonal parts "
              "kept); check its shape and area"},
    "ingest.geometry_outside_china": {
        "zh": "{file} 第 {row} 行（{parcel}）：位于中国范围之外（经度 {lon}，纬度 {lat}），本行被拒绝；"
              "请检查文件或该行的坐标系",
        "en": "{file}, row {row} ({parcel}): lies outside China (lon {lon}, lat {lat}); rejected. Check the CRS of "
              "the file or of this row"},
    "ingest.geometry_duplicate": {
        "zh": "{file} 第 {row} 行（{parcel}）：与第 {first} 行的多边形相同（保留第 {first} 行），"
              "本行被拒绝；请删除重复行",
        "en": "{file}, row {row} ({parcel}): the same polygon as row {first}, which was kept; rejected. Delete the "
              "duplicate row"},
    "ingest.keys_generated": {
        "zh": "{file}：没有宗地编号列（宗地编号/地块编号/DKBM/ZDDM …），已按行号生成编号（{example} …）；"
              "请补充编号列",
        "en": "{file}: no parcel key column; keys were generated from the row numbers ({example} …). Add a key "
              "column"},
    "ingest.key_empty": {"zh": "{file} 第 {row} 行：宗地编号为空，已暂编为 {parcel}；请填写宗地编号",
                         "en": "{file}, row {row}: the parcel key is empty; given {parcel}. Fill in the key"},
    "ingest.table_key_empty": {"zh": "{file} 第 {row} 行：编号为空，该行未关联；请填写宗地编号",
                               "en": "{file}, table row {row}: the key is empty; the row was not joined. Fill in "
                                     "the key"},
    "ingest.table_key_repeated": {
        "zh": "{file} 第 {row} 行：编号「{parcel}」与第 {first} 行重复，已采用第 {first} 行的值；请合并这两行",
        "en": "{file}, table row {row}: key «{parcel}» is already in table row {first}, whose values were used; "
              "merge the two rows"},
    "ingest.table_key_unmatched": {"zh": "{file} 第 {row} 行：编号「{parcel}」在 {parcels} 中没有对应的宗地；"
                                         "请核对编号",
                                   "en": "{file}, table row {row}: key «{parcel}» matches no accepted parcel of "
                                         "{parcels}; check the key"},
    "ingest.table_key_unmatched_zeros": {
        "zh": "{file} 第 {row} 行：编号「{parcel}」在 {parcels} 中没有对应的宗地；宗地「{near}」仅差前导零。"
              "编号按文本比较：请在两个文件中写法一致（表格软件把编号存为数字会丢掉前导零，请将该列设为文本格式）",
        "en": "{file}, table row {row}: key «{parcel}» matches no accepted parcel of {parcels}; parcel «{near}» "
              "differs only by leading zeros. Keys are compared as text: write them alike in both files (format "
              "the column as text)"},
    "ingest.both_give": {"zh": "{file} 与 {table} 都给出了 {field}；凡属性表有值处采用属性表的值",
                         "en": "{file} and {table} both give {field}; the table's values were used where present"},
    "ingest.tax_without_year": {
        "zh": "{file}：列「{column}」是税收但未写年度；请在表头写明年度，如 2024年税收(万元)",
        "en": "{file}: column «{column}» holds tax but says no year; write the year in the header"},
    "ingest.unit_unknown": {
        "zh": "{file}：列「{column}」的单位「{unit}」无法识别；可用单位：{accepted}。请改表头，如 {example}",
        "en": "{file}: unit «{unit}» in column «{column}» is not known; accepted units: {accepted}. Rename the "
              "header, e.g. {example}"},
    "ingest.tax_year_assumed": {
        "zh": "{file}：列「{column}」的表头未写年度，按最近的税收年度 {year} 读取；"
              "若为其他年度，请在表头写明，如 {year}年税收",
        "en": "{file}: column «{column}» says no year; taken as {year} (the latest tax year). Write the year in the "
              "header if it is another year"},
    "ingest.tax_year_not_in_data": {
        "zh": "{file}：列「{column}」的年度 {year} 不在当前数据的年度（{years}）之内；已保留",
        "en": "{file}: column «{column}»: year {year} is not one of the years of the data in use ({years}); kept"},
    "ingest.year_ignored": {
        "zh": "{file}：列「{column}」表头中的年度 {year} 被忽略：该字段不分年度",
        "en": "{file}: column «{column}»: the year {year} in the header is ignored; this field has no year"},
    "ingest.table_required_missing": {
        "zh": "{file}：缺少必需字段 {fields_zh} 的列（现有列：{columns}）；请按 geodata/README.md 命名列",
        "en": "{file}: no column for the required field(s) {fields_en} (columns found: {columns}); name the columns "
              "as in geodata/README.md"},
    "ingest.table_fields_unused": {"zh": "{file}：列 {columns} 不是本表的字段，未读取",
                                   "en": "{file}: column(s) {columns} are not fields of this table and were not read"},
    "ingest.table_no_year": {
        "zh": "{file}：数据没有年度：既无「年度」列，表头和文件名中也没有年份；请增加年度列、在表头写明年份"
              "（如 2024年税收(万元)），或在本页填写年度",
        "en": "{file}: the figures have no year: no year column, no year in the headers or the file name; add a year "
              "column, write the year in the headers, or give the year on this page"},
    "ingest.table_year_from_headers": {"zh": "{file}：所有行按 {year} 年的数据读取（年份取自表头）；"
                                             "若为其他年度请填写年度",
                                       "en": "{file}: every row is taken as {year}'s figures (the year is written in "
                                             "the headers); give the year if it is another"},
    "ingest.table_year_from_name": {"zh": "{file}：所有行按 {year} 年的数据读取（年份取自文件名）；"
                                          "若为其他年度请填写年度",
                                    "en": "{file}: every row is taken as {year}'s figures (the year is taken from the "
                                          "file name); give the year if it is another"},
    "ingest.credit_code_wrong": {
        "zh": "{file} 第 {row} 行，列「{column}」：统一社会信用代码「{value}」校验不通过；该行保留，请在源表中更正",
        "en": "{file}, row {row}, column «{column}»: the credit code «{value}» fails its check; the row is kept: "
              "correct it in the source table"},
    "ingest.table_row_repeated": {
        "zh": "{file} 第 {row} 行：{shown} 已出现在第 {first} 行（采用第 {first} 行），本行未使用；请合并或删除重复行",
        "en": "{file}, row {row}: {shown} is already in row {first}, which was used; this row was kept out. Merge or "
              "delete the rows"},
    "ingest.zip_no_data": {"zh": "{file}：压缩包中没有 .shp、.gpkg 或 .geojson（内有：{found}）；"
                                 "请把 Shapefile 的 .shp、.shx、.dbf 与 .prj 一起压缩",
                           "en": "{file}: the archive holds no .shp, .gpkg or .geojson (found: {found}); zip the "
                                 "shapefile's .shp, .shx, .dbf and .prj together"},
    "ingest.shapefile_incomplete": {"zh": "{file}：{shp} 缺少 {missing} 文件；Shapefile 需要 .shp、.shx、.dbf"
                                          "（坐标系还需 .prj），请一起压缩",
                                    "en": "{file}: {shp} comes without its {missing} file(s); a shapefile needs .shp, "
                                          ".shx and .dbf (and .prj for its CRS). Zip them all together"},
    "ingest.gpkg_layers": {"zh": "{file}：有 {n} 个图层（{layers}），已读取「{layer}」；"
                                 "将宗地图层命名为 parcels 可指定",
                           "en": "{file}: {n} layers ({layers}); read layer «{layer}». Name the parcel layer "
                                 "'parcels' to choose"},
    "ingest.csv_encoding": {"zh": "{file}：文本既不是 UTF-8 也不是 GB18030；请另存为 UTF-8 编码的 CSV",
                            "en": "{file}: the text is neither UTF-8 nor GB18030; save the CSV as UTF-8"},
    "ingest.merged_header": {"zh": "{file}：表头有合并单元格（{cells}）；表格需要一行表头、每列一个列名，"
                                   "请取消合并并逐列命名，如 2023年税收(万元)。该表未使用",
                             "en": "{file}: header cells are merged ({cells}); a table needs one header row with one "
                                   "name per column. Unmerge them and name each column. The table was not used"},
    "ingest.wkt_no_crs": {"zh": "{file}：CSV/XLSX 中的图形不带坐标系；未指定时按坐标推断",
                          "en": "{file}: CSV/XLSX geometry carries no CRS; it is inferred from the coordinates unless "
                                "declared"},
    "ingest.file_empty": {"zh": "{file}：文件为空（0 字节）；请重新导出数据",
                          "en": "{file}: the file is empty (0 bytes); export the data again"},
    "ingest.file_too_large": {"zh": "{file}：文件大小 {size}，超过上限 {limit}；请按开发区拆分文件、删除不用的列，"
                                    "或导入 PostGIS",
                              "en": "{file}: {size} is larger than the limit of {limit}; split the file by zone, drop "
                                    "unused columns, or load it into PostGIS"},
    "ingest.file_missing": {"zh": "{file}：文件不存在；请重新选择文件",
                            "en": "{file}: no such file; choose the file again"},
    "ingest.file_type_unknown": {"zh": "{file}：不支持的文件类型「{suffix}」；支持的类型：{expected}",
                                 "en": "{file}: unknown file type «{suffix}»; expected one of {expected}"},
    "ingest.table_type_unknown": {"zh": "{file}：不支持的表格类型「{suffix}」；请使用 .csv 或 .xlsx"
                                        "（.xls 请另存为 .xlsx）",
                                  "en": "{file}: unknown table type «{suffix}»; expected .csv or .xlsx (save .xls as "
                                        ".xlsx)"},
    "ingest.too_many_vertices": {"zh": "{file}：{features} 个要素共 {vertices} 个节点，超过上限 {limit}；"
                                       "请简化多边形（如容差 0.1 米）或拆分文件",
                                 "en": "{file}: {vertices} vertices in {features} features, more than the limit of "
                                       "{limit}; simplify the polygons (e.g. to 0.1 m) or split the file"},
    "ingest.zip_unsafe": {"zh": "{file}：压缩包内含指向包外的路径（{paths}），未解压任何文件；"
                                "请在 Shapefile 所在文件夹中重新压缩",
                          "en": "{file}: the archive holds paths outside itself ({paths}); nothing was extracted. "
                                "Re-create the zip from the shapefile's folder"},
    "ingest.zip_too_big": {"zh": "{file}：压缩包解压后将达 {size}（上限 {limit}），未解压；"
                                 "请只压缩 Shapefile 的 .shp、.shx、.dbf、.prj 与 .cpg",
                           "en": "{file}: the archive would expand to {size} (more than {limit}); nothing was "
                                 "extracted. Zip only the shapefile's .shp, .shx, .dbf, .prj and .cpg"},
    "ingest.zip_bomb": {"zh": "{file}：压缩包中的 {member} 解压后膨胀 {ratio} 倍（上限 {limit} 倍），疑似压缩炸弹，"
                              "未解压；请重新压缩原始文件",
                        "en": "{file}: member {member} expands {ratio}-fold (at most {limit}-fold accepted): it looks "
                              "like a zip bomb, nothing was extracted. Zip the original files again"},
    "ingest.zip_unreadable": {"zh": "{file}：无法作为 zip 压缩包打开（文件损坏或不是压缩包）；"
                                    "请把 .shp、.shx、.dbf、.prj 与 .cpg 一起重新压缩为 zip",
                              "en": "{file}: cannot be opened as a zip archive ({detail}); zip the .shp, .shx, .dbf, "
                                    ".prj and .cpg files together"},
    "ingest.zip_several": {"zh": "{file}：压缩包中有 {n} 个数据文件（{found}），已读取 {chosen}；"
                                 "如需选择，请每个压缩包只放一个图层",
                           "en": "{file}: the archive holds {n} data files ({found}); read {chosen}. Put one layer "
                                 "per zip to choose"},
    "ingest.gpkg_no_layers": {"zh": "{file}：GeoPackage 中没有图层；应包含一个宗地多边形图层",
                              "en": "{file}: the GeoPackage has no layers; expected a layer of parcel polygons"},
    "ingest.file_unreadable": {"zh": "{file}：无法读取（文件损坏或格式不符）；应为宗地多边形的 GeoPackage、GeoJSON "
                                     "或 Shapefile，请重新导出",
                               "en": "{file}: cannot be read ({detail}); expected a GeoPackage, GeoJSON or Shapefile "
                                     "of parcel polygons"},
    "ingest.table_unreadable": {"zh": "{file}：无法作为表格读取（文件损坏或格式不符）；应为一行表头的 CSV（UTF-8）"
                                      "或 XLSX",
                                "en": "{file}: cannot be read as a table ({detail}); expected a CSV (UTF-8) or XLSX "
                                      "with one header row"},
    "ingest.prj_unreadable": {"zh": "{file}：其 {prj} 不是可识别的坐标系（「{text}」），已忽略，坐标系将按坐标推断；"
                                    "请换上实际坐标系的 .prj，或在「坐标系」中指定",
                              "en": "{file}: its {prj} is not a readable CRS («{text}»); ignored, so the CRS is "
                                    "inferred from the coordinates. Replace the .prj or choose the CRS"},
    "ingest.encoding_reread": {"zh": "{file}：按 {encoding} 读取的文字是乱码，已改按 {reread} 重新读取；"
                                     "请在 .shp 旁放一个内容为 {reread} 的 .cpg 文件",
                               "en": "{file}: text read as {encoding} was garbled; re-read as {reread}. Add a .cpg "
                                     "file containing {reread} next to the .shp"},
    "ingest.encoding_garbled": {"zh": "{file}：文字疑似乱码，{tried} 都无法正确读取，已按 {encoding} 保留；"
                                      "请添加注明编码的 .cpg 文件",
                                "en": "{file}: text looks garbled and neither {tried} reads it cleanly; kept as read "
                                      "({encoding}). Add a .cpg file naming the encoding"},
    "ingest.encoding_cut_utf8": {"zh": "{file}：UTF-8 文字在字符中间被截断（DBF 字段名最多 10 字节），已逐字节读取并"
                                       "舍去残缺字符（字段：{fields}）；"
                                       "请把字段名改为不超过 3 个汉字，或存为 GBK 并附 .cpg",
                                 "en": "{file}: UTF-8 text is cut inside a character (a DBF field name holds at most "
                                       "10 bytes); read byte by byte, cut characters dropped (fields: {fields}). "
                                       "Rename the fields or save as GBK with a .cpg file"},
    "ingest.csv_mixed_encoding": {"zh": "{file}：编码混杂：第 {gb_rows} 行为 GBK/GB18030，第 {utf8_rows} 行为 UTF-8，"
                                        "已逐行按各自编码读取；请将整个文件另存为 UTF-8",
                                  "en": "{file}: mixed text encodings: line(s) {gb_rows} are GBK/GB18030, line(s) "
                                        "{utf8_rows} UTF-8; each line was read in its own encoding. Save the whole "
                                        "file as UTF-8"},
    "ingest.wkt_column_missing": {"zh": "{file}：带图形的表格需要一个 WKT 文本的图形列（列名为 {names} 之一）；"
                                        "现有列：{columns}",
                                  "en": "{file}: a parcel table needs a geometry column with WKT text, named one of "
                                        "«{names}»; found «{columns}»"},
    "ingest.geometry_wkt": {"zh": "{file} 第 {row} 行（{parcel}），列「{column}」：「{text}」不是可读的 WKT，"
                                  "本行被拒绝；应为如 POLYGON ((x1 y1, x2 y2, x3 y3, x1 y1))",
                            "en": "{file}, row {row} ({parcel}), column «{column}»: «{text}» is not readable WKT; "
                                  "rejected. Expected e.g. POLYGON ((x1 y1, x2 y2, x3 y3, x1 y1))"},
    "ingest.geometry_converted_infinite": {"zh": "{file} 第 {row} 行（{parcel}）：换算为经纬度后坐标为无穷值，"
                                                 "本行被拒绝；坐标系与该行不符",
                                           "en": "{file}, row {row} ({parcel}): coordinates became infinite when "
                                                 "converted to lon/lat; rejected. The CRS does not fit this row"},
    "ingest.crs_no_finite": {"zh": "{file}：没有有效坐标，无法确定坐标系；其余 {n} 个要素（第 {first}–{last} 行）"
                                   "全部被拒绝",
                             "en": "{file}: no finite coordinates, so the CRS cannot be determined; all {n} remaining "
                                   "feature(s) rejected (rows {first}–{last})"},
    "ingest.crs_undetermined": {"zh": "{file}：无法确定坐标系：文件未声明（或声明与坐标不符），坐标（{where}）既不是"
                                      "中国范围的经纬度，也不是 CGCS2000 高斯-克吕格米制坐标；其余 {n} 个要素"
                                      "（第 {first}–{last} 行）全部被拒绝。请在「坐标系」中指定或附 .prj 文件",
                                "en": "{file}: the CRS cannot be determined: the file states none (or one the "
                                      "coordinates contradict) and the coordinates ({where}) are neither lon/lat in "
                                      "China nor Gauss-Kruger metres; all {n} remaining feature(s) rejected (rows "
                                      "{first}–{last}). Choose the CRS or add a .prj file"},
    "ingest.crs_gk_no_zone": {"zh": "{file}：坐标（{where}）为 6 位东坐标的高斯-克吕格米制坐标，未标明投影带，"
                                    "文件也未声明坐标系；其余 {n} 个要素（第 {first}–{last} 行）全部被拒绝。"
                                    "请在「坐标系」中指定，如中央经线 114°E 为 4547、111°E 为 4546、117°E 为 4548",
                              "en": "{file}: the coordinates ({where}) are Gauss-Kruger metres with a 6-digit easting, "
                                    "which does not say its zone, and the file states no CRS; all {n} remaining "
                                    "feature(s) rejected (rows {first}–{last}). Choose the CRS, e.g. 4547 for 114°E"},
    "ingest.crs_convert_failed": {"zh": "{file}：坐标无法从 EPSG:{epsg} 换算为 EPSG:{to}；其余 {n} 个要素"
                                        "（第 {first}–{last} 行）全部被拒绝。请检查所指定的坐标系",
                                  "en": "{file}: coordinates cannot be converted from EPSG:{epsg} to EPSG:{to} "
                                        "({detail}); all {n} remaining feature(s) rejected. Check the declared CRS"},
    "ingest.crs_gcj02": {"zh": "{file}：坐标按 GCJ-02（高德）声明，已换算回 WGS84/CGCS2000",
                         "en": "{file}: coordinates declared GCJ-02 (Gaode) were converted back to WGS84/CGCS2000"},
    "ingest.crs_declared_unknown": {"zh": "{file}：所指定的坐标系「{value}」无法识别，已忽略；"
                                          "请填写 EPSG 代码，如 4547 或 EPSG:4490",
                                    "en": "{file}: the declared CRS «{value}» is not understood and was ignored; give "
                                          "an EPSG code such as 4547 or EPSG:4490"},
    "ingest.no_features": {"zh": "{file}：文件中没有要素；应包含宗地多边形",
                           "en": "{file}: the file holds no features; expected parcel polygons"},
    "ingest.key_column_missing": {"zh": "{file}：文件中没有编号列「{column}」（现有列：{columns}），"
                                        "已按别名表查找编号列",
                                  "en": "{file}: key column «{column}» is not in the file (columns: {columns}); "
                                        "the key was looked up in the alias table instead"},
    "ingest.sections_unusable": {"zh": "{file}：所给功能分区没有坐标系或没有记录，未检查宗地是否位于分区内",
                                 "en": "{file}: the sections given have no CRS or no rows; parcels were not checked "
                                       "against them"},
    "ingest.incomplete_layer_blank": {"zh": "{file}：已通过检查，但 {n} 宗地的「{field}」为空或无效（第 {rows} 行）；"
                                            "请在源文件中补填",
                                      "en": "{file}: checked and loadable, but {n} parcel(s) have no valid {field} "
                                            "(rows {rows}); fill it in in the source file"},
    "ingest.incomplete_layer_other": {"zh": "{file}：已通过检查，但还不是数据集的完整宗地图层；详情见 JSON 报告",
                                      "en": "{file}: checked and loadable, but not yet a complete parcels layer of a "
                                            "dataset ({detail})"},
    "ingest.override_invalid": {"zh": "{file}：列「{column}」指定的字段「{target}」不是本表的字段；可用字段：{valid}",
                                "en": "{file}: column «{column}» was mapped to «{target}», which is not a field here; "
                                      "valid: {valid}"},
    "ingest.column_field_taken": {"zh": "{file}：列「{column}」也对应字段「{field}」，而该字段已取自列「{first}」；"
                                        "本列作为附加列保留。请改名或另行指定",
                                  "en": "{file}: column «{column}» also names {field}, already taken from column "
                                        "«{first}»; kept as an extra column. Rename one of them or map it"},
    "ingest.unit_given_unknown": {"zh": "{file}：为列「{column}」指定的单位「{unit}」无法识别；可用单位：{accepted}",
                                  "en": "{file}: unit «{unit}» given for column «{column}» is not known; accepted "
                                        "units: {accepted}"},
    "ingest.table_empty": {"zh": "{file}：表格没有数据行；应在一行表头下每行一条记录",
                           "en": "{file}: the table holds no rows; expected one row per record under one header row"},
    "ingest.table_schema_failed": {"zh": "{file}：表格中仍有不符合「{table}」表要求的值，未载入；详情见 JSON 报告",
                                   "en": "{file}: {detail}"},
    "ingest.table_year_column_used": {"zh": "{file}：表格有年度列，按该列读取；所填年度 {year} 只用于补足空白单元格",
                                      "en": "{file}: the table has a year column, which is used; the year given "
                                            "({year}) only fills its blank cells"},
    "ingest.table_year_contradicted": {"zh": "{file}：所填年度 {year} 用于每一行，但表头或文件名写的是 {other}；"
                                             "请确认文件是 {year} 年的",
                                       "en": "{file}: the year given ({year}) is used for every row, but the headers "
                                             "or the file name say {other}; check that the file is {year}'s"},
    "ingest.table_several_years": {"zh": "{file}：表头写有多个年度（{years}：{columns}）且没有年度列；"
                                         "请每年一个文件，或每行一个企业与年度并增加「年度」列",
                                   "en": "{file}: the headers name several years ({years}: {columns}) and there is no "
                                         "year column; give one file per year, or a year column"},
    "ingest.table_year_fills_from_headers": {"zh": "{file}：年度列的空白单元格按表头中的 {year} 年补足",
                                             "en": "{file}: year {year} written in the headers fills the blank cells "
                                                   "of the year column"},
    "ingest.table_year_fills_from_name": {"zh": "{file}：年度列的空白单元格按文件名中的 {year} 年补足",
                                          "en": "{file}: year {year} from the file name fills the blank cells of the "
                                                "year column"},
    "ingest.table_credit_code_empty": {"zh": "{file} 第 {row} 行，列「{column}」：统一社会信用代码为空，本行未使用；"
                                             "请填写（18 位）",
                                       "en": "{file}, row {row}, column «{column}»: the credit code is empty; the row "
                                             "was not used. Fill it in (18 characters)"},
    "ingest.table_year_empty": {"zh": "{file} 第 {row} 行，列「{column}」：年度为空，本行未使用；请填写，如 2024",
                                "en": "{file}, row {row}, column «{column}»: the year is empty; the row was not used. "
                                      "Write it, e.g. 2024"},
    "ingest.table_year_invalid": {"zh": "{file} 第 {row} 行，列「{column}」：「{value}」不是年度，本行未使用；"
                                        "应为 {low} 至 {high} 之间的整年，如 2024",
                                  "en": "{file}, row {row}, column «{column}»: «{value}» is not a year; the row was "
                                        "not used. Expected a whole year between {low} and {high}, e.g. 2024"},
    "ingest.table_tenure_empty": {"zh": "{file} 第 {row} 行，列「{column}」：使用方式为空，本行未使用；"
                                        "请填写 自有 或 租赁",
                                  "en": "{file}, row {row}, column «{column}»: the tenure is empty; the row was not "
                                        "used. Write own or lease"},
    "ingest.table_tenure_invalid": {"zh": "{file} 第 {row} 行，列「{column}」：「{value}」不是使用方式，本行未使用；"
                                          "应为 自有 或 租赁",
                                    "en": "{file}, row {row}, column «{column}»: «{value}» is not a tenure; the row "
                                          "was not used. Expected own or lease"},
    "ingest.table_date_invalid": {"zh": "{file} 第 {row} 行，列「{column}」：「{value}」不是有效日期，本行未使用；"
                                        "请写成 YYYY-MM-DD，如 2025-06-29",
                                  "en": "{file}, row {row}, column «{column}»: «{value}» is not a date; the row was "
                                        "not used. Write it as YYYY-MM-DD, e.g. 2025-06-29"},
    "ingest.table_date_empty": {"zh": "{file} 第 {row} 行，列「{column}」：核查日期为空，本行未使用；"
                                      "请写成 YYYY-MM-DD",
                                "en": "{file}, row {row}, column «{column}»: the date is empty; the row was not used. "
                                      "Write it as YYYY-MM-DD"},
    "ingest.table_field_empty": {"zh": "{file} 第 {row} 行，列「{column}」：{field_zh}为空，本行未使用；请填写",
                                 "en": "{file}, row {row}, column «{column}»: the {field_en} is empty; the row was not "
                                       "used. Fill it in"},
    "ingest.table_date_refused": {"zh": "{file} 第 {row} 行（{record}），字段「{field}」：「{value}」不是有效日期，"
                                        "本行未使用；请写成 YYYY-MM-DD，如 2025-06-29",
                                  "en": "{file}, row {row} ({record}), field {field}: «{value}» is not a date; the "
                                        "row was not used. Write it as YYYY-MM-DD, e.g. 2025-06-29"},
    "ingest.table_date_unset": {"zh": "{file} 第 {row} 行（{record}），字段「{field}」：「{value}」不是有效日期，"
                                      "已置为空（该行保留）；请写成 YYYY-MM-DD",
                                "en": "{file}, row {row} ({record}), field {field}: «{value}» is not a date; set "
                                      "missing, the row is kept. Write it as YYYY-MM-DD"},
    "ingest.table_filled": {"zh": "{file}：没有「{field}」列，已按所选为每一行补全",
                            "en": "{file}: no column for {field}; filled in for every row as chosen"},
    "upload_fill.year": {"zh": "这些数据是哪一年的", "en": "The year these figures are for"},
    "upload_fill.year_invalid": {"zh": "「{value}」不是年份；请填写如 2024",
                                 "en": "«{value}» is not a year; write one such as 2024"},
    "upload_fill.value.own": {"zh": "全部为自有", "en": "All own"},
    "upload_fill.value.lease": {"zh": "全部为租赁", "en": "All lease"},
    "upload_open": {"zh": "在看板中打开", "en": "Open in the dashboard"},
    "upload_open_help": {"zh": "仅在本次会话中以这份数据替代看板数据（不会改写共享数据或示例数据）；"
                               "这是真实数据，访问控制照常适用。",
                         "en": "Shows this data instead of the dashboard's for this session only (the shared data "
                               "and the sample are not changed); it is real data, so access control applies."},
    "session_data.notice": {"zh": "本次会话正在显示您导入的「{file}」：{zones} 个开发区、{parcels} 宗地。"
                                  "这份数据只为本次会话保留，其他用户看不到；关闭会话或点「回到共享数据」即恢复。",
                            "en": "This session shows the data you loaded, «{file}»: {zones} zone(s), {parcels} "
                                  "parcel(s). It is held for this session only and nobody else sees it; close the "
                                  "session or choose «Back to the shared data» to return."},
    "session_data.close": {"zh": "回到共享数据", "en": "Back to the shared data"},
    "upload_text.counts": {"zh": "要素 {features} · 接受 {accepted} · 修复 {repaired} · 拒绝 {rejected}",
                           "en": "Features {features} · accepted {accepted} · repaired {repaired} · rejected "
                                 "{rejected}"},
    "upload_text.rows": {"zh": "行 {features} · 接受 {accepted} · 拒绝 {rejected} · 年度 {years} · 编码 {encoding}",
                         "en": "Rows {features} · accepted {accepted} · rejected {rejected} · years {years} · "
                               "encoding {encoding}"},
    "upload_text.crs": {"zh": "源坐标系 {crs}{inferred} · 编码 {encoding}",
                        "en": "Source CRS {crs}{inferred} · encoding {encoding}"},
    "upload_text.inferred": {"zh": "（由坐标推断）", "en": " (inferred from the coordinates)"},
    "upload_text.area": {"zh": "总面积 {mu} 亩（{m2} m²）", "en": "Total area {mu} mu ({m2} m²)"},
    "upload_field.crs": {"zh": "坐标系", "en": "CRS"},
    "upload_field.geometry": {"zh": "图形", "en": "Geometry"},
    "upload_field.encoding": {"zh": "文字编码", "en": "Text encoding"},
    "upload_field.header": {"zh": "表头", "en": "Header"},
    "upload_field.columns": {"zh": "列", "en": "Columns"},
    "upload_field.area": {"zh": "面积", "en": "Area"},
    "upload_field.tax_year": {"zh": "{year}年税收({unit})", "en": "Tax {year}({unit})"},
    "upload_fill.blank": {"zh": "{file}：补全后仍有 {n} 宗地的「{field}」为空或无效（第 {rows} 行）；"
                                "请在源文件中补填后重新上传",
                          "en": "{file}: after filling in, {n} parcel(s) still have no valid {field} (rows {rows}); "
                                "fill it in in the source file and upload it again"},
    "upload_map.source": {"zh": "文件中的列", "en": "Column in the file"},
    "upload_map.field": {"zh": "对应字段", "en": "Field"},
    "upload_map.unit": {"zh": "读取单位", "en": "Unit read"},
    "upload_map.factor": {"zh": "换算系数", "en": "Factor"},
    "upload_map.assumed": {"zh": "单位为推定", "en": "Unit assumed"},
    "upload_map.year": {"zh": "表头年度", "en": "Year in the header"},
    "upload_map.note": {"zh": "说明", "en": "Note"},
    "upload_map.yes": {"zh": "是", "en": "yes"},
    "upload_map.no": {"zh": "否", "en": "no"},
    "upload_units.title": {"zh": "请确认金额单位", "en": "Please confirm the unit of money"},
    "upload_units.question": {"zh": "列「{column}」的表头未写单位，目前按 {unit} 读取。它的单位是？",
                              "en": "Column «{column}» says no unit in its header and is read in {unit}. "
                                    "What is its unit?"},
    "upload_units.apply": {"zh": "按所选单位重新检查", "en": "Check again in these units"},
    "upload_units.yuan": {"zh": "元", "en": "CNY"},
    "upload_units.read_as": {"zh": "列「{column}」按 {unit} 读取（已换算为万元）。",
                             "en": "Column «{column}» read in {unit} (converted to 10k CNY)."},
    "upload_fill.title": {"zh": "补全看板所需字段", "en": "Fill in what the dashboard needs"},
    "upload_fill.zone": {"zh": "这些宗地属于哪个开发区", "en": "The zone these parcels belong to"},
    "upload_fill.zone_new": {"zh": "新开发区编号", "en": "A new zone ID"},
    "upload_fill.rule.from_class": {"zh": "按用地类别（A 类建设用地为「是」）",
                                    "en": "From the land class (built land A = yes)"},
    "upload_fill.rule.yes": {"zh": "全部为「是」", "en": "All yes"},
    "upload_fill.rule.no": {"zh": "全部为「否」", "en": "All no"},
    "upload_fill.apply": {"zh": "补全并重新检查", "en": "Fill in and check again"},
    "upload_fill.done": {"zh": "已补全：{n} 宗地现为完整的宗地图层（补全的字段：{fields}）。"
                               "下载后在 datasets.toml 中引用，或设置 ZONE_DATA，即可在看板中使用。",
                         "en": "Filled in: the {n} parcels are now a complete parcels layer (filled: {fields}). "
                               "Download it and name it in datasets.toml, or set ZONE_DATA, to use it in the "
                               "dashboard."},
    "upload_fill.download": {"zh": "下载补全后的宗地图层（GeoJSON）", "en": "Completed parcels layer (GeoJSON)"},
    "upload_features": {"zh": "读取要素", "en": "Features read"},
    "upload_accepted": {"zh": "接受", "en": "Accepted"},
    "upload_repaired": {"zh": "已修复", "en": "Repaired"},
    "upload_rejected": {"zh": "拒绝", "en": "Rejected"},
    "upload_crs_found": {"zh": "源坐标系(EPSG)", "en": "Source CRS (EPSG)"},
    "upload_inferred": {"zh": "由坐标推断", "en": "inferred"},
    "upload_area": {"zh": "总面积(亩)", "en": "Total area (mu)"},
    "upload_encoding": {"zh": "属性编码：{encoding}", "en": "Attribute encoding: {encoding}"},
    "upload_problems": {"zh": "问题清单（{n} 条）", "en": "Problems ({n})"},
    "upload_col_severity": {"zh": "级别", "en": "Severity"},
    "upload_col_source": {"zh": "来源", "en": "Source"},
    "upload_col_row": {"zh": "行号", "en": "Row"},
    "upload_col_field": {"zh": "字段", "en": "Field"},
    "upload_col_value": {"zh": "值", "en": "Value"},
    "upload_col_message": {"zh": "说明", "en": "Message"},
    "upload_unmatched_table": {"zh": "属性表中无对应宗地的编号（{n}）", "en": "Table keys with no parcel ({n})"},
    "upload_missing_table": {"zh": "属性表中缺少的宗地（{n}）", "en": "Parcels missing from the table ({n})"},
    "upload_mappings": {"zh": "字段对应（{n}）", "en": "Field mapping ({n})"},
    "upload_report_json": {"zh": "下载报告 JSON", "en": "Report (JSON)"},
    "upload_report_text": {"zh": "下载报告 TXT", "en": "Report (text)"},
    "upload_cleaned": {"zh": "下载检查后的宗地", "en": "Checked parcels"},
    "upload_unknown": {"zh": "未识别的列（{n}）：可指定对应字段", "en": "Unrecognised columns ({n}): map them"},
    "upload_apply_mapping": {"zh": "按指定对应重新检查", "en": "Check again with this mapping"},
    "upload_preview": {"zh": "宗地预览", "en": "Preview"},
    "upload_kind": {"zh": "文件内容", "en": "The file holds"},
    "upload_kind.parcels": {"zh": "宗地（图形）", "en": "Parcels (map)"},
    "upload_kind.enterprises": {"zh": "企业名录", "en": "Enterprises"},
    "upload_kind.enterprise_years": {"zh": "企业年度指标（税收、营收等）",
                                     "en": "Enterprise figures by year (tax, revenue …)"},
    "upload_kind.land_use": {"zh": "宗地使用（自有/租赁）", "en": "Land use (own/lease)"},
    "upload_table_help": {
        "zh": "CSV（UTF-8 或 GBK）或 XLSX，一行表头，按统一社会信用代码对应企业；表头可用中文并带单位，"
              "如 税收(元)、使用面积(亩)，会换算为万元、平方米。",
        "en": "CSV (UTF-8 or GBK) or XLSX with one header row, firms keyed by their unified social credit "
              "code; headers may be in Chinese with units (yuan, mu …), converted to 10k CNY and m²."},
    "upload_table_file": {"zh": "表格文件（CSV/XLSX）", "en": "Table file (CSV/XLSX)"},
    "upload_year": {"zh": "年度（文件无年度列时）", "en": "Year (when the file has no year column)"},
    "upload_year_help": {
        "zh": "留空时取表头或文件名中的年份，如 2024年税收(万元)、税收_2024.xlsx。",
        "en": "Left empty, the year written in the headers or the file name is used, e.g. tax_2024.xlsx."},
    "upload_table_waiting": {"zh": "请先选择表格文件。", "en": "Choose a table file first."},
    "upload_rows": {"zh": "读取行数", "en": "Rows read"},
    "upload_years": {"zh": "年度", "en": "Years"},
    "upload_col_key": {"zh": "键值", "en": "Key"},
    "upload_table_preview": {"zh": "规范化后的表（前 {n} 行，共 {total} 行）",
                             "en": "Normalised table (first {n} of {total} rows)"},
    "upload_table_download": {"zh": "下载规范化后的表 CSV", "en": "Normalised table (CSV)"},
}

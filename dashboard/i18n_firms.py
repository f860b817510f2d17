"""The words of the enterprise profile (企业画像) and of the grade transitions: part of the one text
catalogue.

:mod:`dashboard.i18n` merges :data:`FIRM_TEXT` into its ``TEXT`` (one key space, looked up with
``t()``; a key defined twice is an error). Keys: ``firm.*`` for the profile
(:mod:`dashboard.pages.firm_profile`; ``firm.source.<code>`` words the land sources of
:data:`zone_layers.firm_profile.LAND_SOURCES`), ``trans.*`` for the transitions
(:mod:`dashboard.pages.transitions`; ``trans.state.absent`` words :data:`zone_layers.transitions.ABSENT`).
"""

from __future__ import annotations

FIRM_TEXT: dict[str, dict[str, str]] = {
    "tab_transitions": {"zh": "等级变动", "en": "Grade transitions"},
    # the enterprise profile
    "firm.title": {"zh": "企业画像", "en": "Enterprise profile"},
    "firm.none": {"zh": "在地图上点击地块、在评价表中选择一行，或在地图搜索中选择企业，即可查看企业画像。",
                  "en": "Click a parcel on the map, choose a row of the evaluation table or an enterprise in the "
                        "map's search to see its profile."},
    "firm.credit_code": {"zh": "统一社会信用代码", "en": "Credit code"},
    "firm.industry": {"zh": "行业", "en": "Industry"},
    "firm.scale": {"zh": "规模", "en": "Scale"},
    "firm.above_scale": {"zh": "规上企业", "en": "Above designated size"},
    "firm.below_scale": {"zh": "规下企业", "en": "Below designated size"},
    "firm.unknown": {"zh": "未填报", "en": "not reported"},
    "firm.registered": {"zh": "成立日期", "en": "Registered"},
    "firm.exemption": {"zh": "免于评价", "en": "Exemption"},
    "firm.exempt_yes": {"zh": "免评：{reason}", "en": "exempt: {reason}"},
    "firm.exempt_no": {"zh": "无", "en": "none"},
    "firm.parcels": {"zh": "使用宗地 {n} 宗（地图上已勾出）：{ids}",
                     "en": "{n} parcels used (outlined on the map): {ids}"},
    "firm.land_title": {"zh": "用地及来源", "en": "Land and where it comes from"},
    "firm.col_parcel": {"zh": "宗地编号", "en": "Parcel"},
    "firm.col_source": {"zh": "来源", "en": "Source"},
    "firm.col_area_m2": {"zh": "面积(m²)", "en": "Area (m²)"},
    "firm.col_area_mu": {"zh": "面积(亩)", "en": "Area (mu)"},
    "firm.col_counterparts": {"zh": "出租方 / 承租方", "en": "Lessor / lessee"},
    "firm.source.own": {"zh": "自有", "en": "own"},
    "firm.source.leased_in": {"zh": "租入", "en": "leased in"},
    "firm.source.leased_out": {"zh": "出租（扣减）", "en": "leased out (deducted)"},
    "firm.land_total": {"zh": "计入本企业的用地：{m2} m² · {mu} 亩（自有 − 出租 + 租入）",
                        "en": "Land counted to this firm: {m2} m² · {mu} mu (own − leased out + leased in)"},
    "firm.indicators_title": {"zh": "各年指标与中位数", "en": "Indicators per year and the medians"},
    "firm.col_year": {"zh": "年度", "en": "Year"},
    "firm.col_measure": {"zh": "口径", "en": "Of"},
    "firm.col_value": {"zh": "本企业", "en": "This firm"},
    "firm.col_zone_median": {"zh": "开发区中位数", "en": "Zone median"},
    "firm.col_industry_median": {"zh": "同行业中位数", "en": "Industry median"},
    "firm.medians_note": {
        "zh": "中位数：在本开发区用地的企业当年有该项数据者（同行业中位数只取同一行业）；缺数据不计为 0。",
        "en": "Medians over the firms using this zone's land with the figure that year (the industry median over "
              "those of the same industry); a missing figure is left out, never counted as 0.",
    },
    "firm.grades_title": {"zh": "各年评价等级", "en": "Grade per year"},
    "firm.no_figures": {"zh": "当年无数据", "en": "no figures that year"},
    "firm.rule_version": {"zh": "规则版本", "en": "Rule version"},
    # grade transitions between two years
    "trans.from_year": {"zh": "起始年度", "en": "From year"},
    "trans.to_year": {"zh": "对比年度", "en": "To year"},
    "trans.same_year": {"zh": "请选择两个不同的年度。", "en": "Choose two different years."},
    "trans.scope": {"zh": "范围：在本开发区用地的企业 {n} 家；评价方案与亩均税收基准同侧栏。",
                    "en": "Scope: the {n} firms using this zone's land; grading preset and tax benchmark as in "
                          "the sidebar."},
    "trans.matrix_title": {"zh": "等级变动表（行：{a}年等级；列：{b}年等级；单位：家）",
                           "en": "Grade transitions (rows: grade in {a}; columns: grade in {b}; number of firms)"},
    "trans.corner": {"zh": "{a}年 → {b}年", "en": "{a} → {b}"},
    "trans.total": {"zh": "合计", "en": "Total"},
    "trans.state.absent": {"zh": "当年无数据", "en": "No figures"},
    "trans.chart_title": {"zh": "{a}年各等级企业在{b}年的等级", "en": "Where the firms of each {a} grade stood in {b}"},
    "trans.axis_before": {"zh": "{a}年等级", "en": "Grade in {a}"},
    "trans.axis_after": {"zh": "{b}年等级", "en": "Grade in {b}"},
    "trans.axis_count": {"zh": "企业数(家)", "en": "Firms"},
    "trans.fell_title": {"zh": "下降两档及以上的企业", "en": "Firms down two grades or more"},
    "trans.col_before": {"zh": "{a}年等级", "en": "Grade {a}"},
    "trans.col_after": {"zh": "{b}年等级", "en": "Grade {b}"},
    "trans.col_steps": {"zh": "下降档数", "en": "Grades down"},
    "trans.fell_none": {"zh": "没有企业下降两档及以上。", "en": "No firm fell by two grades or more."},
    # data of parcels only: no firm tables (issue: a shared dataset without firm figures)
    "nofirms.notice": {
        "zh": "数据中没有企业数据（缺少{tables}）：亩均税收、亩均营业收入等企业指标显示为「—」，覆盖 0%；"
              "企业评价与等级无法计算。年度选择中的年份没有企业数据。",
        "en": "The data holds no firm figures (missing: {tables}): tax per mu, revenue per mu and the other firm "
              "indicators show \u201c—\u201d with coverage 0 %; firms cannot be evaluated or graded. The years "
              "offered hold no firm figures."},
    "nofirms.grades": {
        "zh": "数据中没有企业数据表（{tables}），无法评价企业、划分等级或比较等级变动。",
        "en": "The data has no firm tables ({tables}), so firms cannot be evaluated, graded or compared "
              "between years."},
    "nofirms.round": {
        "zh": "评价工作需要企业数据，本数据缺少{tables}。请在数据中加入这些表（见「导入数据」页）后再开展年度评价。",
        "en": "An evaluation round needs the firms' figures; this data lacks {tables}. Add these tables to "
              "the data (see the import page) to run a round."},
    "nofirms.layer": {"zh": "数据中没有企业数据表（{tables}），本图层没有数值。",
                      "en": "The data has no firm tables ({tables}); this layer has no values."},
    "nofirms.table": {"zh": "{name}表（{layer}）", "en": "the {layer} table"},
    "nofirms.list_sep": {"zh": "、", "en": ", "},
}

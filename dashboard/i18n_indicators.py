"""The words of the indicator registry and of its units: part of the one text catalogue.

:mod:`dashboard.i18n_domain` merges :data:`INDICATOR_TEXT` into ``DOMAIN_TEXT`` (and so into
``dashboard.i18n.TEXT``). :data:`zone_layers.indicators.INDICATORS` holds codes and numbers only
(key, unit code, level, percent, decimals); every text a reader sees of an indicator is here:

- ``indicator.<key>.name``: its name (亩均税收 / Tax per mu),
- ``indicator.<key>.short``: a shorter name for narrow places (KPI cards, table headers), only
  where it differs from the name (``dashboard.i18n.indicator_name`` falls back to the name),
- ``indicator.<key>.formula``: how it is computed, with its denominator,
- ``indicator.<key>.source``: the rules it follows (TD/T 1029 for the zone level, the per-mu
  evaluation for parcels and firms),
- ``unit.<code>``: the display unit of a unit code (``wan_per_mu`` -> 万元/亩 / 10k CNY/mu),
- ``coverage.*`` and ``trend.*``: an aggregate's coverage («覆盖 87 % 工业用地，131/144 家») and the
  like-for-like growth of a trend (:data:`COVERAGE_TEXT`).

The definitions are documented in docs/definitions.md, "Zone-level indicators (TD/T 1029)" and
"Parcel and enterprise indicators (亩均效益评价)".
"""

from __future__ import annotations

_TD_T_1029 = {
    "zh": "《开发区土地集约利用评价规程》TD/T 1029；自然资源部开发区土地集约利用监测统计",
    "en": "TD/T 1029 Rules for evaluating intensive land use in development zones; MNR monitoring "
          "statistics of intensive land use in development zones",
}
_MU_JUN = {
    "zh": "亩均效益评价（河南省产业集聚区企业分类综合评价办法等）",
    "en": "Per-mu performance evaluation of firms (e.g. Henan's classified comprehensive evaluation "
          "of firms in industrial clusters)",
}

#: key -> (name zh, name en), (formula zh, formula en), source, optional (short zh, short en)
_INDICATORS: dict[str, tuple[tuple[str, str], tuple[str, str], dict[str, str], tuple[str, str] | None]] = {
    # parcel / enterprise level
    "tax_per_mu": (("亩均税收", "Tax per mu"),
                   ("年度税收 ÷ 用地面积(亩)", "annual tax ÷ land area in mu"), _MU_JUN, None),
    "revenue_per_mu": (("亩均营业收入", "Revenue per mu"),
                       ("营业收入 ÷ 用地面积(亩)", "revenue ÷ land area in mu"), _MU_JUN, None),
    "value_added_per_mu": (("亩均增加值", "Value added per mu"),
                           ("工业增加值 ÷ 用地面积(亩)", "industrial value added ÷ land area in mu"), _MU_JUN, None),
    "investment_intensity": (("投资强度", "Investment intensity"),
                             ("累计固定资产投资 ÷ 用地面积(亩)", "cumulative fixed-asset investment ÷ land area in mu"),
                             _MU_JUN, None),
    "floor_area_ratio": (("容积率", "Floor-area ratio"),
                         ("总建筑面积 ÷ 用地面积", "total floor area ÷ land area"), _MU_JUN, None),
    "building_coefficient": (("建筑系数", "Building coefficient"),
                             ("(建筑物+构筑物+堆场)基底面积 ÷ 用地面积",
                              "footprint of buildings, structures and open yards ÷ land area"), _MU_JUN, None),
    "parcel_building_density": (("建筑密度", "Building density"),
                                ("建筑物基底面积 ÷ 用地面积（不含构筑物、堆场）",
                                 "footprint of the buildings alone ÷ land area (no structures or yards)"),
                                _MU_JUN, None),
    "value_added_per_energy": (("单位能耗增加值", "Value added per energy"),
                               ("工业增加值 ÷ 综合能耗", "industrial value added ÷ total energy use"), _MU_JUN, None),
    "tax_per_energy": (("单位能耗税收", "Tax per energy"),
                       ("年度税收 ÷ 综合能耗", "annual tax ÷ total energy use"), _MU_JUN, None),
    "labour_productivity": (("全员劳动生产率", "Labour productivity"),
                            ("工业增加值 ÷ 从业人数", "industrial value added ÷ number of employees"), _MU_JUN, None),
    "rd_share": (("研发投入占比", "R&D share"),
                 ("研发经费支出 ÷ 营业收入", "R&D spending ÷ revenue"), _MU_JUN, None),
    # zone / section level (national evaluation); A, B, B21, D, G are the land classes of TD/T 1029
    "development_rate": (("土地开发率", "Development rate"),
                         ("(A + B21) ÷ (A + B)", "(A + B21) ÷ (A + B)"), _TD_T_1029, None),
    "supply_rate": (("土地供应率", "Supply rate"), ("D ÷ (A + B21)", "D ÷ (A + B21)"), _TD_T_1029, None),
    "built_up_rate": (("土地建成率", "Built-up rate"), ("A ÷ D", "A ÷ D"), _TD_T_1029, None),
    "industrial_land_ratio": (("工业用地率", "Industrial land ratio"), ("A2 ÷ A", "A2 ÷ A"), _TD_T_1029, None),
    "far": (("综合容积率", "Overall floor-area ratio"),
            ("A 上总建筑面积 ÷ A", "floor area on A ÷ A"), _TD_T_1029, None),
    "building_density": (("建筑密度", "Building density"),
                         ("A 上建筑物基底面积 ÷ A（不含构筑物、堆场，与建筑系数不同）",
                          "footprint of the buildings alone on A ÷ A (no structures or yards, unlike the "
                          "building coefficient)"), _TD_T_1029, None),
    "industrial_far": (("工业用地综合容积率", "Industrial FAR"),
                       ("A2 上总建筑面积 ÷ A2", "floor area on A2 ÷ A2"), _TD_T_1029, None),
    "industrial_building_coefficient": (
        ("工业用地建筑系数", "Industrial building coefficient"),
        ("A2 上(建筑物+构筑物+堆场)基底面积 ÷ A2",
         "footprint of buildings, structures and open yards on A2 ÷ A2"), _TD_T_1029, None),
    "industrial_investment_intensity_wan_per_ha": (
        ("工业用地固定资产投入强度", "Industrial investment intensity"),
        ("A2 上累计固定资产投资 ÷ 有投资数据的 A2", "cumulative fixed-asset investment on A2 ÷ the A2 land "
         "with an investment figure, in hectares"),
        _TD_T_1029, None),
    "industrial_investment_intensity_wan_per_mu": (
        ("工业用地投资强度", "Industrial investment intensity (per mu)"),
        ("A2 上累计固定资产投资 ÷ 有投资数据的 A2(亩)", "cumulative fixed-asset investment on A2 ÷ the A2 "
         "land with an investment figure, in mu"),
        _TD_T_1029, ("工业投资强度", "Ind. investment")),
    "industrial_tax_per_ha": (("工业用地地均税收", "Industrial tax per area"),
                              ("A2 上报送税收企业的年度税收 ÷ 其 A2 用地（未报送企业的用地不计入）",
                               "annual tax of the firms on A2 that reported it ÷ A2 less the land of firms "
                               "that did not, in hectares"),
                              _TD_T_1029, None),
    "industrial_tax_per_mu": (("工业用地亩均税收", "Industrial tax per mu"),
                              ("A2 上报送税收企业的年度税收 ÷ 其 A2 用地(亩)（未报送企业的用地不计入）",
                               "annual tax of the firms on A2 that reported it ÷ A2 less the land of firms "
                               "that did not, in mu"),
                              _TD_T_1029, ("工业亩均税收", "Ind. tax/mu")),
    "overall_tax_per_ha": (("综合地均税收", "Overall tax per area"),
                           ("A 上二、三产业年度税收 ÷ A（未报送税收企业的用地不计入）",
                            "annual tax of secondary and tertiary industry on A ÷ A less the land of firms "
                            "that did not report tax, in hectares"),
                           _TD_T_1029, None),
    "industrial_revenue_per_mu": (("工业用地亩均营业收入", "Industrial revenue per mu"),
                                  ("A2 上报送营业收入企业的营业收入 ÷ 其 A2 用地(亩)",
                                   "revenue of the firms on A2 that reported it ÷ A2 less the land of firms "
                                   "that did not, in mu"), _MU_JUN, ("工业亩均营收", "Ind. revenue/mu")),
    "idle_land_rate": (("土地闲置率", "Idle land rate"), ("G ÷ D", "G ÷ D"), _TD_T_1029, None),
}

#: How much of an aggregate's land and firms it rests on (docs/definitions.md, "Coverage"), and
#: the trend of an indicator over the years (dashboard/pages/zone_page.py).
COVERAGE_TEXT: dict[str, dict[str, str]] = {
    "coverage.text": {"zh": "覆盖 {share} {land}，{firms}/{total} 家",
                      "en": "covers {share} of {land}, {firms} of {total} firms"},
    "coverage.firms_only": {"zh": "{firms}/{total} 家报送", "en": "{firms} of {total} firms reported"},
    "coverage.land.A2": {"zh": "工业用地", "en": "industrial land"},
    "coverage.land.A": {"zh": "建成区用地", "en": "built land"},
    # the zone's national indicators on the zone page (zone_layers.summary.national_indicators)
    "national.title": {"zh": "国家评价指标（{year}年）", "en": "National evaluation indicators ({year})"},
    "national.col_value": {"zh": "本开发区", "en": "This zone"},
    "national.col_national": {"zh": "全国开发区（{year}年）", "en": "National ({year})"},
    "national.col_base": {"zh": "计算所用土地", "en": "Land it is measured on"},
    "national.col_coverage": {"zh": "数据覆盖", "en": "Data coverage"},
    "national.base": {"zh": "{classes}：{km2} km²（占全部宗地 {share}）",
                      "en": "{classes}: {km2} km², {share} of parcels"},
    "national.classes": {"zh": "全部宗地均有用地类别", "en": "every parcel has a land class"},
    "national.flags": {"zh": "{flags}标记已填：占宗地面积 {share}", "en": "{flags} flags filled in: {share} of land"},
    "national.flag.supplied": {"zh": "供应", "en": "Supply"},
    "national.flag.idle": {"zh": "闲置", "en": "idle"},
    "national.flag_join": {"zh": "、", "en": " and "},
    "national.note": {"zh": "口径见 TD/T 1029《开发区土地集约利用评价规程》；全国数值为自然资源部开发区监测的 {year} 年"
                            "全国平均，仅供对照。供应、闲置标记空白的宗地按未供应、未闲置计，未填比例越高，"
                            "供应率、建成率与闲置率越不可靠。",
                      "en": "Definitions of TD/T 1029 (intensive land use in development zones); the national "
                            "figures are the {year} averages of the MNR's monitoring, for comparison only. A parcel "
                            "whose supply or idle flag is blank counts as not supplied / not idle: the more "
                            "blanks, the less the supply, built-up and idle rates can be relied on."},
    "coverage.col": {"zh": "{name}覆盖率(%)", "en": "{name} coverage (%)"},
    "coverage.col_firms": {"zh": "{name}报送企业", "en": "{name} firms reporting"},
    "coverage.note": {
        "zh": "企业指标只按报送该项数据的企业用地计算（分子、分母同一口径），覆盖率 = 其用地占该类用地的比例。",
        "en": "Firm figures are computed over the land of the firms that reported them (numerator and "
              "denominator alike); coverage = that land's share of the land class.",
    },
    "trend.indicator": {"zh": "趋势指标", "en": "Trend indicator"},
    "trend.title": {"zh": "各分区指标趋势", "en": "Trend by section"},
    "trend.section": {"zh": "分区", "en": "Section"},
    "trend.year": {"zh": "年度", "en": "Year"},
    "trend.yoy": {"zh": "同比变化", "en": "Change on the year before"},
    "trend.coverage": {"zh": "覆盖土地", "en": "Land covered"},
    "trend.firms": {"zh": "报送企业数", "en": "Firms reporting"},
    "trend.ref.benchmark": {"zh": "虚线：省定基准 {value} {unit}；悬停查看同比变化",
                            "en": "Dashed line: the benchmark, {value} {unit}; hover for the change on the year "
                                  "before"},
    "trend.ref.national": {"zh": "虚线：全国开发区 {year} 年平均 {value} {unit}；悬停查看同比变化",
                           "en": "Dashed line: national zones' {year} average, {value} {unit}; hover for the change "
                                 "on the year before"},
    "trend.ref.none": {"zh": "悬停查看各点的同比变化", "en": "Hover over a point for its change on the year before"},
    "trend.growth": {
        "zh": "{year_from}→{year_to} 同口径增长（两年均报送的 {n} 家企业）：{growth}",
        "en": "{year_from}→{year_to} like-for-like growth ({n} firms reporting in both years): {growth}",
    },
    "trend.growth_hidden": {
        "zh": "{year_from}→{year_to} 同口径增长：两年均报送的企业不足 {min} 家，不显示",
        "en": "{year_from}→{year_to} like-for-like growth: fewer than {min} firms reported in both years; not shown",
    },
}


#: Unit codes of :data:`zone_layers.indicators.UNITS` (values are never converted, only labelled).
_UNITS: dict[str, tuple[str, str]] = {
    "percent": ("%", "%"),
    "wan": ("万元", "10k CNY"),
    "yi": ("亿元", "100M CNY"),
    "mu": ("亩", "mu"),
    "wan_per_mu": ("万元/亩", "10k CNY/mu"),
    "wan_per_ha": ("万元/公顷", "10k CNY/ha"),
    "wan_per_tce": ("万元/吨标煤", "10k CNY/tce"),
    "wan_per_person": ("万元/人", "10k CNY/person"),
    "tce": ("吨标煤", "tce"),
    "persons": ("人", "persons"),
}


def _entries() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for key, (name, formula, source, short) in _INDICATORS.items():
        out[f"indicator.{key}.name"] = {"zh": name[0], "en": name[1]}
        out[f"indicator.{key}.formula"] = {"zh": formula[0], "en": formula[1]}
        out[f"indicator.{key}.source"] = dict(source)
        if short:
            out[f"indicator.{key}.short"] = {"zh": short[0], "en": short[1]}
    out |= {f"unit.{code}": {"zh": zh, "en": en} for code, (zh, en) in _UNITS.items()}
    return out | COVERAGE_TEXT


INDICATOR_TEXT: dict[str, dict[str, str]] = _entries()

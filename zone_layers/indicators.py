"""The indicator registry: one entry per indicator, read by the UI help, legends, exports and CLI.

Each :class:`Indicator` carries its key (the column name produced by :mod:`zone_layers.metrics`),
Chinese and English names, display unit, formula text and source. Values are stored as computed
(ratios as fractions); ``percent`` says to show them ×100 with a % sign.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from zone_layers.registry import lookup

Level = Literal["parcel", "zone"]

#: English renderings of the Chinese units (values are never converted, only labelled).
UNITS_EN: dict[str, str] = {
    "万元": "10k CNY", "亿元": "100M CNY", "亩": "mu", "万元/亩": "10k CNY/mu", "万元/公顷": "10k CNY/ha",
    "万元/吨标煤": "10k CNY/tce", "万元/人": "10k CNY/person", "吨标煤": "tce", "人": "persons",
}


def unit_text(unit: str, lang: str = "zh") -> str:
    """``unit`` as shown in ``lang``: 万元/亩 in Chinese, "10k CNY/mu" in English."""
    return unit if lang == "zh" else UNITS_EN.get(unit, unit)


TD_T_1029 = "《开发区土地集约利用评价规程》TD/T 1029；自然资源部开发区土地集约利用监测统计"
MU_JUN = "亩均效益评价（河南省产业集聚区企业分类综合评价办法等）"


@dataclass(frozen=True)
class Indicator:
    """One indicator's definition."""

    key: str
    zh: str
    en: str
    unit: str
    formula: str
    source: str
    level: Level
    percent: bool = False
    decimals: int = 2
    short_zh: str = ""
    short_en: str = ""

    def label(self, lang: str = "zh", *, short: bool = False) -> str:
        """Name with unit, e.g. ``亩均税收(万元/亩)``; ``short`` uses the short name if any."""
        if short:
            name = (self.short_zh or self.zh) if lang == "zh" else (self.short_en or self.en)
        else:
            name = self.zh if lang == "zh" else self.en
        unit = "%" if self.percent else unit_text(self.unit, lang)
        return f"{name}({unit})" if unit else name


INDICATORS: tuple[Indicator, ...] = (
    # parcel / enterprise level
    Indicator("tax_per_mu", "亩均税收", "Tax per mu", "万元/亩", "年度税收 ÷ 用地面积(亩)", MU_JUN,
              "parcel"),
    Indicator("revenue_per_mu", "亩均营业收入", "Revenue per mu", "万元/亩",
              "营业收入 ÷ 用地面积(亩)", MU_JUN, "parcel"),
    Indicator("value_added_per_mu", "亩均增加值", "Value added per mu", "万元/亩",
              "工业增加值 ÷ 用地面积(亩)", MU_JUN, "parcel"),
    Indicator("investment_intensity", "投资强度", "Investment intensity", "万元/亩",
              "累计固定资产投资 ÷ 用地面积(亩)", MU_JUN, "parcel", decimals=0),
    Indicator("floor_area_ratio", "容积率", "Floor-area ratio", "", "总建筑面积 ÷ 用地面积",
              MU_JUN, "parcel"),
    Indicator("building_coefficient", "建筑系数", "Building coefficient", "%",
              "(建筑物+构筑物+堆场)基底面积 ÷ 用地面积", MU_JUN, "parcel", percent=True, decimals=1),
    Indicator("value_added_per_energy", "单位能耗增加值", "Value added per energy", "万元/吨标煤",
              "工业增加值 ÷ 综合能耗", MU_JUN, "parcel"),
    Indicator("tax_per_energy", "单位能耗税收", "Tax per energy", "万元/吨标煤",
              "年度税收 ÷ 综合能耗", MU_JUN, "parcel"),
    Indicator("labour_productivity", "全员劳动生产率", "Labour productivity", "万元/人",
              "工业增加值 ÷ 从业人数", MU_JUN, "parcel"),
    # zone / section level (national evaluation)
    Indicator("development_rate", "土地开发率", "Development rate", "%", "(A + B21) ÷ (A + B)",
              TD_T_1029, "zone", percent=True, decimals=1),
    Indicator("supply_rate", "土地供应率", "Supply rate", "%", "D ÷ (A + B21)", TD_T_1029, "zone",
              percent=True, decimals=1),
    Indicator("built_up_rate", "土地建成率", "Built-up rate", "%", "A ÷ D", TD_T_1029, "zone",
              percent=True, decimals=1),
    Indicator("industrial_land_ratio", "工业用地率", "Industrial land ratio", "%", "A2 ÷ A",
              TD_T_1029, "zone", percent=True, decimals=1),
    Indicator("far", "综合容积率", "Overall floor-area ratio", "", "A 上总建筑面积 ÷ A", TD_T_1029,
              "zone"),
    Indicator("building_density", "建筑密度", "Building density", "%", "A 上建筑基底面积 ÷ A",
              TD_T_1029, "zone", percent=True, decimals=1),
    Indicator("industrial_far", "工业用地综合容积率", "Industrial FAR", "", "A2 上总建筑面积 ÷ A2",
              TD_T_1029, "zone"),
    Indicator("industrial_building_coefficient", "工业用地建筑系数",
              "Industrial building coefficient", "%", "A2 上(建筑物+构筑物+堆场)基底面积 ÷ A2",
              TD_T_1029, "zone", percent=True, decimals=1),
    Indicator("industrial_investment_intensity_wan_per_ha", "工业用地固定资产投入强度",
              "Industrial investment intensity", "万元/公顷", "A2 上累计固定资产投资 ÷ A2",
              TD_T_1029, "zone", decimals=0),
    Indicator("industrial_investment_intensity_wan_per_mu", "工业用地投资强度",
              "Industrial investment intensity (per mu)", "万元/亩",
              "A2 上累计固定资产投资 ÷ A2(亩)", TD_T_1029, "zone", decimals=0,
              short_zh="工业投资强度", short_en="Ind. investment"),
    Indicator("industrial_tax_per_ha", "工业用地地均税收", "Industrial tax per area", "万元/公顷",
              "A2 上企业年度税收 ÷ A2", TD_T_1029, "zone", decimals=1),
    Indicator("industrial_tax_per_mu", "工业用地亩均税收", "Industrial tax per mu", "万元/亩",
              "A2 上企业年度税收 ÷ A2(亩)", TD_T_1029, "zone", short_zh="工业亩均税收",
              short_en="Ind. tax/mu"),
    Indicator("overall_tax_per_ha", "综合地均税收", "Overall tax per area", "万元/公顷",
              "二、三产业年度税收 ÷ A", TD_T_1029, "zone", decimals=1),
    Indicator("idle_land_rate", "土地闲置率", "Idle land rate", "%", "G ÷ D", TD_T_1029, "zone",
              percent=True, decimals=1),
)

def get_indicator(key: str) -> Indicator:
    """The registry entry for ``key``; an unknown key raises ``KeyError`` listing the valid ones."""
    return lookup(INDICATORS, key, what="indicator")

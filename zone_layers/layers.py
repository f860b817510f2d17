"""The parcel layers of the zone map: a registry, and the colours and legend of each.

A layer colours every parcel: by land class, by a choropleth of one indicator, by enterprise grade
or by low-efficiency reason. :func:`style_parcels` returns the fill colour per parcel and the legend
rows (colour, label, count) so that what the legend counts is exactly what the map draws.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from zone_layers import classify, efficiency, styles
from zone_layers.indicators import get_indicator, unit_text
from zone_layers.metrics import has_enterprise
from zone_layers.registry import lookup

Kind = Literal["land_class", "choropleth", "grade", "low_efficiency"]

#: Fill of parcels a layer does not evaluate (roads, parks, unbuilt land, …).
NOT_EVALUATED_COLOR = "#f4f4f1"


@dataclass(frozen=True)
class ParcelLayer:
    """One way of colouring the parcels."""

    key: str
    zh: str
    en: str
    kind: Kind
    indicator: str | None = None
    #: built from confidential enterprise figures: shown to analysts only
    confidential: bool = False

    def label(self, lang: str = "zh") -> str:
        return self.zh if lang == "zh" else self.en


PARCEL_LAYERS: tuple[ParcelLayer, ...] = (
    ParcelLayer("land_class", "用地类别", "Land class", "land_class"),
    ParcelLayer("tax_per_mu", "亩均税收", "Tax per mu", "choropleth", "tax_per_mu", confidential=True),
    ParcelLayer("investment_intensity", "投资强度", "Investment intensity", "choropleth",
                "investment_intensity", confidential=True),
    ParcelLayer("floor_area_ratio", "容积率", "Floor-area ratio", "choropleth", "floor_area_ratio"),
    ParcelLayer("revenue_per_mu", "亩均营业收入", "Revenue per mu", "choropleth", "revenue_per_mu",
                confidential=True),
    ParcelLayer("grade", "企业评价等级", "Enterprise grade", "grade", confidential=True),
    ParcelLayer("low_efficiency", "低效用地", "Low-efficiency land", "low_efficiency"),
)


def get_layer(key: str) -> ParcelLayer:
    """The registry entry for ``key``; an unknown key lists the valid ones."""
    return lookup(PARCEL_LAYERS, key, what="parcel layer")


LegendRow = tuple[str, str, int | None]


@dataclass(frozen=True)
class LayerStyle:
    """Fill colour per parcel and the legend that explains it."""

    fill: pd.Series
    title: str
    legend: list[LegendRow] = field(default_factory=list)
    classification: classify.Classification | None = None
    #: a line under the legend rows saying how to read them ("" when none)
    note: str = ""


_TEXT = {
    "not_evaluated": ("不参评（非企业用地）", "Not evaluated (no enterprise)"),
    "no_data": ("无数据", "No data"),
    "no_reason": ("未见低效情形", "No low-efficiency reason"),
    "first_reason": ("有多种情形的宗地按上列顺序中的第一种着色并计数",
                     "A parcel with several reasons is coloured and counted by the first in this order"),
}


def _text(key: str, lang: str) -> str:
    zh, en = _TEXT[key]
    return zh if lang == "zh" else en


def evaluated(parcels: pd.DataFrame, indicator: str) -> pd.Series:
    """Parcels an indicator layer evaluates: enterprises, and for FAR any parcel with floor area."""
    firms = has_enterprise(parcels)
    if indicator == "floor_area_ratio":
        return firms | parcels["floor_area_m2"].notna()
    return firms


def style_parcels(parcels: pd.DataFrame, layer_key: str, *, lang: str = "zh", scheme: str = "quantiles",
                  k: int = 5, breaks: Sequence[float] | None = None, grades: pd.DataFrame | None = None,
                  low: pd.DataFrame | None = None, grade_names: dict[str, str] | None = None,
                  grade_colors: dict[str, str] | None = None) -> LayerStyle:
    """Colours and legend of layer ``layer_key`` for ``parcels`` (from ``parcel_indicators``).

    ``grades`` (from :func:`zone_layers.grading.grade_enterprises`, with ``grade_colors`` and
    ``grade_names``) is needed for the grade layer, ``low`` (from
    :func:`zone_layers.efficiency.low_efficiency`) for the low-efficiency layer.
    """
    layer = get_layer(layer_key)
    title = layer.label(lang)
    if layer.kind == "land_class":
        fill = parcels["land_class"].map(styles.land_class_color)
        counts = parcels["land_class"].value_counts()
        rows: list[LegendRow] = [(c.color, c.label(lang), int(counts[c.value]))
                                 for c in styles.LAND_CLASS_STYLES if counts.get(c.value, 0)]
        return LayerStyle(fill, title, rows)
    if layer.kind == "choropleth":
        assert layer.indicator is not None
        ind = get_indicator(layer.indicator)
        scope = evaluated(parcels, layer.indicator)
        result = classify.classify(parcels.loc[scope, layer.indicator], scheme=scheme, k=k, breaks=breaks)
        fill = pd.Series(NOT_EVALUATED_COLOR, index=parcels.index)
        fill[scope] = result.color_of()
        rows = [(color, label, count) for color, label, count in
                zip(result.colors, result.labels(ind.decimals), result.counts, strict=True)]
        if result.n_missing:
            rows.append((classify.NO_DATA_COLOR, _text("no_data", lang), result.n_missing))
        rows.append((NOT_EVALUATED_COLOR, _text("not_evaluated", lang), int((~scope).sum())))
        unit = "%" if ind.percent else unit_text(ind.unit, lang)
        return LayerStyle(fill, f"{title}({unit})" if unit else title, rows, result)
    if layer.kind == "grade":
        if grades is None or grade_colors is None:
            msg = "the grade layer needs the grades and their colours"
            raise ValueError(msg)
        grade = grades["grade"].reindex(parcels.index)
        fill = grade.map(grade_colors).fillna(NOT_EVALUATED_COLOR)
        counts = grade.value_counts()
        names = grade_names or {}
        rows = [(color, names.get(g, g), int(counts.get(g, 0))) for g, color in grade_colors.items()
                if counts.get(g, 0)]
        rows.append((NOT_EVALUATED_COLOR, _text("not_evaluated", lang), int(grade.isna().sum())))
        return LayerStyle(fill, title, rows)
    if low is None:
        msg = "the low-efficiency layer needs the low_efficiency() table"
        raise ValueError(msg)
    # one class per parcel: the first rule that applies wins the colour, and the count
    fill = pd.Series(NOT_EVALUATED_COLOR, index=parcels.index)
    shown_as = pd.Series("", index=parcels.index)
    for rule in reversed(efficiency.RULES):
        hit = low[rule.column].reindex(parcels.index, fill_value=False).astype(bool)
        fill[hit] = rule.color
        shown_as[hit] = rule.key
    counts = shown_as.value_counts()
    rows = [(rule.color, rule.zh if lang == "zh" else rule.en, int(counts.get(rule.key, 0)))
            for rule in efficiency.RULES]
    rows.append((NOT_EVALUATED_COLOR, _text("no_reason", lang), int(counts.get("", 0))))
    return LayerStyle(fill, title, rows, note=_text("first_reason", lang))

"""The parcel layers of the zone map: a registry, and the colours and legend of each.

A layer colours every parcel: by land class, by a choropleth of one indicator, by enterprise grade
or by low-efficiency reason. :func:`style_parcels` returns the fill colour per parcel and the legend
rows (colour, label, count) so that what the legend counts is exactly what the map draws. Labels are
codes, not words: a :class:`Term` names an entry of the dashboard's text catalogue (``layer.grade``,
``land_class.A2``, ``legend.no_data``, ``low_rule.idle``); a plain ``str`` is data shown as it is
(class bounds such as ``10.00 – 12.00``, configured grade names). ``dashboard.i18n.localize_style``
words them in the page's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from zone_layers import classify, efficiency, styles
from zone_layers.indicators import get_indicator
from zone_layers.metrics import has_enterprise
from zone_layers.registry import lookup

Kind = Literal["land_class", "choropleth", "grade", "low_efficiency", "register"]

#: Fill of parcels a layer does not evaluate (roads, parks, unbuilt land, …).
NOT_EVALUATED_COLOR = "#f4f4f1"


@dataclass(frozen=True)
class Term:
    """A label to be looked up in the dashboard's text catalogue by ``key``; never text itself."""

    key: str


@dataclass(frozen=True)
class ParcelLayer:
    """One way of colouring the parcels (its name is the catalogue entry :attr:`term`)."""

    key: str
    kind: Kind
    indicator: str | None = None
    #: built from confidential enterprise figures: shown to analysts only
    confidential: bool = False

    @property
    def term(self) -> Term:
        """The layer's name: ``layer.<key>`` in the catalogue."""
        return Term(f"layer.{self.key}")


PARCEL_LAYERS: tuple[ParcelLayer, ...] = (
    ParcelLayer("land_class", "land_class"),
    ParcelLayer("tax_per_mu", "choropleth", "tax_per_mu", confidential=True),
    ParcelLayer("investment_intensity", "choropleth", "investment_intensity", confidential=True),
    ParcelLayer("floor_area_ratio", "choropleth", "floor_area_ratio"),
    ParcelLayer("revenue_per_mu", "choropleth", "revenue_per_mu", confidential=True),
    ParcelLayer("grade", "grade", confidential=True),
    ParcelLayer("low_efficiency", "low_efficiency"),
    ParcelLayer("register_status", "register"),
)
#: Colours of the disposal status of a parcel on a land register (zone_layers.registers.STATUSES);
#: the catalogue words them as ``land.status.<code>``.
REGISTER_STATUS_COLORS: dict[str, str] = {"pending": "#d7301f", "in_progress": "#fdae61", "closed": "#1a9850"}


def get_layer(key: str) -> ParcelLayer:
    """The registry entry for ``key``; an unknown key lists the valid ones."""
    return lookup(PARCEL_LAYERS, key, what="parcel layer")


#: A legend label: a catalogue :class:`Term`, or data shown as it is (class bounds, grade names).
Label = str | Term
LegendRow = tuple[str, Label, int | None]


@dataclass(frozen=True)
class LayerStyle:
    """Fill colour per parcel and the legend that explains it.

    ``title`` is the layer's :class:`Term` and ``unit`` the unit code of its values
    (:data:`zone_layers.indicators.UNITS`: ``wan_per_mu``, ``percent``, ``""``); ``note`` a line
    under the legend rows saying how to read them (None when none).
    ``dashboard.i18n.localize_style`` turns the terms into text (the title then carries the unit).
    """

    fill: pd.Series
    title: Label
    legend: list[LegendRow] = field(default_factory=list)
    classification: classify.Classification | None = None
    note: Label | None = None
    unit: str = ""


def evaluated(parcels: pd.DataFrame, indicator: str) -> pd.Series:
    """Parcels an indicator layer evaluates: enterprises, and for FAR any parcel with floor area."""
    firms = has_enterprise(parcels)
    if indicator == "floor_area_ratio":
        return firms | parcels["floor_area_m2"].notna()
    return firms


def style_parcels(parcels: pd.DataFrame, layer_key: str, *, scheme: str = "quantiles",
                  k: int = 5, breaks: Sequence[float] | None = None, grades: pd.DataFrame | None = None,
                  low: pd.DataFrame | None = None, grade_names: dict[str, str] | None = None,
                  grade_colors: dict[str, str] | None = None, reference: float | None = None,
                  register_status: pd.Series | None = None) -> LayerStyle:
    """Colours and legend of layer ``layer_key`` for ``parcels`` (from ``parcel_indicators``).

    ``grades`` (from :func:`zone_layers.grading.grade_enterprises`, with ``grade_colors`` and
    ``grade_names``, configured names by grade; a grade without a name gets the term
    ``grade.<grade>``, e.g. ``grade.ungraded``) is needed for the grade layer, ``low`` (from
    :func:`zone_layers.efficiency.low_efficiency`) for the low-efficiency layer. ``reference`` is the
    benchmark of the ``benchmark`` scheme (its ``breaks``: :func:`zone_layers.classify.benchmark_breaks`).
    ``register_status`` (the disposal status code of each parcel on a land register, missing for the
    others: :func:`zone_layers.registers.parcel_status`) is needed for the register layer.
    """
    layer = get_layer(layer_key)
    title = layer.term
    if layer.kind == "land_class":
        fill = parcels["land_class"].map(styles.land_class_color)
        counts = parcels["land_class"].value_counts()
        rows: list[LegendRow] = [(c.color, Term(f"land_class.{c.value}"), int(counts[c.value]))
                                 for c in styles.LAND_CLASS_STYLES if counts.get(c.value, 0)]
        return LayerStyle(fill, title, rows)
    if layer.kind == "choropleth":
        assert layer.indicator is not None
        ind = get_indicator(layer.indicator)
        scope = evaluated(parcels, layer.indicator)
        result = classify.classify(parcels.loc[scope, layer.indicator], scheme=scheme, k=k, breaks=breaks,
                                   reference=reference)
        fill = pd.Series(NOT_EVALUATED_COLOR, index=parcels.index)
        fill[scope] = result.color_of()
        rows = [(color, label, count) for color, label, count in
                zip(result.colors, result.labels(ind.decimals), result.counts, strict=True)]
        if result.n_missing:
            rows.append((classify.NO_DATA_COLOR, Term("legend.no_data"), result.n_missing))
        rows.append((NOT_EVALUATED_COLOR, Term("legend.not_evaluated"), int((~scope).sum())))
        return LayerStyle(fill, title, rows, result, unit=ind.unit)
    if layer.kind == "grade":
        if grades is None or grade_colors is None:
            msg = "the grade layer needs the grades and their colours"
            raise ValueError(msg)
        grade = grades["grade"].reindex(parcels.index)
        fill = grade.map(grade_colors).fillna(NOT_EVALUATED_COLOR)
        counts = grade.value_counts()
        names = grade_names or {}
        rows = [(color, names.get(g, Term(f"grade.{g}")), int(counts.get(g, 0)))
                for g, color in grade_colors.items() if counts.get(g, 0)]
        rows.append((NOT_EVALUATED_COLOR, Term("legend.not_evaluated"), int(grade.isna().sum())))
        return LayerStyle(fill, title, rows)
    if layer.kind == "register":
        if register_status is None:
            msg = ("the register_status layer needs each parcel's disposal status on the land registers "
                   "(zone_layers.registers.parcel_status), which the dashboard's land registers tab keeps")
            raise ValueError(msg)
        status = register_status.reindex(parcels.index)
        fill = status.map(REGISTER_STATUS_COLORS).fillna(NOT_EVALUATED_COLOR)
        counts = status.value_counts()
        rows = [(color, Term(f"land.status.{code}"), int(counts.get(code, 0)))
                for code, color in REGISTER_STATUS_COLORS.items()]
        rows.append((NOT_EVALUATED_COLOR, Term("legend.not_in_register"), int(status.isna().sum())))
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
    rows = [(rule.color, Term(f"low_rule.{rule.key}"), int(counts.get(rule.key, 0))) for rule in efficiency.RULES]
    rows.append((NOT_EVALUATED_COLOR, Term("legend.no_reason"), int(counts.get("", 0))))
    return LayerStyle(fill, title, rows, note=Term("legend.first_reason"))

"""The view state that lives in the URL: one registry of parameters, read once per session and
written back on every run, so copying the address reproduces the view (``?view=zone&layer=grade``).

Each :class:`Param` names the query key, the ``st.session_state`` key of its widget, how to parse
a URL value (anything that does not parse or is not allowed falls back to the default, never an
error) and the default.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from dashboard.map.basemaps import BASEMAPS
from dashboard.pages.parcel_tiles import CITY_LAYERS
from geodata import settings
from zone_layers import classify, summary
from zone_layers.layers import PARCEL_LAYERS


@dataclass(frozen=True)
class Param:
    """One URL parameter of the view."""

    query: str
    state: str
    parse: Callable[[str], Any]
    default: Callable[[], Any]
    allowed: Callable[[], Iterable[Any]] | None = None
    only_in_view: str | None = None  # written to the URL only in this view

    def read(self, text: str | None) -> Any:
        """The value of URL text ``text``: parsed and allowed, else the default (never an error)."""
        if text is None:
            return self.default()
        try:
            value = self.parse(text)
        except (TypeError, ValueError):
            return self.default()
        if self.allowed is not None and value not in set(self.allowed()):
            return self.default()
        return value


def _positive(text: str) -> float:
    value = float(text)
    if not value >= 0:
        raise ValueError(text)
    return value


def _latitude(text: str) -> float:
    value = float(text)
    if not -90 <= value <= 90:
        raise ValueError(text)
    return value


def _longitude(text: str) -> float:
    value = float(text)
    if not -180 <= value <= 180:
        raise ValueError(text)
    return value


def params(*, views: list[str], zone_ids: list[str], presets: list[str], default_preset: str,
           years: tuple[int, ...] = (), target_years: tuple[int, ...] = ()) -> tuple[Param, ...]:
    """The registry for this dataset (its zones, the years of its figures and targets; the latest
    is the default) and grading configuration (its presets)."""
    return (
        Param("view", "view", str, lambda: "zone" if "zone" in views else "city", lambda: views),
        Param("zone", "zone_id", str, lambda: zone_ids[0] if zone_ids else None, lambda: zone_ids, "zone"),
        Param("year", "year", int, lambda: years[-1] if years else None, lambda: years, "zone"),
        Param("benchmark", "benchmark", _positive, lambda: float(settings.TAX_BENCHMARK_WAN_PER_MU), None, "zone"),
        Param("layer", "layer", str, lambda: "land_class", lambda: [la.key for la in PARCEL_LAYERS], "zone"),
        Param("scheme", "scheme", str, lambda: "quantiles", lambda: [s.key for s in classify.SCHEMES], "zone"),
        Param("k", "k", int, lambda: 5, lambda: range(classify.MIN_CLASSES, classify.MAX_CLASSES + 1), "zone"),
        Param("breaks", "breaks", str, lambda: f"5, {settings.TAX_BENCHMARK_WAN_PER_MU:g}, 20, 30", None, "zone"),
        Param("preset", "preset", str, lambda: default_preset, lambda: presets, "zone"),
        Param("trend", "trend_indicator", str, lambda: "industrial_tax_per_mu", lambda: list(summary.DATED_INDICATORS),
              "zone"),
        Param("section", "section_id", str, lambda: None, None, "zone"),
        Param("parcel", "parcel_id", str, lambda: None, None, "zone"),
        Param("target_year", "target_year", int, lambda: target_years[-1] if target_years else None,
              lambda: target_years, "city"),
        # the city overview's parcel layer (issue 14); a viewer asking for a confidential one gets none
        Param("parcels", "city_layer", str, lambda: "none", lambda: ["none", *CITY_LAYERS], "city"),
        Param("basemap", "basemap", str, lambda: "none", lambda: [b.key for b in BASEMAPS]),
        # the map view: written by dashboard/map/mapview.py as the user pans, read back on a new session
        Param("lat", "map_lat", _latitude, lambda: None),
        Param("lon", "map_lon", _longitude, lambda: None),
        Param("z", "map_zoom", int, lambda: None, lambda: range(3, 20)),
    )


def seed_from_url(registry: tuple[Param, ...]) -> None:
    """Set every parameter's session state from the URL, once per session; on every later run,
    keep the values of widgets the current view does not show.

    Streamlit forgets the state of a widget that a run does not draw: without this, a visit to the
    city view would reset the zone view's year, layer and benchmark (the benchmark to 0, which is
    not a valid benchmark). Re-assigning a value makes it the session's own, which survives.
    """
    if st.session_state.get("_seeded"):
        for p in registry:
            if p.state in st.session_state:
                st.session_state[p.state] = st.session_state[p.state]
            else:
                value = p.default()
                if value is not None:
                    st.session_state[p.state] = value
        return
    for p in registry:
        value = p.read(st.query_params.get(p.query))
        if value is not None:
            st.session_state[p.state] = value
    st.session_state["_seeded"] = True


def _text(value: Any) -> str:
    """A URL value: floats without a spurious ``.0`` and at most 6 decimals (≈ 0.1 m in lon/lat)."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(round(value, 6))
    return str(value)


def mirror_to_url(registry: tuple[Param, ...], *, view: str, lang: str) -> None:
    """Write the current view state to the URL (parameters of the other view are dropped)."""
    wanted: dict[str, str] = {"lang": lang}
    for p in registry:
        if p.only_in_view not in (None, view):
            continue
        value = st.session_state.get(p.state)
        if value is None or (p.query == "breaks" and st.session_state.get("scheme") != "user_defined"):
            continue
        wanted[p.query] = _text(value)
    for key in list(st.query_params):
        if key not in wanted:
            del st.query_params[key]
    st.query_params.update(wanted)

"""Map tools: full screen, mouse position, measurement and search (dashboard/map/static/tools.js).

The tools are the app's own code served with the map (no folium plugin, whose assets come from a
CDN). Python adds one small element per tool that calls ``ZoneTools.<tool>(map, ...)`` with JSON
arguments; jinja's ``tojson`` escapes ``<``, ``>``, ``&`` and ``'``, and the script inserts every
text with ``textContent``, so labels and names are passed here as plain, unescaped strings.
"""

from __future__ import annotations

from typing import Any

import folium
import geopandas as gpd
import pandas as pd

from dashboard import fmt
from dashboard.i18n import t
from dashboard.map.assets import static_url
from dashboard.map.jscall import JsCall

#: Decimal places of the bounds sent to the browser: 1e-6° ≈ 0.1 m.
BOUNDS_DECIMALS = 6

#: Kinds of search entries, in the order they are listed (parcels come from the drawn layer).
KINDS = ("zone", "section", "enterprise", "parcel")


#: Keys of the tools' strings in the text catalogue (dashboard/i18n.py, prefixed ``tool_``).
TEXT_KEYS = ("fullscreen", "exit_fullscreen", "measure", "measure_finish", "measure_hint", "measure_hint_short",
             "length", "area", "search_placeholder", "no_results", "kind_zone", "kind_section", "kind_enterprise",
             "kind_parcel", "coords_gcj02")


def _text(lang: str) -> dict[str, str]:
    return {key: t(f"tool_{key}", lang) for key in TEXT_KEYS}


def _tool_call(function: str, *args: object) -> JsCall:
    return JsCall("ZoneTools", function, *args)


def use_tool_assets(fmap: folium.Map) -> folium.Map:
    """Load tools.js and tools.css with ``fmap`` (from the app, like its other assets).

    Appended to the instance's ``default_js``/``default_css`` (never to folium's class defaults);
    calling it twice adds them once.
    """
    js = ("zonetools", f"{static_url()}/tools.js")
    css = ("zonetools_css", f"{static_url()}/tools.css")
    if js not in fmap.default_js:
        fmap.default_js = [*fmap.default_js, js]
    if css not in fmap.default_css:
        fmap.default_css = [*fmap.default_css, css]
    return fmap


def add_tools(fmap: folium.Map, *, lang: str, search_index: list[dict[str, Any]] | None,
              gcj02: bool = False) -> folium.Map:
    """Add the full-screen and measure buttons, the mouse position and, when ``search_index`` has
    entries (see :func:`search_index`), the search box to ``fmap``.

    ``gcj02``: the map is drawn over a GCJ-02 basemap (Gaode), so the mouse position is marked as
    GCJ-02 coordinates. Loads the tools' assets too (:func:`use_tool_assets`).
    """
    text = _text(lang)
    use_tool_assets(fmap)
    _tool_call("fullscreen", {k: text[k] for k in ("fullscreen", "exit_fullscreen")}).add_to(fmap)
    _tool_call("measure", {k: text[k] for k in ("measure", "measure_finish", "measure_hint",
                                               "measure_hint_short", "length", "area")}).add_to(fmap)
    _tool_call("mousePosition", {"suffix": text["coords_gcj02"] if gcj02 else ""}).add_to(fmap)
    if search_index:
        labels = {"search_placeholder": text["search_placeholder"], "no_results": text["no_results"],
                  "kinds": {kind: text[f"kind_{kind}"] for kind in KINDS}}
        _tool_call("search", search_index, labels).add_to(fmap)
    return fmap


def _lonlat(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if gdf.crs is not None and not gdf.crs.is_geographic:
        return gdf.to_crs(4490)
    return gdf


def _entry(label: Any, kind: str, bounds: Any, select: dict[str, str] | None = None) -> dict[str, Any]:
    minx, miny, maxx, maxy = (round(float(v), BOUNDS_DECIMALS) for v in bounds)
    entry = {"label": str(label), "kind": kind, "bounds": [[miny, minx], [maxy, maxx]]}
    return entry | {"select": select} if select else entry


def _entries(gdf: gpd.GeoDataFrame | None, column: str, kind: str, *,
             key: str | None = None) -> list[dict[str, Any]]:
    """One entry per distinct ``key`` (default: the label ``column`` itself) with a label in
    ``column``; its bounds cover all rows of that key. Rows without a label or geometry are skipped.
    With a ``key`` column, an entry carries ``select`` (``{key: value}``): choosing it clicks the
    map's feature with that property, as the user would (tools.js)."""
    if gdf is None or gdf.empty or column not in gdf.columns:
        return []
    keyed = key is not None and key in gdf.columns
    key = key if key is not None and keyed else column
    gdf = _lonlat(gdf)
    keep = gdf[[not fmt.is_missing(v) for v in gdf[column]]]
    keep = keep[keep.geometry.notna() & ~keep.geometry.is_empty]
    if keep.empty:
        return []
    groups = keep.geometry.bounds.groupby(keep[key].astype(str), sort=False)
    table = pd.DataFrame({"minx": groups["minx"].min(), "miny": groups["miny"].min(),
                          "maxx": groups["maxx"].max(), "maxy": groups["maxy"].max()})
    labels = keep.groupby(keep[key].astype(str), sort=False)[column].first().astype(str).str.strip()
    return [_entry(labels[k], kind, row, {key: k} if keyed else None)
            for k, row in zip(table.index, table.to_numpy(), strict=True)]


def search_index(zones: gpd.GeoDataFrame | None = None, sections: gpd.GeoDataFrame | None = None,
                 parcels: gpd.GeoDataFrame | None = None, *, firm_keys: bool = False) -> list[dict[str, Any]]:
    """Entries for the map's search box: zone names, section names and enterprise names, each
    ``{"label", "kind", "bounds": [[south, west], [north, east]]}``.

    Parcel IDs (宗地编号) are not listed: the search box finds them in the parcel layer that
    ``ZoneMap.parcels`` drew (``ZoneMap.searchItems``), so thousands of IDs and bounds are not sent
    twice. An enterprise on several parcels is one entry covering them all. Labels are plain text
    (the browser sets them with ``textContent``). Pass the geometries as drawn: shifted with
    :func:`dashboard.map.basemaps.display_geometry` when the basemap is GCJ-02.

    ``firm_keys`` (analysts): an enterprise entry also carries ``parcel`` (its first parcel in the
    layer) and ``code`` (its ``credit_code``); choosing it selects that parcel as a click would, with
    the credit code, so the page opens the enterprise's profile (``ZoneMap.select``).
    """
    firms = _entries(parcels, "enterprise", "enterprise")
    if firm_keys and firms and parcels is not None and "credit_code" in parcels.columns:
        named = parcels.loc[[not fmt.is_missing(v) for v in parcels["enterprise"]]]
        first = named.drop_duplicates("enterprise")
        keys = {str(name).strip(): (str(pid), code) for name, pid, code
                in zip(first["enterprise"], first["parcel_id"], first["credit_code"], strict=True)}
        for entry in firms:
            pid, code = keys.get(entry["label"], (None, None))
            if pid is not None and not fmt.is_missing(code):
                entry |= {"parcel": pid, "code": str(code)}
    return [
        *_entries(zones, "name", "zone", key="zone_id"),
        *_entries(sections, "name", "section", key="section_id"),
        *firms,
    ]

"""The parcels of a map drawn from vector tiles (issue 14), for zones and cities too large for one
payload of parcels.

The tiles (:mod:`geodata.vectortiles`, built once per data version) carry each parcel's geometry
and its position ``n`` only, and from zoom ``ID_MIN_ZOOM`` (12) on its ``parcel_id``; a click on a
tile without it sends ``parcel_n``, which the page resolves. Served by Streamlit's component file server under a
name holding the version, so a new version gets new URLs; the browser fetches the tiles in view.
The colour of each parcel comes from :func:`lookup`: the layer's colours by ``n`` for the parcels
of this map (a palette and one character per parcel: :func:`palette_column`), computed on the
server from the parcels this user may see (a viewer's redacted ones), and its legend labels;
tooltips show the parcel ID and its class, everything else (figures, firm, profile) is on the page
after a click, under the access rules. ``ZoneMap.tiles`` in
``static/zonemap.js`` draws them with the vendored protomaps-leaflet.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard import fmt
from dashboard.i18n import t
from dashboard.map.assets import protomaps_js, served_url
from dashboard.map.jscall import JsCall

#: A zone with at least this many parcels is drawn from tiles (smaller ones as one compact payload,
#: which paints sooner below a few thousand parcels and needs no tile set).
TILE_THRESHOLD = 3000
#: Environment variable overriding :data:`TILE_THRESHOLD` (0: always tiles; tests, benchmarks).
THRESHOLD_ENV_VAR = "ZONE_TILE_THRESHOLD"


def tile_threshold() -> int:
    """:data:`TILE_THRESHOLD`, or ``$ZONE_TILE_THRESHOLD`` when set to a whole number."""
    value = os.environ.get(THRESHOLD_ENV_VAR, "").strip()
    return int(value) if value.isdigit() else TILE_THRESHOLD


@dataclass(frozen=True)
class TileSource:
    """A served tile set: URL template, zooms, bounds and each parcel's ``n``."""

    #: ``../<component>/{z}/{x}/{y}.pbf``, relative to the map's iframe
    url: str
    min_zoom: int
    max_zoom: int
    #: [[south, west], [north, east]]
    bounds: list[list[float]]
    #: ``n`` of every parcel of the data version, by ``parcel_id``
    index: pd.Series
    version: str


def serve(version: str, directory: str, *, min_zoom: int, max_zoom: int,
          bounds: tuple[float, float, float, float], index: pd.Series) -> TileSource:
    """Register the tile set in ``directory`` with the app's file server (once per version)."""
    west, south, east, north = bounds
    base = served_url(f"ptiles_{version}", directory)
    return TileSource(f"{base}/{{z}}/{{x}}/{{y}}.pbf", min_zoom, max_zoom, [[south, west], [north, east]],
                      index, version)


def lookup(source: TileSource, parcel_ids: Sequence[str], fills: Sequence[str],
           legend: Sequence[tuple[str, str, int | None]], *, title: str, lang: str) -> dict | None:
    """The colour lookup of one map: ``fills[i]`` is the colour of parcel ``parcel_ids[i]``; legend
    rows (colour, label, count) name the colours in the tooltip. None when the parcels are not one
    run of consecutive ``n`` in the tiles (not all of one zone, or not of this data version): the
    caller then draws them without tiles."""
    if not len(parcel_ids):
        return None
    n = source.index.reindex([str(p) for p in parcel_ids]).to_numpy()
    if pd.isna(n).any():
        return None
    n = n.astype(np.int64)
    order = np.argsort(n, kind="stable")
    start, count = int(n[order[0]]), len(n)
    if not np.array_equal(n[order], np.arange(start, start + count)):
        return None
    labels: dict[str, str] = {}
    for color, label, _ in legend:
        labels.setdefault(str(color), fmt.esc(label))
    return {"start": start, "count": count, "fill": palette_column(np.asarray(fills, dtype=object)[order]),
            "labels": labels, "title": fmt.esc(title), "parcel": fmt.esc(t("tip_parcel", lang))}


#: The characters naming the colours of a :func:`palette_column`, in palette order (none needs
#: escaping in JSON or inside a script element).
PALETTE_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def palette_column(values: Sequence[object] | np.ndarray) -> list[str] | dict[str, object]:
    """Colours for the browser, one per parcel: ``{"d": palette, "s": one character per parcel}``
    where the character at position ``k`` of ``s`` is the position in :data:`PALETTE_CHARS` of the
    colour of parcel ``k`` in ``d`` (one byte per parcel: the city's 100 000 parcels cost 100 KB);
    a plain list when there are more colours than characters. ``ZoneMap.tiles`` decodes it."""
    codes, palette = pd.factorize(pd.Series([str(v) for v in values], dtype=object), sort=False)
    if len(palette) > len(PALETTE_CHARS):
        return [str(v) for v in values]
    chars = np.array(list(PALETTE_CHARS), dtype=object)
    return {"d": [str(c) for c in palette], "s": "".join(chars[codes]) if len(codes) else ""}


class TiledParcels(JsCall):
    """``ZoneMap.tiles(group, url, options, lookup)``, loading the vendored protomaps-leaflet."""

    def __init__(self, source: TileSource, look: dict, *, z_index: int = 420) -> None:
        super().__init__("ZoneMap", "tiles", source.url,
                         {"minNativeZoom": source.min_zoom, "maxNativeZoom": source.max_zoom,
                          "bounds": source.bounds, "zIndex": z_index}, look)
        self.default_js = [("protomaps", protomaps_js())]

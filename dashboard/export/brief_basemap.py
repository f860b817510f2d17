"""The basemap under a brief: which tile layers to draw, and drawing them in the map's projection.

A brief draws no basemap by default (no network needed). The tile basemaps of
dashboard/map/basemaps.py are fetched with dashboard/export/tiles.py when reachable; a base map that
leaves the bureau needs its 审图号.
"""

from __future__ import annotations

from urllib.parse import urlparse

import numpy as np
from matplotlib.axes import Axes
from matplotlib.transforms import Affine2D
from pyproj import CRS, Transformer

from dashboard.export import tiles
from dashboard.map import basemaps

#: Basemaps a static brief can draw: ``none`` (no network needed) and the tile basemaps of
#: dashboard/map/basemaps.py, fetched when reachable (a base map that leaves the bureau needs its 审图号).
BASEMAPS: tuple[str, ...] = tuple(b.key for b in basemaps.BASEMAPS)


def tile_sources(basemap: str, tile_url: str | None) -> tuple[list[tuple[str, str]], bool]:
    """(URL template, subdomains) of each tile layer to draw, and whether they are GCJ-02."""
    if tile_url:
        return [(tile_url, "")], False
    if basemap == "none":
        return [], False
    item = basemaps.basemap(basemap)
    key = basemaps.tianditu_key() if item.needs_key else None
    if item.needs_key and key is None:
        msg = (f"basemap {basemap!r} needs a Tianditu key: set TIANDITU_KEY (or .streamlit/secrets.toml), "
               "or use --basemap none")
        raise ValueError(msg)
    sources = [(s.url.replace(basemaps.KEY_PLACEHOLDER, key or ""), s.subdomains) for s in item.tiles]
    return sources, item.gcj02


def draw_basemap(ax: Axes, sources: list[tuple[str, str]], crs: CRS, *, width_px: int) -> str:
    """Draw the tiles under the map. Tiles are Web Mercator; over a zone the change to Gauss-Kruger
    is affine to well under a metre, so each mosaic is placed with the affine map fitted on its
    corners. Returns the host the tiles came from."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    to_lonlat = Transformer.from_crs(crs, 4490, always_xy=True)
    lons, lats = to_lonlat.transform([x0, x1, x1, x0], [y0, y0, y1, y1])
    bbox = (min(lons), min(lats), max(lons), max(lats))
    to_map = Transformer.from_crs(3857, crs, always_xy=True)
    host = ""
    for template, subdomains in sources:
        image, (left, right, bottom, top) = tiles.mosaic(template, bbox, width_px=width_px, subdomains=subdomains)
        corners_m = np.array([[left, bottom], [right, bottom], [left, top]])
        gx, gy = to_map.transform(corners_m[:, 0], corners_m[:, 1])
        # affine taking the image's unit square (0..1) to the map: origin, then the two edge vectors
        matrix = np.array([[gx[1] - gx[0], gx[2] - gx[0], gx[0]],
                           [gy[1] - gy[0], gy[2] - gy[0], gy[0]],
                           [0.0, 0.0, 1.0]])
        ax.imshow(image, extent=(0, 1, 0, 1), origin="upper", interpolation="bilinear", zorder=0,
                  transform=Affine2D(matrix) + ax.transData, clip_on=True)
        host = urlparse(template.replace("{s}", (subdomains or "a")[0])).hostname or ""
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    return host


"""XYZ map tiles for static briefs: which tiles cover an area, fetching them, and one mosaic.

Only used when a brief asks for a basemap; offline that request fails within seconds with a
message (a brief without a basemap needs no network at all).
"""

from __future__ import annotations

import io
import math
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from matplotlib import image as mpl_image

TILE_PX = 256
#: Web Mercator half-extent in metres.
ORIGIN = 20037508.342789244
#: At most this many tiles per brief (a zone needs 4–30).
MAX_TILES = 64
TIMEOUT_S = 5.0


class TileError(RuntimeError):
    """Tiles could not be fetched (offline, blocked, wrong key)."""


def tile_xy(lon: float, lat: float, zoom: int) -> tuple[float, float]:
    """Fractional XYZ tile coordinates of a lon/lat point (Web Mercator, y down)."""
    n = 2 ** zoom
    lat_r = math.radians(max(min(lat, 85.05112878), -85.05112878))
    return (lon + 180.0) / 360.0 * n, (1.0 - math.asinh(math.tan(lat_r)) / math.pi) / 2.0 * n


def choose_zoom(bbox: tuple[float, float, float, float], width_px: int) -> int:
    """The zoom whose tiles give about ``width_px`` pixels across ``bbox`` (lon/lat), within the tile cap."""
    minx, miny, maxx, maxy = bbox
    for zoom in range(18, 2, -1):
        x0, y1 = tile_xy(minx, miny, zoom)
        x1, y0 = tile_xy(maxx, maxy, zoom)
        tiles = (math.floor(x1) - math.floor(x0) + 1) * (math.floor(y1) - math.floor(y0) + 1)
        if (x1 - x0) * TILE_PX <= 1.5 * width_px and tiles <= MAX_TILES:
            return zoom
    return 3


def _fetch(url: str) -> np.ndarray:
    request = urllib.request.Request(url, headers={"User-Agent": "zone-land-efficiency-brief"})
    with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
        data = response.read()
    img = mpl_image.imread(io.BytesIO(data))
    if img.dtype != np.uint8:
        img = (img * 255).astype(np.uint8)
    if img.ndim == 2:
        img = np.stack([img] * 3, axis=-1)
    return img[..., :3]


def mosaic(template: str, bbox: tuple[float, float, float, float], *, width_px: int,
           subdomains: str = "") -> tuple[np.ndarray, tuple[float, float, float, float]]:
    """Fetch and stitch the tiles covering ``bbox``.

    Returns the RGB image and its extent in Web Mercator metres (left, right, bottom, top).
    Raises :class:`TileError` naming the host when a tile cannot be fetched.
    """
    zoom = choose_zoom(bbox, width_px)
    minx, miny, maxx, maxy = bbox
    x0, y1 = (math.floor(v) for v in tile_xy(minx, miny, zoom))
    x1, y0 = (math.floor(v) for v in tile_xy(maxx, maxy, zoom))
    cells = [(x, y) for y in range(y0, y1 + 1) for x in range(x0, x1 + 1)]
    subs = subdomains or "a"

    def url(x: int, y: int) -> str:
        return (template.replace("{s}", subs[(x + y) % len(subs)]).replace("{z}", str(zoom))
                .replace("{x}", str(x)).replace("{y}", str(y)))

    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            images = list(pool.map(lambda c: _fetch(url(*c)), cells))
    except (urllib.error.URLError, OSError, ValueError) as exc:
        host = urllib.parse.urlparse(url(x0, y0)).hostname
        msg = (f"basemap tiles from {host} could not be fetched ({exc}); check the network or the key, or "
               "make the brief without a basemap (--basemap none)")
        raise TileError(msg) from exc
    rows = []
    for j in range(y1 - y0 + 1):
        rows.append(np.concatenate(images[j * (x1 - x0 + 1):(j + 1) * (x1 - x0 + 1)], axis=1))
    image = np.concatenate(rows, axis=0)
    size = 2 * ORIGIN / 2 ** zoom
    left, right = -ORIGIN + x0 * size, -ORIGIN + (x1 + 1) * size
    top, bottom = ORIGIN - y0 * size, ORIGIN - (y1 + 1) * size
    return image, (left, right, bottom, top)

"""WGS84 ↔ GCJ-02 ("Mars coordinates"), for drawing overlays on Gaode/AutoNavi tiles.

Gaode tiles are drawn in GCJ-02, an obfuscated datum offset from WGS84/CGCS2000 by a few hundred
metres in a smoothly varying way. Overlays drawn on those tiles must be shifted the same way, for
**display only**: data is never stored in GCJ-02 (docs/definitions.md, "Maps in China").

The forward formula is the widely published one (Krasovsky ellipsoid a = 6378245.0 m,
e² = 0.00669342162296594323; e.g. the ``coordtransform`` and ``eviltransform`` projects). It has
no closed-form inverse; :func:`gcj02_to_wgs84` iterates the forward formula to below 1e-9°.
Outside China's rough bounding box (73.66–135.05°E, 3.86–53.55°N) coordinates are returned
unchanged, as the published formula does.

Every function accepts floats or array-likes (vectorised with numpy): two floats give two floats,
anything else gives two float arrays of the broadcast shape.
"""

from __future__ import annotations

from typing import overload

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import shapely

from geodata.errors import CRSError

#: Semi-major axis (m) of the Krasovsky 1940 ellipsoid used by the GCJ-02 formula.
A: float = 6378245.0
#: First eccentricity squared of that ellipsoid.
EE: float = 0.00669342162296594323
#: China's rough bounding box (lon min, lon max, lat min, lat max) inside which the shift applies.
CHINA_BBOX: tuple[float, float, float, float] = (73.66, 135.05, 3.86, 53.55)
#: The inverse stops when the forward image of its estimate is this close (degrees) to the input.
INVERSE_TOLERANCE_DEG: float = 1e-9
#: ...or after this many iterations (it converges in 3–4: the shift varies slowly).
INVERSE_MAX_ITERATIONS: int = 30

FloatArray = npt.NDArray[np.float64]
ArrayInput = FloatArray | list[float] | tuple[float, ...]
Pair = tuple[float, float] | tuple[FloatArray, FloatArray]


def in_china(lon: npt.ArrayLike, lat: npt.ArrayLike) -> npt.NDArray[np.bool_]:
    """True where (lon, lat) lies inside :data:`CHINA_BBOX` (borders excluded), where GCJ-02 applies."""
    x, y = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    lon_min, lon_max, lat_min, lat_max = CHINA_BBOX
    return np.asarray((x > lon_min) & (x < lon_max) & (y > lat_min) & (y < lat_max))


def _shift(lon: FloatArray, lat: FloatArray) -> tuple[FloatArray, FloatArray]:
    """The GCJ-02 offset (dlon, dlat) in degrees at WGS84 (lon, lat), ignoring the bounding box."""
    x, y = lon - 105.0, lat - 35.0
    waves = (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    dlat = (-100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x)) + waves
            + (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
            + (160.0 * np.sin(y / 12.0 * np.pi) + 320.0 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0)
    dlon = (300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x)) + waves
            + (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
            + (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0)
    # the values above are metres-like; turn them into degrees on the Krasovsky ellipsoid
    rad = np.radians(lat)
    magic = 1.0 - EE * np.sin(rad) ** 2
    sqrt_magic = np.sqrt(magic)
    dlat = dlat * 180.0 / (A * (1.0 - EE) / (magic * sqrt_magic) * np.pi)
    dlon = dlon * 180.0 / (A / sqrt_magic * np.cos(rad) * np.pi)
    return dlon, dlat


def _arrays(lon: npt.ArrayLike, lat: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    x, y = np.broadcast_arrays(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    return x.astype(float, copy=True), y.astype(float, copy=True)


def _forward(x: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
    inside = in_china(x, y)
    dlon, dlat = _shift(x, y)
    return np.where(inside, x + dlon, x), np.where(inside, y + dlat, y)


def _inverse(gx: FloatArray, gy: FloatArray) -> tuple[FloatArray, FloatArray]:
    inside = in_china(gx, gy)
    dlon, dlat = _shift(gx, gy)
    x, y = gx - dlon, gy - dlat  # first guess: the shift evaluated at the GCJ-02 point
    for _ in range(INVERSE_MAX_ITERATIONS):
        fx, fy = _forward(x, y)
        ex, ey = np.where(inside, fx - gx, 0.0), np.where(inside, fy - gy, 0.0)
        x, y = x - ex, y - ey
        if ex.size == 0 or max(float(np.max(np.abs(ex))), float(np.max(np.abs(ey)))) < INVERSE_TOLERANCE_DEG:
            break
    return np.where(inside, x, gx), np.where(inside, y, gy)


def _out(x: FloatArray, y: FloatArray, scalar: bool) -> Pair:
    return (float(x), float(y)) if scalar else (x, y)


@overload
def wgs84_to_gcj02(lon: float, lat: float) -> tuple[float, float]: ...
@overload
def wgs84_to_gcj02(lon: ArrayInput, lat: ArrayInput) -> tuple[FloatArray, FloatArray]: ...
def wgs84_to_gcj02(lon: float | ArrayInput, lat: float | ArrayInput) -> Pair:
    """GCJ-02 (lon, lat) of WGS84/CGCS2000 (lon, lat); unchanged outside :data:`CHINA_BBOX`.

    .. math::

        \\varphi' = \\varphi + \\frac{180\\,T_\\varphi(x, y)}{\\pi\\,M},\\quad
        \\lambda' = \\lambda + \\frac{180\\,T_\\lambda(x, y)}{\\pi\\,N\\cos\\varphi}

    with :math:`x = \\lambda - 105`, :math:`y = \\varphi - 35`, the published trigonometric
    polynomials :math:`T`, and the Krasovsky radii :math:`M = a(1-e^2)/(1-e^2\\sin^2\\varphi)^{3/2}`,
    :math:`N = a/(1-e^2\\sin^2\\varphi)^{1/2}`.
    """
    x, y = _arrays(lon, lat)
    return _out(*_forward(x, y), np.ndim(lon) == 0 and np.ndim(lat) == 0)


@overload
def gcj02_to_wgs84(lon: float, lat: float) -> tuple[float, float]: ...
@overload
def gcj02_to_wgs84(lon: ArrayInput, lat: ArrayInput) -> tuple[FloatArray, FloatArray]: ...
def gcj02_to_wgs84(lon: float | ArrayInput, lat: float | ArrayInput) -> Pair:
    """WGS84 (lon, lat) of GCJ-02 (lon, lat), by fixed-point iteration of :func:`wgs84_to_gcj02`.

    Converges to well below 1e-7° (≈ 1 cm) in a few iterations; unchanged outside
    :data:`CHINA_BBOX`.
    """
    x, y = _arrays(lon, lat)
    return _out(*_inverse(x, y), np.ndim(lon) == 0 and np.ndim(lat) == 0)


def geoseries_to_gcj02(geoms: gpd.GeoSeries) -> gpd.GeoSeries:
    """``geoms`` (lon/lat) shifted to GCJ-02 for drawing on Gaode tiles: display only.

    Same index, name and CRS label (GCJ-02 has no EPSG code; the coordinates stay lon/lat degrees).
    Raises :class:`~geodata.errors.CRSError` for projected coordinates, which cannot be shifted.
    """
    if geoms.crs is not None and not geoms.crs.is_geographic:
        msg = (f"cannot shift geometries in {geoms.crs.name} (EPSG:{geoms.crs.to_epsg()}) to GCJ-02: "
               f"expected lon/lat degrees; convert first, e.g. geoms.to_crs(4490)")
        raise CRSError(msg)

    def shift(xy: FloatArray) -> FloatArray:
        gx, gy = _forward(xy[:, 0].astype(float), xy[:, 1].astype(float))
        return np.column_stack([gx, gy])

    shifted = shapely.transform(geoms.to_numpy(), shift)
    return gpd.GeoSeries(shifted, index=geoms.index, crs=geoms.crs, name=geoms.name)

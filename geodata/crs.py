"""CRS handling: CGCS2000 storage, 3-degree Gauss-Kruger working projections and true areas.

Areas are never computed in degrees or in Web Mercator (which inflates them by ≈ 1/cos²φ).
Each geometry's area is computed in the CGCS2000 3-degree Gauss-Kruger projection whose central
meridian is nearest to it, so a dataset spanning several zones (a province) is still measured with
at most ≈ 0.05 % scale error.
"""

from __future__ import annotations

from typing import TypeVar

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS

from geodata import settings
from geodata.errors import CRSError


def gk3_central_meridian(lon: float | np.ndarray) -> np.ndarray:
    """Central meridian (°E) of the 3-degree Gauss-Kruger zone containing longitude ``lon``.

    Zones are centred on multiples of 3°: 112.5°E–115.5°E belongs to CM 114°E.
    """
    return (np.floor((np.asarray(lon, dtype=float) + 1.5) / 3.0) * 3.0).astype(int)


def gk3_epsg(central_meridian: int, *, zone_prefix: bool = False) -> int:
    """EPSG code of the CGCS2000 3-degree Gauss-Kruger CRS with this central meridian.

    Without the zone prefix CM 114°E is EPSG:4547; with the zone number (CM / 3) prefixed to the
    easting it is EPSG:4526 (zone 38).
    """
    cm = int(central_meridian)
    if cm % 3 or not settings.GK3_CM_MIN <= cm <= settings.GK3_CM_MAX:
        msg = (f"central meridian {cm}°E is not a CGCS2000 3-degree zone; expected a multiple of 3 "
               f"between {settings.GK3_CM_MIN} and {settings.GK3_CM_MAX} (China's longitudes)")
        raise CRSError(msg)
    step = (cm - settings.GK3_CM_MIN) // 3
    return (settings.GK3_ZONE_EPSG_FIRST if zone_prefix else settings.GK3_CM_EPSG_FIRST) + step


def check_geographic(gdf: gpd.GeoDataFrame | gpd.GeoSeries, *, what: str = "data") -> None:
    """Raise :class:`CRSError` unless ``gdf`` has a geographic CRS (lon/lat)."""
    if gdf.crs is None:
        msg = f"{what} has no CRS; expected lon/lat in EPSG:{settings.STORAGE_EPSG} (CGCS2000)"
        raise CRSError(msg)
    if not gdf.crs.is_geographic:
        msg = (f"{what} is in projected CRS {gdf.crs.to_string()}; convert it to lon/lat "
               f"(EPSG:{settings.STORAGE_EPSG}) with to_storage_crs() first")
        raise CRSError(msg)


def central_meridian_of(gdf: gpd.GeoDataFrame | gpd.GeoSeries) -> int:
    """Central meridian (°E) of the 3-degree Gauss-Kruger zone at the centre of ``gdf``'s bounds.

    Used as the zone of data already in use (e.g. a dataset's zones) where a file's 6-digit
    Gauss-Kruger eastings do not say theirs; 114 for Zhumadian.
    """
    check_geographic(gdf)
    minx, _, maxx, _ = gdf.total_bounds
    return int(gk3_central_meridian((minx + maxx) / 2))


def area_crs(gdf: gpd.GeoDataFrame | gpd.GeoSeries) -> CRS:
    """The Gauss-Kruger CRS for the whole of ``gdf``, from the centre of its bounds (EPSG:4547 for
    Zhumadian). Use for drawing or for measuring a dataset that fits in one 3-degree zone."""
    return CRS.from_epsg(gk3_epsg(central_meridian_of(gdf)))


def area_m2(geoms: gpd.GeoSeries | gpd.GeoDataFrame) -> pd.Series:
    """Area of every geometry in m², each measured in its own 3-degree Gauss-Kruger zone.

    Parameters
    ----------
    geoms
        Geometries in a geographic CRS (CGCS2000 or WGS84) or in a projected CRS with metre units,
        which is used as it is.

    Returns
    -------
    pandas.Series
        Area in m² on the same index; empty or missing geometries give 0.
    """
    series = geoms.geometry if isinstance(geoms, gpd.GeoDataFrame) else geoms
    if series.crs is not None and series.crs.is_projected:
        if series.crs.to_epsg() == 3857:
            msg = "areas in Web Mercator (EPSG:3857) are inflated ≈ 1/cos²(latitude); use lon/lat"
            raise CRSError(msg)
        return pd.Series(series.area.to_numpy(), index=series.index, dtype=float)
    check_geographic(series, what="geometries to measure")
    out = np.zeros(len(series), dtype=float)
    present = ~(series.isna() | series.is_empty).to_numpy()
    if present.any():
        geoms = series.to_numpy()[present]
        # the zone of a point on the surface; it lies within the bounds, so a geometry whose bounds
        # sit in one zone needs no point computed (most do: zones are 3° wide)
        bounds = shapely.bounds(geoms)
        cms = gk3_central_meridian(bounds[:, 0])
        straddle = cms != gk3_central_meridian(bounds[:, 2])
        if straddle.any():
            cms[straddle] = gk3_central_meridian(shapely.get_x(shapely.point_on_surface(geoms[straddle])))
        sub = gpd.GeoSeries(geoms, crs=series.crs)
        areas = np.zeros(len(sub), dtype=float)
        for cm in np.unique(cms):
            mask = cms == cm
            areas[mask] = sub[mask].to_crs(epsg=gk3_epsg(int(cm))).area.to_numpy()
        out[present] = areas
    return pd.Series(out, index=series.index, dtype=float)


AreaT = TypeVar("AreaT", pd.Series, float)


def m2_to_mu(area: AreaT) -> AreaT:
    """Convert m² to 亩 with the exact factor 15/10000 (1 亩 = 10000/15 m²)."""
    return area * settings.M2_PER_MU_DENOMINATOR / settings.M2_PER_MU_NUMERATOR


def to_storage_crs(gdf: gpd.GeoDataFrame, *, what: str = "data") -> gpd.GeoDataFrame:
    """Return ``gdf`` in the storage CRS (EPSG:4490); a missing CRS raises :class:`CRSError`."""
    if gdf.crs is None:
        msg = (f"{what} has no CRS; define it (a .prj file, or the GeoPackage's SRS) as "
               f"EPSG:{settings.STORAGE_EPSG} or a CGCS2000 Gauss-Kruger EPSG code")
        raise CRSError(msg)
    if gdf.crs.to_epsg() == settings.STORAGE_EPSG:
        return gdf
    return gdf.to_crs(epsg=settings.STORAGE_EPSG)

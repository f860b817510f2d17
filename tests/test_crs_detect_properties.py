"""Property tests of ``geodata.ingest.crs_detect.decide_crs``.

Random points in China (lon/lat) are projected to a random CGCS2000 3-degree Gauss-Kruger zone, with
and without the zone number prefixed to the easting; the CRS decided from the numbers alone must be
the zone's EPSG code (EPSG:4513 + zone − 25 with prefix; without it the declared one, else the
default meridian, reported), projecting back must give the original points, and the same numbers
with x and y exchanged must be detected as swapped.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import CRS, Transformer

from geodata.crs import gk3_epsg
from geodata.ingest.crs_detect import decide_crs

#: 3-degree zones whose central meridian lies in China: zone 25 (75°E) … 45 (135°E).
ZONES = st.integers(min_value=25, max_value=45)
#: Offsets from the central meridian (a zone is 3° wide) and latitudes of China's land (Hainan to Mohe).
OFFSETS = st.floats(min_value=-1.5, max_value=1.5, allow_nan=False)
LATS = st.floats(min_value=18.5, max_value=53.0, allow_nan=False)
POINTS = st.lists(st.tuples(OFFSETS, LATS), min_size=1, max_size=8)
CGCS2000 = CRS.from_epsg(4490)


def project(zone: int, points: list[tuple[float, float]], *, prefix: bool) -> tuple[np.ndarray, np.ndarray, int]:
    """The points (offset from the CM, lat) in the zone's GK CRS: x, y and that CRS's EPSG code."""
    cm = zone * 3
    epsg = gk3_epsg(cm, zone_prefix=prefix)
    lon = np.array([cm + dx for dx, _ in points])
    lat = np.array([la for _, la in points])
    x, y = Transformer.from_crs(CGCS2000, CRS.from_epsg(epsg), always_xy=True).transform(lon, lat)
    return np.asarray(x, dtype=float), np.asarray(y, dtype=float), epsg


def back_to_lonlat(epsg: int, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    lon, lat = Transformer.from_crs(CRS.from_epsg(epsg), CGCS2000, always_xy=True).transform(x, y)
    return np.asarray(lon), np.asarray(lat)


@settings(deadline=None, max_examples=60)
@given(zone=ZONES, points=POINTS)
def test_zone_prefixed_eastings_give_the_zone(zone, points):
    x, y, epsg = project(zone, points, prefix=True)
    assert epsg == 4513 + zone - 25
    decision = decide_crs(x, y, file_crs=None, declared=None)
    assert (decision.epsg, decision.inferred, decision.swapped) == (epsg, True, False)
    lon, lat = back_to_lonlat(decision.epsg, x, y)
    assert np.allclose(lon, [zone * 3 + dx for dx, _ in points], atol=1e-7)
    assert np.allclose(lat, [la for _, la in points], atol=1e-7)
    # a GeoJSON always claims WGS84: the metres contradict it, so the zone is still inferred
    claimed = decide_crs(x, y, file_crs=CRS.from_epsg(4326), declared=None)
    assert (claimed.epsg, claimed.inferred) == (epsg, True)


@settings(deadline=None, max_examples=60)
@given(zone=ZONES, points=POINTS)
def test_zone_prefixed_swapped_axes_are_detected(zone, points):
    x, y, epsg = project(zone, points, prefix=True)
    decision = decide_crs(y, x, file_crs=None, declared=None)
    assert (decision.epsg, decision.swapped) == (epsg, True)
    assert any("swapped" in w for w in decision.warnings)


@settings(deadline=None, max_examples=60)
@given(zone=ZONES, points=POINTS)
def test_eastings_without_zone_use_the_declared_crs(zone, points):
    x, y, epsg = project(zone, points, prefix=False)
    assert epsg == 4534 + zone - 25
    declared = CRS.from_epsg(epsg)
    decision = decide_crs(x, y, file_crs=None, declared=declared)
    assert (decision.epsg, decision.swapped) == (epsg, False)
    lon, _ = back_to_lonlat(decision.epsg, x, y)
    assert np.allclose(lon, [zone * 3 + dx for dx, _ in points], atol=1e-7)
    swapped = decide_crs(y, x, file_crs=None, declared=declared)
    assert (swapped.epsg, swapped.swapped) == (epsg, True)


@settings(deadline=None, max_examples=60)
@given(zone=ZONES, points=POINTS, swap=st.booleans())
def test_eastings_without_zone_or_declaration_take_the_meridian_of_the_data_in_use(zone, points, swap):
    x, y, _ = project(zone, points, prefix=False)
    a, b = (y, x) if swap else (x, y)
    cm = 3 * zone
    decision = decide_crs(a, b, file_crs=None, declared=None, central_meridian=cm)
    assert (decision.epsg, decision.inferred, decision.swapped) == (gk3_epsg(cm), True, swap)
    assert any(f"{cm}°E" in w and "declared_crs" in w for w in decision.warnings)
    alone = decide_crs(a, b, file_crs=None, declared=None)
    assert alone.crs is None and alone.error and "6-digit" in alone.error


@settings(deadline=None, max_examples=60)
@given(zone=ZONES, points=POINTS, prefix=st.booleans())
def test_the_files_own_gk_crs_is_kept(zone, points, prefix):
    x, y, epsg = project(zone, points, prefix=prefix)
    decision = decide_crs(x, y, file_crs=CRS.from_epsg(epsg), declared=None)
    assert (decision.epsg, decision.inferred, decision.swapped) == (epsg, False, False)


@settings(deadline=None, max_examples=60)
@given(points=st.lists(st.tuples(st.floats(min_value=73.5, max_value=135.0), LATS), min_size=1, max_size=8),
       swap=st.booleans())
def test_lon_lat_in_china_is_cgcs2000_and_swaps_are_found(points, swap):
    lon = np.array([p[0] for p in points])
    lat = np.array([p[1] for p in points])
    a, b = (lat, lon) if swap else (lon, lat)
    decision = decide_crs(a, b, file_crs=None, declared=None)
    assert (decision.epsg, decision.inferred, decision.swapped) == (4490, True, swap)

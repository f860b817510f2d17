"""WGS84 ↔ GCJ-02: published pairs, round trips in metres, the size of the shift, China only."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely
from pyproj import Geod

from geodata.errors import CRSError
from geodata.gcj02 import gcj02_to_wgs84, geoseries_to_gcj02, in_china, wgs84_to_gcj02

GEOD = Geod(ellps="WGS84")

#: (WGS84 lon, lat, GCJ-02 lon, lat) published by the projects' own test suites:
#: - googollee/eviltransform python/test.py ``TESTS`` (Shanghai, Shenzhen, Beijing; there given as
#:   wgsLat, wgsLng, gcjLat, gcjLng and asserted to 6 decimals);
#: - wandergis/coordtransform test/app.js (``wgs84togcj02(116.404, 39.915)`` result comment).
PUBLISHED = [
    (121.5272106, 31.1774276, 121.531541859215, 31.17530398364597),  # eviltransform: Shanghai
    (113.912316, 22.543847, 113.9171764808363, 22.540796131694766),  # eviltransform: Shenzhen
    (116.377817, 39.911954, 116.38404722455657, 39.91334545536069),  # eviltransform: Beijing
    (116.404, 39.915, 116.41024449916938, 39.91640428150164),  # coordtransform: Beijing
]


def metres(lon1, lat1, lon2, lat2) -> np.ndarray:
    """Ellipsoidal distance (m) between two sets of points."""
    return np.asarray(GEOD.inv(lon1, lat1, lon2, lat2)[2])


@pytest.mark.parametrize(("lon", "lat", "glon", "glat"), PUBLISHED)
def test_published_pairs(lon, lat, glon, glat):
    got = wgs84_to_gcj02(lon, lat)
    assert isinstance(got[0], float)
    assert got == pytest.approx((glon, glat), abs=1e-8)  # 1e-8° ≈ 1 mm
    # and back: the iterative inverse lands on the WGS84 point within a few millimetres
    back = gcj02_to_wgs84(glon, glat)
    assert metres(back[0], back[1], lon, lat) < 0.01


def test_vectorised_matches_scalar():
    lons, lats = np.array([p[0] for p in PUBLISHED]), np.array([p[1] for p in PUBLISHED])
    glon, glat = wgs84_to_gcj02(lons, lats)
    assert glon.shape == (4,)
    np.testing.assert_allclose(glon, [p[2] for p in PUBLISHED], atol=1e-8)
    np.testing.assert_allclose(glat, [p[3] for p in PUBLISHED], atol=1e-8)
    # lists and scalars broadcast like numpy
    glon2, _ = wgs84_to_gcj02([114.1, 114.2], 33.0)
    assert glon2.shape == (2,)


def test_round_trip_within_half_a_metre_across_china():
    # every 1° from 75°E to 134°E and 18°N to 53°N (2 160 points)
    lon, lat = np.meshgrid(np.arange(75.0, 134.5, 1.0), np.arange(18.0, 53.5, 1.0))
    lon, lat = lon.ravel(), lat.ravel()
    assert in_china(lon, lat).all()
    glon, glat = wgs84_to_gcj02(lon, lat)
    back_lon, back_lat = gcj02_to_wgs84(glon, glat)
    assert metres(back_lon, back_lat, lon, lat).max() < 0.5
    # in fact the iteration converges far below 1e-7° (about 1 cm)
    assert np.abs(back_lon - lon).max() < 1e-7
    assert np.abs(back_lat - lat).max() < 1e-7


def test_offset_near_zhumadian_is_a_few_hundred_metres():
    lon, lat = 114.1, 33.0
    glon, glat = wgs84_to_gcj02(lon, lat)
    # computed with this formula: +0.005964° lon (≈ 557 m east), −0.001699° lat (≈ 188 m south)
    assert glon - lon == pytest.approx(0.005964, abs=2e-6)
    assert glat - lat == pytest.approx(-0.001699, abs=2e-6)
    assert 300 < metres(lon, lat, glon, glat) < 800


@pytest.mark.parametrize(("lon", "lat"), [
    (2.3522, 48.8566),  # Paris
    (-74.006, 40.7128),  # New York
    (139.6917, 35.6895),  # Tokyo: east of the box
    (103.8198, 1.3521),  # Singapore: south of the box
    (0.0, 0.0),
])
def test_unchanged_outside_china(lon, lat):
    assert wgs84_to_gcj02(lon, lat) == (lon, lat)
    assert gcj02_to_wgs84(lon, lat) == (lon, lat)


def test_mixed_arrays_shift_only_the_points_in_china():
    glon, glat = wgs84_to_gcj02(np.array([114.1, 2.3522]), np.array([33.0, 48.8566]))
    assert glon[0] != 114.1
    assert (glon[1], glat[1]) == (2.3522, 48.8566)


def test_geoseries_shift_is_display_only():
    square = shapely.box(114.1, 33.0, 114.11, 33.01)
    geoms = gpd.GeoSeries([square, shapely.Point(2.35, 48.85)], index=[7, 9], crs=4490, name="g")
    shifted = geoseries_to_gcj02(geoms)
    assert list(shifted.index) == [7, 9] and shifted.crs == geoms.crs and shifted.name == "g"
    assert geoms.iloc[0].equals(square)  # the input is untouched
    xy = shapely.get_coordinates(square)
    expected = np.column_stack(wgs84_to_gcj02(xy[:, 0], xy[:, 1]))
    np.testing.assert_allclose(shapely.get_coordinates(shifted.iloc[0]), expected, atol=1e-12)
    assert shifted.iloc[1].equals(geoms.iloc[1])  # Paris stays
    # a polygon keeps its shape: over 1 km the shift varies by well under a metre (area −0.04 %)
    assert shifted.iloc[0].area == pytest.approx(square.area, rel=1e-3)


def test_geoseries_in_metres_is_refused():
    geoms = gpd.GeoSeries([shapely.Point(500_000, 3_650_000)], crs=4547)
    with pytest.raises(CRSError, match="to_crs"):
        geoseries_to_gcj02(geoms)

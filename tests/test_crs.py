"""Areas agree with the definition (1 亩 = 10000/15 m²) and with geodesic truth."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely
from pyproj import Geod

from geodata import crs
from geodata.errors import CRSError

GEOD = Geod(ellps="GRS80")  # CGCS2000's ellipsoid


def geodesic_area(geom) -> float:
    return abs(GEOD.geometry_area_perimeter(geom)[0])


def test_rectangle_in_gk_is_exactly_90_mu():
    rect = gpd.GeoSeries([shapely.box(500_000, 3_650_000, 500_300, 3_650_200)], crs=4547)
    area = crs.area_m2(rect).iloc[0]
    assert area == 60_000                      # 300 m × 200 m, measured in its own CRS
    assert crs.m2_to_mu(area) == 90            # 60 000 × 15 / 10 000, exactly
    assert area / 10_000 == 6                  # 6 ha
    lonlat = crs.area_m2(rect.to_crs(4490)).iloc[0]  # round trip through CGCS2000 lon/lat
    assert lonlat == pytest.approx(60_000, rel=1e-9)


@pytest.mark.parametrize(("lon", "lat"), [(114.10, 32.98), (115.45, 32.75), (113.30, 32.70)])
def test_real_size_polygon_agrees_with_geodesic_area(lon, lat):
    # an irregular 5 km × 4 km polygon (≈ 14 km²), also near the edge of a 3-degree zone
    d = 0.01
    ring = [(lon, lat), (lon + 5 * d, lat + 0.2 * d), (lon + 5.4 * d, lat + 3.6 * d),
            (lon + 2 * d, lat + 4 * d), (lon - 0.4 * d, lat + 2.5 * d)]
    poly = shapely.Polygon(ring)
    ours = crs.area_m2(gpd.GeoSeries([poly], crs=4490)).iloc[0]
    assert ours == pytest.approx(geodesic_area(poly), rel=5e-4)


def test_web_mercator_refused():
    rect = gpd.GeoSeries([shapely.box(0, 0, 10, 10)], crs=3857)
    with pytest.raises(CRSError, match="Web Mercator"):
        crs.area_m2(rect)


@pytest.mark.parametrize(("lon", "cm"), [(114.1, 114), (112.6, 114), (115.49, 114),
                                         (112.4, 111), (115.6, 117)])
def test_central_meridian(lon, cm):
    assert int(crs.gk3_central_meridian(lon)) == cm


def test_gk_epsg_codes():
    assert crs.gk3_epsg(114) == 4547
    assert crs.gk3_epsg(114, zone_prefix=True) == 4526   # zone 38
    assert crs.gk3_epsg(75) == 4534 and crs.gk3_epsg(135) == 4554
    with pytest.raises(CRSError, match="multiple of 3"):
        crs.gk3_epsg(113)


def test_area_crs_for_zhumadian():
    pts = gpd.GeoSeries([shapely.box(114.05, 32.94, 114.16, 33.02)], crs=4490)
    assert crs.area_crs(pts).to_epsg() == 4547


def test_missing_geometries_have_zero_area():
    s = gpd.GeoSeries([None, shapely.Polygon()], crs=4490)
    assert list(crs.area_m2(s)) == [0.0, 0.0]


def test_no_crs_refused():
    with pytest.raises(CRSError, match="no CRS"):
        crs.area_m2(gpd.GeoSeries([shapely.box(0, 0, 1, 1)]))


def test_each_geometry_is_measured_in_the_zone_of_a_point_on_its_surface():
    # the 115.5°E zone border runs through the first two boxes: the point on the surface (the middle
    # of the widest horizontal run, ≈ 115.68°E and ≈ 115.33°E) picks CM 117°E (EPSG:4548) and CM 114°E
    # (EPSG:4547); the third box lies wholly in CM 114°E's zone, the fourth in CM 117°E's.
    boxes = [shapely.box(115.45, 33.0, 115.9, 33.1), shapely.box(115.1, 33.0, 115.55, 33.1),
             shapely.box(114.0, 33.0, 114.2, 33.1), shapely.box(116.0, 33.0, 116.2, 33.1)]
    expected = [gpd.GeoSeries([b], crs=4490).to_crs(epsg).area.iloc[0]
                for b, epsg in zip(boxes, [4548, 4547, 4547, 4548], strict=True)]
    assert list(crs.area_m2(gpd.GeoSeries(boxes, crs=4490))) == expected

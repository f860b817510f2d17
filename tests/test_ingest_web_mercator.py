"""Issue 19: Web-Mercator metres in a file that claims lon/lat are recognised, converted and said so."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from geodata.ingest import parcels_from_file


def test_web_mercator_metres_in_a_lon_lat_geojson_are_converted(tmp_path):
    # a 300 m × 200 m parcel (90 亩) drawn in Gauss-Kruger 114°E, exported as Web-Mercator metres but
    # labelled WGS84 (what a GeoJSON always claims)
    true = gpd.GeoDataFrame({"宗地编号": ["W-1"], "地类": ["A2"]},
                            geometry=[shapely.box(500_000, 3_650_000, 500_300, 3_650_200)], crs=4547)
    mercator = true.to_crs(3857)
    x, y = mercator.geometry.iloc[0].centroid.coords[0]
    assert 1.2e7 < x < 1.3e7 and 3.8e6 < y < 4.0e6                  # metres, nowhere near lon/lat
    path = tmp_path / "mercator.geojson"
    mercator.set_crs(4326, allow_override=True).to_file(path)
    result = parcels_from_file(path)
    report = result.report
    assert report.epsg == 3857 and report.crs_inferred
    assert report.accepted == 1
    assert report.total_area_mu == pytest.approx(90, rel=1e-3)     # the true area, not Mercator's ≈ 1.4×
    warned = [p.message for p in report.problems if "Web-Mercator" in p.message and p.severity == "warning"]
    assert len(warned) == 1 and "converted from EPSG:3857" in warned[0], warned

"""Issue 19: data that contradicts what it claims is recognised and said: Web-Mercator metres in a file
that claims lon/lat (converted), a cell whose own 万/亿 sits under a header already in 万元 (flagged)."""

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


def test_a_value_whose_own_unit_contradicts_its_header_is_flagged(tmp_path):
    """«3.5万» under 2024年税收(万元) reads as 35 000 万元 (the header's 万元 times the cell's 万): said so."""
    import pandas as pd

    parcels = gpd.GeoDataFrame({"宗地编号": ["A-1", "A-2", "A-3"], "地类": ["A2", "A2", "A2"]},
                               geometry=[shapely.box(500_000 + 400 * i, 3_650_000, 500_300 + 400 * i, 3_650_200)
                                         for i in range(3)], crs=4547)
    gpkg = tmp_path / "mine.gpkg"
    parcels.to_file(gpkg, layer="parcels")
    table = tmp_path / "tax.csv"
    pd.DataFrame({"宗地编号": ["A-1", "A-2", "A-3"], "2024年税收(万元)": ["3.5万", "120", "0.5亿"]}).to_csv(
        table, index=False)
    report = parcels_from_file(gpkg, attributes=table).report
    flagged = {p.key: p for p in report.problems if "carries its own" in p.message}
    assert set(flagged) == {"A-1", "A-3"}                                # «120» is plain
    assert flagged["A-1"].severity == "warning" and flagged["A-1"].value == "3.5万"
    assert "35,000 万元" in flagged["A-1"].message and "write 3.5" in flagged["A-1"].message
    assert "50,000,000 万元" in flagged["A-3"].message and "write 0.5" in flagged["A-3"].message
    taxes = {r["parcel_id"]: r["tax_wan_2024"] for r in report.parcels}
    assert taxes == {"A-1": 35_000.0, "A-2": 120.0, "A-3": 50_000_000.0}     # read as typed, not guessed


def test_crs_findings_carry_codes_the_page_words(tmp_path):
    """The Web-Mercator file's CRS findings in Chinese on a Chinese page (the loader's text stays English)."""
    from dashboard.pages.upload_report import problem_text

    true = gpd.GeoDataFrame({"宗地编号": ["W-1"], "地类": ["A2"]},
                            geometry=[shapely.box(500_000, 3_650_000, 500_300, 3_650_200)], crs=4547)
    path = tmp_path / "mercator.geojson"
    true.to_crs(3857).set_crs(4326, allow_override=True).to_file(path)
    report = parcels_from_file(path).report
    coded = {p.code: p for p in report.problems if p.field == "crs"}
    assert set(coded) == {"crs_file_contradicted", "crs_inferred", "crs_web_mercator"}
    assert problem_text(coded["crs_inferred"], "zh").startswith(
        "mercator.geojson：文件未给出可用的坐标系，已根据坐标推断为 EPSG:3857（median x=")
    assert "已由 EPSG:3857 换算" in problem_text(coded["crs_web_mercator"], "zh")
    assert problem_text(coded["crs_file_contradicted"], "en").startswith("mercator.geojson: the file says EPSG:4326")


def test_geometry_findings_carry_codes_the_page_words(tmp_path):
    """A point, a self-intersecting bow-tie and a duplicate polygon (hand-made) in the page's language."""
    from dashboard.pages.upload_report import problem_text

    box = shapely.box(500_000, 3_650_000, 500_300, 3_650_200)
    bowtie = shapely.Polygon([(501_000, 3_650_000), (501_300, 3_650_200), (501_300, 3_650_000),
                              (501_000, 3_650_200)])
    gdf = gpd.GeoDataFrame({"宗地编号": ["G-1", "G-2", "G-3", "G-4"], "地类": ["A2"] * 4},
                           geometry=[box, shapely.Point(500_500, 3_650_500), bowtie, box], crs=4547)
    path = tmp_path / "shapes.gpkg"
    gdf.to_file(path, layer="parcels")
    coded = {p.code: p for p in parcels_from_file(path).report.problems if p.code}
    assert problem_text(coded["geometry_not_polygon"], "zh") == (
        "shapes.gpkg 第 2 行（G-2）：图形为 Point，不是面，本行被拒绝；宗地是面状要素，请导出宗地多边形而非点或线")
    assert problem_text(coded["geometry_repaired"], "zh").startswith("shapes.gpkg 第 3 行（G-3）：多边形无效（")
    assert problem_text(coded["geometry_duplicate"], "en") == (
        "shapes.gpkg, row 4 (G-4): the same polygon as row 1, which was kept; rejected. Delete the duplicate row")

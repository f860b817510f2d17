"""parcels_from_file: every source, CRS inference, encodings, joins and the report (hand-computed).

All input files are written by the tests into tmp_path. The reference parcel is 300 m × 200 m:
60 000 m² = 60 000 × 15 / 10 000 = 90 亩.
"""

from __future__ import annotations

import json
import warnings
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from dashboard.cli import check as check_cmd
from geodata.dataset import normalise_layer
from geodata.ingest import parcels_from_file

X6, Y = 500_000.0, 3_650_000.0          # EPSG:4547 (CM 114°E), ≈ 33°N: Zhumadian
X8 = 38_000_000.0 + X6                  # the same point with zone 38 prefixed: EPSG:4526
MU_300x200 = 60_000 * 15 / 10_000       # = 90 亩


def boxes(x0: float, y0: float, sizes: list[tuple[float, float]]) -> list[shapely.Polygon]:
    """Rectangles of (width, height) metres side by side from (x0, y0), 10 m apart."""
    out, x = [], x0
    for w, h in sizes:
        out.append(shapely.box(x, y0, x + w, y0 + h))
        x += w + 10
    return out


def write(frame: gpd.GeoDataFrame, path: Path, **kwargs) -> Path:
    """Write quietly (no CRS, laundered DBF names are intended here)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame.to_file(path, **kwargs)
    return path


def shapefile_without_prj(tmp_path: Path, frame: gpd.GeoDataFrame, name: str = "p") -> Path:
    path = write(frame, tmp_path / f"{name}.shp")
    path.with_suffix(".prj").unlink(missing_ok=True)
    return path


def problems(report, field=None, severity=None):
    return [p for p in report.problems if (field is None or p.field == field)
            and (severity is None or p.severity == severity)]


def test_zone_prefixed_shapefile_without_prj_is_inferred_4526(tmp_path):
    frame = gpd.GeoDataFrame({"DKBM": ["P1"]}, geometry=boxes(X8, Y, [(300, 200)]), crs=None)
    result = parcels_from_file(shapefile_without_prj(tmp_path, frame))
    r = result.report
    assert (r.epsg, r.crs_inferred, r.swapped_xy) == (4526, True, False)   # zone 38 → 4513 + 38 − 25
    assert r.parcels[0]["area_mu"] == pytest.approx(MU_300x200, rel=1e-6)
    assert result.parcels.crs.to_epsg() == 4490
    assert result.parcels["parcel_id"].tolist() == ["P1"]
    assert any("inferred EPSG:4526" in p.message for p in problems(r, "crs"))


def test_geojson_claims_wgs84_but_holds_gk_metres(tmp_path):
    feature = {"type": "Feature", "properties": {"宗地编号": "G1"},
               "geometry": shapely.geometry.mapping(boxes(X8, Y, [(300, 200)])[0])}
    path = tmp_path / "p.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8")
    r = parcels_from_file(path).report
    assert (r.epsg, r.crs_inferred) == (4526, True)
    assert r.total_area_mu == pytest.approx(MU_300x200, rel=1e-6)


def test_six_digit_gk_with_declared_4547(tmp_path):
    frame = gpd.GeoDataFrame({"ZDDM": ["P1"]}, geometry=boxes(X6, Y, [(300, 200)]), crs=None)
    r = parcels_from_file(shapefile_without_prj(tmp_path, frame), declared_crs=4547).report
    assert (r.epsg, r.crs_inferred) == (4547, False)
    assert r.parcels[0]["area_mu"] == pytest.approx(90, rel=1e-6)
    assert not problems(r, "crs", "warning")


def test_six_digit_gk_takes_the_meridian_of_the_data_in_use(tmp_path):
    frame = gpd.GeoDataFrame({"ZDDM": ["P1"]}, geometry=boxes(X6, Y, [(300, 200)]), crs=None)
    r = parcels_from_file(shapefile_without_prj(tmp_path, frame), central_meridian=114).report
    assert (r.epsg, r.crs_inferred) == (4547, True)
    assert r.parcels[0]["area_mu"] == pytest.approx(90, rel=1e-6)
    assert any("114°E" in p.message and "declared_crs" in p.message for p in problems(r, "crs", "warning"))
    # another city's data: its zones at 117°E make the same file EPSG:4548 (no place is built in)
    assert parcels_from_file(shapefile_without_prj(tmp_path, frame), central_meridian=117).report.epsg == 4548


def test_six_digit_gk_with_nothing_to_go_on_asks_for_the_crs(tmp_path):
    frame = gpd.GeoDataFrame({"ZDDM": ["P1", "P2"]}, geometry=boxes(X6, Y, [(300, 200), (100, 100)]), crs=None)
    r = parcels_from_file(shapefile_without_prj(tmp_path, frame)).report
    assert not r.loadable and r.epsg is None
    errors = problems(r, "crs", "error") + problems(r, "geometry", "error")
    assert any("6-digit" in p.message and "4547" in p.message and "--crs" in p.message for p in errors), errors


def test_check_command_takes_the_meridian_from_its_option(tmp_path, capsys):
    frame = gpd.GeoDataFrame({"ZDDM": ["P1"]}, geometry=boxes(X6, Y, [(300, 200)]), crs=None)
    path = str(shapefile_without_prj(tmp_path, frame))
    code, out = check(["check", path, "--central-meridian", "114"], capsys)
    assert code == 0 and "EPSG:4547" in out and "90.00 亩" in out
    code, out = check(["check", path], capsys)
    assert code == 1 and "6-digit" in out


def test_swapped_xy_is_detected_and_swapped_back(tmp_path):
    swapped = [shapely.transform(g, lambda xy: xy[:, ::-1]) for g in boxes(X6, Y, [(300, 200)])]
    frame = gpd.GeoDataFrame({"ZDDM": ["P1"]}, geometry=swapped, crs=None)
    r = parcels_from_file(shapefile_without_prj(tmp_path, frame), declared_crs="EPSG:4547").report
    assert (r.epsg, r.swapped_xy) == (4547, True)
    assert r.parcels[0]["area_mu"] == pytest.approx(90, rel=1e-6)
    assert any("swapped" in p.message for p in problems(r, "crs", "warning"))


def test_lon_lat_without_prj_is_cgcs2000(tmp_path):
    frame = gpd.GeoDataFrame({"ZDDM": ["P1"]}, geometry=[shapely.box(114.0, 33.0, 114.001, 33.001)], crs=None)
    result = parcels_from_file(shapefile_without_prj(tmp_path, frame))
    assert (result.report.epsg, result.report.crs_inferred) == (4490, True)
    assert result.parcels.geometry.iloc[0].bounds == pytest.approx((114.0, 33.0, 114.001, 33.001))


def test_unknown_coordinates_make_the_file_not_loadable(tmp_path):
    frame = gpd.GeoDataFrame({"ZDDM": ["P1"]}, geometry=[shapely.box(1, 1, 2, 2)], crs=None)
    r = parcels_from_file(shapefile_without_prj(tmp_path, frame)).report
    assert not r.loadable and r.features == r.rejected == 1
    assert any("cannot be determined" in p.message for p in r.problems)


def gbk_zip(tmp_path: Path) -> Path:
    frame = gpd.GeoDataFrame({"宗地编号": ["甲001", "乙002"], "地类": ["工业用地", "城镇住宅用地"]},
                             geometry=boxes(X6, Y, [(300, 200), (100, 100)]), crs=4547)
    shp = write(frame, tmp_path / "gbk.shp", encoding="gbk")
    shp.with_suffix(".cpg").unlink(missing_ok=True)
    path = tmp_path / "parcels.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for part in tmp_path.glob("gbk.*"):
            archive.write(part, part.name)
    return path


def test_zipped_gbk_shapefile_without_cpg_is_decoded(tmp_path):
    result = parcels_from_file(gbk_zip(tmp_path))
    r = result.report
    assert r.encoding == "GBK"
    assert result.parcels["parcel_id"].tolist() == ["甲001", "乙002"]
    assert result.parcels["land_class"].tolist() == ["A2", "A1"]
    assert ("宗地编号", "parcel_id") in {(m.source, m.field) for m in r.mappings}
    assert any("re-read as GBK" in p.message for p in problems(r, "encoding"))


def test_xlsx_tax_table_joined_and_converted_to_wan(tmp_path):
    path = tmp_path / "tax.xlsx"
    pd.DataFrame({"宗地编号": ["甲001", "乙002"], "税收(元)": ["1,234,500", "12.3万"]}).to_excel(path, index=False)
    # the data in use holds 2023 and 2024: a tax column without a year is taken as 2024's
    result = parcels_from_file(gbk_zip(tmp_path), attributes=path, tax_years=(2023, 2024))
    # 1 234 500 元 ÷ 10 000 = 123.45 万元; 12.3万 元 = 123 000 元 = 12.3 万元
    assert result.parcels["tax_wan_2024"].tolist() == pytest.approx([123.45, 12.3])
    first = result.report.parcels[0]
    assert first["area_mu"] == pytest.approx(90, rel=1e-6)
    assert first["tax_per_mu"] == pytest.approx(123.45 / 90, rel=1e-6)
    assert first["tax_year"] == 2024
    assert any("taken as 2024" in p.message for p in problems(result.report, "tax_wan_2024", "info"))


def test_csv_with_bom_and_unmatched_keys_both_ways(tmp_path):
    frame = gpd.GeoDataFrame({"地块编号": ["A", "B", "C"]}, geometry=boxes(X6, Y, [(300, 200)] * 3), crs=4547)
    gpkg = write(frame, tmp_path / "p.gpkg", layer="parcels")
    table = tmp_path / "t.csv"
    table.write_bytes("地块编号,2023年税收(万元),从业人数\nA,90,10\nB,—,\nZ,5,1\n".encode("utf-8-sig"))
    result = parcels_from_file(gpkg, attributes=table)
    r = result.report
    assert r.unmatched_in_table == ["Z"] and r.missing_from_table == ["C"]
    d = r.to_dict()["unmatched_keys"]
    assert d == {"in_table": ["Z"], "missing_from_table": ["C"]}
    assert result.parcels["tax_wan_2023"].tolist()[0] == 90
    assert np.isnan(result.parcels["tax_wan_2023"].tolist()[1])           # "—" is missing, not 0
    assert r.parcels[0]["tax_per_mu"] == pytest.approx(1.0, rel=1e-6)    # 90 万元 / 90 亩
    assert r.parcels[1]["tax_per_mu"] is None
    assert any(p.row == 4 and p.source == "table" for p in r.problems)   # Z is spreadsheet row 4


def test_bow_tie_repaired_point_rejected_duplicates_reported(tmp_path):
    bow_tie = shapely.Polygon([(X6, Y), (X6 + 100, Y + 100), (X6 + 100, Y), (X6, Y + 100)])
    geoms = [*boxes(X6, Y + 1000, [(300, 200), (100, 100)]), bow_tie, shapely.Point(X6, Y),
             boxes(X6, Y + 1000, [(300, 200)])[0], shapely.box(X6, Y + 5000, X6 + 50, Y + 5050)]
    frame = gpd.GeoDataFrame({"宗地编号": ["P1", "P2", "P3", "P4", "P5", "P2"]}, geometry=geoms, crs=4547)
    r = parcels_from_file(write(frame, tmp_path / "mixed.gpkg")).report
    assert (r.features, r.accepted, r.repaired, r.rejected) == (6, 3, 1, 3)
    assert r.features == r.accepted + r.rejected
    rejected_rows = {p.row for p in r.problems if p.severity == "error"}
    assert rejected_rows == {4, 5, 6}                        # point, duplicate geometry, duplicate key
    bow = next(p for p in r.parcels if p["parcel_id"] == "P3")
    assert bow["area_m2"] == pytest.approx(2 * 0.5 * 100 * 50, rel=1e-6)   # two triangles of 100 × 50 / 2
    messages = " ".join(p.message for p in r.problems)
    assert "Point" in messages and "same polygon as row 1" in messages and "'P2' already used by row 2" in messages


def test_non_finite_and_out_of_range_coordinates_rejected(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # shapely warns when building a NaN ring
        nan_ring = shapely.Polygon([(114, 33), (np.nan, 33), (114, 34)])
    geoms = [shapely.box(114.0, 33.0, 114.001, 33.001), nan_ring, shapely.box(10.0, 33.0, 10.001, 33.001)]
    frame = gpd.GeoDataFrame({"ZDDM": ["a", "b", "c"]}, geometry=geoms, crs=4490)
    r = parcels_from_file(write(frame, tmp_path / "p.gpkg")).report
    assert (r.accepted, r.rejected) == (1, 2)
    messages = " ".join(p.message for p in r.problems if p.severity == "error")
    assert "NaN or infinite" in messages and "outside China" in messages


def test_boundary_without_key_gets_row_keys(tmp_path):
    frame = gpd.GeoDataFrame({"名称": ["园区"]}, geometry=boxes(X6, Y, [(300, 200)]), crs=4547)
    result = parcels_from_file(write(frame, tmp_path / "boundary.geojson"))
    assert result.parcels["parcel_id"].tolist() == ["ROW-000001"]
    assert result.report.keys_generated and result.report.loadable
    assert result.parcels["名称"].tolist() == ["园区"]                 # unmapped columns kept


def test_csv_with_wkt_and_no_crs(tmp_path):
    path = tmp_path / "parcels.csv"
    wkt = boxes(X8, Y, [(300, 200)])[0].wkt
    path.write_text(f'宗地号,WKT\nW1,"{wkt}"\nW2,not wkt\n', encoding="utf-8")
    result = parcels_from_file(path)
    r = result.report
    assert (r.epsg, r.crs_inferred, r.accepted, r.rejected) == (4526, True, 1, 1)
    assert any(p.row == 3 and "not readable WKT" in p.message for p in r.problems)   # header is row 1


def test_values_units_land_codes_and_negative_numbers(tmp_path):
    frame = gpd.GeoDataFrame({
        "DKBM": ["1", "2", "3", "4"],
        "用地用海代码": ["1001", "1101", "0701", "9999"],      # 2023 scheme named in the header
        "建筑面积(公顷)": ["1.5", "-2", "", "x"],
        "能耗(千克标煤)": ["2,000", "1", "1", "1"],
        "是否供应": ["是", "否", "1", "?"],
    }, geometry=boxes(X6, Y, [(300, 200)] * 4), crs=4547)
    result = parcels_from_file(write(frame, tmp_path / "v.gpkg"))
    p = result.parcels
    assert p["land_class"].tolist()[:3] == ["A2", "A2", "A1"] and p["land_class"].isna().tolist()[3]
    assert p["floor_area_m2"].tolist()[0] == pytest.approx(15_000)       # 1.5 公顷 × 10 000
    assert p["floor_area_m2"].isna().tolist()[1:] == [True, True, True]  # negative, blank, garbage
    assert p["energy_tce"].tolist()[0] == pytest.approx(2.0)            # 2 000 kg ÷ 1 000
    assert p["supplied"].tolist()[:3] == [True, False, True]
    msgs = {p.row: p.message for p in result.report.problems if p.field == "land_class"}
    assert "9999" in msgs[4] and "A1, A2" in msgs[4]
    assert any("negative" in q.message and q.row == 2 for q in result.report.problems)


def test_explicit_override_and_key(tmp_path):
    frame = gpd.GeoDataFrame({"编号X": ["k1"], "我的税": ["5"]}, geometry=boxes(X6, Y, [(300, 200)]), crs=4547)
    result = parcels_from_file(write(frame, tmp_path / "o.gpkg"), key="编号X", overrides={"我的税": "tax_wan_2023"})
    assert result.parcels["parcel_id"].tolist() == ["k1"]
    assert result.parcels["tax_wan_2023"].tolist() == [5.0]


def test_complete_file_is_accepted_by_normalise_layer(tmp_path):
    frame = gpd.GeoDataFrame({
        "宗地编号": ["P1"], "开发区编号": ["z"], "地类": ["工业用地"], "是否供应": ["是"], "是否建成": ["是"],
        "是否闲置": ["否"], "2024年税收": ["990"]}, geometry=boxes(X6, Y, [(300, 200)]), crs=4547)
    result = parcels_from_file(write(frame, tmp_path / "full.gpkg"))
    assert result.report.schema_complete
    layer = normalise_layer("parcels", result.parcels, source="full.gpkg")
    assert layer["tax_wan_2024"].tolist() == [990.0]
    assert result.report.parcels[0]["tax_per_mu"] == pytest.approx(11.0, rel=1e-6)   # 990 / 90


def test_parcels_outside_every_section_are_reported(tmp_path):
    frame = gpd.GeoDataFrame({"宗地编号": ["in", "out"]},
                             geometry=[shapely.box(X6, Y, X6 + 10, Y + 10), shapely.box(X6 + 900, Y, X6 + 910, Y + 10)],
                             crs=4547)
    sections = gpd.GeoDataFrame({"section_id": ["s"]}, geometry=[shapely.box(X6 - 5, Y - 5, X6 + 50, Y + 50)],
                                crs=4547)
    r = parcels_from_file(write(frame, tmp_path / "s.gpkg"), sections=sections).report
    assert [p.key for p in r.problems if "outside every section" in p.message] == ["out"]
    assert r.accepted == 2


def test_gcj02_declared_data_is_shifted_back(tmp_path):
    from geodata.gcj02 import wgs84_to_gcj02

    lon, lat = 114.02, 32.98
    glon, glat = wgs84_to_gcj02(lon, lat)
    frame = gpd.GeoDataFrame({"宗地编号": ["g"]}, geometry=[shapely.Point(glon, glat).buffer(0.001)], crs=4326)
    result = parcels_from_file(write(frame, tmp_path / "g.gpkg"), gcj02=True)
    centre = result.parcels.geometry.iloc[0].centroid
    assert (centre.x, centre.y) == pytest.approx((lon, lat), abs=2e-5)   # the shift itself is ≈ 0.005°


def test_unreadable_and_missing_files_are_reports_not_exceptions(tmp_path):
    bad = tmp_path / "bad.gpkg"
    bad.write_bytes(b"not a geopackage")
    for path in (bad, tmp_path / "missing.shp", tmp_path / "notes.docx"):
        r = parcels_from_file(path).report
        assert not r.loadable and r.problems and r.problems[0].severity == "error"


def check(argv: list[str], capsys) -> tuple[int, str]:
    import argparse

    parser = argparse.ArgumentParser()
    check_cmd.add_parser(parser.add_subparsers(dest="command"))
    code = check_cmd.run(parser.parse_args(argv))
    return code, capsys.readouterr().out


def test_check_command_json_and_exit_codes(tmp_path, capsys):
    path = tmp_path / "tax.xlsx"
    pd.DataFrame({"宗地编号": ["甲001"], "税收(元)": ["1,234,500"]}).to_excel(path, index=False)
    code, out = check(["check", str(gbk_zip(tmp_path)), "--attributes", str(path), "--year", "2024", "--json"],
                      capsys)
    report = json.loads(out)
    assert code == 0
    assert {"features", "repaired", "rejected", "epsg", "crs_inferred", "encoding", "total_area_m2",
            "total_area_mu", "problems", "unmatched_keys", "parcels", "loadable"} <= set(report)
    assert set(report["problems"][0]) >= {"row", "key", "field", "value", "message"}
    assert report["unmatched_keys"] == {"in_table": [], "missing_from_table": ["乙002"]}
    assert report["parcels"][0]["tax_per_mu"] == pytest.approx(123.45 / 90, rel=1e-6)


def test_check_command_not_loadable_still_prints_json(tmp_path, capsys):
    points = gpd.GeoDataFrame({"宗地编号": ["a"]}, geometry=[shapely.Point(X6, Y)], crs=4547)
    code, out = check(["check", str(write(points, tmp_path / "pts.gpkg")), "--json"], capsys)
    assert code == 1 and json.loads(out)["loadable"] is False
    code, out = check(["check", str(tmp_path / "nope.zip")], capsys)
    assert code == 1 and "无法载入" in out and "no such file" in out


def test_check_command_text_and_declared_crs(tmp_path, capsys):
    frame = gpd.GeoDataFrame({"ZDDM": ["P1"]}, geometry=boxes(X6, Y, [(300, 200)]), crs=None)
    code, out = check(["check", str(shapefile_without_prj(tmp_path, frame)), "--crs", "4547"], capsys)
    assert code == 0 and "EPSG:4547" in out and "90.00 亩" in out


def negative_problems(report) -> dict[tuple[int, str], object]:
    """(row, field) -> problem for every negative value reported."""
    return {(p.row, p.field): p for p in report.problems if "is negative" in p.message}


@pytest.mark.parametrize("suffix", ["csv", "geojson"])
def test_negative_tax_and_area_are_reported_and_set_missing_rows_kept(tmp_path, suffix):
    """Row 1 (N1) is fine; row 2 (N2) has tax -5 万元 and floor area -100 m²; row 3 (N3) a footprint
    of -1 亩 and a revenue of -2 亿; every bad value names its file, row, key, field, what arrived and
    what was expected, and becomes missing while its row stays."""
    geoms = boxes(X6, Y, [(300, 200)] * 3)
    columns = {"宗地编号": ["N1", "N2", "N3"], "2024年税收(万元)": ["12", "-5", "3"],
               "建筑面积(平方米)": ["1000", "-100", "20"], "基底面积(亩)": ["1", "2", "-1"],
               "营业收入(亿元)": ["1", "2", "-2"]}
    if suffix == "csv":
        path = tmp_path / "neg.csv"
        pd.DataFrame({**columns, "WKT": [g.wkt for g in geoms]}).to_csv(path, index=False)
        result = parcels_from_file(path, declared_crs=4547)
        first = 2   # spreadsheet rows: the header is row 1
    else:
        path = write(gpd.GeoDataFrame(columns, geometry=geoms, crs=4547), tmp_path / "neg.geojson")
        result = parcels_from_file(path)
        first = 1
    r, p = result.report, result.parcels.set_index("parcel_id")
    assert (r.features, r.accepted, r.rejected) == (3, 3, 0)          # no row dropped
    assert p.loc["N1", "tax_wan_2024"] == 12 and p.loc["N1", "floor_area_m2"] == 1000
    assert np.isnan(p.loc["N2", "tax_wan_2024"]) and np.isnan(p.loc["N2", "floor_area_m2"])
    assert np.isnan(p.loc["N3", "footprint_m2"]) and np.isnan(p.loc["N3", "revenue_wan"])
    assert p.loc["N3", "tax_wan_2024"] == 3 and p.loc["N2", "footprint_m2"] == pytest.approx(2 * 10_000 / 15)
    found = negative_problems(r)
    n2, n3 = first + 1, first + 2
    assert set(found) == {(n2, "tax_wan_2024"), (n2, "floor_area_m2"), (n3, "footprint_m2"), (n3, "revenue_wan")}
    tax = found[(n2, "tax_wan_2024")]
    assert (tax.key, tax.value, tax.source) == ("N2", "-5", "parcels")
    assert path.name in tax.message and f"row {n2}" in tax.message and "'-5'" in tax.message
    assert "expected a number ≥ 0 in 万元" in tax.message and "row is kept" in tax.message
    area = found[(n2, "floor_area_m2")]
    assert area.value == "-100" and "expected a number ≥ 0 in 平方米" in area.message
    assert "expected a number ≥ 0 in 亩" in found[(n3, "footprint_m2")].message
    assert all(q.severity == "warning" for q in found.values())     # a value not used, not a row rejected
    assert next(q for q in r.parcels if q["parcel_id"] == "N2")["tax_per_mu"] is None


def test_negative_tax_in_the_attribute_table_and_the_check_command(tmp_path, capsys):
    """The check command used to accept a tax of -5 from the joined table; now it reports table row 3
    (header = row 1) for key 乙002 and leaves that tax out of the parcel's tax per mu."""
    table = tmp_path / "tax.csv"
    pd.DataFrame({"宗地编号": ["甲001", "乙002"], "税收(万元)": ["90", "-5"]}).to_csv(table, index=False)
    code, out = check(["check", str(gbk_zip(tmp_path)), "--attributes", str(table), "--year", "2024", "--json"],
                      capsys)
    report = json.loads(out)
    assert code == 0
    bad = [q for q in report["problems"] if "is negative" in q["message"]]
    assert [(q["row"], q["key"], q["field"], q["value"], q["source"]) for q in bad] == \
        [(3, "乙002", "tax_wan_2024", "-5", "table")]
    assert "tax.csv" in bad[0]["message"] and "≥ 0 in 万元" in bad[0]["message"]
    by_key = {q["parcel_id"]: q for q in report["parcels"]}
    assert by_key["甲001"]["tax_per_mu"] == pytest.approx(1.0)        # 90 万元 over 90 亩
    assert by_key["乙002"]["tax_per_mu"] is None and by_key["乙002"]["tax_wan_2024"] is None

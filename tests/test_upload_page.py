"""The upload page: a user's GBK shapefile and Excel tax table checked in the UI (AppTest)."""

from __future__ import annotations

import io
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from streamlit.testing.v1 import AppTest

from tests.helpers import assert_page_ok

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")


class _Upload:
    """What st.file_uploader hands to the page (name + bytes)."""

    def __init__(self, name: str, data: bytes) -> None:
        self.name = name
        self._data = data

    def getvalue(self) -> bytes:
        return self._data


def test_upload_checks_a_parcel_file_and_a_tax_table(tmp_path, monkeypatch):
    from dashboard.pages import upload_page

    # 300 m × 200 m parcel in Gauss-Kruger 4547 (90 亩) plus a point that must be rejected
    parcels = gpd.GeoDataFrame({"宗地编号": ["A-1", "A-2"], "地类": ["A2", "A2"]},
                               geometry=[shapely.box(500_000, 3_650_000, 500_300, 3_650_200),
                                         shapely.Point(500_500, 3_650_500)], crs=4547)
    gpkg = tmp_path / "mine.gpkg"
    parcels.to_file(gpkg, layer="parcels")
    table = pd.DataFrame({"宗地编号": ["A-1", "B-9"], "税收(元)": ["1,234,500", "12.3万"]})
    buffer = io.BytesIO()
    table.to_excel(buffer, index=False)
    result = upload_page._ingest(_Upload("mine.gpkg", gpkg.read_bytes()), _Upload("tax.xlsx", buffer.getvalue()),
                                 crs=None, gcj02=False, scheme=None, overrides={})
    report = result.report
    assert report.file == "mine.gpkg"
    assert (report.features, report.accepted, report.rejected) == (2, 1, 1)
    assert report.epsg == 4547
    row = result.parcels.iloc[0]
    # no year in the header: the latest year of the data in use (the sample's 2021–2025)
    assert row["tax_wan_2025"] == pytest.approx(123.45)          # 1 234 500 元 = 123.45 万元
    assert report.total_area_mu == pytest.approx(90, rel=1e-6)
    assert report.unmatched_in_table == ["B-9"]


def test_upload_view_renders(monkeypatch):
    monkeypatch.delenv("ZONE_DATA", raising=False)
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["view"] = "upload"
    at.run()
    assert_page_ok(at)
    assert any("宗地图形文件" in str(el.proto) for el in at.get("file_uploader"))


def test_upload_page_checks_an_enterprise_years_table(monkeypatch):
    monkeypatch.delenv("ZONE_DATA", raising=False)
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["view"] = "upload"
    at.query_params["lang"] = "en"
    at.run()
    at.radio(key="up_kind").set_value("enterprise_years").run()
    assert not at.file_uploader(key="up_enterprise_years").value
    # a GBK CSV from the tax office: no year column, the year in its name; a repeated firm, a negative tax
    code = "914117000000000016"  # valid (tests/test_ingest_tables.py)
    text = f"统一社会信用代码,税收(元)\n{code},\"1,234,500\"\n{code},5\n914117000000000029,-3\n"
    at.file_uploader(key="up_enterprise_years").set_value(("税收_2024.csv", text.encode("gbk"), "text/csv")).run()
    assert_page_ok(at)
    assert "税收_2024.csv: 2 of 3 records can be loaded; 1 did not pass" in at.warning[0].value  # one verdict
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Rows read"], metrics["Accepted"], metrics["Rejected"], metrics["Years"]) == ("3", "2", "1", "2024")
    problems, preview = at.dataframe[0].value, at.dataframe[-1].value
    assert list(problems["Severity"]) == ["Note", "Error", "Warning"]     # the year from the file name first
    assert "2024" in problems["Message"].iloc[0] and list(problems["Row"].iloc[1:]) == [3, 4]
    # in the page's language (coded problems): the year from the file name, the repeated firm
    assert problems["Message"].iloc[0] == ("税收_2024.csv: every row is taken as 2024's figures (the year is taken "
                                           "from the file name); give the year if it is another")
    assert problems["Message"].iloc[1].startswith(f"税收_2024.csv, row 3: {code} / 2024 is already in row 2, which")
    assert list(preview["Unified social credit code"]) == [code, "914117000000000029"]
    assert list(preview["Year"]) == [2024, 2024]
    assert preview["Tax paid(10k CNY)"].iloc[0] == pytest.approx(123.45)       # 1 234 500 元
    assert pd.isna(preview["Tax paid(10k CNY)"].iloc[1])                        # the negative: set missing
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Report (JSON)", "Report (text)", "Normalised table (CSV)"]


def test_one_verdict_names_the_missing_fields_and_the_page_fills_them(tmp_path, monkeypatch):
    """Keys, land classes and geometry only: checked, but the zone and the three flags are missing;
    filled in on the page (zone chosen, flags by the defaults), the layer is complete."""
    import json

    monkeypatch.delenv("ZONE_DATA", raising=False)
    parcels = gpd.GeoDataFrame({"宗地编号": ["A-1", "A-2"], "地类": ["A2", "B21"]},
                               geometry=[shapely.box(500_000, 3_650_000, 500_300, 3_650_200),
                                         shapely.box(500_400, 3_650_000, 500_700, 3_650_200)], crs=4547)
    gpkg = tmp_path / "mine.gpkg"
    parcels.to_file(gpkg, layer="parcels")
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["view"] = "upload"
    at.run()
    at.file_uploader(key="up_parcels").set_value(("mine.gpkg", gpkg.read_bytes(), "application/geopackage+sqlite3"))
    at.run()
    assert_page_ok(at)
    assert not at.success                                                    # one verdict, and not «loadable»
    assert at.warning[-1].value == ("mine.gpkg：2/2 条记录通过检查，但缺少看板所需的字段："
                                    "开发区编号，已供应，已建成，闲置；可在下方补全")
    severities = {v for df in at.dataframe if "级别" in df.value.columns for v in df.value["级别"]}
    assert severities and severities <= {"错误", "警告", "说明"}               # in the page's language
    at.selectbox(key="up_fill_zone").set_value("zmd_etdz")
    at.button(key="FormSubmitter:up_fill-补全并重新检查").click().run()
    assert_page_ok(at)
    assert at.success[-1].value.startswith("已补全：2 宗地现为完整的宗地图层")
    download = next(d for d in at.get("download_button") if d.proto.label == "下载补全后的宗地图层（GeoJSON）")
    assert download is not None
    from dashboard.pages import upload_report
    from geodata.ingest import complete

    filled = complete.complete_parcels(at.session_state["_upload_result"][1].parcels, zone_id="zmd_etdz",
                                       flags=complete.FLAGS)
    features = json.loads(filled.to_json(drop_id=True))["features"]
    assert [(f["properties"]["zone_id"], f["properties"]["built"], f["properties"]["idle"]) for f in features] == \
        [("zmd_etdz", True, False), ("zmd_etdz", False, False)]              # A2 built, B21 not
    assert upload_report.verdict(at.session_state["_upload_result"][1].report, [], "en")[0] == "success"


def test_a_money_column_without_a_unit_is_asked_not_assumed(tmp_path, monkeypatch):
    """«2024年税收» says no unit: read in 万元 and asked; answered 元, 1 234 500 becomes 123.45 万元."""
    from geodata.ingest import fields

    mapped, _ = fields.map_columns(["2024年税收"], tax_years=[2024])
    assert (mapped[0].unit, mapped[0].factor, mapped[0].unit_assumed) == ("万元", 1.0, True)
    mapped, _ = fields.map_columns(["2024年税收"], tax_years=[2024], units={"2024年税收": "元"})
    assert (mapped[0].unit, mapped[0].factor, mapped[0].unit_assumed) == ("元", 1e-4, False)
    _, unusable = fields.map_columns(["2024年税收"], tax_years=[2024], units={"2024年税收": "斤"})
    assert "unit '斤' given for column '2024年税收'" in unusable[0].message

    monkeypatch.delenv("ZONE_DATA", raising=False)
    parcels = gpd.GeoDataFrame({"宗地编号": ["A-1"], "地类": ["A2"]},
                               geometry=[shapely.box(500_000, 3_650_000, 500_300, 3_650_200)], crs=4547)
    gpkg = tmp_path / "mine.gpkg"
    parcels.to_file(gpkg, layer="parcels")
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["view"] = "upload"
    at.run()
    at.file_uploader(key="up_parcels").set_value(("mine.gpkg", gpkg.read_bytes(), "application/geopackage+sqlite3"))
    at.file_uploader(key="up_table").set_value(("tax.csv", "宗地编号,2024年税收\nA-1,1234500\n".encode(), "text/csv"))
    at.run()
    assert_page_ok(at)
    question = at.radio(key="up_unit_0")
    assert question.label == "列「2024年税收」的表头未写单位，目前按 万元 读取。它的单位是？"
    assert question.value == "万元"
    assert at.session_state["_upload_result"][1].parcels["tax_wan_2024"].iloc[0] == 1_234_500
    question.set_value("元")
    at.button(key="FormSubmitter:up_units-按所选单位重新检查").click().run()
    assert_page_ok(at)
    assert at.session_state["_upload_result"][1].parcels["tax_wan_2024"].iloc[0] == pytest.approx(123.45)
    assert "列「2024年税收」按 元 读取（已换算为万元）。" in [c.value for c in at.caption]


def test_how_each_column_was_read_is_told_in_the_pages_language(tmp_path):
    from dashboard.pages.upload_report import mapping_table
    from geodata.ingest import parcels_from_file

    parcels = gpd.GeoDataFrame({"宗地编号": ["A-1"], "地类": ["A2"], "2024年税收(元)": [1_234_500]},
                               geometry=[shapely.box(500_000, 3_650_000, 500_300, 3_650_200)], crs=4547)
    gpkg = tmp_path / "mine.gpkg"
    parcels.to_file(gpkg, layer="parcels")
    report = parcels_from_file(gpkg).report
    zh = mapping_table(report, "zh").set_index("文件中的列")
    assert zh.at["2024年税收(元)", "对应字段"] == "2024年税收(万元) · tax_wan_2024"
    assert (zh.at["2024年税收(元)", "读取单位"], zh.at["2024年税收(元)", "换算系数"]) == ("元", 1e-4)
    assert zh.at["2024年税收(元)", "单位为推定"] == "否"
    en = mapping_table(report, "en")
    assert list(en.columns) == ["Column in the file", "Field", "Unit read", "Factor", "Unit assumed",
                                "Year in the header", "Note"]
    assert "Land class · land_class" in set(en["Field"])


def test_coded_problems_are_worded_in_the_pages_language(tmp_path):
    """A repeated key, a value with its own 万 under a 万元 header, a yes/no that is neither and a negative
    area (hand-made): each problem in Chinese on a Chinese page, in English on an English one."""
    from dashboard.pages.upload_report import problem_text
    from geodata.ingest import parcels_from_file

    boxes = [shapely.box(500_000 + 400 * i, 3_650_000, 500_300 + 400 * i, 3_650_200) for i in range(3)]
    parcels = gpd.GeoDataFrame({"宗地编号": ["A-1", "A-1", "A-3"], "地类": ["A2", "A2", "A2"],
                                "是否闲置": ["否", "否", "也许"], "2024年税收(万元)": ["3.5万", "1", "-2"]},
                               geometry=boxes, crs=4547)
    gpkg = tmp_path / "mine.gpkg"
    parcels.to_file(gpkg, layer="parcels")
    report = parcels_from_file(gpkg).report
    coded = {p.code: p for p in report.problems if p.code}
    assert {"duplicate_key", "value_own_multiplier", "value_bool", "value_negative"} <= set(coded)
    assert problem_text(coded["duplicate_key"], "zh") == (
        "mine.gpkg 第 2 行：宗地编号「A-1」已被第 1 行使用（保留第 1 行），本行被拒绝；请为每宗地使用唯一编号")
    assert problem_text(coded["value_own_multiplier"], "zh").endswith(
        "「3.5万」自带「万」，而表头单位已是 万元，因此读作 35,000 万元；若本意是 3.5 万元，请填写 3.5")
    assert problem_text(coded["value_bool"], "zh") == (
        "mine.gpkg 第 3 行（A-3），列「是否闲置」：「也许」不是是/否值，已置为空；请填写 是/否、1/0 或 true/false")
    assert problem_text(coded["value_negative"], "en").startswith(
        "mine.gpkg, row 3 (A-3), column «2024年税收(万元)»: «-2» is negative")
    from geodata.ingest.report import Problem

    for other in (Problem("mine.gpkg: something else"), Problem("x", code="not_in_the_catalogue", params={})):
        assert problem_text(other, "zh") == other.message                    # not coded yet: as the loader says


def test_file_level_findings_are_worded_in_the_pages_language(tmp_path):
    """A table without a key column and a parcel file without zone and flags (hand-made)."""
    from dashboard.pages.upload_report import problem_text
    from geodata.ingest import parcels_from_file

    parcels = gpd.GeoDataFrame({"宗地编号": ["A-1"], "地类": ["A2"]},
                               geometry=[shapely.box(500_000, 3_650_000, 500_300, 3_650_200)], crs=4547)
    gpkg = tmp_path / "mine.gpkg"
    parcels.to_file(gpkg, layer="parcels")
    table = tmp_path / "tax.csv"
    table.write_text("编号X,2024年税收(万元)\nA-1,3\n", encoding="utf-8")
    coded = {p.code: p for p in parcels_from_file(gpkg, attributes=table).report.problems if p.code}
    assert problem_text(coded["table_no_key"], "zh").startswith(
        "tax.csv：未找到宗地编号列（现有列：编号X，2024年税收(万元)）")
    assert problem_text(coded["incomplete_layer"], "zh") == (
        "mine.gpkg：已通过检查，但还不是数据集的完整宗地图层（缺少字段：开发区编号，已供应，已建成，闲置）；可在下方补全")


def test_key_findings_of_the_table_are_worded_in_the_pages_language(tmp_path):
    """Table keys: one empty, one repeated, one that differs from a parcel's only by a leading zero."""
    from dashboard.pages.upload_report import problem_text
    from geodata.ingest import parcels_from_file

    parcels = gpd.GeoDataFrame({"宗地编号": ["007", "008"], "地类": ["A2", "A2"]},
                               geometry=[shapely.box(500_000, 3_650_000, 500_300, 3_650_200),
                                         shapely.box(500_400, 3_650_000, 500_700, 3_650_200)], crs=4547)
    gpkg = tmp_path / "mine.gpkg"
    parcels.to_file(gpkg, layer="parcels")
    table = tmp_path / "tax.csv"
    table.write_text("宗地编号,2024年税收(万元)\n7,3\n008,4\n008,5\n,6\n", encoding="utf-8")
    coded = {p.code: p for p in parcels_from_file(gpkg, attributes=table).report.problems if p.code}
    assert problem_text(coded["table_key_unmatched_zeros"], "zh").startswith(
        "tax.csv 第 2 行：编号「7」在 mine.gpkg 中没有对应的宗地；宗地「007」仅差前导零。")
    assert problem_text(coded["table_key_repeated"], "zh") == (
        "tax.csv 第 4 行：编号「008」与第 3 行重复，已采用第 3 行的值；请合并这两行")
    assert problem_text(coded["table_key_empty"], "en") == (
        "tax.csv, table row 5: the key is empty; the row was not joined. Fill in the key")


def test_column_findings_are_worded_in_the_pages_language(tmp_path):
    """A tax header without a year (the latest year of the data assumed) and one with an unknown unit."""
    from dashboard.pages.upload_report import problem_text
    from geodata.ingest import parcels_from_file

    parcels = gpd.GeoDataFrame({"宗地编号": ["A-1"], "地类": ["A2"], "税收(万元)": [3.0], "营业收入(斤)": [1.0]},
                               geometry=[shapely.box(500_000, 3_650_000, 500_300, 3_650_200)], crs=4547)
    gpkg = tmp_path / "mine.gpkg"
    parcels.to_file(gpkg, layer="parcels")
    coded = {p.code: p for p in parcels_from_file(gpkg, tax_years=[2023, 2024]).report.problems if p.code}
    assert problem_text(coded["tax_year_assumed"], "zh") == (
        "mine.gpkg：列「税收(万元)」的表头未写年度，按最近的税收年度 2024 读取；"
        "若为其他年度，请在表头写明，如 2024年税收")
    assert problem_text(coded["unit_unknown"], "zh").startswith("mine.gpkg：列「营业收入(斤)」的单位「斤」无法识别；")


def test_file_read_findings_are_worded_in_the_pages_language(tmp_path):
    """A zipped shapefile without its .dbf and a GeoPackage with two layers (hand-made)."""
    import zipfile

    from dashboard.pages.upload_report import problem_text
    from geodata.ingest import parcels_from_file

    gdf = gpd.GeoDataFrame({"DKBM": ["A-1"]},  # short ASCII names: a shapefile truncates longer ones
                           geometry=[shapely.box(500_000, 3_650_000, 500_300, 3_650_200)], crs=4547)
    shp = tmp_path / "p.shp"
    gdf.to_file(shp)
    archive = tmp_path / "p.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for part in (".shp", ".shx", ".prj"):
            z.write(shp.with_suffix(part), f"p{part}")
    coded = {p.code: p for p in parcels_from_file(archive).report.problems if p.code}
    assert problem_text(coded["shapefile_incomplete"], "zh") == (
        "p.zip：p.shp 缺少 .dbf 文件；Shapefile 需要 .shp、.shx、.dbf（坐标系还需 .prj），请一起压缩")
    gpkg = tmp_path / "two.gpkg"
    gdf.to_file(gpkg, layer="roads")
    gdf.to_file(gpkg, layer="plots")
    coded = {p.code: p for p in parcels_from_file(gpkg).report.problems if p.code}
    assert problem_text(coded["gpkg_layers"], "en").startswith("two.gpkg: 2 layers (")

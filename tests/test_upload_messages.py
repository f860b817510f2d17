"""Issue 19: every finding of the import check is worded in the page's language.

Bad files of each kind (an empty file, garbage bytes as a zip and as a GeoPackage, coordinates in no
CRS that can be told, no key column, a CSV without or with unreadable WKT, a shapefile with an
unreadable .prj, a file without features, enterprise tables that are empty, unreadable or hold rows
without a key) go through the import page (AppTest). On a Chinese page the verdict, the problems
table, its captions and the text report hold no English sentence; on an English page no Chinese character (the test
files' names, columns and values are ASCII, so any CJK would be the page's own words).
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")
#: Three Latin words in a row: an English sentence (or part of one) on a Chinese page.
ENGLISH = re.compile(r"[A-Za-z]{2,}(?:[ ,;:'-]+[A-Za-z]{2,}){2,}")
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
#: What a message quotes from the user's file (a value, a column name): shown as it is, in any language.
QUOTED = re.compile(r"「[^」]*」|«[^»]*»")
#: Columns of the problems table holding the user's own data (shown as it is, in any language).
DATA_COLUMNS = {"值", "Value", "宗地编号", "Parcel ID", "键值", "Key", "行号", "Row"}


def _geojson(features: list[dict]) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def _square(x: float, y: float, size: float, **props: object) -> dict:
    return {"type": "Feature", "properties": props,
            "geometry": shapely.geometry.mapping(shapely.box(x, y, x + size, y + size))}


def _zipped_shapefile_with_bad_prj(tmp_path: Path) -> bytes:
    gdf = gpd.GeoDataFrame({"DKBM": ["A-1"]}, geometry=[shapely.box(114.0, 33.0, 114.003, 33.002)], crs=4490)
    shp = tmp_path / "p.shp"
    gdf.to_file(shp)
    shp.with_suffix(".prj").write_text("not a CRS at all", encoding="ascii")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for part in (".shp", ".shx", ".dbf", ".prj"):
            z.write(shp.with_suffix(part), f"p{part}")
    return buffer.getvalue()


def _xlsx(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    return buffer.getvalue()


def parcel_files(tmp_path: Path) -> dict[str, tuple[bytes, bytes | None, set[str]]]:
    """Bad parcel files: name -> (bytes, attribute table or None, codes the report must hold)."""
    return {
        "empty.geojson": (b"", None, {"file_empty"}),
        "garbage.zip": (b"\x00\x01 this is no zip \xff" * 20, None, {"zip_unreadable"}),
        "garbage.gpkg": (b"SQLite? no: random bytes \x00\xff" * 40, None, {"file_unreadable"}),
        "nocrs.geojson": (_geojson([_square(1000, 1000, 50, DKBM="A-1")]), None,
                          {"crs_file_contradicted", "crs_undetermined"}),
        "nofeatures.geojson": (_geojson([]), None, {"no_features"}),
        # no parcel key column in the file, none in its table: keys generated, the table not joined
        "nokey.geojson": (_geojson([_square(114.0, 33.0, 0.003, name="x")]), b"code,area\nA-1,3\n",
                          {"keys_generated", "table_no_key", "incomplete_layer"}),
        "nowkt.csv": (b"DKBM,shape_text\nA-1,nothing\n", None, {"wkt_column_missing"}),
        "badwkt.csv": (b'DKBM,wkt\nA-1,"POLYGON((1 2"\nA-2,"POLYGON((114 33,114.003 33,114.003 33.002,114 33))"\n',
                       None, {"geometry_wkt"}),
        "badprj.zip": (_zipped_shapefile_with_bad_prj(tmp_path), None, {"prj_unreadable"}),
    }


TABLE_FILES: dict[str, tuple[bytes, set[str]]] = {
    "header_only.csv": (b"credit_code,tax_wan\n", {"table_empty"}),
    "garbage.xlsx": (b"PK\x03\x04 not really a workbook" * 10, {"table_unreadable"}),
    "rows_2024.csv": (b"credit_code,tax_wan\n,12\n914117000000000016,5\n", {"table_credit_code_empty",
                                                                          "table_year_from_name"}),
}


def _page_texts(at: AppTest) -> list[str]:
    """What the page says about the file: verdicts, notes, captions, metric labels and the cells of
    its tables except those holding the user's data."""
    texts = [e.value for kind in ("error", "warning", "success", "info") for e in getattr(at, kind)]
    texts += [c.value for c in at.caption] + [m.label for m in at.metric]
    for df in at.dataframe:
        frame = df.value
        texts += [str(c) for c in frame.columns]
        for column in frame.columns:
            if str(column) not in DATA_COLUMNS:
                texts += [str(v) for v in frame[column].dropna()]
    return texts


def _with_text_report(at: AppTest, key: str, lang: str) -> list[str]:
    """The page's texts and the lines of its text report (the «下载报告 TXT» download)."""
    from dashboard.pages.upload_report import report_text

    return _page_texts(at) + report_text(at.session_state[key][1].report, lang).splitlines()


def _codes(at: AppTest, key: str) -> set[str]:
    return {p.code for p in at.session_state[key][1].report.problems}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_finding_on_a_bad_file_is_in_the_pages_language(tmp_path, monkeypatch, lang):
    monkeypatch.delenv("ZONE_DATA", raising=False)
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["view"] = "upload"
    at.query_params["lang"] = lang
    at.run()
    wrong = ENGLISH if lang == "zh" else CJK
    for name, (data, table, codes) in parcel_files(tmp_path).items():
        at.file_uploader(key="up_parcels").set_value((name, data, "application/octet-stream"))
        at.file_uploader(key="up_table").set_value(("attributes.csv", table, "text/csv") if table else None)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert codes <= _codes(at, "_upload_result"), name          # the finding the file is about
        said = [text for text in _with_text_report(at, "_upload_result", lang)
                if wrong.search(QUOTED.sub("", text.replace(name, "")))]
        assert not said, (name, said)
    at.radio(key="up_kind").set_value("enterprise_years").run()
    for name, (data, codes) in TABLE_FILES.items():
        at.file_uploader(key="up_enterprise_years").set_value((name, data, "text/csv"))
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert codes <= _codes(at, "_upload_table_result"), name
        said = [text for text in _with_text_report(at, "_upload_table_result", lang)
                if wrong.search(QUOTED.sub("", text.replace(name, "")))]
        assert not said, (name, said)


def test_findings_outside_the_page_are_coded_too(tmp_path):
    """A declared CRS that is not understood, a key column named that the file lacks, a zip whose
    member would expand 1 000-fold, lines of a CSV in two encodings: each worded in both languages."""
    from dashboard.pages.upload_report import problem_text
    from geodata.ingest import parcels_from_file
    from geodata.ingest.sources import MAX_COMPRESSION_RATIO, RATIO_CHECK_BYTES, decode_csv

    path = tmp_path / "p.geojson"
    path.write_bytes(_geojson([_square(114.0, 33.0, 0.003, DKBM="A-1")]))
    report = parcels_from_file(path, declared_crs="EPSG:nonsense", key="ZDBH").report
    coded = {p.code: p for p in report.problems}
    assert report.to_dict()["problems"][0]["params"] == {"file": "p.geojson", "value": "EPSG:nonsense"}  # JSON too
    assert problem_text(coded["crs_declared_unknown"], "zh") == (
        "p.geojson：所指定的坐标系「EPSG:nonsense」无法识别，已忽略；请填写 EPSG 代码，如 4547 或 EPSG:4490")
    assert problem_text(coded["key_column_missing"], "en") == (
        "p.geojson: key column «ZDBH» is not in the file (columns: DKBM, geometry); the key was looked up in the "
        "alias table instead")
    assert not ENGLISH.search(problem_text(coded["key_column_missing"], "zh").replace("DKBM, geometry", ""))
    # 20 MB of zeros compress about 1 000-fold: refused before anything is extracted
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("big.shp", b"\0" * (2 * RATIO_CHECK_BYTES))
    problem = parcels_from_file(bomb).report.problems[0]
    assert problem.code == "zip_bomb" and float(problem.params["ratio"].replace(",", "")) > MAX_COMPRESSION_RATIO
    assert problem_text(problem, "zh").startswith("bomb.zip：压缩包中的 big.shp 解压后膨胀 ")
    _, _, note = decode_csv(b"a,b\n" + "甲,1\n".encode("gbk") + "乙,2\n".encode(), name="mixed.csv")
    assert (note.code, note.params["gb_rows"], note.params["utf8_rows"]) == ("csv_mixed_encoding", "2", "3")


def test_the_text_report_and_units_in_the_pages_language(tmp_path):
    """The text report of the page is in its language; a header's unit in a message is named as the
    page names units (万元 on a Chinese page, 10k CNY on an English one)."""
    from dashboard.pages.upload_report import problem_text, report_text
    from geodata.ingest import parcels_from_file

    parcels = gpd.GeoDataFrame({"DKBM": ["A-1"], "DLBM": ["A2"], "tax_2024_wan": ["3.5万"]},
                               geometry=[shapely.box(500_000, 3_650_000, 500_300, 3_650_200)], crs=4547)
    path = tmp_path / "m.gpkg"
    parcels.to_file(path, layer="parcels")
    report = parcels_from_file(path, overrides={"tax_2024_wan": "tax_wan_2024"}).report
    said = next(p for p in report.problems if p.code == "value_own_multiplier")
    assert problem_text(said, "en").endswith("so it reads as 35,000 10k CNY; if 3.5 10k CNY was meant, write 3.5")
    assert "因此读作 35,000 万元" in problem_text(said, "zh")
    zh, en = report_text(report, "zh"), report_text(report, "en")
    # 300 m × 200 m = 60 000 m² = 90 亩
    assert zh.splitlines()[1:4] == ["要素 1 · 接受 1 · 修复 0 · 拒绝 0", "源坐标系 EPSG:4547 · 编码 UTF-8",
                                    "总面积 90.00 亩（60,000.0 m²）"]
    assert en.splitlines()[3] == "Total area 90.00 mu (60,000.0 m²)"
    assert not [line for line in zh.splitlines() if ENGLISH.search(QUOTED.sub("", line))]
    assert not [line for line in en.splitlines() if CJK.search(QUOTED.sub("", line))]

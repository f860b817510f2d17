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

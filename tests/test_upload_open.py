"""Issue 19: a checked and completed file can be opened in the dashboard from the import page.

Two parcels (keys, land classes and geometry only) are uploaded, the zone and the flags filled in,
and «在看板中打开» makes them this session's dataset: the zone view shows the zone they were given
(its name from the data in use), its two parcels and their area; the notice says the data is held
for this session; nothing is written over the bundled sample; access control applies (the data is
not illustrative); «回到共享数据» brings the sample back.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import geopandas as gpd
import shapely
from streamlit.testing.v1 import AppTest

from tests.helpers import assert_page_ok, decoded

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")


def _upload_and_fill(tmp_path: Path, monkeypatch, *, zone: str) -> AppTest:
    monkeypatch.delenv("ZONE_DATA", raising=False)
    # 300 m × 200 m = 60 000 m² = 90 亩 each, in Gauss-Kruger 4547 (central meridian 114°E)
    parcels = gpd.GeoDataFrame({"宗地编号": ["U-1", "U-2"], "地类": ["A2", "B21"]},
                               geometry=[shapely.box(500_000, 3_650_000, 500_300, 3_650_200),
                                         shapely.box(500_400, 3_650_000, 500_700, 3_650_200)], crs=4547)
    gpkg = tmp_path / "mine.gpkg"
    parcels.to_file(gpkg, layer="parcels")
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["view"] = "upload"
    at.run()
    at.file_uploader(key="up_parcels").set_value(("mine.gpkg", gpkg.read_bytes(), "application/geopackage+sqlite3"))
    at.run()
    assert not [b for b in at.button if b.key == "up_open"]        # not complete yet: nothing to open
    at.selectbox(key="up_fill_zone").set_value(zone)
    at.button(key="FormSubmitter:up_fill-补全并重新检查").click().run()
    assert_page_ok(at)
    return at


def test_a_filled_file_opens_in_the_dashboard_for_this_session(tmp_path, monkeypatch):
    from geodata import settings

    sample = settings.SAMPLE_PATH.stat().st_mtime_ns
    at = _upload_and_fill(tmp_path, monkeypatch, zone="zmd_etdz")
    assert at.success[-1].value.startswith("已补全：2 宗地")
    folder = Path(os.environ["ZONE_STATE_DIR"]) / "session-data"
    folder.mkdir(parents=True, exist_ok=True)
    stale, recent = folder / "ended-two-days-ago.gpkg", folder / "another-live-session.gpkg"
    for path in (stale, recent):
        path.write_bytes(b"x")
    os.utime(stale, (time.time() - 2 * 86_400,) * 2)
    at.button(key="up_open").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not stale.exists() and recent.exists()               # files of ended sessions kept a day at most
    assert at.session_state["view"] == "zone" and at.session_state["zone_id"] == "zmd_etdz"
    # the zone of the data in use it was given: its name; the user's two parcels, 2 × 90 亩 = 0.12 km²
    assert at.subheader[0].value.startswith("驻马店经济技术开发区")
    notice = next(i.value for i in at.info if "本次会话正在显示" in i.value)
    assert "「mine.gpkg」：1 个开发区、2 宗地" in notice and "只为本次会话保留" in notice
    metrics = {m.label: m.value for m in at.metric}
    # built: the A2 parcel, 300 m × 200 m = 0.06 km²; the zone's outline is its parcels' hull, 700 m × 200 m
    assert (metrics["建成面积(A)(km²)"], metrics["计算面积(km²)"]) == ("0.06", "0.14")
    assert "数据来源: mine.gpkg" in [c.value for c in at.caption]
    # real data: access control applies, so an anonymous session is a viewer
    assert any(c.value.startswith("未登录时仅显示开发区和分区汇总指标") for c in at.caption)
    payload = decoded(json.loads(at.get("component_instance")[0].proto.json_args)["script"])
    assert "U-1" in payload and "U-2" in payload
    assert not any("示意数据" in w.value for w in at.warning)           # the user's data is not illustrative
    held = at.session_state["_session_data"]
    assert Path(held["path"]).parent == Path(os.environ["ZONE_STATE_DIR"]) / "session-data"   # the state folder
    at.radio(key="view").set_value("city").run()                        # the city overview of the user's zone
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert settings.SAMPLE_PATH.stat().st_mtime_ns == sample            # the sample untouched
    at.button(key="session_data_close").click().run()
    assert_page_ok(at)
    assert not Path(held["path"]).exists()
    assert not any("本次会话正在显示" in i.value for i in at.info)


def test_the_dataset_of_completed_parcels(tmp_path):
    """Zones and sections from the parcels: a known zone's attributes copied, a new one named by its
    ID; parcels without a section go into one named after their file; nothing is illustrative."""
    import pandas as pd

    from geodata.dataset import dataset_from_layers, normalise_layer
    from geodata.ingest import complete

    parcels = gpd.GeoDataFrame({"parcel_id": ["U-1", "U-2", "U-3"], "zone_id": ["known", "known", "new"],
                                "section_id": ["S1", None, None], "land_class": ["A2", "B21", "A2"],
                                "supplied": [True, False, True], "built": [True, False, True],
                                "idle": [False, False, False]},
                               geometry=[shapely.box(114.0, 33.0, 114.003, 33.002),
                                         shapely.box(114.004, 33.0, 114.007, 33.002),
                                         shapely.box(115.0, 33.0, 115.003, 33.002)], crs=4490)
    known = pd.DataFrame({"zone_id": ["known"], "name": ["已知开发区"], "county": ["驿城区"], "level": ["省级"],
                          "planned_area_km2": [5.0], "illustrative": [True]})
    layers = complete.dataset_layers(parcels, known_zones=known, name="mine")
    ds = dataset_from_layers({k: normalise_layer(k, v, source="mine") for k, v in layers.items()}, source="mine")
    zones = ds.zones.set_index("zone_id")
    assert (zones.at["known", "name"], zones.at["known", "level"], zones.at["known", "planned_area_km2"]) == (
        "已知开发区", "省级", 5.0)
    assert (zones.at["new", "name"], zones.at["new", "county"]) == ("new", "—")
    assert pd.isna(zones.at["new", "planned_area_km2"])                  # declared, so unknown: never invented
    assert not ds.illustrative
    assert sorted(zip(ds.sections["section_id"], ds.sections["name"], strict=True)) == [
        ("S1", "S1"), ("known-mine", "mine"), ("new-mine", "mine")]
    assert list(ds.parcels["section_id"]) == ["S1", "known-mine", "new-mine"]

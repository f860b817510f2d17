"""Issue 14: the city overview's parcel layers, drawn from vector tiles, as each role may see them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geodata import settings
from geodata.dataset import dataset_from_gpkg
from tests.helpers import decoded

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("ZONE_DATA", "")
    monkeypatch.setenv("ZONE_TILE_CACHE", str(tmp_path / "tiles"))
    monkeypatch.setenv("ZONE_AUDIT_LOG", str(tmp_path / "audit.log"))

    def start(access: str | None) -> AppTest:
        if access is None:
            monkeypatch.delenv("ZONE_ACCESS_CONTROL", raising=False)
        else:
            monkeypatch.setenv("ZONE_ACCESS_CONTROL", access)
        at = AppTest.from_file(APP, default_timeout=120)
        at.query_params["view"] = "city"
        return at.run()

    return start


def _map_script(at: AppTest) -> str:
    return json.loads(at.get("component_instance")[0].proto.json_args)["script"]


def _tiles_call(script: str) -> dict:
    """The lookup argument of ``ZoneMap.tiles(group, url, options, lookup)``."""
    rest = script.split("ZoneMap.tiles(", 1)[1].split(",", 1)[1]
    decoder, args, at = json.JSONDecoder(), [], 0
    for _ in range(3):
        while rest[at] in " ,\n":
            at += 1
        value, at = decoder.raw_decode(rest, at)
        args.append(value)
    return args[2]


def test_a_viewer_gets_the_open_layers_only_and_no_figure(app):
    at = app("1")  # access control on (the sample alone leaves it off), nobody signed in: a viewer
    layer = at.selectbox(key="city_layer")
    assert layer.options == ["不显示宗地（仅开发区）", "用地类别", "低效用地"]
    assert "ZoneMap.tiles(" not in _map_script(at)  # zones only until a layer is chosen
    layer.select_index(2).run()
    script = _map_script(at)
    look = _tiles_call(script)
    # all 716 parcels of the sample's one zone with parcels, in one run of n from 0
    assert (look["start"], look["count"]) == (0, 716)
    assert "protomaps-leaflet.js" in json.loads(at.get("component_instance")[0].proto.json_args)[
        "js_links"][-1]
    dataset = dataset_from_gpkg(settings.SAMPLE_PATH)
    # the lookup holds colours and legend words only: no figure of any firm
    shown = decoded(script)
    assert set(look) == {"start", "count", "fill", "labels", "title", "parcel"}
    fills = look["fill"]["d"] if isinstance(look["fill"], dict) else look["fill"]
    assert all(re.fullmatch(r"#[0-9a-fA-F]{6}", c) for c in fills)
    assert set(fills) <= set(look["labels"]) and look["title"] == "低效用地"
    for value in dataset.enterprise_years["tax_wan"].dropna().unique():
        if len(f"{value:g}") >= 4:
            assert f"{value:g}" not in " ".join(look["labels"].values())
    assert "tax_wan" not in shown and "credit_code" not in shown


def test_an_analyst_may_colour_the_city_by_grade(app):
    at = app("0")  # access control off: everyone is an analyst
    layer = at.selectbox(key="city_layer")
    assert layer.options == ["不显示宗地（仅开发区）", "用地类别", "亩均税收", "企业评价等级", "低效用地"]
    layer.select_index(3).run()
    look = _tiles_call(_map_script(at))
    assert look["count"] == 716 and look["title"] == "企业评价等级"
    # every colour drawn has its legend words for the tooltip
    assert set(look["fill"]["d"] if isinstance(look["fill"], dict) else look["fill"]) <= set(look["labels"])


def test_the_layer_lives_in_the_url_and_a_viewer_cannot_ask_for_grades(app, monkeypatch):
    monkeypatch.setenv("ZONE_ACCESS_CONTROL", "0")
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update({"view": "city", "parcels": "grade"})
    at.run()
    assert at.selectbox(key="city_layer").value == "grade"
    assert _tiles_call(_map_script(at))["title"] == "企业评价等级"
    monkeypatch.setenv("ZONE_ACCESS_CONTROL", "1")
    viewer = AppTest.from_file(APP, default_timeout=120)
    viewer.query_params.update({"view": "city", "parcels": "grade"})
    viewer.run()
    assert viewer.selectbox(key="city_layer").value == "none"
    assert "ZoneMap.tiles(" not in _map_script(viewer)


def test_the_city_layer_is_every_zone_views_parcels_in_one_pass(tmp_path, monkeypatch):
    """The city map's parcels (``data.city_parcels``: one evaluation over the city) are exactly the
    parcels of the zone views, zone after zone, for an analyst (graded) and a viewer (redacted, ungraded),
    with the areas measured once for the version (GEOS after projection, as ``land_area_m2``)."""
    import pandas as pd
    from geopandas.testing import assert_geodataframe_equal

    from bench import synthetic
    from dashboard.pages import data
    from zone_layers import metrics

    path = synthetic.write_city(1100, tmp_path / "city.gpkg")  # 11 zones: 220 parcels in the largest, 65-120 in others
    for name, value in {"ZONE_DATA": str(path), "ZONE_STATE_DIR": str(tmp_path / "state"),
                        "ZONE_AUDIT_LOG": str(tmp_path / "audit.log")}.items():
        monkeypatch.setenv(name, value)
    dataset = data.load_dataset()
    zones = data.zones_with_parcels(dataset)
    assert len(zones) == 11
    year, preset = dataset.years[-1], data.grading_config().default_preset
    measured = metrics.land_area_m2(dataset.parcels).set_axis(dataset.parcels["parcel_id"].to_numpy())
    for role in ("analyst", "viewer"):
        city = data.city_parcels(zones, year=year, benchmark=12.5, preset=preset, role=role)
        views = pd.concat([data.zone_view(z, year=year, benchmark=12.5, preset=preset, role=role).parcels
                           for z in zones], ignore_index=True)
        assert_geodataframe_equal(city, views)
        assert len(city) == 1100 and list(dict.fromkeys(city["zone_id"])) == zones
        assert city["area_m2"].to_numpy().tolist() == measured.reindex(city["parcel_id"]).to_numpy().tolist()
        graded = city["grade"].notna()
        assert graded.any() if role == "analyst" else not graded.any()

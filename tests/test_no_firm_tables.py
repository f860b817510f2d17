"""Shared data of parcels only: no firm tables (enterprises, enterprise_years, land_use), with and
without the land lifecycle tables. Every view works as analyst and viewer and says plainly that the
firm figures are not in the data; the CLI gives a clear message (a bureau's first real dataset is
often zones, sections and parcels alone)."""

from __future__ import annotations

import json
from pathlib import Path

import pyogrio
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.cli.main import main
from dashboard.pages import parcel_tiles
from geodata import settings
from geodata.dataset import dataset_from_gpkg
from tests.helpers import ZONE_TABS, assert_page_ok, open_tab
from zone_layers.layers import PARCEL_LAYERS

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")
FIRM_TABLES = {"enterprises", "enterprise_years", "land_use"}
LIFECYCLE = {"contracts", "progress", "approvals"}


def parcels_only(path: Path, *, without: set[str]) -> Path:
    """The bundled sample written layer by layer, leaving out ``without``, its zones marked real
    (not illustrative: access control applies as to a bureau's data)."""
    dataset = dataset_from_gpkg(settings.SAMPLE_PATH)
    for name, _ in pyogrio.list_layers(settings.SAMPLE_PATH):
        if name in without:
            continue
        frame = getattr(dataset, name)
        if name == "zones":
            frame = frame.assign(illustrative=False)
        pyogrio.write_dataframe(frame, path, layer=name, driver="GPKG")
    assert {name for name, _ in pyogrio.list_layers(path)}.isdisjoint(without)
    return path


@pytest.fixture(scope="module", params=["no_firms", "no_firms_no_lifecycle"])
def dataset_path(request, tmp_path_factory) -> Path:
    without = FIRM_TABLES | (LIFECYCLE if request.param == "no_firms_no_lifecycle" else set())
    return parcels_only(tmp_path_factory.mktemp("data") / f"{request.param}.gpkg", without=without)


def app(monkeypatch, path: Path, role: str, lang: str = "zh") -> AppTest:
    """The app on ``path``: an open analyst page (access control switched off) or a viewer (access on,
    nobody signed in)."""
    monkeypatch.setenv("ZONE_DATA", str(path))
    monkeypatch.setenv("ZONE_ACCESS_CONTROL", "0" if role == "analyst" else "1")
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = lang
    return at


def texts(at: AppTest) -> str:
    return "\n".join(str(e.value) for kind in ("info", "warning", "caption", "markdown")
                     for e in getattr(at, kind))


#: The three tables as the Chinese page names them.
TABLES_ZH = "企业表（enterprises）、企业年度指标表（enterprise_years）、宗地使用表（land_use）"
NOTICE = {"zh": f"数据中没有企业数据（缺少{TABLES_ZH}）",
          "en": "The data holds no firm figures (missing: the enterprises table, the enterprise_years table, "
                "the land_use table)"}
NO_GRADES = {"zh": "数据中没有企业数据表", "en": "The data has no firm tables"}
ROUND = {"zh": f"评价工作需要企业数据，本数据缺少{TABLES_ZH}",
         "en": "An evaluation round needs the firms' figures; this data lacks the enterprises table, the "
               "enterprise_years table, the land_use table"}


@pytest.mark.parametrize("role", ["analyst", "viewer"])
def test_every_view_works_and_says_the_firm_figures_are_missing(monkeypatch, dataset_path, role):
    at = app(monkeypatch, dataset_path, role).run()
    assert_page_ok(at)
    assert at.radio(key="view").value == "zone"
    assert NOTICE["zh"] in texts(at)
    # the tax indicator is unknown, over none of the land; the land indicators are there
    tax = next(m for m in at.metric if m.label.startswith("工业亩均税收"))
    assert tax.value == "—"
    assert "工业亩均税收: 覆盖 0% 工业用地，0/0 家" in texts(at)
    assert next(m for m in at.metric if m.label == "规划面积(km²)").value == "23.60"
    # without firm figures the year offered is the last calendar year (none in the data)
    assert len(at.selectbox(key="year").options) == 1
    for label in ZONE_TABS:
        at = open_tab(at, label)
        assert_page_ok(at)
        if label in ("企业评价", "等级变动"):
            assert NO_GRADES["zh"] in texts(at), label
    at = open_tab(at, ZONE_TABS[0])
    offered = [layer.key for layer in PARCEL_LAYERS if role == "analyst" or not layer.confidential]
    assert len(offered) == len(at.selectbox(key="layer").options)
    for layer in offered:
        at.selectbox(key="layer").set_value(layer).run()
        assert_page_ok(at)
        assert at.session_state["layer"] == layer
        # the layers of the firms' figures say why they are empty (a viewer is not offered them)
        assert (NO_GRADES["zh"] in texts(at)) == (layer in ("tax_per_mu", "revenue_per_mu", "grade")), layer
    at.selectbox(key="layer").set_value("land_class").run()
    labels = [d.proto.label for d in at.get("download_button")]
    assert "下载 XLSX" in labels and "下载 CSV" in labels
    at.button(key="brief_make").click().run()
    assert_page_ok(at)
    assert "下载简报图" in [d.proto.label for d in at.get("download_button")]
    at.radio(key="view").set_value("city").run()
    assert_page_ok(at)
    assert NOTICE["zh"] in texts(at)
    offered = ["none", *parcel_tiles.city_layer_keys(role)]
    assert len(offered) == len(at.selectbox(key="city_layer").options) > 1
    for layer in offered:
        at.selectbox(key="city_layer").set_value(layer).run()
        assert_page_ok(at)
        assert at.session_state["city_layer"] == layer
    at.radio(key="view").set_value("round").run()
    assert_page_ok(at)
    if role == "analyst":
        assert ROUND["zh"] in texts(at)


def test_english_pages_say_it_in_english(monkeypatch, dataset_path):
    at = app(monkeypatch, dataset_path, "analyst", lang="en").run()
    assert_page_ok(at)
    assert NOTICE["en"] in texts(at)
    at = open_tab(at, "Enterprise evaluation")
    assert_page_ok(at)
    assert NO_GRADES["en"] in texts(at)
    at.radio(key="view").set_value("round").run()
    assert_page_ok(at)
    assert ROUND["en"] in texts(at)


def test_cli_says_what_is_missing_and_the_registers_work(dataset_path, capsys):
    for command in (["indicators"], ["evaluate"], ["simulate"], ["brief", "--out", str(dataset_path) + ".png"]):
        assert main([*command, str(dataset_path)]) == 1, command
        err = capsys.readouterr().err
        assert "holds no enterprise figures" in err and "enterprises, enterprise_years, land_use" in err, err
        assert "Traceback" not in err
    # the land registers need no firm figure: the idle land is the full sample's
    assert main(["registers", str(dataset_path), "--as-of", "2026-06-30", "--json"]) == 0
    parcels_only_report = json.loads(capsys.readouterr().out)
    assert main(["registers", str(settings.SAMPLE_PATH), "--as-of", "2026-06-30", "--json"]) == 0
    full = json.loads(capsys.readouterr().out)
    if "no_firms_no_lifecycle" in dataset_path.name:
        assert parcels_only_report["idle"] == []      # no contracts: nothing to date an idle parcel by
    else:
        assert parcels_only_report["idle"] == full["idle"] and full["idle"]

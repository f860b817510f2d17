"""The enterprise profile and the grade transitions in the app (AppTest, no browser)."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from streamlit.testing.v1 import AppTest

from geodata.dataset import dataset_from_gpkg
from geodata.settings import SAMPLE_PATH
from tests.helpers import assert_page_ok, decoded, open_tab
from zone_layers import summary

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")


@pytest.fixture(scope="module")
def sample_firm() -> dict:
    """A firm of the sample's ETDZ on three or more parcels, the main user of one of them."""
    dataset = dataset_from_gpkg(SAMPLE_PATH)
    firms = summary.dataset_firms(dataset)
    table = firms.allocation.table
    parcels = table.groupby("credit_code")["parcel_id"].nunique()
    zone = set(dataset.parcels.loc[dataset.parcels["zone_id"] == "zmd_etdz", "parcel_id"])
    main = firms.main_user()
    main = main.loc[main["credit_code"].isin(parcels[parcels >= 3].index) & main["parcel_id"].isin(zone)]
    code = main["credit_code"].iloc[0]
    return {"code": code, "parcel": main["parcel_id"].iloc[0],
            "parcels": sorted(table.loc[table["credit_code"] == code, "parcel_id"]),
            "name": firms.firm_years.loc[firms.firm_years["credit_code"] == code, "name"].iloc[0],
            "years": firms.years}


@pytest.fixture
def app(monkeypatch) -> AppTest:
    monkeypatch.delenv("ZONE_DATA", raising=False)
    return AppTest.from_file(APP, default_timeout=120)


def frame_with(at: AppTest, column: str):
    found = [df.value for df in at.dataframe if column in getattr(df.value, "columns", [])]
    assert len(found) == 1, [list(df.value.columns) for df in at.dataframe]
    return found[0]


def test_a_click_on_a_parcel_opens_its_firms_profile_with_every_parcel_and_year(app, sample_firm):
    at = app.run()
    # what a click on the firm's parcel leaves in the session (dashboard/pages/firm_profile.select_from_click)
    at.session_state["parcel_id"] = sample_firm["parcel"]
    at.session_state["_open_tab"] = "tab_evaluation"
    at.run()
    assert_page_ok(at)
    assert at.session_state["zone_tab"] == "企业评价"  # the click opened the evaluation tab
    assert any(m.value == f"**{sample_firm['name']}**" for m in at.markdown)
    facts = next(m.value for m in at.markdown if "统一社会信用代码" in m.value)
    assert sample_firm["code"] in facts and ("规上企业" in facts or "规下企业" in facts)
    land = frame_with(at, "来源")
    assert sorted(set(land["宗地编号"])) == sample_firm["parcels"]
    grades = frame_with(at, "规则版本")
    assert list(grades["年度"]) == [str(y) for y in sample_firm["years"]]  # 2021 … 2025, one row each
    assert all(g for g in grades["评价等级"])
    indicators = frame_with(at, "口径")  # rows: indicator × (firm, zone median, industry median); columns: years
    assert list(indicators.columns[2:]) == [str(y) for y in sample_firm["years"]]
    assert len(indicators) == 9 * 3
    assert list(indicators["口径"][:3]) == ["本企业", "开发区中位数", "同行业中位数"]
    # every parcel of the firm is outlined on the map, the clicked one solid
    comps = [c for c in at.get("component_instance") if c.proto.component_name == "streamlit_folium.st_folium"]
    group = decoded(json.loads(comps[0].proto.json_args)["feature_group"])
    assert group.count("ZoneMap.outline(") == len(sample_firm["parcels"])
    assert group.count("dashArray") == len(sample_firm["parcels"]) - 1


def test_a_viewer_gets_no_profile_and_no_grades():
    from dashboard.pages import data, firm_profile

    view = SimpleNamespace(role="viewer")
    assert firm_profile.selected_firm(view) is None
    assert data.graded_years(benchmark=11.0, preset="henan", role="viewer") == {}


def test_transitions_tab_counts_every_firm_of_the_zone(app):
    at = open_tab(app.run(), "等级变动")
    assert_page_ok(at)
    assert at.selectbox(key="trans_from").value == 2024 and at.selectbox(key="trans_to").value == 2025
    matrix = frame_with(at, "合计").set_index("2024年 → 2025年")
    # the firms using the ETDZ's land with figures in 2024 or 2025, counted from the tables
    dataset = dataset_from_gpkg(SAMPLE_PATH)
    firms = summary.dataset_firms(dataset)
    zone = set(dataset.parcels.loc[dataset.parcels["zone_id"] == "zmd_etdz", "parcel_id"])
    table = firms.allocation.table
    here = set(table.loc[table["parcel_id"].isin(zone), "credit_code"])
    fy = firms.firm_years
    n = len(here & set(fy.loc[fy["year"].isin([2024, 2025]), "credit_code"]))
    assert f"企业 {n} 家" in next(c.value for c in at.caption if c.value.startswith("范围"))
    assert matrix.loc["合计", "合计"] == n > 100
    assert matrix.drop(index="合计").drop(columns="合计").to_numpy().sum() == n
    assert list(matrix.index) == ["A 优先发展", "B 鼓励提升", "C 倒逼转型", "未评价", "当年无数据", "合计"]
    charts = at.get("vega_lite_chart")
    assert len(charts) == 1
    spec = json.loads(charts[0].proto.spec)
    assert spec["mark"]["type"] == "bar" and spec["encoding"]["color"]["field"] == "after"
    assert spec["encoding"]["x"]["sort"] == ["A 优先发展", "B 鼓励提升", "C 倒逼转型", "未评价", "当年无数据"]
    at.selectbox(key="trans_from").set_value(2021).run()
    assert_page_ok(at)
    assert "2021年 → 2025年" in frame_with(at, "合计").columns


def test_an_accepted_objection_changes_the_grade_on_the_zone_page(app):
    """Issue 16: an accepted objection corrects a firm's figure through a recorded override (the
    source data untouched) and the zone page's evaluation grades the corrected figure."""
    from dashboard import round_records
    from dashboard.pages import data
    from geodata import store as edits
    from geodata.settings import SAMPLE_PATH as sample

    at = open_tab(app.run(), "企业评价")
    assert_page_ok(at)
    table = frame_with(at, "评价等级")
    lowest = table.loc[table["评价等级"].astype(str).str.startswith("C")].iloc[0]    # the preset's lowest class
    name = lowest["企业"]
    dataset = dataset_from_gpkg(sample)
    firms = summary.dataset_firms(dataset)
    year = firms.years[-1]
    fy = firms.firm_years.loc[(firms.firm_years["name"] == name) & (firms.firm_years["year"] == year)].iloc[0]
    store = edits.open_store(str(sample))
    made = round_records.record_objection(store, firms.firm_years, year=year, credit_code=fy["credit_code"],
                                          field="tax_wan", claimed=float(fy["tax_wan"]) * 20, evidence="完税证明",
                                          user="li")
    assert data.corrections("viewer") == ()
    round_records.decide(store, made.key, "accepted", user="wang", base_version=made.version)
    at = open_tab(at, "企业评价")
    assert_page_ok(at)
    row = frame_with(at, "评价等级").set_index("企业").loc[name]
    assert str(row["评价等级"]).startswith(("A", "B"))
    # the source data is untouched
    assert float(dataset_from_gpkg(sample).enterprise_years.set_index(["credit_code", "year"])
                 .loc[(fy["credit_code"], year), "tax_wan"]) == pytest.approx(float(fy["tax_wan"]))


def test_the_zone_page_says_when_the_years_official_rules_differ(app):
    """Issue 16: once a year has an official rule version other than the sidebar's rules, the zone
    page's evaluation says that the published list grades by it (and names it)."""
    from dashboard import round_records
    from geodata import store as edits
    from geodata.settings import SAMPLE_PATH as sample

    at = open_tab(app.run(), "企业评价")
    assert not any("正式规则版本" in i.value for i in at.info)      # no official version yet
    year = summary.dataset_firms(dataset_from_gpkg(sample)).years[-1]
    store = edits.open_store(str(sample))
    saved = round_records.save_rules(store, round_records.file_rules(benchmark=15.0), year=year, name="2.0",
                                     user="li")
    round_records.promote(store, saved.key, user="li", base_version=0)
    at = open_tab(at, "企业评价")
    assert_page_ok(at)
    assert any(f"{year}年已有正式规则版本「2.0" in i.value for i in at.info)

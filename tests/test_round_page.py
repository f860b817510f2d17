"""Issue 16 in the app (AppTest): the evaluation round view for analysts, a notice for viewers."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import round_records as rr
from geodata.settings import SAMPLE_PATH
from geodata.store import open_store
from tests.helpers import assert_page_ok

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")


@pytest.fixture
def app(monkeypatch, tmp_path) -> AppTest:
    monkeypatch.delenv("ZONE_DATA", raising=False)
    monkeypatch.delenv("ZONE_ACCESS_CONTROL", raising=False)
    monkeypatch.setenv("ZONE_EDITS", str(tmp_path / "edits.sqlite"))
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["view"] = "round"
    return at


def frame_with(at: AppTest, column: str):
    found = [df.value for df in at.dataframe if column in getattr(df.value, "columns", [])]
    assert found, [list(df.value.columns) for df in at.dataframe]
    return found[0]


def button(at: AppTest, key: str):
    return next(b for b in at.button if b.key == key)


def test_simulate_save_promote_and_a_concurrent_promotion(app):
    at = app.run()
    assert_page_ok(at)
    counts = frame_with(at, "模拟规则")
    assert list(counts["正式规则"]) == list(counts["模拟规则"])      # nothing changed yet
    assert any("没有企业等级变化" in c.value for c in at.caption)
    # a larger share for A (15 % -> 25 %) moves firms up; the table names both grades and the reason
    share = next(n for n in at.number_input if n.key == "round_s_henan_0")
    share.set_value(25.0)
    at.run()
    assert_page_ok(at)
    counts = frame_with(at, "模拟规则").set_index("等级")
    assert counts.loc["A 优先发展", "模拟规则"] > counts.loc["A 优先发展", "正式规则"]
    moved = frame_with(at, "起决定作用的指标")
    assert len(moved) > 0 and set(moved.columns) >= {"统一社会信用代码", "正式规则", "模拟规则"}
    assert set(moved["模拟规则"]) == {"A 优先发展"}
    assert set(moved["起决定作用的指标"]) == {"比例、并列或参评范围变化"}
    # a weight is an input too (saved with the draft below)
    next(n for n in at.number_input if n.key == "round_w_henan_0").set_value(90.0)
    at.run()
    # save the simulation as a draft, then another analyst promotes something first: this one is told
    next(i for i in at.text_input if i.key == "round_name").set_value("征求意见稿")
    at.run()
    button(at, "round_save").click()
    at.run()
    assert_page_ok(at)
    store = open_store(str(SAMPLE_PATH))
    year = at.session_state["round_year"]
    saved = rr.rule_versions(store, year)
    assert [e.values["name"] for e in saved] == ["征求意见稿"]
    assert saved[0].values["document"]["presets"]["henan"]["criteria"][0]["weight"] == 90.0
    other = rr.save_rules(store, rr.file_rules(), year=year, name="他人稿", user="wang")
    rr.promote(store, other.key, user="wang", base_version=0)      # after this page read version 0
    at.selectbox(key=f"round_pick_{year}").set_value(f"{year}/征求意见稿")
    button(at, f"round_promote_{year}").click()
    at.run()
    assert any("wang saved a newer version" in e.value for e in at.error)
    assert rr.official_rules(store, year).name == "他人稿"        # not overwritten
    # the error refreshed what this page read: promoting again now works
    at.run()
    button(at, f"round_promote_{year}").click()
    at.run()
    assert rr.official_rules(store, year).name == "征求意见稿"


def test_an_objection_recorded_and_accepted_shows_original_and_claimed(app):
    at = app.run()
    year = at.session_state["round_year"]
    assert at.selectbox(key="round_obj_firm").value  # the first firm of the year
    at.selectbox(key="round_obj_field").set_value("tax_wan")
    next(n for n in at.number_input if n.key == "round_obj_value").set_value(123.0)
    next(i for i in at.text_input if i.key == "round_obj_evidence").set_value("完税证明")
    at.button[[b.label for b in at.button].index("登记异议")].click()
    at.run()
    assert_page_ok(at)
    store = open_store(str(SAMPLE_PATH))
    objections = rr.objections(store, year)
    assert len(objections) == 1 and objections[0].values["claimed"] == 123.0
    code = objections[0].values["credit_code"]
    key = objections[0].key
    # the same objection recorded again (another analyst, or a second click) is refused, not overwritten
    at.button[[b.label for b in at.button].index("登记异议")].click()
    at.run()
    assert any("analyst saved a newer version" in e.value for e in at.error)
    assert [e.version for e in store.history(rr.OBJECTION_KIND, key)] == [1]
    at.selectbox(key=f"round_dec_{key}").set_value("accepted")
    button(at, f"round_decide_{key}").click()
    at.run()
    assert_page_ok(at)
    assert rr.accepted_overrides(store, year)[0].credit_code == code
    history = frame_with(at, "证明材料")
    assert list(history["处理结果"]) == ["待处理", "采纳（更正）"]
    assert set(history["企业主张的数值"]) == {123.0} and history["原值"].notna().all()
    prices = frame_with(at, "执行单位").set_index("项目")
    # the configured prices (illustrative): Henan's lowest class C pays +0.05/0.1/0.15 元/kWh by years
    assert prices.loc["差别电价加价", "C 倒逼转型：连续 1/2/3 年及以上加价"] == "+0.05 / +0.1 / +0.15"
    assert prices.loc["城镇土地使用税减免比例", "A 优先发展"] == 100.0
    assert "未评价" not in prices.columns
    assert any("已采纳的更正：1 项" in c.value for c in at.caption)


def test_a_viewer_sees_no_firm(app, monkeypatch):
    monkeypatch.setenv("ZONE_ACCESS_CONTROL", "1")
    at = app.run()
    assert any("仅对分析人员开放" in i.value for i in at.info)
    assert not [df for df in at.dataframe if "统一社会信用代码" in getattr(df.value, "columns", [])]


def test_the_firm_profile_shows_its_objections(app):
    from geodata.dataset import dataset_from_gpkg
    from zone_layers import summary

    dataset = dataset_from_gpkg(SAMPLE_PATH)
    firms = summary.dataset_firms(dataset)
    zone = set(dataset.parcels.loc[dataset.parcels["zone_id"] == "zmd_etdz", "parcel_id"])
    main = firms.main_user()
    row = main.loc[main["parcel_id"].isin(zone)].iloc[0]
    year = dataset.years[-1]
    store = open_store(str(SAMPLE_PATH))
    edit = rr.record_objection(store, firms.firm_years, year=year, credit_code=row["credit_code"], field="land_mu",
                               claimed=99.5, evidence="不动产权证书", user="zhao")
    rr.decide(store, edit.key, "accepted", user="qian", base_version=1)
    app.query_params["view"] = "zone"
    at = app.run()
    at.session_state["parcel_id"] = row["parcel_id"]
    at.session_state["_open_tab"] = "tab_evaluation"
    at.run()
    assert_page_ok(at)
    history = frame_with(at, "证明材料")
    assert list(history["操作人"]) == ["zhao", "qian"]
    assert set(history["企业主张的数值"]) == {99.5}
    assert history["原值"].iloc[0] == pytest.approx(
        firms.firm_years.query("credit_code == @row.credit_code and year == @year")["land_mu"].iloc[0])


def test_the_evaluation_tab_names_its_rule_version(app):
    from tests.helpers import open_tab

    app.query_params["view"] = "zone"
    at = open_tab(app.run(), "企业评价")
    assert_page_ok(at)
    assert any(c.value.startswith("规则版本: henan@") for c in at.caption), [c.value for c in at.caption]


def test_the_simulated_grades_on_a_map(app):
    at = app.run()
    next(n for n in at.number_input if n.key == "round_s_henan_0").set_value(25.0)
    at.toggle(key="round_map").set_value(True)
    at.run()
    assert_page_ok(at)
    assert at.get("image"), "no map image"


def test_the_english_page_speaks_english(app):
    import re

    app.query_params["lang"] = "en"
    at = app.run()
    assert_page_ok(at)
    texts = ([m.value for m in at.markdown] + [c.value for c in at.caption] + [w.label for w in at.number_input]
             + [w.label for w in at.selectbox] + [b.label for b in at.button] + [w.value for w in at.warning])
    assert "#### Simulator: weights, benchmarks and shares" in texts
    # firm names are data; every sentence and label of the page is English (示意数据 is the label itself)
    assert [x for x in texts if re.search(r"[\u4e00-\u9fff]", x.replace("示意数据", ""))] == []

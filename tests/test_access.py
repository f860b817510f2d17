"""Confidential tax figures: hidden means never sent (the page payload is inspected)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import access, fmt
from geodata import settings
from geodata.dataset import dataset_from_gpkg
from tests.helpers import ZONE_TABS, assert_page_ok, decoded, open_tab
from zone_layers import confidential

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")
ANALYST_HASH = access.hash_password("s3cret-Pw", iterations=1_000, salt=b"0123456789abcdef")


def payload(at: AppTest) -> str:
    """Everything the browser receives for the zone view with each of its tabs open in turn (only
    the open tab is sent): every element's protobuf, as text."""
    parts = []
    for label in ZONE_TABS:
        at = open_tab(at, label)
        parts += [str(c.proto) for c in at.get("component_instance")]
        parts += [json.loads(c.proto.json_args)["script"] for c in at.get("component_instance")]
        parts += [df.value.to_csv() for df in at.dataframe]
        parts += [str(m.proto) for m in at.metric]
        parts += [str(e.proto) for e in at.markdown] + [str(e.proto) for e in at.caption]
    return decoded("\n".join(parts))


def tax_strings() -> list[str]:
    """How each firm's 2024 tax would be written in a tooltip (万元 or 亿元)."""
    parcels = dataset_from_gpkg(settings.SAMPLE_PATH).parcels
    taxes = parcels["tax_wan_2024"].dropna()
    return [fmt.money_wan(v) for v in taxes if v >= 100]


def app_with_access(monkeypatch, **access_section) -> AppTest:
    monkeypatch.delenv("ZONE_DATA", raising=False)
    at = AppTest.from_file(APP, default_timeout=90)
    at.secrets["access"] = {"enabled": True, "users": {"li": {"role": "analyst", "password_hash": ANALYST_HASH}},
                            **access_section}
    return at


def test_password_hashes():
    stored = access.hash_password("秘密", iterations=1_000)
    assert stored.startswith("pbkdf2_sha256$1000$") and "秘密" not in stored
    assert access.verify_password("秘密", stored)
    assert not access.verify_password("wrong", stored)
    assert not access.verify_password("秘密", "garbage")


def test_redact_blanks_every_confidential_field(tiny_parcels):
    out = confidential.redact(tiny_parcels)
    for name in confidential.CONFIDENTIAL_FIELDS:
        assert out[name].isna().all(), name
    assert list(out["parcel_id"]) == list(tiny_parcels["parcel_id"])   # nothing else lost


def test_viewer_payload_has_no_parcel_tax(monkeypatch):
    at = app_with_access(monkeypatch).run()
    assert_page_ok(at)
    sent = payload(at)
    leaked = [s for s in tax_strings() if s in sent or fmt.esc(s) in sent]
    assert leaked == []
    # no layer built from confidential figures is offered, and the evaluation is not shown
    assert set(at.selectbox(key="layer").options) == {"用地类别", "容积率", "低效用地"}
    at = open_tab(at, "企业评价")
    assert not any("综合得分" in getattr(df.value, "columns", []) for df in at.dataframe)
    assert any("分析员" in i.value or "analyst" in i.value.lower() for i in at.info)
    # section and zone aggregates are still shown
    assert any(m.label.startswith("工业亩均税收") for m in at.metric)


def test_analyst_sees_parcel_tax_after_signing_in(monkeypatch):
    at = app_with_access(monkeypatch).run()
    at.text_input(key="sign_in_user").input("li")
    at.text_input(key="sign_in_password").input("s3cret-Pw")
    at.button(key="sign_in").click().run()
    assert_page_ok(at)
    assert at.session_state["_role"] == "analyst"
    sent = payload(at)
    assert any(s in sent or fmt.esc(s) in sent for s in tax_strings())  # the check above can fail
    assert "grade" in at.selectbox(key="layer").options or "企业评价等级" in at.selectbox(key="layer").options


def test_wrong_password_stays_viewer(monkeypatch):
    at = app_with_access(monkeypatch).run()
    at.text_input(key="sign_in_user").input("li")
    at.text_input(key="sign_in_password").input("guess")
    at.button(key="sign_in").click().run()
    assert not at.exception
    assert "_role" not in at.session_state
    assert len(at.error) == 1 and "不正确" in at.error[0].value    # the one expected error, nothing else


def test_access_off_by_default_for_the_sample(monkeypatch):
    monkeypatch.delenv("ZONE_DATA", raising=False)
    monkeypatch.delenv(access.ENV_VAR, raising=False)
    at = AppTest.from_file(APP, default_timeout=90).run()
    assert_page_ok(at)
    assert "企业评价等级" in [o for o in at.selectbox(key="layer").options]


@pytest.mark.parametrize("value", ["1", "true"])
def test_environment_switch(monkeypatch, value):
    monkeypatch.setenv(access.ENV_VAR, value)
    assert access.access_config().enabled


def test_viewers_still_get_section_aggregates_and_trends(monkeypatch):
    at = app_with_access(monkeypatch).run()
    assert_page_ok(at)
    comparison = next(df.value for df in at.dataframe if "面积(km²)" in getattr(df.value, "columns", []))
    assert comparison["工业亩均税收(万元/亩)"].notna().sum() == 4     # the four industrial sections
    # the cluster revenue against its targets is an aggregate too
    at = open_tab(at, "目标差距")
    gaps = next(df.value for df in at.dataframe if "产业集群" in getattr(df.value, "columns", []))
    assert gaps["园区企业营业收入"].notna().all()


def test_aggregates_of_too_few_firms_are_blanked(tiny_dataset):
    """The tiny zone: 一区 (s1) holds 甲 (A2, 2024 tax 990 万元, investment 27 000 万元) and 乙 (A2,
    no 2024 tax, investment 9 000 万元); 二区 (s2) holds 丙 (A4, tax 120 万元)."""
    import math

    from zone_layers import summary

    ds = tiny_dataset
    tax = confidential.firms_behind(ds.parcels, "tax_wan_2024", "section_id")
    assert tax.loc["s1"].tolist() == [1, 1]   # 甲 only: 乙 reported no 2024 tax
    assert tax.loc["s2"].tolist() == [1, 0]   # 丙, on commercial land
    assert confidential.firms_behind(ds.parcels, "investment_wan", "section_id").loc["s1", "industrial_firms"] == 2
    table = summary.section_table(ds.sections, ds.parcels, year=2024)
    out = confidential.suppress_small_groups(table, ds.parcels, year=2024, by="section_id", min_firms=2)
    s1 = out.set_index("section_id").loc["s1"]
    assert math.isnan(s1["industrial_tax_per_mu"]) and math.isnan(s1["tax_wan"])  # would be 甲's own
    # two firms' investment over their 90 000 m² (= 135 亩) of A2: kept
    assert s1["industrial_investment_intensity_wan_per_mu"] == pytest.approx(36_000 / 135)
    assert s1["far"] == table.set_index("section_id").loc["s1", "far"]  # not confidential: untouched
    # with the default of three firms, every confidential aggregate of the tiny zone is blanked
    out = confidential.suppress_small_groups(table, ds.parcels, year=2024, by="section_id")
    for column in (*confidential.INDUSTRIAL_TAX_AGGREGATES, *confidential.INDUSTRIAL_INVESTMENT_AGGREGATES,
                   *confidential.ALL_FIRM_TAX_AGGREGATES):
        if column in out:
            assert out[column].isna().all(), column
    assert out["built_up_rate"].tolist() == table["built_up_rate"].tolist()
    zone = summary.zone_summary(ds.zones.iloc[0], ds.parcels, year=2024)
    shown = confidential.suppress_small_groups(pd.DataFrame([zone]), ds.parcels, year=2024).iloc[0]
    assert math.isnan(shown["industrial_tax_per_mu"]) and shown["n_enterprises"] == zone["n_enterprises"]


def test_a_viewer_sees_no_one_firm_aggregate_an_analyst_does(monkeypatch, tmp_path, tiny_dataset):
    """On the tiny zone every section rests on one firm: a viewer gets — where an analyst gets
    一区's 工业亩均税收 = 990 万元 / 135 亩 (P1 300×200 m + P2 150×200 m of A2)."""
    from geodata.dataset import dataset_to_gpkg

    def comparison(at: AppTest) -> pd.DataFrame:
        return next(df.value for df in at.dataframe if "面积(km²)" in getattr(df.value, "columns", []))

    at = app_with_access(monkeypatch)
    monkeypatch.setenv("ZONE_DATA", str(dataset_to_gpkg(tiny_dataset, tmp_path / "tiny.gpkg")))
    at.run()
    assert_page_ok(at)
    assert comparison(at)["工业亩均税收(万元/亩)"].isna().all()
    assert all(m.value == fmt.MISSING for m in at.metric if m.label.startswith("工业亩均税收"))
    at.text_input(key="sign_in_user").input("li")
    at.text_input(key="sign_in_password").input("s3cret-Pw")
    at.button(key="sign_in").click().run()
    assert_page_ok(at)
    rows = comparison(at).set_index("分区")
    assert rows.at["一区", "工业亩均税收(万元/亩)"] == pytest.approx(990 / 135)

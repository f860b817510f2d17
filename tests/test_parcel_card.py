"""Issue 19: a click on a parcel pins a card with what its tooltip shows and a way to the firm's profile."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.helpers import assert_page_ok

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")


@pytest.fixture
def sample_firm() -> dict:
    """The sample's first firm with a 2025 tax and its main parcel."""
    from geodata import settings
    from geodata.dataset import dataset_from_gpkg
    from zone_layers import summary

    parcels = summary.parcels_with_firms(dataset_from_gpkg(settings.SAMPLE_PATH))
    firm = parcels.loc[(parcels["zone_id"] == "zmd_etdz") & parcels["tax_wan_2025"].notna()].iloc[0]
    return {"parcel": firm["parcel_id"], "name": firm["enterprise"]}


def card(at: AppTest) -> dict:
    """The card's rows as {label: text}."""
    tables = [df.value for df in at.dataframe if list(df.value.columns) == ["指标", "数值"]]
    rows = [t for t in tables if "用地类别" in set(t["指标"])]
    assert len(rows) == 1, tables
    return dict(zip(rows[0]["指标"], rows[0]["数值"], strict=True))


def test_a_selected_parcel_is_pinned_with_a_way_to_its_profile(monkeypatch, sample_firm):
    monkeypatch.delenv("ZONE_DATA", raising=False)
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not any(m.value.startswith("**已选宗地") for m in at.markdown)     # nothing selected: no card
    at.session_state["parcel_id"] = sample_firm["parcel"]                     # what a click leaves
    at.run()
    assert_page_ok(at)
    assert f"**已选宗地 {sample_firm['parcel']}**" in [m.value for m in at.markdown]
    rows = card(at)
    assert rows["企业"] == sample_firm["name"]
    assert rows["亩均税收"].endswith("万元/亩") and "亩" in rows["面积"]
    assert any(label.endswith("税收") and label[:4].isdigit() for label in rows)  # «2025 税收»
    assert at.session_state["zone_tab"] == "功能分区对比"
    at.button(key="card_profile").click().run()
    assert_page_ok(at)
    assert at.session_state["zone_tab"] == "企业评价"                         # the profile's tab
    assert any(m.value == f"**{sample_firm['name']}**" for m in at.markdown)  # the profile itself
    at.button(key="card_clear").click().run()
    assert_page_ok(at)
    assert "parcel_id" not in at.session_state
    assert not any(m.value.startswith("**已选宗地") for m in at.markdown)


def test_a_viewers_card_has_no_firm_figure_and_no_profile(monkeypatch, sample_firm):
    from tests.test_access import app_with_access

    at = app_with_access(monkeypatch).run()                                   # not signed in: a viewer
    at.session_state["parcel_id"] = sample_firm["parcel"]
    at.run()
    assert_page_ok(at)
    rows = card(at)
    assert "用地类别" in rows and "面积" in rows
    assert not any("税收" in label or "投资强度" in label for label in rows), rows
    assert "card_profile" not in [b.key for b in at.button]

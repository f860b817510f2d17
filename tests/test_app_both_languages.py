"""Issue 19, "both languages": what a page shows in Chinese and English besides the catalogue's own
sentences (AppTest, no browser): the placeholders of the selection widgets, which are Streamlit's
English defaults unless the page passes its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.i18n import t
from tests.helpers import assert_page_ok, open_tab, section_table

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")


@pytest.mark.parametrize(("lang", "placeholder"), [("zh", "请选择"), ("en", "Choose")])
def test_evaluation_filters_and_selectors_have_placeholders_in_the_page_language(monkeypatch, lang, placeholder):
    monkeypatch.delenv("ZONE_DATA", raising=False)
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = lang
    at = open_tab(at.run(), t("tab_evaluation", lang))
    assert_page_ok(at)
    assert t("choose", lang) == placeholder
    filters = {key: at.multiselect(key=key).proto.placeholder for key in ("f_grade", "f_section", "f_industry")}
    assert filters == dict.fromkeys(filters, placeholder)
    selectors = {s.key: s.proto.placeholder for s in at.selectbox}
    assert {"zone_id", "year", "layer"} <= set(selectors)
    assert selectors == dict.fromkeys(selectors, placeholder)


def test_name_of_prefers_the_english_name_on_english_pages_only():
    from dashboard.shown_names import name_of

    assert name_of({"name": "一区", "name_en": "Zone one"}, "en") == "Zone one"
    assert name_of({"name": "一区", "name_en": "Zone one"}, "zh") == "一区"
    for blank in (None, float("nan"), "  "):
        assert name_of({"name": "一区", "name_en": blank}, "en") == "一区"
    assert name_of({"name": "一区"}, "en") == "一区"  # a dataset without the column


def test_counties_functions_and_clusters_read_in_english_where_the_data_says_how():
    """Issue 14's last point: the data's own words (counties, sections' functions, industry clusters)
    from their optional ``<column>_en`` on English pages, as they are where the data has none."""
    import pandas as pd

    from dashboard.shown_names import row_text, shown_value, value_names

    zones = pd.DataFrame({"county": ["驿城区", "驿城区", "遂平县", "西平县", None],
                          "county_en": ["Yicheng District", "Yicheng District", "  ", None, "Nowhere"]})
    names = value_names(zones, "county", "en")
    assert names == {"驿城区": "Yicheng District"}  # a blank or missing rendering is no rendering
    assert [shown_value(v, names) for v in zones["county"]] == ["Yicheng District", "Yicheng District",
                                                                "遂平县", "西平县", ""]
    assert value_names(zones, "county", "zh") == {}
    assert value_names(zones.drop(columns="county_en"), "county", "en") == {}  # the column is optional
    row = {"county": "驿城区", "county_en": "Yicheng District"}
    assert (row_text(row, "county", "en"), row_text(row, "county", "zh")) == ("Yicheng District", "驿城区")
    assert row_text({"county": "遂平县"}, "county", "en") == "遂平县"


@pytest.mark.parametrize(("lang", "zone", "section"), [("zh", "驻马店经济技术开发区", "装备制造"),
                                                       ("en", "Zhumadian ETDZ", "Equipment manufacturing park")])
def test_zone_and_section_names_in_the_page_language(monkeypatch, lang, zone, section):
    monkeypatch.delenv("ZONE_DATA", raising=False)
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = lang
    at = open_tab(at.run(), t("tab_sections", lang))
    assert_page_ok(at)
    assert at.subheader[0].value.startswith(f"{zone} · ")
    assert zone in at.selectbox(key="zone_id").options
    assert section in at.selectbox(key="section_id").options
    table = section_table(at, t("col_area_km2", lang))  # one column per section, by its shown name
    assert section in set(table.index)

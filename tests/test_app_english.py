"""The English zone page shows no Chinese outside data values (AppTest, no browser).

What is checked: markdown and captions, metrics with their help texts, the column headers of every
table and the grade, grading-note and low-efficiency columns of the evaluation table, the
definitions tab (names, units, formulas, sources), and the map component's tooltip and legend
strings (the json args of st_folium), with the grade layer on; and the city overview (its table,
levels, star/tier targets, map tooltips and legend). Data values without an English rendering in the
sample (firm and industry names, leading industries, parcel IDs) and the deliberate 示意数据 label are removed
before looking for CJK characters; levels (国家级) and star/tier targets (二星 一档) are not: the
English page words them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.i18n import t
from geodata import settings
from geodata.dataset import dataset_from_gpkg
from tests.helpers import assert_page_ok, decoded, open_tab

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+")
#: Chinese an English page shows on purpose (the illustrative-data label on every page and map).
DELIBERATE = ("示意数据",)


def data_values() -> list[str]:
    """Every name-like value of the sample, longest first (so a name is removed before its parts)."""
    dataset = dataset_from_gpkg(settings.SAMPLE_PATH)
    values: set[str] = set()
    # not the zones' and sections' names, counties, sections' functions and industry clusters: the
    # sample gives each an English rendering (name_en, county_en, function_en, cluster_en), which
    # English pages show
    for frame, columns in ((dataset.zones, ["leading_industries"]),
                           (dataset.parcels, ["parcel_id"]),
                           (dataset.enterprises, ["name", "industry", "exempt"])):
        cols = [c for c in (columns or frame.columns) if c in frame.columns and frame[c].dtype == object]
        for c in cols:
            values.update(str(v) for v in frame[c].dropna().unique() if CJK.search(str(v)))
    values.update(DELIBERATE)
    return sorted(values, key=len, reverse=True)


def chinese_left(texts: list[str], values: list[str]) -> list[str]:
    """The CJK runs left in ``texts`` once data values are taken out, each with some context."""
    found = []
    for text in texts:
        for value in values:
            text = text.replace(value, "")
        found += [text[max(m.start() - 30, 0):m.end() + 30] for m in CJK.finditer(text)]
    return found


def map_strings(at: AppTest) -> list[str]:
    """The st_folium payload's visible strings: every JS/JSON string literal of its script and html."""
    comps = [c for c in at.get("component_instance") if c.proto.component_name == "streamlit_folium.st_folium"]
    assert len(comps) == 1
    args = json.loads(comps[0].proto.json_args)
    return [decoded(args.get("script", "")), decoded(args.get("html", ""))]


@pytest.fixture(scope="module")
def english_grade_page() -> AppTest:
    mp = pytest.MonkeyPatch()
    mp.delenv("ZONE_DATA", raising=False)
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = "en"
    at.query_params["layer"] = "grade"
    at.run()
    at = open_tab(at, t("tab_evaluation", "en"))
    mp.undo()
    return at


def test_english_zone_page_shows_no_chinese_outside_data(english_grade_page):
    at = english_grade_page
    assert_page_ok(at)
    texts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [h.value for h in at.subheader]
    texts += [f"{m.label} {m.value} {m.proto.delta} {m.proto.help}" for m in at.metric]
    evaluation = None
    for df in at.dataframe:
        texts += [str(c) for c in df.value.columns]
        if t("col_grade_reason", "en") in df.value.columns:
            evaluation = df.value
    assert evaluation is not None, "the evaluation table is on the page"
    for col in (t("tip_grade", "en"), t("col_grade_reason", "en")):
        texts += [str(v) for v in evaluation[col].dropna().unique()]
    texts += map_strings(at)
    assert chinese_left(texts, data_values()) == []


def test_grade_reasons_and_grades_are_worded_in_english(english_grade_page):
    evaluation = next(df.value for df in english_grade_page.dataframe
                      if t("col_grade_reason", "en") in df.value.columns)
    reasons = set(evaluation[t("col_grade_reason", "en")])
    assert "Not graded: no tax figures" in reasons
    assert any(r.startswith("top half by score, highest Tax per mu") for r in reasons)
    assert "Not graded" in set(evaluation[t("tip_grade", "en")])
    script = " ".join(map_strings(english_grade_page))
    assert "Not graded" in script and "Enterprise grade" in script  # legend row and title


@pytest.mark.parametrize(("layer", "tab"), [("low_efficiency", "tab_sections"), ("land_class", "tab_targets")])
def test_other_layers_and_tabs_show_no_chinese_outside_data(monkeypatch, layer, tab):
    monkeypatch.delenv("ZONE_DATA", raising=False)
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = "en"
    at.query_params["layer"] = layer
    at = open_tab(at.run(), t(tab, "en"))
    assert_page_ok(at)
    texts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [h.value for h in at.subheader]
    texts += [f"{m.label} {m.value} {m.proto.delta} {m.proto.help}" for m in at.metric]
    texts += [str(c) for df in at.dataframe for c in df.value.columns]
    texts += map_strings(at)
    assert chinese_left(texts, data_values()) == []


def test_metric_help_gives_the_formula_and_source_in_english(english_grade_page):
    helps = {m.label: m.proto.help for m in english_grade_page.metric}
    assert helps["Ind. tax/mu(10k CNY/mu) · 2025"].startswith(
        "Industrial tax per mu: annual tax of the firms on A2 that reported it ÷ A2 less the land of firms "
        "that did not, in mu\n\n" + t("indicator.industrial_tax_per_mu.source", "en") + "\n\ncovers ")
    assert helps["Ind. tax/mu(10k CNY/mu) · 2025"].endswith(" firms")  # 'covers 98% of industrial land, …
    assert helps["Industrial land ratio(%)"].startswith("Industrial land ratio: A2 ÷ A\n\nTD/T 1029 Rules")


def test_the_definitions_tab_in_english(monkeypatch):
    monkeypatch.delenv("ZONE_DATA", raising=False)
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = "en"
    at = open_tab(at.run(), t("formula_help", "en"))
    assert_page_ok(at)
    table = next(df.value for df in at.dataframe if t("col_formula", "en") in df.value.columns)
    assert list(table.columns) == [t(k, "en") for k in ("col_indicator", "col_unit", "col_formula", "col_source")]
    rows = table.set_index(t("col_indicator", "en"))
    assert rows.at["Tax per mu", t("col_formula", "en")] == "annual tax ÷ land area in mu"
    assert rows.at["Tax per mu", t("col_unit", "en")] == "10k CNY/mu"
    assert rows.at["Development rate", t("col_source", "en")].startswith(
        "TD/T 1029 Rules for evaluating intensive land use in development zones; MNR monitoring statistics")
    texts = [str(v) for v in table.to_numpy().ravel()] + [str(c) for c in table.columns]
    assert chinese_left(texts, data_values()) == []


@pytest.fixture(scope="module")
def english_city_page() -> AppTest:
    mp = pytest.MonkeyPatch()
    mp.delenv("ZONE_DATA", raising=False)
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["view"] = "city"
    at.query_params["lang"] = "en"
    at.run()
    mp.undo()
    return at


def test_english_city_page_shows_no_chinese_outside_data(english_city_page):
    at = english_city_page
    assert_page_ok(at)
    texts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [h.value for h in at.subheader]
    texts += [f"{m.label} {m.value} {m.proto.delta} {m.proto.help}" for m in at.metric]
    for df in at.dataframe:
        texts += [str(c) for c in df.value.columns]
        texts += [str(v) for c in df.value.columns if df.value[c].dtype == object for v in df.value[c].dropna()]
    texts += map_strings(at)
    assert chinese_left(texts, data_values()) == []


def test_levels_and_targets_are_worded_on_the_english_city_page(english_city_page):
    table = next(df.value for df in english_city_page.dataframe if t("col_level", "en") in df.value.columns)
    assert set(table[t("col_level", "en")]) == {"National-level", "Provincial-level"}
    targets = {v for year in (2024, 2025, 2026) for v in table[t("col_target", "en", year=year)]}
    assert {"3 stars Tier 1", "2 stars Tier 2", "Tier 3"} <= targets, targets  # a tier without a star: no star
    script = " ".join(map_strings(english_city_page))
    assert "National-level" in script and "Tier 1" in script  # tooltips and the tier legend
    assert "国家级" not in script and "一档" not in script


def test_the_check_finds_chinese_that_is_not_data():
    assert chinese_left(["Grade: 未评价 · 企业甲"], ["企业甲"]) == ["Grade: 未评价 · "]


def test_the_profile_and_transitions_in_english_show_no_chinese_outside_data(monkeypatch):
    """The enterprise profile (a firm of the sample on several parcels, opened as a click does) and
    the grade-transitions tab: headers, cells of the worded columns, captions and the chart's spec."""
    from zone_layers import summary

    monkeypatch.delenv("ZONE_DATA", raising=False)
    dataset = dataset_from_gpkg(settings.SAMPLE_PATH)
    firms = summary.dataset_firms(dataset)
    counts = firms.allocation.table.groupby("credit_code")["parcel_id"].nunique()
    main = firms.main_user()
    parcel = main.loc[main["credit_code"].isin(counts[counts >= 2].index)
                      & main["parcel_id"].str.startswith("411702"), "parcel_id"].iloc[0]
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = "en"
    at.run()
    at.session_state["parcel_id"] = parcel
    at.session_state["_open_tab"] = "tab_evaluation"
    at.run()
    assert_page_ok(at)
    texts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    worded = [t(k, "en") for k in ("firm.col_source", "tip_grade", "col_grade_reason", "col_indicator",
                                   "firm.col_measure")]
    for df in at.dataframe:
        texts += [str(c) for c in df.value.columns]
        texts += [str(v) for c in worded if c in df.value.columns for v in df.value[c].dropna()]
    assert any(t("firm.title", "en") in x for x in texts) and t("firm.col_zone_median", "en") in texts
    at = open_tab(at, t("tab_transitions", "en"))
    assert_page_ok(at)
    texts += [m.value for m in at.markdown] + [c.value for c in at.caption]
    for df in at.dataframe:
        texts += [str(c) for c in df.value.columns] + [str(v) for v in df.value.iloc[:, 0]]
    texts += [c.proto.spec for c in at.get("vega_lite_chart")]
    assert any(t("trans.total", "en") == x for x in texts)
    assert chinese_left(texts, data_values()) == []

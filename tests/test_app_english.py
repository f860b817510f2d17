"""The English zone page shows no Chinese outside data values (AppTest, no browser).

What is checked: markdown and captions, metrics, the column headers of every table and the grade,
grading-note and low-efficiency columns of the evaluation table, and the map component's tooltip
and legend strings (the json args of st_folium), with the grade layer on. Data values (zone,
section, firm and industry names, counties, functions, parcel IDs) and the deliberate 示意数据 label
are removed before looking for CJK characters.
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
    for frame, columns in ((dataset.zones, ["name", "short_name", "county", "level", "leading_industries"]),
                           (dataset.sections, ["name", "function"]),
                           (dataset.parcels, ["parcel_id", "enterprise", "industry"]),
                           (dataset.zone_targets, None), (dataset.cluster_targets, None)):
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
    texts += [f"{m.label} {m.value} {m.proto.delta}" for m in at.metric]
    evaluation = None
    for df in at.dataframe:
        texts += [str(c) for c in df.value.columns]
        if t("col_grade_reason", "en") in df.value.columns:
            evaluation = df.value
    assert evaluation is not None, "the evaluation table is on the page"
    for col in (t("tip_grade", "en"), t("col_grade_reason", "en"), t("tip_low", "en")):
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
    texts += [f"{m.label} {m.value} {m.proto.delta}" for m in at.metric]
    texts += [str(c) for df in at.dataframe for c in df.value.columns]
    texts += map_strings(at)
    assert chinese_left(texts, data_values()) == []


def test_the_check_finds_chinese_that_is_not_data():
    assert chinese_left(["Grade: 未评价 · 企业甲"], ["企业甲"]) == ["Grade: 未评价 · "]

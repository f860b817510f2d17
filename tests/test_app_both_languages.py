"""Issue 19, "both languages": what a page shows in Chinese and English besides the catalogue's own
sentences (AppTest, no browser): the placeholders of the selection widgets, which are Streamlit's
English defaults unless the page passes its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.i18n import t
from tests.helpers import assert_page_ok, open_tab

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

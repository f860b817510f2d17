"""Issue 19: the targets tab says which way a gap goes, in words and with its unit, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.pages.zone_tabs import gap_text
from tests.helpers import assert_page_ok, open_tab

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")


@pytest.mark.parametrize(("gap", "lang", "text"), [
    (-3.6573, "zh", "✗ 差 3.7 亿元"),                 # 136.3427 − 140
    (92.8899, "zh", "✓ 达成（超出 92.9 亿元）"),        # 157.8899 − 65
    (0.04, "zh", "✓ 达成"),                           # 0.0 at one decimal: met exactly
    (-0.04, "zh", "✓ 达成"),
    (-1234.5, "zh", "✗ 差 1,234.5 亿元"),
    (-3.6573, "en", "✗ short by 3.7 100M CNY"),
    (92.8899, "en", "✓ met (92.9 100M CNY above)"),
    (None, "zh", None),
    (float("nan"), "en", None),
])
def test_a_gap_in_words(gap, lang, text):
    unit = {"zh": "亿元", "en": "100M CNY"}[lang]
    assert gap_text(gap, unit, lang) == text


@pytest.mark.parametrize(("lang", "tab"), [("zh", "目标差距"), ("en", "Targets")])
def test_the_targets_tab_words_its_gaps_with_units(monkeypatch, lang, tab):
    monkeypatch.delenv("ZONE_DATA", raising=False)
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["lang"] = lang
    at = open_tab(at.run(), tab)
    assert_page_ok(at)
    unit = {"zh": "万元/亩", "en": "10k CNY/mu"}[lang]
    tax = at.metric[[m.label for m in at.metric].index(
        {"zh": "工业用地亩均税收 / 省定基准(万元/亩)", "en": "Industrial tax per mu / benchmark"}[lang])]
    value, benchmark = (float(x) for x in tax.value.split(" / "))
    met = {"zh": "✓ 已达标", "en": "✓ met"} if value >= benchmark else {"zh": "✗ 未达标", "en": "✗ not met"}
    assert tax.proto.delta == f"{value - benchmark:+.2f} {unit} · {met[lang]}"
    revenue = {"zh": "园区企业营业收入", "en": "Revenue of the zone's firms"}[lang]
    gaps = next(df.value for df in at.dataframe if revenue in df.value.columns)
    final = {"zh": "距2026年目标", "en": "Against the 2026 target"}[lang]
    target = {"zh": "2026年目标", "en": "2026 target"}[lang]
    assert len(gaps) >= 1
    for row in gaps.to_dict("records"):  # the words agree with the numbers beside them
        gap = row[revenue] - row[target]
        x = f"{abs(gap):,.1f}"
        expected = {("zh", True): f"✓ 达成（超出 {x} 亿元）", ("zh", False): f"✗ 差 {x} 亿元",
                    ("en", True): f"✓ met ({x} 100M CNY above)", ("en", False): f"✗ short by {x} 100M CNY"}
        assert row[final] == expected[lang, gap > 0], row

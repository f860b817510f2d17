"""Trends and growth of zone_layers.summary against figures computed by hand from tiny tables."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from zone_layers import summary


def test_growth_compares_the_same_firms_in_both_years():
    """A: 100 -> 110, B: 200 -> 180, C enters in 2025 (500), D reports no 2025 tax (50 in 2024).
    Same firms (A, B): 290 / 300 - 1 = -3.33 %; all firms' totals would say 790 / 350 - 1 = +125.7 %."""
    firm_years = pd.DataFrame({
        "credit_code": ["A", "B", "D", "A", "B", "C", "D"],
        "year": [2024, 2024, 2024, 2025, 2025, 2025, 2025],
        "tax_wan": [100.0, 200.0, 50.0, 110.0, 180.0, 500.0, math.nan],
        "industry": ["食品", "机械", "机械", "食品", "机械", "食品", "机械"],
    })
    out = summary.growth(firm_years, "tax_wan", 2024, 2025).loc["all"]
    assert out["growth"] == pytest.approx(290 / 300 - 1)
    assert (out["n_firms"], out["n_from"], out["n_to"]) == (2, 3, 3)
    assert (out["value_from"], out["value_to"]) == (300, 290)
    by = summary.growth(firm_years, "tax_wan", 2024, 2025, by="industry")
    assert by.loc["食品", "growth"] == pytest.approx(110 / 100 - 1)   # A only; C is new
    assert by.loc["机械", "growth"] == pytest.approx(180 / 200 - 1)   # B only; D left
    assert (by.loc["食品", "n_from"], by.loc["食品", "n_to"]) == (1, 2)
    # no firm in both years: missing, never 0
    assert math.isnan(summary.growth(firm_years, "tax_wan", 2023, 2025).loc["all", "growth"])


def test_section_trend_of_any_zone_indicator(tiny_dataset, tiny_view):
    """二区 (s2): road P4 (9 000 m², no firm) and 丙 on P9 (A4, 6 000 m², 2024 tax 120 万元): A = 1.5 ha.
    2024: 120 / 1.5 = 80 万元/公顷 over all of A; 2022: 丙 reported nothing, so no figure (not 0)."""
    trend = summary.section_trend(tiny_dataset.sections, tiny_view, indicator="overall_tax_per_ha",
                                  firms=summary.dataset_firms(tiny_dataset))
    assert list(trend.columns) == ["section_id", "name", "year", "overall_tax_per_ha", "overall_tax_coverage",
                                   "overall_tax_firms", "built_firms"]
    s2 = trend.loc[trend["section_id"] == "s2"].set_index("year")
    assert s2.loc[2024, "overall_tax_per_ha"] == pytest.approx(80, rel=1e-8)
    assert s2.loc[2024, "overall_tax_coverage"] == pytest.approx(1.0)
    assert math.isnan(s2.loc[2022, "overall_tax_per_ha"])
    assert s2.loc[2022, "overall_tax_coverage"] == pytest.approx(9_000 / 15_000)  # the road only
    # 一区 in 2024: 甲's 990 万元 over its 90 亩 (乙 reported no tax; its 45 亩 are left out)
    default = summary.section_trend(tiny_dataset.sections, tiny_view)
    s1 = default.loc[(default["section_id"] == "s1") & (default["year"] == 2024)].iloc[0]
    assert s1["industrial_tax_per_mu"] == pytest.approx(11.0, rel=1e-8)
    assert (s1["industrial_tax_firms"], s1["industrial_firms"]) == (1, 2)
    with pytest.raises(KeyError, match="industrial_tax_per_mu"):
        summary.section_trend(tiny_dataset.sections, tiny_view, indicator="tax_per_parcel")

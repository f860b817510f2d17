"""Trends and growth of zone_layers.summary against figures computed by hand from tiny tables."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from zone_layers import summary, target_gaps


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


#: Targets of the tiny zone (and one of another zone), each value in the indicator's unit as shown.
TINY_TARGETS = pd.DataFrame({
    "zone_id": ["tiny", "tiny", "tiny", "tiny", "other", "tiny", "tiny", "tiny"],
    "year": [2026, 2025, 2026, 2025, 2026, 2026, 2026, 2025],
    "indicator": ["industrial_tax_per_mu", "industrial_land_ratio", "idle_land_rate", "far",
                  "industrial_tax_per_mu", "tax_per_mu_2026", "tax_per_mu", "far"],
    "value": [11.0, 80.0, 10.0, 1.0, 20.0, 11.0, 11.0, 1.2],
})


def _tiny_figures(tiny_dataset, tiny_view) -> dict:
    zone = tiny_dataset.zones.iloc[0]
    return summary.zone_summary(zone, tiny_view, year=2024, firms=summary.dataset_firms(tiny_dataset))


def test_indicator_targets_of_the_tiny_zone(tiny_dataset, tiny_view):
    """The tiny zone, 2024 (hand-computed in tests/test_cli.py):
    工业用地率 A2 / A = 90 000 / 120 000 = 0.75 against 80 % (2025): gap -0.05, not met;
    综合容积率 129 000 / 120 000 = 1.075 against 1.0 (2025): +0.075, met; and against 1.2 (the
    repeated 2025 row, both shown): -0.125, not met;
    工业亩均税收 990 万元 / 90 亩 (甲 alone reported) = 11.00 against 11 (2026): gap 0, met (at the target);
    土地闲置率 G / D = 12 000 / 132 000 = 0.0909 against 10 % (2026): lower is better, -0.0091, met.
    The other zone's row and the rows naming no zone indicator are not used."""
    rows = target_gaps.indicator_targets(TINY_TARGETS, _tiny_figures(tiny_dataset, tiny_view), zone_id="tiny",
                                     year=2024)
    assert list(rows.columns) == ["indicator", "target_year", "target", "year", "current", "gap", "met", "better"]
    # registry order (工业用地率, 综合容积率, 工业亩均税收, 土地闲置率), then target year
    assert list(zip(rows["indicator"], rows["target_year"], strict=True)) == [
        ("industrial_land_ratio", 2025), ("far", 2025), ("far", 2025), ("industrial_tax_per_mu", 2026),
        ("idle_land_rate", 2026)]
    assert (rows["year"] == 2024).all()
    assert rows["target"].tolist() == pytest.approx([0.80, 1.0, 1.2, 11.0, 0.10])  # percent -> fraction
    assert rows["current"].tolist() == pytest.approx([0.75, 1.075, 1.075, 11.0, 12_000 / 132_000])
    assert rows["gap"].tolist() == pytest.approx([-0.05, 0.075, -0.125, 0.0, 12_000 / 132_000 - 0.10], abs=1e-8)
    assert rows["met"].tolist() == [False, True, False, True, True]
    assert rows["better"].tolist() == ["higher", "higher", "higher", "higher", "lower"]


def test_a_viewers_suppressed_figure_leaves_current_and_gap_blank(tiny_dataset, tiny_view):
    """For a viewer, 工业亩均税收 rests on one firm (甲) and is suppressed: so are its current value,
    gap and met; the land ratios are not firm figures and stay."""
    from zone_layers import disclosure

    figures = _tiny_figures(tiny_dataset, tiny_view)
    protection = disclosure.protect(tiny_view, year=2024, shown_groups=tiny_dataset.sections["section_id"])
    shown = disclosure.apply_summary(figures, protection)
    rows = target_gaps.indicator_targets(TINY_TARGETS, shown, zone_id="tiny", year=2024).set_index("indicator")
    tax = rows.loc["industrial_tax_per_mu"]
    assert tax["target"] == 11.0 and math.isnan(tax["current"]) and math.isnan(tax["gap"]) and tax["met"] is None
    assert rows.loc["industrial_land_ratio", "current"] == pytest.approx(0.75)


def test_target_rows_naming_no_zone_indicator_are_reported():
    problems = target_gaps.target_problems(TINY_TARGETS)
    assert problems.to_dict("records") == [
        {"row": 6, "zone_id": "tiny", "year": 2026, "indicator": "tax_per_mu_2026", "problem": "unknown_indicator"},
        {"row": 7, "zone_id": "tiny", "year": 2026, "indicator": "tax_per_mu", "problem": "parcel_indicator"},
        {"row": 8, "zone_id": "tiny", "year": 2025, "indicator": "far", "problem": "repeated"},
    ]
    assert "tax_per_mu" not in target_gaps.target_indicators()
    assert {"industrial_tax_per_mu", "idle_land_rate"} <= set(target_gaps.target_indicators())
    assert target_gaps.target_problems(TINY_TARGETS.iloc[:5]).empty


def test_the_report_names_the_row_the_key_and_the_valid_keys():
    from dashboard.i18n import target_problem_texts

    problems = target_gaps.target_problems(TINY_TARGETS)
    zh, _, _ = target_problem_texts(problems, target_gaps.target_indicators(), "zh")
    en = target_problem_texts(problems, target_gaps.target_indicators(), "en")[0]
    assert en.startswith("Table targets, row 6 (tiny, 2026): 'tax_per_mu_2026' is not a key of the indicator "
                         "registry; the row is not used. Valid keys: development_rate, supply_rate")
    assert "industrial_tax_per_mu" in en and "idle_land_rate" in en
    assert zh.startswith("指标目标表（targets）第 6 行（tiny，2026年）：“tax_per_mu_2026”不是指标库中的指标键")


def test_idle_land_rate_is_the_indicator_where_lower_is_better():
    from zone_layers.indicators import INDICATORS

    assert [i.key for i in INDICATORS if i.better == "lower"] == ["idle_land_rate"]


def test_a_figure_equal_to_its_target_up_to_rounding_meets_it():
    targets = pd.DataFrame({"zone_id": ["z", "z"], "year": [2026, 2026],
                            "indicator": ["industrial_tax_per_mu", "idle_land_rate"], "value": [11.0, 1.0]})
    def met(tax: float, idle: float) -> list:
        figures = {"zone_id": "z", "industrial_tax_per_mu": tax, "idle_land_rate": idle}
        return target_gaps.indicator_targets(targets, figures, zone_id="z", year=2025)["met"].tolist()

    assert met(11.0 - 1e-12, 0.01 + 1e-14) == [True, True]
    assert met(10.99, 0.0101) == [False, False]
    with pytest.raises(ValueError, match="zone 'z', not of 'y'"):
        target_gaps.indicator_targets(targets, {"zone_id": "z"}, zone_id="y", year=2025)

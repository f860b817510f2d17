"""The evaluation round (issue 16): settings, simulation, quota warnings, movers, overrides, costs.

A hand-built year of ten firms, each on 10 000 m² = 15 亩, graded by a percentile preset ``p``:
score = (50 × t + 50 × r) / 100 with t = 亩均税收 / 10 and r = 亩均营业收入 / 100 (cap 2);
A = the best 20 % (2 firms), C = the worst 20 % (2), B the rest.

====  ====  ====  ===========  ===========
firm   t     r    score 50/50  score 80/20
====  ====  ====  ===========  ===========
F0    1.5   1.5   1.5          1.5
F1    0.2   2.0   1.1          0.16 + 0.40 = 0.56
F2    1.8   0.2   1.0          1.44 + 0.04 = 1.48
F3    0.9   0.9   0.9          0.9
F4    0.8   0.8   0.8          0.8
F5    0.7   0.7   0.7          0.7
F6    0.6   0.6   0.6          0.6
F7    0.5   0.5   0.5          0.5
F8    0.45  0.35  0.40         0.36 + 0.07 = 0.43
F9    0.25  0.35  0.30         0.20 + 0.07 = 0.27
====  ====  ====  ===========  ===========

50/50: A = F0, F1; C = F8, F9.  80/20: A = F0, F2 (F1 drops to 7th: B); C = F8, F9.
"""

from __future__ import annotations

import copy

import pandas as pd
import pytest

from geodata.errors import ZoneDataError
from zone_layers import evaluation
from zone_layers import round as rnd
from zone_layers.grading import GradingConfigError
from zone_layers.grading.model import Price

T = [1.5, 0.2, 1.8, 0.9, 0.8, 0.7, 0.6, 0.5, 0.45, 0.25]
R = [1.5, 2.0, 0.2, 0.9, 0.8, 0.7, 0.6, 0.5, 0.35, 0.35]
CODES = [f"F{i}" for i in range(10)]

DOC = {
    "default_preset": "p",
    "min_group_size": 10,
    "ungraded_industries": [],
    "presets": {"p": {
        "method": "percentile",
        "criteria": [{"indicator": "tax_per_mu", "weight": 50, "benchmark": 10.0},
                     {"indicator": "revenue_per_mu", "weight": 50, "benchmark": 100.0}],
        "classes": [{"grade": "A", "share": 0.2, "min_score": 1.0}, {"grade": "B", "min_score": 0.5},
                    {"grade": "C", "share": 0.2}],
    }},
    "quotas": {"p": {"A": {"max": 0.15}, "C": {"min": 0.25}}},
}


def firm_years(year: int = 2024) -> pd.DataFrame:
    enterprises = pd.DataFrame({"credit_code": CODES, "name": [f"企业{i}" for i in range(10)],
                                "industry": ["制造"] * 10, "above_scale": [True] * 10,
                                "registered": pd.to_datetime(["2010-01-01"] * 10), "exempt": [None] * 10})
    land = pd.DataFrame({"own_m2": 10_000.0, "leased_out_m2": 0.0, "leased_in_m2": 0.0, "land_m2": 10_000.0,
                         "industrial_m2": 10_000.0, "land_mu": 15.0, "built": True, "floor_area_m2": 8000.0,
                         "building_footprint_m2": 4000.0, "footprint_m2": 5000.0, "investment_wan": 3000.0},
                        index=pd.Index(CODES, name="credit_code"))
    years = pd.DataFrame({"credit_code": CODES, "year": year,
                          "tax_wan": [t * 10 * 15 for t in T], "revenue_wan": [r * 100 * 15 for r in R],
                          "value_added_wan": 100.0, "energy_tce": 50.0, "employees": 20.0, "rd_wan": 1.0})
    return evaluation.firm_year_indicators(enterprises, years, land)


def official() -> rnd.Rules:
    return rnd.rules_from_document(DOC, source="test.toml", benchmark=10.0)


def grades(graded: pd.DataFrame) -> dict[str, str]:
    return dict(zip(graded["credit_code"], graded["grade"], strict=True))


def test_no_change_simulates_the_official_grades():
    rules = official()
    sim = rnd.simulate(firm_years(), 2024, rules, rnd.changed_rules(rules, []))
    assert sim.simulated_rules.version == rules.version
    assert grades(sim.official) == grades(sim.simulated)
    assert sim.moved.empty
    assert list(sim.counts["official"]) == list(sim.counts["simulated"]) == [2, 6, 2, 0, 0]


def test_a_changed_weight_moves_the_firms_computed_by_hand():
    rules = official()
    changed = rnd.changed_rules(rules, [rnd.parse_setting("criteria[0].weight=80"),
                                        rnd.parse_setting("presets.p.criteria[1].weight=20")])
    assert changed.version != rules.version
    sim = rnd.simulate(firm_years(), 2024, rules, changed)
    off, new = grades(sim.official), grades(sim.simulated)
    assert [c for c in CODES if off[c] == "A"] == ["F0", "F1"]
    assert [c for c in CODES if new[c] == "A"] == ["F0", "F2"]
    assert [c for c in CODES if new[c] == "C"] == ["F8", "F9"]
    moved = sim.moved.set_index("credit_code")
    assert list(moved.index) == ["F1", "F2"]
    assert tuple(moved.loc["F1", ["official", "simulated"]]) == ("A", "B")
    assert tuple(moved.loc["F2", ["official", "simulated"]]) == ("B", "A")
    assert moved.loc["F1", "score_simulated"] == pytest.approx(0.56)
    assert moved.loc["F2", "score_simulated"] == pytest.approx(1.48)
    # the change of each part against the average change (t: +0.3 t, r: −0.3 r; mean t 0.77, r 0.79):
    # F2 rises most by 亩均税收 (+0.3 × 1.03); F1 falls most by 亩均营业收入 (−0.3 × 1.21)
    assert moved.loc["F2", "decided_by"] == "tax_per_mu"
    assert moved.loc["F1", "decided_by"] == "revenue_per_mu"


def test_quota_warnings_by_hand():
    rules = official()
    sim = rnd.simulate(firm_years(), 2024, rules, rules)
    # A: 2 of 10 = 20 % > 15 %; C: 2 of 10 = 20 % < 25 %
    assert [w for w in sim.warnings if w["of"] == "official"] == [
        {"of": "official", "grade": "A", "bound": "max", "limit": 0.15, "count": 2, "n": 10, "share": 0.2},
        {"of": "official", "grade": "C", "bound": "min", "limit": 0.25, "count": 2, "n": 10, "share": 0.2}]
    # a share of 0.1 for A meets its bound (1 of 10); C still misses
    fewer = rnd.changed_rules(rules, [rnd.parse_setting("classes[0].share=0.1")])
    assert [(w["grade"], w["bound"]) for w in rnd.quota_warnings(fewer.grade(firm_years(), 2024), fewer)] == [
        ("C", "min")]
    # the bound itself may be changed like any other key
    looser = rnd.changed_rules(rules, [rnd.parse_setting("quotas.p.C.min=0.2"),
                                       rnd.parse_setting("quotas.p.A.max=0.2")])
    assert rnd.quota_warnings(looser.grade(firm_years(), 2024), looser) == []
    # a new bound: B at least 70 % (6 of 10 = 60 %)
    more = rnd.changed_rules(rules, [rnd.parse_setting("quotas.p.B.min=0.7")])
    assert ("B", "min", 0.7) in [(w["grade"], w["bound"], w["limit"])
                                 for w in rnd.quota_warnings(more.grade(firm_years(), 2024), more)]


@pytest.mark.parametrize(("setting", "words"), [
    ("criteria[0].wieght=60", ["presets.p.criteria[0].wieght", "did you mean 'weight'?"]),
    ("presets.q.tie_rule=by_tax", ["presets.q does not exist", "keys there: p"]),
    ("criteria[5].weight=60", ["presets.p.criteria[5] does not exist", "2 items"]),
    ("criteria[0].weight=-1", ["presets.p.criteria[0].weight = -1", "a number > 0"]),
    ("tie_rule=bytax", ["presets.p.tie_rule = 'bytax'", "did you mean 'by_tax'?"]),
    ("benchmark=abc", ["benchmark = 'abc'", "a number > 0"]),
    ("quotas.p.D.max=0.1", ["quotas.p.D", "a grade of preset 'p': A, B, C"]),
])
def test_a_bad_setting_names_its_key_path_and_what_is_expected(setting, words):
    with pytest.raises(GradingConfigError) as err:
        rnd.changed_rules(official(), [rnd.parse_setting(setting)])
    for word in words:
        assert word in str(err.value)


def test_setting_text_and_the_tax_benchmark():
    assert rnd.parse_setting("tie_rule=by_tax") == ("tie_rule", "by_tax")
    assert rnd.parse_setting(" classes[0].share = 0.25 ") == ("classes[0].share", 0.25)
    with pytest.raises(ZoneDataError, match="KEY=VALUE"):
        rnd.parse_setting("weight 60")
    rules = official()
    assert rnd.changed_rules(rules, [("benchmark", 12)]).benchmark == 12.0
    # the tax_per_mu criterion's benchmark is the run-time one: setting it sets the benchmark
    assert rnd.changed_rules(rules, [("criteria[0].benchmark", 20.0)]).benchmark == 20.0
    assert rnd.changed_rules(rules, [("criteria[1].benchmark", 200.0)]).benchmark == 10.0
    # the official document is never changed
    assert DOC["presets"]["p"]["criteria"][0]["weight"] == 50 and rules.document == DOC


def test_benchmark_doubled_halves_tax_parts():
    rules = official()
    changed = rnd.changed_rules(rules, [("benchmark", 20.0)])
    sim = rnd.simulate(firm_years(), 2024, rules, changed)
    # F0: (0.75 + 1.5) / 2 = 1.125
    assert sim.simulated.set_index("credit_code").loc["F0", "score"] == pytest.approx(1.125)


def test_an_override_of_the_land_area_changes_a_grade_and_keeps_the_source():
    source = firm_years()
    before = copy.deepcopy(source)
    corrected = rnd.apply_overrides(source, [rnd.Override("F1", 2024, "land_mu", 30.0, ref="obj-1")])
    pd.testing.assert_frame_equal(source, before)  # the source table is untouched
    f1 = corrected.set_index("credit_code").loc["F1"]
    # 30 亩 = 20 000 m²: 亩均税收 30 / 30 = 1 (t = 0.1), 亩均营业收入 3000 / 30 = 100 (r = 1.0)
    assert f1["land_m2"] == pytest.approx(20_000)
    assert f1["tax_per_mu"] == pytest.approx(1.0) and f1["revenue_per_mu"] == pytest.approx(100.0)
    assert f1["corrected"] == ("land_mu",)
    rules = official()
    assert grades(rules.grade(source, 2024))["F1"] == "A"
    # score (0.1 + 1.0) / 2 = 0.55: 7th of 10, so B; F2 (1.0) takes its place in A
    regraded = grades(rules.grade(corrected, 2024))
    assert regraded["F1"] == "B" and regraded["F2"] == "A"
    rows = rnd.override_rows(source, [rnd.Override("F1", 2024, "land_mu", 30.0, ref="obj-1")])
    assert rows.to_dict("records") == [{"credit_code": "F1", "year": 2024, "field": "land_mu", "original": 15.0,
                                        "corrected": 30.0, "ref": "obj-1"}]


def test_an_override_of_a_figure_and_bad_overrides():
    corrected = rnd.apply_overrides(firm_years(), [rnd.Override("F9", 2024, "tax_wan", 300.0)])
    assert corrected.set_index("credit_code").loc["F9", "tax_per_mu"] == pytest.approx(20.0)
    with pytest.raises(ZoneDataError) as err:
        rnd.apply_overrides(firm_years(), [rnd.Override("F9", 2024, "tax", 1.0),
                                           rnd.Override("X", 2024, "tax_wan", 1.0),
                                           rnd.Override("F1", 2023, "land_mu", 1.0),
                                           rnd.Override("F1", 2024, "land_mu", -3.0)])
    text = str(err.value)
    assert "did you mean 'tax_wan'?" in text and "firm X for 2024" in text and "firm F1 for 2023" in text
    assert "value -3.0; expected a number ≥ 0" in text


def test_publicity_list_ranks_graded_firms_first():
    graded = official().grade(firm_years(), 2024)
    table = rnd.publicity_table(graded)
    assert list(table["credit_code"]) == CODES  # here the ranking by grade then score is the firms' order
    assert list(table["rank"]) == list(range(1, 11))
    assert list(table["grade"][:3]) == ["A", "A", "B"]
    assert table.loc[0, "tax_per_mu"] == pytest.approx(15.0)


PRICE = Price("electricity", "差别电价加价", "surcharge", "供电公司", "Power utility", "元/kWh",
              by_grade=(("B", 0.01),), lowest_by_years=(0.05, 0.10, 0.15), consumption="electricity_kwh")


def test_consecutive_years_in_the_lowest_class_and_the_rate():
    flags = [(2021, pd.Series({"X": True, "Y": False, "Z": False})),
             (2022, pd.Series({"X": True, "Y": False, "Z": False})),
             (2023, pd.Series({"X": True, "Y": True, "Z": False})),
             (2024, pd.Series({"X": True, "Y": True, "Z": True, "W": False}))]
    streak = rnd.lowest_streak(flags)
    assert streak.to_dict() == {"X": 4, "Y": 2, "Z": 1, "W": 0}
    # a missing year ends a run: 2021, (no 2022), 2023, 2024
    assert rnd.lowest_streak([flags[0], flags[2], flags[3]]).to_dict() == {"X": 2, "Y": 2, "Z": 1, "W": 0}
    assert [rnd.firm_rate("C", n, PRICE, lowest="C") for n in (1, 2, 3, 4)] == [0.05, 0.10, 0.15, 0.15]
    assert rnd.firm_rate("B", 0, PRICE, lowest="C") == 0.01
    assert rnd.firm_rate("A", 0, PRICE, lowest="C") == 0.0


def test_price_list_without_consumption_gives_no_total():
    graded = official().grade(firm_years(), 2024)
    streak = pd.Series({"F8": 3, "F9": 1})
    table = rnd.price_table(graded, PRICE, lowest="C", streak=streak)
    rates = dict(zip(table["credit_code"], table["rate"], strict=True))
    assert rates["F8"] == 0.15 and rates["F9"] == 0.05 and rates["F3"] == 0.01 and rates["F0"] == 0.0
    assert table["consumption"].isna().all()
    assert rnd.price_total(table, has_consumption=False) == {
        "firms": 10, "firms_with_rate": 8, "firms_known": 0, "total": None, "has_consumption": False}
    # with a reported consumption for two firms: 0.15 × 1 000 000 + 0.05 × 200 000 = 160 000 元
    with_use = graded.assign(electricity_kwh=[None] * 8 + [1_000_000.0, 200_000.0])
    table = rnd.price_table(with_use, PRICE, lowest="C", streak=streak)
    assert rnd.price_total(table, has_consumption=True)["total"] == pytest.approx(160_000.0)

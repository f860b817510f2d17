"""Enterprise grading: hand-built sets of firms with every expected class worked out in the test.

Most tests use a one-preset configuration built in code (``make_config``) with round benchmarks, so
each score is easy to compute by hand; the shipped ``geodata/grading.toml`` and the bundled sample are
tested at the end.
"""

from __future__ import annotations

import copy
import math
from collections import Counter

import pandas as pd
import pytest

from geodata import config_files, settings
from geodata.dataset import dataset_from_gpkg
from geodata.errors import ZoneDataError
from zone_layers import evaluation, grading, summary
from zone_layers.grading import GradingConfigError, config_from_dict, grade_enterprises, grade_summary
from zone_layers.grading import methods as grading_methods

NAN = math.nan

HENAN_CLASSES = [
    {"grade": "A", "name_zh": "优先发展", "share": 0.15, "min_score": 1.0},
    {"grade": "B", "name_zh": "鼓励提升", "min_score": 0.5},
    {"grade": "C", "name_zh": "倒逼转型", "share": 0.10},
]
HUAIAN_CLASSES = [
    {"grade": "A", "share": 0.20, "min_score": 1.0},
    {"grade": "B", "share": 0.40, "min_score": 0.7},
    {"grade": "C", "min_score": 0.4},
    {"grade": "D", "share": 0.05},
]
#: score = tax_per_mu / 10 (one criterion, benchmark 10, cap high enough never to bite)
TAX_ONLY = [{"indicator": "tax_per_mu", "weight": 1, "benchmark": 10.0}]


def make_config(method: str, criteria: list[dict], classes: list[dict], **preset_keys) -> grading.GradingConfig:
    data = {
        "default_preset": "t", "score_cap": 10.0, "min_group_size": 10,
        "ungraded_industries": ["公用事业", "水务"],
        "presets": {"t": {"method": method, "criteria": criteria, "classes": classes, **preset_keys}},
    }
    return config_from_dict(data, source="test.toml")


def make_firms(**columns) -> pd.DataFrame:
    """Firms F01, F02, ... with the given indicator columns; built, with tax, in 装备制造."""
    n = len(next(iter(columns.values())))
    base = {
        "parcel_id": [f"F{i:02d}" for i in range(1, n + 1)],
        "enterprise": [f"企业{i:02d}" for i in range(1, n + 1)],
        "industry": ["装备制造"] * n, "built": [True] * n, "tax_wan": [100.0] * n,
    }
    return pd.DataFrame({**base, **columns})


def by_pid(frame: pd.DataFrame, parcels: pd.DataFrame) -> pd.DataFrame:
    return frame.set_axis(parcels["parcel_id"])


def ids(graded: pd.DataFrame, grade: str) -> list[str]:
    return sorted(graded.index[graded["grade"] == grade])


# --- Henan: 20 firms -> 3 A and 2 C ------------------------------------------------------------

#: Two criteria, weight 1 each: score = (tax_per_mu / 10 + revenue_per_mu / 100) / 2.
HENAN_CRITERIA = [{"indicator": "tax_per_mu", "weight": 1, "benchmark": 10.0},
                  {"indicator": "revenue_per_mu", "weight": 1, "benchmark": 100.0}]
#: Scores fall by 0.05 from F01 (2.00) to F20 (1.05). F01: (10/10 + 300/100) / 2 = 2.0;
#: F08: (25/10 + 80/100) / 2 = 1.65; F11: (28/10 + 20/100) / 2 = 1.5; F20: (10/10 + 110/100) / 2 = 1.05.
HENAN_TAX = [10.0] * 7 + [25.0, 24.0, 23.0, 28.0] + [10.0] * 9
HENAN_REVENUE = [300.0, 290, 280, 270, 260, 250, 240, 80, 80, 80, 20,
                 190, 180, 170, 160, 150, 140, 130, 120, 110]
#: F02 is the least efficient firm but lies in the top half; F15 reports no energy data.
HENAN_VAE = [2.0, 0.1] + [2.0] * 9 + [0.3, 2.0, 2.0, NAN] + [2.0] * 5


def henan_firms() -> pd.DataFrame:
    return make_firms(tax_per_mu=HENAN_TAX, revenue_per_mu=HENAN_REVENUE, value_added_per_energy=HENAN_VAE)


def henan_config() -> grading.GradingConfig:
    return make_config("henan_three_class", HENAN_CRITERIA, HENAN_CLASSES, top_pick="tax_per_mu",
                       bottom_pick="value_added_per_energy")


def test_henan_twenty_firms_three_a_two_c_picked_by_tax_and_energy():
    firms = henan_firms()
    graded = by_pid(grade_enterprises(firms, henan_config()), firms)
    assert graded.loc["F01", "score"] == pytest.approx(2.0)
    assert graded.loc["F08", "score"] == pytest.approx(1.65)
    # round(0.15 × 20) = 3 A: the three highest taxes of the top half F01–F10 (25, 24, 23), not the
    # three best scores (F01–F03); F11 has the highest tax of all (28) but is in the bottom half.
    assert ids(graded, "A") == ["F08", "F09", "F10"]
    # round(0.10 × 20) = 2 C: lowest value added per energy in the bottom half F11–F20: F15 (no data,
    # counts as least efficient) and F12 (0.3). F02 (0.1) is in the top half, so it is B.
    assert ids(graded, "C") == ["F12", "F15"]
    assert (graded["grade"] == "B").sum() == 15
    assert graded.loc["F08", "grade_reason"] == {"rule": "henan_top", "pick": "tax_per_mu", "share": 0.15}
    assert graded.loc["F15", "grade_reason"] == {"rule": "henan_bottom_missing", "pick": "value_added_per_energy",
                                                 "share": 0.1}
    assert graded.loc["F12", "grade_reason"] == {"rule": "henan_bottom", "pick": "value_added_per_energy",
                                                 "share": 0.1}
    assert graded.loc["F01", "grade_reason"] == {"rule": "henan_rest"}


def test_henan_tie_on_tax_admits_both_firms_to_a():
    tax = list(HENAN_TAX)
    tax[6] = 23.0  # F07 now ties F10 at 23 (F07's revenue 240 → score (2.3 + 2.4) / 2 = 2.35)
    firms = make_firms(tax_per_mu=tax, revenue_per_mu=HENAN_REVENUE, value_added_per_energy=HENAN_VAE)
    graded = by_pid(grade_enterprises(firms, henan_config()), firms)
    # F08 (25), F09 (24), then F07 (23, better score than F10) fill the 3 places; F10 ties F07 → A too.
    assert ids(graded, "A") == ["F07", "F08", "F09", "F10"]
    assert graded.loc["F10", "grade_reason"] == {"rule": "henan_top", "pick": "tax_per_mu", "share": 0.15,
                                                 "tied": True}
    assert "tied" not in graded.loc["F07", "grade_reason"]  # admitted on its own figure


def test_ungraded_firms_do_not_count_towards_the_shares():
    extra = make_firms(tax_per_mu=[NAN, 5.0, 5.0, NAN, 5.0, 5.0], revenue_per_mu=[100.0] * 6,
                       value_added_per_energy=[0.01] * 6)
    extra["parcel_id"] = [f"U{i}" for i in range(1, 7)]
    extra["tax_wan"] = [NAN, 100.0, 100.0, 100.0, 100.0, 100.0]
    extra["built"] = [True, False, True, True, False, True]
    extra["industry"] = ["装备制造", "装备制造", "公用事业", "装备制造", "水务", "装备制造"]
    extra["enterprise"] = ["初创公司", "在建公司", "供热公司", "零面积公司", "水厂", None]
    firms = pd.concat([henan_firms(), extra], ignore_index=True)
    graded = by_pid(grade_enterprises(firms, henan_config()), firms)
    assert graded.loc["U1", "grade_reason"] == {"rule": "ungraded_no_tax"}           # start-up
    assert graded.loc["U2", "grade_reason"] == {"rule": "ungraded_not_built"}        # not built
    assert graded.loc["U3", "grade_reason"] == {"rule": "ungraded_industry", "industry": "公用事业"}  # utility
    assert graded.loc["U4", "grade_reason"] == {"rule": "ungraded_no_primary",        # tax but no 亩均税收
                                                "indicator": "tax_per_mu"}
    assert graded.loc["U5", "grade_reason"] == {"rule": "ungraded_industry",          # industry rule wins
                                                "industry": "水务"}                    # over not built
    assert (graded.loc[["U1", "U2", "U3", "U4", "U5"], "grade"] == "ungraded").all()
    assert graded.loc[["U1", "U2", "U3", "U4", "U5"], "score"].isna().all()
    assert graded.loc["U6", "grade"] is None and graded.loc["U6", "grade_reason"] is None  # no firm
    # still N = 20 evaluated: the same 3 A and 2 C as without the extra rows
    assert ids(graded, "A") == ["F08", "F09", "F10"]
    assert ids(graded, "C") == ["F12", "F15"]
    summary_ = grade_summary(graded)
    assert list(summary_.index) == ["A", "B", "C", "D", "ungraded"]
    assert summary_["count"].tolist() == [3, 15, 2, 0, 5]
    assert summary_.loc["A", "share"] == pytest.approx(3 / 25)


# --- Huai'an: percentile classes ----------------------------------------------------------------

@pytest.mark.parametrize(("taxes", "expected"), [
    # scores 2.0, 1.9, ..., 0.1: A = round(0.2 × 20) = 4, B = round(0.4 × 20) = 8, D = round(0.05 × 20) = 1,
    # C = the rest, 20 − 4 − 8 − 1 = 7.
    ([20 - i for i in range(20)], {"A": 4, "B": 8, "C": 7, "D": 1}),
    # F05 ties F04 (both 17): F05 joins A (5), B keeps positions 6–12 (7).
    ([20, 19, 18, 17, 17] + [15 - i for i in range(15)], {"A": 5, "B": 7, "C": 7, "D": 1}),
    # F20 ties F19 (both 2): the D place goes to the better class C, D is empty.
    ([20 - i for i in range(19)] + [2], {"A": 4, "B": 8, "C": 8, "D": 0}),
])
def test_huaian_percentile_split_and_ties(taxes, expected):
    firms = make_firms(tax_per_mu=[float(t) for t in taxes])
    graded = grade_enterprises(firms, make_config("percentile", TAX_ONLY, HUAIAN_CLASSES))
    counts = grade_summary(graded)["count"]
    assert {g: int(counts[g]) for g in "ABCD"} == expected


def test_huaian_split_on_twenty_firms_names_the_firms_and_is_deterministic():
    firms = make_firms(tax_per_mu=[float(20 - i) for i in range(20)])
    config = make_config("percentile", TAX_ONLY, HUAIAN_CLASSES)
    graded = by_pid(grade_enterprises(firms, config), firms)
    assert ids(graded, "A") == ["F01", "F02", "F03", "F04"]
    assert ids(graded, "D") == ["F20"]
    assert graded.loc["F01", "grade_reason"] == {"rule": "rank_top", "share": 0.2}
    assert graded.loc["F05", "grade_reason"] == {"rule": "rank_between", "from": 0.2, "to": 0.6}
    assert graded.loc["F13", "grade_reason"] == {"rule": "rank_between", "from": 0.6, "to": 0.95}
    assert graded.loc["F20", "grade_reason"] == {"rule": "rank_bottom", "share": 0.05}
    shuffled = firms.sample(frac=1, random_state=1).set_axis(range(100, 120))
    again = by_pid(grade_enterprises(shuffled, config), shuffled)
    pd.testing.assert_frame_equal(again.sort_index(), graded.sort_index())


def test_tie_at_the_a_boundary_on_twelve_firms():
    # N = 12: A = round(0.2 × 12) = round(2.4) = 2. Scores 1.2, 1.1, 1.1, 1.0, 0.9, ...: F02 is the last
    # admitted to A (F02 before F03 by parcel_id) and F03 scores the same, so A holds 3 firms.
    firms = make_firms(tax_per_mu=[12.0, 11.0, 11.0] + [float(10 - i) for i in range(9)])
    graded = by_pid(grade_enterprises(firms, make_config("percentile", TAX_ONLY, HUAIAN_CLASSES)), firms)
    assert ids(graded, "A") == ["F01", "F02", "F03"]  # F03 ties F02, the last admitted to A


#: Values where rounding to 12 significant digits is delicate: a 13th digit of exactly 5 (as
#: decimals, which doubles only approximate), the doubles either side of it, digit carries, the ends
#: of the exact powers of ten, zeros, infinities and NaN.
TIE_KEY_CASES = [
    1.234567890125, 2.5e-7 + 1.234567890125e-7, 999_999_999_999.5, 99_999_999_999.95, 9.9999999999995,
    0.1 + 0.2, 0.3, 1 / 3, -2 / 3, 1e11, 1e12, 1e22, 1e23, 1e-11, 1e-12, 123456789012345.0, 5e-324,
    1e308, 0.0, -0.0, math.inf, -math.inf, math.nan,
]


@pytest.mark.parametrize("value", TIE_KEY_CASES)
def test_tie_key_is_the_twelve_digit_decimal(value):
    values = pd.Series([value, math.nextafter(value, math.inf), math.nextafter(value, -math.inf)])
    expected = [float(f"{v:.12g}") for v in values]  # the definition: format, then parse
    got = grading_methods._tie_key(values).tolist()
    assert [repr(v) for v in got] == [repr(v) for v in expected]  # repr: -0.0 and NaN compare too


# --- small groups, scores, benchmarks -----------------------------------------------------------

def test_small_group_falls_back_to_absolute_thresholds():
    # 5 firms < min_group_size 10; scores = tax / 10 = 1.2, 0.8, 0.5, 0.3, 1.0
    firms = make_firms(tax_per_mu=[12.0, 8.0, 5.0, 3.0, 10.0])
    graded = by_pid(grade_enterprises(firms, make_config("percentile", TAX_ONLY, HUAIAN_CLASSES)), firms)
    assert graded["grade"].tolist() == ["A", "B", "C", "D", "A"]  # ≥1.0 A, ≥0.7 B, ≥0.4 C, else D
    assert all(r["small_group"] == 10 for r in graded["grade_reason"])
    assert graded.loc["F04", "grade_reason"] == {"rule": "score_below", "score": pytest.approx(0.3), "min": 0.4,
                                                 "small_group": 10}
    assert graded.loc["F01", "grade_reason"] == {"rule": "score_at_least", "score": pytest.approx(1.2),
                                                 "min": 1.0, "small_group": 10}
    henan = make_config("henan_three_class", TAX_ONLY, HENAN_CLASSES, top_pick="tax_per_mu",
                        bottom_pick="value_added_per_energy")
    firms["value_added_per_energy"] = 1.0
    henan = by_pid(grade_enterprises(firms, henan), firms)
    assert henan["grade"].tolist() == ["A", "B", "B", "C", "A"]  # ≥1.0 A, ≥0.5 B, else C


def test_weighted_benchmark_thresholds():
    classes = [{"grade": "A", "min_score": 1.0}, {"grade": "B", "min_score": 0.7},
               {"grade": "C", "min_score": 0.4}, {"grade": "D"}]
    firms = make_firms(tax_per_mu=[10.0, 9.9, 7.0, 4.0, 3.9])  # scores 1.0, 0.99, 0.7, 0.4, 0.39
    graded = by_pid(grade_enterprises(firms, make_config("weighted_benchmark", TAX_ONLY, classes)), firms)
    assert graded["grade"].tolist() == ["A", "B", "B", "C", "D"]
    assert graded.loc["F01", "grade_reason"] == {"rule": "score_at_least", "score": pytest.approx(1.0), "min": 1.0}
    assert graded.loc["F02", "grade_reason"] == {"rule": "score_at_least", "score": pytest.approx(0.99), "min": 0.7}
    assert graded.loc["F05", "grade_reason"] == {"rule": "score_below", "score": pytest.approx(0.39), "min": 0.4}


def shipped_config() -> grading.GradingConfig:
    path = config_files.GRADING_CONFIG_PATH
    return config_from_dict(config_files.read_toml(path), source=str(path))


def test_renormalised_score_cap_and_benchmark_override():
    # shipped henan: tax_per_mu 50 (benchmark 11), revenue_per_mu 20 (150), value_added_per_energy 30 (1.5)
    firms = make_firms(tax_per_mu=[22.0, 44.0, 22.0], revenue_per_mu=[NAN, 150.0, 150.0],
                       value_added_per_energy=[0.75, 3.0, 1.5])
    config = shipped_config()
    bench = grading.resolve_benchmarks(firms, config.preset("henan"))
    assert bench == {"tax_per_mu": 11.0, "revenue_per_mu": 150.0, "value_added_per_energy": 1.5}
    score = grading.weighted_score(firms, config.preset("henan"), bench, cap=config.score_cap)
    # F01: revenue missing → left out of both sums: (50 × 22/11 + 30 × 0.75/1.5) / (50 + 30) = 115 / 80
    assert score[0] == pytest.approx(1.4375)
    # F02: 44/11 = 4 capped at 2, 3/1.5 = 2: (50 × 2 + 20 × 1 + 30 × 2) / 100 = 1.8
    assert score[1] == pytest.approx(1.8)
    # F03: (50 × 2 + 20 × 1 + 30 × 1) / 100 = 1.5; with the UI's benchmark 22: (50 + 20 + 30) / 100 = 1.0
    assert score[2] == pytest.approx(1.5)
    graded = grade_enterprises(firms, config, benchmarks={"tax_per_mu": 22.0, "labour_productivity": 30.0})
    assert graded["score"].tolist() == pytest.approx([(50 * 1 + 30 * 0.5) / 80, (50 * 2 + 20 + 60) / 100, 1.0])


def test_criterion_without_benchmark_uses_median_of_evaluated_firms():
    criteria = [{"indicator": "tax_per_mu", "weight": 1, "benchmark": 10.0},
                {"indicator": "revenue_per_mu", "weight": 1}]
    firms = make_firms(tax_per_mu=[10.0, 10.0, 10.0, 10.0], revenue_per_mu=[100.0, 200.0, 300.0, 9_999.0])
    firms.loc[3, "built"] = False  # not evaluated: its 9 999 does not move the median
    graded = by_pid(grade_enterprises(firms, make_config("percentile", criteria, HUAIAN_CLASSES)), firms)
    # median revenue of F01–F03 = 200: F01 (1 + 100/200) / 2 = 0.75, F03 (1 + 1.5) / 2 = 1.25
    assert graded.loc["F01", "score"] == pytest.approx(0.75)
    assert graded.loc["F03", "score"] == pytest.approx(1.25)


def test_firm_without_any_usable_benchmark_is_not_graded():
    # no benchmark configured and the median of the evaluated firms is 0: no score can be computed
    firms = make_firms(tax_per_mu=[0.0, 0.0, 0.0])
    criteria = [{"indicator": "tax_per_mu", "weight": 1}]
    graded = grade_enterprises(firms, make_config("percentile", criteria, HUAIAN_CLASSES))
    assert graded["grade_reason"].tolist() == [{"rule": "ungraded_no_score"}] * 3
    assert (graded["grade"] == "ungraded").all()
    assert graded["score"].isna().all()


def test_bad_benchmark_override_and_unknown_preset_are_reported():
    firms = make_firms(tax_per_mu=[10.0])
    config = make_config("percentile", TAX_ONLY, HUAIAN_CLASSES)
    with pytest.raises(GradingConfigError, match=r"benchmarks\.tax_per_acre = 'tax_per_acre'.*tax_per_mu"):
        grade_enterprises(firms, config, benchmarks={"tax_per_acre": 11.0})
    with pytest.raises(GradingConfigError, match=r"benchmarks\.tax_per_mu = -1; expected a number > 0"):
        grade_enterprises(firms, config, benchmarks={"tax_per_mu": -1})
    with pytest.raises(GradingConfigError, match="preset 'beijing' does not exist; choose one of: t"):
        grade_enterprises(firms, config, preset="beijing")
    with pytest.raises(ZoneDataError, match=r"lacks column.*tax_per_mu.*parcel_indicators"):
        grade_enterprises(firms.drop(columns="tax_per_mu"), config)


# --- configuration ------------------------------------------------------------------------------

def test_config_errors_are_all_reported_together_with_key_path_and_value():
    data = copy.deepcopy(config_files.read_toml(config_files.GRADING_CONFIG_PATH))
    data["scor_cap"] = 3
    data["default_preset"] = "beijing"
    henan = data["presets"]["henan"]["criteria"]
    henan[0]["wieght"] = henan[0].pop("weight")
    henan[1]["weight"] = -5
    henan[2]["indicator"] = "energy_per_va"
    henan[2]["benchmark"] = 0
    data["presets"]["huaian"]["classes"][1]["share"] = 0.9
    data["presets"]["zhejiang"]["method"] = "threshold"
    data["presets"]["zhejiang"]["classes"][0]["share"] = 1.5
    with pytest.raises(GradingConfigError) as info:
        config_from_dict(data, source="bad.toml")
    expected = [
        "bad.toml: scor_cap = 3; expected one of the keys default_preset, score_cap",
        "presets.henan.criteria[0].wieght = 50; expected one of the keys indicator, weight, benchmark "
        "(did you mean 'weight'?)",
        "presets.henan.criteria[0].weight is missing; expected a number > 0",
        "presets.henan.criteria[1].weight = -5; expected a number > 0",
        "presets.henan.criteria[2].indicator = 'energy_per_va'; expected a parcel indicator key: tax_per_mu",
        "presets.henan.criteria[2].benchmark = 0; expected a number > 0",
        "presets.huaian.classes[*].share = 1.15; expected shares adding up to at most 1",
        "presets.zhejiang.method = 'threshold'; expected one of: henan_three_class, percentile, "
        "weighted_benchmark",
        "presets.zhejiang.classes[0].share = 1.5; expected a number between 0 and 1 (exclusive)",
        "default_preset = 'beijing'; expected the name of a preset: henan, huaian, zhejiang",
    ]
    problems = info.value.problems
    assert len(problems) == len(expected), "\n".join(problems)
    for text in expected:
        assert any(text in p for p in problems), f"{text!r} not in:\n" + "\n".join(problems)
    assert all(p.startswith("bad.toml: ") for p in problems)
    assert str(info.value).startswith("bad.toml: 10 problems in the grading configuration")
    assert isinstance(info.value, ZoneDataError)  # the dashboard's one handler catches it


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d.update(min_group_size=0), "min_group_size = 0; expected a whole number ≥ 1"),
    (lambda d: d.update(ungraded_if_no_tax="yes"), "ungraded_if_no_tax = 'yes'; expected true or false"),
    (lambda d: d.pop("default_preset"), "default_preset is missing; expected the name of a preset"),
    (lambda d: d.update(score_cap=0.5), "score_cap = 0.5; expected a number ≥ 1"),
    (lambda d: d["presets"]["t"]["criteria"][0].update(weight=True), "criteria[0].weight = True"),
    (lambda d: d["presets"]["t"]["classes"][1].update(grade="C"),
     "classes[1].grade = 'C'; expected 'B': classes are A, B, C, D in this order"),
    (lambda d: d["presets"]["t"]["classes"][2].update(share=0.3),
     "classes[*].share = [0.2, 0.4, 0.3, 0.05]; expected exactly one class without share"),
    (lambda d: d["presets"]["t"]["classes"][1].update(min_score=1.5),
     "classes[1].min_score = 1.5; expected less than the previous class's 1"),
    (lambda d: d["presets"]["t"]["classes"][3].update(min_score=0.1), "classes[3].min_score = 0.1; expected no "),
    (lambda d: d["presets"]["t"].update(top_pick="tax_per_mu"),
     "presets.t.top_pick = 'tax_per_mu'; expected no such key: only method 'henan_three_class'"),
    (lambda d: d["presets"]["t"].update(criteria=[]), "presets.t.criteria = []; expected one or more"),
    (lambda d: d["presets"]["t"].update(method="henan_three_class", top_pick="tax_per_mu",
                                        bottom_pick="value_added_per_energy"),
     "presets.t.classes[*].share = 0.6; expected at most 0.5 for the classes picked from the top half"),
])
def test_single_config_mistakes(change, message):
    data = {"default_preset": "t", "presets": {"t": {
        "method": "percentile", "criteria": copy.deepcopy(TAX_ONLY), "classes": copy.deepcopy(HUAIAN_CLASSES)}}}
    if "top half" in message:
        data["presets"]["t"]["classes"][1]["share"] = 0.4  # A 0.2 + B 0.4 above the share-less C
    change(data)
    with pytest.raises(GradingConfigError) as info:
        config_from_dict(data, source="one.toml")
    assert any(message in p for p in info.value.problems), "\n".join(info.value.problems)


def one_preset() -> dict:
    return {"default_preset": "t", "presets": {"t": {
        "method": "percentile", "criteria": copy.deepcopy(TAX_ONLY), "classes": copy.deepcopy(HUAIAN_CLASSES)}}}


@pytest.mark.parametrize(("change", "line"), [
    (lambda d: d["presets"]["t"]["criteria"][0].update(weight="50"),
     "presets.t.criteria[0].weight = '50'; expected a number > 0, e.g. 50"),
    (lambda d: d["presets"]["t"]["criteria"][0].update(benchmark=float("nan")),
     "presets.t.criteria[0].benchmark = nan; expected a number > 0, e.g. 11.0"),
    (lambda d: d["presets"]["t"]["criteria"][0].update(wieght=2),
     "presets.t.criteria[0].wieght = 2; expected one of the keys indicator, weight, benchmark (did you mean "
     "'weight'?); remove or rename it"),
    (lambda d: d["presets"]["t"]["criteria"][0].update(indicator="tax_per_m"),
     "presets.t.criteria[0].indicator = 'tax_per_m'; expected a parcel indicator key: tax_per_mu, "),
    (lambda d: d["presets"]["t"]["classes"][2].update(name_en="  "),
     "presets.t.classes[2].name_en = '  '; expected a non-empty text in double quotes"),
    (lambda d: d["presets"]["t"]["classes"][3].update(share=1),
     "presets.t.classes[3].share = 1; expected a number between 0 and 1 (exclusive), e.g. 0.15"),
    (lambda d: d["presets"]["t"]["classes"][0].pop("min_score"),
     "presets.t.classes[0].min_score is missing; expected a number ≥ 0, e.g. 0.5"),
    (lambda d: d["presets"]["t"]["criteria"].append(dict(TAX_ONLY[0])),
     "presets.t.criteria[1].indicator = 'tax_per_mu'; expected each indicator once per preset"),
    (lambda d: d["presets"].update(u=[1]),
     "presets.u = [1]; expected a table [presets.u] with the keys name_zh, name_en, method, source, top_pick, "),
    (lambda d: d.update(ungraded_industries=["水务", 3]),
     "ungraded_industries[1] = 3; expected a non-empty text in double quotes"),
    (lambda d: d.update(min_group_size=2.5), "min_group_size = 2.5; expected a whole number ≥ 1, e.g. 10"),
    (lambda d: d.update(ungraded_industries="水务"), "ungraded_industries = '水务'; expected a list [ ] whose items "
     'are each a non-empty text in double quotes, e.g. ["公用事业", "水务"]'),
])
def test_a_bad_value_is_reported_at_its_exact_key_path(change, line):
    data = one_preset()
    change(data)
    with pytest.raises(GradingConfigError) as info:
        config_from_dict(data, source="one.toml")
    assert [p for p in info.value.problems if p.startswith(f"one.toml: {line}")], "\n".join(info.value.problems)


def test_two_problems_in_one_file_are_both_reported_with_their_paths():
    data = one_preset()
    data["presets"]["t"]["classes"][1]["min_score"] = -0.1   # a field of a nested table
    data["default_preset"] = "hennan"                        # a rule relating two top-level keys
    with pytest.raises(GradingConfigError) as info:
        config_from_dict(data, source="two.toml")
    assert info.value.problems == (
        "two.toml: presets.t.classes[1].min_score = -0.1; expected a number ≥ 0, e.g. 0.5",
        "two.toml: default_preset = 'hennan'; expected the name of a preset: t",
    )


def test_read_toml_reports_syntax_error_with_line_and_column(tmp_path):
    path = tmp_path / "grading.toml"
    path.write_text('default_preset = "henan"\nscore_cap = 2.0\nmin_group_size = \n', encoding="utf-8")
    with pytest.raises(ZoneDataError, match=r"grading.toml: TOML syntax error at line 3, column 18") as info:
        config_files.read_toml(path)
    assert "3| min_group_size = " in str(info.value)


def test_read_toml_missing_and_non_utf8_files(tmp_path):
    with pytest.raises(ZoneDataError, match=r"nope\.toml: configuration file does not exist"):
        config_files.read_toml(tmp_path / "nope.toml")
    gbk = tmp_path / "gbk.toml"
    gbk.write_bytes('name_zh = "河南"\n'.encode("gbk"))
    with pytest.raises(ZoneDataError, match="is not UTF-8 text"):
        config_files.read_toml(gbk)


def test_grading_config_path_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv(config_files.GRADING_ENV_VAR, raising=False)
    assert config_files.grading_config_path() == config_files.GRADING_CONFIG_PATH
    monkeypatch.setenv("GRADING_CONFIG", str(tmp_path / "mine.toml"))
    assert config_files.grading_config_path() == tmp_path / "mine.toml"


def test_shipped_configuration_loads_with_the_three_presets():
    config = shipped_config()
    assert [p.key for p in config.presets] == ["henan", "huaian", "zhejiang"]
    assert config.default_preset == "henan"
    assert (config.score_cap, config.min_group_size) == (2.0, 10)
    assert "公用事业" in config.ungraded_industries
    henan, huaian, zhejiang = config.presets
    assert henan.method == "henan_three_class" and henan.primary == "tax_per_mu"
    assert henan.criteria[0].benchmark == 11.0  # Henan's 亩均税收 target, 万元/亩
    assert [c.label() for c in henan.classes] == ["A 优先发展", "B 鼓励提升", "C 倒逼转型"]
    assert [(c.grade, c.share) for c in henan.classes] == [("A", 0.15), ("B", None), ("C", 0.10)]
    assert [(c.indicator, c.weight) for c in huaian.criteria] == [
        ("tax_per_mu", 45), ("revenue_per_mu", 35), ("tax_per_energy", 20)]
    assert [c.share for c in huaian.classes] == [0.20, 0.40, None, 0.05]
    assert [(c.indicator, c.weight) for c in zhejiang.criteria] == [
        ("tax_per_mu", 30), ("value_added_per_mu", 20), ("value_added_per_energy", 20),
        ("labour_productivity", 10)]
    assert [c.min_score for c in zhejiang.classes] == [1.0, 0.7, 0.4, None]


def test_preset_choices_and_grade_names_for_the_ui():
    config = shipped_config()
    assert grading.preset_choices(config) == {"henan": "河南省三类评价", "huaian": "江苏淮安四类评价",
                                              "zhejiang": "浙江按基准加权评价"}
    assert grading.grade_names(config) == {"A": "A 优先发展", "B": "B 鼓励提升", "C": "C 倒逼转型"}
    assert grading.grade_names(config, "huaian", lang="en") == {
        "A": "Class A", "B": "Class B", "C": "Class C", "D": "Class D"}


def test_grade_colours_and_names_cover_every_grade():
    assert tuple(grading.GRADE_COLORS) == grading.GRADES == ("A", "B", "C", "D", "ungraded")
    assert len(set(grading.GRADE_COLORS.values())) == 5
    assert set(grading.DEFAULT_GRADE_NAMES) == set(grading.GRADES) - {grading.UNGRADED}


# --- the bundled sample -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample_firm_years() -> pd.DataFrame:
    """Every firm-year of the bundled sample with its indicators (firms graded as firms)."""
    return summary.dataset_firms(dataset_from_gpkg(settings.SAMPLE_PATH)).firm_years


#: Why firms of the sample are not evaluated. 2024: 2 utilities (公用事业) and 2 projects under
#: construction (在建; the third was registered in 2025), 6 firms registered 2022–2024 (fewer than 3
#: years), 4 规下 firms on small parcels (< 3 亩), 3 start-ups with no tax yet. 2025: the 5 exempt,
#: 5 registered 2023–2025, the same 4 small firms, 2 start-ups still without tax.
SAMPLE_NOT_EVALUATED = {
    2024: {"ungraded_exempt": 4, "ungraded_too_new": 6, "ungraded_small": 4, "ungraded_no_tax": 3},
    2025: {"ungraded_exempt": 5, "ungraded_too_new": 5, "ungraded_small": 4, "ungraded_no_tax": 2},
}


@pytest.mark.parametrize(("year", "preset", "counts"), [
    # 148 firms have 2024 figures, 17 of them not evaluated → N = 131 firms (shares rounded half up).
    # Henan: A = round(0.15 × 131 = 19.65) = 20, C = round(0.10 × 131 = 13.1) = 13, B = 131 − 33 = 98.
    (2024, "henan", {"A": 20, "B": 98, "C": 13, "D": 0, "ungraded": 17}),
    # Huai'an: A = round(26.2) = 26, B = round(52.4) = 52, D = round(6.55) = 7, C = 131 − 85 = 46.
    (2024, "huaian", {"A": 26, "B": 52, "C": 46, "D": 7, "ungraded": 17}),
    # 2025 (the latest year, the dashboard's default): 150 firms, 16 not evaluated → N = 134.
    # Henan: A = round(20.1) = 20, C = round(13.4) = 13, B = 134 − 33 = 101.
    (2025, "henan", {"A": 20, "B": 101, "C": 13, "D": 0, "ungraded": 16}),
])
def test_sample_grades(sample_firm_years, year, preset, counts):
    graded = evaluation.evaluate_year(sample_firm_years, year, shipped_config(), preset=preset)
    assert len(graded) == sum(counts.values()) and graded["credit_code"].is_unique  # per firm, not per parcel
    assert grade_summary(graded)["count"].to_dict() == counts
    reasons = graded["reason"].dropna()
    assert dict(Counter(r["rule"] for r in reasons)) == SAMPLE_NOT_EVALUATED[year]
    assert (graded.loc[reasons.index, "grade"] == grading.UNGRADED).all()
    startups = graded["tax_wan"].isna() & graded["exempt"].isna() & (graded["year"] - graded["registered"].dt.year >= 3)
    no_tax = SAMPLE_NOT_EVALUATED[year]["ungraded_no_tax"]
    assert graded.loc[startups, "reason"].tolist() == [{"rule": "ungraded_no_tax"}] * no_tax  # missing, not 0


def test_sample_zhejiang_uses_every_class(sample_firm_years):
    graded = evaluation.evaluate_year(sample_firm_years, 2024, shipped_config(), preset="zhejiang")
    counts = grade_summary(graded)["count"]
    assert (counts[["A", "B", "C", "D"]] > 0).all()
    assert counts["ungraded"] == sum(SAMPLE_NOT_EVALUATED[2024].values())


# --- ties as configuration: tie_rule better / worse / by_tax ------------------------------------

#: Ten firms, score = (tax_per_mu / 10 + revenue_per_mu / 100) / 2 (HENAN_CRITERIA): F01 (30, 300) 3.0;
#: F02 (10, 200) = (1 + 2) / 2 = 1.5 and F03 (20, 100) = (2 + 1) / 2 = 1.5 tie; then F04 1.2 (12, 120),
#: F05 1.1, F06 1.0, F07 0.9, F08 0.8, F09 0.7, F10 0.6 (tax = revenue / 10).
TIE_TAX = [30.0, 10.0, 20.0, 12.0, 11.0, 10.0, 9.0, 8.0, 7.0, 6.0]
TIE_REVENUE = [300.0, 200.0, 100.0, 120.0, 110.0, 100.0, 90.0, 80.0, 70.0, 60.0]


@pytest.mark.parametrize(("rule", "expected", "missed"), [
    # N = 10: A = round(0.2 × 10) = 2, B = round(0.4 × 10) = 4, D = round-half-up(0.05 × 10 = 0.5) = 1,
    # C = 10 − 7 = 3. By position: A = F01, F02; B = F03–F06; C = F07–F09; D = F10. F02 and F03 tie.
    # better: F03 joins A → 3 A, 3 B.
    ("better", {"A": ["F01", "F02", "F03"], "B": ["F04", "F05", "F06"]}, ["A", "B"]),
    # worse: F02 drops to B with F03 → 1 A, 5 B.
    ("worse", {"A": ["F01"], "B": ["F02", "F03", "F04", "F05", "F06"]}, ["A", "B"]),
    # by_tax: F03 (亩均税收 20) before F02 (10), though F02 comes first by credit code → 2 A, 4 B.
    ("by_tax", {"A": ["F01", "F03"], "B": ["F02", "F04", "F05", "F06"]}, []),
])
def test_percentile_tie_rule_across_the_a_b_boundary(rule, expected, missed):
    firms = make_firms(tax_per_mu=TIE_TAX, revenue_per_mu=TIE_REVENUE)
    config = make_config("percentile", HENAN_CRITERIA, HUAIAN_CLASSES, tie_rule=rule)
    graded = by_pid(grade_enterprises(firms, config), firms)
    assert graded.loc["F02", "score"] == graded.loc["F03", "score"] == pytest.approx(1.5)
    assert {g: ids(graded, g) for g in "AB"} == expected
    assert ids(graded, "C") == ["F07", "F08", "F09"] and ids(graded, "D") == ["F10"]
    targets = grading.class_targets(graded["grade"], config)
    assert targets["target"].tolist() == [2, 4, 3, 1]
    assert targets["actual"].tolist() == [len(expected["A"]), len(expected["B"]), 3, 1]
    assert targets.loc[targets["missed"], "grade"].tolist() == missed


def test_tie_flags_in_the_reasons():
    firms = make_firms(tax_per_mu=TIE_TAX, revenue_per_mu=TIE_REVENUE)
    reasons = {rule: by_pid(grade_enterprises(firms, make_config("percentile", HENAN_CRITERIA, HUAIAN_CLASSES,
                                                                  tie_rule=rule)), firms)["grade_reason"]
               for rule in grading.TIE_RULES}
    assert reasons["better"]["F03"] == {"rule": "rank_top", "share": 0.2, "tied": True}   # moved up
    assert reasons["better"]["F02"] == {"rule": "rank_top", "share": 0.2}                 # its own place
    assert reasons["worse"]["F02"] == {"rule": "rank_between", "from": 0.2, "to": 0.6, "tied_down": True}
    assert reasons["worse"]["F03"] == {"rule": "rank_between", "from": 0.2, "to": 0.6}
    assert reasons["by_tax"]["F03"] == {"rule": "rank_top", "share": 0.2}                 # no tie left


#: Henan on ten firms, scores falling F01 3.0 … F10 0.5 (score = (tax / 10 + revenue / 100) / 2): F01
#: (30, 300), F02 (25, 250), F03 (20, 200), F04 (15, 150), F05 (12, 120), F06 (9, 90) 0.9, F07 (8, 80)
#: 0.8, F08 (3, 110) = (0.3 + 1.1) / 2 = 0.7, F09 (6, 60) 0.6, F10 (5, 50) 0.5. The bottom half F06–F10
#: all use 1.0 吨标煤 per 万元 (value added per energy 1.0): every one of them ties for C.
FLAT_TAX = [30.0, 25.0, 20.0, 15.0, 12.0, 9.0, 8.0, 3.0, 6.0, 5.0]
FLAT_REVENUE = [300.0, 250.0, 200.0, 150.0, 120.0, 90.0, 80.0, 110.0, 60.0, 50.0]
FLAT_VAE = [2.0] * 5 + [1.0] * 5


@pytest.mark.parametrize(("rule", "c", "c_actual"), [
    # N = 10: A = round-half-up(0.15 × 10 = 1.5) = 2 (F01, F02: the highest taxes of the top half F01–F05),
    # C = round(0.10 × 10) = 1, B takes the rest: 7. better: F10 (lowest score among the tied) would be C,
    # but it ties with the four others, who are B → all B, C is empty.
    ("better", [], 0),
    # worse: the four B firms tied with F10 drop to C with it: 5 C.
    ("worse", ["F06", "F07", "F08", "F09", "F10"], 5),
    # by_tax: the tie is broken by 亩均税收, the lowest first: F08 (3) is C (not F10, lowest by score).
    ("by_tax", ["F08"], 1),
])
def test_henan_c_empty_when_the_bottom_firms_tie(rule, c, c_actual):
    firms = make_firms(tax_per_mu=FLAT_TAX, revenue_per_mu=FLAT_REVENUE, value_added_per_energy=FLAT_VAE)
    config = make_config("henan_three_class", HENAN_CRITERIA, HENAN_CLASSES, top_pick="tax_per_mu",
                         bottom_pick="value_added_per_energy", tie_rule=rule)
    graded = by_pid(grade_enterprises(firms, config), firms)
    assert ids(graded, "A") == ["F01", "F02"]
    assert ids(graded, "C") == c
    targets = grading.class_targets(graded["grade"], config).set_index("grade")
    assert targets.loc["C", ["target", "actual"]].tolist() == [1, c_actual]
    assert targets.loc["B", ["target", "actual"]].tolist() == [7, 10 - 2 - c_actual]
    assert bool(targets.loc["C", "missed"]) is (c_actual != 1)
    assert not targets.loc[["A", "B"], "missed"].any()  # A met its quota; B has no share to miss


@pytest.mark.parametrize(("rule", "c"), [
    # F05 (12, 120) and F06 (9, 150) both score 1.2 at the top-half cut (the 5th of 10); value added
    # per energy: F05 0.1, F06 0.2, F09 0.5, the others 2.0; C = 1 firm, the least efficient of the bottom.
    ("better", ["F09"]),   # both in the top half: bottom F07–F10, F09 (0.5) is C
    ("worse", ["F05"]),    # both in the bottom half (top F01–F04): F05 (0.1) is C
    ("by_tax", ["F06"]),   # F05 (tax 12) stays in the top half, F06 (tax 9) goes down and is C (0.2)
])
def test_henan_tie_rule_at_the_top_half_cut(rule, c):
    firms = make_firms(tax_per_mu=[30.0, 25.0, 20.0, 15.0, 12.0, 9.0, 8.0, 7.0, 6.0, 5.0],
                       revenue_per_mu=[300.0, 250.0, 200.0, 150.0, 120.0, 150.0, 80.0, 70.0, 60.0, 50.0],
                       value_added_per_energy=[2.0, 2.0, 2.0, 2.0, 0.1, 0.2, 2.0, 2.0, 0.5, 2.0])
    config = make_config("henan_three_class", HENAN_CRITERIA, HENAN_CLASSES, top_pick="tax_per_mu",
                         bottom_pick="value_added_per_energy", tie_rule=rule)
    graded = by_pid(grade_enterprises(firms, config), firms)
    assert graded.loc["F05", "score"] == pytest.approx(graded.loc["F06", "score"])
    assert ids(graded, "C") == c
    assert ids(graded, "A") == ["F01", "F02"]


def test_worse_keeps_a_top_half_without_a_tie_at_the_cut():
    # no tie at the cut (F05 1.2, F06 0.9): the top half is F01–F05 under every rule (worse too: F05,
    # the last of it, ties with nobody), so C = the least efficient of F06–F10: F08 (0.5); F05 (0.2)
    # would be C if it dropped to the bottom half.
    firms = make_firms(tax_per_mu=FLAT_TAX, revenue_per_mu=FLAT_REVENUE,
                       value_added_per_energy=[0.1, 2.0, 2.0, 2.0, 0.2, 2.0, 2.0, 0.5, 2.0, 2.0])
    for rule in grading.TIE_RULES:
        config = make_config("henan_three_class", HENAN_CRITERIA, HENAN_CLASSES, top_pick="tax_per_mu",
                             bottom_pick="value_added_per_energy", tie_rule=rule)
        graded = by_pid(grade_enterprises(firms, config), firms)
        assert ids(graded, "C") == ["F08"], rule  # F01 (0.1) is in the top half, so never C


def test_class_targets_without_quotas():
    # weighted_benchmark has no shares; a group below min_group_size is graded on min_score
    zhejiang = make_config("weighted_benchmark", TAX_ONLY, [
        {"grade": "A", "min_score": 1.0}, {"grade": "B", "min_score": 0.5}, {"grade": "C"}])
    firms = make_firms(tax_per_mu=[float(t) for t in range(1, 13)])
    assert grading.class_targets(grade_enterprises(firms, zhejiang)["grade"], zhejiang).empty
    small = make_firms(tax_per_mu=[5.0, 4.0, 3.0])
    huaian = make_config("percentile", TAX_ONLY, HUAIAN_CLASSES)
    assert grading.class_targets(grade_enterprises(small, huaian)["grade"], huaian).empty
    # not-graded firms are not counted: 10 graded + 2 ungraded → N = 10
    grades = pd.Series(["A", "A", "B", "B", "B", "B", "C", "C", "C", "D", "ungraded", None])
    targets = grading.class_targets(grades, huaian)
    assert targets["target"].tolist() == [2, 4, 3, 1] and not targets["missed"].any()


@pytest.mark.parametrize(("change", "line"), [
    (lambda d: d["presets"]["t"].update(tie_rule="best"),
     "presets.t.tie_rule = 'best'; expected a tie rule: better (ties join the better class), worse"),
    (lambda d: d.update(evaluation={"min_year_registered": 3}),
     "evaluation.min_year_registered = 3; expected one of the keys min_years_registered, small_firm_min_mu, "
     "tenants_separate, leased_land_to (did you mean 'min_years_registered'?)"),
    (lambda d: d.update(evaluation={"leased_land_to": "tenant"}),
     'evaluation.leased_land_to = \'tenant\'; expected one of: "lessee", "owner"'),
    (lambda d: d.update(evaluation={"small_firm_min_mu": -1.0}),
     "evaluation.small_firm_min_mu = -1.0; expected a number ≥ 0, e.g. 3.0"),
    (lambda d: d.update(evaluation={"min_years_registered": 2.5}),
     "evaluation.min_years_registered = 2.5; expected a whole number ≥ 0, e.g. 3"),
    (lambda d: d.update(evaluation={"tenants_separate": "yes"}),
     "evaluation.tenants_separate = 'yes'; expected true or false"),
])
def test_evaluation_table_and_tie_rule_errors_name_their_key_path(change, line):
    data = one_preset()
    change(data)
    with pytest.raises(GradingConfigError) as info:
        config_from_dict(data, source="one.toml")
    assert [p for p in info.value.problems if p.startswith(f"one.toml: {line}")], "\n".join(info.value.problems)


def test_tie_rule_is_refused_for_the_threshold_method():
    data = one_preset()
    data["presets"]["t"].update(method="weighted_benchmark", tie_rule="worse")
    for cls in data["presets"]["t"]["classes"]:
        cls.pop("share", None)
    data["presets"]["t"]["classes"][-1].pop("min_score", None)
    data["presets"]["t"]["classes"][-2]["min_score"] = 0.4
    with pytest.raises(GradingConfigError) as info:
        config_from_dict(data, source="one.toml")
    assert info.value.problems == ("one.toml: presets.t.tie_rule = 'worse'; expected no such key: method "
                                   "'weighted_benchmark' classes by min_score, where a tie never splits a class",)


def test_shipped_evaluation_rules_and_tie_rules():
    config = shipped_config()
    assert config.evaluation == evaluation.EvaluationRules(min_years_registered=3, small_firm_min_mu=3.0,
                                                           tenants_separate=False)
    assert {p.key: p.tie_rule for p in config.presets} == {"henan": "better", "huaian": "better",
                                                           "zhejiang": "better"}
    assert evaluation.EvaluationRules is grading.EvaluationRules  # one class, re-exported


# --- who is evaluated, from the configuration ---------------------------------------------------

MU_M2 = 10000 / 15


def firm_year_rows(n: int = 12) -> pd.DataFrame:
    """One year (2024) of ``n`` firms G01…: 10 亩 of their own, 规上, registered 2015, tax per mu 1…n
    (score = tax / 10 with TAX_ONLY); G11 is 规下 on 4 亩, G12 was registered in 2022 (2 full years)."""
    codes = [f"G{i:02d}" for i in range(1, n + 1)]
    land = [10 * MU_M2] * n
    frame = pd.DataFrame({
        "credit_code": codes, "year": 2024, "name": codes, "industry": "装备制造", "built": True,
        "above_scale": True, "registered": pd.to_datetime(["2015-03-01"] * n), "exempt": None,
        "land_m2": land, "land_mu": 10.0, "own_m2": land, "leased_in_m2": 0.0,
        "tax_per_mu": [float(i) for i in range(1, n + 1)],
    })
    frame["tax_wan"] = frame["tax_per_mu"] * 10
    frame.loc[10, ["above_scale", "land_mu", "land_m2", "own_m2"]] = [False, 4.0, 4 * MU_M2, 4 * MU_M2]
    frame.loc[11, "registered"] = pd.Timestamp("2022-06-01")
    return frame


def evaluation_config(**rules) -> grading.GradingConfig:
    data = one_preset()
    data["evaluation"] = rules
    return config_from_dict(data, source="rules.toml")


def test_the_evaluation_table_decides_who_is_evaluated_and_the_rule_version():
    fy = firm_year_rows()
    strict = evaluation_config(min_years_registered=3, small_firm_min_mu=5.0)
    loose = evaluation_config(min_years_registered=2, small_firm_min_mu=3)
    graded = evaluation.evaluate_year(fy, 2024, strict).set_index("credit_code")  # rules from the config
    assert graded.loc["G11", "reason"] == {"rule": "ungraded_small", "area_mu": 4.0, "min_mu": 5.0}
    assert graded.loc["G12", "reason"] == {"rule": "ungraded_too_new", "registered_year": 2022, "min_years": 3}
    assert int(graded["evaluated"].sum()) == 10
    # 2024 − 2022 = 2 ≥ 2 and 4 亩 ≥ 3 亩: all 12 evaluated
    assert int(evaluation.evaluate_year(fy, 2024, loose)["evaluated"].sum()) == 12
    # an explicit rules argument still wins over the configuration
    assert int(evaluation.evaluate_year(fy, 2024, strict, rules=loose.evaluation)["evaluated"].sum()) == 12
    versions = {evaluation.evaluate_year(fy, 2024, c)["rule_version"].iat[0]
                for c in (strict, loose, evaluation_config(), evaluation_config(tenants_separate=True))}
    assert len(versions) == 4 and all(v.startswith("t@") for v in versions)
    # the tie rule is part of the rule version too
    worse = one_preset()
    worse["presets"]["t"]["tie_rule"] = "worse"
    assert (evaluation.rule_version(config_from_dict(worse, source="w.toml"), None, evaluation.EvaluationRules())
            != evaluation.rule_version(evaluation_config(), None, evaluation.EvaluationRules()))


def test_summary_evaluate_firms_uses_the_configured_rules():
    firms = summary.dataset_firms(dataset_from_gpkg(settings.SAMPLE_PATH))
    shipped = summary.evaluate_firms(firms, shipped_config(), year=2024)
    assert {r["rule"] for r in shipped["reason"].dropna()} >= {"ungraded_too_new", "ungraded_small"}
    data = config_files.read_toml(config_files.grading_config_path())
    data["evaluation"] = {"min_years_registered": 0, "small_firm_min_mu": 0.0}
    lenient = summary.evaluate_firms(firms, config_from_dict(data, source="lenient.toml"), year=2024)
    rules = {r["rule"] for r in lenient["reason"].dropna()}
    assert "ungraded_too_new" not in rules and "ungraded_small" not in rules
    # the 4 small firms (SAMPLE_NOT_EVALUATED) now count: at least 4 more evaluated
    assert int(lenient["evaluated"].sum()) >= int(shipped["evaluated"].sum()) + 4
    assert lenient["rule_version"].iat[0] != shipped["rule_version"].iat[0]


def test_class_targets_per_group_of_an_evaluated_year():
    fy = firm_year_rows()
    config = evaluation_config(min_years_registered=0, small_firm_min_mu=0.0)
    graded = evaluation.evaluate_year(fy, 2024, config)
    # N = 12 distinct scores: A = round(2.4) = 2, B = round(4.8) = 5, D = round(0.6) = 1, C = 4; no miss
    targets = evaluation.class_targets(graded, config)
    assert targets["group"].unique().tolist() == ["all"] and targets["n"].unique().tolist() == [12]
    assert targets["target"].tolist() == targets["actual"].tolist() == [2, 5, 4, 1]
    # two tenants graded apart: the tenants' group (2 < min_group_size 10) has no quotas; the others
    # (10) have A 2, B 4, C 3, D 1
    fy.loc[[0, 1], ["own_m2", "leased_in_m2"]] = [0.0, 10 * MU_M2]
    apart = evaluation_config(min_years_registered=0, small_firm_min_mu=0.0, tenants_separate=True)
    targets = evaluation.class_targets(evaluation.evaluate_year(fy, 2024, apart), apart)
    assert targets["group"].unique().tolist() == ["owners"] and targets["n"].unique().tolist() == [10]
    assert targets["target"].tolist() == [2, 4, 3, 1]

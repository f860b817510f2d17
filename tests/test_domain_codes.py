"""The domain returns codes and parameters, never sentences (STYLE practice 15), worked out by hand."""

from __future__ import annotations

import json
import math
import re

import pandas as pd
import pytest

from zone_layers import efficiency, grading
from zone_layers.grading import config_from_dict, grade_enterprises

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
TAX_ONLY = [{"indicator": "tax_per_mu", "weight": 1, "benchmark": 10.0}]
THRESHOLDS = [{"grade": "A", "min_score": 1.0}, {"grade": "B", "min_score": 0.5}, {"grade": "C"}]


def config(method: str, classes: list[dict], **extra) -> grading.GradingConfig:
    return config_from_dict({"default_preset": "t", "score_cap": 10.0, "min_group_size": 3, **extra,
                             "presets": {"t": {"method": method, "criteria": TAX_ONLY, "classes": classes}}},
                            source="test.toml")


def firms(taxes: list[float], **columns) -> pd.DataFrame:
    n = len(taxes)
    return pd.DataFrame({"parcel_id": [f"F{i}" for i in range(1, n + 1)],
                         "enterprise": [f"企业{i}" for i in range(1, n + 1)], "industry": ["装备制造"] * n,
                         "built": [True] * n, "tax_wan": [100.0] * n, "tax_per_mu": taxes, **columns})


def test_threshold_reason_carries_rule_score_and_minimum():
    # tax 12.34 / benchmark 10 = score 1.234 ≥ 1.0 → A; 7.0 → 0.7 ≥ 0.5 → B; 2.0 → 0.2 < 0.5 (the lowest minimum) → C
    graded = grade_enterprises(firms([12.34, 7.0, 2.0]), config("weighted_benchmark", THRESHOLDS))
    assert graded["grade"].tolist() == ["A", "B", "C"]
    a, b, c = graded["grade_reason"]
    assert a == {"rule": "score_at_least", "score": pytest.approx(1.234), "min": 1.0}
    assert b == {"rule": "score_at_least", "score": pytest.approx(0.7), "min": 0.5}
    assert c == {"rule": "score_below", "score": pytest.approx(0.2), "min": 0.5}


def test_ungraded_is_a_code_with_its_reason_and_data_stays_data():
    parcels = firms([12.0, 8.0, 6.0, math.nan, 5.0])
    parcels.loc[3, "tax_wan"] = math.nan          # F4 reported no tax
    parcels.loc[4, "industry"] = "公用事业"         # F5 is a utility
    graded = grade_enterprises(parcels, config("weighted_benchmark", THRESHOLDS, ungraded_industries=["公用事业"]))
    assert graded["grade"].tolist() == ["A", "B", "B", "ungraded", "ungraded"]
    assert graded.loc[3, "grade_reason"] == {"rule": "ungraded_no_tax"}
    assert graded.loc[4, "grade_reason"] == {"rule": "ungraded_industry", "industry": "公用事业"}


def test_percentile_reasons_are_built_once_per_class_and_shared():
    # 10 firms, A = 20 %: F1, F2 (scores 2.0, 1.9); the two reasons are one object, not one per firm
    huaian = [{"grade": "A", "share": 0.2, "min_score": 1.0}, {"grade": "B", "share": 0.4, "min_score": 0.7},
              {"grade": "C", "min_score": 0.4}, {"grade": "D", "share": 0.1}]
    graded = grade_enterprises(firms([20.0 - i for i in range(10)]), config("percentile", huaian))
    reasons = graded["grade_reason"]
    assert reasons[0] == {"rule": "rank_top", "share": 0.2} and reasons[0] is reasons[1]
    assert reasons[9] == {"rule": "rank_bottom", "share": 0.1}


def test_codes_hold_no_sentences_and_are_json():
    parcels = firms([12.34, 7.0, 2.0, math.nan])
    parcels.loc[3, "tax_wan"] = math.nan
    graded = grade_enterprises(parcels, config("weighted_benchmark", THRESHOLDS))
    text = json.dumps(graded["grade_reason"].tolist(), ensure_ascii=False)
    assert not CJK.search(text)
    assert set(graded["grade"]) <= set(grading.GRADES)


def test_low_efficiency_reasons_are_rule_keys_in_rule_order():
    parcels = pd.DataFrame({
        "land_class": ["A2", "A2", "A2", "A4"], "enterprise": ["甲", "乙", None, "丙"],
        "idle": [False, False, True, False], "supplied": [True, True, True, True], "built": [True, True, False, True],
        # a: tax 5 < 11 and FAR 0.8 < 1.0; b: nothing low; c: idle (no firm); d: commercial, never tested
        "tax_per_mu": [5.0, 20.0, math.nan, 1.0], "floor_area_ratio": [0.8, 1.2, math.nan, 0.1],
        "building_coefficient": [0.5, 0.5, math.nan, 0.1]}, index=list("abcd"))
    low = efficiency.low_efficiency(parcels, benchmark=11.0, far_min=1.0, coefficient_min=0.3)
    assert low["reasons"].to_dict() == {"a": ("below_benchmark", "far_low"), "b": (), "c": ("idle",), "d": ()}
    assert low["n_reasons"].tolist() == [2, 0, 1, 0]

"""The enterprise profile's pure functions (zone_layers/firm_profile.py), with figures worked by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from zone_layers import firm_profile
from zone_layers.firms import land_allocation

#: P1 3 000 m² owned by X, who leases 1 000 m² of it to Y; P2 2 000 m² X's alone; P3 1 500 m² Z's,
#: 500 m² of it leased to X.
LAND_USE = pd.DataFrame({
    "parcel_id": ["P1", "P1", "P2", "P3", "P3"],
    "credit_code": ["X", "Y", "X", "Z", "X"],
    "tenure": ["own", "lease", "own", "own", "lease"],
    "area_m2": [np.nan, 1000.0, np.nan, np.nan, 500.0],
})
AREAS = pd.Series({"P1": 3000.0, "P2": 2000.0, "P3": 1500.0})


def test_land_by_source_per_parcel():
    allocation = land_allocation(LAND_USE, AREAS)
    land = firm_profile.land_sources(allocation, "X")
    assert land[["parcel_id", "source", "sign"]].to_dict("records") == [
        {"parcel_id": "P1", "source": "own", "sign": 1},
        {"parcel_id": "P1", "source": "leased_out", "sign": -1},
        {"parcel_id": "P2", "source": "own", "sign": 1},
        {"parcel_id": "P3", "source": "leased_in", "sign": 1},
    ]
    assert list(land["area_m2"]) == pytest.approx([3000.0, 1000.0, 2000.0, 500.0])
    # 1 亩 = 10000/15 m²: 3000 m² = 4.5 亩, 1000 = 1.5, 2000 = 3, 500 = 0.75
    assert list(land["area_mu"]) == pytest.approx([4.5, 1.5, 3.0, 0.75])
    assert list(land["counterparts"]) == [(), ("Y",), (), ("Z",)]  # the lessee of P1, the owner of P3
    # own − leased out + leased in = 3000 + 2000 − 1000 + 500 = 4500 m², as the allocation counts it
    assert (land["area_m2"] * land["sign"]).sum() == pytest.approx(4500.0)
    assert allocation.firm_land().loc["X", "land_m2"] == pytest.approx(4500.0)
    assert firm_profile.firm_parcels(allocation, "X") == ["P1", "P2", "P3"]
    tenant = firm_profile.land_sources(allocation, "Y")
    assert tenant[["parcel_id", "source"]].to_dict("records") == [{"parcel_id": "P1", "source": "leased_in"}]
    assert list(tenant["area_m2"]) == pytest.approx([1000.0])


def test_indicators_against_zone_and_industry_medians():
    nan = np.nan
    fy = pd.DataFrame({
        "credit_code": ["X", "Y", "Z", "W"] * 2,
        "year": [2024] * 4 + [2025] * 4,
        "industry": ["机械", "机械", "食品", "机械"] * 2,
        "tax_per_mu": [10.0, 20.0, 30.0, 100.0, 12.0, nan, 6.0, 100.0],
        "rd_share": [0.02, nan, 0.04, 0.5, 0.03, 0.01, 0.05, 0.5],
    })
    out = firm_profile.indicators_vs_medians(fy, "X", ["X", "Y", "Z"], keys=("tax_per_mu", "rd_share"))
    out = out.set_index(["year", "indicator"])
    # W is not a peer: it would move every median. Missing values are left out, never 0.
    expected = {
        # value, zone median, n, industry (机械: X, Y) median, n
        (2024, "tax_per_mu"): (10.0, 20.0, 3, 15.0, 2),     # median(10, 20, 30); median(10, 20)
        (2024, "rd_share"): (0.02, 0.03, 2, 0.02, 1),       # median(0.02, 0.04); Y has none
        (2025, "tax_per_mu"): (12.0, 9.0, 2, 12.0, 1),      # median(12, 6); Y has none
        (2025, "rd_share"): (0.03, 0.03, 3, 0.02, 2),       # median(0.03, 0.01, 0.05); median(0.03, 0.01)
    }
    assert len(out) == 4
    for key, (value, zone, n_zone, industry, n_industry) in expected.items():
        row = out.loc[key]
        assert (row["value"], row["zone_median"], row["industry_median"]) == pytest.approx((value, zone, industry))
        assert (row["n_zone"], row["n_industry"]) == (n_zone, n_industry)
    assert firm_profile.indicators_vs_medians(fy, "nobody", ["X"]).empty


def test_grade_history_over_the_years():
    graded = {
        2025: pd.DataFrame({"credit_code": ["Y"], "grade": ["A"], "score": [1.4], "reason": [None],
                            "grade_reason": [{"rule": "rank_top", "share": 0.2}], "rule_version": ["henan@1"]}),
        2024: pd.DataFrame({"credit_code": ["X", "Y"], "grade": ["B", "ungraded"], "score": [0.9, nan_()],
                            "reason": [None, {"rule": "ungraded_too_new", "registered_year": 2023, "min_years": 3}],
                            "grade_reason": [None, None], "rule_version": ["henan@1", "henan@1"]}),
    }
    x = firm_profile.grade_history(graded, "X")
    assert list(x["year"]) == [2024, 2025] and list(x["grade"]) == ["B", None]  # no figures in 2025
    y = firm_profile.grade_history(graded, "Y")
    assert list(y["grade"]) == ["ungraded", "A"] and y["reason"].iloc[0]["rule"] == "ungraded_too_new"


def nan_() -> float:
    return float("nan")

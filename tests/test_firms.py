"""Whose land and which year: firm areas and 亩均 figures computed by hand.

Parcels (areas given directly, m²; 1 亩 = 10000/15 m², so 3 000 m² = 4.5 亩):
P1 3 000 A2 owned by X alone            P2 3 000 A2 owned by Y and Z, no areas stated
P3 6 000 A2 owned by W, 1 500 leased to tenant T                 P4 1 500 A2 also owned by X
P5 1 000 A1 owned by V, stated 1 200 (more than the parcel: reported)
"""

from __future__ import annotations

import pandas as pd
import pytest

from zone_layers import firms
from zone_layers.evaluation import EvaluationRules, firm_land_table, firm_year_indicators, not_evaluated

MU = 15 / 10_000  # 亩 per m²

AREAS = pd.Series({"P1": 3000.0, "P2": 3000.0, "P3": 6000.0, "P4": 1500.0, "P5": 1000.0})
LAND_USE = pd.DataFrame({
    "parcel_id": ["P1", "P2", "P2", "P3", "P3", "P4", "P5"],
    "credit_code": ["X", "Y", "Z", "W", "T", "X", "V"],
    "tenure": ["own", "own", "own", "own", "lease", "own", "own"],
    "area_m2": [None, None, None, None, 1500.0, None, 1200.0],
})
PARCELS = pd.DataFrame({
    "parcel_id": list(AREAS.index), "area_m2": AREAS.to_numpy(),
    "land_class": ["A2", "A2", "A2", "A2", "A1"],
    "built": pd.array([True, True, True, False, None], dtype="boolean"),
    "floor_area_m2": [6000.0, 3000.0, 12000.0, None, 500.0],
    "footprint_m2": [1500.0, 1200.0, 3000.0, 600.0, None],
    "investment_wan": [9000.0, 3000.0, 12000.0, 3000.0, None],
})
ENTERPRISES = pd.DataFrame({
    "credit_code": ["X", "Y", "Z", "W", "T", "V", "N"],
    "name": ["甲", "乙", "丙", "丁", "戊", "己", "庚"],
    "industry": ["装备制造"] * 7,
    "above_scale": [True, True, False, True, True, True, False],
    "registered": pd.to_datetime(["2010-01-01", "2015-05-01", "2016-01-01", "2012-01-01", "2023-03-01",
                                  "2010-01-01", "2010-01-01"]),
    "exempt": [None, None, None, "公用事业", None, None, None],
})


def test_firm_land_own_shared_leased_and_several_parcels():
    alloc = firms.land_allocation(LAND_USE, AREAS)
    got = alloc.firm_land()
    assert got.loc["X", "land_m2"] == pytest.approx(3000 + 1500)          # two parcels
    assert got.loc["Y", "land_m2"] == got.loc["Z", "land_m2"] == pytest.approx(1500)  # equal split
    assert tuple(got.loc["W", ["own_m2", "leased_out_m2", "leased_in_m2", "land_m2"]]) == pytest.approx(
        (6000, 1500, 0, 4500))                                                # lessor
    assert tuple(got.loc["T", ["own_m2", "leased_out_m2", "leased_in_m2", "land_m2"]]) == pytest.approx(
        (0, 0, 1500, 1500))                                                   # tenant
    # every parcel's area is used exactly once (P5's owner stated more than the parcel: 1 200)
    assert got["land_m2"].sum() == pytest.approx(3000 + 3000 + 6000 + 1500 + 1200)
    assert alloc.problems == [{"rule": "area_exceeds_parcel", "row": 7, "parcel_id": "P5", "credit_code": "V",
                               "stated_m2": 1200.0, "parcel_m2": 1000.0}]


def test_two_owners_with_one_stated_area_and_a_lease_without_area():
    lu = pd.DataFrame({"parcel_id": ["Q", "Q", "Q"], "credit_code": ["A", "B", "C"],
                       "tenure": ["own", "own", "lease"], "area_m2": [1000.0, None, None]})
    alloc = firms.land_allocation(lu, pd.Series({"Q": 3000.0}))
    got = alloc.firm_land()["land_m2"]
    # C: equal share of 3 users = 1 000; A holds 1 000 stated, B the rest 2 000; the 1 000 leased
    # leaves them in proportion 1:2 -> A 1000 - 333.3, B 2000 - 666.7
    assert got["C"] == pytest.approx(1000)
    assert got["A"] == pytest.approx(1000 - 1000 / 3)
    assert got["B"] == pytest.approx(2000 - 2000 / 3)
    assert got.sum() == pytest.approx(3000)
    assert [p["rule"] for p in alloc.problems] == ["lease_without_area"]


def test_unknown_parcels_are_reported_not_used():
    lu = pd.DataFrame({"parcel_id": ["P1", "nowhere"], "credit_code": ["X", "X"], "tenure": ["own", "own"],
                       "area_m2": [None, None]})
    alloc = firms.land_allocation(lu, AREAS)
    assert alloc.firm_land().loc["X", "land_m2"] == pytest.approx(3000)
    assert alloc.problems == [{"rule": "unknown_parcel", "row": 2, "parcel_id": "nowhere", "credit_code": "X"}]


def firm_years() -> pd.DataFrame:
    alloc = firms.land_allocation(LAND_USE, AREAS)
    table = firm_land_table(ENTERPRISES, PARCELS, alloc)
    years = pd.DataFrame({
        "credit_code": ["X", "X", "Y", "Z", "W", "T", "V", "N"],
        "year": [2023, 2024, 2024, 2024, 2024, 2024, 2024, 2024],
        "tax_wan": [45.0, 67.5, 0.0, 9.0, 30.0, 45.0, None, 5.0],
        "revenue_wan": [900.0, 1350.0, 100.0, None, 600.0, 450.0, 10.0, None],
        "value_added_wan": [300.0, 450.0, None, None, 200.0, 90.0, None, None],
        "energy_tce": [100.0, 150.0, None, None, None, 30.0, None, None],
        "employees": [50.0, 45.0, None, None, None, 9.0, None, None],
        "rd_wan": [18.0, 27.0, None, None, None, None, None, None],
    })
    return firm_year_indicators(ENTERPRISES, years, table)


def test_firm_year_indicators_by_hand():
    fy = firm_years().set_index(["credit_code", "year"])
    x24 = fy.loc[("X", 2024)]
    # X: 4 500 m² = 6.75 亩; tax 67.5 -> 10 万元/亩; revenue 1350 -> 200; VA 450 -> 66.67
    assert x24["land_mu"] == pytest.approx(4500 * MU)
    assert x24["tax_per_mu"] == pytest.approx(10.0)
    assert x24["revenue_per_mu"] == pytest.approx(200.0)
    assert x24["value_added_per_mu"] == pytest.approx(450 / 6.75)
    # land figures of X's two parcels: investment 9000 + 3000 over 6.75 亩; FAR 6000 / 4500 m²
    assert x24["investment_intensity"] == pytest.approx(12000 / 6.75)
    assert x24["floor_area_ratio"] == pytest.approx(6000 / 4500)       # P4 has no floor area: missing, not 0
    assert x24["building_coefficient"] == pytest.approx((1500 + 600) / 4500)
    assert x24["value_added_per_energy"] == pytest.approx(3.0)
    assert x24["tax_per_energy"] == pytest.approx(0.45)
    assert x24["labour_productivity"] == pytest.approx(10.0)
    assert x24["rd_share"] == pytest.approx(0.02)
    # the same firm in 2023: that year's figures over the same land
    assert fy.loc[("X", 2023), "tax_per_mu"] == pytest.approx(45 / 6.75)
    # W keeps 4 500 of its 6 000 m² and 3/4 of P3's floor area and investment
    w = fy.loc[("W", 2024)]
    assert w["land_mu"] == pytest.approx(6.75) and w["tax_per_mu"] == pytest.approx(30 / 6.75)
    assert w["investment_intensity"] == pytest.approx(9000 / 6.75)
    assert w["floor_area_ratio"] == pytest.approx(12000 * 0.75 / 4500)
    # T, the tenant: 1 500 m² = 2.25 亩, 45 万元 -> 20 万元/亩; 1/4 of P3's floor area
    t = fy.loc[("T", 2024)]
    assert t["tax_per_mu"] == pytest.approx(20.0)
    assert t["floor_area_ratio"] == pytest.approx(12000 * 0.25 / 1500)
    # a missing figure stays missing; a reported 0 stays 0
    assert pd.isna(fy.loc[("V", 2024), "tax_per_mu"])
    assert fy.loc[("Y", 2024), "tax_per_mu"] == 0.0


def test_who_is_evaluated_and_why_not():
    fy = firm_years()
    fy = fy.loc[fy["year"] == 2024].reset_index(drop=True)
    reasons = dict(zip(fy["credit_code"], not_evaluated(fy, EvaluationRules()), strict=True))
    assert reasons["X"] is None and reasons["Y"] is None          # Y reported tax 0: evaluated
    # Z is 规下 on 1 500 m² = 2.25 亩 < 3 亩
    assert reasons["Z"] == {"rule": "ungraded_small", "area_mu": 2.25, "min_mu": 3.0}
    assert reasons["W"] == {"rule": "ungraded_exempt", "exempt": "公用事业"}
    assert reasons["T"] == {"rule": "ungraded_too_new", "registered_year": 2023, "min_years": 3}
    assert reasons["V"] == {"rule": "ungraded_no_tax"}
    assert reasons["N"] == {"rule": "ungraded_no_land"}


def test_leases_can_stay_with_the_owner():
    """[evaluation] leased_land_to = "owner": W keeps all 6 000 m² of P3, the tenant T gets none."""
    alloc = firms.land_allocation(LAND_USE, AREAS, leases_move_land=False)
    got = alloc.firm_land()
    assert tuple(got.loc["W", ["own_m2", "leased_out_m2", "land_m2"]]) == pytest.approx((6000, 0, 6000))
    assert tuple(got.loc["T", ["leased_in_m2", "land_m2"]]) == pytest.approx((0, 0))
    assert got.loc["X", "land_m2"] == pytest.approx(4500)        # firms without leases are unchanged


def test_the_lease_rule_comes_from_the_grading_configuration():
    from zone_layers.evaluation import YEAR_FIGURES, EvaluationRules, firm_tables

    parcels = PARCELS.assign(area_m2=AREAS.to_numpy())
    years = pd.DataFrame({"credit_code": ["T"], "year": [2024], **{f: [float("nan")] for f in YEAR_FIGURES}})
    default = firm_tables(ENTERPRISES, years, LAND_USE, parcels, parcels["area_m2"])
    owner = firm_tables(ENTERPRISES, years, LAND_USE, parcels, parcels["area_m2"],
                        rules=EvaluationRules(leased_land_to="owner"))
    assert default.land.loc["T", "land_m2"] == pytest.approx(1500)
    assert owner.land.loc["T", "land_m2"] == 0.0 and owner.land.loc["W", "land_m2"] == pytest.approx(6000)

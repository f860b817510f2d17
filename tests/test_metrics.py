"""Every metric against a figure computed by hand from the tiny zone of conftest.py.

Tiny zone (areas in m²): P1 A2 300×200 = 60 000 (90 亩); P2 A2 150×200 = 30 000 (45 亩);
P3 A1 15 000; P4 A31 road 9 000; P9 A4 6 000 (9 亩)  -> A = 120 000, A2 = 90 000, A1 = 15 000.
P5 B21 supplied idle 12 000; P6 B21 6 000; P7 B22 9 000 -> B21 = 18 000, B = 27 000. P8 C 3 000.
Supplied D = A + P5 = 132 000; idle G = 12 000.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from zone_layers import metrics

REL = 1e-9  # GK -> CGCS2000 -> GK round trip


def by_id(series, parcels, pid):
    return series[parcels.index[parcels["parcel_id"] == pid][0]]


def test_land_area_from_geometry(tiny_parcels):
    area = metrics.land_area_m2(tiny_parcels)
    assert by_id(area, tiny_parcels, "P1") == pytest.approx(60_000, rel=REL)
    mu = metrics.land_area_mu(tiny_parcels)
    assert by_id(mu, tiny_parcels, "P1") == pytest.approx(90, rel=REL)  # 60 000 × 15 / 10 000
    assert by_id(mu, tiny_parcels, "P9") == pytest.approx(9, rel=REL)   # 6 000 × 15 / 10 000


@pytest.mark.parametrize(("func", "pid", "expected"), [
    (lambda p: metrics.tax_per_mu(p, year=2024), "P1", 990 / 90),        # 11.0 万元/亩
    (lambda p: metrics.tax_per_mu(p, year=2024), "P9", 120 / 9),         # 13.33 万元/亩
    (metrics.revenue_per_mu, "P1", 9_000 / 90),                          # 100 万元/亩
    (metrics.value_added_per_mu, "P1", 2_700 / 90),                      # 30 万元/亩
    (metrics.investment_intensity, "P1", 27_000 / 90),                   # 300 万元/亩
    (metrics.investment_intensity, "P2", 9_000 / 45),                    # 200 万元/亩
    (metrics.floor_area_ratio, "P1", 72_000 / 60_000),                   # 1.2
    (metrics.floor_area_ratio, "P3", 30_000 / 15_000),                   # 2.0
    (metrics.building_coefficient, "P1", 30_000 / 60_000),               # 0.5
    (metrics.value_added_per_energy, "P1", 2_700 / 900),                 # 3 万元/tce
    (metrics.labour_productivity, "P1", 2_700 / 90),                     # 30 万元/人
    (lambda p: metrics.tax_per_energy(p, year=2024), "P1", 990 / 900),   # 1.1 万元/tce
])
def test_parcel_metrics(tiny_parcels, func, pid, expected):
    assert by_id(func(tiny_parcels), tiny_parcels, pid) == pytest.approx(expected, rel=REL)


@pytest.mark.parametrize("func", [
    lambda p: metrics.tax_per_mu(p, year=2024), metrics.revenue_per_mu,
    metrics.value_added_per_energy, metrics.labour_productivity,
])
def test_missing_inputs_stay_missing(tiny_parcels, func):
    # P2 reported no tax, revenue, energy or staff: the result is missing, never 0
    assert math.isnan(by_id(func(tiny_parcels), tiny_parcels, "P2"))


def test_tax_year_must_exist(tiny_parcels):
    with pytest.raises(KeyError, match="2022, 2023, 2024"):
        metrics.tax_per_mu(tiny_parcels, year=2019)


def test_zone_indicators_each_with_its_own_denominator(tiny_parcels):
    acc = metrics.land_accounts(tiny_parcels, year=2024)
    z = metrics.zone_indicators(acc).iloc[0]
    expected = {
        "development_rate": (120_000 + 18_000) / (120_000 + 27_000),   # (A+B21)/(A+B)
        "supply_rate": 132_000 / (120_000 + 18_000),                   # D/(A+B21)
        "built_up_rate": 120_000 / 132_000,                            # A/D
        "industrial_land_ratio": 90_000 / 120_000,                     # A2/A
        "far": (72_000 + 15_000 + 30_000 + 12_000) / 120_000,          # floor on A / A
        "building_density": (24_000 + 4_500 + 3_000 + 2_400) / 120_000,  # buildings alone on A: 0.2825
        "industrial_far": (72_000 + 15_000) / 90_000,                  # floor on A2 / A2
        "industrial_building_coefficient": (30_000 + 6_000) / 90_000,
        "industrial_investment_intensity_wan_per_ha": (27_000 + 9_000) / 9,   # 9 ha of A2
        "industrial_investment_intensity_wan_per_mu": (27_000 + 9_000) / 135,  # 135 亩 of A2
        # 乙 (P2, 30 000 m²) reported no tax: its land leaves the denominator too -> 甲's 6 ha (90 亩)
        "industrial_tax_per_ha": 990 / 6,           # 165
        "industrial_tax_per_mu": 990 / 90,          # 11.0
        "industrial_tax_coverage": 60_000 / 90_000,  # 2/3 of A2
        "industrial_tax_firms": 1, "industrial_firms": 2,
        # tax on A over A less 乙's land: 120 000 - 30 000 = 9 ha (road P4 and A1 P3 have no firm: kept)
        "overall_tax_per_ha": (990 + 120) / 9,      # 123.3
        "overall_tax_coverage": 90_000 / 120_000, "overall_tax_firms": 2, "built_firms": 3,
        "industrial_revenue_per_mu": 9_000 / 90,    # 甲's revenue over its 90 亩; 乙 reported none
        "industrial_revenue_coverage": 60_000 / 90_000, "industrial_revenue_firms": 1,
        "industrial_investment_coverage": 1.0, "industrial_investment_firms": 2,  # both report investment
        "tax_firms": 2, "firms": 3,
        "idle_land_rate": 12_000 / 132_000,         # G/D
    }
    for key, value in expected.items():
        assert z[key] == pytest.approx(value, rel=1e-8), key
    assert z["zone_type"] == "industry_led"  # 工业主导型: A2/A = 75 % > 30 %, A1/A = 12.5 % < 25 %


def test_aggregates_are_sums_over_sums_not_means_of_ratios(tiny_parcels):
    acc = metrics.land_accounts(tiny_parcels, by="section_id", year=2024)
    s1 = metrics.zone_indicators(acc).loc["s1"]
    # s1 = P1, P2, P3: tax 990 over the 90 亩 of the firm that reported it (乙 on P2 reported none)
    assert s1["industrial_tax_per_mu"] == pytest.approx(990 / 90, rel=1e-8)
    assert s1["industrial_land_ratio"] == pytest.approx(90_000 / 105_000, rel=1e-8)
    assert acc.loc["s1", "n_enterprises"] == 2
    assert acc.loc["s2", "n_enterprises"] == 1


def test_zone_type_city_industry_mix(tiny_parcels):
    mixed = tiny_parcels.copy()
    mixed.loc[mixed["parcel_id"] == "P1", "land_class"] = "A1"  # A1 = 75 000 of 120 000
    z = metrics.zone_indicators(metrics.land_accounts(mixed, year=2024)).iloc[0]
    assert z["zone_type"] == "mixed_use"  # 产城融合型: A1/A = 62.5 % ≥ 25 %


def test_empty_group_gives_missing_not_zero(tiny_parcels):
    none = tiny_parcels.iloc[0:0]
    z = metrics.zone_indicators(metrics.land_accounts(none, year=2024)).iloc[0]
    assert math.isnan(z["industrial_land_ratio"])
    assert pd.isna(z["zone_type"])


def test_coverage_counts_firms_once_and_leaves_out_the_land_of_firms_that_did_not_report(tiny_parcels):
    """A land-use table in place of one firm per parcel: P1 (A2, 60 000 m²) shared by 甲 (40 000 m²,
    reported tax) and 丁 (20 000 m², no tax); P2 (A2) 乙, no tax; 丙 on P9 (A4, 6 000 m², tax 120)
    and on P3 (A1, 15 000 m²). The parcels carry the reported tax: P1 990, P9 120."""
    nan = math.nan
    users = pd.DataFrame({
        "parcel_id": ["P1", "P1", "P2", "P9", "P3"],
        "credit_code": ["甲", "丁", "乙", "丙", "丙"],
        "area_m2": [40_000.0, 20_000.0, 30_000.0, 6_000.0, 15_000.0],
        "tax_wan": [990.0, nan, nan, 120.0, 120.0],
        "revenue_wan": [nan, nan, nan, nan, nan],
    })
    acc = metrics.land_accounts(tiny_parcels, year=2024, users=users)
    z = metrics.zone_indicators(acc).iloc[0]
    assert acc["A2_tax_m2"].iloc[0] == pytest.approx(40_000, rel=REL)   # 90 000 - 丁 20 000 - 乙 30 000
    assert z["industrial_tax_per_mu"] == pytest.approx(990 / 60, rel=1e-8)  # 40 000 m² = 60 亩: 16.5
    assert z["industrial_tax_coverage"] == pytest.approx(40_000 / 90_000, rel=1e-8)
    assert (z["industrial_tax_firms"], z["industrial_firms"]) == (1, 3)  # 甲 of 甲, 丁, 乙
    # A less 丁's and 乙's land: 120 000 - 50 000 = 7 ha; 丙 on two parcels is one firm
    assert z["overall_tax_per_ha"] == pytest.approx((990 + 120) / 7, rel=1e-8)
    assert (z["overall_tax_firms"], z["built_firms"], z["tax_firms"], z["firms"]) == (2, 4, 2, 4)
    # no firm reported revenue: missing, never 0; its coverage is none of the A2
    assert math.isnan(z["industrial_revenue_per_mu"]) and z["industrial_revenue_coverage"] == 0


def test_building_density_and_coefficient_are_two_fields(tiny_parcels):
    # P1: buildings 24 000 m², buildings + structures + yards 30 000 m² on 60 000 m²
    density = metrics.building_density(tiny_parcels)
    assert by_id(density, tiny_parcels, "P1") == pytest.approx(0.4, rel=REL)
    assert by_id(metrics.building_coefficient(tiny_parcels), tiny_parcels, "P1") == pytest.approx(0.5, rel=REL)
    assert math.isnan(by_id(density, tiny_parcels, "P4"))  # the road reports no building: missing

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
        "building_density": (30_000 + 6_000 + 4_500 + 3_000) / 120_000,
        "industrial_far": (72_000 + 15_000) / 90_000,                  # floor on A2 / A2
        "industrial_building_coefficient": (30_000 + 6_000) / 90_000,
        "industrial_investment_intensity_wan_per_ha": (27_000 + 9_000) / 9,   # 9 ha of A2
        "industrial_investment_intensity_wan_per_mu": (27_000 + 9_000) / 135,  # 135 亩 of A2
        "industrial_tax_per_ha": 990 / 9,           # P2's missing tax adds nothing; area counts
        "industrial_tax_per_mu": 990 / 135,
        "overall_tax_per_ha": (990 + 120) / 12,     # all tax over A (12 ha)
        "idle_land_rate": 12_000 / 132_000,         # G/D
    }
    for key, value in expected.items():
        assert z[key] == pytest.approx(value, rel=1e-8), key
    assert z["zone_type"] == "industry_led"  # 工业主导型: A2/A = 75 % > 30 %, A1/A = 12.5 % < 25 %


def test_aggregates_are_sums_over_sums_not_means_of_ratios(tiny_parcels):
    acc = metrics.land_accounts(tiny_parcels, by="section_id", year=2024)
    s1 = metrics.zone_indicators(acc).loc["s1"]
    # s1 = P1, P2, P3: tax 990 over A2 of 135 亩 = 7.33, not the mean of 11.0 and (missing)
    assert s1["industrial_tax_per_mu"] == pytest.approx(990 / 135, rel=1e-8)
    assert s1["industrial_land_ratio"] == pytest.approx(90_000 / 105_000, rel=1e-8)
    assert acc.loc["s1", "n_enterprises"] == 2
    assert acc.loc["s2", "n_enterprises"] == 1


def test_zone_type_city_industry_mix(tiny_parcels):
    mixed = tiny_parcels.copy()
    mixed.loc[mixed["parcel_id"] == "P1", "land_class"] = "A1"  # A1 = 75 000 of 120 000
    z = metrics.zone_indicators(metrics.land_accounts(mixed)).iloc[0]
    assert z["zone_type"] == "mixed_use"  # 产城融合型: A1/A = 62.5 % ≥ 25 %


def test_empty_group_gives_missing_not_zero(tiny_parcels):
    none = tiny_parcels.iloc[0:0]
    z = metrics.zone_indicators(metrics.land_accounts(none)).iloc[0]
    assert math.isnan(z["industrial_land_ratio"])
    assert pd.isna(z["zone_type"])

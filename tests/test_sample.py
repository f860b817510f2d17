"""The bundled sample: calibrated to the published facts of the Zhumadian ETDZ (docs/definitions.md, "Sources")."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely

from geodata import credit_code, schema, settings
from geodata.crs import area_m2, m2_to_mu
from geodata.dataset import dataset_from_gpkg
from geodata.sample.generate import build_sample
from zone_layers import evaluation, metrics, summary, target_gaps
from zone_layers.firms import land_allocation

KM2 = 1_000_000


@pytest.fixture(scope="module")
def sample():
    return dataset_from_gpkg(settings.SAMPLE_PATH)


@pytest.fixture(scope="module")
def etdz(sample):
    return sample.zones.loc[sample.zones["zone_id"] == "zmd_etdz"].iloc[0]


@pytest.fixture(scope="module")
def parcels(sample):
    """The parcels with the firm figures they carry (tax_wan_<year> etc., shared out by land)."""
    return summary.parcels_with_firms(sample)


@pytest.fixture(scope="module")
def firms(sample):
    return summary.dataset_firms(sample)


@pytest.fixture(scope="module")
def parcel_m2(sample):
    return pd.Series(area_m2(sample.parcels).to_numpy(), index=sample.parcels["parcel_id"])


def test_committed_file_is_what_the_generator_builds(sample):
    fresh = build_sample()
    assert list(fresh.parcels["parcel_id"]) == list(sample.parcels["parcel_id"])
    assert np.allclose(area_m2(fresh.parcels), area_m2(sample.parcels), rtol=1e-9)
    for table in ("enterprises", "enterprise_years", "land_use", "targets"):
        pd.testing.assert_frame_equal(getattr(fresh, table), getattr(sample, table), check_dtype=False)
    assert settings.SAMPLE_PATH.stat().st_size < 1_000_000


def test_parcels_are_land_only_and_the_tables_are_read_without_a_note(sample):
    stored = set(pyogrio.read_info(settings.SAMPLE_PATH, layer="parcels")["fields"])
    assert stored == {f.name for f in schema.PARCEL_FIELDS}        # no enterprise, industry, tax_wan_<year> …
    layers = {name for name, _ in pyogrio.list_layers(settings.SAMPLE_PATH)}
    assert {"enterprises", "enterprise_years", "land_use"} <= layers
    assert sample.notes == ()                                      # not read as the older layout


def test_building_footprint_is_part_of_the_footprint(sample):
    p = sample.parcels
    both = p["footprint_m2"].notna()
    assert both.sum() > 250 and p.loc[both, "building_footprint_m2"].notna().all()
    assert (p.loc[both, "building_footprint_m2"] <= p.loc[both, "footprint_m2"]).all()
    factories = both & (p["land_class"] == "A2")
    share = p.loc[factories, "building_footprint_m2"] / p.loc[factories, "footprint_m2"]
    assert 0.7 <= share.median() <= 0.9 and share.min() > 0.5   # buildings are most of a plant's footprint


def test_every_zone_is_illustrative(sample):
    assert sample.illustrative and sample.zones["illustrative"].all()


def test_etdz_outline_is_23_6_km2_in_the_eastern_outskirts(etdz):
    import geopandas as gpd

    outline = gpd.GeoSeries([etdz.geometry], crs=4490)
    assert area_m2(outline).iloc[0] / KM2 == pytest.approx(23.6, rel=0.005)
    minx, miny, maxx, maxy = outline.total_bounds
    assert minx >= 114.05 and maxx <= 114.16 and miny >= 32.94 and maxy <= 33.02
    assert etdz["planned_area_km2"] == 23.6 and etdz["built_area_km2"] == 18.0


def test_five_sections_tile_the_zone(sample, etdz):
    sections = sample.sections.loc[sample.sections["zone_id"] == "zmd_etdz"]
    assert list(sections["name"]) == ["装备制造", "食品加工", "新能源", "仓储物流", "生活配套"]
    import geopandas as gpd

    def m2(geom):
        return area_m2(gpd.GeoSeries([geom], crs=4490)).iloc[0]

    union = shapely.union_all(sections.geometry.to_numpy())
    assert m2(shapely.symmetric_difference(union, etdz.geometry)) < 1.0   # no gaps, nothing outside
    for a, b in itertools.combinations(sections.geometry, 2):
        assert m2(shapely.intersection(a, b)) < 1.0                      # no overlaps


def test_parcels_tile_their_sections(sample):
    import geopandas as gpd

    for _, section in sample.sections.iterrows():
        parts = sample.parcels.loc[sample.parcels["section_id"] == section["section_id"]]
        union = shapely.union_all(parts.geometry.to_numpy())
        gap = area_m2(gpd.GeoSeries([shapely.symmetric_difference(union, section.geometry)],
                                    crs=4490)).iloc[0]
        assert gap < 1.0, section["name"]
    assert sample.parcels["parcel_id"].is_unique
    assert sample.parcels["parcel_id"].str.fullmatch(r"411702\d{6}GB\d{5}").all()


def test_built_land_and_industrial_share(parcels):
    acc = metrics.land_accounts(parcels.loc[parcels["zone_id"] == "zmd_etdz"], year=2024)
    built_km2 = acc["A_m2"].iloc[0] / KM2
    assert built_km2 == pytest.approx(18.0, rel=0.01)
    assert acc["A2_m2"].iloc[0] / acc["A_m2"].iloc[0] == pytest.approx(0.61, abs=0.01)
    # there is unbuilt and unbuildable land, and supplied-but-idle parcels
    assert acc["B21_m2"].iloc[0] > 0 and acc["B_m2"].iloc[0] > acc["B21_m2"].iloc[0]
    assert acc["C_m2"].iloc[0] > 0 and acc["G_m2"].iloc[0] > 0


def test_flags_are_consistent(sample):
    p = sample.parcels
    built_class = p["land_class"].str.startswith("A")
    assert (p["built"] == built_class).all()
    assert (p.loc[p["idle"], "supplied"]).all() and not (p.loc[p["idle"], "built"]).any()
    assert 1 <= p["idle"].sum() <= 20


def test_150_projects_worth_560_yi(sample):
    p, land_use = sample.parcels, sample.land_use
    on_etdz = land_use["parcel_id"].isin(p.loc[p["zone_id"] == "zmd_etdz", "parcel_id"])
    assert land_use.loc[on_etdz, "credit_code"].nunique() == 150 == len(sample.enterprises)  # distinct firms
    etdz = p.loc[p["zone_id"] == "zmd_etdz"]
    assert etdz["investment_wan"].sum() == pytest.approx(5_600_000, rel=1e-9)   # 560 亿元
    used = etdz["parcel_id"].isin(land_use["parcel_id"])
    assert etdz.loc[~used, "investment_wan"].isna().all()                     # all of it on the firms' land
    assert (etdz.loc[used, "land_class"] == "A2").sum() >= 120


def test_131_firms_above_designated_size(sample):
    assert int(sample.enterprises["above_scale"].sum()) == 131   # the published 131 "四上" enterprises


def test_credit_codes_are_valid_codes_of_yicheng(sample):
    codes = sample.enterprises["credit_code"]
    assert codes.is_unique and all(credit_code.problem(c) is None for c in codes)
    assert codes.str[2:8].eq("411702").all()            # 驿城区; "000000" marks generated legacy keys
    assert set(sample.enterprise_years["credit_code"]) == set(codes) == set(sample.land_use["credit_code"])


def test_every_firm_has_figures_from_2021_or_its_registration_to_2025(sample):
    assert sample.years == (2021, 2022, 2023, 2024, 2025) and sample.latest_year == 2025
    first = sample.enterprise_years.groupby("credit_code")["year"].agg(["min", "max", "size"])
    registered = sample.enterprises.set_index("credit_code")["registered"].dt.year.reindex(first.index)
    assert (first["min"] == registered.clip(lower=2021)).all()          # registered 2024: rows from 2024
    assert (first["max"] == 2025).all() and (first["size"] == 2025 - first["min"] + 1).all()


def test_growth_is_plausible_and_missing_stays_missing(sample):
    years = sample.enterprise_years
    assert years["tax_wan"].dropna().gt(0).all()                         # never a 0 for "no tax"
    tax = years.pivot(index="credit_code", columns="year", values="tax_wan")
    for year in (2022, 2023, 2024, 2025):
        growth = (tax[year] / tax[year - 1] - 1).dropna()
        assert 0.0 < growth.median() < 0.15, year
        assert growth.between(-0.3, 0.5).mean() > 0.9, year
    assert years["tax_wan"].isna().sum() >= 10                          # start-ups, new firms, gaps
    assert years.loc[years["year"] == 2022, "tax_wan"].isna().sum() >= 4
    assert years.loc[years["year"] == 2024, "energy_tce"].isna().sum() >= 3
    assert years["rd_wan"].isna().any() and years["rd_wan"].notna().sum() > 200


def test_every_parcel_used_by_a_firm_is_allocated_exactly_once(sample, parcel_m2):
    allocation = land_allocation(sample.land_use, parcel_m2)
    assert allocation.problems == []
    allocated = allocation.table.groupby("parcel_id")["area_m2"].sum()
    assert set(allocated.index) == set(sample.land_use["parcel_id"])
    assert np.allclose(allocated, parcel_m2.reindex(allocated.index), rtol=1e-9)
    land = allocation.firm_land()
    assert len(land) == 150 and (land["land_m2"] > 0).all()


def test_tenants_rent_part_of_another_firms_plant(sample, parcel_m2):
    lu = sample.land_use
    lease = lu.loc[lu["tenure"] == "lease"]
    tenants = set(lease["credit_code"]) - set(lu.loc[lu["tenure"] == "own", "credit_code"])
    assert len(tenants) >= 10
    assert lease["area_m2"].notna().all()
    assert (lease["area_m2"] < 0.35 * parcel_m2.reindex(lease["parcel_id"]).to_numpy()).all()
    for pid, code in lease[["parcel_id", "credit_code"]].itertuples(index=False):
        owners = lu.loc[(lu["parcel_id"] == pid) & (lu["tenure"] == "own"), "credit_code"]
        assert len(owners) >= 1 and code not in set(owners)             # the lessor keeps its own row


def test_firms_on_two_or_three_parcels_and_parcels_shared_by_two_owners(sample):
    own = sample.land_use.loc[sample.land_use["tenure"] == "own"]
    parcels_per_firm = own.groupby("credit_code").size()
    assert parcels_per_firm.between(2, 3).sum() >= 5 and parcels_per_firm.max() == 3
    owners = own.groupby("parcel_id").agg(n=("credit_code", "size"), stated=("area_m2", "count"))
    shared = owners.loc[owners["n"] == 2]
    assert len(shared) >= 2 and (shared["stated"] == 0).all()           # shared equally, no areas stated
    assert owners["n"].max() == 2


def test_exempt_new_and_small_firms(sample, firms):
    ent = sample.enterprises.set_index("credit_code")
    assert set(ent["exempt"].dropna()) == {"公用事业", "在建"}
    assert (ent.loc[ent["exempt"] == "公用事业", "industry"] == "公用事业").all()
    building = ent.index[ent["exempt"] == "在建"]
    p = sample.parcels.set_index("parcel_id")
    sites = sample.land_use.loc[sample.land_use["credit_code"].isin(building), "parcel_id"]
    assert len(sites) >= 2 and p.loc[sites, "supplied"].all() and not p.loc[sites, "built"].any()
    years = sample.enterprise_years
    assert years.loc[years["credit_code"].isin(building), "tax_wan"].isna().all()
    new = ent["registered"].dt.year >= 2023                          # fewer than 3 years before 2025
    assert 3 <= new.sum() <= 12
    land = firms.land.reindex(ent.index)
    small = ~ent["above_scale"].astype(bool) & (land["land_mu"] < 3)
    assert small.sum() >= 3
    small_parcels = sample.land_use.loc[sample.land_use["credit_code"].isin(ent.index[small]), "parcel_id"]
    assert (area_m2(sample.parcels.set_index("parcel_id").loc[small_parcels].reset_index()) < 2000).all()


def test_2024_evaluation_leaves_out_each_kind_of_firm(firms):
    fy = firms.firm_years.loc[firms.firm_years["year"] == 2024].reset_index(drop=True)
    reasons = evaluation.not_evaluated(fy, evaluation.EvaluationRules()).dropna()
    assert {r["rule"] for r in reasons} == {"ungraded_exempt", "ungraded_too_new", "ungraded_small",
                                            "ungraded_no_tax"}
    assert 120 <= len(fy) - len(reasons) <= 140


def test_small_parcels_share_their_vertices_with_their_neighbours(sample):
    p = sample.parcels.to_crs(4547)
    geoms = p.geometry.to_numpy()
    tree = shapely.STRtree(geoms)
    small = np.flatnonzero((area_m2(sample.parcels) < 2000).to_numpy() & (p["land_class"] == "A2").to_numpy())
    assert len(small) >= 3
    for i in small:
        corners = shapely.points(shapely.get_coordinates(geoms[i]))
        for j in tree.query(geoms[i], predicate="intersects"):
            if j == i:
                continue
            on_edge = shapely.distance(corners, geoms[j].boundary) < 1e-3
            theirs = shapely.get_coordinates(geoms[j])
            for corner in shapely.get_coordinates(corners[on_edge]):
                assert np.min(np.hypot(*(theirs - corner).T)) < 1e-6, (i, j)   # no T-junction


def test_tax_spread_reaches_every_grade(firms):
    fy = firms.firm_years.loc[firms.firm_years["year"] == 2024].reset_index(drop=True)
    evaluated = evaluation.not_evaluated(fy, evaluation.EvaluationRules()).isna()
    per_mu = fy.loc[evaluated, "tax_per_mu"].dropna()
    assert per_mu.min() < 3 and per_mu.max() > 40           # far below and far above 11 万元/亩
    assert 8 <= per_mu.median() <= 16
    assert (per_mu < settings.TAX_BENCHMARK_WAN_PER_MU).sum() >= 20
    # start-ups and first-year firms with no tax are missing, not zero
    assert fy["tax_wan"].isna().sum() >= 5 and (fy["tax_wan"].dropna() > 0).all()


def test_eleven_zones_with_targets(sample):
    assert len(sample.zones) == 11
    assert set(sample.zones["level"]) == {"国家级", "省级"}
    areas = area_m2(sample.zones) / KM2
    assert np.allclose(areas, sample.zones["planned_area_km2"], rtol=0.01)
    targets = sample.zone_targets
    assert len(targets) == 33
    etdz = targets.loc[targets["zone_id"] == "zmd_etdz"].set_index("year")
    assert (etdz.at[2024, "star"], etdz.at[2024, "tier"]) == ("一星", "三档")
    assert (etdz.at[2026, "star"], etdz.at[2026, "tier"]) == ("二星", "二档")
    hitech = targets.loc[targets["zone_id"] == "zmd_hitech"].set_index("year")
    assert (hitech.at[2026, "star"], hitech.at[2026, "tier"]) == ("三星", "一档")
    clusters = sample.cluster_targets
    assert len(clusters) == 17 * 3
    row = clusters.loc[(clusters["zone_id"] == "zmd_etdz") & (clusters["cluster"] == "装备制造")]
    assert dict(zip(row["year"], row["revenue_target_yi"], strict=True)) == {2024: 100, 2025: 120,
                                                                              2026: 140}


def test_etdz_indicator_targets(sample, etdz, parcels, firms):
    """Illustrative targets (geodata/sample/README.md): 工业亩均税收 11 万元/亩 by 2026 (the provincial value
    the plan asks for, unpublished: Henan's 11), and 2025/2026 targets of three land indicators,
    all keys of the registry; 2025's figures meet some and miss others."""
    targets = sample.targets
    assert set(targets["zone_id"]) == {"zmd_etdz"} and target_gaps.target_problems(targets).empty
    got = {(k, int(y)): v for k, y, v in zip(targets["indicator"], targets["year"], targets["value"], strict=True)}
    assert got[("industrial_tax_per_mu", 2026)] == 11.0
    assert {k for k, _ in got} == {"industrial_tax_per_mu", "industrial_land_ratio", "far", "idle_land_rate"}
    assert {y for k, y in got if k != "industrial_tax_per_mu"} == {2025, 2026}
    zone = parcels.loc[parcels["zone_id"] == "zmd_etdz"].reset_index(drop=True)
    figures = summary.zone_summary(etdz, zone, year=2025, firms=firms)
    rows = target_gaps.indicator_targets(targets, figures, zone_id="zmd_etdz", year=2025)
    assert len(rows) == len(targets) and set(rows["met"]) == {True, False}


def test_zones_do_not_overlap(sample):
    for a, b in itertools.combinations(sample.zones.geometry, 2):
        assert not a.intersects(b)


def test_mu_conversion_of_the_zone(etdz):
    import geopandas as gpd

    mu = m2_to_mu(area_m2(gpd.GeoSeries([etdz.geometry], crs=4490)).iloc[0])
    assert mu == pytest.approx(23.6 * 1500, rel=0.005)  # 35 400 亩


# --- issue 19: no pile at a bound, unbuilt land in every section ----------------------------------------

def test_no_firm_piles_up_at_a_bound_of_the_tax_per_mu(firms):
    """The per-mu tax bends smoothly towards 0.5 and 60 万元/亩 instead of being clipped (a clip put 11
    firms at exactly 60.00 in 2024): the highest and lowest values of every year are all different."""
    fy = firms.firm_years.dropna(subset=["tax_per_mu"])
    for _, year in fy.groupby("year"):
        ends = year["tax_per_mu"].round(2).sort_values()
        assert ends.tail(10).is_unique and ends.head(10).is_unique
    y2024 = fy.loc[fy["year"] == 2024, "tax_per_mu"]
    assert 40 < y2024.max() < 60 and y2024.min() > 0.4           # the tax is rounded to 0.1 万元


def test_every_section_keeps_some_unbuilt_or_unbuildable_land(parcels):
    etdz = parcels.loc[parcels["zone_id"] == "zmd_etdz"]
    unbuilt = etdz.loc[etdz["land_class"].isin(["B21", "B22", "C"])]
    share = area_m2(unbuilt).groupby(unbuilt["section_id"]).sum() / area_m2(etdz).groupby(etdz["section_id"]).sum()
    assert set(share.index) == set(etdz["section_id"]) and (share > 0.015).all()
    equipment = set(unbuilt.loc[unbuilt["section_id"] == "etdz_equipment", "land_class"])
    assert {"B21", "C"} <= equipment


# --- issue 17: the land lifecycle ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def land_registers(sample):
    from geodata.sample.lifecycle import REFERENCE
    from zone_layers import registers

    return registers.zone_registers(sample, as_of=REFERENCE, zone_id="zmd_etdz")


def test_the_parcels_flagged_idle_are_the_idle_register(sample, land_registers):
    """As of 2026-06-30 (geodata/sample/README.md): the 7 parcels flagged idle, 5 never started (3 of them
    two full years or more: may be taken back) and 2 stopped for over a year (one under 1/3 of the area,
    one under 25 % of the investment), each owing 20 % of its land price."""
    idle = land_registers.idle
    assert set(idle["parcel_id"]) == set(sample.parcels.loc[sample.parcels["idle"], "parcel_id"])
    assert idle["criterion"].value_counts().to_dict() == {"not_started": 5, "stopped": 2}
    assert sorted(idle.loc[idle["criterion"] == "stopped", "below"]) == [("area",), ("investment",)]
    assert int(idle["take_back_eligible"].sum()) == 3 and (idle["days_overdue"] > 0).all()
    price = sample.contracts.set_index("contract_no")["land_price_wan"].reindex(idle["contract_no"]).to_numpy()
    assert np.allclose(idle["fee_wan"], 0.2 * price)


def test_the_other_registers_of_the_sample(sample, land_registers):
    r = land_registers
    assert len(r.supplied_not_started) == 6 and (r.supplied_not_started["days_to_idle"] > 0).all()
    batches = r.approved_not_supplied
    assert len(batches) == 3 and ((batches["unsupplied_share"] > 0.2) & (batches["unsupplied_share"] < 0.95)).all()
    status = r.commitments["status"].value_counts().to_dict()
    assert {"on_track", "behind", "met", "failed"} <= set(status)
    assert "production" in set(r.reviews_due["review"])
    assert list(r.missing_dates["reason"]) == ["no_agreed_start"]
    assert r.redevelopment["far_headroom"].notna().sum() >= 5
    assert 30 <= len(sample.contracts) <= 60 and sample.contracts["contract_no"].is_unique

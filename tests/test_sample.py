"""The bundled sample: calibrated to the published facts of the Zhumadian ETDZ (docs/definitions.md, "Sources")."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import shapely

from geodata import settings
from geodata.crs import area_m2, m2_to_mu
from geodata.dataset import dataset_from_gpkg
from geodata.sample.generate import build_sample
from zone_layers import metrics

KM2 = 1_000_000


@pytest.fixture(scope="module")
def sample():
    return dataset_from_gpkg(settings.SAMPLE_PATH)


@pytest.fixture(scope="module")
def etdz(sample):
    return sample.zones.loc[sample.zones["zone_id"] == "zmd_etdz"].iloc[0]


def test_committed_file_is_what_the_generator_builds(sample):
    fresh = build_sample()
    assert list(fresh.parcels["parcel_id"]) == list(sample.parcels["parcel_id"])
    assert np.allclose(area_m2(fresh.parcels), area_m2(sample.parcels), rtol=1e-9)
    assert settings.SAMPLE_PATH.stat().st_size < 2_000_000


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


def test_built_land_and_industrial_share(sample):
    acc = metrics.land_accounts(sample.parcels.loc[sample.parcels["zone_id"] == "zmd_etdz"])
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
    firms = sample.parcels.loc[metrics.has_enterprise(sample.parcels)]
    assert len(firms) == 150
    assert firms["investment_wan"].sum() == pytest.approx(5_600_000, rel=0.01)  # 560 亿元
    assert (firms["land_class"] == "A2").sum() >= 140


def test_tax_spread_reaches_every_grade(sample):
    p = sample.parcels
    firms = p.loc[metrics.has_enterprise(p) & (p["land_class"] == "A2")]
    per_mu = metrics.tax_per_mu(firms, year=2024).dropna()
    assert per_mu.min() < 3 and per_mu.max() > 40           # far below and far above 11 万元/亩
    assert 8 <= per_mu.median() <= 16
    assert (per_mu < settings.TAX_BENCHMARK_WAN_PER_MU).sum() >= 20
    # start-ups with no tax are missing, not zero
    assert p.loc[metrics.has_enterprise(p), "tax_wan_2024"].isna().sum() >= 5


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


def test_zones_do_not_overlap(sample):
    for a, b in itertools.combinations(sample.zones.geometry, 2):
        assert not a.intersects(b)


def test_mu_conversion_of_the_zone(etdz):
    import geopandas as gpd

    mu = m2_to_mu(area_m2(gpd.GeoSeries([etdz.geometry], crs=4490)).iloc[0])
    assert mu == pytest.approx(23.6 * 1500, rel=0.005)  # 35 400 亩

"""Shared fixtures: a tiny hand-built zone whose every figure is computed by hand in the tests."""

from __future__ import annotations

import math

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geodata.dataset import ZoneDataset, dataset_from_layers, normalise_layer

#: Origin of the tiny zone in EPSG:4547 (CGCS2000 GK, CM 114°E): on the central meridian, ≈ 33°N.
X0, Y0 = 500_000.0, 3_650_000.0
NAN = math.nan

#: (parcel_id, land_class, width m, height m, supplied, built, idle, enterprise, floor m²,
#:  footprint m², investment 万元, tax 2024 万元, revenue 万元, value added 万元, energy tce, staff)
TINY_PARCELS = [
    ("P1", "A2", 300, 200, True, True, False, "甲机械有限公司", 72_000, 30_000, 27_000, 990, 9_000,
     2_700, 900, 90),
    ("P2", "A2", 150, 200, True, True, False, "乙食品有限公司", 15_000, 6_000, 9_000, NAN, NAN, NAN,
     NAN, NAN),
    ("P3", "A1", 100, 150, True, True, False, None, 30_000, 4_500, NAN, NAN, NAN, NAN, NAN, NAN),
    ("P4", "A31", 450, 20, True, True, False, None, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN),
    ("P5", "B21", 100, 120, True, False, True, None, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN),
    ("P6", "B21", 100, 60, False, False, False, None, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN),
    ("P7", "B22", 100, 90, False, False, False, None, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN),
    ("P8", "C", 50, 60, False, False, False, None, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN),
    ("P9", "A4", 100, 60, True, True, False, "丙商贸有限公司", 12_000, 3_000, NAN, 120, NAN, NAN, NAN,
     NAN),
]

#: Footprint of the buildings alone (m², for 建筑密度), within each parcel's footprint_m2 above.
TINY_BUILDING_FOOTPRINTS = {"P1": 24_000, "P2": 4_500, "P3": 3_000, "P9": 2_400}


def tiny_parcels_projected() -> gpd.GeoDataFrame:
    """The tiny zone's parcels as rectangles side by side in EPSG:4547 (metres)."""
    rows, geoms, x = [], [], X0
    for pid, cls, w, h, sup, built, idle, ent, floor, fp, inv, tax, rev, va, tce, staff in TINY_PARCELS:
        geoms.append(shapely.box(x, Y0, x + w, Y0 + h))
        x += w + 10
        rows.append({
            "parcel_id": pid, "zone_id": "tiny", "section_id": "s1" if pid in {"P1", "P2", "P3"}
            else "s2", "land_class": cls, "supplied": sup, "built": built, "idle": idle,
            "enterprise": ent, "industry": "制造业" if ent else None, "floor_area_m2": floor,
            "building_footprint_m2": TINY_BUILDING_FOOTPRINTS.get(pid, NAN),
            "footprint_m2": fp, "investment_wan": inv, "tax_wan_2022": NAN, "tax_wan_2023": NAN,
            "tax_wan_2024": tax, "revenue_wan": rev, "value_added_wan": va, "energy_tce": tce,
            "employees": staff,
        })
    return gpd.GeoDataFrame(pd.DataFrame(rows), geometry=geoms, crs=4547)


@pytest.fixture(autouse=True)
def own_state_files(tmp_path_factory, monkeypatch):
    """Each test writes its own audit log, edit store and last-good snapshots (never the repository's
    .run/), so sign-in throttling, saved edits and snapshots of one test never reach another."""
    state = tmp_path_factory.mktemp("state")
    monkeypatch.setenv("ZONE_AUDIT_LOG", str(state / "audit.log"))
    monkeypatch.setenv("ZONE_EDITS", str(state / "edits.sqlite"))
    monkeypatch.setenv("ZONE_STATE_DIR", str(state))


@pytest.fixture
def tiny_parcels() -> gpd.GeoDataFrame:
    """The tiny zone's parcels in the storage CRS, normalised like any loaded layer."""
    return normalise_layer("parcels", tiny_parcels_projected(), source="tiny")


@pytest.fixture
def tiny_dataset(tiny_parcels: gpd.GeoDataFrame) -> ZoneDataset:
    """A complete dataset around the tiny parcels: one zone, two sections."""
    proj = tiny_parcels_projected()
    outline = shapely.box(*proj.total_bounds)
    minx, miny, maxx, maxy = proj.total_bounds
    split = X0 + 300 + 10 + 150 + 10 + 100 + 5
    s1, s2 = shapely.box(minx, miny, split, maxy), shapely.box(split, miny, maxx, maxy)
    zones = gpd.GeoDataFrame({
        "zone_id": ["tiny"], "name": ["小开发区"], "county": ["驿城区"], "level": ["省级"],
        "planned_area_km2": [0.2], "built_area_km2": [0.12], "leading_industries": ["装备制造"],
        "illustrative": [True],
    }, geometry=[outline], crs=4547)
    sections = gpd.GeoDataFrame({
        "section_id": ["s1", "s2"], "zone_id": ["tiny", "tiny"], "name": ["一区", "二区"],
        "function": ["制造", "综合"],
    }, geometry=[s1, s2], crs=4547)
    # through the one constructor every reader uses: the tiny parcels' firm columns (older layout)
    # become the enterprise tables, one firm per parcel
    return dataset_from_layers({
        "zones": normalise_layer("zones", zones, source="tiny"),
        "sections": normalise_layer("sections", sections, source="tiny"),
        "parcels": tiny_parcels,
    }, source="tiny")


@pytest.fixture
def tiny_view(tiny_dataset: ZoneDataset) -> gpd.GeoDataFrame:
    """The tiny dataset's parcels with the firm figures they carry (as the dashboard shows them)."""
    from zone_layers import summary

    return summary.parcels_with_firms(tiny_dataset)


@pytest.fixture(scope="module")
def pg():
    """A throwaway PostgreSQL + PostGIS server on localhost for the test module, deleted afterwards
    (tests/postgis_server.py); skipped with the Debian package names when the binaries are missing."""
    from tests import postgis_server

    reason = postgis_server.missing_reason()
    if reason:
        pytest.skip(reason)
    server = postgis_server.PostgresServer.create()
    try:
        yield server
    finally:
        server.destroy()

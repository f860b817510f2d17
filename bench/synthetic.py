"""Seeded generator of a synthetic city dataset in the canonical schema, for benchmarks.

``python -m bench.synthetic --parcels 20000 --out bench/data/city_20k.gpkg``

The 11 development zones of Zhumadian (names, levels, planned areas and targets from
:mod:`geodata.sample.generate`) are placed near their county seats as rotated rectangles of the
planned area. Each zone is split by arterial roads into 2–6 sections; every section is cut by a
street grid into blocks, and every block into two rows of parcels with jittered cuts (block-corner
parcels get a chamfered corner, so parcels have 4 or 5 distinct vertices). Parcels are shared out
over zones: the largest zone (高新区) holds :data:`LARGEST_ZONE_SHARE` of them (20 000 of 100 000,
the size of a big national zone), the others share the rest by planned area; the total is exactly
``--parcels``. The parcels are land only: land classes, supply/built/idle flags, buildings and
investment. The enterprises are in the tables ``enterprises``, ``enterprise_years`` and
``land_use`` (:func:`_enterprise_tables`): 0.6 firms per parcel (60 000 for 100 000 parcels) with
industries from each zone's leading industries; most own one parcel, some two or three neighbouring
ones, some parcels have two owners, and the rest are tenants renting a stated part of a plant; five
years (2021–2025) of tax, revenue, value added, energy, employees and R&D from each firm's
registration on (with a few missing figures, as in real
data). Everything is invented.

The same seed and parcel count give the same data. 100 000 parcels take a few seconds.
"""

from __future__ import annotations

import argparse
import math
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import Transformer

from geodata import credit_code, schema, settings
from geodata.dataset import ZoneDataset, dataset_from_layers, dataset_to_gpkg, normalise_layer
from geodata.sample import generate as sample

DEFAULT_SEED: int = 20_000
DATA_DIR: Path = Path(__file__).resolve().parent / "data"
SOURCE: str = "bench synthetic generator"
WORK_EPSG: int = sample.WORK_EPSG
COORD_DECIMALS: int = sample.COORD_DECIMALS

#: County codes (行政区划代码) of the counties of Zhumadian, for the 19-character parcel IDs.
COUNTY_CODES: dict[str, str] = {
    "驿城区": "411702", "西平县": "411721", "上蔡县": "411722", "平舆县": "411723", "正阳县": "411724",
    "确山县": "411725", "泌阳县": "411726", "汝南县": "411727", "遂平县": "411728", "新蔡县": "411729",
}
#: Widths of arterial roads (between sections) and streets (between blocks), metres.
ARTERIAL_M: float = 40.0
STREET_M: float = 18.0
#: Chamfer of block-corner parcels, metres.
CHAMFER_M: float = 6.0
#: Target number of parcels per block (two rows).
PARCELS_PER_BLOCK: int = 8
#: Land-class mix of parcels (weights).
CLASS_MIX: tuple[tuple[str, float], ...] = (
    ("A2", 0.50), ("A1", 0.10), ("A4", 0.08), ("A32", 0.03), ("A51", 0.05), ("A52", 0.05), ("A6", 0.04),
    ("B21", 0.10), ("B22", 0.04), ("C", 0.01),
)
#: Share of A4 parcels held by a (commercial) enterprise; share of B21 parcels already supplied, and
#: the share of those that are idle.
A4_FIRM_SHARE: float = 0.3
B21_SUPPLIED_SHARE: float = 0.45
IDLE_SHARE: float = 0.15
#: Shares of firms that are start-ups (no figures), miss the 2022 tax, or miss energy data.
START_UP_SHARE: float = 0.05
MISSING_2022_SHARE: float = 0.03
MISSING_ENERGY_SHARE: float = 0.02
#: Enterprises per parcel (60 000 for 100 000 parcels): owners, second owners of shared parcels,
#: and tenants for the rest.
FIRMS_PER_PARCEL: float = 0.6
#: Owners holding 2 or 3 neighbouring parcels (probabilities of a run of 2 and of 3 parcels).
MULTI_PARCEL_RUNS: tuple[float, float] = (0.05, 0.03)
#: Firm parcels with a second owner (no stated areas: the two share the parcel equally).
SHARED_PARCEL_SHARE: float = 0.05
#: The part of an A2 parcel a tenant rents, stated in the land-use table.
TENANT_AREA_SHARE: tuple[float, float] = (0.10, 0.30)
#: The years of enterprise_years; firms registered later have no rows before their registration.
YEARS: tuple[int, ...] = (2021, 2022, 2023, 2024, 2025)
#: Shares of firms above designated size (owners; tenants), registered 2023–2025, and exempt.
ABOVE_SCALE_SHARE: tuple[float, float] = (0.85, 0.40)
NEW_FIRM_SHARE: float = 0.06
EXEMPT_SHARE: float = 0.01
SECTION_FUNCTIONS: tuple[str, ...] = ("产业园", "产业园", "产业园", "物流园", "生活配套区", "创新园")


#: Share of the city's parcels in its largest zone (by planned area): 20 000 of 100 000 parcels, as many
#: as a big national zone holds (issue 14's zone target); the other zones share the rest by planned area.
LARGEST_ZONE_SHARE: float = 0.2


def zone_parcel_counts(n_parcels: int) -> dict[str, int]:
    """Parcels of each zone for a city of ``n_parcels``, in :data:`geodata.sample.generate.ZONES` order."""
    areas = np.array([s.planned_area_km2 for s in sample.ZONES])
    largest = int(np.argmax(areas))
    n_largest = round(n_parcels * LARGEST_ZONE_SHARE)
    rest = _allocate(n_parcels - n_largest, np.delete(areas, largest))
    counts = np.insert(rest, largest, n_largest)
    return {s.zone_id: int(n) for s, n in zip(sample.ZONES, counts, strict=True)}


def _allocate(total: int, weights: np.ndarray) -> np.ndarray:
    """Integers proportional to ``weights`` summing exactly to ``total`` (largest remainder)."""
    raw = total * weights / weights.sum()
    out = np.floor(raw).astype(int)
    out[np.argsort(-(raw - out), kind="stable")[: total - out.sum()]] += 1
    return out


def _cuts(lo: float, hi: float, n: int, rng: np.random.Generator, jitter: float = 0.25) -> np.ndarray:
    """``n + 1`` increasing positions from ``lo`` to ``hi``: ``n`` pieces of jittered width."""
    widths = 1.0 + rng.uniform(-jitter, jitter, n)
    return lo + (hi - lo) * np.concatenate([[0.0], np.cumsum(widths) / widths.sum()])


def _strips(lo: float, hi: float, n: int, gap: float, rng: np.random.Generator) -> list[tuple[float, float]]:
    """``n`` jittered intervals covering ``[lo, hi]`` with ``gap`` metres of road between them."""
    edges = _cuts(lo, hi, n, rng, jitter=0.15)
    return [(edges[i] + (gap / 2 if i else 0.0), edges[i + 1] - (gap / 2 if i < n - 1 else 0.0)) for i in range(n)]


def _grid_shape(count: int, width: float, height: float) -> tuple[int, int]:
    """Columns and rows of a grid of about ``count`` cells of roughly square shape."""
    cols = max(1, round(math.sqrt(count * width / height)))
    rows = max(1, math.ceil(count / cols))
    return cols, rows


def _block_parcels(x0: float, x1: float, y0: float, y1: float, n: int,
                   rng: np.random.Generator) -> list[np.ndarray]:
    """``n`` parcels tiling a block: two rows (one if ``n`` is 1), jittered cuts, chamfered corners."""
    rows = [(y0, y1, n)] if n == 1 else [(y0, (y0 + y1) / 2, n // 2), ((y0 + y1) / 2, y1, n - n // 2)]
    out = []
    for r, (ya, yb, k) in enumerate(rows):
        xs = _cuts(x0, x1, k, rng)
        for i in range(k):
            xa, xb = xs[i], xs[i + 1]
            ring = [(xa, ya), (xb, ya), (xb, yb), (xa, yb)]
            # the block's outer corner of this parcel gets a chamfer (a road-corner cut)
            corner = None
            if i == 0:
                corner = 3 if (r == len(rows) - 1) else 0
            elif i == k - 1:
                corner = 2 if (r == len(rows) - 1) else 1
            c = min(CHAMFER_M, (xb - xa) / 4, (yb - ya) / 4)
            if corner is not None and c > 1:
                x, y = ring[corner]
                sx = 1 if corner in (0, 3) else -1
                sy = 1 if corner in (0, 1) else -1
                cut = [(x, y + sy * c), (x + sx * c, y)] if corner in (0, 2) else [(x + sx * c, y), (x, y + sy * c)]
                ring = ring[:corner] + cut + ring[corner + 1:]
            out.append(np.asarray([*ring, ring[0]]))
    return out


def _polygons(rings: list[np.ndarray]) -> np.ndarray:
    """Polygons from closed rings of varying length, in one vectorised call."""
    if not rings:
        return np.array([], dtype=object)
    index = np.repeat(np.arange(len(rings)), [len(r) for r in rings])
    return shapely.polygons(shapely.linearrings(np.concatenate(rings), indices=index))


def _zone_layout(spec: sample.ZoneSpec, n_parcels: int, rng: np.random.Generator) -> dict:
    """Outline, sections and parcels of one zone in its local metre frame (origin at the centre)."""
    area = spec.planned_area_km2 * settings.M2_PER_KM2
    aspect = rng.uniform(1.1, 1.8)
    width, height = math.sqrt(area * aspect), math.sqrt(area / aspect)
    x0, y0 = -width / 2, -height / 2
    n_sections = int(rng.integers(2, 7))
    cols, rows = _grid_shape(n_sections, width, height)
    cells = [(xa, xb, ya, yb) for (ya, yb) in _strips(y0, y0 + height, rows, ARTERIAL_M, rng)
             for (xa, xb) in _strips(x0, x0 + width, cols, ARTERIAL_M, rng)][:n_sections]
    if len(cells) < cols * rows:  # the last row has fewer cells: widen its last cell to the edge
        xa, _, ya, yb = cells[-1]
        cells[-1] = (xa, x0 + width, ya, yb)
    cell_area = np.array([(xb - xa) * (yb - ya) for xa, xb, ya, yb in cells])
    per_section = _allocate(n_parcels, cell_area)
    sections, parcels, parcel_section, parcel_block = [], [], [], []
    for s, ((xa, xb, ya, yb), n_sec) in enumerate(zip(cells, per_section, strict=True)):
        sections.append(shapely.box(xa, ya, xb, yb))
        n_blocks = max(1, round(n_sec / PARCELS_PER_BLOCK))
        bc, br = _grid_shape(n_blocks, xb - xa, yb - ya)
        n_blocks = bc * br
        per_block = _allocate(int(n_sec), np.ones(n_blocks))
        blocks = [(bxa, bxb, bya, byb) for (bya, byb) in _strips(ya, yb, br, STREET_M, rng)
                  for (bxa, bxb) in _strips(xa, xb, bc, STREET_M, rng)]
        for b, ((bxa, bxb, bya, byb), n_blk) in enumerate(zip(blocks, per_block, strict=True)):
            if n_blk == 0:
                continue
            rings = _block_parcels(bxa, bxb, bya, byb, int(n_blk), rng)
            parcels += rings
            parcel_section += [s] * len(rings)
            parcel_block += [b + 1] * len(rings)
    outline = shapely.box(x0, y0, x0 + width, y0 + height)
    return {"outline": outline, "sections": sections, "parcels": _polygons(parcels),
            "section": np.asarray(parcel_section, dtype=int), "block": np.asarray(parcel_block, dtype=int)}


def _placed(geoms: np.ndarray, spec: sample.ZoneSpec, rotation_deg: float) -> np.ndarray:
    """Rotate local-frame geometries and move them to the zone's centre in EPSG:4547."""
    angle = math.radians(rotation_deg)
    rot = np.array([[math.cos(angle), math.sin(angle)], [-math.sin(angle), math.cos(angle)]])
    target = np.array(sample._projected(spec.lon, spec.lat))
    return shapely.transform(np.asarray(geoms, dtype=object), lambda c: c @ rot + target)


def _to_storage(geoms: np.ndarray) -> np.ndarray:
    """EPSG:4547 -> EPSG:4490 in one pyproj call, coordinates rounded to COORD_DECIMALS."""
    transformer = Transformer.from_crs(WORK_EPSG, settings.STORAGE_EPSG, always_xy=True)

    def move(c: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(c[:, 0], c[:, 1])
        return np.round(np.column_stack([x, y]), COORD_DECIMALS)

    return shapely.transform(geoms, move)


def _industries_of(spec: sample.ZoneSpec) -> list[str]:
    return [i for i in spec.leading_industries.replace("，", "、").split("、") if i] + ["仓储物流"]


def _names(industries: np.ndarray, counties: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Invented enterprise names (county + brand + product line), made unique with a branch number."""
    brands = np.array([a + b for a in sample.BRAND_FIRST for b in sample.BRAND_SECOND
                       if a != b and a + b not in sample.BRAND_BLOCKLIST], dtype=object)
    suffix_pool = {k: np.array(v, dtype=object) for k, v in sample.NAME_SUFFIXES.items()}
    generic = np.array(("科技有限公司", "实业有限公司", "制造有限公司", "有限公司"), dtype=object)
    brand = brands[rng.integers(len(brands), size=len(industries))]
    names = []
    for county, b, ind in zip(counties, brand, industries, strict=True):
        pool = suffix_pool.get(str(ind)) if str(ind) in suffix_pool else None
        pool = pool if pool is not None else np.array([str(ind) + s for s in generic[:3]] + list(generic[3:]),
                                                      dtype=object)
        names.append(f"{county.removesuffix('县').removesuffix('区')}{b}{pool[int(rng.integers(len(pool)))]}")
    out = pd.Series(names)
    dup = out.groupby(out).cumcount()
    return np.where(dup > 0, out + "第" + (dup + 1).astype(str) + "分公司", out).astype(object)


def _attributes(parcels: gpd.GeoDataFrame, zone_specs: dict[str, sample.ZoneSpec],
                rng: np.random.Generator) -> tuple[gpd.GeoDataFrame, dict[str, pd.DataFrame]]:
    """Fill land classes, flags, buildings and investment (vectorised), and make the enterprise
    tables of the firms using the A2 parcels and some A4 ones (:func:`_enterprise_tables`)."""
    n = len(parcels)
    codes, weights = zip(*CLASS_MIX, strict=True)
    cls = np.asarray(codes, dtype=object)[rng.choice(len(codes), size=n, p=np.array(weights) / sum(weights))]
    built = np.isin(cls, schema.BUILT_CLASSES)
    b21 = cls == "B21"
    sold = b21 & (rng.random(n) < B21_SUPPLIED_SHARE)
    idle = sold & (rng.random(n) < IDLE_SHARE)
    land_m2 = shapely.area(parcels.geometry.to_numpy())  # planar, in EPSG:4547
    zone_ids = parcels["zone_id"].to_numpy()

    firm = (cls == "A2") | ((cls == "A4") & (rng.random(n) < A4_FIRM_SHARE))
    industry = np.full(n, None, dtype=object)
    for zone_id, spec in zone_specs.items():
        rows = np.flatnonzero(firm & (zone_ids == zone_id) & (cls == "A2"))
        choices = _industries_of(spec)
        weights_z = np.array([3.0] * (len(choices) - 1) + [1.0])
        industry[rows] = np.asarray(choices, dtype=object)[rng.choice(len(choices), size=len(rows),
                                                                      p=weights_z / weights_z.sum())]
    industry[firm & (cls == "A4")] = "商贸服务"

    commercial = cls == "A4"
    far = np.where(commercial, rng.uniform(1.5, 3.0, n), np.clip(rng.lognormal(math.log(1.05), 0.35, n), 0.35, 2.2))
    coef = np.where(commercial, rng.uniform(0.30, 0.45, n), np.clip(rng.normal(0.47, 0.11, n), 0.18, 0.72))
    for land_class, ((f_lo, f_hi), (c_lo, c_hi)) in sample.NON_FIRM_BUILDINGS.items():
        hit = (cls == land_class) & ~firm
        far[hit] = rng.uniform(f_lo, f_hi, int(hit.sum()))
        coef[hit] = rng.uniform(c_lo, c_hi, int(hit.sum()))
    has_buildings = firm | np.isin(cls, list(sample.NON_FIRM_BUILDINGS))
    floor = np.where(has_buildings, np.round(far * land_m2), np.nan)
    footprint = np.where(has_buildings, np.round(coef * land_m2), np.nan)

    zone_level = {z: rng.lognormal(0.0, 0.35) for z in zone_specs}  # some zones richer than others
    level = np.array([zone_level[z] for z in zone_ids])
    mu = land_m2 * settings.M2_PER_MU_DENOMINATOR / settings.M2_PER_MU_NUMERATOR
    investment = mu * rng.lognormal(math.log(sample.INVESTMENT_PER_MU_MEDIAN), 0.45, n) * level

    out = parcels.copy()
    out["land_class"] = cls
    out["supplied"] = built | sold
    out["built"] = built
    out["idle"] = idle
    out["floor_area_m2"] = floor
    out["building_footprint_m2"] = np.round(footprint * rng.uniform(0.75, 0.95, n))
    out["footprint_m2"] = footprint
    out["investment_wan"] = np.where(firm, np.round(investment), np.nan)
    counties = np.array([zone_specs[z].county for z in zone_ids], dtype=object)
    tables = _enterprise_tables(out["parcel_id"].to_numpy(), np.flatnonzero(firm), cls, industry, counties,
                                zone_ids, land_m2, level, rng)
    return out, tables


def _enterprise_tables(parcel_ids: np.ndarray, firm_rows: np.ndarray, cls: np.ndarray, industry: np.ndarray,
                       counties: np.ndarray, zone_ids: np.ndarray, land_m2: np.ndarray, level: np.ndarray,
                       rng: np.random.Generator) -> dict[str, pd.DataFrame]:
    """``enterprises``, ``enterprise_years`` and ``land_use`` of the firms on ``firm_rows``.

    Owners: runs of 1, 2 or 3 consecutive firm parcels (neighbours in a block; never across a
    zone border) make one firm each; :data:`SHARED_PARCEL_SHARE` of the firm parcels get a second
    owner; tenants, up to :data:`FIRMS_PER_PARCEL` firms per parcel in all, rent a stated part of an
    A2 parcel. Figures: a 亩均税收 drawn per firm (industry, zone level), times the firm's land,
    grown back year by year from 2025; no rows before a firm's registration year.
    """
    n_parcels = len(parcel_ids)
    n_fp = len(firm_rows)
    # owners: a run of 1–3 firm parcels is one firm
    p2, p3 = MULTI_PARCEL_RUNS
    lengths = rng.choice([1, 2, 3], size=n_fp, p=[1 - p2 - p3, p2, p3])
    starts = np.cumsum(lengths) - lengths
    new_owner = np.zeros(n_fp, dtype=bool)
    new_owner[starts[starts < n_fp]] = True
    new_owner[1:] |= zone_ids[firm_rows[1:]] != zone_ids[firm_rows[:-1]]
    new_owner[:1] = True
    owner = np.cumsum(new_owner) - 1
    n_owners = int(owner[-1]) + 1 if n_fp else 0
    # second owners of shared parcels, then tenants for the rest of the firms
    shared_pos = np.sort(rng.choice(n_fp, size=round(n_fp * SHARED_PARCEL_SHARE), replace=False))
    n_shared = len(shared_pos)
    a2_pos = np.flatnonzero(cls[firm_rows] == "A2")
    n_tenants = max(0, min(round(n_parcels * FIRMS_PER_PARCEL) - n_owners - n_shared, len(a2_pos)))
    tenant_pos = np.sort(rng.choice(a2_pos, size=n_tenants, replace=False))
    n_firms = n_owners + n_shared + n_tenants

    # land use: own rows (no area: equal shares), then the leases with their stated areas
    lease_m2 = np.round(land_m2[firm_rows[tenant_pos]] * rng.uniform(*TENANT_AREA_SHARE, n_tenants))
    lu_pos = np.concatenate([np.arange(n_fp), shared_pos, tenant_pos])
    lu_firm = np.concatenate([owner, n_owners + np.arange(n_shared), n_owners + n_shared + np.arange(n_tenants)])
    lu_area = np.concatenate([np.full(n_fp + n_shared, np.nan), lease_m2])
    tenure = np.array(["own"] * (n_fp + n_shared) + ["lease"] * n_tenants, dtype=object)

    # each firm's main parcel (industry, county) and land (two owners halve a parcel; leases not
    # deducted from the owners: the land only sizes the figures)
    users = np.bincount(lu_pos[: n_fp + n_shared], minlength=n_fp)
    held = np.where(np.arange(len(lu_pos)) < n_fp + n_shared, land_m2[firm_rows[lu_pos]] / users[lu_pos], lu_area)
    firm_m2 = np.bincount(lu_firm, weights=held, minlength=n_firms)
    first = np.full(n_firms, -1)
    first[lu_firm[::-1]] = lu_pos[::-1]  # the first row of each firm wins
    main = firm_rows[first]
    firm_industry = industry[main]
    firm_county = counties[main]
    codes = np.array([credit_code.make_code(k + 1, division=COUNTY_CODES[c])
                      for k, c in enumerate(firm_county)], dtype=object)
    tenant = np.arange(n_firms) >= n_owners + n_shared
    draw = rng.random(n_firms)
    above = draw < np.where(tenant, ABOVE_SCALE_SHARE[1], ABOVE_SCALE_SHARE[0])
    new_firm = rng.random(n_firms) < NEW_FIRM_SHARE
    reg_year = np.where(new_firm, rng.integers(2023, 2026, n_firms), rng.integers(1995, 2021, n_firms))
    registered = [f"{y}-{m:02d}-{d:02d}" for y, m, d in zip(reg_year, rng.integers(1, 13, n_firms),
                                                                rng.integers(1, 29, n_firms), strict=True)]
    exempt = np.full(n_firms, None, dtype=object)
    exempt_draw = rng.random(n_firms)
    exempt[exempt_draw < EXEMPT_SHARE] = "公用事业"
    exempt[(exempt_draw >= EXEMPT_SHARE) & (exempt_draw < 2 * EXEMPT_SHARE)] = "在建"
    enterprises = pd.DataFrame({
        "credit_code": codes, "name": _names(firm_industry, firm_county, rng), "industry": firm_industry,
        "above_scale": above, "registered": registered, "exempt": exempt,
    })

    # figures: 2025 from the firm's 亩均税收 and land, earlier years grown back
    commercial = cls[main] == "A4"
    median = np.where(commercial, 18.0, np.where(firm_industry == "仓储物流", 6.0, 12.0)) * level[main]
    per_mu = np.clip(median * rng.lognormal(0.0, sample.TAX_PER_MU_SIGMA, n_firms), *sample.TAX_PER_MU_RANGE)
    firm_mu = firm_m2 * settings.M2_PER_MU_DENOMINATOR / settings.M2_PER_MU_NUMERATOR
    growth = 1 + np.clip(rng.normal(0.07, 0.10, (n_firms, len(YEARS))), -0.2, 0.4)
    back = np.cumprod(growth[:, :0:-1], axis=1)[:, ::-1]  # 2025 ÷ year, for the years before 2025
    tax = (per_mu * firm_mu)[:, None] / np.column_stack([back, np.ones(n_firms)])
    ratio = rng.uniform(8, 20, n_firms)[:, None]
    revenue = tax * ratio
    value_added = revenue * rng.uniform(0.20, 0.35, n_firms)[:, None]
    energy = value_added / rng.lognormal(math.log(1.6), 0.5, n_firms)[:, None]
    employees = np.maximum(15, revenue / rng.uniform(50, 140, n_firms)[:, None])
    rd = revenue * rng.uniform(0.005, 0.04, n_firms)[:, None]
    draw_years = rng.random(n_firms)
    start_up = draw_years < START_UP_SHARE
    for values in (tax, revenue, value_added, energy, rd):
        values[start_up] = np.nan
    missing_2022 = (draw_years >= START_UP_SHARE) & (draw_years < START_UP_SHARE + MISSING_2022_SHARE)
    tax[missing_2022, YEARS.index(2022)] = np.nan
    lo = START_UP_SHARE + MISSING_2022_SHARE
    energy[(draw_years >= lo) & (draw_years < lo + MISSING_ENERGY_SHARE)] = np.nan
    year_grid = np.broadcast_to(np.asarray(YEARS), (n_firms, len(YEARS)))
    alive = (year_grid >= reg_year[:, None]).ravel()
    enterprise_years = pd.DataFrame({
        "credit_code": np.repeat(codes, len(YEARS)), "year": year_grid.ravel(),
        "tax_wan": np.round(tax, 1).ravel(), "revenue_wan": np.round(revenue).ravel(),
        "value_added_wan": np.round(value_added).ravel(), "energy_tce": np.round(energy).ravel(),
        "employees": np.round(employees).ravel(), "rd_wan": np.round(rd, 1).ravel(),
    }).loc[alive].reset_index(drop=True)
    land_use = pd.DataFrame({"parcel_id": parcel_ids[firm_rows[lu_pos]], "credit_code": codes[lu_firm],
                             "tenure": tenure, "area_m2": lu_area})
    return {"enterprises": enterprises, "enterprise_years": enterprise_years, "land_use": land_use}


def build_city(n_parcels: int = 20_000, seed: int = DEFAULT_SEED) -> ZoneDataset:
    """The synthetic city: 11 zones, their sections and exactly ``n_parcels`` parcels (EPSG:4490)."""
    rng = np.random.default_rng([seed, n_parcels])
    specs = sample.ZONES
    per_zone = list(zone_parcel_counts(n_parcels).values())
    zone_rows, section_rows, parcel_frames = [], [], []
    street_codes: dict[str, int] = {}
    for spec, n_zone in zip(specs, per_zone, strict=True):
        layout = _zone_layout(spec, int(n_zone), rng)
        rotation = float(rng.uniform(-25, 25))
        outline = _placed(np.array([layout["outline"]]), spec, rotation)[0]
        zone_rows.append({"zone_id": spec.zone_id, "name": spec.name, "short_name": spec.short,
                          "county": spec.county, "level": spec.level,
                          "planned_area_km2": spec.planned_area_km2,
                          "built_area_km2": spec.built_area_km2 if spec.built_area_km2 else np.nan,
                          "leading_industries": spec.leading_industries, "illustrative": True,
                          "geometry": outline})
        section_ids = [f"{spec.zone_id}_s{k + 1}" for k in range(len(layout["sections"]))]
        for k, geom in enumerate(_placed(np.array(layout["sections"], dtype=object), spec, rotation)):
            section_rows.append({"section_id": section_ids[k], "zone_id": spec.zone_id,
                                 "name": f"{spec.short}{k + 1}号{SECTION_FUNCTIONS[k % len(SECTION_FUNCTIONS)]}",
                                 "function": SECTION_FUNCTIONS[k % len(SECTION_FUNCTIONS)], "geometry": geom})
        first_street = street_codes.get(spec.county, 101)
        street_codes[spec.county] = first_street + len(section_ids)
        county = COUNTY_CODES[spec.county]
        seq = np.arange(1, int(n_zone) + 1)
        ids = [f"{county}{first_street + s:03d}{b % 1000:03d}GB{q:05d}"
               for s, b, q in zip(layout["section"], layout["block"], seq, strict=True)]
        parcel_frames.append(gpd.GeoDataFrame(
            {"parcel_id": ids, "zone_id": spec.zone_id,
             "section_id": np.asarray(section_ids, dtype=object)[layout["section"]] if len(ids) else []},
            geometry=_placed(layout["parcels"], spec, rotation), crs=WORK_EPSG))
    parcels = gpd.GeoDataFrame(pd.concat(parcel_frames, ignore_index=True), crs=WORK_EPSG)
    parcels, tables = _attributes(parcels, {s.zone_id: s for s in specs}, rng)

    def storage(rows_or_frame: list[dict] | gpd.GeoDataFrame, layer: str) -> gpd.GeoDataFrame:
        frame = rows_or_frame if isinstance(rows_or_frame, gpd.GeoDataFrame) else gpd.GeoDataFrame(
            rows_or_frame, geometry="geometry", crs=WORK_EPSG)
        columns = [f.name for f in schema.fields_of(layer) if f.name in frame.columns]  # optional ones may be absent
        geoms = _to_storage(frame.geometry.to_numpy())
        frame = gpd.GeoDataFrame(frame[columns].copy(), geometry=geoms, crs=settings.STORAGE_EPSG)
        return normalise_layer(layer, frame, source=SOURCE)

    layers = {"zones": storage(zone_rows, "zones"), "sections": storage(section_rows, "sections"),
              "parcels": storage(parcels, "parcels"),
              "zone_targets": normalise_layer("zone_targets", sample._zone_targets(), source=SOURCE),
              "cluster_targets": normalise_layer("cluster_targets", sample._cluster_targets(), source=SOURCE),
              **{name: normalise_layer(name, frame, source=SOURCE) for name, frame in tables.items()}}
    dataset = dataset_from_layers(layers, source=SOURCE)
    if dataset.notes:
        msg = "the synthetic city does not pass the dataset checks:\n" + "\n".join(dataset.notes)
        raise RuntimeError(msg)
    return dataset


def default_path(n_parcels: int) -> Path:
    """``bench/data/city_<n>.gpkg`` (``city_20k.gpkg`` for round thousands)."""
    label = f"{n_parcels // 1000}k" if n_parcels % 1000 == 0 else str(n_parcels)
    return DATA_DIR / f"city_{label}.gpkg"


def write_city(n_parcels: int, path: str | Path | None = None, seed: int = DEFAULT_SEED) -> Path:
    """Build and write the synthetic city; returns the GeoPackage's path."""
    path = Path(path) if path else default_path(n_parcels)
    path.parent.mkdir(parents=True, exist_ok=True)
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": sample.GPKG_TIMESTAMP})
    tmp = path.with_suffix(".tmp.gpkg")
    dataset_to_gpkg(build_city(n_parcels, seed), tmp)
    tmp.replace(path)  # never leave a half-written file under the final name
    return path


def main(argv: list[str] | None = None) -> Path:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parcels", type=int, default=20_000)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    path = write_city(args.parcels, args.out, args.seed)
    print(f"{path}: {args.parcels} parcels in {time.perf_counter() - start:.1f} s "
          f"({path.stat().st_size / 2**20:.1f} MiB)")
    return path


if __name__ == "__main__":
    main()

"""Seeded generator of the bundled illustrative sample, ``zhumadian_sample.gpkg``.

Run ``python -m geodata.sample.generate`` to (re)write the file. The same seed gives the same data.

The sample is **illustrative**: the 11 development zones of Zhumadian with invented outlines near
their county seats, and the 驻马店经济技术开发区 (ETDZ) worked out in detail (five sections, a
street grid, ~730 parcels, 150 enterprise projects). Its totals are calibrated to the published
facts listed in ``README.md`` (planned area 23.6 km², built 18 km², industrial land 61 % of built
land, 150 projects, 560 亿元 investment); everything else, including all geometry, is invented.

How the ETDZ is built (all in a local metre frame ``(u, v)`` whose axes follow the street grid, then
rotated into EPSG:4547 and converted to EPSG:4490):

1. the outline is a fixed 16-vertex shape scaled about its centroid to 23.6 km²;
2. sections are rectangles of the outline's bounding box whose common edges are arterial road
   centre lines; each gets its own street grid of jittered spacing;
3. every section rectangle is cut into labelled rectangles (road segments, a river strip, parcels
   from split blocks) that tile it exactly;
4. the boundaries of all rectangles and the outline are noded and polygonised, so neighbouring
   faces share every vertex (no T-junctions: rounding cannot open gaps); each face inside the
   outline takes the label of the rectangle containing it;
5. land classes are assigned to hit the calibration targets, then enterprises are placed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import Transformer
from shapely.geometry import Polygon

from geodata import schema, settings
from geodata.crs import area_m2, m2_to_mu
from geodata.dataset import ZoneDataset, dataset_from_gpkg, dataset_to_gpkg, normalise_layer

#: Default seed of :func:`build_sample`.
DEFAULT_SEED: int = 20241
#: Working CRS: CGCS2000 3-degree Gauss-Kruger, central meridian 114°E (all zones lie in it).
WORK_EPSG: int = 4547
#: Decimals of the stored lon/lat coordinates (1e-7° ≈ 1 cm).
COORD_DECIMALS: int = 7
#: Timestamp written into the GeoPackage metadata, so reruns give identical files.
GPKG_TIMESTAMP: str = "2024-09-30T00:00:00Z"
#: Source name used in validation messages.
SOURCE: str = "sample generator"

# --- Published facts (驻马店日报 2024-09-30, T09 驿城区篇) ------------------------------------
ETDZ_ID: str = "zmd_etdz"
ETDZ_PLANNED_KM2: float = 23.6
ETDZ_BUILT_KM2: float = 18.0
ETDZ_INDUSTRIAL_SHARE: float = 0.61
ETDZ_PROJECTS: int = 150
ETDZ_INVESTMENT_WAN: float = 5_600_000.0  # 560 亿元

# --- Invented calibration of the ETDZ ------------------------------------------------------------
#: Centre of the outline (eastern outskirts of Zhumadian city), lon/lat.
ETDZ_CENTRE_LONLAT: tuple[float, float] = (114.104, 32.979)
#: Angle of the street grid's u axis, degrees anticlockwise from east.
ETDZ_GRID_ROTATION_DEG: float = 8.0
#: Outline in the local frame before scaling to the planned area (straight, road-like edges).
ETDZ_OUTLINE_SHAPE: tuple[tuple[float, float], ...] = (
    (0, 1300), (250, 3000), (1200, 3300), (1500, 3900), (3600, 4100), (4300, 3700),
    (5900, 3900), (7100, 3300), (7700, 2000), (7350, 600), (6000, 300), (5200, 0),
    (3500, 150), (2300, 550), (1100, 250), (300, 450),
)
#: Half width of the arterial roads on section boundaries, and widths of internal lines, metres.
ARTERIAL_HALF_WIDTH_M: int = 25
MAIN_ROAD_WIDTH_M: int = 36
BRANCH_ROAD_WIDTH_M: int = 24
RIVER_WIDTH_M: int = 70
#: The river runs north-south at this fraction of the new-energy/logistics sections' width.
RIVER_POSITION: float = 0.42
#: Area of the protected wetland on the river banks (class C), m².
WETLAND_M2: float = 350_000.0
#: Faces smaller than this (m²) are merged into a neighbour of the same section.
MIN_FACE_M2: dict[str, float] = {"parcel": 2500.0, "road": 200.0, "river": 400.0}
#: Enterprises on commercial land (A4); the rest of the 150 hold one A2 parcel each.
A4_FIRMS: int = 6
#: Start-ups / projects under construction: no tax or revenue yet.
START_UPS: int = 8
#: Firms missing the 2022 tax (production started in 2023), and firms missing energy data.
MISSING_2022: int = 4
MISSING_ENERGY: int = 3
#: Share of unbuilt land that is not ready for supply (B22), the most remote part.
B22_SHARE_OF_UNBUILT: float = 0.4
#: Share of B21 parcels already supplied (sold but unbuilt), and how many of them are idle.
B21_SUPPLIED_SHARE: float = 0.45
IDLE_PARCELS: int = 7
#: Median per-mu tax (万元/亩) by industry and the log-normal spread of firms around it.
TAX_PER_MU_MEDIAN: dict[str, float] = {
    "装备制造": 12.5, "食品加工": 13.0, "新能源": 14.0, "仓储物流": 6.0, "商贸服务": 18.0,
}
TAX_PER_MU_SIGMA: float = 1.05
TAX_PER_MU_RANGE: tuple[float, float] = (0.5, 60.0)
#: Median cumulative investment intensity, 万元/亩 (scaled afterwards to the published total).
INVESTMENT_PER_MU_MEDIAN: float = 330.0

#: Floor-area ratio and building coefficient ranges of parcels without an enterprise.
NON_FIRM_BUILDINGS: dict[str, tuple[tuple[float, float], tuple[float, float]]] = {
    "A1": ((1.5, 2.5), (0.18, 0.28)),
    "A4": ((1.2, 3.0), (0.30, 0.50)),
    "A52": ((0.6, 1.4), (0.20, 0.35)),
}


@dataclass(frozen=True)
class ZoneSpec:
    """One development zone of Zhumadian (names and levels: docs/definitions.md, "Sources"; the rest invented)."""

    zone_id: str
    name: str
    short: str  # name used in the action plan's tables (高新区, 经开区, 遂平 …)
    county: str
    level: str
    lon: float
    lat: float
    planned_area_km2: float
    leading_industries: str
    built_area_km2: float | None = None
    short_name: str | None = None  # the map label when the full name is too long (zones.short_name)


ZONES: tuple[ZoneSpec, ...] = (
    ZoneSpec("zmd_hitech", "驻马店高新技术产业开发区", "高新区", "驿城区", "国家级",
             113.970, 32.950, 27.5, "化工、生物医药", short_name="高新区"),
    ZoneSpec(ETDZ_ID, "驻马店经济技术开发区", "经开区", "驿城区", "国家级", *ETDZ_CENTRE_LONLAT,
             ETDZ_PLANNED_KM2, "装备制造、食品加工", ETDZ_BUILT_KM2, short_name="经开区"),
    ZoneSpec("suiping", "遂平县开发区", "遂平", "遂平县", "省级", 114.01, 33.15, 18.6, "食品"),
    ZoneSpec("xiping", "西平县开发区", "西平", "西平县", "省级", 114.02, 33.39, 16.2,
             "智能装备、服装"),
    ZoneSpec("shangcai", "上蔡县开发区", "上蔡", "上蔡县", "省级", 114.26, 33.26, 12.8, "农副产品"),
    ZoneSpec("runan", "汝南县开发区", "汝南", "汝南县", "省级", 114.36, 33.01, 15.4, "装备制造"),
    ZoneSpec("pingyu", "平舆县开发区", "平舆", "平舆县", "省级", 114.62, 32.96, 17.5,
             "皮革皮具、户外休闲"),
    ZoneSpec("xincai", "新蔡县开发区", "新蔡", "新蔡县", "省级", 114.98, 32.75, 13.7,
             "食品药品、智能装备"),
    ZoneSpec("zhengyang", "正阳县开发区", "正阳", "正阳县", "省级", 114.39, 32.61, 14.9, "食品"),
    ZoneSpec("queshan", "确山县开发区", "确山", "确山县", "省级", 114.03, 32.80, 21.3, "建材"),
    ZoneSpec("biyang", "泌阳县开发区", "泌阳", "泌阳县", "省级", 113.33, 32.72, 19.8,
             "电子电器、食品"),
)

#: Star and tier targets 2024/2025/2026 (action plan 2024-2026, annex 2); "" = no star.
TARGET_YEARS: tuple[int, ...] = (2024, 2025, 2026)
STAR_TIER_TARGETS: dict[str, tuple[tuple[str, str], ...]] = {
    "zmd_hitech": (("二星", "二档"), ("三星", "一档"), ("三星", "一档")),
    "zmd_etdz": (("一星", "三档"), ("二星", "二档"), ("二星", "二档")),
    "suiping": (("二星", "二档"), ("二星", "二档"), ("二星", "二档")),
    "xiping": (("", "三档"), ("一星", "三档"), ("一星", "三档")),
    "shangcai": (("", "三档"), ("", "三档"), ("一星", "三档")),
    "runan": (("", "三档"), ("一星", "三档"), ("一星", "三档")),
    "pingyu": (("一星", "三档"), ("一星", "三档"), ("二星", "二档")),
    "xincai": (("", "三档"), ("一星", "三档"), ("一星", "三档")),
    "zhengyang": (("一星", "三档"), ("一星", "三档"), ("二星", "二档")),
    "queshan": (("", "三档"), ("", "三档"), ("一星", "三档")),
    "biyang": (("", "三档"), ("一星", "三档"), ("一星", "三档")),
}

#: Characteristic industry clusters' revenue targets, 亿元 (action plan 2024-2026, annex 3).
CLUSTER_TARGETS_YI: tuple[tuple[str, str, tuple[float, float, float]], ...] = (
    ("高新区", "化工", (120, 145, 170)),
    ("高新区", "生物医药", (90, 100, 110)),
    ("经开区", "装备制造", (100, 120, 140)),
    ("经开区", "食品", (50, 55, 65)),
    ("遂平", "食品", (160, 168, 175)),
    ("西平", "智能装备", (25, 30, 35)),
    ("西平", "服装", (10, 13, 20)),
    ("上蔡", "农副产品", (39, 45, 50)),
    ("汝南", "装备制造", (30, 55, 80)),
    ("平舆", "皮革皮具", (60, 70, 90)),
    ("平舆", "户外休闲", (25, 35, 50)),
    ("新蔡", "食品药品", (12, 20, 30)),
    ("新蔡", "智能装备", (6, 9, 15)),
    ("正阳", "食品", (56, 77, 100)),
    ("确山", "建材", (18, 20, 25)),
    ("泌阳", "电子电器", (10, 15, 25)),
    ("泌阳", "食品", (42, 46, 65)),
)


@dataclass(frozen=True)
class SectionSpec:
    """One functional section of the ETDZ (the five names are published; the layout is invented)."""

    section_id: str
    name: str
    function: str
    street_code: str  # 3-digit 街道 part of the 宗地编号
    extent: tuple[float, float, float, float]  # u0, u1, v0, v1 as fractions of the outline bounds
    spacing_u: tuple[int, int]  # range of street spacing along u, metres
    spacing_v: tuple[int, int]
    parcel_m2: float  # typical parcel area when a block is split
    industries: tuple[tuple[str, float], ...]  # industries of firms on its A2 land, with weights
    built_classes: tuple[tuple[str, float], ...]  # classes of its built land other than A2
    unbuilt_bias: float  # added to the "remoteness" score that picks unbuilt land


SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec("etdz_living", "生活配套", "生活服务配套区", "102", (0.0, 0.19, 0.0, 1.0),
                (250, 340), (230, 320), 16_000.0, (),
                (("A1", 0.62), ("A4", 0.1), ("A52", 0.14), ("A51", 0.11), ("A6", 0.03)), -0.6),
    SectionSpec("etdz_equipment", "装备制造", "装备制造产业园", "103", (0.19, 0.60, 0.50, 1.0),
                (540, 720), (400, 520), 70_000.0, (("装备制造", 0.88), ("新能源", 0.12)),
                (("A51", 0.35), ("A4", 0.2), ("A52", 0.15), ("A6", 0.3)), 0.0),
    SectionSpec("etdz_food", "食品加工", "食品加工产业园", "104", (0.19, 0.60, 0.0, 0.50),
                (540, 720), (400, 520), 70_000.0, (("食品加工", 0.9), ("仓储物流", 0.1)),
                (("A51", 0.35), ("A4", 0.2), ("A52", 0.15), ("A6", 0.3)), 0.0),
    SectionSpec("etdz_energy", "新能源", "新能源产业园", "105", (0.60, 1.0, 0.45, 1.0),
                (520, 700), (400, 520), 70_000.0, (("新能源", 0.8), ("装备制造", 0.2)),
                (("A6", 0.5), ("A51", 0.5)), 0.35),
    SectionSpec("etdz_logistics", "仓储物流", "现代物流园", "106", (0.60, 1.0, 0.0, 0.45),
                (520, 700), (400, 520), 70_000.0, (("仓储物流", 0.8), ("食品加工", 0.2)),
                (("A32", 0.55), ("A4", 0.2), ("A51", 0.25)), 0.2),
)

#: Invented enterprise names: region + two-syllable brand + product line.
NAME_REGIONS: tuple[str, ...] = ("驻马店", "驻马店", "河南", "豫南")
BRAND_FIRST: str = "泓瑞嘉恒锦德华天润宏盛远丰卓鼎鑫诚兴晟豪"
BRAND_SECOND: str = "达丰泰源通创信联邦昌宇晖利安博澜峰腾睿"
#: Brands of well-known real companies, never generated.
BRAND_BLOCKLIST: frozenset[str] = frozenset({"恒瑞", "华润", "天瑞", "华泰", "宏达", "德信", "恒达",
                                             "远通", "华信", "鼎信", "天安", "宏昌"})
NAME_SUFFIXES: dict[str, tuple[str, ...]] = {
    "装备制造": ("机械制造有限公司", "重工机械有限公司", "智能装备有限公司", "精密机械有限公司",
             "液压设备有限公司", "专用车制造有限公司", "汽车零部件有限公司", "农机装备有限公司"),
    "食品加工": ("食品有限公司", "食品科技有限公司", "粮油食品有限公司", "调味品有限公司",
             "乳品有限公司", "肉类食品有限公司", "面业有限公司"),
    "新能源": ("新能源科技有限公司", "光伏科技有限公司", "储能科技有限公司", "电池材料有限公司",
            "电气设备有限公司"),
    "仓储物流": ("物流有限公司", "供应链管理有限公司", "冷链物流有限公司", "仓储服务有限公司"),
    "商贸服务": ("商贸有限公司", "商业管理有限公司", "酒店管理有限公司"),
}

NUMERIC_FIELDS: tuple[str, ...] = tuple(f.name for f in schema.PARCEL_FIELDS if f.kind == "float")


# --- Coordinates ---------------------------------------------------------------------------------
#: Order in which sections are listed, as the published description lists them.
SECTION_ORDER: list[str] = ["etdz_equipment", "etdz_food", "etdz_energy", "etdz_logistics",
                            "etdz_living"]


def _projected(lon: float, lat: float) -> tuple[float, float]:
    """Project a lon/lat (EPSG:4490) point into the working CRS (EPSG:4547)."""
    transformer = Transformer.from_crs(settings.STORAGE_EPSG, WORK_EPSG, always_xy=True)
    x, y = transformer.transform(lon, lat)
    return float(x), float(y)


def _scaled_to_area(polygon: Polygon, area: float) -> Polygon:
    """Scale ``polygon`` about its centroid so that its planar area is ``area``."""
    factor = math.sqrt(area / polygon.area)
    centre = polygon.centroid
    coords = np.asarray(polygon.exterior.coords)
    scaled = (coords - [centre.x, centre.y]) * factor + [centre.x, centre.y]
    return Polygon(scaled)


def _local_to_projected(geoms: np.ndarray, origin_local: tuple[float, float]) -> np.ndarray:
    """Rotate local-frame geometries by the grid angle and move them to the ETDZ's centre."""
    angle = math.radians(ETDZ_GRID_ROTATION_DEG)
    rotation = np.array([[math.cos(angle), math.sin(angle)], [-math.sin(angle), math.cos(angle)]])
    target = np.array(_projected(*ETDZ_CENTRE_LONLAT))
    origin = np.array(origin_local)

    def move(coords: np.ndarray) -> np.ndarray:
        return (coords - origin) @ rotation + target

    return shapely.transform(geoms, move)


def _to_storage(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Convert from EPSG:4547 to EPSG:4490 and round coordinates to :data:`COORD_DECIMALS`."""
    out = frame.to_crs(epsg=settings.STORAGE_EPSG)
    rounded = shapely.transform(out.geometry.to_numpy(), lambda c: np.round(c, COORD_DECIMALS))
    return out.set_geometry(gpd.GeoSeries(rounded, index=out.index, crs=out.crs))


# --- Other zones ---------------------------------------------------------------------------------
def _jittered_outline(spec: ZoneSpec, rng: np.random.Generator) -> Polygon:
    """An irregular star-shaped outline of 10–16 vertices around the zone's centre, in EPSG:4547,
    scaled to the zone's planned area."""
    n = int(rng.integers(10, 17))
    angles = np.linspace(0, 2 * math.pi, n, endpoint=False) + rng.uniform(-0.18, 0.18, n)
    radii = 1.0 + rng.uniform(-0.22, 0.22, n)
    aspect = rng.uniform(1.2, 1.7)
    turn = rng.uniform(0, math.pi)
    x = radii * np.cos(angles) * aspect
    y = radii * np.sin(angles)
    xr = x * math.cos(turn) - y * math.sin(turn)
    yr = x * math.sin(turn) + y * math.cos(turn)
    cx, cy = _projected(spec.lon, spec.lat)
    shape = Polygon(np.column_stack([xr * 1000 + cx, yr * 1000 + cy]))
    return _scaled_to_area(shape, spec.planned_area_km2 * settings.M2_PER_KM2)


# --- ETDZ layout ---------------------------------------------------------------------------------
def _etdz_outline() -> Polygon:
    """The ETDZ outline in the local frame, scaled to the published planned area."""
    return _scaled_to_area(Polygon(ETDZ_OUTLINE_SHAPE), ETDZ_PLANNED_KM2 * settings.M2_PER_KM2)


def _grid(lo: float, hi: float, spacing: tuple[int, int], rng: np.random.Generator) -> list[float]:
    """Interior street positions between ``lo`` and ``hi`` at jittered spacing (whole metres)."""
    positions: list[float] = []
    pos = lo
    while True:
        pos += float(rng.integers(spacing[0], spacing[1] + 1))
        if hi - pos < spacing[0] * 0.7:
            return positions
        positions.append(pos)


@dataclass(frozen=True)
class Line:
    """A street (or river) centre line of a section grid, with its half widths on each side."""

    pos: float
    below: float  # half width towards smaller coordinates
    above: float
    kind: str = "road"


def _section_lines(lo: float, hi: float, *, lo_is_edge: bool, hi_is_edge: bool,
                   spacing: tuple[int, int], rng: np.random.Generator,
                   river: float | None = None) -> list[Line]:
    """Lines of one axis of a section: its two sides plus a jittered grid (and the river)."""
    inner = _grid(lo, hi, spacing, rng)
    if river is not None:
        inner = [p for p in inner if abs(p - river) > spacing[0] * 0.45]
    lines = [Line(lo, 0.0, 0.0 if lo_is_edge else ARTERIAL_HALF_WIDTH_M)]
    for k, pos in enumerate(inner):
        width = MAIN_ROAD_WIDTH_M if k % 2 else BRANCH_ROAD_WIDTH_M
        lines.append(Line(pos, width / 2, width / 2))
    if river is not None:
        lines.append(Line(river, RIVER_WIDTH_M / 2, RIVER_WIDTH_M / 2, "river"))
    lines.append(Line(hi, 0.0 if hi_is_edge else ARTERIAL_HALF_WIDTH_M, 0.0))
    return sorted(lines, key=lambda line: line.pos)


def _split_block(rect: tuple[float, float, float, float], target_m2: float,
                 rng: np.random.Generator) -> list[tuple[float, float, float, float]]:
    """Split a block into parcels: strips along its long side, in two rows for large blocks."""
    u0, v0, u1, v1 = rect
    width, height = u1 - u0, v1 - v0
    n = max(1, round(width * height / target_m2 * rng.uniform(0.8, 1.25)))
    rows = 2 if n >= 4 else 1
    cols = math.ceil(n / rows)

    def cuts(a: float, b: float, k: int) -> list[float]:
        share = rng.uniform(0.7, 1.3, k)
        edges = a + np.concatenate([[0], np.cumsum(share)]) / share.sum() * (b - a)
        return [a, *np.round(edges[1:-1]).tolist(), b]

    if width < height:
        rows, cols = cols, rows
    us, vs = cuts(u0, u1, cols), cuts(v0, v1, rows)
    return [(us[i], vs[j], us[i + 1], vs[j + 1]) for i in range(cols) for j in range(rows)]


def _section_rectangles(spec: SectionSpec, bounds: tuple[float, float, float, float],
                        river_u: float, rng: np.random.Generator) -> list[dict[str, object]]:
    """Labelled rectangles (road segments, river, parcels) that tile one section's rectangle."""
    u0, v0, u1, v1 = bounds
    fu0, fu1, fv0, fv1 = spec.extent
    lo_u, hi_u = u0 + fu0 * (u1 - u0), u0 + fu1 * (u1 - u0)
    lo_v, hi_v = v0 + fv0 * (v1 - v0), v0 + fv1 * (v1 - v0)
    lo_u, hi_u, lo_v, hi_v = (float(round(x)) for x in (lo_u, hi_u, lo_v, hi_v))
    has_river = lo_u < river_u < hi_u
    us = _section_lines(lo_u, hi_u, lo_is_edge=fu0 == 0, hi_is_edge=fu1 == 1,
                        spacing=spec.spacing_u, rng=rng, river=river_u if has_river else None)
    vs = _section_lines(lo_v, hi_v, lo_is_edge=fv0 == 0, hi_is_edge=fv1 == 1,
                        spacing=spec.spacing_v, rng=rng)
    rects: list[dict[str, object]] = []

    def add(rect: tuple[float, float, float, float], kind: str, i: int, j: int) -> None:
        if rect[2] > rect[0] and rect[3] > rect[1]:
            block = min(i, len(us) - 2) * (len(vs) - 1) + min(j, len(vs) - 2) + 1
            rects.append({"section_id": spec.section_id, "kind": kind, "block": block,
                          "rect": rect})

    for j, h in enumerate(vs):  # horizontal road segments, intersections included
        for i in range(len(us) - 1):
            add((us[i].pos, h.pos - h.below, us[i + 1].pos, h.pos + h.above), h.kind, i, j)
    for i, w in enumerate(us):  # vertical segments between the horizontal ones
        for j in range(len(vs) - 1):
            add((w.pos - w.below, vs[j].pos + vs[j].above, w.pos + w.above,
                 vs[j + 1].pos - vs[j + 1].below), w.kind, i, j)
    for i in range(len(us) - 1):
        for j in range(len(vs) - 1):
            block = (us[i].pos + us[i].above, vs[j].pos + vs[j].above,
                     us[i + 1].pos - us[i + 1].below, vs[j + 1].pos - vs[j + 1].below)
            for part in _split_block(block, spec.parcel_m2, rng):
                add(part, "parcel", i, j)
    return rects


def _etdz_rectangles(outline: Polygon, rng: np.random.Generator) -> gpd.GeoDataFrame:
    """Labelled rectangles of all sections (local frame), only those touching the outline."""
    minx, miny, maxx, maxy = outline.bounds
    bounds = (math.floor(minx) - 100.0, math.floor(miny) - 100.0,
              math.ceil(maxx) + 100.0, math.ceil(maxy) + 100.0)
    split_u = bounds[0] + 0.60 * (bounds[2] - bounds[0])
    river_u = float(round(split_u + RIVER_POSITION * (bounds[2] - split_u)))
    rows = [r for spec in SECTIONS for r in _section_rectangles(spec, bounds, river_u, rng)]
    frame = gpd.GeoDataFrame(rows, geometry=shapely.box(*np.array([r["rect"] for r in rows]).T))
    return frame[frame.intersects(outline)].drop(columns="rect").reset_index(drop=True)


def _faces(rects: gpd.GeoDataFrame, outline: Polygon) -> gpd.GeoDataFrame:
    """Node the rectangles' edges with the outline and polygonise: faces inside the outline, each
    labelled with the rectangle that contains it. Neighbouring faces share all their vertices."""
    lines = np.concatenate([shapely.boundary(rects.geometry.to_numpy()), [outline.exterior]])
    noded = shapely.unary_union(lines)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(noded)))
    points = shapely.point_on_surface(faces)
    faces, points = faces[outline.contains(points)], points[outline.contains(points)]
    face_idx, rect_idx = shapely.STRtree(rects.geometry.to_numpy()).query(points,
                                                                          predicate="within")
    if not np.array_equal(np.sort(face_idx), np.arange(len(faces))):
        msg = "every face of the ETDZ must lie in exactly one labelled rectangle"
        raise RuntimeError(msg)
    order = np.argsort(face_idx)
    labels = rects.iloc[rect_idx[order]].drop(columns="geometry").reset_index(drop=True)
    return gpd.GeoDataFrame(labels, geometry=faces[face_idx[order]])


def _shared_length(a: shapely.Geometry, b: shapely.Geometry) -> float:
    """Length of the boundary two faces share (exact, since faces share their vertices)."""
    return float(shapely.length(shapely.intersection(a.boundary, b.boundary)))


def _merge_small_faces(faces: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Merge slivers (made where the outline clips a rectangle) into the neighbour of their section
    that shares the longest edge with them."""
    geoms = faces.geometry.to_numpy().copy()
    tree = shapely.STRtree(geoms)
    section = faces["section_id"].to_numpy()
    limit = faces["kind"].map(MIN_FACE_M2).to_numpy()
    dropped: set[int] = set()
    for small in np.argsort(shapely.area(geoms)):
        if shapely.area(geoms[small]) >= limit[small]:
            continue
        near = [int(c) for c in tree.query(geoms[small], predicate="intersects")
                if c != small and c not in dropped and section[c] == section[small]]
        shared = [_shared_length(geoms[small], geoms[c]) for c in near]
        if near and max(shared) > 0:
            best = near[int(np.argmax(shared))]
            geoms[best] = shapely.coverage_union(geoms[best], geoms[small])
            dropped.add(int(small))
    keep = np.setdiff1d(np.arange(len(geoms)), sorted(dropped))
    out = faces.iloc[keep].reset_index(drop=True)
    return out.set_geometry(gpd.GeoSeries(geoms[keep]))


# --- Land classes --------------------------------------------------------------------------------
def _greedy_pick(areas: np.ndarray, order: np.ndarray, target: float) -> np.ndarray:
    """Walk the indices ``order`` and take each item whose area still fits under ``target``.

    Returns a boolean mask over ``areas``; the total taken is within one item's area of ``target``.
    """
    taken = np.zeros(len(areas), dtype=bool)
    total = 0.0
    for k in order:
        if total + areas[k] <= target:
            taken[k] = True
            total += areas[k]
    return taken


def _weighted_choice(options: tuple[tuple[str, float], ...], n: int,
                     rng: np.random.Generator) -> np.ndarray:
    """``n`` draws from ``options`` (value, weight)."""
    values = np.array([o[0] for o in options], dtype=object)
    weights = np.array([o[1] for o in options], dtype=float)
    return rng.choice(values, size=n, p=weights / weights.sum())


def _assign_classes(parcels: gpd.GeoDataFrame, rng: np.random.Generator) -> gpd.GeoDataFrame:
    """Land classes calibrated to the published built area and industrial share."""
    out = parcels.copy()
    area = out.area.to_numpy()
    kind = out["kind"].to_numpy()
    specs = {s.section_id: s for s in SECTIONS}
    cls = np.where(kind == "road", "A31", np.where(kind == "river", "C", "")).astype(object)
    # A wetland park on both banks of the river: protected, cannot be built on.
    centre_u = shapely.get_x(shapely.centroid(out.geometry.to_numpy()))
    centre_v = shapely.get_y(shapely.centroid(out.geometry.to_numpy()))
    river = out.geometry[kind == "river"].union_all()
    bank = ((kind == "parcel") & (out.distance(river).to_numpy() < 1.0)
            & (out["section_id"] == "etdz_energy").to_numpy())
    bank_rows = np.flatnonzero(bank)
    cls[_greedy_pick(area, bank_rows[np.argsort(-centre_v[bank_rows])], WETLAND_M2)] = "C"
    # Unbuilt land: the most remote parcels (east, new sections) up to the published built area.
    free = cls == ""
    span = centre_u.max() - centre_u.min()
    bias = out["section_id"].map(lambda s: specs[s].unbuilt_bias).to_numpy()
    score = (centre_u - centre_u.min()) / span + bias + rng.normal(0, 0.12, len(out))
    unbuilt_target = area.sum() - ETDZ_BUILT_KM2 * settings.M2_PER_KM2 - area[cls == "C"].sum()
    free_rows = np.flatnonzero(free)
    unbuilt = _greedy_pick(area, free_rows[np.argsort(-score[free_rows])], unbuilt_target)
    unbuilt_rows = np.flatnonzero(unbuilt)
    remote = _greedy_pick(area, unbuilt_rows[np.argsort(-score[unbuilt_rows])],
                          B22_SHARE_OF_UNBUILT * unbuilt_target)
    cls[unbuilt] = np.where(remote[unbuilt], "B22", "B21")
    # Industrial land: built parcels of the industrial sections, up to 61 % of built land.
    built = cls == ""
    industrial = built & (out["section_id"] != "etdz_living").to_numpy()
    a2_target = ETDZ_INDUSTRIAL_SHARE * (area.sum() - area[np.isin(cls, ["B21", "B22", "C"])].sum())
    a2 = _greedy_pick(area, rng.permutation(np.flatnonzero(industrial)), a2_target)
    cls[a2] = "A2"
    for spec in SECTIONS:
        rest = (cls == "") & (out["section_id"] == spec.section_id).to_numpy()
        cls[rest] = _weighted_choice(spec.built_classes, int(rest.sum()), rng)
    out["land_class"] = cls
    return out


def _merge_industrial(parcels: gpd.GeoDataFrame, count: int) -> gpd.GeoDataFrame:
    """Merge neighbouring A2 parcels of the same block, smallest pair first, until there are
    ``count`` A2 parcels."""
    geoms = parcels.geometry.to_numpy().copy()
    tree = shapely.STRtree(geoms)
    block = (parcels["section_id"] + "/" + parcels["block"].astype(str)).to_numpy()
    alive = (parcels["land_class"] == "A2").to_numpy().copy()
    while int(alive.sum()) > count:
        best: tuple[float, int, int] | None = None
        for i in np.flatnonzero(alive):
            for j in tree.query(geoms[i], predicate="intersects"):
                if j > i and alive[j] and block[j] == block[i]:
                    size = float(shapely.area(geoms[i]) + shapely.area(geoms[j]))
                    if (best is None or size < best[0]) and _shared_length(geoms[i], geoms[j]) > 50:
                        best = (size, int(i), int(j))
        if best is None:
            msg = f"cannot merge A2 parcels down to {count}: no neighbouring pair is left"
            raise RuntimeError(msg)
        _, keep, gone = best
        geoms[keep] = shapely.coverage_union(geoms[keep], geoms[gone])
        geoms[gone] = None
        alive[gone] = False
    rows = np.flatnonzero(~shapely.is_missing(geoms))
    out = parcels.iloc[rows].reset_index(drop=True)
    return out.set_geometry(gpd.GeoSeries(geoms[rows]))


def _flags(parcels: gpd.GeoDataFrame, rng: np.random.Generator) -> gpd.GeoDataFrame:
    """Flags ``built``, ``supplied``, ``idle``: A is built and supplied; some B21 is supplied and a
    few supplied B21 parcels are idle."""
    out = parcels.copy()
    built = out["land_class"].isin(schema.BUILT_CLASSES).to_numpy()
    b21 = np.flatnonzero((out["land_class"] == "B21").to_numpy())
    sold = rng.choice(b21, size=round(B21_SUPPLIED_SHARE * len(b21)), replace=False)
    idle = rng.choice(sold, size=IDLE_PARCELS, replace=False)
    supplied = built.copy()
    supplied[sold] = True
    out["built"] = built
    out["supplied"] = supplied
    out["idle"] = np.isin(np.arange(len(out)), idle)
    return out


# --- Enterprises ---------------------------------------------------------------------------------
def _enterprise_names(industries: np.ndarray, rng: np.random.Generator) -> list[str]:
    """Unique invented enterprise names, one per industry given."""
    brands = [a + b for a in BRAND_FIRST for b in BRAND_SECOND
              if a != b and a + b not in BRAND_BLOCKLIST]
    picked = rng.choice(len(brands), size=len(industries), replace=False)
    names: list[str] = []
    for industry, brand in zip(industries, picked, strict=True):
        region = NAME_REGIONS[int(rng.integers(len(NAME_REGIONS)))]
        suffixes = NAME_SUFFIXES[str(industry)]
        names.append(region + brands[brand] + suffixes[int(rng.integers(len(suffixes)))])
    return names


def _firm_rows(parcels: gpd.GeoDataFrame, rng: np.random.Generator) -> np.ndarray:
    """Indices of the 150 enterprise parcels: every A2 parcel and a few A4 ones."""
    a2 = np.flatnonzero((parcels["land_class"] == "A2").to_numpy())
    a4 = np.flatnonzero((parcels["land_class"] == "A4").to_numpy())
    firms_on_a4 = ETDZ_PROJECTS - len(a2)
    if firms_on_a4 < 0 or firms_on_a4 > len(a4):
        msg = f"{len(a2)} A2 and {len(a4)} A4 parcels cannot hold {ETDZ_PROJECTS} enterprises"
        raise RuntimeError(msg)
    return np.sort(np.concatenate([a2, rng.choice(a4, size=firms_on_a4, replace=False)]))


def _industries(parcels: gpd.GeoDataFrame, rows: np.ndarray,
                rng: np.random.Generator) -> np.ndarray:
    """Industry of each enterprise: 商贸服务 on A4, otherwise drawn from its section's mix."""
    specs = {s.section_id: s for s in SECTIONS}
    out = np.empty(len(rows), dtype=object)
    for k, row in enumerate(rows):
        if parcels.at[row, "land_class"] == "A4":
            out[k] = "商贸服务"
        else:
            out[k] = _weighted_choice(specs[parcels.at[row, "section_id"]].industries, 1, rng)[0]
    return out


def _firm_figures(mu: np.ndarray, industries: np.ndarray,
                  rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Buildings, investment, tax, revenue, value added, energy and employees of the firms."""
    n = len(mu)
    commercial = industries == "商贸服务"
    far = np.where(commercial, rng.uniform(1.5, 3.0, n),
                   np.clip(rng.lognormal(math.log(1.05), 0.35, n), 0.35, 2.2))
    coefficient = np.where(commercial, rng.uniform(0.30, 0.45, n),
                           np.clip(rng.normal(0.47, 0.11, n), 0.18, 0.72))
    land_m2 = mu * settings.M2_PER_MU_NUMERATOR / settings.M2_PER_MU_DENOMINATOR
    investment = mu * rng.lognormal(math.log(INVESTMENT_PER_MU_MEDIAN), 0.45, n)
    investment = np.round(investment * ETDZ_INVESTMENT_WAN / investment.sum())
    investment[np.argmax(investment)] += ETDZ_INVESTMENT_WAN - investment.sum()
    medians = np.array([TAX_PER_MU_MEDIAN[str(i)] for i in industries])
    per_mu = np.clip(medians * rng.lognormal(0.0, TAX_PER_MU_SIGMA, n), *TAX_PER_MU_RANGE)
    tax_2024 = per_mu * mu
    tax_2023 = tax_2024 / (1 + np.clip(rng.normal(0.08, 0.10, n), -0.2, 0.4))
    tax_2022 = tax_2023 / (1 + np.clip(rng.normal(0.06, 0.10, n), -0.2, 0.4))
    revenue = tax_2024 * rng.uniform(8, 20, n)
    value_added = revenue * rng.uniform(0.20, 0.35, n)
    energy = value_added / rng.lognormal(math.log(1.6), 0.5, n)
    employees = np.maximum(15, revenue / rng.uniform(50, 140, n))
    return {
        "floor_area_m2": np.round(far * land_m2), "footprint_m2": np.round(coefficient * land_m2),
        "investment_wan": investment, "tax_wan_2022": np.round(tax_2022, 1),
        "tax_wan_2023": np.round(tax_2023, 1), "tax_wan_2024": np.round(tax_2024, 1),
        "revenue_wan": np.round(revenue), "value_added_wan": np.round(value_added),
        "energy_tce": np.round(energy), "employees": np.round(employees),
    }


def _blank_missing(figures: dict[str, np.ndarray], industries: np.ndarray,
                   rng: np.random.Generator) -> None:
    """Start-ups report no tax, revenue, value added or energy; a few firms miss one figure."""
    industrial = np.flatnonzero(industries != "商贸服务")
    picked = rng.choice(industrial, size=START_UPS + MISSING_2022 + MISSING_ENERGY, replace=False)
    start_ups = picked[:START_UPS]
    for name in ("tax_wan_2022", "tax_wan_2023", "tax_wan_2024", "revenue_wan", "value_added_wan",
                 "energy_tce"):
        figures[name][start_ups] = np.nan
    figures["employees"][start_ups] = np.round(rng.uniform(20, 80, START_UPS))
    figures["tax_wan_2022"][picked[START_UPS:START_UPS + MISSING_2022]] = np.nan
    figures["energy_tce"][picked[START_UPS + MISSING_2022:]] = np.nan


def _add_enterprises(parcels: gpd.GeoDataFrame, rng: np.random.Generator) -> gpd.GeoDataFrame:
    """Place the 150 projects and fill the enterprise fields; other parcels get buildings only."""
    out = parcels.copy()
    for name in NUMERIC_FIELDS:
        out[name] = np.nan
    out["enterprise"] = None
    out["industry"] = None
    rows = _firm_rows(out, rng)
    industries = _industries(out, rows, rng)
    mu = np.asarray(m2_to_mu(out.area.to_numpy()[rows]))
    figures = _firm_figures(mu, industries, rng)
    _blank_missing(figures, industries, rng)
    out.loc[rows, "enterprise"] = _enterprise_names(industries, rng)
    out.loc[rows, "industry"] = industries
    for name, values in figures.items():
        out.loc[rows, name] = values
    _add_buildings(out, np.setdiff1d(np.arange(len(out)), rows), rng)
    return out


def _add_buildings(parcels: gpd.GeoDataFrame, rows: np.ndarray, rng: np.random.Generator) -> None:
    """Floor area and footprint of residential, commercial and public parcels without a firm."""
    for land_class, (far, coefficient) in NON_FIRM_BUILDINGS.items():
        hit = rows[(parcels["land_class"].to_numpy()[rows] == land_class)]
        land = parcels.area.to_numpy()[hit]
        parcels.loc[hit, "floor_area_m2"] = np.round(land * rng.uniform(*far, len(hit)))
        parcels.loc[hit, "footprint_m2"] = np.round(land * rng.uniform(*coefficient, len(hit)))


def _parcel_ids(parcels: gpd.GeoDataFrame) -> list[str]:
    """19-character 宗地编号: 411702 + 街道 + 街坊 + GB + sequence, ordered by section and block."""
    specs = {s.section_id: s for s in SECTIONS}
    return [f"411702{specs[s].street_code}{b:03d}GB{k + 1:05d}"
            for k, (s, b) in enumerate(zip(parcels["section_id"], parcels["block"], strict=True))]


# --- Layers --------------------------------------------------------------------------------------
def _etdz_parcels(rng: np.random.Generator) -> gpd.GeoDataFrame:
    """The ETDZ's parcels in the local frame, classified and with enterprises."""
    outline = _etdz_outline()
    faces = _merge_small_faces(_faces(_etdz_rectangles(outline, rng), outline))
    parcels = _assign_classes(faces, rng)
    parcels = _merge_industrial(parcels, ETDZ_PROJECTS - A4_FIRMS)
    parcels = _flags(parcels, rng)
    parcels = _add_enterprises(parcels, rng)
    key = parcels["section_id"].map(SECTION_ORDER.index) * 1000 + parcels["block"]
    parcels = parcels.iloc[np.argsort(key.to_numpy(), kind="stable")].reset_index(drop=True)
    parcels["parcel_id"] = _parcel_ids(parcels)
    parcels["zone_id"] = ETDZ_ID
    origin = outline.centroid
    parcels = parcels.set_geometry(_local_to_projected(parcels.geometry.to_numpy(),
                                                       (origin.x, origin.y)), crs=WORK_EPSG)
    return parcels


def _sections(parcels: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Section polygons: the coverage union of their parcels."""
    rows = []
    for spec in sorted(SECTIONS, key=lambda sp: SECTION_ORDER.index(sp.section_id)):
        parts = parcels.geometry[parcels["section_id"] == spec.section_id].to_numpy()
        rows.append({"section_id": spec.section_id, "zone_id": ETDZ_ID, "name": spec.name,
                     "function": spec.function, "geometry": shapely.coverage_union_all(parts)})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=parcels.crs)


def _zones(etdz: Polygon, rng: np.random.Generator) -> gpd.GeoDataFrame:
    """All 11 zones; the ETDZ's outline is the union of its sections."""
    rows = []
    for spec in ZONES:
        geometry = etdz if spec.zone_id == ETDZ_ID else _jittered_outline(spec, rng)
        rows.append({"zone_id": spec.zone_id, "name": spec.name, "short_name": spec.short_name,
                     "county": spec.county,
                     "level": spec.level, "planned_area_km2": spec.planned_area_km2,
                     "built_area_km2": spec.built_area_km2 if spec.built_area_km2 else np.nan,
                     "leading_industries": spec.leading_industries, "illustrative": True,
                     "geometry": geometry})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=WORK_EPSG)


def _zone_targets() -> pd.DataFrame:
    """Star/tier targets of every zone and year; no star is stored as missing."""
    rows = [{"zone_id": zone_id, "year": year, "star": star or None, "tier": tier}
            for zone_id, targets in STAR_TIER_TARGETS.items()
            for year, (star, tier) in zip(TARGET_YEARS, targets, strict=True)]
    return pd.DataFrame(rows)


def _cluster_targets() -> pd.DataFrame:
    """Revenue targets of every cluster and year, with the action plan's zone names mapped."""
    zone_of = {z.short: z.zone_id for z in ZONES}
    rows = [{"zone_id": zone_of[short], "cluster": cluster, "year": year,
             "revenue_target_yi": float(value)}
            for short, cluster, values in CLUSTER_TARGETS_YI
            for year, value in zip(TARGET_YEARS, values, strict=True)]
    return pd.DataFrame(rows)


def _layer(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Keep the canonical fields of ``name`` (and geometry) and normalise them."""
    columns = [f.name for f in schema.fields_of(name)]
    frame = _to_storage(frame[[*columns, "geometry"]]) if isinstance(frame, gpd.GeoDataFrame) else frame[columns]
    return normalise_layer(name, frame, source=SOURCE)


def build_sample(seed: int = DEFAULT_SEED) -> ZoneDataset:
    """Build the illustrative Zhumadian sample in memory.

    Parameters
    ----------
    seed
        Seed of :func:`numpy.random.default_rng`; the same seed gives the same dataset.

    Returns
    -------
    ZoneDataset
        The 11 zones, the ETDZ's five sections and its parcels (EPSG:4490), and the target tables,
        each normalised and validated against :mod:`geodata.schema`.
    """
    rng = np.random.default_rng(seed)
    parcels = _etdz_parcels(rng)
    sections = _sections(parcels)
    zones = _zones(shapely.coverage_union_all(sections.geometry.to_numpy()), rng)
    return ZoneDataset(
        zones=_layer("zones", zones), sections=_layer("sections", sections),
        parcels=_layer("parcels", parcels), zone_targets=_layer("zone_targets", _zone_targets()),
        cluster_targets=_layer("cluster_targets", _cluster_targets()), source=SOURCE,
    )


def summary(dataset: ZoneDataset) -> dict[str, str]:
    """Headline figures of a dataset's ETDZ, formatted, for checking the calibration by eye."""
    parcels = dataset.parcels
    area = area_m2(parcels)
    built = parcels["land_class"].isin(schema.BUILT_CLASSES)
    a2 = area[parcels["land_class"] == "A2"].sum()
    zone = dataset.zones[dataset.zones["zone_id"] == ETDZ_ID]
    return {
        "zones / sections / parcels": f"{len(dataset.zones)} / {len(dataset.sections)} / "
                                      f"{len(parcels)}",
        "enterprises": f"{parcels['enterprise'].notna().sum()}",
        "ETDZ area": f"{area_m2(zone).sum() / settings.M2_PER_KM2:.4f} km²",
        "built land A": f"{area[built].sum() / settings.M2_PER_KM2:.4f} km²",
        "industrial A2 / A": f"{100 * a2 / area[built].sum():.2f} %",
        "investment": f"{parcels['investment_wan'].sum():,.0f} 万元",
    }


def main(path: str | Path = settings.SAMPLE_PATH, seed: int = DEFAULT_SEED) -> Path:
    """Write the sample GeoPackage, re-read it (which validates it) and print a summary."""
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": GPKG_TIMESTAMP})
    written = dataset_to_gpkg(build_sample(seed), path)
    for key, value in summary(dataset_from_gpkg(written)).items():
        print(f"{key:>28}: {value}")
    print(f"{'file':>28}: {written} ({written.stat().st_size / 1024:,.0f} KiB)")
    return written


if __name__ == "__main__":
    main()

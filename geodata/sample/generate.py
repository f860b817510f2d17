"""Seeded generator of the bundled illustrative sample, ``zhumadian_sample.gpkg``.

Run ``python -m geodata.sample.generate`` to (re)write the file. The same seed gives the same data.

The sample is **illustrative**: the 11 development zones of Zhumadian with invented outlines near
their county seats, and the 驻马店经济技术开发区 (ETDZ) worked out in detail (five sections, a
street grid, ~720 parcels of land only, 150 enterprises in the tables ``enterprises``,
``enterprise_years`` 2021–2025 and ``land_use``). Its totals are calibrated to the published facts
listed in ``README.md`` (planned area 23.6 km², built 18 km², industrial land 61 % of built land,
150 projects, 560 亿元 investment); everything else, including all geometry, is invented.

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
5. land classes are assigned to hit the calibration targets; a few small parcels are cut off the
   corner of A2 parcels (their neighbours are snapped so that they still share every vertex);
6. the 150 enterprises are placed (one parcel, two or three, a parcel shared by two owners, part of
   another firm's plant rented, a small parcel), the parcels get buildings and investment, and the
   firms get names, 统一社会信用代码 of 驿城区 (411702), registration dates and figures for every year
   from 2021 (or their registration) to 2025.
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

from geodata import credit_code, schema, settings
from geodata.crs import area_m2, m2_to_mu
from geodata.dataset import ZoneDataset, dataset_from_gpkg, dataset_from_layers, dataset_to_gpkg, normalise_layer
from geodata.sample import lifecycle

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
#: Latest year of enterprise figures, and the years the sample holds (every firm, from the year it
#: was registered).
LATEST_YEAR: int = 2025
FIGURE_YEARS: tuple[int, ...] = (2021, 2022, 2023, 2024, 2025)
#: Administrative division of 驿城区, in every credit code of the sample.
DIVISION_CODE: str = "411702"
#: The 150 enterprises by how they use land (the counts add up to :data:`ETDZ_PROJECTS`):
#: commercial firms on one A4 parcel each; utilities on A6 land (exempt 公用事业); projects under
#: construction on supplied, not idle B21 land (exempt 在建); firms holding two or three A2
#: parcels; A2 parcels shared by two owners without stated areas; tenants renting part of another
#: firm's plant (a stated area); 规下 firms on small parcels cut from the corner of an A2 parcel;
#: every other A2 parcel holds one firm.
A4_FIRMS: int = 6
UTILITY_FIRMS: int = 2
CONSTRUCTION_FIRMS: int = 3
MULTI_PARCEL_FIRMS: tuple[int, ...] = (3, 3, 2, 2, 2, 2, 2)
SHARED_PARCELS: int = 3
TENANTS: int = 12
#: Lessor parcels of the tenants (the first TENANTS - TENANT_LESSORS of them have two tenants).
TENANT_LESSORS: int = 10
#: Part of the lessor's parcel each tenant rents, and the least area rented, m².
LEASE_SHARE: tuple[float, float] = (0.05, 0.14)
LEASE_MIN_M2: float = 2500.0
SMALL_FIRMS: int = 4
#: Area of the small parcels (< 3 亩 = 2000 m²), m².
SMALL_PARCEL_M2: tuple[float, float] = (1300.0, 1850.0)
#: A2 parcels before the small ones are cut off: one per single firm, the multi-parcel firms'
#: parcels and the shared ones.
A2_PARCELS: int = (ETDZ_PROJECTS - A4_FIRMS - UTILITY_FIRMS - CONSTRUCTION_FIRMS - len(MULTI_PARCEL_FIRMS)
                   - 2 * SHARED_PARCELS - TENANTS - SMALL_FIRMS + sum(MULTI_PARCEL_FIRMS) + SHARED_PARCELS)
#: Firms above designated size (规上): the published count of "四上" enterprises, read as 规上.
ABOVE_SCALE_FIRMS: int = 131
#: Registration years of the new firms (fewer than 3 years before LATEST_YEAR): the projects under
#: construction, then firms on an A2 parcel, then tenants.
CONSTRUCTION_REGISTERED: tuple[int, ...] = (2023, 2024, 2025)
NEW_FIRMS_REGISTERED: tuple[int, ...] = (2023, 2023, 2024)
NEW_TENANTS_REGISTERED: tuple[int, ...] = (2024, 2025)
#: Firms registered in 2022 (too new for 2024, evaluated in 2025).
REGISTERED_2022: int = 2
#: Start-ups registered in 2020-2021 that report no tax before their first year of output (after
#: 2025: none yet).
START_UP_FIRST_OUTPUT: tuple[int, ...] = (2025, 2026, 2026)
#: Firms missing the 2022 tax, firms missing the 2024 energy figure, firms not reporting R&D.
MISSING_2022: int = 4
MISSING_ENERGY: int = 3
RD_REPORTED_SHARE: float = 0.8
#: Share of unbuilt land that is not ready for supply (B22), the most remote part.
B22_SHARE_OF_UNBUILT: float = 0.4
#: Share of B21 parcels already supplied (sold but unbuilt), and how many of them are idle.
B21_SUPPLIED_SHARE: float = 0.45
IDLE_PARCELS: int = 7
#: Median per-mu tax (万元/亩) by industry and the log-normal spread of firms around it.
TAX_PER_MU_MEDIAN: dict[str, float] = {
    "装备制造": 12.5, "食品加工": 13.0, "新能源": 14.0, "仓储物流": 6.0, "商贸服务": 18.0, "公用事业": 3.0,
}
TAX_PER_MU_SIGMA: float = 1.05
TAX_PER_MU_RANGE: tuple[float, float] = (0.5, 60.0)
#: Where the per-mu tax starts to bend towards the ends of :data:`TAX_PER_MU_RANGE` (a smooth bend,
#: so no firm sits exactly on a bound: a clip put 11 firms at exactly 60.00 万元/亩, issue 19).
TAX_PER_MU_KNEES: tuple[float, float] = (1.0, 40.0)
#: Median cumulative investment intensity, 万元/亩 (scaled afterwards to the published total).
INVESTMENT_PER_MU_MEDIAN: float = 330.0

#: Annual growth of tax (mean, spread) into each year, from the year before.
TAX_GROWTH: dict[int, tuple[float, float]] = {2022: (0.05, 0.12), 2023: (0.06, 0.10), 2024: (0.08, 0.10),
                                              2025: (0.07, 0.10)}

#: Floor-area ratio and building coefficient ranges of parcels without an enterprise.
NON_FIRM_BUILDINGS: dict[str, tuple[tuple[float, float], tuple[float, float]]] = {
    "A1": ((1.5, 2.5), (0.18, 0.28)),
    "A4": ((1.2, 3.0), (0.30, 0.50)),
    "A52": ((0.6, 1.4), (0.20, 0.35)),
}
#: Buildings' share of the footprint (buildings + structures + yards) by kind of parcel.
BUILDING_SHARE: dict[str, tuple[float, float]] = {
    "factory": (0.72, 0.92), "commercial": (0.85, 0.98), "utility": (0.35, 0.55), "other": (0.80, 0.95),
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

#: English names of the zones (zones.name_en), the project's own rendering.
ZONE_NAMES_EN: dict[str, str] = {
    "zmd_hitech": "Zhumadian Hi-tech Zone", ETDZ_ID: "Zhumadian ETDZ",
    "suiping": "Suiping County Development Zone", "xiping": "Xiping County Development Zone",
    "shangcai": "Shangcai County Development Zone", "runan": "Runan County Development Zone",
    "pingyu": "Pingyu County Development Zone", "xincai": "Xincai County Development Zone",
    "zhengyang": "Zhengyang County Development Zone", "queshan": "Queshan County Development Zone",
    "biyang": "Biyang County Development Zone",
}

#: English names of the counties (zones.county_en), the usual romanisation.
COUNTY_NAMES_EN: dict[str, str] = {
    "驿城区": "Yicheng District", "遂平县": "Suiping County", "西平县": "Xiping County",
    "上蔡县": "Shangcai County", "汝南县": "Runan County", "平舆县": "Pingyu County",
    "新蔡县": "Xincai County", "正阳县": "Zhengyang County", "确山县": "Queshan County",
    "泌阳县": "Biyang County",
}

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

#: Indicator targets of the ETDZ (table ``targets``): (indicator key, year, value in the indicator's
#: unit as shown, percent for a % indicator). Illustrative: the plan asks every zone to reach the
#: provincial recommended per-mu tax by 2026, a value not published (Henan's 11 万元/亩 is the default,
#: docs/definitions.md); the other targets are invented, plausible values, not from any plan.
ETDZ_INDICATOR_TARGETS: tuple[tuple[str, int, float], ...] = (
    ("industrial_tax_per_mu", 2026, 11.0),
    ("industrial_land_ratio", 2025, 60.0),
    ("industrial_land_ratio", 2026, 62.0),
    ("far", 2025, 0.9),
    ("far", 2026, 1.0),
    ("idle_land_rate", 2025, 2.0),
    ("idle_land_rate", 2026, 1.0),
)

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


#: English names of the industry clusters (cluster_targets.cluster_en), the project's own rendering.
CLUSTER_NAMES_EN: dict[str, str] = {
    "化工": "Chemicals", "生物医药": "Biomedicine", "装备制造": "Equipment manufacturing", "食品": "Food",
    "智能装备": "Smart equipment", "服装": "Garments", "农副产品": "Farm produce processing",
    "皮革皮具": "Leather goods", "户外休闲": "Outdoor leisure goods", "食品药品": "Food and pharmaceuticals",
    "建材": "Building materials", "电子电器": "Electronics and appliances",
}


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

#: English functions of the ETDZ's sections (sections.function_en), the project's own rendering.
SECTION_FUNCTIONS_EN: dict[str, str] = {
    "etdz_living": "Housing and services for the zone", "etdz_equipment": "Equipment manufacturing industrial park",
    "etdz_food": "Food processing industrial park", "etdz_energy": "New energy industrial park",
    "etdz_logistics": "Modern logistics park",
}

#: English names of the ETDZ's sections (sections.name_en).
SECTION_NAMES_EN: dict[str, str] = {
    "etdz_living": "Residential and services", "etdz_equipment": "Equipment manufacturing park",
    "etdz_food": "Food processing park", "etdz_energy": "New energy park", "etdz_logistics": "Logistics park",
}

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
    "公用事业": ("水务有限公司", "热力有限公司", "污水处理有限公司", "燃气有限公司"),
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


#: Land left unbuilt in the built-up sections (issue 19: a real section keeps reserve plots, land not
#: yet ready for supply and strips that cannot be built on): per section, (class, share of the
#: section's area), taken from its parks and other land nobody uses; as much unsupplied B21 land of
#: the new sections becomes green space, so the built total stays at the published 18 km².
SECTION_RESERVES: dict[str, tuple[tuple[str, float], ...]] = {
    "etdz_equipment": (("B21", 0.025), ("C", 0.008)),
    "etdz_food": (("B21", 0.02), ("B22", 0.012)),
    "etdz_living": (("B21", 0.025),),
}
#: Added to the seed for the draws of the reserves and of the land lifecycle tables, so that they
#: leave every other draw of the sample as it was.
RESERVE_SEED_OFFSET: int = 19
LIFECYCLE_SEED_OFFSET: int = 17


def _section_reserves(parcels: gpd.GeoDataFrame, used: set[int], rng: np.random.Generator) -> gpd.GeoDataFrame:
    """Turn parks and other land nobody uses (A51, A6) of the built-up sections into unbuilt (B21,
    B22) or unbuildable (C) land by :data:`SECTION_RESERVES`, and as much unsupplied B21 land of the
    new sections nobody uses into parks (A51), so the built total is kept within one parcel."""
    out = parcels.copy()
    area = out.area.to_numpy()
    cls = out["land_class"].to_numpy().copy()
    free = ~np.isin(np.arange(len(out)), sorted(used))
    section = out["section_id"].to_numpy()
    converted = 0.0
    for section_id, reserves in SECTION_RESERVES.items():
        total = area[section == section_id].sum()
        for land_class, share in reserves:
            rows = np.flatnonzero(free & (section == section_id) & np.isin(cls, ["A51", "A6"]))
            taken = _greedy_pick(area, rng.permutation(rows), share * total)
            if not taken.any():  # at least one plot, the smallest
                taken[rows[np.argmin(area[rows])]] = True
            cls[taken] = land_class
            converted += area[taken].sum()
    spare = np.flatnonzero(free & np.isin(section, ["etdz_energy", "etdz_logistics"]) & (cls == "B21")
                           & ~out["supplied"].to_numpy(dtype=bool))
    cls[_greedy_pick(area, rng.permutation(spare), converted)] = "A51"
    out["land_class"] = cls
    built = np.isin(cls, schema.BUILT_CLASSES)
    out["built"] = built
    out["supplied"] = built | (out["supplied"].to_numpy(dtype=bool) & (cls == "B21"))
    return out


# --- Small parcels -------------------------------------------------------------------------------
#: Tolerance (m) of the snapping that gives neighbours the vertices of a newly cut parcel.
SNAP_TOLERANCE_M: float = 0.001


def _cut_small_parcels(parcels: gpd.GeoDataFrame, rng: np.random.Generator) -> gpd.GeoDataFrame:
    """Cut :data:`SMALL_FIRMS` small parcels (< 3 亩) off a corner of as many rectangular A2
    parcels, in the local frame; column ``small`` marks them.

    The cut's two new corners lie on the parent's edges: every neighbour of the parent is snapped
    to the small parcel so that it carries those vertices too, and neighbours keep sharing every
    vertex (no T-junctions).
    """
    out = parcels.copy()
    geoms = out.geometry.to_numpy().copy()
    area = shapely.area(geoms)
    bounds = shapely.bounds(geoms)
    short_side = np.minimum(bounds[:, 2] - bounds[:, 0], bounds[:, 3] - bounds[:, 1])
    rectangle = np.abs(shapely.area(shapely.envelope(geoms)) - area) < 1.0
    candidates = np.flatnonzero((out["land_class"] == "A2").to_numpy() & rectangle & (short_side >= 150.0)
                                & (out["section_id"] != "etdz_living").to_numpy())
    parents = np.sort(rng.choice(candidates, size=SMALL_FIRMS, replace=False))
    tree = shapely.STRtree(geoms)
    smalls = []
    for parent in parents:
        x0, y0, x1, y1 = bounds[parent]
        target = rng.uniform(*SMALL_PARCEL_M2)
        width = float(round(math.sqrt(target * rng.uniform(0.7, 1.4))))
        height = float(math.floor(target / width))
        corner = int(rng.integers(4))
        u = x0 if corner in (0, 3) else x1 - width
        v = y0 if corner in (0, 1) else y1 - height
        original = geoms[parent]
        small = shapely.snap(shapely.box(u, v, u + width, v + height), original, SNAP_TOLERANCE_M)
        geoms[parent] = shapely.difference(original, small)
        for j in tree.query(original, predicate="intersects"):
            if j != parent:
                geoms[j] = shapely.snap(geoms[j], small, SNAP_TOLERANCE_M)
        smalls.append(small)
    out = out.set_geometry(gpd.GeoSeries(geoms, index=out.index))
    out["small"] = False
    extra = out.iloc[parents].copy()
    extra["small"] = True
    extra = extra.set_geometry(gpd.GeoSeries(smalls, index=extra.index))
    return gpd.GeoDataFrame(pd.concat([out, extra], ignore_index=True), geometry="geometry")


# --- Enterprises ---------------------------------------------------------------------------------
@dataclass
class Firm:
    """One invented enterprise while the sample is built: how it uses land, and its status.

    ``own`` are the rows of the parcels it owns (whole, or shared with another owner); ``lease`` the
    row and area (m²) of the part of another firm's plant it rents.
    """

    kind: str  # commercial, utility, construction, multi, shared, single, tenant, small
    industry: str
    own: tuple[int, ...] = ()
    lease: tuple[int, float] | None = None
    exempt: str | None = None
    registered: int = 0  # year
    status: str = "running"  # running, new, start_up, construction
    above_scale: bool = True
    first_output: int = 0  # start-ups: the first year with tax

    @property
    def anchor(self) -> int:
        """The row of the firm's first parcel, or of the parcel it rents."""
        if self.own:
            return self.own[0]
        if self.lease is None:
            msg = "a firm needs land of its own or a lease"
            raise RuntimeError(msg)
        return self.lease[0]


def _industry(parcels: gpd.GeoDataFrame, row: int, rng: np.random.Generator) -> str:
    """An industry from the mix of the section ``row`` lies in."""
    specs = {s.section_id: s for s in SECTIONS}
    return str(_weighted_choice(specs[parcels.at[row, "section_id"]].industries, 1, rng)[0])


def _place_firms(parcels: gpd.GeoDataFrame, rng: np.random.Generator) -> list[Firm]:
    """The 150 enterprises and the land each uses (counts: :data:`A4_FIRMS` and the constants
    after it)."""
    cls = parcels["land_class"].to_numpy()
    industrial = (parcels["section_id"] != "etdz_living").to_numpy()
    small = parcels["small"].to_numpy(dtype=bool)
    area = parcels.area.to_numpy()
    firms: list[Firm] = []

    def pick(mask: np.ndarray, size: int) -> list[int]:
        rows = np.flatnonzero(mask)
        if len(rows) < size:
            msg = f"only {len(rows)} parcels available where {size} are needed"
            raise RuntimeError(msg)
        return [int(r) for r in np.sort(rng.choice(rows, size=size, replace=False))]

    for row in pick(cls == "A4", A4_FIRMS):
        firms.append(Firm("commercial", "商贸服务", (row,)))
    for row in pick((cls == "A6") & industrial, UTILITY_FIRMS):
        firms.append(Firm("utility", "公用事业", (row,), exempt="公用事业"))
    unbuilt_sold = (cls == "B21") & parcels["supplied"].to_numpy(dtype=bool) & ~parcels["idle"].to_numpy(dtype=bool)
    for row in pick(unbuilt_sold & industrial, CONSTRUCTION_FIRMS):
        firms.append(Firm("construction", _industry(parcels, row, rng), (row,), exempt="在建",
                          status="construction"))
    for row in [int(r) for r in np.flatnonzero(small)]:
        firms.append(Firm("small", _industry(parcels, row, rng), (row,)))
    pool = [int(r) for r in np.flatnonzero((cls == "A2") & ~small)]
    centres = shapely.centroid(parcels.geometry.to_numpy())
    section = parcels["section_id"].to_numpy()
    for count in MULTI_PARCEL_FIRMS:  # a parcel and its nearest free A2 neighbours of the section
        seed = pool[int(rng.integers(len(pool)))]
        near = sorted((r for r in pool if section[r] == section[seed]),
                      key=lambda r: (shapely.distance(centres[r], centres[seed]), r))[:count]
        pool = [r for r in pool if r not in near]
        firms.append(Firm("multi", _industry(parcels, seed, rng), tuple(sorted(near))))
    for row in sorted(int(r) for r in rng.choice(pool, size=SHARED_PARCELS, replace=False)):
        pool.remove(row)
        firms += [Firm("shared", _industry(parcels, row, rng), (row,)) for _ in range(2)]
    singles = len(firms)
    firms += [Firm("single", _industry(parcels, row, rng), (row,)) for row in pool]
    large = [r for r in pool if area[r] >= 30_000.0]
    lessors = [int(r) for r in rng.choice(large, size=TENANT_LESSORS, replace=False)]
    for k, row in enumerate(lessors):
        for _ in range(2 if k < TENANTS - TENANT_LESSORS else 1):
            rented = max(LEASE_MIN_M2, float(round(area[row] * rng.uniform(*LEASE_SHARE))))
            firms.append(Firm("tenant", _industry(parcels, row, rng), lease=(row, rented)))
    if len(firms) != ETDZ_PROJECTS or len(firms) - singles - TENANTS != len(pool):
        msg = f"{len(firms)} enterprises placed; expected {ETDZ_PROJECTS}"
        raise RuntimeError(msg)
    return firms


def _registration(firms: list[Firm], rng: np.random.Generator) -> list[str]:
    """Set each firm's registration year and status (new firms, start-ups, projects under
    construction); returns the registration dates, YYYY-MM-DD."""
    singles = [k for k, f in enumerate(firms) if f.kind == "single"]
    tenants = [k for k, f in enumerate(firms) if f.kind == "tenant"]
    count = len(NEW_FIRMS_REGISTERED) + REGISTERED_2022 + len(START_UP_FIRST_OUTPUT)
    chosen = [int(k) for k in rng.choice(singles, size=count, replace=False)]
    new_tenants = [int(k) for k in rng.choice(tenants, size=len(NEW_TENANTS_REGISTERED), replace=False)]
    for firm in firms:
        firm.registered = int(rng.integers(2004, 2021))
    for firm, year in zip([f for f in firms if f.kind == "construction"], CONSTRUCTION_REGISTERED, strict=True):
        firm.registered = year
    new = chosen[:len(NEW_FIRMS_REGISTERED)] + new_tenants
    for k, year in zip(new, NEW_FIRMS_REGISTERED + NEW_TENANTS_REGISTERED, strict=True):
        firms[k].registered, firms[k].status = year, "new"
    for k in chosen[len(NEW_FIRMS_REGISTERED):len(NEW_FIRMS_REGISTERED) + REGISTERED_2022]:
        firms[k].registered = 2022
    for k, first in zip(chosen[len(NEW_FIRMS_REGISTERED) + REGISTERED_2022:], START_UP_FIRST_OUTPUT, strict=True):
        firms[k].registered, firms[k].status, firms[k].first_output = int(rng.integers(2020, 2022)), "start_up", first
    days = rng.integers(0, 365, len(firms))
    return [str((pd.Timestamp(f.registered, 1, 1) + pd.Timedelta(days=int(d))).date())
            for f, d in zip(firms, days, strict=True)]


def _firm_land_m2(firms: list[Firm], area: np.ndarray) -> np.ndarray:
    """Each firm's land (m²): its parcels (shared ones split equally) less what it leases out,
    plus what it rents (the rules of zone_layers.firms)."""
    owners: dict[int, int] = {}
    for firm in firms:
        for row in firm.own:
            owners[row] = owners.get(row, 0) + 1
    leased_out: dict[int, float] = {}
    for firm in firms:
        if firm.lease:
            leased_out[firm.lease[0]] = leased_out.get(firm.lease[0], 0.0) + firm.lease[1]
    land = np.zeros(len(firms))
    for k, firm in enumerate(firms):
        land[k] = sum((area[r] - leased_out.get(r, 0.0)) / owners[r] for r in firm.own)
        if firm.lease:
            land[k] += firm.lease[1]
    return land


def _enterprise_names(industries: list[str], rng: np.random.Generator) -> list[str]:
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


def _soft_range(values: np.ndarray, bounds: tuple[float, float], knees: tuple[float, float]) -> np.ndarray:
    """``values`` kept inside ``bounds`` by a smooth bend beyond ``knees`` instead of a clip: unchanged
    between the knees, approaching each bound exponentially beyond them (continuous, with slope 1 at
    the knees, order kept), so no value piles up on a bound."""
    (low, high), (low_knee, high_knee) = bounds, knees
    top = high - (high - high_knee) * np.exp(-(values - high_knee) / (high - high_knee))
    bottom = low + (low_knee - low) * np.exp((values - low_knee) / (low_knee - low))
    return np.where(values > high_knee, top, np.where(values < low_knee, bottom, values))


def _firm_years(firms: list[Firm], land_m2: np.ndarray, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Figures of every firm (rows) and year of :data:`FIGURE_YEARS` (columns), before each
    firm's registration year is cut off: tax, revenue, value added, energy, employees, R&D."""
    n, years = len(firms), np.array(FIGURE_YEARS)
    industries = np.array([f.industry for f in firms])
    medians = np.array([TAX_PER_MU_MEDIAN[i] for i in industries])
    per_mu = _soft_range(medians * rng.lognormal(0.0, TAX_PER_MU_SIGMA, n), TAX_PER_MU_RANGE, TAX_PER_MU_KNEES)
    tax = np.empty((n, len(years)))
    base = years.tolist().index(2024)
    tax[:, base] = per_mu * np.asarray(m2_to_mu(land_m2))
    for j in range(base + 1, len(years)):  # forwards from 2024, then backwards
        mean, spread = TAX_GROWTH[int(years[j])]
        tax[:, j] = tax[:, j - 1] * (1 + np.clip(rng.normal(mean, spread, n), -0.25, 0.45))
    for j in range(base, 0, -1):
        mean, spread = TAX_GROWTH[int(years[j])]
        tax[:, j - 1] = tax[:, j] / (1 + np.clip(rng.normal(mean, spread, n), -0.2, 0.4))
    revenue = tax * rng.uniform(8, 20, n)[:, None] * rng.uniform(0.93, 1.07, (n, len(years)))
    value_added = revenue * rng.uniform(0.20, 0.35, n)[:, None] * rng.uniform(0.97, 1.03, (n, len(years)))
    efficiency = rng.lognormal(math.log(1.6), 0.5, n)[:, None] * 1.03 ** (years - 2024)  # 万元/吨标煤
    energy = value_added / efficiency
    employees = (np.maximum(15, revenue[:, base] / rng.uniform(50, 140, n))[:, None]
                 * 1.02 ** (years - 2024) * rng.uniform(0.97, 1.03, (n, len(years))))
    research = np.isin(industries, ["装备制造", "新能源", "食品加工"]) & (rng.uniform(size=n) < RD_REPORTED_SHARE)
    rd = np.where(research[:, None], revenue * rng.uniform(0.005, 0.04, n)[:, None], np.nan)
    return {"tax_wan": tax, "revenue_wan": revenue, "value_added_wan": value_added, "energy_tce": energy,
            "employees": employees, "rd_wan": rd}


def _ramp_up(firms: list[Firm], figures: dict[str, np.ndarray], rng: np.random.Generator) -> None:
    """New firms report no tax in their first year and a part in the next two; start-ups have no
    tax before their first year of output; projects under construction report staff only. Missing
    stays missing."""
    money = ("tax_wan", "revenue_wan", "value_added_wan", "energy_tce", "rd_wan")
    years = np.array(FIGURE_YEARS)
    for k, firm in enumerate(firms):
        if firm.status == "construction":
            first_output = LATEST_YEAR + 1
        elif firm.status == "start_up":
            first_output = firm.first_output
        elif firm.status == "new":
            first_output = firm.registered + 1
        else:
            continue
        factor = np.clip((years - first_output + 1) * 0.35, 0.0, 1.0)
        for name in money:
            figures[name][k] = np.where(years < first_output, np.nan, figures[name][k] * factor)
        staff = rng.uniform(10, 40)
        figures["employees"][k] = np.where(years < first_output, staff, np.maximum(staff, figures["employees"][k]
                                                                                     * np.sqrt(factor)))


def _scale(firms: list[Firm], figures: dict[str, np.ndarray], rng: np.random.Generator) -> None:
    """规上 (above designated size: revenue ≥ 2 000 万元) for :data:`ABOVE_SCALE_FIRMS` firms.

    New firms, start-ups, projects under construction and the firms on small parcels are 规下,
    and so are the firms with the lowest 2024 revenue until the count is reached. Revenue is made
    to agree: 规下 firms stay under 2 000 万元 in every year, 规上 firms reach it in 2024.
    """
    revenue = figures["revenue_wan"]
    base = FIGURE_YEARS.index(2024)
    below = [f.status != "running" or f.kind == "small" for f in firms]
    order = np.argsort(np.nan_to_num(revenue[:, base], nan=np.inf), kind="stable")
    for k in order:
        if sum(below) >= len(firms) - ABOVE_SCALE_FIRMS:
            break
        below[k] = True
    money: tuple[str, ...] = ("tax_wan", "revenue_wan", "value_added_wan", "energy_tce", "rd_wan")
    for k, firm in enumerate(firms):
        firm.above_scale = not below[k]
        top = np.nanmax(revenue[k]) if np.isfinite(revenue[k]).any() else 0.0
        if below[k] and top > 1900:
            factor, scaled = rng.uniform(1200, 1900) / top, money
        elif not below[k] and revenue[k, base] < 2000:
            factor, scaled = rng.uniform(2100, 2800) / revenue[k, base], money[1:]  # the tax stays
        else:
            continue
        for name in scaled:
            figures[name][k] = figures[name][k] * factor


def _blank_missing(firms: list[Firm], figures: dict[str, np.ndarray], rng: np.random.Generator) -> None:
    """A few running firms miss the 2022 tax or the 2024 energy figure."""
    running = [k for k, f in enumerate(firms) if f.status == "running" and f.exempt is None and f.registered <= 2021]
    picked = [int(k) for k in rng.choice(running, size=MISSING_2022 + MISSING_ENERGY, replace=False)]
    figures["tax_wan"][picked[:MISSING_2022], FIGURE_YEARS.index(2022)] = np.nan
    figures["energy_tce"][picked[MISSING_2022:], FIGURE_YEARS.index(2024)] = np.nan


def _enterprise_tables(firms: list[Firm], names: list[str], registered: list[str], figures: dict[str, np.ndarray],
                       parcel_ids: np.ndarray, rng: np.random.Generator) -> dict[str, pd.DataFrame]:
    """The tables ``enterprises``, ``enterprise_years`` and ``land_use``, firms ordered by their
    first parcel (tenants after their lessor), with valid credit codes of 驿城区."""
    position = {pid: k for k, pid in enumerate(sorted(parcel_ids))}
    key = [(position[parcel_ids[f.anchor]], 0 if f.own else 1) for f in firms]
    order = sorted(range(len(firms)), key=lambda k: (key[k], k))
    serials = list(dict.fromkeys(int(s) for s in rng.integers(100_000_000, 1_000_000_000, 2 * len(firms))))
    codes = {k: credit_code.make_code(serials[i], division=DIVISION_CODE) for i, k in enumerate(order)}
    enterprises = pd.DataFrame({
        "credit_code": [codes[k] for k in order], "name": [names[k] for k in order],
        "industry": [firms[k].industry for k in order], "above_scale": [firms[k].above_scale for k in order],
        "registered": [registered[k] for k in order], "exempt": [firms[k].exempt for k in order],
    })
    rows = []
    for k in order:
        for j, year in enumerate(FIGURE_YEARS):
            if year < firms[k].registered:
                continue
            record: dict[str, object] = {"credit_code": codes[k], "year": year}
            for name, values in figures.items():
                value = float(values[k, j])
                if not np.isfinite(value):
                    record[name] = np.nan
                else:  # tax to 0.1 万元 and never 0 (a firm without tax has none), the rest whole
                    record[name] = max(0.1, round(value, 1)) if name == "tax_wan" else float(round(value))
            rows.append(record)
    land = []
    for k in order:
        land += [{"parcel_id": parcel_ids[r], "credit_code": codes[k], "tenure": "own", "area_m2": np.nan}
                 for r in firms[k].own]
        lease = firms[k].lease
        if lease is not None:
            lessor, area = lease
            land.append({"parcel_id": parcel_ids[lessor], "credit_code": codes[k], "tenure": "lease",
                         "area_m2": area})
    land_use = pd.DataFrame(land).sort_values(["parcel_id", "tenure", "credit_code"], kind="stable",
                                              key=lambda c: c.map({"own": 0, "lease": 1}) if c.name == "tenure" else c)
    return {"enterprises": enterprises, "enterprise_years": pd.DataFrame(rows),
            "land_use": land_use.reset_index(drop=True)}


def _parcel_figures(parcels: gpd.GeoDataFrame, firms: list[Firm], rng: np.random.Generator) -> None:
    """Floor area, footprints and cumulative investment of the parcels (in place).

    Parcels used by firms get buildings by the kind of firm (none on land under construction) and
    investment; residential, commercial and public parcels without a firm get buildings only. The
    investment is scaled to the published total.
    """
    for name in NUMERIC_FIELDS:
        parcels[name] = np.nan
    kind = {r: f.kind for f in firms for r in f.own}
    rows = np.array(sorted(kind))
    kinds = np.array([kind[r] for r in rows])
    land = parcels.area.to_numpy()[rows]
    n = len(rows)
    factory = np.isin(kinds, ["multi", "shared", "single"])
    far = np.select([factory, kinds == "small", kinds == "commercial", kinds == "utility"],
                    [np.clip(rng.lognormal(math.log(1.05), 0.35, n), 0.35, 2.2), rng.uniform(0.8, 1.5, n),
                     rng.uniform(1.5, 3.0, n), rng.uniform(0.2, 0.5, n)], np.nan)
    coefficient = np.select([factory, kinds == "small", kinds == "commercial", kinds == "utility"],
                            [np.clip(rng.normal(0.47, 0.11, n), 0.18, 0.72), rng.uniform(0.5, 0.7, n),
                             rng.uniform(0.30, 0.45, n), rng.uniform(0.35, 0.6, n)], np.nan)
    share_kind = np.where(factory | (kinds == "small"), "factory", np.where(kinds == "construction", "factory", kinds))
    share = np.array([rng.uniform(*BUILDING_SHARE[k]) for k in share_kind])
    footprint = np.round(coefficient * land)
    parcels.loc[rows, "floor_area_m2"] = np.round(far * land)
    parcels.loc[rows, "footprint_m2"] = footprint
    parcels.loc[rows, "building_footprint_m2"] = np.minimum(np.round(footprint * share), footprint)
    median = np.select([kinds == "construction", kinds == "utility"], [120.0, 200.0], INVESTMENT_PER_MU_MEDIAN)
    investment = np.asarray(m2_to_mu(land)) * median * rng.lognormal(0.0, 0.45, n)
    investment = np.round(investment * ETDZ_INVESTMENT_WAN / investment.sum())
    investment[np.argmax(investment)] += ETDZ_INVESTMENT_WAN - investment.sum()
    parcels.loc[rows, "investment_wan"] = investment
    others = np.setdiff1d(np.arange(len(parcels)), rows)
    for land_class, (far_range, coefficient_range) in NON_FIRM_BUILDINGS.items():
        hit = others[(parcels["land_class"].to_numpy()[others] == land_class)]
        area = parcels.area.to_numpy()[hit]
        footprint = np.round(area * rng.uniform(*coefficient_range, len(hit)))
        parcels.loc[hit, "floor_area_m2"] = np.round(area * rng.uniform(*far_range, len(hit)))
        parcels.loc[hit, "footprint_m2"] = footprint
        parcels.loc[hit, "building_footprint_m2"] = np.minimum(
            np.round(footprint * rng.uniform(*BUILDING_SHARE["other"], len(hit))), footprint)


def _enterprises(parcels: gpd.GeoDataFrame, rng: np.random.Generator) -> tuple[list[Firm], list[str], list[str],
                                                                              dict[str, np.ndarray]]:
    """Place the 150 enterprises, fill the parcels' land figures, and invent the firms' names,
    registration and yearly figures."""
    firms = _place_firms(parcels, rng)
    _parcel_figures(parcels, firms, rng)
    registered = _registration(firms, rng)
    figures = _firm_years(firms, _firm_land_m2(firms, parcels.area.to_numpy()), rng)
    _ramp_up(firms, figures, rng)
    _scale(firms, figures, rng)
    _blank_missing(firms, figures, rng)
    names = _enterprise_names([f.industry for f in firms], rng)
    return firms, names, registered, figures


def _parcel_ids(parcels: gpd.GeoDataFrame) -> list[str]:
    """19-character 宗地编号: 411702 + 街道 + 街坊 + GB + sequence, ordered by section and block."""
    specs = {s.section_id: s for s in SECTIONS}
    return [f"{DIVISION_CODE}{specs[s].street_code}{b:03d}GB{k + 1:05d}"
            for k, (s, b) in enumerate(zip(parcels["section_id"], parcels["block"], strict=True))]


# --- Layers --------------------------------------------------------------------------------------
def _etdz(rng: np.random.Generator, reserves: np.random.Generator) -> tuple[gpd.GeoDataFrame,
                                                                           dict[str, pd.DataFrame]]:
    """The ETDZ's parcels (EPSG:4547), classified, and its enterprise tables; ``reserves`` draws the
    unbuilt land of the built-up sections (:func:`_section_reserves`)."""
    outline = _etdz_outline()
    faces = _merge_small_faces(_faces(_etdz_rectangles(outline, rng), outline))
    parcels = _assign_classes(faces, rng)
    parcels = _merge_industrial(parcels, A2_PARCELS)
    parcels = _flags(parcels, rng)
    parcels = _cut_small_parcels(parcels, rng)
    firms, names, registered, figures = _enterprises(parcels, rng)
    used = {r for f in firms for r in f.own} | {f.lease[0] for f in firms if f.lease is not None}
    parcels = _section_reserves(parcels, used, reserves)
    key = parcels["section_id"].map(SECTION_ORDER.index) * 1000 + parcels["block"]
    order = np.argsort(key.to_numpy(), kind="stable")
    parcels = parcels.iloc[order].reset_index(drop=True)
    parcels["parcel_id"] = _parcel_ids(parcels)
    parcels["zone_id"] = ETDZ_ID
    ids_by_row = np.empty(len(order), dtype=object)
    ids_by_row[order] = parcels["parcel_id"].to_numpy()
    tables = _enterprise_tables(firms, names, registered, figures, ids_by_row, rng)
    origin = outline.centroid
    parcels = parcels.set_geometry(_local_to_projected(parcels.geometry.to_numpy(),
                                                       (origin.x, origin.y)), crs=WORK_EPSG)
    return parcels, tables


def _sections(parcels: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Section polygons: the coverage union of their parcels."""
    rows = []
    for spec in sorted(SECTIONS, key=lambda sp: SECTION_ORDER.index(sp.section_id)):
        parts = parcels.geometry[parcels["section_id"] == spec.section_id].to_numpy()
        rows.append({"section_id": spec.section_id, "zone_id": ETDZ_ID, "name": spec.name,
                     "name_en": SECTION_NAMES_EN[spec.section_id], "function": spec.function,
                     "function_en": SECTION_FUNCTIONS_EN[spec.section_id],
                     "geometry": shapely.coverage_union_all(parts)})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=parcels.crs)


def _zones(etdz: Polygon, rng: np.random.Generator) -> gpd.GeoDataFrame:
    """All 11 zones; the ETDZ's outline is the union of its sections."""
    rows = []
    for spec in ZONES:
        geometry = etdz if spec.zone_id == ETDZ_ID else _jittered_outline(spec, rng)
        rows.append({"zone_id": spec.zone_id, "name": spec.name, "name_en": ZONE_NAMES_EN[spec.zone_id],
                     "short_name": spec.short_name,
                     "county": spec.county, "county_en": COUNTY_NAMES_EN[spec.county],
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
    rows = [{"zone_id": zone_of[short], "cluster": cluster, "cluster_en": CLUSTER_NAMES_EN[cluster], "year": year,
             "revenue_target_yi": float(value)}
            for short, cluster, values in CLUSTER_TARGETS_YI
            for year, value in zip(TARGET_YEARS, values, strict=True)]
    return pd.DataFrame(rows)


def _indicator_targets() -> pd.DataFrame:
    """The ETDZ's indicator targets (table ``targets``; illustrative, see :data:`ETDZ_INDICATOR_TARGETS`)."""
    rows = [{"zone_id": ETDZ_ID, "year": year, "indicator": key, "value": float(value)}
            for key, year, value in ETDZ_INDICATOR_TARGETS]
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
        The 11 zones, the ETDZ's five sections and its parcels (EPSG:4490, land only), the
        enterprise tables (``enterprises``, ``enterprise_years`` 2021–2025, ``land_use``) and the
        target tables, each normalised and validated against :mod:`geodata.schema` and checked
        across tables (:func:`geodata.dataset.dataset_from_layers`); the sample raises rather than
        carry a note.
    """
    rng = np.random.default_rng(seed)
    parcels, tables = _etdz(rng, np.random.default_rng(seed + RESERVE_SEED_OFFSET))
    tables.update(lifecycle.lifecycle_tables(parcels, tables, np.random.default_rng(seed + LIFECYCLE_SEED_OFFSET)))
    sections = _sections(parcels)
    zones = _zones(shapely.coverage_union_all(sections.geometry.to_numpy()), rng)
    layers = {"zones": zones, "sections": sections, "parcels": parcels, "zone_targets": _zone_targets(),
              "cluster_targets": _cluster_targets(), "targets": _indicator_targets(), **tables}
    dataset = dataset_from_layers({name: _layer(name, frame) for name, frame in layers.items()}, source=SOURCE)
    if dataset.notes:
        msg = "the generated sample does not pass the dataset checks:\n" + "\n".join(dataset.notes)
        raise RuntimeError(msg)
    return dataset


def summary(dataset: ZoneDataset) -> dict[str, str]:
    """Headline figures of a dataset's ETDZ, formatted, for checking the calibration by eye."""
    parcels = dataset.parcels
    area = area_m2(parcels)
    built = parcels["land_class"].isin(schema.BUILT_CLASSES)
    a2 = area[parcels["land_class"] == "A2"].sum()
    zone = dataset.zones[dataset.zones["zone_id"] == ETDZ_ID]
    etdz = parcels["zone_id"] == ETDZ_ID
    land_use = dataset.land_use
    firms = land_use.loc[land_use["parcel_id"].isin(parcels.loc[etdz, "parcel_id"]), "credit_code"].nunique()
    tenure = land_use["tenure"].value_counts()
    return {
        "zones / sections / parcels": f"{len(dataset.zones)} / {len(dataset.sections)} / "
                                      f"{len(parcels)}",
        "enterprises (ETDZ)": f"{len(dataset.enterprises)} ({firms})",
        "land use own / lease": f"{tenure.get('own', 0)} / {tenure.get('lease', 0)}",
        "years": ", ".join(map(str, dataset.years)),
        "ETDZ area": f"{area_m2(zone).sum() / settings.M2_PER_KM2:.4f} km²",
        "built land A": f"{area[built].sum() / settings.M2_PER_KM2:.4f} km²",
        "industrial A2 / A": f"{100 * a2 / area[built].sum():.2f} %",
        "investment": f"{parcels.loc[etdz, 'investment_wan'].sum():,.0f} 万元",
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

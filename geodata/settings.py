"""Project-wide settings: typed, documented constants (the osmnx ``settings`` pattern).

Tests and callers may override a value at run time (``settings.TAX_BENCHMARK_WAN_PER_MU = 12``);
every function reads it when called, never at import.
"""

from __future__ import annotations

import os
from pathlib import Path

#: CRS every dataset is stored in: CGCS2000 geographic (lon/lat).
STORAGE_EPSG: int = 4490

#: Square metres in one 亩, as the exact fraction 10000/15 (never 666.67 or 667).
M2_PER_MU_NUMERATOR: int = 10_000
M2_PER_MU_DENOMINATOR: int = 15

#: Square metres in one hectare (公顷) and in one km².
M2_PER_HA: int = 10_000
M2_PER_KM2: int = 1_000_000

#: First EPSG code of the CGCS2000 3-degree Gauss-Kruger CRSs *without* the zone number in the
#: easting (central meridian 75°E = EPSG:4534 ... 135°E = EPSG:4554).
GK3_CM_EPSG_FIRST: int = 4534
#: First EPSG code of the CGCS2000 3-degree Gauss-Kruger CRSs *with* the zone number prefixed to
#: the easting (zone 25 = EPSG:4513 ... zone 45 = EPSG:4533).
GK3_ZONE_EPSG_FIRST: int = 4513
#: Central meridians covered by those EPSG codes.
GK3_CM_MIN: int = 75
GK3_CM_MAX: int = 135

#: Henan's per-mu tax benchmark for industrial land in development zones, 万元/亩 (docs/definitions.md, "Thresholds":
#: the 2020 provincial target; Zhumadian's 2026 target value is unpublished, so it is a setting).
TAX_BENCHMARK_WAN_PER_MU: float = 11.0

#: Low-efficiency thresholds for industrial land (docs/definitions.md, "Thresholds": national project controls and the
#: 驿城区 cluster rules): FAR below this is flagged...
FAR_MIN_INDUSTRIAL: float = 1.0
#: ...and so is a building coefficient (建筑系数) below this fraction (national control ≥ 30 %).
BUILDING_COEFFICIENT_MIN: float = 0.30

#: The bundled illustrative sample.
SAMPLE_PATH: Path = Path(__file__).resolve().parent / "sample" / "zhumadian_sample.gpkg"

#: Environment variable naming a user's GeoPackage to show instead of the sample.
DATA_ENV_VAR: str = "ZONE_DATA"


def dataset_path() -> Path:
    """Path of the dataset to show: ``$ZONE_DATA`` when set, otherwise the bundled sample."""
    value = os.environ.get(DATA_ENV_VAR, "").strip()
    return Path(value).expanduser() if value else SAMPLE_PATH

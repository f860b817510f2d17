"""Confidential enterprise figures (纳税信息 and the other economic data of a firm).

Enterprise tax figures are confidential; the other per-firm economic figures (revenue, value
added, energy, employees, investment) are treated the same way. Users without the right to see
them get zone and section aggregates only: :func:`redact` removes the figures from the parcels
*before* anything is built for the browser, so hidden means never sent.

An aggregate of few firms is a firm's figure in disguise: the 工业亩均税收 of a section with one
industrial firm is that firm's tax over its land. What a viewer may see of the aggregates is
decided by :mod:`zone_layers.disclosure` (primary and complementary cell suppression).
"""

from __future__ import annotations

import re
from dataclasses import replace

import geopandas as gpd
import numpy as np
import pandas as pd

from geodata.dataset import ZoneDataset

#: Parcel fields only an ``analyst`` may see, each also with a ``_<year>`` suffix (``tax_wan_2024``).
CONFIDENTIAL_FIELDS: tuple[str, ...] = (
    "tax_wan", "revenue_wan", "value_added_wan", "energy_tce", "employees", "rd_wan", "investment_wan",
)
_CONFIDENTIAL = re.compile(rf"({'|'.join(CONFIDENTIAL_FIELDS)})(_\d{{4}})?")


def confidential_columns(frame: pd.DataFrame) -> list[str]:
    """The columns of ``frame`` holding confidential firm figures, of any year."""
    return [c for c in frame.columns if isinstance(c, str) and _CONFIDENTIAL.fullmatch(c)]


def redact(parcels: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """A copy of ``parcels`` with every confidential field blanked (missing, not 0)."""
    out = parcels.copy()
    for name in confidential_columns(out):
        out[name] = np.nan
    return out


def redact_dataset(dataset: ZoneDataset) -> ZoneDataset:
    """A copy of ``dataset`` without any confidential figure: the parcels' and the firm-years'
    (``enterprise_years``) blanked, so nothing computed from it later (firm tables, parcel figures,
    briefs) can bring one back."""
    years = dataset.enterprise_years.copy()
    for name in confidential_columns(years):
        years[name] = np.nan
    return replace(dataset, parcels=redact(dataset.parcels), enterprise_years=years)

"""Confidential enterprise figures (纳税信息 and the other economic data of a firm).

Enterprise tax figures are confidential; the other per-firm economic figures (revenue, value
added, energy, employees, investment) are treated the same way. Users without the right to see
them get zone and section aggregates only: :func:`redact` removes the figures from the parcels
*before* anything is built for the browser, so hidden means never sent.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np

from geodata import settings

#: Parcel fields only an ``analyst`` may see.
CONFIDENTIAL_FIELDS: tuple[str, ...] = (
    *(f"tax_wan_{year}" for year in settings.TAX_YEARS),
    "revenue_wan", "value_added_wan", "energy_tce", "employees", "investment_wan",
)


def redact(parcels: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """A copy of ``parcels`` with every confidential field blanked (missing, not 0)."""
    out = parcels.copy()
    for name in CONFIDENTIAL_FIELDS:
        if name in out.columns:
            out[name] = np.nan
    return out

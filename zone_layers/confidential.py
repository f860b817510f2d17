"""Confidential enterprise figures (纳税信息 and the other economic data of a firm).

Enterprise tax figures are confidential; the other per-firm economic figures (revenue, value
added, energy, employees, investment) are treated the same way. Users without the right to see
them get zone and section aggregates only: :func:`redact` removes the figures from the parcels
*before* anything is built for the browser, so hidden means never sent.

An aggregate of few firms is a firm's figure in disguise: the 工业亩均税收 of a section with one
industrial firm is that firm's tax over its land. :func:`suppress_small_groups` blanks the
aggregates of confidential figures that rest on fewer than :data:`MIN_FIRMS` firms (the usual
statistical-disclosure rule of thumb) before a viewer sees them.
"""

from __future__ import annotations

import re
from dataclasses import replace

import geopandas as gpd
import numpy as np
import pandas as pd

from geodata.dataset import ZoneDataset
from zone_layers.metrics import has_enterprise

#: Parcel fields only an ``analyst`` may see, each also with a ``_<year>`` suffix (``tax_wan_2024``).
CONFIDENTIAL_FIELDS: tuple[str, ...] = (
    "tax_wan", "revenue_wan", "value_added_wan", "energy_tce", "employees", "rd_wan", "investment_wan",
)
_CONFIDENTIAL = re.compile(rf"({'|'.join(CONFIDENTIAL_FIELDS)})(_\d{{4}})?")


def confidential_columns(frame: pd.DataFrame) -> list[str]:
    """The columns of ``frame`` holding confidential firm figures, of any year."""
    return [c for c in frame.columns if isinstance(c, str) and _CONFIDENTIAL.fullmatch(c)]

#: Fewest distinct firms behind an aggregate of confidential figures shown to a viewer.
MIN_FIRMS = 3

#: Aggregates over industrial (A2) land of one year's tax, revenue and of investment; over all land
#: (or built land A) of tax. Each group holds the coverage share of its aggregate too: the share of
#: the land a hidden figure rests on, times a land area shown, would tell the land of the firms
#: behind it, so it is hidden with the figure (the firm counts are not confidential and stay).
INDUSTRIAL_TAX_AGGREGATES: tuple[str, ...] = ("industrial_tax_per_mu", "industrial_tax_per_ha", "tax_A2_wan",
                                              "industrial_tax_coverage")
INDUSTRIAL_REVENUE_AGGREGATES: tuple[str, ...] = ("industrial_revenue_per_mu", "revenue_A2_wan",
                                                  "industrial_revenue_coverage")
INDUSTRIAL_INVESTMENT_AGGREGATES: tuple[str, ...] = (
    "industrial_investment_intensity_wan_per_mu", "industrial_investment_intensity_wan_per_ha", "investment_A2_wan",
    "industrial_investment_coverage")
ALL_FIRM_TAX_AGGREGATES: tuple[str, ...] = ("tax_wan", "overall_tax_per_ha", "tax_A_wan", "overall_tax_coverage")


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


def firms_behind(parcels: pd.DataFrame, value: str, by: str | None = None) -> pd.DataFrame:
    """Distinct firms with a ``value`` (not missing) per group of ``by`` (one row ``"all"`` when
    None): ``firms`` on any parcel and ``industrial_firms`` on industrial land (A2)."""
    firm = parcels["credit_code"] if "credit_code" in parcels.columns else parcels["enterprise"]
    names = firm.where(has_enterprise(parcels) & parcels[value].notna()).astype(object)
    key = parcels[by] if by else pd.Series("all", index=parcels.index)
    out = pd.DataFrame({
        "firms": names.groupby(key, sort=False).nunique(),
        "industrial_firms": names.where(parcels["land_class"] == "A2").groupby(key, sort=False).nunique(),
    })
    return out.fillna(0).astype(int)


def suppress_small_groups(table: pd.DataFrame, parcels: pd.DataFrame, *, year: int, by: str | None = None,
                          min_firms: int = MIN_FIRMS) -> pd.DataFrame:
    """A copy of ``table`` (aggregates of ``parcels`` grouped by ``by``, one row per group in column
    ``by``; or one row for all parcels when ``by`` is None) whose confidential aggregates are blanked
    (missing) where they rest on fewer than ``min_firms`` firms that reported the figure: the tax
    aggregates of ``year`` on the firms with that year's tax, investment intensity on the firms
    with an investment, each over industrial land or all land as the aggregate is. An aggregate's
    coverage share is blanked with it; the counts of reporting firms are kept."""
    out = table.copy()
    where = out[by] if by else pd.Series("all", index=out.index)
    tax = firms_behind(parcels, f"tax_wan_{year}", by)
    investment = firms_behind(parcels, "investment_wan", by)
    revenue_column = f"revenue_wan_{year}" if f"revenue_wan_{year}" in parcels.columns else "revenue_wan"
    revenue = (firms_behind(parcels, revenue_column, by) if revenue_column in parcels.columns
               else pd.DataFrame({"industrial_firms": pd.Series(dtype=int)}))
    # (aggregate, firms behind it by the parcels' main users, the table's own count of reporting users)
    rules = [*((c, tax["industrial_firms"], "industrial_tax_firms") for c in INDUSTRIAL_TAX_AGGREGATES),
             *((c, revenue["industrial_firms"], "industrial_revenue_firms") for c in INDUSTRIAL_REVENUE_AGGREGATES),
             *((c, investment["industrial_firms"], "industrial_investment_firms")
               for c in INDUSTRIAL_INVESTMENT_AGGREGATES),
             *((c, tax["firms"], "tax_firms" if c == "tax_wan" else "overall_tax_firms")
               for c in ALL_FIRM_TAX_AGGREGATES)]
    for column, counts, reporting in rules:
        if column in out.columns:
            n = where.map(counts).fillna(0).to_numpy()
            if reporting in out.columns:  # the fewer of the two counts: a shared parcel never adds a firm
                n = np.minimum(n, out[reporting].fillna(0).to_numpy())
            out[column] = out[column].where(n >= min_firms)
    return out

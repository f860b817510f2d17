"""One enterprise over the years (企业画像): its land by source, its indicators against the medians of
its peers, and its grade in every year of the data.

Pure functions on :class:`zone_layers.evaluation.FirmTables` and the graded years of
:func:`zone_layers.evaluation.evaluate_year`; they return codes and numbers (sources ``own``,
``leased_in``, ``leased_out``; indicator keys of :mod:`zone_layers.indicators`), never text.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from geodata.crs import m2_to_mu
from zone_layers.firms import LEASE, OWN, Allocation

#: The indicators of a profile, in the order shown (docs/definitions.md, "Parcel and enterprise indicators").
PROFILE_INDICATORS: tuple[str, ...] = (
    "tax_per_mu", "revenue_per_mu", "value_added_per_mu", "investment_intensity", "floor_area_ratio",
    "building_coefficient", "value_added_per_energy", "labour_productivity", "rd_share",
)
#: Where a firm's land comes from, per parcel.
LAND_SOURCES: tuple[str, ...] = ("own", "leased_in", "leased_out")


def firm_parcels(allocation: Allocation, credit_code: str) -> list[str]:
    """Every parcel ``credit_code`` uses (owned, leased in, or owned and wholly leased out), sorted."""
    t = allocation.table
    return sorted(set(t.loc[t["credit_code"] == credit_code, "parcel_id"]))


def land_sources(allocation: Allocation, credit_code: str) -> pd.DataFrame:
    """The firm's land per parcel and source: ``parcel_id``, ``source`` (``own``: its gross holding;
    ``leased_out``: the part of it leased to others, counted to them; ``leased_in``: land it rents),
    ``area_m2``, ``area_mu``, ``sign`` (+1 / −1: how the row counts to the firm's land) and
    ``counterparts`` (the credit codes of the lessees, resp. the owners, of that parcel).

    The signed sum of ``area_m2`` is the firm's land (:meth:`Allocation.firm_land`). Rows of zero
    area are left out (an owner that leases out nothing has no ``leased_out`` row).
    """
    t = allocation.table
    mine = t.loc[t["credit_code"] == credit_code]
    rows: list[dict[str, object]] = []
    for r in mine.itertuples(index=False):
        on_parcel = t.loc[t["parcel_id"] == r.parcel_id]
        if r.tenure == OWN:
            lessees = tuple(sorted(set(on_parcel.loc[on_parcel["tenure"] == LEASE, "credit_code"])))
            rows.append({"parcel_id": r.parcel_id, "source": "own", "area_m2": float(r.gross_m2), "sign": 1,
                         "counterparts": ()})
            out = float(r.gross_m2) - float(r.area_m2)
            if out > 1e-9:
                rows.append({"parcel_id": r.parcel_id, "source": "leased_out", "area_m2": out, "sign": -1,
                             "counterparts": lessees})
        else:
            owners = tuple(sorted(set(on_parcel.loc[on_parcel["tenure"] == OWN, "credit_code"])))
            rows.append({"parcel_id": r.parcel_id, "source": "leased_in", "area_m2": float(r.area_m2), "sign": 1,
                         "counterparts": owners})
    out_frame = pd.DataFrame(rows, columns=["parcel_id", "source", "area_m2", "sign", "counterparts"])
    order = {s: i for i, s in enumerate(LAND_SOURCES)}
    out_frame = out_frame.sort_values(["parcel_id", "source"], key=lambda c: c.map(order) if c.name == "source" else c,
                                      kind="stable").reset_index(drop=True)
    out_frame["area_mu"] = m2_to_mu(out_frame["area_m2"].astype(float))
    return out_frame[["parcel_id", "source", "area_m2", "area_mu", "sign", "counterparts"]]


def indicators_vs_medians(firm_years: pd.DataFrame, credit_code: str, peers: pd.Index | list[str], *,
                          keys: tuple[str, ...] = PROFILE_INDICATORS) -> pd.DataFrame:
    """Each indicator of ``credit_code`` per year beside the median of its peers that year.

    ``firm_years`` is :attr:`FirmTables.firm_years` (one row per firm and year, with ``industry``
    and the indicator columns); ``peers`` the credit codes to compare with (e.g. the firms using the
    zone's land; the firm itself may be one of them). Returns one row per year of the firm and
    indicator: ``year``, ``indicator``, ``value``, ``zone_median`` (median over the peers with a
    value that year), ``n_zone``, ``industry_median`` and ``n_industry`` (the same over the peers
    of the firm's industry). Missing values are left out of medians, never counted as 0; a median of
    no value is missing.
    """
    fy = firm_years
    own = fy.loc[fy["credit_code"] == credit_code].sort_values("year")
    if own.empty:
        return pd.DataFrame(columns=["year", "indicator", "value", "zone_median", "n_zone", "industry_median",
                                     "n_industry"])
    industry = own["industry"].iloc[0]
    group = fy.loc[fy["credit_code"].isin(set(peers)) & fy["year"].isin(set(own["year"]))]
    same = group.loc[group["industry"] == industry] if isinstance(industry, str) else group.iloc[0:0]
    cols = list(keys)
    zone_med = group.groupby("year")[cols].median()
    zone_n = group.groupby("year")[cols].count()
    ind_med = same.groupby("year")[cols].median()
    ind_n = same.groupby("year")[cols].count()
    values = own.set_index("year")[cols]
    years = values.index
    out = pd.DataFrame({
        "year": np.repeat(years.to_numpy(dtype=int), len(cols)),
        "indicator": cols * len(years),
        "value": values.to_numpy(dtype=float).ravel(),
        "zone_median": zone_med.reindex(years)[cols].to_numpy(dtype=float).ravel(),
        "n_zone": zone_n.reindex(years)[cols].fillna(0).to_numpy(dtype=int).ravel(),
        "industry_median": ind_med.reindex(years)[cols].to_numpy(dtype=float).ravel(),
        "n_industry": ind_n.reindex(years)[cols].fillna(0).to_numpy(dtype=int).ravel(),
    })
    return out


def grade_history(graded: Mapping[int, pd.DataFrame], credit_code: str) -> pd.DataFrame:
    """The firm's grade in each graded year (:func:`zone_layers.evaluation.evaluate_year` per year):
    ``year``, ``grade`` (None where the firm has no figures that year), ``score``, ``reason`` (why it
    is not evaluated, a code dict, or None), ``grade_reason`` and ``rule_version``, ascending years."""
    rows = []
    for year in sorted(graded):
        frame = graded[year]
        hit = frame.loc[frame["credit_code"] == credit_code]
        if hit.empty:
            rows.append({"year": int(year), "grade": None, "score": np.nan, "reason": None, "grade_reason": None,
                         "rule_version": None})
            continue
        r = hit.iloc[0]
        rows.append({"year": int(year), "grade": r["grade"], "score": r["score"], "reason": r["reason"],
                     "grade_reason": r["grade_reason"], "rule_version": r["rule_version"]})
    columns = ["year", "grade", "score", "reason", "grade_reason", "rule_version"]
    out = pd.DataFrame({c: pd.Series([r[c] for r in rows], dtype=object) for c in columns})
    out["year"] = out["year"].astype(int)
    out["score"] = out["score"].astype(float)
    return out

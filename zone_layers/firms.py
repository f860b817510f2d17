"""Whose land: the area each enterprise uses, from the parcels and the land-use table.

The unit of 亩均 evaluation is the enterprise (统一社会信用代码), not the parcel: one firm holds
several parcels, several firms share one, tenants rent part of a plant (docs/definitions.md,
"Parcel and enterprise indicators"). The land-use table says who uses which parcel:
``parcel_id``, ``credit_code``, ``tenure`` (``own`` 自有 / ``lease`` 租赁) and optionally
``area_m2``, the part used. The defaults (configurable by the caller):

- owners with a stated ``area_m2`` hold that area; owners without one share the rest of the parcel
  equally (two owners of a 3 000 m² parcel, no areas: 1 500 m² each);
- a lease moves its stated area from the parcel's owners (in proportion to their holdings) to the
  lessee: a firm's land = own parcels' area − areas it leases out + areas it leases in;
- a lease without an area gives the lessee an equal share of the parcel with its owners, and is
  reported; a stated area larger than the parcel is reported.

Parcel areas come from the geometry (:func:`zone_layers.metrics.land_area_m2`), never from a
column; the functions here take them as a Series and do no geometry work.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

#: Tenure codes of the land-use table.
OWN: str = "own"
LEASE: str = "lease"
TENURES: tuple[str, ...] = (OWN, LEASE)

#: Columns of :func:`land_allocation`'s table.
ALLOCATION_COLUMNS: tuple[str, ...] = ("credit_code", "parcel_id", "tenure", "area_m2", "stated")


@dataclass
class Allocation:
    """The land each firm uses on each parcel, and what could not be allocated as stated.

    ``table`` has one row per (firm, parcel, tenure): ``credit_code``, ``parcel_id``, ``tenure``,
    ``area_m2`` (net: an owner's holding less what it leases out) and ``stated`` (whether the area
    came from the table). ``problems`` are codes with parameters for the report, e.g.
    ``{"rule": "area_exceeds_parcel", "parcel_id": "P1", "stated_m2": 5000.0, "parcel_m2": 3000.0}``.
    """

    table: pd.DataFrame
    problems: list[dict[str, object]] = field(default_factory=list)

    def firm_land(self) -> pd.DataFrame:
        """One row per firm: ``own_m2`` (gross holdings), ``leased_out_m2``, ``leased_in_m2`` and
        ``land_m2`` = own − leased out + leased in (m²), indexed by ``credit_code``."""
        t = self.table
        firm, codes = pd.factorize(t["credit_code"])  # codes in order of appearance; one hash pass
        known = firm >= 0  # a row without a credit code belongs to no firm
        own = t["tenure"].eq(OWN).to_numpy() & known
        lease = t["tenure"].eq(LEASE).to_numpy() & known
        area = np.nan_to_num(t["area_m2"].to_numpy(dtype=float))  # a missing area adds nothing
        gross = np.nan_to_num(t["gross_m2"].to_numpy(dtype=float))

        def total(rows: np.ndarray, values: np.ndarray) -> np.ndarray:
            return np.bincount(firm[rows], weights=values[rows], minlength=len(codes))

        own_m2 = total(own, gross)
        out = pd.DataFrame({
            "own_m2": own_m2,
            "leased_out_m2": own_m2 - total(own, area),
            "leased_in_m2": total(lease, area),
        }, index=pd.Index(np.asarray(codes, dtype=object), name="credit_code"))  # as Index(unique()) infers it
        out["land_m2"] = out["own_m2"] - out["leased_out_m2"] + out["leased_in_m2"]
        return out


def land_allocation(land_use: pd.DataFrame, parcel_area_m2: pd.Series, *, leases_move_land: bool = True) -> Allocation:
    """Allocate every parcel's area to the firms that use it (rules in the module docstring).

    Parameters
    ----------
    land_use
        ``parcel_id``, ``credit_code``, ``tenure`` (``own``/``lease``), ``area_m2`` (m², may be
        missing).
    parcel_area_m2
        Area of each parcel in m², indexed by ``parcel_id``.

    Returns
    -------
    Allocation
        Rows of ``land_use`` whose parcel is unknown are left out and reported
        (``{"rule": "unknown_parcel", ...}``); nothing else is dropped.
    """
    problems: list[dict[str, object]] = []
    lu = land_use[["parcel_id", "credit_code", "tenure", "area_m2"]].copy()
    lu["area_m2"] = pd.to_numeric(lu["area_m2"], errors="coerce").astype(float)
    lu["row"] = np.arange(1, len(lu) + 1)
    at = parcel_area_m2.index.get_indexer(lu["parcel_id"])  # each row's parcel, found once (-1: unknown)
    known = at >= 0
    for row, pid, code in lu.loc[~known, ["row", "parcel_id", "credit_code"]].itertuples(index=False):
        problems.append({"rule": "unknown_parcel", "row": int(row), "parcel_id": pid, "credit_code": code})
    lu = lu.loc[known].reset_index(drop=True)
    lu["parcel_m2"] = parcel_area_m2.to_numpy(dtype=float)[at[known]]
    lu["stated"] = lu["area_m2"].notna()
    is_own = lu["tenure"].eq(OWN)
    is_lease = lu["tenure"].eq(LEASE)
    # per-parcel totals broadcast back to the rows: one factorisation and bincounts (a groupby
    # transform per total sorted the 65 000 rows each time)
    parcel_pos, parcel_keys = pd.factorize(lu["parcel_id"])

    def parcel_total(values: pd.Series) -> pd.Series:
        """Sum of ``values`` over each row's parcel, on the rows (missing values add nothing)."""
        sums = np.bincount(parcel_pos, weights=np.nan_to_num(values.to_numpy(dtype=float)),
                           minlength=len(parcel_keys))
        return pd.Series(sums[parcel_pos], index=lu.index)

    # stated areas larger than the parcel (each row, and the owners' stated sum) are reported
    for row, pid, code, area, parcel in lu.loc[lu["stated"] & (lu["area_m2"] > lu["parcel_m2"] * (1 + 1e-9)),
                                               ["row", "parcel_id", "credit_code", "area_m2",
                                                "parcel_m2"]].itertuples(index=False):
        problems.append({"rule": "area_exceeds_parcel", "row": int(row), "parcel_id": pid, "credit_code": code,
                         "stated_m2": float(area), "parcel_m2": float(parcel)})

    # leases without an area: an equal share of the parcel among its users (owners and such lessees)
    users = pd.Series(np.bincount(parcel_pos, minlength=len(parcel_keys))[parcel_pos], index=lu.index)
    blank_lease = is_lease & ~lu["stated"]
    lu.loc[blank_lease, "area_m2"] = lu.loc[blank_lease, "parcel_m2"] / users[blank_lease]
    for row, pid, code in lu.loc[blank_lease, ["row", "parcel_id", "credit_code"]].itertuples(index=False):
        problems.append({"rule": "lease_without_area", "row": int(row), "parcel_id": pid, "credit_code": code})

    # owners' gross holdings: stated, else an equal share of what the stated owners leave
    stated_own = parcel_total(lu["area_m2"].where(is_own & lu["stated"], 0.0))
    blank_owners = parcel_total(is_own & ~lu["stated"])
    rest = (lu["parcel_m2"] - stated_own).clip(lower=0.0)
    share = rest / blank_owners.where(blank_owners > 0)
    gross = lu["area_m2"].where(~(is_own & ~lu["stated"]), share)
    lu["gross_m2"] = gross.where(is_own, 0.0)

    # leased area leaves the owners in proportion to their holdings (parcels without owners: none)
    leased = parcel_total(lu["area_m2"].where(is_lease, 0.0))
    owned = parcel_total(lu["gross_m2"])
    fraction_kept = (1.0 - leased / owned.where(owned > 0)).clip(lower=0.0).fillna(1.0)
    if not leases_move_land:  # the lessor keeps its land; a lease gives the lessee none
        fraction_kept[:] = 1.0
        lu.loc[is_lease, "area_m2"] = 0.0
    lu["area_m2"] = np.where(is_own, lu["gross_m2"] * fraction_kept, lu["area_m2"])
    over = (leased > owned) & (owned > 0)
    for pid in lu.loc[over, "parcel_id"].unique():
        first = lu.loc[lu["parcel_id"] == pid].iloc[0]
        problems.append({"rule": "leases_exceed_holdings", "parcel_id": pid,
                         "leased_m2": float(leased[first.name]), "owned_m2": float(owned[first.name])})
    table = lu[["credit_code", "parcel_id", "tenure", "area_m2", "stated", "gross_m2"]].reset_index(drop=True)
    return Allocation(table=table, problems=problems)

"""A zone's targets against its figures: the characteristic clusters' revenue targets (亿元) and the
indicator targets of a dataset's ``targets`` table (zone-level indicators of the registry, met or by
how much not). Pure functions of the canonical layers and the zone's figures of
:func:`zone_layers.summary.zone_summary`.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from zone_layers import metrics
from zone_layers.indicators import INDICATORS, get_indicator


def cluster_gaps(parcels: pd.DataFrame, cluster_targets: pd.DataFrame, *, zone_id: str, year: int) -> pd.DataFrame:
    """Revenue of each characteristic cluster of ``zone_id`` in ``year`` against its targets, 亿元.

    A firm belongs to a cluster when its ``industry`` contains the cluster's name or the other way
    round (装备制造 ↔ 装备制造, 食品 ↔ 食品加工). Revenue is the sum of the firms' revenue of ``year``
    on the zone's parcels (firms that report none are left out), ÷ 10 000 for 亿元. Columns:
    ``cluster``, ``revenue_yi``, ``n_firms`` (distinct firms whose revenue is summed),
    ``largest_share`` (the largest of those firms' share of the cluster's revenue),
    ``target_<year>`` for each target year, ``final_year`` (the cluster's last target year) and
    ``gap`` (revenue minus that year's target).
    """
    parcels = metrics.for_year(parcels, year)
    targets = cluster_targets.loc[cluster_targets["zone_id"] == zone_id]
    firm = parcels["credit_code"] if "credit_code" in parcels.columns else parcels["enterprise"]
    rows = []
    industry = parcels["industry"].fillna("").astype(str)
    for cluster, group in targets.groupby("cluster", sort=False):
        name = str(cluster)
        member = industry.map(lambda i, n=name: bool(i) and (n in i or i in n))
        revenue = parcels.loc[member, "revenue_wan"].sum(min_count=1) / 10_000
        reported = member & parcels["revenue_wan"].notna()
        reporting = firm[reported].dropna().nunique()
        per_firm = parcels.loc[reported, "revenue_wan"].groupby(firm[reported]).sum().abs()
        largest = float(per_firm.max() / per_firm.sum()) if per_firm.sum() > 0 else np.nan
        row: dict[str, object] = {"cluster": name, "revenue_yi": revenue, "n_firms": int(reporting),
                                  "largest_share": largest}
        ordered = group.sort_values("year")
        for target_year, target in zip(ordered["year"], ordered["revenue_target_yi"], strict=True):
            row[f"target_{int(target_year)}"] = float(target)
        row["final_year"] = int(ordered["year"].iloc[-1])
        row["gap"] = revenue - float(ordered["revenue_target_yi"].iloc[-1])
        rows.append(row)
    return pd.DataFrame(rows)


#: What can be wrong with a row of a dataset's ``targets`` table (:func:`target_problems`).
TARGET_PROBLEMS: tuple[str, ...] = ("unknown_indicator", "parcel_indicator", "repeated")
#: Relative tolerance of "met": a figure equal to its target up to rounding meets it.
TARGET_TOLERANCE = 1e-9


def target_indicators() -> tuple[str, ...]:
    """The indicator keys a ``targets`` row may name: the zone-level indicators of the registry, in
    registry order (a parcel or firm indicator has no zone figure to compare)."""
    return tuple(ind.key for ind in INDICATORS if ind.level == "zone")


def target_problems(targets: pd.DataFrame) -> pd.DataFrame:
    """The rows of a ``targets`` table that are not used as they stand, for the user to fix.

    Columns ``row`` (1-based, as counted in the table), ``zone_id``, ``year``, ``indicator`` and
    ``problem`` (a code of :data:`TARGET_PROBLEMS`): ``unknown_indicator`` (no key of the registry;
    the row is not used), ``parcel_indicator`` (a parcel or firm indicator, which a zone has no
    figure of; not used), ``repeated`` (the zone, year and indicator of an earlier row; each row is
    shown). The valid keys are :func:`target_indicators`.
    """
    keys = set(target_indicators())
    registry = {ind.key for ind in INDICATORS}
    indicator = targets["indicator"].astype("string").fillna("")
    problem = pd.Series(None, index=targets.index, dtype=object)
    problem[~indicator.isin(list(registry))] = "unknown_indicator"
    problem[indicator.isin(list(registry - keys))] = "parcel_indicator"
    repeated = targets.duplicated(["zone_id", "year", "indicator"], keep="first") & problem.isna()
    problem[repeated] = "repeated"
    bad = problem.notna().to_numpy()
    return pd.DataFrame({
        "row": np.arange(1, len(targets) + 1)[bad],
        "zone_id": targets["zone_id"].to_numpy()[bad],
        "year": targets["year"].to_numpy()[bad],
        "indicator": targets["indicator"].to_numpy()[bad],
        "problem": problem.to_numpy()[bad],
    })


def indicator_targets(targets: pd.DataFrame, zone_figures: Mapping[str, object], *, zone_id: str,
                      year: int) -> pd.DataFrame:
    """Each indicator target of ``zone_id`` against the zone's figure of ``year``.

    ``targets`` is a dataset's ``targets`` table: ``value`` in the indicator's unit as shown (万元/亩
    for ``industrial_tax_per_mu``; percent for an indicator shown in %: 62 is 62 %).
    ``zone_figures`` is the zone's :func:`zone_layers.summary.zone_summary` of ``year``; for a viewer, with the
    aggregates resting on too few firms blanked (:func:`zone_layers.disclosure.protect`),
    whose current value, gap and ``met`` then stay missing too. Rows naming no zone-level indicator
    are left out: :func:`target_problems` reports them.

    Returns one row per target of the zone, in registry order, then by target year: ``indicator``
    (key), ``target_year``, ``target`` (stored like the figures: a fraction for a percent indicator),
    ``year`` (of the current value), ``current``, ``gap`` (current − target, same scale; missing
    with the current value), ``met`` (True, False, or None without a current value: at or above
    the target, or at or below it for an indicator whose ``better`` is ``lower``, up to
    :data:`TARGET_TOLERANCE`) and ``better``.
    """
    if "zone_id" in zone_figures and zone_figures["zone_id"] != zone_id:
        msg = f"the zone figures are of zone {zone_figures['zone_id']!r}, not of {zone_id!r}"
        raise ValueError(msg)
    order = {key: i for i, key in enumerate(target_indicators())}
    mine = targets.loc[(targets["zone_id"] == zone_id) & targets["indicator"].isin(list(order))]
    mine = mine.assign(_order=mine["indicator"].map(order)).sort_values(["_order", "year"], kind="stable")
    rows = []
    for key, target_year, value in zip(mine["indicator"], mine["year"], mine["value"], strict=True):
        ind = get_indicator(key)
        target = float(value) / 100 if ind.percent else float(value)
        raw = zone_figures.get(key)
        current = float(raw) if isinstance(raw, int | float | np.number) and not pd.isna(raw) else np.nan
        gap = current - target
        met: bool | None = None
        if not np.isnan(current):
            slack = TARGET_TOLERANCE * max(1.0, abs(target))
            met = bool(current >= target - slack) if ind.better == "higher" else bool(current <= target + slack)
        rows.append({"indicator": key, "target_year": int(target_year), "target": target, "year": int(year),
                     "current": current, "gap": gap, "met": met, "better": ind.better})
    columns = ["indicator", "target_year", "target", "year", "current", "gap", "met", "better"]
    return pd.DataFrame(rows, columns=columns)

"""Enterprise evaluation per year: each firm's figures over its land, who is evaluated, and grades.

Pure functions on the enterprise tables (``enterprises``, ``enterprise_years``), the land
allocation of :mod:`zone_layers.firms` and the parcels. Every figure is dated: a firm's 亩均税收 of
a year is that year's tax over its land; a missing figure stays missing (never 0). The reasons a
firm is not evaluated are codes with parameters (``{"rule": "too_new", "registered_year": 2023,
"min_years": 3}``); ``dashboard/`` renders them in the page's language.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from geodata.crs import m2_to_mu
from zone_layers import grading
from zone_layers.firms import Allocation, land_allocation
from zone_layers.grading.model import EvaluationRules as EvaluationRules  # re-exported: defined with the config

#: Dated figures of ``enterprise_years`` (units: 万元, 吨标煤, persons).
YEAR_FIGURES: tuple[str, ...] = ("tax_wan", "revenue_wan", "value_added_wan", "energy_tce", "employees", "rd_wan")
#: Land figures of the parcels allocated to their users by area share (m², 万元).
LAND_FIGURES: tuple[str, ...] = ("floor_area_m2", "building_footprint_m2", "footprint_m2", "investment_wan")


def _allocated(parcels: pd.DataFrame, allocation: Allocation, columns: tuple[str, ...], *,
               parcel: np.ndarray) -> pd.DataFrame:
    """Parcel figures shared out to their users by the fraction of the parcel each uses, summed per
    firm. ``parcel`` is the position in ``parcels`` of each allocation row's parcel (-1: none)."""
    table = allocation.table
    found = parcel >= 0
    at = np.where(found, parcel, 0)

    def per_row(column: str) -> np.ndarray:
        values = parcels[column].to_numpy(dtype=float)[at] if column in parcels.columns else np.full(len(at), np.nan)
        return np.where(found, values, np.nan)  # a row of an unknown parcel, an absent field: missing

    share = table["area_m2"].to_numpy() / per_row("area_m2")
    # min_count=1: a firm none of whose parcels has the figure keeps it missing. Grouped by the codes
    # a groupby on the credit codes would use (sorted), so the sums are the same to the last bit
    firm, firms = pd.factorize(table["credit_code"], sort=True)
    key = np.where(firm >= 0, firm, np.nan)  # a row without a credit code belongs to no firm
    out = pd.DataFrame({c: per_row(c) * share for c in columns}).groupby(key).sum(min_count=1)
    out.index = pd.Index(firms, name="credit_code")[out.index.to_numpy(dtype=np.intp)]
    return out


def firm_land_table(enterprises: pd.DataFrame, parcels: pd.DataFrame, allocation: Allocation) -> pd.DataFrame:
    """One row per enterprise: its land (m², 亩; own, leased out, leased in, industrial A2 part)
    and the parcels' floor area, footprint and investment allocated to it by area share.

    ``parcels`` needs ``parcel_id``, ``land_class``, ``built``, ``area_m2`` (from the geometry) and
    the columns of :data:`LAND_FIGURES`. Firms without any land-use row get land 0. ``built`` is
    true when any parcel the firm uses is built (a firm on unbuilt land only is under construction).
    """
    codes = pd.Index(enterprises["credit_code"], name="credit_code")
    firm_land = allocation.firm_land()
    land = firm_land.reindex(codes, fill_value=0.0)
    # per table row: its firm's row in firm_land and its parcel's row in parcels (one hash pass
    # each; the sums below are bincounts, not string groupbys)
    table = allocation.table
    firm = firm_land.index.get_indexer(table["credit_code"])
    parcel = pd.Index(parcels["parcel_id"]).get_indexer(table["parcel_id"])
    rows = (firm >= 0) & (parcel >= 0)
    extra = _allocated(parcels, allocation, LAND_FIGURES, parcel=parcel)
    firm, parcel = firm[rows], parcel[rows]
    area = np.nan_to_num(table["area_m2"].to_numpy(dtype=float)[rows])
    on_a2 = parcels["land_class"].eq("A2").to_numpy(dtype=bool)[parcel]
    industrial = np.bincount(firm, weights=np.where(on_a2, area, 0.0), minlength=len(firm_land))
    land["industrial_m2"] = pd.Series(industrial, index=firm_land.index).reindex(codes, fill_value=0.0)
    land["land_mu"] = m2_to_mu(land["land_m2"])
    # built: any parcel the firm uses is built (a firm on unbuilt land only is under construction)
    on_built = parcels["built"].eq(True).fillna(False).to_numpy(dtype=bool)[parcel]
    any_built = np.bincount(firm, weights=on_built.astype(float), minlength=len(firm_land)) > 0
    land["built"] = pd.Series(any_built, index=firm_land.index).reindex(codes, fill_value=False).astype(bool)
    return land.join(extra.reindex(codes))


def _per(num: pd.Series, den: pd.Series) -> pd.Series:
    return num.astype(float) / den.astype(float).where(den > 0)


def firm_year_indicators(enterprises: pd.DataFrame, years: pd.DataFrame, land: pd.DataFrame) -> pd.DataFrame:
    """Every 亩均 indicator per firm and year, with that year's figures over the firm's land.

    Returns one row per row of ``years`` (``credit_code``, ``year``) with the enterprise's
    ``name``, ``industry``, ``above_scale``, ``registered``, ``exempt``, its land columns and:
    ``tax_per_mu``, ``revenue_per_mu``, ``value_added_per_mu``, ``investment_intensity`` (万元/亩),
    ``floor_area_ratio``, ``building_coefficient``, ``parcel_building_density`` (建筑密度: building
    footprints alone over the land; fractions), ``value_added_per_energy``,
    ``tax_per_energy`` (万元/吨标煤), ``labour_productivity`` (万元/人), ``rd_share`` (fraction).
    """
    firm = enterprises.set_index("credit_code")
    out = years.merge(firm[["name", "industry", "above_scale", "registered", "exempt"]],
                      left_on="credit_code", right_index=True, how="left")
    out = out.merge(land, left_on="credit_code", right_index=True, how="left")
    return add_ratios(out).reset_index(drop=True)


def add_ratios(out: pd.DataFrame) -> pd.DataFrame:
    """The indicator columns of :func:`firm_year_indicators` (re)computed, in place, from a firm-year
    table's figures and land (``land_mu``, ``land_m2``, ``investment_wan``, …); returns ``out``.
    Used again after a recorded override corrects a figure or a land area."""
    mu, m2 = out["land_mu"], out["land_m2"]
    out["tax_per_mu"] = _per(out["tax_wan"], mu)
    out["revenue_per_mu"] = _per(out["revenue_wan"], mu)
    out["value_added_per_mu"] = _per(out["value_added_wan"], mu)
    out["investment_intensity"] = _per(out["investment_wan"], mu)
    out["floor_area_ratio"] = _per(out["floor_area_m2"], m2)
    out["building_coefficient"] = _per(out["footprint_m2"], m2)
    out["parcel_building_density"] = _per(out["building_footprint_m2"], m2)
    out["value_added_per_energy"] = _per(out["value_added_wan"], out["energy_tce"])
    out["tax_per_energy"] = _per(out["tax_wan"], out["energy_tce"])
    out["labour_productivity"] = _per(out["value_added_wan"], out["employees"])
    out["rd_share"] = _per(out["rd_wan"], out["revenue_wan"])
    return out


def not_evaluated(firm_years: pd.DataFrame, rules: EvaluationRules) -> pd.Series:
    """Why each firm-year is not evaluated (a code dict), or None when it is.

    The first rule that applies wins, in this order: ``ungraded_exempt`` (with the data's reason as
    ``exempt``), ``ungraded_no_land``, ``ungraded_too_new`` (``registered_year``, ``min_years``),
    ``ungraded_small`` (not 规上 and ``area_mu`` below ``min_mu``), ``ungraded_no_tax`` (a missing tax
    figure; a reported 0 is evaluated).
    """
    fy = firm_years
    registered_year = pd.to_datetime(fy["registered"], errors="coerce").dt.year
    exempt = fy["exempt"].astype("string").str.strip().fillna("")
    below_scale = ~fy["above_scale"].astype("boolean").fillna(False).astype(bool)
    conditions = [  # highest priority first
        (exempt != "").to_numpy(),
        (~(fy["land_m2"] > 0)).to_numpy(),
        ((fy["year"] - registered_year) < rules.min_years_registered).fillna(False).to_numpy(dtype=bool),
        (below_scale & (fy["land_mu"] < rules.small_firm_min_mu)).to_numpy(dtype=bool),
        fy["tax_wan"].isna().to_numpy(),
    ]
    rule = np.select(conditions, ["ungraded_exempt", "ungraded_no_land", "ungraded_too_new", "ungraded_small",
                                  "ungraded_no_tax"], default="")
    # a dict per firm not evaluated, None for the others; built per rule from plain arrays (a
    # pandas lookup per row cost ≈ 0.2 s a year for 60 000 firms)
    reason = np.full(len(fy), None, dtype=object)
    exempt_text = exempt.to_numpy(dtype=object)
    reg_year = registered_year.to_numpy(dtype=float)
    land_mu = fy["land_mu"].to_numpy(dtype=float)
    for code in ("ungraded_exempt", "ungraded_no_land", "ungraded_too_new", "ungraded_small", "ungraded_no_tax"):
        pos = np.flatnonzero(rule == code)
        dicts: list[dict[str, object]]
        if code == "ungraded_exempt":
            dicts = [{"rule": code, "exempt": str(e)} for e in exempt_text[pos]]
        elif code == "ungraded_too_new":
            dicts = [{"rule": code, "registered_year": int(y), "min_years": rules.min_years_registered}
                     for y in reg_year[pos]]
        elif code == "ungraded_small":
            dicts = [{"rule": code, "area_mu": round(float(a), 2), "min_mu": rules.small_firm_min_mu}
                     for a in land_mu[pos]]
        else:
            dicts = [{"rule": code} for _ in pos]
        column = np.empty(len(pos), dtype=object)
        column[:] = dicts
        reason[pos] = column
    return pd.Series(reason, index=fy.index, dtype=object)


def rule_version(config: grading.GradingConfig, preset: str | None, rules: EvaluationRules,
                 benchmarks: Mapping[str, float] | None = None) -> str:
    """``<preset>@<8 hex>``: the preset's key and a hash of everything that decides the grades."""
    chosen = config.preset(preset)
    text = repr((chosen, config.score_cap, config.min_group_size, config.ungraded_industries,
                 config.ungraded_if_no_tax, rules, sorted((benchmarks or {}).items())))
    return f"{chosen.key}@{hashlib.sha1(text.encode('utf-8')).hexdigest()[:8]}"


def evaluate_year(firm_years: pd.DataFrame, year: int, config: grading.GradingConfig, *,
                  preset: str | None = None, rules: EvaluationRules | None = None,
                  benchmarks: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Grade the firms of one year: one row per firm with ``evaluated``, ``reason``, ``score``,
    ``grade``, ``grade_reason`` and ``rule_version`` added to its indicators.

    Firms not evaluated get grade :data:`zone_layers.grading.UNGRADED` and the reason; the others
    are graded together by the preset (:func:`zone_layers.grading.grade_enterprises`, ties by the
    preset's ``tie_rule``, the order within a tie by credit code), tenants in a group of their own
    when ``rules.tenants_separate``. ``rules`` defaults to the configuration's ``[evaluation]``
    (``config.evaluation``). :func:`class_targets` tells which classes missed their quota.
    """
    rules = config.evaluation if rules is None else rules
    fy = firm_years.loc[firm_years["year"] == year].reset_index(drop=True).copy()
    fy["reason"] = not_evaluated(fy, rules)
    fy["evaluated"] = fy["reason"].isna()
    fy["score"] = np.nan
    fy["grade"] = pd.Series(grading.UNGRADED, index=fy.index, dtype=object)
    fy["grade_reason"] = pd.Series(None, index=fy.index, dtype=object)
    ev = fy.loc[fy["evaluated"]].copy()
    ev["enterprise"], ev["parcel_id"] = ev["credit_code"], ev["credit_code"]
    tenant = (ev["own_m2"] <= 0) & (ev["leased_in_m2"] > 0)
    groups = [ev.loc[tenant], ev.loc[~tenant]] if rules.tenants_separate else [ev]
    for group in groups:
        if len(group):
            graded = grading.grade_enterprises(group, config, preset=preset, benchmarks=benchmarks)
            fy.loc[group.index, ["score", "grade", "grade_reason"]] = graded[["score", "grade", "grade_reason"]]
    fy["tenant"] = (fy["own_m2"] <= 0) & (fy["leased_in_m2"] > 0)
    fy["rule_version"] = rule_version(config, preset, rules, benchmarks)
    return fy


def class_targets(graded: pd.DataFrame, config: grading.GradingConfig, *, preset: str | None = None,
                  rules: EvaluationRules | None = None) -> pd.DataFrame:
    """Each class's quota and actual count in the output of :func:`evaluate_year`, per group graded
    together (:func:`zone_layers.grading.class_targets` for each).

    Columns ``group`` (``all``; with ``rules.tenants_separate``: ``tenants`` and ``owners``), ``n``
    (firms graded in the group), ``grade``, ``share``, ``target``, ``actual``, ``missed``; no rows
    for a group without quotas (a method without shares, a group below ``min_group_size``).
    ``rules`` defaults to ``config.evaluation`` as in :func:`evaluate_year`.
    """
    rules = config.evaluation if rules is None else rules
    tenant = graded["tenant"].astype(bool)
    groups = {"tenants": graded.loc[tenant], "owners": graded.loc[~tenant]} if rules.tenants_separate \
        else {"all": graded}
    parts = []
    for name, group in groups.items():
        table = grading.class_targets(group["grade"], config, preset)
        parts.append(table.assign(group=name, n=int(table["actual"].sum())))
    out = pd.concat(parts, ignore_index=True)
    return out[["group", "n", "grade", "share", "target", "actual", "missed"]]


@dataclass(frozen=True)
class FirmTables:
    """The enterprises of a dataset worked out once: land allocation, land per firm, firm-years."""

    allocation: Allocation
    land: pd.DataFrame
    firm_years: pd.DataFrame
    years: tuple[int, ...]

    def main_user(self) -> pd.DataFrame:
        """Per parcel the firm using most of it (ties: the smaller credit code) and how many use it:
        ``parcel_id``, ``credit_code``, ``n_firms``."""
        t = self.allocation.table
        # one sort of integer codes (parcel key, then area descending with a missing area last, then
        # credit code with a missing one last, then table order), not a sort of the string columns
        parcel, parcels = pd.factorize(t["parcel_id"], sort=True)
        firm, firms = pd.factorize(t["credit_code"], sort=True)
        area = t["area_m2"].to_numpy(dtype=float)
        no_area = np.isnan(area)
        order = np.lexsort((np.where(firm >= 0, firm, len(firms)), -np.where(no_area, 0.0, area), no_area, parcel))
        order = order[parcel[order] >= 0]  # a row without a parcel key belongs to no parcel
        first = np.ones(len(order), dtype=bool)
        first[1:] = parcel[order][1:] != parcel[order][:-1]
        out = t[["parcel_id", "credit_code"]].take(order[first]).reset_index(drop=True)
        named = (parcel >= 0) & (firm >= 0)  # distinct credit codes per parcel (a missing one is none)
        pairs = np.unique(parcel[named].astype(np.int64) * max(len(firms), 1) + firm[named])
        out["n_firms"] = np.bincount(pairs // max(len(firms), 1), minlength=len(parcels))
        return out

    @cached_property
    def _user_parcels(self) -> pd.DataFrame:
        """The land each firm uses on each parcel (``parcel_id``, ``credit_code``, ``area_m2``), the
        same in every year: grouped once per tables, not once per :meth:`users` call (a zone view asks
        for every year; ≈ 0.15 s each for 100 000 parcels). Shared: do not modify."""
        return self.allocation.table.groupby(["parcel_id", "credit_code"], as_index=False, sort=True)["area_m2"].sum()

    def users(self, year: int) -> pd.DataFrame:
        """Who uses which parcel, with the firm's figures of ``year``: one row per firm and parcel,
        ``parcel_id``, ``credit_code``, ``area_m2`` (the part it uses) and :data:`YEAR_FIGURES`
        (missing where the firm did not report the figure, or has no row for ``year``). The
        ``users`` table of :func:`zone_layers.metrics.land_accounts`.

        Built once per year and tables (a zone view asks for each year several times: sections, zone,
        trend, disclosure; ≈ 0.1 s each for 100 000 parcels). Shared: do not modify."""
        held = self._users_by_year
        if year not in held:  # two threads may both build it: the same table, the last one kept
            held[year] = self._users(year)
        return held[year]

    @cached_property
    def _users_by_year(self) -> dict[int, pd.DataFrame]:
        return {}

    def _users(self, year: int) -> pd.DataFrame:
        t = self._user_parcels
        fy = self.firm_years.loc[self.firm_years["year"] == year].drop_duplicates("credit_code")
        figures = fy.set_index("credit_code")[list(YEAR_FIGURES)].reindex(t["credit_code"])
        return pd.concat([t, figures.reset_index(drop=True).astype(float)], axis=1)


def firm_tables(enterprises: pd.DataFrame, enterprise_years: pd.DataFrame, land_use: pd.DataFrame,
                parcels: pd.DataFrame, parcel_area_m2: pd.Series, *,
                rules: EvaluationRules | None = None) -> FirmTables:
    """Allocate the land and compute every firm-year's indicators (see :func:`firm_year_indicators`).

    ``parcel_area_m2`` is each parcel's area from the geometry, on the index of ``parcels``;
    ``rules.leased_land_to`` says whose land a lease is (default: the lessee's).
    """
    area = pd.Series(parcel_area_m2.to_numpy(dtype=float), index=parcels["parcel_id"].to_numpy())
    to_lessee = (rules or EvaluationRules()).leased_land_to == "lessee"
    allocation = land_allocation(land_use, area, leases_move_land=to_lessee)
    with_area = parcels.assign(area_m2=parcel_area_m2.to_numpy(dtype=float))
    land = firm_land_table(enterprises, with_area, allocation)
    years = enterprise_years.copy()
    years["year"] = years["year"].astype(int)
    fy = firm_year_indicators(enterprises, years, land)
    return FirmTables(allocation=allocation, land=land, firm_years=fy,
                      years=tuple(sorted(int(y) for y in years["year"].unique())))


def parcel_figures(parcels: pd.DataFrame, tables: FirmTables) -> pd.DataFrame:
    """The firm figures each parcel carries on the map, by area share, for every year.

    A firm's figure of a year is shared out to its parcels in proportion to the land it uses on
    each (one firm on one parcel: the whole figure). Columns, on the index of ``parcels``:
    ``credit_code``, ``enterprise`` and ``industry`` of the main user (:meth:`FirmTables.main_user`),
    ``n_firms``, and ``<figure>_<year>`` for ``tax_wan``, ``revenue_wan``, ``value_added_wan``,
    ``energy_tce``, ``employees`` and ``rd_wan`` (missing where no user reported the figure).
    """
    t = tables.allocation.table
    land = tables.land["land_m2"].reindex(t["credit_code"]).to_numpy()
    share = pd.Series(t["area_m2"].to_numpy() / np.where(land > 0, land, np.nan), index=t.index)
    out = pd.DataFrame(index=parcels.index)
    main = tables.main_user().set_index("parcel_id")
    pid = parcels["parcel_id"]
    out["credit_code"] = main["credit_code"].reindex(pid).to_numpy()
    fy = tables.firm_years
    # positions computed once (firm of each table row and firm-year, parcel of each table row); each
    # year is then array indexing and bincounts, not a string reindex and groupby per year
    firm_keys = pd.Index(t["credit_code"]).unique()
    row_firm = firm_keys.get_indexer(t["credit_code"])
    year_firm = firm_keys.get_indexer(fy["credit_code"])
    # name and industry of the main user from its first firm-year row (as fy.drop_duplicates)
    seen, first_row = np.unique(year_firm, return_index=True)
    info_row = np.full(len(firm_keys) + 1, -1)  # the last slot: a main user without a firm-year row
    info_row[seen[seen >= 0]] = first_row[seen >= 0]
    main_key = firm_keys.get_indexer(out["credit_code"])
    at = info_row[np.where(main_key >= 0, main_key, len(firm_keys))]
    for column, field in (("enterprise", "name"), ("industry", "industry")):
        values = fy[field].to_numpy(dtype=object)
        picked = values[np.maximum(at, 0)] if len(values) else np.full(len(at), np.nan, dtype=object)
        out[column] = np.where(at >= 0, picked, np.nan)
    out["n_firms"] = main["n_firms"].reindex(pid).fillna(0).astype(int).to_numpy()
    row_parcel = pd.Index(pid).get_indexer(t["parcel_id"])
    on_shown = row_parcel >= 0  # allocation rows of parcels not in ``parcels`` add nothing here
    row_firm, row_parcel = row_firm[on_shown], row_parcel[on_shown]
    row_share = share.to_numpy()[on_shown][:, None]
    fy_years = fy["year"].to_numpy()
    fy_values = fy[list(YEAR_FIGURES)].to_numpy(dtype=float)
    columns = {}
    for year in tables.years:
        rows = (fy_years == year) & (year_firm >= 0)
        figures = np.full((len(firm_keys), len(YEAR_FIGURES)), np.nan)
        figures[year_firm[rows]] = fy_values[rows]
        per_row = figures[row_firm] * row_share
        for k, figure in enumerate(YEAR_FIGURES):
            value = per_row[:, k]
            known = ~np.isnan(value)
            total = np.bincount(row_parcel[known], weights=value[known], minlength=len(pid))
            reported = np.bincount(row_parcel[known], minlength=len(pid)) > 0
            columns[f"{figure}_{year}"] = np.where(reported, total, np.nan)  # min_count=1: none reported stays missing
    return pd.concat([out, pd.DataFrame(columns, index=parcels.index)], axis=1)

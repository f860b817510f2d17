"""Land lifecycle registers as of a date: 闲置土地, 供而未用, 批而未供, 低效用地, 标准地 履约, redevelopment.

Pure functions of the lifecycle tables (``contracts``, ``progress``, ``approvals``: ``geodata/README.md``),
the parcels and the firms' yearly figures. The rules (``docs/definitions.md``, "Land supply lifecycle"):

- **Counting a year** (民法典 arts. 201–202): the agreed day itself is not counted; a period of *n*
  years ends at the end of the corresponding day *n* years later, or of the month's last day when
  there is none (a start agreed for 2024-02-29 has run a year at the end of 2025-02-28). Land is
  idle from the day after that end: a start agreed for 2025-06-29 has run one full year at the end of
  2026-06-29, so on 2026-06-29 the land is not idle yet and on 2026-06-30 it is, one day overdue.
- **闲置土地** (《闲置土地处置办法》 arts. 2, 14), two criteria: ``not_started`` — construction not
  started one full year after the agreed start; ``stopped`` — started, the developed area under 1/3
  of the parcel's area *or* the investment under 25 % of the agreed total investment, and work
  stopped for one full year (counted from ``stopped_since``). Idle land owes a fee of 20 % of the
  land price; two full years after the same date it may be taken back without compensation (unless
  the government or force majeure caused the delay: the register says "eligible", an officer decides).
- **供而未用**: supplied (signed by the date, or signing date unknown) and not started, not yet idle.
- **批而未供**: the part of an approved batch (approved by the date) not covered by parcels supplied by
  the date (a contract signed by then, or flagged ``supplied`` without any contract), area measured
  like every area of the project (:func:`geodata.crs.area_m2`, Gauss-Kruger per geometry).
- **标准地 履约**: a contract with any commitment; each committed figure against the firm's actual one
  of the latest year with figures before the date (a year's figures are known once it has ended).
  Before the agreed 达产 date a shortfall is ``behind`` (else ``on_track``); after it, ``failed`` or
  ``met``. Reviews (start, completion, 达产) within 90 days are listed.
- A contract whose agreed start is missing is never judged: it is listed under ``missing_dates`` with
  the reason code, never guessed; so is land stopped for a full year whose developed area or
  investment is unknown (when no known share is under its threshold).

Dates in, codes out: the dashboard words every code from its catalogue (``dashboard/i18n_land.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geodata.crs import area_m2, m2_to_mu
from geodata.dataset import ZoneDataset
from zone_layers import evaluation, summary

#: The idle-land fee: this share of the land price (《闲置土地处置办法》 art. 14).
IDLE_FEE_SHARE: float = 0.20
#: Years without start (or stopped) before land is idle, and before it may be taken back.
IDLE_YEARS: int = 1
TAKE_BACK_YEARS: int = 2
#: The ``stopped`` criterion: developed area under this share of the parcel, or investment under this
#: share of the agreed total investment.
DEVELOPED_SHARE_MIN: float = 1 / 3
INVESTED_SHARE_MIN: float = 0.25
#: Reviews of 标准地 commitments listed when due within this many days.
REVIEW_WINDOW_DAYS: int = 90
#: An unsupplied part of a batch smaller than this (m²) is a sliver of drawing, not land.
SLIVER_M2: float = 1.0
#: Registers whose entries carry a disposal status, in display order.
REGISTERS: tuple[str, ...] = ("idle", "supplied_not_started", "approved_not_supplied", "low_efficiency")
#: Disposal states and the ways a case is closed (the catalogue words them).
STATUSES: tuple[str, ...] = ("pending", "in_progress", "closed")
DISPOSALS: tuple[str, ...] = ("taken_back", "started", "extended", "fee_paid", "replanned", "other")
#: 标准地 commitments: (contract field, firm-year figure, the better direction).
COMMITMENTS: tuple[tuple[str, str, str], ...] = (
    ("investment_wan_per_mu", "investment_intensity", "higher"),
    ("tax_wan_per_mu", "tax_per_mu", "higher"),
    ("far_min", "floor_area_ratio", "higher"),
    ("energy_tce_per_wan", "energy_per_value_added", "lower"),
)
#: Commitment outputs only an analyst may see (firm tax, investment and energy: confidential).
CONFIDENTIAL_COMMITMENT_COLUMNS: tuple[str, ...] = (
    "actual_investment_wan_per_mu", "gap_investment_wan_per_mu", "actual_tax_wan_per_mu", "gap_tax_wan_per_mu",
    "actual_energy_tce_per_wan", "gap_energy_tce_per_wan", "status", "short", "figures_year")
#: Redevelopment outputs only an analyst may see (today's tax and what it is measured against).
CONFIDENTIAL_REDEVELOPMENT_COLUMNS: tuple[str, ...] = ("tax_wan", "tax_per_mu", "median_tax_per_mu",
                                                       "tax_potential_wan")


def add_years(dates: pd.Series, years: int | pd.Series) -> pd.Series:
    """The corresponding day ``years`` later (民法典 art. 202), or the month's last day when there is
    none (29 February → 28 February); missing stays missing. ``years`` may differ per row.

    Examples
    --------
    >>> add_years(pd.Series(pd.to_datetime(["2024-02-29", "2025-06-29"])), 1).dt.strftime("%Y-%m-%d").tolist()
    ['2025-02-28', '2026-06-29']
    """
    dates = pd.Series(pd.to_datetime(dates)).astype("datetime64[ns]")
    known = dates.notna()
    if isinstance(years, pd.Series):
        known &= years.notna()
        years = years.fillna(0).astype(int)
    year = (dates.dt.year + years).where(known, 2000)
    first = pd.to_datetime(pd.DataFrame({"year": year, "month": dates.dt.month.where(known, 1), "day": 1}))
    last = (first + pd.offsets.MonthEnd(0)).dt.day
    out = first + pd.to_timedelta(np.minimum(dates.dt.day.where(known, 1), last) - 1, unit="D")
    return out.where(known).astype("datetime64[ns]")


def full_years(dates: pd.Series, as_of: pd.Timestamp) -> pd.Series:
    """Full years run from each date by the end of ``as_of`` (民法典 arts. 201–202): the largest *n*
    whose corresponding day (:func:`add_years`) is not after ``as_of``; missing stays missing."""
    years = (as_of.year - dates.dt.year).astype("Int64")
    after = (add_years(dates, years) > as_of).fillna(False).astype(bool)
    return years.where(~after, years - 1).astype("Int64")


def progress_as_of(progress: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Per parcel, what the observations up to ``as_of`` say: ``observed`` (the latest date),
    ``started`` (any observation says so), and that latest observation's ``developed_area_m2``,
    ``invested_wan``, ``stopped_since`` and ``completed`` (a date after ``as_of`` not yet true)."""
    seen = progress.loc[progress["date"] <= as_of].sort_values(["parcel_id", "date"], kind="stable")
    columns = ["observed", "started", "developed_area_m2", "invested_wan", "stopped_since", "completed"]
    if seen.empty:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="parcel_id"))
    last = seen.drop_duplicates("parcel_id", keep="last").set_index("parcel_id")  # the row, blanks included
    out = pd.DataFrame(index=last.index)
    out["observed"] = seen.groupby("parcel_id")["date"].max()
    out["started"] = seen["started"].eq(True).groupby(seen["parcel_id"]).any()
    for name in ("developed_area_m2", "invested_wan"):
        out[name] = last[name].astype(float)
    for name in ("stopped_since", "completed"):
        out[name] = last[name].where(last[name] <= as_of).astype("datetime64[ns]")
    return out


def _codes(rules: list[tuple[pd.Series, str]], index: pd.Index) -> pd.Series:
    """The code of the first rule that holds per row, None where none does (an object column)."""
    codes = np.full(len(index), None, dtype=object)
    for mask, code in reversed(rules):
        codes[np.asarray(mask, dtype=bool)] = code
    return pd.Series(codes, index=index, dtype=object)


def contract_states(contracts: pd.DataFrame, progress: pd.DataFrame, parcel_area_m2: pd.Series,
                    as_of: pd.Timestamp) -> pd.DataFrame:
    """Every contract supplied by ``as_of`` with what the registers need, one row each.

    ``parcel_area_m2`` is the area of each parcel on a ``parcel_id`` index. Columns added:
    the progress of :func:`progress_as_of`, ``area_m2``, ``area_mu``, ``developed_share``,
    ``invested_share``, ``criterion`` (``not_started``, ``stopped`` or None), ``below`` (for
    ``stopped``: ``("area",)``, ``("investment",)`` or both), ``anchor`` (the date the year counts
    from), ``idle_from`` (the first idle day), ``days_overdue``, ``fee_wan``, ``take_back_from``,
    ``take_back_eligible``, ``idle_due`` (for land not started: the last day of its year) and
    ``missing`` (a reason code when the agreed start is missing).
    """
    c = contracts.loc[~(contracts["signed"] > as_of).fillna(False).astype(bool)].reset_index(drop=True)
    p = progress_as_of(progress, as_of).reindex(c["parcel_id"])
    out = c.copy()
    for name in p.columns:
        out[name] = p[name].to_numpy()
    out["started"] = out["started"].eq(True).fillna(False).astype(bool)
    out["area_m2"] = parcel_area_m2.reindex(c["parcel_id"]).to_numpy(dtype=float)
    out["area_mu"] = m2_to_mu(out["area_m2"])
    out["developed_share"] = out["developed_area_m2"] / out["area_m2"].where(out["area_m2"] > 0)
    total = out["total_investment_wan"].astype(float)
    out["invested_share"] = out["invested_wan"] / total.where(total > 0)
    completed = out["completed"].notna()
    start = out["agreed_start"]
    not_started = ~out["started"] & ~completed & start.notna()
    stopped = out["started"] & ~completed & out["stopped_since"].notna()
    below_area = (out["developed_area_m2"] < out["area_m2"] * DEVELOPED_SHARE_MIN).fillna(False).astype(bool)
    below_investment = (out["invested_wan"] < total * INVESTED_SHARE_MIN).fillna(False).astype(bool)
    anchor = start.where(not_started, out["stopped_since"].where(stopped))
    year_end = add_years(anchor, IDLE_YEARS)
    idle_not_started = not_started & (as_of > year_end).fillna(False).astype(bool)
    idle_stopped = stopped & (below_area | below_investment) & (as_of > year_end).fillna(False).astype(bool)
    idle = idle_not_started | idle_stopped
    out["criterion"] = _codes([(idle_not_started, "not_started"), (idle_stopped, "stopped")], out.index)
    out["below"] = [tuple(k for k, b in (("area", a), ("investment", i)) if b) if s else ()
                    for a, i, s in zip(below_area, below_investment, idle_stopped, strict=True)]
    out["anchor"] = anchor.where(idle)
    out["idle_from"] = (year_end + pd.Timedelta(days=1)).where(idle)
    out["days_overdue"] = pd.Series((as_of - year_end).dt.days, index=out.index).where(idle).astype("Int64")
    out["fee_wan"] = (out["land_price_wan"].astype(float) * IDLE_FEE_SHARE).where(idle)
    back_end = add_years(anchor, TAKE_BACK_YEARS)
    out["take_back_from"] = (back_end + pd.Timedelta(days=1)).where(idle)
    out["take_back_eligible"] = idle & (as_of > back_end).fillna(False).astype(bool)
    out["idle_due"] = year_end.where(not_started & ~idle)
    # stopped a full year, not under a known threshold, but a share unknown: it may be idle; not guessed
    unknown_share = out["developed_share"].isna() | out["invested_share"].isna()
    undecided = stopped & ~idle & unknown_share & (as_of > year_end).fillna(False).astype(bool)
    out["missing"] = _codes([(start.isna() & ~completed & ~stopped, "no_agreed_start"),
                             (undecided, "stopped_share_unknown")], out.index)
    return out


def idle_register(states: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """闲置土地: one row per idle contract, the longest overdue first."""
    idle = states.loc[states["criterion"].notna()]
    columns = ["parcel_id", "contract_no", "credit_code", "criterion", "below", "agreed_start", "stopped_since",
               "anchor", "idle_from", "days_overdue", "land_price_wan", "fee_wan", "take_back_eligible",
               "take_back_from", "area_m2", "area_mu", "developed_share", "invested_share", "observed"]
    return idle[columns].sort_values(["days_overdue", "parcel_id"], ascending=[False, True]).reset_index(drop=True)


def supplied_not_started(states: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """供而未用: supplied, not started, not yet idle; ``days_to_idle`` until the first idle day."""
    rows = states.loc[states["idle_due"].notna()].copy()
    rows["days_to_idle"] = ((rows["idle_due"] - as_of).dt.days + 1).astype("Int64")
    columns = ["parcel_id", "contract_no", "credit_code", "signed", "agreed_start", "idle_due", "days_to_idle",
               "area_m2", "area_mu", "observed"]
    return rows[columns].sort_values(["days_to_idle", "parcel_id"]).reset_index(drop=True)


def missing_dates(states: pd.DataFrame) -> pd.DataFrame:
    """Contracts the registers cannot judge, with the reason code: ``no_agreed_start`` (never started as
    far as known, without an agreed start), ``stopped_share_unknown`` (stopped a full year, neither
    known share under its threshold, the area developed or the investment made unknown)."""
    rows = states.loc[states["missing"].notna()]
    return rows[["parcel_id", "contract_no", "credit_code", "signed", "missing"]].rename(
        columns={"missing": "reason"}).reset_index(drop=True)


def approved_not_supplied(approvals: gpd.GeoDataFrame, parcels: gpd.GeoDataFrame, contracts: pd.DataFrame,
                          as_of: pd.Timestamp) -> gpd.GeoDataFrame:
    """批而未供: per batch approved by ``as_of``, the part not covered by parcels supplied by then.

    A parcel counts as supplied when a contract of it was signed by ``as_of`` (a contract without a
    signing date counts), or, having no contract, when it is flagged ``supplied``. Areas in m² and
    亩 from :func:`geodata.crs.area_m2`; ``age_days`` and ``full_years`` since approval (the year
    counted as in :func:`add_years`). Batches with nothing unsupplied (below :data:`SLIVER_M2`) are
    left out; the largest unsupplied area first.
    """
    columns = ["batch_id", "name", "zone_id", "approved", "age_days", "full_years", "approved_m2",
               "unsupplied_m2", "unsupplied_mu", "unsupplied_share"]
    batches = approvals.loc[~(approvals["approved"] > as_of).fillna(False).astype(bool)].reset_index(drop=True)
    if batches.empty:
        return gpd.GeoDataFrame({c: [] for c in columns}, geometry=gpd.GeoSeries([], crs=approvals.crs))
    signed = contracts.loc[~(contracts["signed"] > as_of).fillna(False).astype(bool), "parcel_id"]
    with_contract = parcels["parcel_id"].isin(set(contracts["parcel_id"]))
    supplied = parcels["parcel_id"].isin(set(signed)) | (~with_contract & parcels["supplied"].eq(True).fillna(False))
    near = np.zeros(len(parcels), dtype=bool)  # only parcels whose box meets a batch can cover it
    near[np.unique(parcels.sindex.query(batches.geometry.to_numpy(), predicate="intersects")[1])] = True
    cover = shapely.union_all(parcels.geometry.to_numpy()[supplied.to_numpy(dtype=bool) & near])
    left = shapely.difference(batches.geometry.to_numpy(), cover)
    out = gpd.GeoDataFrame(batches[["batch_id", "name", "zone_id", "approved"]].copy(),
                           geometry=gpd.GeoSeries(left, crs=batches.crs))
    out["approved_m2"] = area_m2(batches.geometry).to_numpy()
    out["unsupplied_m2"] = area_m2(out.geometry).to_numpy()
    out["unsupplied_mu"] = m2_to_mu(out["unsupplied_m2"])
    out["unsupplied_share"] = out["unsupplied_m2"] / out["approved_m2"]
    out["age_days"] = (as_of - out["approved"]).dt.days.astype("Int64")
    out["full_years"] = full_years(out["approved"], as_of)
    out = out.loc[out["unsupplied_m2"] >= SLIVER_M2]
    return out[[*columns, "geometry"]].sort_values(["unsupplied_m2", "batch_id"], ascending=[False, True]) \
        .reset_index(drop=True)


def commitments(contracts: pd.DataFrame, firm_years: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """标准地 履约: each contract with a commitment, its committed and actual figures and the gaps.

    ``firm_years`` is :attr:`zone_layers.evaluation.FirmTables.firm_years`. The actual figures are
    the firm's of the latest year before ``as_of``'s year that has a row for it (``figures_year``).
    Per commitment ``committed_<f>``, ``actual_<f>`` and ``gap_<f>`` (actual − committed, in the
    commitment's unit: 万元/亩 for investment and tax). ``short`` lists the commitments not met;
    ``status``: ``no_figures``, ``on_track``, ``behind`` (before the 达产 date), ``met``, ``failed``
    (after it), or ``not_started`` before the agreed start.
    """
    names = [c for c, _, _ in COMMITMENTS]
    has = contracts[names].notna().any(axis=1)
    rows = contracts.loc[has & ~(contracts["signed"] > as_of).fillna(False).astype(bool)].reset_index(drop=True)
    fy = firm_years.loc[firm_years["year"] < as_of.year].copy()
    fy["energy_per_value_added"] = fy["energy_tce"] / fy["value_added_wan"].where(fy["value_added_wan"] > 0)
    latest = fy.sort_values("year").drop_duplicates("credit_code", keep="last").set_index("credit_code")
    found = latest.reindex(rows["credit_code"])
    out = rows[["contract_no", "parcel_id", "credit_code", "agreed_start", "agreed_completion",
                "production_due"]].copy()
    out["name"] = found["name"].to_numpy() if "name" in found else None
    out["figures_year"] = found["year"].astype("Int64").to_numpy()
    short = np.zeros((len(rows), len(COMMITMENTS)), dtype=bool)
    for k, (committed, actual, better) in enumerate(COMMITMENTS):
        value = found[actual].to_numpy(dtype=float)
        promise = rows[committed].to_numpy(dtype=float)
        out[f"committed_{committed}"] = promise
        out[f"actual_{committed}"] = value
        out[f"gap_{committed}"] = value - promise
        with np.errstate(invalid="ignore"):
            short[:, k] = (value < promise) if better == "higher" else (value > promise)
    out["short"] = [tuple(names[k] for k in np.flatnonzero(r)) for r in short]
    no_figures = out["figures_year"].isna().to_numpy()
    due = rows["production_due"]
    reviewed = (as_of > due).fillna(False).to_numpy(dtype=bool)
    before_start = (as_of <= rows["agreed_start"]).fillna(False).to_numpy(dtype=bool)
    any_short = short.any(axis=1)
    out["status"] = np.select(
        [no_figures & before_start, no_figures, reviewed & any_short, reviewed, any_short],
        ["not_started", "no_figures", "failed", "met", "behind"], default="on_track")
    return out


def reviews_due(contracts: pd.DataFrame, as_of: pd.Timestamp, *, days: int = REVIEW_WINDOW_DAYS) -> pd.DataFrame:
    """The 标准地 reviews (``start``, ``completion``, ``production``) falling within ``days`` after
    ``as_of`` (``as_of`` included): ``contract_no``, ``parcel_id``, ``review``, ``due``, ``days_left``."""
    names = [c for c, _, _ in COMMITMENTS]
    standard = contracts.loc[contracts[names].notna().any(axis=1)]
    end = as_of + pd.Timedelta(days=days)
    parts = []
    for review, column in (("start", "agreed_start"), ("completion", "agreed_completion"),
                           ("production", "production_due")):
        when = standard[column]
        hit = standard.loc[((when >= as_of) & (when <= end)).fillna(False).astype(bool)]
        parts.append(pd.DataFrame({"contract_no": hit["contract_no"], "parcel_id": hit["parcel_id"],
                                   "review": review, "due": hit[column]}))
    out = pd.concat(parts, ignore_index=True)
    out["days_left"] = (out["due"] - as_of).dt.days.astype("Int64")
    return out.sort_values(["due", "contract_no"]).reset_index(drop=True)


def redevelopment(evaluated: pd.DataFrame, idle: pd.DataFrame, contracts: pd.DataFrame, *,
                  min_firms: int = 3) -> pd.DataFrame:
    """低效用地再开发 potential: low-efficiency and idle parcels ranked by 亩 (largest first).

    ``evaluated`` is :func:`zone_layers.summary.evaluate_parcels` (``reasons``, ``area_mu``,
    ``floor_area_ratio``, ``tax_wan``, ``tax_per_mu``, ``industry``). ``far_headroom`` is the
    contract's planned maximum FAR (``far_max``) minus today's, where known; ``tax_potential_wan``
    the tax the parcel would pay at the median 亩均税收 of its industry (of at least ``min_firms``
    parcels with a positive figure; else of the zone's industrial parcels) minus today's tax (0 for
    land no firm uses; unknown when its firm did not report).
    """
    reasons = evaluated["reasons"].map(lambda r: tuple(r) if isinstance(r, tuple | list) else ())
    idle_ids = set(idle["parcel_id"])
    listed = evaluated.loc[(reasons.map(len) > 0) | evaluated["parcel_id"].isin(idle_ids)].copy()
    listed["reasons"] = [r + (("idle_register",) if pid in idle_ids else ()) for r, pid in
                         zip(reasons.loc[listed.index], listed["parcel_id"], strict=True)]
    known = evaluated.loc[(evaluated["tax_per_mu"] > 0).fillna(False)]
    zone_median = float(known.loc[known["land_class"] == "A2", "tax_per_mu"].median()) if len(known) else np.nan
    by_industry = known.groupby("industry")["tax_per_mu"].agg(["median", "size"]) if "industry" in known else None
    median = pd.Series(zone_median, index=listed.index)
    if by_industry is not None and "industry" in listed:
        enough = by_industry.loc[by_industry["size"] >= min_firms, "median"]
        median = listed["industry"].map(enough).fillna(zone_median).astype(float)
    far_max = contracts.dropna(subset=["far_max"]).drop_duplicates("parcel_id", keep="last") \
        .set_index("parcel_id")["far_max"]
    listed["far_max"] = far_max.reindex(listed["parcel_id"]).to_numpy(dtype=float)
    # unbuilt land has no floor area (FAR 0); a built parcel whose floor area is unknown stays unknown
    unbuilt = ~listed["built"].eq(True).fillna(False).astype(bool) if "built" in listed \
        else pd.Series(False, index=listed.index)
    far_now = listed["floor_area_ratio"].where(listed["floor_area_ratio"].notna() | ~unbuilt, 0.0)
    listed["far_headroom"] = listed["far_max"] - far_now
    listed["floor_headroom_m2"] = listed["far_headroom"] * listed["area_m2"]
    listed["median_tax_per_mu"] = median
    used = listed["enterprise"].notna() if "enterprise" in listed else pd.Series(False, index=listed.index)
    today = listed["tax_wan"].where(used, 0.0)
    listed["tax_potential_wan"] = median * listed["area_mu"] - today
    columns = ["parcel_id", "section_id", "land_class", "reasons", "area_m2", "area_mu", "floor_area_ratio",
               "far_max", "far_headroom", "floor_headroom_m2", "tax_wan", "tax_per_mu", "median_tax_per_mu",
               "tax_potential_wan"]
    listed = listed.sort_values(["area_mu", "parcel_id"], ascending=[False, True]).reset_index(drop=True)
    listed.insert(0, "rank", np.arange(1, len(listed) + 1))
    return listed[["rank", *columns]]


def low_efficiency_register(evaluated: pd.DataFrame) -> pd.DataFrame:
    """低效用地 by the existing rules (:func:`zone_layers.efficiency.low_efficiency`): parcels with a
    reason, largest first."""
    reasons = evaluated["reasons"].map(lambda r: tuple(r) if isinstance(r, tuple | list) else ())
    rows = evaluated.loc[reasons.map(len) > 0].assign(reasons=reasons)
    return rows[["parcel_id", "section_id", "land_class", "reasons", "area_m2", "area_mu"]].sort_values(
        ["area_mu", "parcel_id"], ascending=[False, True]).reset_index(drop=True)


@dataclass(frozen=True)
class Registers:
    """Every register of one zone (or dataset) as of one date."""

    as_of: pd.Timestamp
    idle: pd.DataFrame
    supplied_not_started: pd.DataFrame
    approved_not_supplied: gpd.GeoDataFrame
    low_efficiency: pd.DataFrame
    commitments: pd.DataFrame
    reviews_due: pd.DataFrame
    redevelopment: pd.DataFrame
    missing_dates: pd.DataFrame
    #: the year of the firm figures the low-efficiency rules and redevelopment used (None: none)
    year: int | None = None
    #: parcels whose ``idle`` flag disagrees with the idle register (:func:`idle_flag_mismatch`)
    flag_mismatch: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        {"parcel_id": pd.Series([], dtype=object), "flagged": pd.Series([], dtype=bool),
         "registered": pd.Series([], dtype=bool)}))
    notes: tuple[str, ...] = field(default_factory=tuple)

    def entries(self, register: str) -> pd.DataFrame:
        """The table of ``register`` (one of :data:`REGISTERS`); an unknown name lists the valid ones."""
        if register not in REGISTERS:
            msg = f"unknown register {register!r}; the registers are {', '.join(REGISTERS)}"
            raise KeyError(msg)
        return getattr(self, register)


#: An entry's disposal record when nobody has edited it yet.
DEFAULT_STATUS: dict[str, object] = {"status": "pending", "disposal": None, "deadline": None, "note": ""}


def status_problems(values: dict[str, object]) -> list[str]:
    """What is wrong with a disposal record (``status``, ``disposal``, ``deadline`` as ``YYYY-MM-DD``
    or None, ``note``), as codes: ``unknown_status``, ``unknown_disposal``, ``no_disposal`` (a closed
    entry must say how it was closed) and ``bad_deadline``; empty when it may be saved."""
    found = []
    if values.get("status") not in STATUSES:
        found.append("unknown_status")
    disposal = values.get("disposal")
    if disposal is not None and disposal not in DISPOSALS:
        found.append("unknown_disposal")
    if values.get("status") == "closed" and disposal is None:
        found.append("no_disposal")
    deadline = values.get("deadline")
    if deadline is not None:
        try:
            ok = isinstance(deadline, str) and pd.Timestamp(deadline).strftime("%Y-%m-%d") == deadline
        except ValueError:
            ok = False
        if not ok:
            found.append("bad_deadline")
    return found


def idle_flag_mismatch(parcels: pd.DataFrame, idle: pd.DataFrame, contracts: pd.DataFrame) -> pd.DataFrame:
    """Parcels whose bare ``idle`` flag disagrees with the idle register: ``parcel_id``, ``flagged``
    (the flag says idle), ``registered`` (the register says idle). Only parcels with a contract are
    compared (without one the register cannot judge); empty when they agree."""
    judged = parcels.loc[parcels["parcel_id"].isin(set(contracts["parcel_id"]))]
    flagged = judged["idle"].eq(True).fillna(False).astype(bool).to_numpy()
    registered = judged["parcel_id"].isin(set(idle["parcel_id"])).to_numpy()
    out = pd.DataFrame({"parcel_id": judged["parcel_id"].to_numpy(), "flagged": flagged, "registered": registered})
    return out.loc[out["flagged"] != out["registered"]].sort_values("parcel_id").reset_index(drop=True)


def entry_key(register: str, entry: pd.Series) -> str:
    """The key of one entry's disposal status in the edit store: ``"<register>:<id>"``, the id being
    the batch ID for 批而未供 and the parcel ID otherwise."""
    ident = entry["batch_id"] if register == "approved_not_supplied" else entry["parcel_id"]
    return f"{register}:{ident}"


#: Low-efficiency reasons that tell a firm's confidential figures (its tax below the benchmark).
CONFIDENTIAL_REASONS: frozenset[str] = frozenset({"below_benchmark"})


def _without_confidential_reasons(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows keeping the reasons a viewer may see; a row left without any reason is dropped."""
    reasons = frame["reasons"].map(lambda r: tuple(k for k in r if k not in CONFIDENTIAL_REASONS))
    return frame.assign(reasons=reasons).loc[reasons.map(len) > 0].reset_index(drop=True)


def parcel_status(registers: Registers, statuses: dict[str, str]) -> pd.Series:
    """The disposal status code of every parcel on a parcel register (idle, 供而未用, low-efficiency: the
    first of :data:`REGISTERS` listing it decides), on a ``parcel_id`` index; ``statuses`` maps an
    entry's key (:func:`entry_key`) to its current status, ``pending`` when absent."""
    found: dict[str, str] = {}
    for register in REGISTERS:
        if register == "approved_not_supplied":
            continue
        for pid in registers.entries(register)["parcel_id"]:
            found.setdefault(str(pid), statuses.get(f"{register}:{pid}", "pending"))
    return pd.Series(found, dtype=object, name="status").rename_axis("parcel_id")


def redact_registers(registers: Registers) -> Registers:
    """The registers as a viewer may see them: the land facts kept, the firms' tax, investment and
    energy figures (and what is derived from them: performance status, tax potential, the reason
    "below the tax benchmark") blanked or left out."""
    commit = registers.commitments.copy()
    for column in CONFIDENTIAL_COMMITMENT_COLUMNS:
        if column in commit:
            commit[column] = None
    redevelop = registers.redevelopment.copy()
    for column in CONFIDENTIAL_REDEVELOPMENT_COLUMNS:
        redevelop[column] = np.nan
    if "reasons" in redevelop:
        redevelop = _without_confidential_reasons(redevelop)
        redevelop["rank"] = np.arange(1, len(redevelop) + 1)
    low = registers.low_efficiency
    low = _without_confidential_reasons(low) if "reasons" in low else low
    return Registers(registers.as_of, registers.idle, registers.supplied_not_started,
                     registers.approved_not_supplied, low, commit, registers.reviews_due,
                     redevelop, registers.missing_dates, registers.year, registers.notes, registers.flag_mismatch)


def figures_year(dataset: ZoneDataset, as_of: pd.Timestamp) -> int | None:
    """The year of firm figures a report as of ``as_of`` uses: the latest before ``as_of``'s year
    (a year's figures are known once it has ended), else the earliest held; None without figures."""
    years = dataset.years
    before = [y for y in years if y < as_of.year]
    return before[-1] if before else (years[0] if years else None)


def zone_registers(dataset: ZoneDataset, *, as_of: pd.Timestamp, zone_id: str | None = None,
                   firms: evaluation.FirmTables | None = None) -> Registers:
    """Every register of ``dataset`` (or of zone ``zone_id``: its parcels, their contracts and the
    batches of that zone or, without a zone, touching its parcels) as of ``as_of``.

    ``firms``: :func:`zone_layers.summary.dataset_firms` of the dataset when worked out already.
    """
    as_of = pd.Timestamp(as_of).normalize()
    parcels = dataset.parcels
    approvals = dataset.approvals
    if zone_id is not None:
        parcels = parcels.loc[parcels["zone_id"] == zone_id].reset_index(drop=True)
        zoned = approvals["zone_id"] == zone_id
        unzoned = approvals["zone_id"].isna() & approvals.intersects(parcels.union_all()) if len(parcels) \
            else pd.Series(False, index=approvals.index)
        approvals = approvals.loc[(zoned | unzoned).to_numpy(dtype=bool)].reset_index(drop=True)
    ids = set(parcels["parcel_id"])
    contracts = dataset.contracts.loc[dataset.contracts["parcel_id"].isin(ids)].reset_index(drop=True)
    progress = dataset.progress.loc[dataset.progress["parcel_id"].isin(ids)]
    area = area_m2(parcels)
    firms = summary.dataset_firms(dataset) if firms is None else firms
    year = figures_year(dataset, as_of)
    shown = summary.with_firm_figures(parcels, firms)
    if year is None:
        year = as_of.year - 1
        shown = summary.with_unknown_year(shown, year)  # parcels only: every figure of that year unknown
    evaluated = summary.evaluate_parcels(shown, None, year=year)
    states = contract_states(contracts, progress, pd.Series(area.to_numpy(), index=parcels["parcel_id"]), as_of)
    idle = idle_register(states, as_of)
    return Registers(
        as_of=as_of, idle=idle, supplied_not_started=supplied_not_started(states, as_of),
        approved_not_supplied=approved_not_supplied(approvals, parcels, contracts, as_of),
        low_efficiency=low_efficiency_register(evaluated), commitments=commitments(contracts, firms.firm_years, as_of),
        reviews_due=reviews_due(contracts, as_of), redevelopment=redevelopment(evaluated, idle, contracts),
        missing_dates=missing_dates(states), year=figures_year(dataset, as_of),
        flag_mismatch=idle_flag_mismatch(parcels, idle, contracts))

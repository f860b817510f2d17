"""The yearly evaluation round (评价工作): rules tried on a year's firms, quotas, movers, corrections, costs.

Pure functions on the firm-year table of :func:`zone_layers.evaluation.firm_tables` and the parsed
grading configuration (the ``grading.toml`` document as a mapping):

- :func:`parse_setting` / :func:`apply_settings`: ``KEY=VALUE`` changes (``presets.henan.criteria[0].weight=60``,
  ``criteria[0].weight=60`` for the chosen preset, ``benchmark=12`` for the per-mu tax benchmark), checked
  by the same model as the file, so a wrong key or value names its key path and the key meant;
- :func:`simulate`: the year's firms graded by the official and by the changed rules, the counts per
  grade, the quota warnings (:func:`quota_warnings`, bounds from ``[quotas.<preset>]``) and the firms that
  move with the indicator that decided (:func:`moved_firms`);
- :func:`apply_overrides`: accepted objections' corrections (a figure or the land area of one firm and
  year) applied to a copy of the firm-year table, the source never edited;
- :func:`publicity_table`: the grade list as published (公示), ranked;
- :func:`lowest_streak`, :func:`price_table`, :func:`price_total`: what each grade costs
  (``[prices.<key>]``), the surcharge growing with consecutive years in the lowest class.

Rules are codes and numbers; ``dashboard/`` words them in the page's language.
"""

from __future__ import annotations

import copy
import difflib
import math
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from geodata import settings
from geodata.errors import ZoneDataError
from zone_layers import evaluation, grading
from zone_layers.grading.config import PresetTable, config_from_dict
from zone_layers.grading.model import GradingConfigError, Price

#: The one setting that is not a key of the grading configuration: the per-mu tax benchmark (万元/亩),
#: the dashboard's run-time benchmark, which the grading of 亩均税收 uses instead of the configured one.
BENCHMARK_KEY: str = "benchmark"

#: What an objection may correct for one firm and year: its land area (亩) or a figure of the year.
CORRECTABLE: tuple[str, ...] = ("land_mu", *evaluation.YEAR_FIGURES)

#: Figures of the publicity list after the firm and its land, in this order.
PUBLICITY_FIGURES: tuple[str, ...] = ("tax_per_mu", "value_added_per_mu", "revenue_per_mu")

#: Best first: the position of a grade (a lower number is better); ungraded has none.
_RANK = {g: i for i, g in enumerate(grading.GRADES[:-1])}
_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
_WHOLE_PATH = re.compile(r"[^.\[\]]+(?:\.[^.\[\]]+|\[\d+\])*")


# --- rule sets -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Rules:
    """One complete rule set of a round: the grading configuration document, the preset graded by
    and the per-mu tax benchmark (万元/亩). ``config`` is the validated configuration."""

    document: Mapping[str, Any]
    config: grading.GradingConfig
    preset: str
    benchmark: float

    @property
    def benchmarks(self) -> dict[str, float]:
        """The run-time benchmarks graded with (as :func:`zone_layers.summary.evaluate_firms`)."""
        return {"tax_per_mu": self.benchmark}

    @property
    def version(self) -> str:
        """``<preset>@<8 hex>``: :func:`zone_layers.evaluation.rule_version` of these rules."""
        return evaluation.rule_version(self.config, self.preset, self.config.evaluation, self.benchmarks)

    def grade(self, firm_years: pd.DataFrame, year: int) -> pd.DataFrame:
        """The firms of ``year`` graded by these rules (:func:`zone_layers.evaluation.evaluate_year`)."""
        return evaluation.evaluate_year(firm_years, year, self.config, preset=self.preset,
                                        rules=self.config.evaluation, benchmarks=self.benchmarks)


def rules_from_document(document: Mapping[str, Any], *, source: str, preset: str | None = None,
                        benchmark: float | None = None) -> Rules:
    """Validate ``document`` (a parsed ``grading.toml``) and fix the preset (default: the document's
    ``default_preset``) and the tax benchmark (default ``settings.TAX_BENCHMARK_WAN_PER_MU``).

    Raises :class:`GradingConfigError` naming ``source``, each key path and the value expected.
    """
    config = config_from_dict(document, source=source)
    chosen = config.preset(preset).key
    bench = settings.TAX_BENCHMARK_WAN_PER_MU if benchmark is None else float(benchmark)
    if not (math.isfinite(bench) and bench > 0):
        raise GradingConfigError(source, [f"{BENCHMARK_KEY} = {benchmark!r}; expected a number > 0 (万元/亩), e.g. 11"])
    return Rules(document=copy.deepcopy(dict(document)), config=config, preset=chosen, benchmark=bench)


def parse_setting(text: str) -> tuple[str, Any]:
    """``"KEY=VALUE"`` as ``(key, value)``; the value read as a TOML value (``60``, ``0.2``, ``true``,
    ``"by_tax"``), a bare word as text (``by_tax``).

    Raises :class:`ZoneDataError` when there is no ``=`` or no key.
    """
    key, sep, raw = text.partition("=")
    key, raw = key.strip(), raw.strip()
    if not sep or not key:
        msg = (f"setting {text!r}: expected KEY=VALUE, e.g. presets.henan.criteria[0].weight=60, "
               f"criteria[0].weight=60 (the chosen preset) or {BENCHMARK_KEY}=12")
        raise ZoneDataError(msg)
    try:
        value = tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw  # a bare word: by_tax, tax_per_mu
    return key, value


def _path(key: str, *, source: str) -> list[str | int]:
    if not _WHOLE_PATH.fullmatch(key):
        raise GradingConfigError(source, [f"key {key!r} is not a key path; expected e.g. "
                                          "presets.henan.criteria[0].weight or criteria[0].weight"])
    return [m.group(1) if m.group(1) is not None else int(m.group(2)) for m in _PATH_PART.finditer(key)]


def _shown(parts: Sequence[str | int]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else p) for i, p in enumerate(parts))


def apply_settings(document: Mapping[str, Any], changes: Sequence[tuple[str, Any]], *,
                   preset: str | None = None, source: str = "--set") -> tuple[dict[str, Any], float | None]:
    """``document`` with each ``(key, value)`` set, and the tax benchmark if one of them sets it.

    A key is a path in the configuration (``presets.huaian.classes[0].share``, ``quotas.henan.A.max``,
    ``evaluation.min_years_registered``); a key starting with a preset's key (``criteria``, ``classes``,
    ``tie_rule``, ``method``, ``top_pick`` …) is read in ``preset`` (default the document's
    ``default_preset``); a bound of ``[quotas]`` may be added (``quotas.henan.B.max=0.7``).
    ``benchmark`` is the per-mu tax benchmark; so is the ``benchmark`` of the
    preset's ``tax_per_mu`` criterion, which the grading takes from the run-time setting.

    The document is not changed (a deep copy is returned). A path through a table or list that does
    not exist raises :class:`GradingConfigError` naming it and the keys there (with "did you mean");
    a wrong last key or value is reported by :func:`rules_from_document`, as the file's would be.
    """
    doc = copy.deepcopy(dict(document))
    chosen = preset or doc.get("default_preset")
    benchmark: float | None = None
    problems: list[str] = []
    for key, value in changes:
        if key == BENCHMARK_KEY:
            if isinstance(value, bool) or not isinstance(value, int | float):
                problems.append(f"{BENCHMARK_KEY} = {value!r}; expected a number > 0 (万元/亩), e.g. 11")
            else:
                benchmark = float(value)
            continue
        parts = _path(key, source=source)
        if parts[0] in PresetTable.model_fields:
            parts = ["presets", str(chosen), *parts]
        node: Any = doc
        for i, part in enumerate(parts[:-1]):
            where = _shown(parts[:i + 1])
            if isinstance(part, int):
                if not isinstance(node, list) or not 0 <= part < len(node):
                    size = len(node) if isinstance(node, list) else 0
                    problems.append(f"{key}: {where} does not exist; {_shown(parts[:i]) or 'it'} has {size} "
                                    f"item{'s' if size != 1 else ''} (positions from 0)")
                    break
                node = node[part]
            else:
                if isinstance(node, dict) and part not in node and parts[0] == "quotas":
                    node[part] = {}  # a new bound (its preset and grade are checked by the model)
                if not isinstance(node, dict) or part not in node:
                    keys = [str(k) for k in node] if isinstance(node, dict) else []
                    close = difflib.get_close_matches(part, keys, n=1)
                    hint = f" (did you mean {close[0]!r}?)" if close else ""
                    problems.append(f"{key}: {where} does not exist; keys there: {', '.join(keys) or '(none)'}{hint}")
                    break
                node = node[part]
        else:
            last = parts[-1]
            if isinstance(last, int) and not (isinstance(node, list) and 0 <= last < len(node)):
                problems.append(f"{key}: position [{last}] does not exist (positions from 0)")
                continue
            if not isinstance(last, int) and not isinstance(node, dict):
                problems.append(f"{key}: {_shown(parts[:-1])} is not a table")
                continue
            node[last] = value
            if (last == "benchmark" and len(parts) >= 4 and parts[2] == "criteria" and isinstance(node, dict)
                    and node.get("indicator") == "tax_per_mu" and parts[1] == chosen
                    and isinstance(value, int | float) and not isinstance(value, bool)):
                benchmark = float(value)
    if problems:
        raise GradingConfigError(source, problems)
    return doc, benchmark


def changed_rules(official: Rules, changes: Sequence[tuple[str, Any]], *, preset: str | None = None,
                  source: str = "--set") -> Rules:
    """``official`` with ``changes`` (:func:`apply_settings`) applied: the rules to simulate.

    ``preset`` grades by another preset of the same document (default the official one).
    """
    chosen = preset or official.preset
    doc, benchmark = apply_settings(official.document, changes, preset=chosen, source=source)
    return rules_from_document(doc, source=source, preset=chosen,
                               benchmark=official.benchmark if benchmark is None else benchmark)


# --- corrections from objections -------------------------------------------------------------------

@dataclass(frozen=True)
class Override:
    """A corrected value for one firm and year (an accepted objection): ``field`` one of :data:`CORRECTABLE`."""

    credit_code: str
    year: int
    field: str
    value: float
    ref: str = ""


def apply_overrides(firm_years: pd.DataFrame, overrides: Sequence[Override]) -> pd.DataFrame:
    """A copy of ``firm_years`` with ``overrides`` applied and the indicators recomputed.

    ``land_mu`` sets the firm's land of that year (``land_m2`` in proportion); the other fields set the
    year's figure. Later overrides of the same firm, year and field win. Adds ``corrected``: the
    fields corrected in each row (a tuple, empty for the others). The input is not changed.

    Raises :class:`ZoneDataError` listing every override naming an unknown field, a firm-year the
    table does not hold, or a value that is not a finite number ≥ 0.
    """
    out = firm_years.copy()
    out["corrected"] = pd.Series([()] * len(out), index=out.index, dtype=object)
    if not overrides:
        return out
    where = {(str(c), int(y)): i for i, (c, y) in enumerate(zip(out["credit_code"], out["year"], strict=True))}
    problems: list[str] = []
    touched: set[int] = set()
    for o in overrides:
        label = f"override {o.ref or ''} ({o.credit_code}, {o.year}, {o.field})".replace("  ", " ")
        if o.field not in CORRECTABLE:
            close = difflib.get_close_matches(o.field, CORRECTABLE, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(f"{label}: field {o.field!r}; expected one of {', '.join(CORRECTABLE)}{hint}")
            continue
        if not (isinstance(o.value, int | float) and math.isfinite(o.value) and o.value >= 0):
            problems.append(f"{label}: value {o.value!r}; expected a number ≥ 0")
            continue
        row = where.get((o.credit_code, int(o.year)))
        if row is None:
            problems.append(f"{label}: the data holds no figures of firm {o.credit_code} for {o.year}")
            continue
        at = out.index[row]
        if o.field == "land_mu":
            old_mu, old_m2 = out.at[at, "land_mu"], out.at[at, "land_m2"]
            per_mu = old_m2 / old_mu if old_mu and old_mu > 0 else (
                settings.M2_PER_MU_NUMERATOR / settings.M2_PER_MU_DENOMINATOR)
            out.at[at, "land_mu"] = float(o.value)
            out.at[at, "land_m2"] = float(o.value) * per_mu
        else:
            out.at[at, o.field] = float(o.value)
        out.at[at, "corrected"] = tuple(dict.fromkeys([*out.at[at, "corrected"], o.field]))
        touched.add(row)
    if problems:
        raise ZoneDataError("\n".join(problems))
    rows = out.index[sorted(touched)]
    out.loc[rows] = evaluation.add_ratios(out.loc[rows].copy())
    return out


def override_rows(firm_years: pd.DataFrame, overrides: Sequence[Override]) -> pd.DataFrame:
    """Original and corrected value of each override: ``credit_code``, ``year``, ``field``, ``original``
    (from the source table), ``corrected``, ``ref`` — what a firm's history shows."""
    original = firm_years.set_index(["credit_code", "year"])
    rows = []
    for o in overrides:
        key = (o.credit_code, int(o.year))
        value = original.at[key, o.field] if key in original.index and o.field in original.columns else math.nan
        rows.append((o.credit_code, int(o.year), o.field, float(value), float(o.value), o.ref))
    return pd.DataFrame(rows, columns=["credit_code", "year", "field", "original", "corrected", "ref"])


# --- simulation ------------------------------------------------------------------------------------

def count_grades(graded: pd.DataFrame) -> pd.Series:
    """Firms per grade (A, B, C, D, ungraded; zeros included) of :func:`evaluate_year`'s table."""
    return graded["grade"].value_counts().reindex(list(grading.GRADES), fill_value=0).astype(int)


def quota_warnings(graded: pd.DataFrame, rules: Rules) -> list[dict[str, Any]]:
    """Classes whose share of the graded firms breaks a bound of ``[quotas.<preset>]``.

    N = the firms with a grade of the preset's classes (not ``ungraded``). One dict per broken bound:
    ``grade``, ``bound`` (``max``: share above it; ``min``: below it), ``limit`` (fraction),
    ``count``, ``n``, ``share`` (fraction); none when nothing is graded.
    """
    classes = [c.grade for c in rules.config.preset(rules.preset).classes]
    counts = graded["grade"].value_counts()
    n = int(sum(int(counts.get(g, 0)) for g in classes))
    out: list[dict[str, Any]] = []
    if n == 0:
        return out
    for q in rules.config.quotas:
        if q.preset != rules.preset:
            continue
        count = int(counts.get(q.grade, 0))
        share = count / n
        for bound, limit, broken in (("max", q.max_share, q.max_share is not None and share > q.max_share + 1e-12),
                                     ("min", q.min_share, q.min_share is not None and share < q.min_share - 1e-12)):
            if broken:
                out.append({"grade": q.grade, "bound": bound, "limit": limit, "count": count, "n": n,
                            "share": round(share, 6)})
    return out


def contributions(graded: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    r"""Each criterion's part of each graded firm's score, :math:`w_i \min(x_i/b_i, cap) / \sum w`
    over the criteria the firm has (so the parts add up to its ``score``); columns = indicators,
    on the index of ``graded``, NaN for firms without a score."""
    chosen = rules.config.preset(rules.preset)
    scored = graded["score"].notna()
    ev = graded.loc[graded["evaluated"].astype(bool), [c.indicator for c in chosen.criteria]].astype(float)
    bench = grading.resolve_benchmarks(ev, chosen, benchmarks=rules.benchmarks)
    values = graded[[c.indicator for c in chosen.criteria]].astype(float)
    parts = pd.DataFrame(index=graded.index)
    den = pd.Series(0.0, index=graded.index)
    for c in chosen.criteria:
        ratio = (values[c.indicator] / bench[c.indicator]).clip(upper=rules.config.score_cap)
        parts[c.indicator] = c.weight * ratio
        den += c.weight * ratio.notna()
    return parts.div(den.where(den > 0), axis=0).where(scored, np.nan)


def moved_firms(official: pd.DataFrame, simulated: pd.DataFrame, official_rules: Rules,
                simulated_rules: Rules) -> pd.DataFrame:
    """The firms whose grade differs between two gradings of the same year (rows of :func:`evaluate_year`
    in the same order), with the indicator that decided.

    Columns ``credit_code``, ``name``, ``official``, ``simulated`` (grades), ``score_official``,
    ``score_simulated`` and ``decided_by``: for a firm moving up, the criterion whose part of the
    score (:func:`contributions`) grew most against the average change of all graded firms; moving
    down, the one that shrank most. None when no part changed against the others (the shares, the
    tie rule or who is evaluated changed) or when the firm is not graded on one side. Sorted by
    credit code.
    """
    off = official.set_index("credit_code")
    sim = simulated.set_index("credit_code").reindex(off.index)
    changed = off["grade"].astype(str) != sim["grade"].astype(str)
    c_off = contributions(official, official_rules).set_axis(official["credit_code"])
    c_sim = contributions(simulated, simulated_rules).set_axis(simulated["credit_code"]).reindex(off.index)
    columns = list(dict.fromkeys([*c_off.columns, *c_sim.columns]))
    both = c_off.notna().any(axis=1) & c_sim.notna().any(axis=1)
    delta = c_sim.reindex(columns=columns).fillna(0.0) - c_off.reindex(columns=columns).fillna(0.0)
    delta = delta.where(both, np.nan)
    relative = delta - delta[both].mean()
    rows = []
    for code in off.index[changed.to_numpy()]:
        before, after = off.at[code, "grade"], sim.at[code, "grade"]
        decided = None
        if before in _RANK and after in _RANK and bool(both[code]):
            rel = relative.loc[code]
            pick = rel.idxmax() if _RANK[after] < _RANK[before] else rel.idxmin()
            if abs(float(rel[pick])) > 1e-9:
                decided = str(pick)
        rows.append((code, off.at[code, "name"], before, after, off.at[code, "score"], sim.at[code, "score"], decided))
    out = pd.DataFrame(rows, columns=["credit_code", "name", "official", "simulated", "score_official",
                                      "score_simulated", "decided_by"])
    return out.sort_values("credit_code", kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class Simulation:
    """The year's firms graded by the official and by the changed rules (:func:`simulate`)."""

    year: int
    official_rules: Rules
    simulated_rules: Rules
    official: pd.DataFrame
    simulated: pd.DataFrame
    counts: pd.DataFrame
    moved: pd.DataFrame
    warnings: list[dict[str, Any]] = field(default_factory=list)


def simulate(firm_years: pd.DataFrame, year: int, official: Rules, changed: Rules, *,
             changed_firm_years: pd.DataFrame | None = None) -> Simulation:
    """Grade the firms of ``year`` by ``official`` and by ``changed``.

    ``changed_firm_years``: the firm-years as the changed rules see them, when they allocate land
    differently (``evaluation.leased_land_to``); default ``firm_years``.

    ``counts``: per grade (A, B, C, D, ungraded) the firms ``official`` and ``simulated``; ``warnings``:
    :func:`quota_warnings` of both, each with ``"of": "official" | "simulated"``; ``moved``:
    :func:`moved_firms`. With ``changed`` equal to ``official`` the two gradings are identical and
    ``moved`` is empty.
    """
    off = official.grade(firm_years, year)
    sim = changed.grade(firm_years if changed_firm_years is None else changed_firm_years, year)
    counts = pd.DataFrame({"official": count_grades(off), "simulated": count_grades(sim)})
    counts.index.name = "grade"
    warnings = [{"of": "official", **w} for w in quota_warnings(off, official)] + \
               [{"of": "simulated", **w} for w in quota_warnings(sim, changed)]
    return Simulation(year=year, official_rules=official, simulated_rules=changed, official=off, simulated=sim,
                      counts=counts.reset_index(), moved=moved_firms(off, sim, official, changed), warnings=warnings)


# --- the publicity list --------------------------------------------------------------------------

def publicity_table(graded: pd.DataFrame, *, figures: Sequence[str] = PUBLICITY_FIGURES) -> pd.DataFrame:
    """The grade list as published (公示): graded firms ranked (grade, then score descending, then
    credit code), then the firms not evaluated (rank missing) by credit code.

    Columns ``rank``, ``credit_code``, ``name``, ``land_mu``, each of ``figures``, ``score``, ``grade``,
    ``reason`` (why not evaluated / graded: a code dict or None), ``corrected`` (fields corrected by
    an override, when the table has the column).
    """
    g = graded.copy()
    g["_order"] = g["grade"].map(_RANK)
    graded_rows = g.loc[g["_order"].notna()].sort_values(["_order", "score", "credit_code"],
                                                         ascending=[True, False, True], kind="mergesort")
    rest = g.loc[g["_order"].isna()].sort_values("credit_code", kind="mergesort")
    out = pd.concat([graded_rows, rest])
    rank = pd.Series(np.arange(1, len(graded_rows) + 1, dtype=float), index=graded_rows.index)
    table = pd.DataFrame({"rank": rank.reindex(out.index).astype("Int64"), "credit_code": out["credit_code"],
                          "name": out["name"], "land_mu": out["land_mu"]})
    for f in figures:
        table[f] = out[f]
    table["score"] = out["score"]
    table["grade"] = out["grade"]
    reason = out["reason"] if "reason" in out else pd.Series(None, index=out.index, dtype=object)
    table["reason"] = [r if isinstance(r, dict) else None for r in reason]
    if "corrected" in out.columns:
        table["corrected"] = out["corrected"]
    return table.reset_index(drop=True)


# --- what a grade costs ---------------------------------------------------------------------------

def lowest_streak(in_lowest: Sequence[tuple[int, pd.Series]]) -> pd.Series:
    """Consecutive years each firm spent in the lowest class up to the last year given.

    ``in_lowest``: ``(year, flags)`` in ascending year order, ``flags`` a boolean Series by credit
    code (True: in that year's lowest class). A firm missing from a year, or a year missing from the
    sequence, ends the run. Returns an int Series on the last year's index (0 = not in it).
    """
    if not in_lowest:
        return pd.Series(dtype=int)
    last_year, last = in_lowest[-1]
    streak = last.astype(bool).astype(int)
    alive = last.astype(bool)
    expected = last_year
    for year, flags in reversed(in_lowest[:-1]):
        expected -= 1
        if year != expected:
            break
        step = flags.reindex(streak.index).fillna(False).astype(bool) & alive
        streak += step.astype(int)
        alive = step
        if not alive.any():
            break
    return streak


def firm_rate(grade: object, years_lowest: int, price: Price, *, lowest: str) -> float:
    """The rate of one firm: ``by_grade`` of its grade plus, in the lowest class, the ``lowest_by_years``
    step of its run (the last step for longer runs); 0 for a grade without a price."""
    rate = dict(price.by_grade).get(str(grade), 0.0)
    if grade == lowest and years_lowest > 0 and price.lowest_by_years:
        rate += price.lowest_by_years[min(years_lowest, len(price.lowest_by_years)) - 1]
    return float(rate)


def price_table(graded: pd.DataFrame, price: Price, *, lowest: str, streak: pd.Series) -> pd.DataFrame:
    """One utility's list: each graded firm with its grade, rate and (where reported) consumption.

    Columns ``credit_code``, ``name``, ``grade``, ``years_lowest``, ``rate`` (in ``price.unit``),
    ``consumption`` (the firm-year's ``price.consumption`` figure; missing when the data has no such
    column or the firm did not report it: never estimated) and ``charge`` = rate × consumption.
    Firms not graded are left out.
    """
    g = graded.loc[graded["grade"].isin(list(_RANK))]
    years = streak.reindex(g["credit_code"]).fillna(0).astype(int).to_numpy()
    rates = [firm_rate(grade, int(n), price, lowest=lowest) for grade, n in zip(g["grade"], years, strict=True)]
    has = price.consumption is not None and price.consumption in g.columns
    use = g[price.consumption].astype(float).to_numpy() if has else np.full(len(g), np.nan)
    out = pd.DataFrame({"credit_code": g["credit_code"].to_numpy(), "name": g["name"].to_numpy(),
                        "grade": g["grade"].to_numpy(), "years_lowest": years, "rate": rates,
                        "consumption": use})
    out["charge"] = out["rate"] * out["consumption"]
    return out


def price_total(table: pd.DataFrame, *, has_consumption: bool) -> dict[str, Any]:
    """The estimate of one utility's list: ``firms`` (listed), ``firms_with_rate`` (rate ≠ 0),
    ``firms_known`` (rate ≠ 0 and consumption reported), ``total`` (Σ charge over those; None when the
    data has no consumption figure at all, ``has_consumption`` False) and ``has_consumption``."""
    with_rate = table["rate"] != 0
    known = with_rate & table["consumption"].notna()
    total = float(table.loc[known, "charge"].sum()) if has_consumption else None
    return {"firms": len(table), "firms_with_rate": int(with_rate.sum()), "firms_known": int(known.sum()),
            "total": total, "has_consumption": has_consumption}

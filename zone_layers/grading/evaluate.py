"""Grading the enterprises of a zone: who is graded, the weighted score and the classes."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from geodata.errors import ZoneDataError
from zone_layers.grading.config import _check_overrides
from zone_layers.grading.methods import _METHODS, _assign_thresholds, _labels, _quota
from zone_layers.grading.model import GRADES, TIE_BREAK, UNGRADED, GradingConfig, Preset, Reason
from zone_layers.metrics import has_enterprise

# --- grading ------------------------------------------------------------------------------------



def _ungraded_reasons(parcels: pd.DataFrame, config: GradingConfig, preset: Preset,
                      firms: pd.Series) -> pd.Series:
    """Why each firm is not graded, a :data:`Reason` (None when it is); the first rule that applies wins."""
    table: list[Reason | None] = [None, {"rule": "ungraded_no_primary", "indicator": preset.primary},
                                  {"rule": "ungraded_no_tax"}, {"rule": "ungraded_not_built"}]
    case = np.zeros(len(parcels), dtype=int)
    # lowest priority first: each later rule overwrites
    case[(firms & parcels[preset.primary].isna()).to_numpy()] = 1
    if config.ungraded_if_no_tax:
        case[(firms & parcels["tax_wan"].isna()).to_numpy()] = 2
    if config.ungraded_if_not_built:
        not_built = ~parcels["built"].astype("boolean").fillna(True).astype(bool)
        case[(firms & not_built).to_numpy()] = 3
    reason = _labels(table, pd.Series(case, index=parcels.index))
    if config.ungraded_industries:
        industry = parcels["industry"].fillna("").astype(str).str.strip()
        hit = firms & industry.isin(config.ungraded_industries)
        by_name = {name: {"rule": "ungraded_industry", "industry": name} for name in config.ungraded_industries}
        reason[hit] = industry[hit].map(by_name)
    return reason


def _tie_columns(preset: Preset) -> list[str]:
    """The column ``tie_rule = "by_tax"`` breaks ties by (none for the other rules and methods)."""
    uses_shares = _METHODS[preset.method].uses_shares
    return [TIE_BREAK] if uses_shares and preset.tie_rule == "by_tax" else []


def _required_columns(config: GradingConfig, preset: Preset) -> list[str]:
    cols = ["enterprise", *(c.indicator for c in preset.criteria)]
    cols += [p for p in (preset.top_pick, preset.bottom_pick) if p] + _tie_columns(preset)
    cols += ["tax_wan"] if config.ungraded_if_no_tax else []
    cols += ["built"] if config.ungraded_if_not_built else []
    cols += ["industry"] if config.ungraded_industries else []
    return list(dict.fromkeys(cols))


def resolve_benchmarks(values: pd.DataFrame, preset: Preset, *,
                       benchmarks: Mapping[str, float] | None = None) -> dict[str, float]:
    """Benchmark of each criterion: the run-time override, else the configured value, else the median.

    The median is taken over ``values`` (the evaluated firms), skipping missing values; it is NaN when
    no firm has the indicator or is not positive, and a NaN benchmark drops the criterion from every
    firm's score.
    """
    over = _check_overrides(benchmarks)
    out = {}
    for c in preset.criteria:
        if c.indicator in over:
            out[c.indicator] = over[c.indicator]
        elif c.benchmark is not None:
            out[c.indicator] = c.benchmark
        else:
            med = float(values[c.indicator].median()) if len(values) else math.nan
            out[c.indicator] = med if med > 0 else math.nan
    return out


def weighted_score(values: pd.DataFrame, preset: Preset, benchmarks: Mapping[str, float], *,
                   cap: float) -> pd.Series:
    r"""Weighted score of each row against the benchmarks, as a fraction of full marks.

    .. math:: S = \frac{\sum_{i \in P} w_i \min(x_i / b_i,\ \text{cap})}{\sum_{i \in P} w_i}

    where :math:`P` are the criteria whose value :math:`x_i` is present (renormalised weights): a
    missing value is left out of both sums, so it neither counts as 0 nor as the benchmark. 1.0 means
    "at the benchmarks on average". NaN when no criterion has a value.
    """
    num = pd.Series(0.0, index=values.index)
    den = pd.Series(0.0, index=values.index)
    for c in preset.criteria:
        ratio = (values[c.indicator].astype(float) / benchmarks[c.indicator]).clip(upper=cap)
        num += c.weight * ratio.fillna(0.0)
        den += c.weight * ratio.notna()
    return num / den.where(den > 0)


def grade_enterprises(parcels: pd.DataFrame, config: GradingConfig, *, preset: str | None = None,
                      benchmarks: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Grade every enterprise with a preset of ``config``.

    Parameters
    ----------
    parcels
        Output of :func:`zone_layers.summary.parcel_indicators`: one row per parcel with the
        indicator columns, ``enterprise``, ``tax_wan``, ``built``, ``industry`` and ``parcel_id``.
    config
        From :func:`config_from_dict`.
    preset
        Preset key; ``None`` uses ``config.default_preset``.
    benchmarks
        Run-time benchmark overrides, indicator key -> value (e.g. ``{"tax_per_mu": 12}`` from the
        UI's benchmark setting). Keys of indicators the preset does not score are ignored.

    Returns
    -------
    pandas.DataFrame
        On the index of ``parcels``: ``score`` (float; NaN unless graded), ``grade`` (``A``–``D``,
        :data:`UNGRADED` (``"ungraded"``), or None for parcels without an enterprise) and
        ``grade_reason`` (a :data:`Reason` code such as ``{"rule": "ungraded_no_tax"}``; None for
        parcels without an enterprise). The rules and their parameters are listed in
        ``zone_layers/README.md``; ``dashboard.i18n.reason_text`` words them.

    Notes
    -----
    Only rows with a non-blank ``enterprise`` are firms. A firm is **not graded** (``ungraded``), first
    rule first: its industry is in ``ungraded_industries``; it is not built (``ungraded_if_not_built``);
    it reported no tax for the year (``ungraded_if_no_tax``; a reported 0 is graded); its primary
    indicator (the first criterion) is missing. The other firms are the **evaluated set** (N); a firm
    of it whose score cannot be computed (no usable benchmark: a median that is missing or ≤ 0) is
    then also ``ungraded``.

    Score: :func:`weighted_score` with :func:`resolve_benchmarks` (a criterion without benchmark
    uses the median of the evaluated set) and ``config.score_cap``.

    Classes, ranking by score descending then ``parcel_id`` ascending:

    - ``percentile``: class sizes are round-half-up(share × N), the class without a share takes the
      rest. Ties follow the preset's ``tie_rule``: ``better`` (default) — a firm scoring the same as
      the last firm admitted to a better class joins it (that class may exceed its quota; the class
      below shrinks); ``worse`` — firms tied across a boundary all drop to the worse class;
      ``by_tax`` — the ranking breaks ties by 亩均税收 (higher first), then ``parcel_id``, so each
      class gets exactly its quota.
    - ``henan_three_class``: the top half is the first ceil(N/2) by score (``better``: plus firms
      tied with the last of them; ``worse``: less those and the last one; ``by_tax``: exactly
      ceil(N/2)), the bottom half the others. A = the round(share_A × N) firms of the top half
      with the highest ``top_pick``; C = the round(share_C × N) of the bottom half with the lowest
      ``bottom_pick``, a firm without that figure ranking lowest (first to be C); B = the rest. Ties
      on the pick figure follow ``tie_rule`` (``by_tax``: the lower 亩均税收 is the worse firm).
      :func:`class_targets` tells which classes missed their quota.
    - ``weighted_benchmark``: the first class whose ``min_score`` the score reaches.
    - Fewer than ``min_group_size`` evaluated firms: percentile methods fall back to the
      ``min_score`` thresholds, and the reason says so.
    """
    chosen = config.preset(preset)
    missing = [c for c in _required_columns(config, chosen) if c not in parcels.columns]
    if missing:
        msg = (f"parcels table lacks column(s) {', '.join(missing)} needed by grading preset "
               f"{chosen.key!r}; pass the output of zone_layers.summary.parcel_indicators(parcels, year=...)")
        raise ZoneDataError(msg)
    if not parcels.index.is_unique:
        msg = "parcels table has a repeated index; call .reset_index(drop=True) before grading"
        raise ZoneDataError(msg)
    firms = has_enterprise(parcels)
    not_graded = _ungraded_reasons(parcels, config, chosen, firms)
    evaluated = firms & not_graded.isna()

    ev = parcels.loc[evaluated, [*dict.fromkeys([c.indicator for c in chosen.criteria]
                                                + [p for p in (chosen.top_pick, chosen.bottom_pick) if p]
                                                + _tie_columns(chosen))]]
    ev = ev.astype(float)
    bench = resolve_benchmarks(ev, chosen, benchmarks=benchmarks)
    ev["score"] = weighted_score(ev, chosen, bench, cap=config.score_cap)
    pid = parcels["parcel_id"] if "parcel_id" in parcels.columns else parcels.index.to_series()
    ev["_pid"] = pid[evaluated].astype(str)
    no_score = ev.index[ev["score"].isna()]  # every benchmark unusable (a median ≤ 0 or missing)
    not_graded[no_score] = pd.Series([{"rule": "ungraded_no_score"}] * len(no_score), index=no_score,
                                     dtype=object)
    evaluated[no_score] = False
    ev = ev.drop(index=no_score)

    out = pd.DataFrame({
        "score": pd.Series(np.nan, index=parcels.index, dtype=float),
        "grade": pd.Series(None, index=parcels.index, dtype=object),
        "grade_reason": pd.Series(None, index=parcels.index, dtype=object),
    })
    out.loc[firms & ~evaluated, "grade"] = UNGRADED
    out.loc[firms & ~evaluated, "grade_reason"] = not_graded[firms & ~evaluated]
    if len(ev):
        method = _METHODS[chosen.method]
        if method.uses_shares and len(ev) < config.min_group_size:
            grades, reasons = _assign_thresholds(ev, chosen, small_group=config.min_group_size)
        else:
            grades, reasons = method.assign(ev, chosen)
        out.loc[ev.index, "score"] = ev["score"]
        out.loc[ev.index, "grade"] = grades
        out.loc[ev.index, "grade_reason"] = reasons
    for col in ("grade", "grade_reason"):  # None (not NaN) for parcels without an enterprise
        out[col] = out[col].astype(object).where(firms, None)
    return out


def class_targets(grades: pd.Series, config: GradingConfig, preset: str | None = None) -> pd.DataFrame:
    """Per class of a share-based preset: its quota of the graded firms and how many it got.

    Parameters
    ----------
    grades
        The grades of one group graded together (``grade`` of :func:`grade_enterprises`); firms not
        graded (:data:`UNGRADED`, None) do not count, the others are the N of the shares.
    config, preset
        The configuration and preset the grades were made with.

    Returns
    -------
    pandas.DataFrame
        One row per class, best first: ``grade``, ``share`` (NaN for the class taking the rest),
        ``target`` (round-half-up(share × N), the rest for the share-less class: the sizes the method
        fills), ``actual`` and ``missed`` (a class with a share whose ``actual`` differs from its
        ``target``: ties at its boundary, or too few firms in its half). Empty (same columns) when the
        method has no shares, when N is below ``min_group_size`` (the classes then come from
        ``min_score``) or when no firm is graded.
    """
    chosen = config.preset(preset)
    columns = ["grade", "share", "target", "actual", "missed"]
    classes = [c.grade for c in chosen.classes]
    graded = grades[grades.isin(classes)]
    n = len(graded)
    if not _METHODS[chosen.method].uses_shares or n == 0 or n < config.min_group_size:
        return pd.DataFrame({c: pd.Series(dtype=object if c in ("grade", "share") else int) for c in columns})
    counts = graded.value_counts().reindex(classes, fill_value=0)
    targets = _quota(chosen, n)
    rows = [(c.grade, c.share, int(target), int(counts[c.grade]), c.share is not None and counts[c.grade] != target)
            for c, target in zip(chosen.classes, targets, strict=True)]
    out = pd.DataFrame(rows, columns=columns)
    out["missed"] = out["missed"].astype(bool)
    return out


def preset_choices(config: GradingConfig, *, lang: str = "zh") -> dict[str, str]:
    """Preset key -> display name (``name_zh`` or ``name_en``), in configuration order, for a selector."""
    return {p.key: (p.name_zh if lang == "zh" else p.name_en) for p in config.presets}


def grade_names(config: GradingConfig, preset: str | None = None, *, lang: str = "zh") -> dict[str, str]:
    """Grade -> legend label of a preset's classes (``A 优先发展``, ``A类``), best first.

    Configuration data (``name_zh``/``name_en``); grades the preset does not use (D under the Henan
    method) are left out, and so is :data:`UNGRADED`, whose name is in the dashboard's catalogue.
    """
    chosen = config.preset(preset)
    return {c.grade: c.label(lang) for c in chosen.classes}


def grade_summary(grades: pd.DataFrame) -> pd.DataFrame:
    """Number and share of firms per grade, in the order A, B, C, D, ungraded (zeros included).

    ``grades`` is the output of :func:`grade_enterprises`; parcels without an enterprise (grade
    None) are not counted. ``share`` is the fraction of all firms (graded or not).
    """
    counts = grades["grade"].value_counts().reindex(list(GRADES), fill_value=0).astype(int)
    total = int(counts.sum())
    out = pd.DataFrame({"count": counts, "share": counts / total if total else counts * np.nan})
    out.index.name = "grade"
    return out

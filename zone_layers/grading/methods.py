"""The three ways of turning weighted scores into classes (Henan, percentile, thresholds).

Each takes the evaluated firms (one row per firm with ``score`` and the indicator columns) and a
preset, and returns each firm's grade and the reason for it: a :data:`~zone_layers.grading.model.Reason`
code such as ``{"rule": "rank_top", "share": 0.15}``, never a sentence (``dashboard.i18n.reason_text``
words it). Reasons shared by a class are built once and looked up by class index.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from zone_layers.grading.model import SCORE_TOLERANCE, TIE_BREAK, Method, Preset, Reason


def _round_half_up(share: float, n: int) -> int:
    """``round(share × n)`` with halves rounded up, exactly (0.05 × 150 = 7.5 → 8)."""
    return int((Decimal(str(share)) * n).quantize(Decimal(1), rounding=ROUND_HALF_UP))


#: Significant digits of :func:`_tie_key`.
TIE_DIGITS: int = 12
#: 10**0 ... 10**22: the powers of ten a double holds exactly.
_EXACT_POW10 = np.array([float(10**i) for i in range(23)])


def _tie_key(values: pd.Series) -> pd.Series:
    """Values rounded to 12 significant digits, so that equal figures computed differently tie.

    Exactly ``float(f"{v:.12g}")`` (NaN stays NaN), without formatting every value: ``v`` is shifted
    by ``10**k`` to ``m`` in [1e11, 1e12) and rounded to the integer ``q``; ``q / 10**k`` is then the
    double nearest to the 12-digit decimal, as parsing it gives, because ``q`` and ``10**k`` (k ≤ 22)
    are exact and the division is correctly rounded. ``m`` is off from the exact shifted value by at
    most half its ulp (< 1e-4), so ``rint(m)`` is right unless ``m`` lies within 1e-3 of a half-integer
    or of the range's ends; those values, zeros, infinities and very large or small ones are formatted.
    """
    v = values.to_numpy(dtype=float)
    out = v.copy()  # NaN stays NaN
    finite = np.isfinite(v) & (v != 0)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        k = (TIE_DIGITS - 1) - np.floor(np.log10(np.abs(v)))
        k = np.where(finite & (np.abs(k) < len(_EXACT_POW10)), k, 0).astype(int)
        scale = _EXACT_POW10[np.abs(k)]
        m = np.where(k >= 0, v * scale, v / scale)
        q = np.rint(m)
        key = np.where(k >= 0, q / scale, q * scale)
        low, high = 10.0 ** (TIE_DIGITS - 1), 10.0 ** TIE_DIGITS
        sure = (finite & (np.abs(m - np.floor(m) - 0.5) > 1e-3)
                & (np.abs(m) >= low + 1) & (np.abs(m) <= high - 1))
    out[sure] = key[sure]
    slow = ~sure & ~np.isnan(v)
    out[slow] = [float(f"{x:.{TIE_DIGITS}g}") for x in v[slow].tolist()]
    return pd.Series(out, index=values.index, name=values.name)


def _settle_ties(index: pd.Series, key: pd.Series, rule: str) -> pd.Series:
    """Class index of each ranked firm after ties on ``key`` (a missing value never ties).

    ``better``: firms with equal ``key`` all get the best (lowest) class index among them; ``worse``:
    the worst (highest); ``by_tax``: unchanged, the ranking already broke the ties
    (:func:`_ranked`).
    """
    if rule == "by_tax":
        return index.astype(int)
    settled = index.groupby(_tie_key(key)).transform("min" if rule == "better" else "max")
    return settled.where(key.notna(), index).astype(int)


def _ranked(frame: pd.DataFrame, columns: Sequence[str], *, ascending: bool, na_position: str) -> pd.Index:
    """Ranking for ``by_tax``: by ``columns`` (each rounded by :func:`_tie_key`, then :data:`TIE_BREAK`),
    all ``ascending`` or all descending, then by ``_pid`` (the firm's key) ascending.

    Descending is "best first" (higher is better); ascending "worst first" (the bottom of Henan's
    ranking, where a lower 亩均税收 is worse). Missing values go to ``na_position``.
    """
    keys = list(dict.fromkeys([*columns, TIE_BREAK]))
    table = pd.DataFrame({f"k{i}": _tie_key(frame[c]) for i, c in enumerate(keys)}, index=frame.index)
    table["_pid"] = frame["_pid"]
    return table.sort_values([*table.columns], ascending=[ascending] * len(keys) + [True],
                             na_position=na_position, kind="mergesort").index


def _labels(texts: Sequence[object], index: pd.Series) -> pd.Series:
    """``texts[i]`` for every class index ``i`` of ``index``, on its index (one lookup, not a call per firm)."""
    table = np.empty(len(texts), dtype=object)
    table[:] = list(texts)
    return pd.Series(table[index.to_numpy(dtype=int)], index=index.index, dtype=object)


def _class_reasons(reasons: Sequence[Reason], best: pd.Series, position: pd.Series) -> pd.Series:
    """``reasons[i]`` of each firm's class ``i``, with ``"tied": True`` added where a tie moved the
    firm up from its ``position`` to ``best``, ``"tied_down": True`` where it moved the firm down
    (tie rule ``worse``); each reason is built once per class and shared."""
    n = len(reasons)
    table = [*reasons, *({**r, "tied": True} for r in reasons), *({**r, "tied_down": True} for r in reasons)]
    case = (best < position).astype(int) + 2 * (best > position).astype(int)
    return _labels(table, best + n * case)


def _fill(sizes: list[tuple[int, int]], pool: int, rest: int) -> np.ndarray:
    """Class indices for ``pool`` ranked firms: ``(class, size)`` pairs in order, then ``rest``."""
    out: list[int] = []
    for cls, size in sizes:
        out.extend([cls] * min(size, pool - len(out)))
    return np.array(out + [rest] * (pool - len(out)), dtype=int)


def _quota(preset: Preset, n: int) -> list[int]:
    """Number of firms per class out of ``n``: round-half-up(share × n), the rest to the share-less class.

    Classes above the share-less class are filled first from the top, then those below it from the
    bottom; when rounding asks for more than ``n`` firms the later classes get fewer.
    """
    rest = preset.rest_index
    sizes = [_round_half_up(c.share, n) if c.share is not None else 0 for c in preset.classes]
    left = n
    for i in [*range(rest), *reversed(range(rest + 1, len(sizes)))]:
        sizes[i] = min(sizes[i], left)
        left -= sizes[i]
    sizes[rest] = left
    return sizes


def _share(x: float) -> float:
    """A share for a reason, free of float noise (0.6 rather than 0.6000000000000001)."""
    return round(float(x), 10)


def _by_score(frame: pd.DataFrame) -> pd.Index:
    """Deterministic ranking: score descending, then parcel_id ascending."""
    return frame.sort_values(["score", "_pid"], ascending=[False, True], kind="mergesort").index


def _assign_percentile(ev: pd.DataFrame, preset: Preset) -> tuple[pd.Series, pd.Series]:
    """Classes by rank of the score: the first quota[0] firms are A, and so on; ties by ``tie_rule``."""
    rule = preset.tie_rule
    order = _ranked(ev, ["score"], ascending=False, na_position="last") if rule == "by_tax" else _by_score(ev)
    sizes = _quota(preset, len(ev))
    position = pd.Series(np.repeat(np.arange(len(sizes)), sizes), index=order)
    best = _settle_ties(position, ev.loc[order, "score"], rule)
    # cumulative share bounds of each class, for the reason text
    rest = preset.rest_index
    shares = [c.share or 0.0 for c in preset.classes]
    lo = [sum(shares[:i]) for i in range(len(shares))]
    hi = [lo[i] + shares[i] for i in range(len(shares))]
    for i in range(rest, len(shares)):
        hi[i] = 1.0 - sum(shares[i + 1:])
        lo[i] = hi[i] - shares[i] if i != rest else sum(shares[:rest])
    reasons: list[Reason] = []
    for a, b in zip(lo, hi, strict=True):
        if a <= 0:
            reasons.append({"rule": "rank_top", "share": _share(b)})
        elif b >= 1:
            reasons.append({"rule": "rank_bottom", "share": _share(1 - a)})
        else:
            reasons.append({"rule": "rank_between", "from": _share(a), "to": _share(b)})
    grades = _labels([c.grade for c in preset.classes], best)
    return grades, _class_reasons(reasons, best, position)


def _assign_henan(ev: pd.DataFrame, preset: Preset) -> tuple[pd.Series, pd.Series]:
    """Henan: A picked by ``top_pick`` in the top half by score, C by ``bottom_pick`` in the bottom half."""
    assert preset.top_pick is not None and preset.bottom_pick is not None  # checked by config_from_dict
    n, rest, rule = len(ev), preset.rest_index, preset.tie_rule
    half = math.ceil(n / 2)
    if rule == "by_tax":  # exactly the first ceil(n/2) by score, then 亩均税收, then key
        in_top = pd.Series(False, index=ev.index)
        in_top[_ranked(ev, ["score"], ascending=False, na_position="last")[:half]] = True
    else:  # better: plus the firms tied with the last of them; worse: less the last and those tied
        ranked = _tie_key(ev.loc[_by_score(ev), "score"])    # with it when the tie crosses the cut
        cut, key = ranked.iloc[half - 1], _tie_key(ev["score"])
        crosses = half < n and ranked.iloc[half] == cut
        in_top = key > cut if rule == "worse" and crosses else key >= cut
    sizes = _quota(preset, n)
    top, bottom = ev[in_top], ev[~in_top]

    if rule == "by_tax":
        t_order = _ranked(top, [preset.top_pick], ascending=False, na_position="last")
    else:
        t_order = top.sort_values([preset.top_pick, "score", "_pid"], ascending=[False, False, True],
                                  na_position="last", kind="mergesort").index
    t_pos = pd.Series(_fill([(i, sizes[i]) for i in range(rest)], len(t_order), rest), index=t_order)
    t_best = _settle_ties(t_pos, top.loc[t_order, preset.top_pick], rule)

    if rule == "by_tax":
        b_order = _ranked(bottom, [preset.bottom_pick], ascending=True, na_position="first")
    else:
        b_order = bottom.sort_values([preset.bottom_pick, "score", "_pid"], ascending=[True, True, True],
                                     na_position="first", kind="mergesort").index
    worst_first = [(i, sizes[i]) for i in reversed(range(rest + 1, len(sizes)))]
    b_pos = pd.Series(_fill(worst_first, len(b_order), rest), index=b_order)
    b_best = _settle_ties(b_pos, bottom.loc[b_order, preset.bottom_pick], rule)

    best = pd.concat([t_best, b_best])
    position = pd.concat([t_pos, b_pos])

    def reason(i: int, *, missing: bool) -> Reason:
        share = _share(preset.classes[i].share or 0)
        if i < rest:
            return {"rule": "henan_top", "pick": preset.top_pick, "share": share}
        if i > rest:
            rule = "henan_bottom_missing" if missing else "henan_bottom"
            return {"rule": rule, "pick": preset.bottom_pick, "share": share}
        return {"rule": "henan_rest"}

    n_classes = len(preset.classes)
    grades = _labels([c.grade for c in preset.classes], best)
    # one reason per (class, missing bottom pick): index class + n_classes when the figure is missing
    missing = ev[preset.bottom_pick].reindex(best.index).isna().astype(int)
    table = [reason(i, missing=False) for i in range(n_classes)] + \
            [reason(i, missing=True) for i in range(n_classes)]
    by_case = best + n_classes * missing
    reasons = _class_reasons(table, by_case, position + n_classes * missing)
    return grades.reindex(ev.index), reasons.reindex(ev.index)


def _assign_thresholds(ev: pd.DataFrame, preset: Preset, *,
                       small_group: int | None = None) -> tuple[pd.Series, pd.Series]:
    """Absolute thresholds: the first class whose ``min_score`` the score reaches; else the last.

    Reasons: ``{"rule": "score_at_least", "score": s, "min": m}`` (``m`` the class's ``min_score``)
    or ``{"rule": "score_below", "score": s, "min": m}`` (``m`` the lowest ``min_score``), plus
    ``"small_group": n`` when this is the fallback for fewer than ``n`` evaluated firms.
    """
    last = len(preset.classes) - 1
    index = np.full(len(ev), last)
    score = ev["score"].to_numpy(dtype=float)
    for i in reversed(range(last)):
        floor = preset.classes[i].min_score
        assert floor is not None  # checked by config_from_dict
        index = np.where(score >= floor - SCORE_TOLERANCE, i, index)
    lowest = preset.classes[last - 1].min_score
    extra = {} if small_group is None else {"small_group": small_group}
    rules = [("score_at_least", c.min_score) for c in preset.classes[:last]] + [("score_below", lowest)]
    index_s = pd.Series(index, index=ev.index)
    grades = _labels([c.grade for c in preset.classes], index_s)
    # the score differs per firm, so the reason is a small dict per firm (no text is formatted here)
    reasons = pd.Series([{"rule": rules[i][0], "score": s, "min": rules[i][1], **extra}
                         for i, s in zip(index.tolist(), score.tolist(), strict=True)],
                        index=ev.index, dtype=object)
    return grades, reasons


METHODS: tuple[Method, ...] = (
    Method("henan_three_class", uses_shares=True, uses_picks=True, assign=_assign_henan),
    Method("percentile", uses_shares=True, uses_picks=False, assign=_assign_percentile),
    Method("weighted_benchmark", uses_shares=False, uses_picks=False, assign=_assign_thresholds),
)
_METHODS = {m.key: m for m in METHODS}

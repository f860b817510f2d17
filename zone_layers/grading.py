"""Enterprise grading (亩均效益分类评价, "亩均论英雄"): a weighted score, then classes A/B/C(/D).

Pure functions; the presets (weights, benchmarks, shares, thresholds) are configuration, read from
``geodata/grading.toml`` by the caller in two steps (file access stays in ``geodata``)::

    from geodata import config_files
    path = config_files.grading_config_path()
    config = config_from_dict(config_files.read_toml(path), source=str(path))
    grades = grade_enterprises(summary.parcel_indicators(parcels, year=2024), config)

The rules (ties, missing data, small groups, ungraded firms) are documented in
``zone_layers/README.md`` and in :func:`grade_enterprises`.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from geodata.errors import ZoneDataError
from zone_layers.indicators import INDICATORS, get_indicator
from zone_layers.metrics import has_enterprise

#: Grades in display order; ``未评价`` = not graded (utility, start-up, under construction, no data).
UNGRADED: str = "未评价"
GRADES: tuple[str, ...] = ("A", "B", "C", "D", UNGRADED)

#: One colour per grade, colour-blind safe (Okabe-Ito): best = dark blue ... worst = vermillion.
GRADE_COLORS: dict[str, str] = {
    "A": "#0072B2",
    "B": "#56B4E9",
    "C": "#E69F00",
    "D": "#D55E00",
    UNGRADED: "#BBBBBB",
}

#: Grade names used when a preset's class gives none: (Chinese, English).
DEFAULT_GRADE_NAMES: dict[str, tuple[str, str]] = {
    "A": ("A类", "Class A"),
    "B": ("B类", "Class B"),
    "C": ("C类", "Class C"),
    "D": ("D类", "Class D"),
    UNGRADED: ("未评价", "Not graded"),
}

#: Henan's three classes (《河南省产业集聚区企业分类综合评价办法》).
HENAN_GRADE_NAMES: dict[str, tuple[str, str]] = {
    "A": ("优先发展", "Priority development"),
    "B": ("鼓励提升", "Encouraged to improve"),
    "C": ("倒逼转型", "Pressed to transform"),
}

#: Scores within this distance of a threshold count as reaching it (float sums of exact ratios).
SCORE_TOLERANCE: float = 1e-9

#: Indicators a criterion may use: the parcel-level keys of the indicator registry.
PARCEL_INDICATORS: tuple[str, ...] = tuple(ind.key for ind in INDICATORS if ind.level == "parcel")


class GradingConfigError(ZoneDataError):
    """The grading configuration (or a run-time override) is invalid; lists every problem found."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = tuple(problems)
        n = len(problems)
        head = (f"{source}: {n} problem{'s' if n != 1 else ''} in the grading configuration "
                "(positions such as criteria[0] count from 0 = the first table):")
        super().__init__("\n".join([head, *(f"- {p}" for p in problems)]))


# --- the configuration model --------------------------------------------------------------------

@dataclass(frozen=True)
class Criterion:
    """One scored indicator: ``weight × min(value / benchmark, cap)``; no benchmark = median."""

    indicator: str
    weight: float
    benchmark: float | None = None


@dataclass(frozen=True)
class GradeClass:
    """One class of a preset, best first.

    ``share`` (percentile methods): fraction of the evaluated firms; the one class without a share
    takes the rest. ``min_score``: lowest score of the class when grading by absolute thresholds
    (``weighted_benchmark``, and the small-group fallback); the last class has none.
    """

    grade: str
    name_zh: str
    name_en: str
    share: float | None = None
    min_score: float | None = None

    def label(self, lang: str = "zh") -> str:
        """``A 优先发展`` / ``A Priority development``; just ``A类`` when the name is the default."""
        name = self.name_zh if lang == "zh" else self.name_en
        return name if name in (f"{self.grade}类", f"Class {self.grade}") else f"{self.grade} {name}"


@dataclass(frozen=True)
class Preset:
    """A named grading method with its criteria and classes."""

    key: str
    name_zh: str
    name_en: str
    method: str
    criteria: tuple[Criterion, ...]
    classes: tuple[GradeClass, ...]
    source: str = ""
    top_pick: str | None = None
    bottom_pick: str | None = None

    @property
    def primary(self) -> str:
        """The main indicator (first criterion): a firm without it is not graded."""
        return self.criteria[0].indicator

    @property
    def grades(self) -> tuple[str, ...]:
        """This preset's grades, best first, followed by ``未评价``."""
        return (*(c.grade for c in self.classes), UNGRADED)

    @property
    def rest_index(self) -> int:
        """Index of the class without a share (percentile methods); -1 when every class has one."""
        return next((i for i, c in enumerate(self.classes) if c.share is None), -1)

    def grade_class(self, grade: str) -> GradeClass:
        """The class of ``grade``; an unknown grade lists the valid ones."""
        for cls in self.classes:
            if cls.grade == grade:
                return cls
        msg = f"preset {self.key!r} has no grade {grade!r}; valid grades: {', '.join(self.grades[:-1])}"
        raise KeyError(msg)


@dataclass(frozen=True)
class GradingConfig:
    """The whole grading configuration: presets and the rules shared by all of them."""

    presets: tuple[Preset, ...]
    default_preset: str
    score_cap: float = 2.0
    min_group_size: int = 10
    ungraded_industries: tuple[str, ...] = ()
    ungraded_if_not_built: bool = True
    ungraded_if_no_tax: bool = True
    source: str = ""

    def preset(self, key: str | None = None) -> Preset:
        """The preset ``key`` (default: ``default_preset``); an unknown key lists the valid ones."""
        wanted = self.default_preset if key is None else key
        for p in self.presets:
            if p.key == wanted:
                return p
        valid = ", ".join(p.key for p in self.presets)
        raise GradingConfigError(self.source or "grading", [
            f"preset {wanted!r} does not exist; choose one of: {valid}"])


# --- the methods registry -----------------------------------------------------------------------

Assign = Callable[[pd.DataFrame, Preset], tuple[pd.Series, pd.Series]]


@dataclass(frozen=True)
class Method:
    """A way of turning scores into classes."""

    key: str
    zh: str
    en: str
    uses_shares: bool
    uses_picks: bool
    assign: Assign


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


def _promote_ties(index: pd.Series, key: pd.Series) -> pd.Series:
    """Firms with equal (non-missing) ``key`` all get the best class index among them."""
    best = index.groupby(_tie_key(key)).transform("min")
    return best.where(key.notna(), index).astype(int)


def _labels(texts: Sequence[str], index: pd.Series) -> pd.Series:
    """``texts[i]`` for every class index ``i`` of ``index``, on its index (one lookup, not a call per firm)."""
    table = np.empty(len(texts), dtype=object)
    table[:] = list(texts)
    return pd.Series(table[index.to_numpy(dtype=int)], index=index.index, dtype=object)


def _tie_notes(best: pd.Series, position: pd.Series) -> pd.Series:
    """:data:`_TIE_NOTE` where a tie moved the firm up from its ``position`` to ``best``, else ``""``."""
    return _labels(["", _TIE_NOTE], (best < position).astype(int))


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


def _by_score(frame: pd.DataFrame) -> pd.Index:
    """Deterministic ranking: score descending, then parcel_id ascending."""
    return frame.sort_values(["score", "_pid"], ascending=[False, True], kind="mergesort").index


def _pct(x: float) -> str:
    return f"{round(x * 100, 6):g}%"


_TIE_NOTE = "，与较优一档末位并列"


def _assign_percentile(ev: pd.DataFrame, preset: Preset) -> tuple[pd.Series, pd.Series]:
    """Classes by rank of the score: the first quota[0] firms are A, and so on; ties move up."""
    order = _by_score(ev)
    sizes = _quota(preset, len(ev))
    position = pd.Series(np.repeat(np.arange(len(sizes)), sizes), index=order)
    best = _promote_ties(position, ev.loc[order, "score"])
    # cumulative share bounds of each class, for the reason text
    rest = preset.rest_index
    shares = [c.share or 0.0 for c in preset.classes]
    lo = [sum(shares[:i]) for i in range(len(shares))]
    hi = [lo[i] + shares[i] for i in range(len(shares))]
    for i in range(rest, len(shares)):
        hi[i] = 1.0 - sum(shares[i + 1:])
        lo[i] = hi[i] - shares[i] if i != rest else sum(shares[:rest])
    texts = []
    for a, b in zip(lo, hi, strict=True):
        if a <= 0:
            texts.append(f"得分排名前{_pct(b)}")
        elif b >= 1:
            texts.append(f"得分排名后{_pct(1 - a)}")
        else:
            texts.append(f"得分排名{_pct(a)}–{_pct(b)}")
    grades = _labels([c.grade for c in preset.classes], best)
    reasons = _labels(texts, best) + _tie_notes(best, position)
    return grades, reasons


def _assign_henan(ev: pd.DataFrame, preset: Preset) -> tuple[pd.Series, pd.Series]:
    """Henan: A picked by ``top_pick`` in the top half by score, C by ``bottom_pick`` in the bottom half."""
    assert preset.top_pick is not None and preset.bottom_pick is not None  # checked by config_from_dict
    n, rest = len(ev), preset.rest_index
    order = _by_score(ev)
    cut = _tie_key(ev.loc[order, "score"]).iloc[math.ceil(n / 2) - 1]
    in_top = _tie_key(ev["score"]) >= cut  # the first ceil(n/2), plus firms tied with the last of them
    sizes = _quota(preset, n)
    top, bottom = ev[in_top], ev[~in_top]

    t_order = top.sort_values([preset.top_pick, "score", "_pid"], ascending=[False, False, True],
                              na_position="last", kind="mergesort").index
    t_pos = pd.Series(_fill([(i, sizes[i]) for i in range(rest)], len(t_order), rest), index=t_order)
    t_best = _promote_ties(t_pos, top.loc[t_order, preset.top_pick])

    b_order = bottom.sort_values([preset.bottom_pick, "score", "_pid"], ascending=[True, True, True],
                                 na_position="first", kind="mergesort").index
    worst_first = [(i, sizes[i]) for i in reversed(range(rest + 1, len(sizes)))]
    b_pos = pd.Series(_fill(worst_first, len(b_order), rest), index=b_order)
    b_best = _promote_ties(b_pos, bottom.loc[b_order, preset.bottom_pick])

    best = pd.concat([t_best, b_best])
    position = pd.concat([t_pos, b_pos])
    top_zh, bottom_zh = get_indicator(preset.top_pick).zh, get_indicator(preset.bottom_pick).zh

    def reason(i: int, *, missing: bool) -> str:
        cls = preset.classes[i]
        if i < rest:
            return f"得分居前半且{top_zh}领先（前{_pct(cls.share or 0)}）"
        if i > rest:
            what = f"未报{bottom_zh}数据" if missing else f"{bottom_zh}最低"
            return f"得分居后半且{what}（后{_pct(cls.share or 0)}）"
        return "其余企业"

    classes = range(len(preset.classes))
    grades = _labels([c.grade for c in preset.classes], best)
    reasons = _labels([reason(i, missing=False) for i in classes], best).where(
        ev[preset.bottom_pick].reindex(best.index).notna(),
        _labels([reason(i, missing=True) for i in classes], best))
    reasons = reasons + _tie_notes(best, position)
    return grades.reindex(ev.index), reasons.reindex(ev.index)


def _assign_thresholds(ev: pd.DataFrame, preset: Preset, *, prefix: str = "") -> tuple[pd.Series, pd.Series]:
    """Absolute thresholds: the first class whose ``min_score`` the score reaches; else the last."""
    last = len(preset.classes) - 1
    index = np.full(len(ev), last)
    score = ev["score"].to_numpy(dtype=float)
    for i in reversed(range(last)):
        floor = preset.classes[i].min_score
        assert floor is not None  # checked by config_from_dict
        index = np.where(score >= floor - SCORE_TOLERANCE, i, index)
    lowest = preset.classes[last - 1].min_score

    def reason(i: int, s: float) -> str:
        shown = math.floor((s + SCORE_TOLERANCE) * 100) / 100  # never "1.00" for a score just below 1
        if i < last:
            return f"{prefix}得分{shown:.2f}≥{preset.classes[i].min_score:g}"
        return f"{prefix}得分{shown:.2f}<{lowest:g}"

    grades = pd.Series([preset.classes[i].grade for i in index], index=ev.index, dtype=object)
    reasons = pd.Series([reason(i, s) for i, s in zip(index, score, strict=True)], index=ev.index,
                        dtype=object)
    return grades, reasons


METHODS: tuple[Method, ...] = (
    Method("henan_three_class", "河南三类（前半取税收领先、后半取能效最低）",
           "Henan three classes (top half by tax, bottom half by energy efficiency)",
           uses_shares=True, uses_picks=True, assign=_assign_henan),
    Method("percentile", "按得分排名比例分档", "Classes by percentile of the score",
           uses_shares=True, uses_picks=False, assign=_assign_percentile),
    Method("weighted_benchmark", "按基准得分阈值分档", "Classes by score thresholds against benchmarks",
           uses_shares=False, uses_picks=False, assign=_assign_thresholds),
)
_METHODS = {m.key: m for m in METHODS}


# --- validation ---------------------------------------------------------------------------------

TOP_KEYS: tuple[str, ...] = ("default_preset", "score_cap", "min_group_size", "ungraded_industries",
                             "ungraded_if_not_built", "ungraded_if_no_tax", "presets")
PRESET_KEYS: tuple[str, ...] = ("name_zh", "name_en", "method", "source", "top_pick", "bottom_pick",
                                "criteria", "classes")
CRITERION_KEYS: tuple[str, ...] = ("indicator", "weight", "benchmark")
CLASS_KEYS: tuple[str, ...] = ("grade", "name_zh", "name_en", "share", "min_score")

_MISSING = object()


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


class _Problems:
    """Collects every problem of a configuration, each naming key path, value found and expectation."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[str] = []

    def add(self, path: str, value: object, expected: str) -> None:
        found = "is missing" if value is _MISSING else f"= {value!r}"
        self.items.append(f"{self.source}: {path} {found}; expected {expected}")

    def unknown_keys(self, table: Mapping, allowed: tuple[str, ...], prefix: str) -> None:
        for key in table:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                path = f"{prefix}.{key}" if prefix else str(key)
                self.add(path, table[key], f"one of the keys {', '.join(allowed)}{hint}; remove or "
                         "rename it")

    def number(self, table: Mapping, key: str, path: str, *, low: float, low_ok: bool,
               high: float | None = None, required: bool = True) -> float | None:
        value = table.get(key, _MISSING)
        if value is _MISSING and not required:
            return None
        bound = f"≥ {low:g}" if low_ok else f"> {low:g}"
        if high is not None:
            bound = f"between {low:g} and {high:g} (exclusive)"
        ok = _is_number(value) and (value >= low if low_ok else value > low)
        if ok and high is not None:
            ok = value < high
        if not ok:
            self.add(path, value, f"a number {bound}")
            return None
        return float(value)

    def text(self, table: Mapping, key: str, path: str, *, default: str | None = None) -> str:
        value = table.get(key, _MISSING)
        if value is _MISSING and default is not None:
            return default
        if not isinstance(value, str) or not value.strip():
            self.add(path, value, "a non-empty text in double quotes")
            return ""
        return value.strip()

    def indicator(self, value: object, path: str) -> str:
        if value not in PARCEL_INDICATORS:
            close = difflib.get_close_matches(str(value), PARCEL_INDICATORS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            self.add(path, value, f"a parcel indicator key: {', '.join(PARCEL_INDICATORS)}{hint}")
            return ""
        return str(value)

    def table_list(self, table: Mapping, key: str, path: str, what: str) -> list[Mapping]:
        value = table.get(key, _MISSING)
        if not isinstance(value, list) or not value or not all(isinstance(v, Mapping) for v in value):
            self.add(path, value, f"one or more [[{path}]] tables ({what})")
            return []
        return value


def _criteria(pr: _Problems, raw: Mapping, prefix: str) -> tuple[Criterion, ...]:
    out: list[Criterion] = []
    for i, item in enumerate(pr.table_list(raw, "criteria", f"{prefix}.criteria",
                                           "indicator, weight, benchmark")):
        path = f"{prefix}.criteria[{i}]"
        pr.unknown_keys(item, CRITERION_KEYS, path)
        key = pr.indicator(item.get("indicator", _MISSING), f"{path}.indicator")
        if key and key in [c.indicator for c in out]:
            pr.add(f"{path}.indicator", key, "each indicator once per preset")
        weight = pr.number(item, "weight", f"{path}.weight", low=0, low_ok=False)
        bench = pr.number(item, "benchmark", f"{path}.benchmark", low=0, low_ok=False, required=False)
        out.append(Criterion(key, weight or 0.0, bench))
    return tuple(out)


def _classes(pr: _Problems, raw: Mapping, prefix: str, method: Method | None) -> tuple[GradeClass, ...]:
    items = pr.table_list(raw, "classes", f"{prefix}.classes", "grade, name_zh, name_en, share, min_score")
    out: list[GradeClass] = []
    letters = GRADES[:-1]
    if items and not 2 <= len(items) <= len(letters):
        pr.add(f"{prefix}.classes", f"{len(items)} classes", f"2 to {len(letters)} classes (A, B, C, D)")
    for i, item in enumerate(items):
        path = f"{prefix}.classes[{i}]"
        pr.unknown_keys(item, CLASS_KEYS, path)
        grade = item.get("grade", _MISSING)
        expected = letters[i] if i < len(letters) else None
        if grade != expected:
            pr.add(f"{path}.grade", grade, f"{expected!r}: classes are A, B, C, D in this order, best first")
        names = DEFAULT_GRADE_NAMES.get(str(grade), ("", ""))
        name_zh = pr.text(item, "name_zh", f"{path}.name_zh", default=names[0])
        name_en = pr.text(item, "name_en", f"{path}.name_en", default=names[1])
        share = pr.number(item, "share", f"{path}.share", low=0, low_ok=False, high=1, required=False)
        last = i == len(items) - 1
        min_score = pr.number(item, "min_score", f"{path}.min_score", low=0, low_ok=True, required=not last)
        if last and "min_score" in item:
            pr.add(f"{path}.min_score", item["min_score"], "no min_score on the last class: it takes every "
                   "score below the previous class's min_score")
        if out and min_score is not None and out[-1].min_score is not None and min_score >= out[-1].min_score:
            pr.add(f"{path}.min_score", min_score, f"less than the previous class's {out[-1].min_score:g}")
        out.append(GradeClass(str(grade), name_zh, name_en, share, min_score))
    if method is None or not out:
        return tuple(out)
    shares = [c.share for c in out]
    if method.uses_shares:
        rest = [i for i, s in enumerate(shares) if s is None]
        if len(rest) != 1:
            pr.add(f"{prefix}.classes[*].share", shares, "exactly one class without share (it takes the "
                   f"remaining firms) for method {method.key!r}, e.g. [0.15, None, 0.1]")
        total = sum(s for s in shares if s is not None)
        if total > 1 + 1e-12:
            pr.add(f"{prefix}.classes[*].share", round(total, 12), "shares adding up to at most 1")
        if method.uses_picks and len(rest) == 1:
            for side, chosen in (("top", shares[:rest[0]]), ("bottom", shares[rest[0] + 1:])):
                part = sum(s for s in chosen if s is not None)
                if part > 0.5 + 1e-12:
                    pr.add(f"{prefix}.classes[*].share", round(part, 12),
                           f"at most 0.5 for the classes picked from the {side} half (method {method.key!r})")
    else:
        for i, s in enumerate(shares):
            if s is not None:
                pr.add(f"{prefix}.classes[{i}].share", s, f"no share: method {method.key!r} uses min_score only")
    return tuple(out)


def _preset(pr: _Problems, key: str, raw: object) -> Preset | None:
    prefix = f"presets.{key}"
    if not isinstance(raw, Mapping):
        pr.add(prefix, raw, f"a table [{prefix}] with method, criteria and classes")
        return None
    pr.unknown_keys(raw, PRESET_KEYS, prefix)
    method_key = raw.get("method", _MISSING)
    method = _METHODS.get(method_key) if isinstance(method_key, str) else None
    if method is None:
        pr.add(f"{prefix}.method", method_key, f"one of: {', '.join(_METHODS)}")
    picks: dict[str, str | None] = {"top_pick": None, "bottom_pick": None}
    for pick in picks:
        value = raw.get(pick, _MISSING)
        if method is not None and method.uses_picks:
            picks[pick] = pr.indicator(value, f"{prefix}.{pick}") or None
        elif value is not _MISSING:
            pr.add(f"{prefix}.{pick}", value, "no such key: only method 'henan_three_class' uses it")
    return Preset(
        key=key,
        name_zh=pr.text(raw, "name_zh", f"{prefix}.name_zh", default=key),
        name_en=pr.text(raw, "name_en", f"{prefix}.name_en", default=key),
        method=method.key if method else str(method_key),
        criteria=_criteria(pr, raw, prefix),
        classes=_classes(pr, raw, prefix, method),
        source=pr.text(raw, "source", f"{prefix}.source", default=""),
        top_pick=picks["top_pick"],
        bottom_pick=picks["bottom_pick"],
    )


def config_from_dict(data: Mapping, *, source: str) -> GradingConfig:
    """Validate a grading configuration (the parsed ``grading.toml``) and build it.

    Parameters
    ----------
    data
        The parsed TOML document (see :func:`geodata.config_files.read_toml`).
    source
        Where it came from (the file path), named in every error message.

    Returns
    -------
    GradingConfig

    Raises
    ------
    GradingConfigError
        Listing **every** problem: unknown keys (typos such as ``wieght``), unknown methods or
        indicators (with the valid ones), weights and benchmarks that are not positive numbers,
        shares outside (0, 1) or adding up to more than 1, thresholds out of order, a missing or
        unknown default preset. Each line names the source, the key path (e.g.
        ``presets.henan.criteria[1].weight``, counting from 0), the value found and what is expected.
    """
    pr = _Problems(source)
    if not isinstance(data, Mapping):
        raise GradingConfigError(source, [f"{source}: the document is {type(data).__name__}; expected "
                                          "a TOML document with default_preset and [presets.*] tables"])
    pr.unknown_keys(data, TOP_KEYS, "")
    cap = pr.number({"score_cap": 2.0, **data}, "score_cap", "score_cap", low=1, low_ok=True)
    size = data.get("min_group_size", 10)
    if not (isinstance(size, int) and not isinstance(size, bool) and size >= 1):
        pr.add("min_group_size", size, "a whole number ≥ 1, e.g. 10")
        size = 10
    industries = data.get("ungraded_industries", [])
    if not (isinstance(industries, list) and all(isinstance(v, str) and v.strip() for v in industries)):
        pr.add("ungraded_industries", industries, 'a list of industry names, e.g. ["公用事业", "水务"]')
        industries = []
    flags = {}
    for flag in ("ungraded_if_not_built", "ungraded_if_no_tax"):
        flags[flag] = data.get(flag, True)
        if not isinstance(flags[flag], bool):
            pr.add(flag, flags[flag], "true or false (lower case, no quotes)")
    raw_presets = data.get("presets", _MISSING)
    presets: list[Preset] = []
    if not isinstance(raw_presets, Mapping) or not raw_presets:
        pr.add("presets", raw_presets, "one or more [presets.<name>] tables")
    else:
        presets = [p for key, raw in raw_presets.items() if (p := _preset(pr, str(key), raw)) is not None]
    default = data.get("default_preset", _MISSING)
    if not isinstance(default, str) or (isinstance(raw_presets, Mapping) and default not in raw_presets):
        valid = ", ".join(raw_presets) if isinstance(raw_presets, Mapping) else "(none defined)"
        pr.add("default_preset", default, f"the name of a preset: {valid}")
    if pr.items:
        raise GradingConfigError(source, pr.items)
    return GradingConfig(
        presets=tuple(presets), default_preset=str(default), score_cap=cap or 2.0,
        min_group_size=int(size), ungraded_industries=tuple(s.strip() for s in industries),
        ungraded_if_not_built=bool(flags["ungraded_if_not_built"]),
        ungraded_if_no_tax=bool(flags["ungraded_if_no_tax"]), source=source)


# --- grading ------------------------------------------------------------------------------------

def _check_overrides(benchmarks: Mapping[str, float] | None) -> dict[str, float]:
    if not benchmarks:
        return {}
    pr = _Problems("benchmarks")
    out = {}
    for key in benchmarks:
        if pr.indicator(key, f"benchmarks[{key!r}]") and (v := pr.number(
                benchmarks, key, f"benchmarks[{key!r}]", low=0, low_ok=False)) is not None:
            out[key] = v
    if pr.items:
        raise GradingConfigError("benchmarks (run-time setting)", pr.items)
    return out


def _ungraded_reasons(parcels: pd.DataFrame, config: GradingConfig, preset: Preset,
                      firms: pd.Series) -> pd.Series:
    """Why each firm is not graded (None when it is); the first rule that applies wins."""
    reason = pd.Series(None, index=parcels.index, dtype=object)
    primary_zh = get_indicator(preset.primary).zh
    # lowest priority first: each later rule overwrites
    reason = reason.mask(firms & parcels[preset.primary].isna(), f"{UNGRADED}：缺少主要指标（{primary_zh}）")
    if config.ungraded_if_no_tax:
        reason = reason.mask(firms & parcels["tax_wan"].isna(), f"{UNGRADED}：无税收数据")
    if config.ungraded_if_not_built:
        not_built = ~parcels["built"].astype("boolean").fillna(True).astype(bool)
        reason = reason.mask(firms & not_built, f"{UNGRADED}：在建")
    if config.ungraded_industries:
        industry = parcels["industry"].fillna("").astype(str).str.strip()
        hit = firms & industry.isin(config.ungraded_industries)
        reason = reason.mask(hit, UNGRADED + "：" + industry)
    return reason


def _required_columns(config: GradingConfig, preset: Preset) -> list[str]:
    cols = ["enterprise", *(c.indicator for c in preset.criteria)]
    cols += [p for p in (preset.top_pick, preset.bottom_pick) if p]
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
        ``未评价``, or None for parcels without an enterprise) and ``grade_reason`` (short Chinese text).

    Notes
    -----
    Only rows with a non-blank ``enterprise`` are firms. A firm is **not graded** (``未评价``), first
    rule first: its industry is in ``ungraded_industries``; it is not built (``ungraded_if_not_built``);
    it reported no tax for the year (``ungraded_if_no_tax``; a reported 0 is graded); its primary
    indicator (the first criterion) is missing. The other firms are the **evaluated set** (N); a firm
    of it whose score cannot be computed (no usable benchmark: a median that is missing or ≤ 0) is
    then also ``未评价``.

    Score: :func:`weighted_score` with :func:`resolve_benchmarks` (a criterion without benchmark
    uses the median of the evaluated set) and ``config.score_cap``.

    Classes, ranking by score descending then ``parcel_id`` ascending:

    - ``percentile``: class sizes are round-half-up(share × N), the class without a share takes the
      rest. Ties go to the better class: a firm scoring the same as the last firm admitted to a
      better class joins it (that class may exceed its quota; the class below shrinks).
    - ``henan_three_class``: the top half is the first ceil(N/2) by score (plus firms tied with the
      last of them), the bottom half the others. A = the round(share_A × N) firms of the top half
      with the highest ``top_pick``; C = the round(share_C × N) of the bottom half with the lowest
      ``bottom_pick``, a firm without that figure ranking lowest (first to be C); B = the rest. Ties
      on the pick figure go to the better class.
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
                                                + [p for p in (chosen.top_pick, chosen.bottom_pick) if p])]]
    ev = ev.astype(float)
    bench = resolve_benchmarks(ev, chosen, benchmarks=benchmarks)
    ev["score"] = weighted_score(ev, chosen, bench, cap=config.score_cap)
    pid = parcels["parcel_id"] if "parcel_id" in parcels.columns else parcels.index.to_series()
    ev["_pid"] = pid[evaluated].astype(str)
    no_score = ev.index[ev["score"].isna()]  # every benchmark unusable (a median ≤ 0 or missing)
    not_graded[no_score] = f"{UNGRADED}：无法计算得分（缺少有效基准）"
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
            note = f"样本不足{config.min_group_size}家，按基准绝对值评价："
            grades, reasons = _assign_thresholds(ev, chosen, prefix=note)
        else:
            grades, reasons = method.assign(ev, chosen)
        out.loc[ev.index, "score"] = ev["score"]
        out.loc[ev.index, "grade"] = grades
        out.loc[ev.index, "grade_reason"] = reasons
    for col in ("grade", "grade_reason"):  # None (not NaN) for parcels without an enterprise
        out[col] = out[col].astype(object).where(firms, None)
    return out


def preset_choices(config: GradingConfig, *, lang: str = "zh") -> dict[str, str]:
    """Preset key -> display name (``name_zh`` or ``name_en``), in configuration order, for a selector."""
    return {p.key: (p.name_zh if lang == "zh" else p.name_en) for p in config.presets}


def grade_names(config: GradingConfig, preset: str | None = None, *, lang: str = "zh") -> dict[str, str]:
    """Grade -> legend label of a preset (``A 优先发展``, ``A类``), plus ``未评价``, in :data:`GRADES` order.

    Grades the preset does not use (D under the Henan method) are left out.
    """
    chosen = config.preset(preset)
    names = {c.grade: c.label(lang) for c in chosen.classes}
    zh, en = DEFAULT_GRADE_NAMES[UNGRADED]
    names[UNGRADED] = zh if lang == "zh" else en
    return names


def grade_summary(grades: pd.DataFrame) -> pd.DataFrame:
    """Number and share of firms per grade, in the order A, B, C, D, 未评价 (zeros included).

    ``grades`` is the output of :func:`grade_enterprises`; parcels without an enterprise (grade
    None) are not counted. ``share`` is the fraction of all firms (graded or not).
    """
    counts = grades["grade"].value_counts().reindex(list(GRADES), fill_value=0).astype(int)
    total = int(counts.sum())
    out = pd.DataFrame({"count": counts, "share": counts / total if total else counts * np.nan})
    out.index.name = "grade"
    return out

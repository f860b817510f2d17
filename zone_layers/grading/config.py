"""Reading a grading configuration (the parsed ``grading.toml``): every problem with its key path."""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping

from zone_layers.grading.methods import _METHODS
from zone_layers.grading.model import (
    DEFAULT_GRADE_NAMES,
    GRADES,
    PARCEL_INDICATORS,
    Criterion,
    GradeClass,
    GradingConfig,
    GradingConfigError,
    Method,
    Preset,
)

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

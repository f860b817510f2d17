"""Reading a grading configuration (the parsed ``grading.toml``): every problem with its key path.

The file is described by the pydantic models below (:class:`GradingFile` and its tables) and checked
by :func:`geodata.config_model.validate_config`; rules relating several values are model validators
naming the key path they blame. :func:`config_from_dict` then builds the plain dataclasses of
:mod:`zone_layers.grading.model` that the rest of the code uses.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from annotated_types import Gt
from pydantic import AfterValidator, Field, model_validator

from geodata.config_model import MISSING, Choice, ConfigModel, Problem, Text, problems, validate_config
from zone_layers.disclosure import DisclosureRules
from zone_layers.grading.methods import _METHODS
from zone_layers.grading.model import (
    DEFAULT_GRADE_NAMES,
    PARCEL_INDICATORS,
    TIE_RULES,
    Criterion,
    EvaluationRules,
    GradeClass,
    GradingConfig,
    GradingConfigError,
    Preset,
    Price,
    Quota,
)

#: Grades a preset's classes take, best first, in this order.
CLASS_GRADES: tuple[str, ...] = ("A", "B", "C", "D")
_SLACK = 1e-12  # float sums of shares such as 0.2 + 0.4 + 0.4

Indicator = Annotated[str, Choice(PARCEL_INDICATORS, "a parcel indicator key")]
MethodKey = Annotated[str, Choice(tuple(_METHODS))]
TieRule = Annotated[str, Choice(TIE_RULES, "a tie rule: better (ties join the better class), worse (they drop "
                                           "to the worse class) or by_tax (broken by 亩均税收, then credit code)")]


# --- the file's model ---------------------------------------------------------------------------

class CriterionTable(ConfigModel):
    """One ``[[presets.<name>.criteria]]`` table."""

    indicator: Indicator
    weight: float = Field(gt=0, examples=[50])
    benchmark: float | None = Field(None, gt=0, examples=[11.0])


class ClassTable(ConfigModel):
    """One ``[[presets.<name>.classes]]`` table."""

    grade: str = Field(description="'A', 'B', 'C' or 'D' (classes in this order, best first)")
    name_zh: Text | None = None
    name_en: Text | None = None
    share: float | None = Field(None, gt=0, lt=1, examples=[0.15])
    min_score: float | None = Field(None, ge=0, examples=[0.5])


def _each_indicator_once(criteria: list[CriterionTable]) -> list[CriterionTable]:
    seen = [c.indicator for c in criteria]
    problems(((i, "indicator"), key, "each indicator once per preset")
             for i, key in enumerate(seen) if key in seen[:i])
    return criteria


def _classes_in_order(items: list[ClassTable]) -> list[ClassTable]:
    found: list[Problem] = []
    if not 2 <= len(items) <= len(CLASS_GRADES):
        found.append(((), f"{len(items)} classes", f"2 to {len(CLASS_GRADES)} classes (A, B, C, D)"))
    for i, cls in enumerate(items):
        wanted = CLASS_GRADES[i] if i < len(CLASS_GRADES) else None
        if cls.grade != wanted:
            found.append(((i, "grade"), cls.grade, f"{wanted!r}: classes are A, B, C, D in this order, best first"))
        last = i == len(items) - 1
        if last and cls.min_score is not None:
            found.append(((i, "min_score"), cls.min_score, "no min_score on the last class: it takes every score "
                          "below the previous class's min_score"))
        elif not last and cls.min_score is None:
            found.append(((i, "min_score"), MISSING, "a number ≥ 0, e.g. 0.5: the lowest score of this class "
                          "(used by weighted_benchmark, and for groups smaller than min_group_size)"))
        previous = items[i - 1].min_score if i else None
        if cls.min_score is not None and previous is not None and cls.min_score >= previous:
            found.append(((i, "min_score"), cls.min_score, f"less than the previous class's {previous:g}"))
    problems(found)
    return items


class PresetTable(ConfigModel):
    """One ``[presets.<name>]`` table: a grading method with its criteria and classes."""

    name_zh: Text | None = None
    name_en: Text | None = None
    method: MethodKey
    source: Text | None = None
    top_pick: Indicator | None = None
    bottom_pick: Indicator | None = None
    tie_rule: TieRule | None = None
    criteria: Annotated[list[CriterionTable], AfterValidator(_each_indicator_once)] = Field(min_length=1)
    classes: Annotated[list[ClassTable], AfterValidator(_classes_in_order)] = Field(min_length=1)

    @model_validator(mode="after")
    def _method_rules(self) -> PresetTable:
        """What the method needs: picks for ``henan_three_class``, shares for the percentile methods."""
        method = _METHODS[self.method]
        found: list[Problem] = []
        for pick in ("top_pick", "bottom_pick"):
            value = getattr(self, pick)
            if method.uses_picks and value is None:
                found.append(((pick,), MISSING, f"a parcel indicator key: {', '.join(PARCEL_INDICATORS)} (method "
                              f"{method.key!r} picks class A and the last class by it)"))
            elif not method.uses_picks and value is not None:
                found.append(((pick,), value, "no such key: only method 'henan_three_class' uses it"))
        shares = [c.share for c in self.classes]
        every = ("classes", "*", "share")
        if method.uses_shares:
            rest = [i for i, s in enumerate(shares) if s is None]
            if len(rest) != 1:
                found.append((every, shares, "exactly one class without share (it takes the remaining firms) for "
                              f"method {method.key!r}, e.g. [0.15, None, 0.1]"))
            total = sum(s for s in shares if s is not None)
            if total > 1 + _SLACK:
                found.append((every, round(total, 12), "shares adding up to at most 1"))
            if method.uses_picks and len(rest) == 1:
                for side, chosen in (("top", shares[:rest[0]]), ("bottom", shares[rest[0] + 1:])):
                    part = sum(s for s in chosen if s is not None)
                    if part > 0.5 + _SLACK:
                        found.append((every, round(part, 12), f"at most 0.5 for the classes picked from the {side} "
                                      f"half (method {method.key!r})"))
        else:
            found += [(("classes", i, "share"), s, f"no share: method {method.key!r} uses min_score only")
                      for i, s in enumerate(shares) if s is not None]
            if self.tie_rule is not None:
                found.append((("tie_rule",), self.tie_rule, f"no such key: method {method.key!r} classes by "
                              "min_score, where a tie never splits a class"))
        problems(found)
        return self


class EvaluationTable(ConfigModel):
    """The ``[evaluation]`` table: who is evaluated (see :class:`EvaluationRules`)."""

    min_years_registered: int = Field(default=3, ge=0, examples=[3])
    small_firm_min_mu: float = Field(default=3.0, ge=0, examples=[3.0])
    tenants_separate: bool = False
    leased_land_to: Literal["lessee", "owner"] = Field(default="lessee", examples=["lessee"])


class DisclosureTable(ConfigModel):
    """The ``[disclosure]`` table: the primary-suppression thresholds of what a viewer sees
    (:class:`zone_layers.disclosure.DisclosureRules`)."""

    min_firms: int = Field(default=3, ge=2, examples=[3])
    dominance: float = Field(default=0.85, gt=0.5, le=1, examples=[0.85])


GradeKey = Annotated[str, Choice(CLASS_GRADES, "a grade: A, B, C or D")]


class QuotaTable(ConfigModel):
    """One grade of a ``[quotas.<preset>]`` table: ``A = { max = 0.20 }``, ``D = { min = 0.05 }``."""

    max: float | None = Field(None, gt=0, le=1, examples=[0.2])
    min: float | None = Field(None, ge=0, lt=1, examples=[0.05])

    @model_validator(mode="after")
    def _some_bound(self) -> QuotaTable:
        """At least one bound, and min below max."""
        if self.max is None and self.min is None:
            problems([((), MISSING, "max and/or min, e.g. { max = 0.20 } or { min = 0.05 }")])
        if self.max is not None and self.min is not None and self.min > self.max:
            problems([(("min",), self.min, f"at most max = {self.max:g}")])
        return self


class PriceTable(ConfigModel):
    """One ``[prices.<key>]`` table: what each grade costs with one utility (see :class:`Price`)."""

    name_zh: Text
    name_en: Text
    utility_zh: Text
    utility_en: Text
    unit: Text = Field(examples=["元/kWh"])
    unit_en: Text | None = Field(None, examples=["CNY/kWh"])
    by_grade: dict[GradeKey, float] = Field(default_factory=dict, examples=[{"D": 0.0}])
    lowest_by_years: list[Annotated[float, Gt(0)]] = Field(default_factory=list, examples=[[0.05, 0.10, 0.15]])
    consumption: Text | None = Field(None, examples=["electricity_kwh"])
    verified: bool = False
    source: Text | None = None


class GradingFile(ConfigModel):
    """The whole ``grading.toml``."""

    default_preset: str | None = Field(None, description='the name of a preset, e.g. "henan"')
    score_cap: float = Field(2.0, ge=1, examples=[2.0])
    min_group_size: int = Field(10, ge=1, examples=[10])
    ungraded_industries: list[Text] = Field(default_factory=list, examples=[["公用事业", "水务"]])
    ungraded_if_not_built: bool = True
    ungraded_if_no_tax: bool = True
    evaluation: EvaluationTable = EvaluationTable()
    disclosure: DisclosureTable = DisclosureTable()
    presets: dict[str, PresetTable] = Field(min_length=1)
    quotas: dict[str, dict[GradeKey, QuotaTable]] = Field(default_factory=dict)
    prices: dict[str, PriceTable] = Field(default_factory=dict)

    @classmethod
    def input_rules(cls, data: Mapping[str, Any], context: Any) -> list[Problem]:
        """``default_preset`` names one of the ``[presets.*]`` tables, each ``[quotas.<preset>]`` one
        too and only grades that preset has (checked whatever else is wrong)."""
        presets = data.get("presets")
        names = [str(k) for k in presets] if isinstance(presets, Mapping) else []
        found: list[Problem] = []
        default = data.get("default_preset", MISSING)
        if default is MISSING or (isinstance(default, str) and default not in names):
            found.append((("default_preset",), default,
                          f"the name of a preset: {', '.join(names) or '(none defined)'}"))
        quotas = data.get("quotas")
        for key, table in (quotas.items() if isinstance(quotas, Mapping) else ()):
            if str(key) not in names:
                close = difflib.get_close_matches(str(key), names, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                found.append((("quotas", str(key)), key, f"the name of a preset: {', '.join(names)}{hint}"))
                continue
            table_p = presets.get(key) if isinstance(presets, Mapping) else None
            classes = table_p.get("classes") if isinstance(table_p, Mapping) else None
            grades = [c.get("grade") for c in classes if isinstance(c, Mapping)] if isinstance(classes, list) else []
            for grade in (table if isinstance(table, Mapping) else ()):
                if grades and grade not in grades:
                    found.append((("quotas", str(key), str(grade)), grade,
                                  f"a grade of preset {key!r}: {', '.join(map(str, grades))}"))
        return found


class BenchmarkOverrides(ConfigModel):
    """Run-time benchmarks (the sidebar's setting): indicator key → a positive number."""

    benchmarks: dict[Indicator, Annotated[float, Gt(0)]]


# --- building the domain objects ----------------------------------------------------------------

def _preset(key: str, table: PresetTable) -> Preset:
    classes = []
    for c in table.classes:
        names = DEFAULT_GRADE_NAMES.get(c.grade, ("", ""))
        classes.append(GradeClass(c.grade, c.name_zh or names[0], c.name_en or names[1], c.share, c.min_score))
    return Preset(
        key=key, name_zh=table.name_zh or key, name_en=table.name_en or key, method=table.method,
        criteria=tuple(Criterion(c.indicator, float(c.weight), c.benchmark) for c in table.criteria),
        classes=tuple(classes), source=table.source or "", top_pick=table.top_pick, bottom_pick=table.bottom_pick,
        tie_rule=table.tie_rule or "better")


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
        Listing **every** problem: unknown keys (typos such as ``wieght``, with the key meant),
        unknown methods or indicators (with the valid ones), weights and benchmarks that are not
        positive numbers, shares outside (0, 1) or adding up to more than 1, thresholds out of
        order, a missing or unknown default preset, an unknown ``tie_rule`` or ``[evaluation]`` key,
        a negative minimum. Each line names the source, the key path (e.g.
        ``presets.henan.criteria[1].weight``, counting from 0), the value found and what is expected.
    """
    file = validate_config(GradingFile, data, source=source,
                           error=lambda found: GradingConfigError(source, found))
    return GradingConfig(
        presets=tuple(_preset(key, table) for key, table in file.presets.items()),
        default_preset=str(file.default_preset), score_cap=file.score_cap, min_group_size=file.min_group_size,
        ungraded_industries=tuple(file.ungraded_industries), ungraded_if_not_built=file.ungraded_if_not_built,
        ungraded_if_no_tax=file.ungraded_if_no_tax, source=source,
        evaluation=EvaluationRules(min_years_registered=file.evaluation.min_years_registered,
                                   small_firm_min_mu=float(file.evaluation.small_firm_min_mu),
                                   tenants_separate=file.evaluation.tenants_separate,
                                   leased_land_to=file.evaluation.leased_land_to),
        disclosure=DisclosureRules(min_firms=file.disclosure.min_firms, dominance=file.disclosure.dominance),
        quotas=tuple(Quota(preset, grade, bound.max, bound.min)
                     for preset, table in file.quotas.items() for grade, bound in table.items()),
        prices=tuple(Price(key, p.name_zh, p.name_en, p.utility_zh, p.utility_en, p.unit,
                           by_grade=tuple((g, float(v)) for g, v in p.by_grade.items()),
                           lowest_by_years=tuple(float(v) for v in p.lowest_by_years),
                           consumption=p.consumption, verified=p.verified, source=p.source or "",
                           unit_en=p.unit_en or "")
                     for key, p in file.prices.items()))


def _check_overrides(benchmarks: Mapping[str, float] | None) -> dict[str, float]:
    """Run-time benchmark overrides, checked like the file: every problem in one GradingConfigError."""
    if not benchmarks:
        return {}
    source = "benchmarks (run-time setting)"
    checked = validate_config(BenchmarkOverrides, {"benchmarks": dict(benchmarks)}, source=source,
                              error=lambda found: GradingConfigError(source, found))
    return {key: float(value) for key, value in checked.benchmarks.items()}

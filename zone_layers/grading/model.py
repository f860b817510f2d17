"""The grading model: grades, presets, criteria, classes and the configuration object.

Plain frozen dataclasses; :mod:`zone_layers.grading.config` builds them from ``grading.toml``,
:mod:`zone_layers.grading.methods` turns scores into classes with them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from geodata.errors import ZoneDataError
from zone_layers.disclosure import DisclosureRules
from zone_layers.indicators import INDICATORS

#: Grades in display order; ``ungraded`` = not graded (utility, start-up, under construction, no data).
#: A code: the dashboard shows it as 未评价 / Not graded.
UNGRADED: str = "ungraded"

#: Why a firm has its grade: a rule code and its parameters, e.g.
#: ``{"rule": "score_at_least", "score": 1.234, "min": 1.0}`` or ``{"rule": "ungraded_no_tax"}``
#: (every rule is listed in ``zone_layers/README.md``). Plain JSON-ready data, never text; shared
#: between firms of a class, so treat it as read-only.
Reason = dict[str, Any]
GRADES: tuple[str, ...] = ("A", "B", "C", "D", UNGRADED)

#: One colour per grade, colour-blind safe (Okabe-Ito): best = dark blue ... worst = vermillion.
GRADE_COLORS: dict[str, str] = {
    "A": "#0072B2",
    "B": "#56B4E9",
    "C": "#E69F00",
    "D": "#D55E00",
    UNGRADED: "#BBBBBB",
}

#: Grade names used when a preset's class gives none: (Chinese, English); configuration defaults.
DEFAULT_GRADE_NAMES: dict[str, tuple[str, str]] = {
    "A": ("A类", "Class A"),
    "B": ("B类", "Class B"),
    "C": ("C类", "Class C"),
    "D": ("D类", "Class D"),
}

#: Henan's three classes (《河南省产业集聚区企业分类综合评价办法》).
HENAN_GRADE_NAMES: dict[str, tuple[str, str]] = {
    "A": ("优先发展", "Priority development"),
    "B": ("鼓励提升", "Encouraged to improve"),
    "C": ("倒逼转型", "Pressed to transform"),
}

#: Scores within this distance of a threshold count as reaching it (float sums of exact ratios).
SCORE_TOLERANCE: float = 1e-9

#: How firms tied at a class boundary are classed (``Preset.tie_rule``): ``better`` = with the better
#: class (it may exceed its quota), ``worse`` = with the worse class, ``by_tax`` = the tie is broken
#: by :data:`TIE_BREAK` (higher is better), then by the firm's key (credit code) ascending.
TIE_RULES: tuple[str, ...] = ("better", "worse", "by_tax")
#: The figure ``by_tax`` breaks ties by: 亩均税收 (万元/亩).
TIE_BREAK: str = "tax_per_mu"

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
    #: one of :data:`TIE_RULES` (methods with shares only; default ``better``)
    tie_rule: str = "better"

    @property
    def primary(self) -> str:
        """The main indicator (first criterion): a firm without it is not graded."""
        return self.criteria[0].indicator

    @property
    def grades(self) -> tuple[str, ...]:
        """This preset's grades, best first, followed by :data:`UNGRADED`."""
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
class EvaluationRules:
    """Who is evaluated: the ``[evaluation]`` table of ``grading.toml`` (docs/definitions.md, "Grading").

    ``min_years_registered``: a firm registered fewer full calendar years before the evaluation
    year is not evaluated (registered 2022, year 2024, minimum 3: 2 years, not evaluated; Hefei: 3).
    ``small_firm_min_mu``: a firm that is not 规上 (above scale) is evaluated only from this land
    area (亩; 3, 5 in some counties). ``tenants_separate``: firms whose land is all leased form their
    own group for grading instead of joining the others (Cixi).
    ``leased_land_to``: whose land a lease is: ``lessee`` (the default: it leaves the lessor's land
    and counts to the lessee) or ``owner`` (it stays the lessor's; a lessee gets no land from it).
    """

    min_years_registered: int = 3
    small_firm_min_mu: float = 3.0
    tenants_separate: bool = False
    leased_land_to: str = "lessee"


@dataclass(frozen=True)
class Quota:
    """A bound on a class's share of the graded firms (``[quotas.<preset>]``), e.g. A ≤ 20 %, D ≥ 5 %.

    Checked after grading (the evaluation round's quota warnings); a bound never changes a grade.
    """

    preset: str
    grade: str
    max_share: float | None = None
    min_share: float | None = None


@dataclass(frozen=True)
class Price:
    """What a grade costs with one utility or office (``[prices.<key>]``, 资源要素差别化配置).

    ``by_grade``: the surcharge (or, for a relief, the rate) per grade in ``unit``; ``lowest_by_years``:
    added for a firm in the preset's lowest class after 1, 2, 3 … consecutive years in it (the last
    value for longer runs); ``consumption``: the ``enterprise_years`` figure the rate applies to (the
    total is estimated only for firms that report it); ``verified``: the figures were checked against
    a published rule (illustrative otherwise).
    """

    key: str
    name_zh: str
    name_en: str
    utility_zh: str
    utility_en: str
    unit: str
    by_grade: tuple[tuple[str, float], ...] = ()
    lowest_by_years: tuple[float, ...] = ()
    consumption: str | None = None
    verified: bool = False
    source: str = ""
    #: the unit as shown on English pages (default: ``unit``)
    unit_en: str = ""

    def unit_text(self, lang: str = "zh") -> str:
        """The unit in ``lang``: ``unit_en`` on English pages when given."""
        return self.unit_en or self.unit if lang == "en" else self.unit


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
    #: who is evaluated (``[evaluation]``), used by :func:`zone_layers.evaluation.evaluate_year`
    evaluation: EvaluationRules = field(default_factory=EvaluationRules)
    #: what a viewer may see of firm-figure aggregates (``[disclosure]``)
    disclosure: DisclosureRules = field(default_factory=DisclosureRules)
    #: bounds on the classes' shares (``[quotas.<preset>]``): warnings, never grades
    quotas: tuple[Quota, ...] = ()
    #: what each grade costs (``[prices.<key>]``)
    prices: tuple[Price, ...] = ()

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

#: (evaluated firms, preset) -> (grade per firm, :data:`Reason` per firm)
Assign = Callable[[pd.DataFrame, Preset], tuple[pd.Series, pd.Series]]


@dataclass(frozen=True)
class Method:
    """A way of turning scores into classes (its name is ``method.<key>`` in the dashboard's catalogue)."""

    key: str
    uses_shares: bool
    uses_picks: bool
    assign: Assign

"""Choropleth classification of an indicator with mapclassify, and its legend.

Schemes are a registry (quantiles, natural breaks, equal interval, user-defined breaks such as the
per-mu tax benchmark, classes around the benchmark). Missing values are never put in a class: they
get class -1 and are shown as "无数据" (no data), so a missing tax is not drawn as a low one.

Every class includes its lower bound and excludes its upper one, and its label says so
(``5.00 – <11.00``): for the data-driven schemes a class starts at its smallest value (mapclassify's
classes are kept as they are), for thresholds (user-defined, benchmark) a value on a threshold
belongs to the class above it (a firm at exactly the benchmark meets it: ``≥ 11.00``).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from zone_layers.registry import lookup

if TYPE_CHECKING:
    import mapclassify


def _mapclassify() -> ModuleType:
    """mapclassify, imported on first use: it brings scipy, scikit-learn and matplotlib (≈ 0.9 s),
    which a page's first run pays only when it classifies (the city overview and the land-class
    layer never do)."""
    import mapclassify

    return mapclassify

#: Sequential, colour-blind-safe ramps (ColorBrewer YlGnBu) by number of classes.
YLGNBU: dict[int, tuple[str, ...]] = {
    2: ("#a1dab4", "#225ea8"),
    3: ("#edf8b1", "#7fcdbb", "#2c7fb8"),
    4: ("#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"),
    5: ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"),
    6: ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"),
    7: ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"),
    8: ("#ffffd9", "#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"),
}
NO_DATA_COLOR = "#e6e6e6"
MIN_CLASSES, MAX_CLASSES = 2, max(YLGNBU)
#: User-defined breaks are upper bounds; a class up to the maximum value may be added above the
#: last one, so at most ``MAX_CLASSES - 1`` distinct breaks keep every class within the ramp.
MAX_BREAKS = MAX_CLASSES - 1
#: Above this many values natural breaks are computed on a sample (FisherJenksSampled).
JENKS_SAMPLE_ABOVE = 3_000


@dataclass(frozen=True)
class Scheme:
    """A classification scheme of the registry (its name is the catalogue entry ``scheme.<key>``)."""

    key: str
    build: Callable[[np.ndarray, int, Sequence[float] | None], mapclassify.classifiers.MapClassifier]


def _jenks(y: np.ndarray, k: int, _: Sequence[float] | None) -> mapclassify.classifiers.MapClassifier:
    with warnings.catch_warnings():  # "Numba not installed": the pure-Python path is fine here
        warnings.simplefilter("ignore", UserWarning)
        if len(y) > JENKS_SAMPLE_ABOVE:
            return _mapclassify().FisherJenksSampled(y, k=k, pct=0.1, truncate=False)
        return _mapclassify().FisherJenks(y, k=k)


class BreaksError(ValueError):
    """User-defined breaks the classifier cannot use.

    ``code`` names the problem for the presentation layer's catalogue: ``empty``, ``not_a_number``
    or ``not_finite`` (with the offending ``value`` as typed) or ``too_many`` (with the ``limit``).
    """

    def __init__(self, code: str, *, value: str = "", limit: int = MAX_BREAKS) -> None:
        self.code, self.value, self.limit = code, value, limit
        messages = {
            "empty": "user-defined classes need at least one break, e.g. the benchmark 11",
            "not_a_number": f"break {value!r} is not a number; write numbers separated by commas, e.g. 5, 11, 20",
            "not_finite": f"break {value!r} is not a finite number; write e.g. 5, 11, 20",
            "too_many": f"{value} distinct breaks make more than {limit + 1} classes; give at most {limit} breaks",
        }
        super().__init__(messages[code])


def check_breaks(breaks: Sequence[float]) -> tuple[float, ...]:
    """``breaks`` as the classifier uses them: sorted and distinct; raises :class:`BreaksError` when
    there is none, one is NaN or infinite, or there are more than :data:`MAX_BREAKS`."""
    for b in breaks:
        if not np.isfinite(float(b)):
            raise BreaksError("not_finite", value=str(b))
    out = tuple(sorted({float(b) for b in breaks}))
    if not out:
        raise BreaksError("empty")
    if len(out) > MAX_BREAKS:
        raise BreaksError("too_many", value=str(len(out)))
    return out


def breaks_from_text(text: str) -> tuple[float, ...]:
    """``"5, 11，20"`` -> (5.0, 11.0, 20.0) (commas ``,``, ``，`` or ``、``), checked by
    :func:`check_breaks`; a piece that is not a number raises :class:`BreaksError` naming it."""
    pieces = [p.strip() for p in text.replace("，", ",").replace("、", ",").split(",") if p.strip()]
    values = []
    for piece in pieces:
        try:
            values.append(float(piece))
        except ValueError:
            raise BreaksError("not_a_number", value=piece) from None
        if not np.isfinite(values[-1]):
            raise BreaksError("not_finite", value=piece)
    return check_breaks(values)


def _thresholds(y: np.ndarray, k: int, breaks: Sequence[float] | None) -> mapclassify.classifiers.MapClassifier:
    msg = "threshold schemes are classified by classify() itself"  # never called: see THRESHOLD_SCHEMES
    raise NotImplementedError(msg)


SCHEMES: tuple[Scheme, ...] = (
    Scheme("quantiles", lambda y, k, _: _mapclassify().Quantiles(y, k=k)),
    Scheme("natural_breaks", _jenks),
    Scheme("equal_interval", lambda y, k, _: _mapclassify().EqualInterval(y, k=k)),
    Scheme("user_defined", _thresholds),
    Scheme("benchmark", _thresholds),
)
#: Schemes whose breaks are thresholds given to :func:`classify` (``breaks``): class i holds the
#: values from threshold i − 1 (included) up to threshold i (excluded); below the first and at or
#: above the last are classes too.
THRESHOLD_SCHEMES = frozenset({"user_defined", "benchmark"})
#: The ``benchmark`` scheme's thresholds as shares of the benchmark: <50 %, 50–<100 %, 100–<150 %, ≥150 %.
BENCHMARK_SHARES: tuple[float, ...] = (0.5, 1.0, 1.5)


def benchmark_breaks(benchmark: float) -> tuple[float, ...]:
    """The thresholds of the ``benchmark`` scheme: :data:`BENCHMARK_SHARES` of ``benchmark`` (> 0)."""
    if not np.isfinite(benchmark) or benchmark <= 0:
        msg = f"classes around the benchmark need a benchmark above 0, got {benchmark}"
        raise ValueError(msg)
    return tuple(benchmark * share for share in BENCHMARK_SHARES)


def get_scheme(key: str) -> Scheme:
    """The registry entry for ``key``; an unknown key lists the valid ones."""
    return lookup(SCHEMES, key, what="classification scheme")


@dataclass(frozen=True)
class Classification:
    """Classes of one indicator: upper bounds, counts, the class of each value and colours."""

    lower: float
    breaks: tuple[float, ...]
    counts: tuple[int, ...]
    classes: pd.Series  # int class per value, -1 where the value is missing
    colors: tuple[str, ...]
    n_missing: int
    #: the lower bound (included) of each class; -inf for the class below the first threshold
    starts: tuple[float, ...] = ()
    #: thresholds (the last class is open: «≥ x») rather than the data's range (it ends at the maximum)
    open_top: bool = False
    #: the benchmark the thresholds are shares of (the labels add the shares in %), if any
    reference: float | None = None

    def color_of(self) -> pd.Series:
        """Fill colour of each value (grey where missing)."""
        lookup = dict(enumerate(self.colors))
        return self.classes.map(lambda c: lookup.get(c, NO_DATA_COLOR))

    def labels(self, decimals: int = 2) -> list[str]:
        """The label of each class, its lower bound included and its upper one not: ``0.62 – <5.40``,
        ``5.40 – <11.00``, …; the last class of the data's range ends at the maximum (``27.00 – 76.64``),
        thresholds give ``< 5.50`` below the first and ``≥ 16.50`` from the last. With a
        ``reference`` (the benchmark) each label adds its share of it: ``5.50 – <11.00 (50–<100 %)``."""
        n = len(self.counts)
        starts = self.starts or (self.lower, *self.breaks[:-1])
        def num(x: float) -> str:
            return f"{x:,.{decimals}f}"

        def pct(x: float) -> str:
            return f"{100 * x / self.reference:.0f}" if self.reference else ""

        out = []
        for i in range(n):
            lo, hi = starts[i], (starts[i + 1] if i + 1 < n else self.breaks[-1])
            if i + 1 == n and self.open_top:
                text, share = f"≥ {num(lo)}", f"≥{pct(lo)} %"
            elif not np.isfinite(lo):
                text, share = f"< {num(hi)}", f"<{pct(hi)} %"
            elif i + 1 == n:
                text, share = f"{num(lo)} – {num(hi)}", f"{pct(lo)}–{pct(hi)} %"
            else:
                text, share = f"{num(lo)} – <{num(hi)}", f"{pct(lo)}–<{pct(hi)} %"
            out.append(f"{text} ({share})" if self.reference else text)
        return out


def classify(values: pd.Series, *, scheme: str = "quantiles", k: int = 5,
             breaks: Sequence[float] | None = None, reference: float | None = None) -> Classification:
    """Classify ``values`` with ``scheme`` into ``k`` classes (or at user-defined ``breaks``).

    Parameters
    ----------
    values
        Indicator values; NaN means missing and is left out of every class.
    scheme
        Key of :data:`SCHEMES`.
    k
        Number of classes, between :data:`MIN_CLASSES` and :data:`MAX_CLASSES`; fewer when there are
        fewer distinct values.
    breaks
        Thresholds of the classes for ``user_defined`` and ``benchmark`` (at most :data:`MAX_BREAKS`,
        finite; see :func:`check_breaks`): ``len(breaks) + 1`` classes, each including its lower
        threshold (for ``benchmark``: :func:`benchmark_breaks`).
    reference
        The benchmark of the ``benchmark`` scheme, for its labels' shares of it.

    Returns
    -------
    Classification
    """
    if not MIN_CLASSES <= k <= MAX_CLASSES:
        msg = f"number of classes must be between {MIN_CLASSES} and {MAX_CLASSES}, got {k}"
        raise ValueError(msg)
    chosen = get_scheme(scheme)
    present = values.dropna().astype(float)
    n_missing = int(values.isna().sum())
    if chosen.key in THRESHOLD_SCHEMES:
        return _by_thresholds(values, present, check_breaks(breaks or ()), n_missing,
                              reference=reference if chosen.key == "benchmark" else None)
    if present.empty:
        return Classification(np.nan, (), (), pd.Series(-1, index=values.index), (), n_missing)
    y = present.to_numpy()
    k = min(k, len(np.unique(y)))
    if k < MIN_CLASSES:  # a single distinct value: one class
        classes = pd.Series(-1, index=values.index)
        classes[present.index] = 0
        return Classification(float(y.min()), (float(y.max()),), (len(y),), classes, (YLGNBU[3][1],),
                              n_missing)
    result = chosen.build(y, k, breaks)
    bins = tuple(float(b) for b in result.bins)
    counts = tuple(int(c) for c in result.counts)
    classes = pd.Series(-1, index=values.index)
    classes[present.index] = np.asarray(result.yb, dtype=int)
    n = len(bins)
    colors = YLGNBU[max(n, 2)][:n] if n >= 2 else (YLGNBU[3][1],)
    # each class starts at its smallest value (an empty class at the bound below it)
    yb = np.asarray(result.yb, dtype=int)
    starts = tuple(float(y[yb == i].min()) if counts[i] else (float(y.min()) if i == 0 else bins[i - 1])
                   for i in range(n))
    return Classification(float(y.min()), bins, counts, classes, colors, n_missing, starts=starts)


def _by_thresholds(values: pd.Series, present: pd.Series, cuts: tuple[float, ...], n_missing: int, *,
                   reference: float | None) -> Classification:
    """Classes at thresholds ``cuts``: below the first, between each two (lower one included) and at
    or above the last; every class is kept, empty or not (its count says so)."""
    y = present.to_numpy()
    index = np.searchsorted(np.asarray(cuts), y, side="right")
    n = len(cuts) + 1
    counts = tuple(int(c) for c in np.bincount(index, minlength=n))
    classes = pd.Series(-1, index=values.index)
    classes[present.index] = index
    top = float(y.max()) if len(y) else cuts[-1]
    return Classification(float(y.min()) if len(y) else np.nan, (*cuts, max(top, cuts[-1])), counts, classes,
                          YLGNBU[n][:n], n_missing, starts=(-np.inf, *cuts), open_top=True, reference=reference)

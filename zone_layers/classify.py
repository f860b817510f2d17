"""Choropleth classification of an indicator with mapclassify, and its legend.

Schemes are a registry (quantiles, natural breaks, equal interval, user-defined breaks such as the
per-mu tax benchmark). Missing values are never put in a class: they get class -1 and are shown as
"无数据" (no data), so a missing tax is not drawn as a low one.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import mapclassify
import numpy as np
import pandas as pd

from zone_layers.registry import lookup

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
            return mapclassify.FisherJenksSampled(y, k=k, pct=0.1, truncate=False)
        return mapclassify.FisherJenks(y, k=k)


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


def _user(y: np.ndarray, k: int, breaks: Sequence[float] | None) -> mapclassify.classifiers.MapClassifier:
    return mapclassify.UserDefined(y, bins=list(check_breaks(breaks or ())))


SCHEMES: tuple[Scheme, ...] = (
    Scheme("quantiles", lambda y, k, _: mapclassify.Quantiles(y, k=k)),
    Scheme("natural_breaks", _jenks),
    Scheme("equal_interval", lambda y, k, _: mapclassify.EqualInterval(y, k=k)),
    Scheme("user_defined", _user),
)


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

    def color_of(self) -> pd.Series:
        """Fill colour of each value (grey where missing)."""
        lookup = dict(enumerate(self.colors))
        return self.classes.map(lambda c: lookup.get(c, NO_DATA_COLOR))

    def labels(self, decimals: int = 2) -> list[str]:
        """``0.62 – 5.40`` style label of each class; the first starts at the minimum value, or
        reads ``≤ 5.00`` when the minimum lies above its upper bound (user-defined breaks)."""
        bounds = [self.lower, *self.breaks]
        out = [f"{bounds[i]:,.{decimals}f} – {bounds[i + 1]:,.{decimals}f}" for i in range(len(self.breaks))]
        if out and self.lower >= self.breaks[0]:
            out[0] = f"≤ {self.breaks[0]:,.{decimals}f}"
        return out


def classify(values: pd.Series, *, scheme: str = "quantiles", k: int = 5,
             breaks: Sequence[float] | None = None) -> Classification:
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
        Upper bounds of the classes for ``user_defined`` (at most :data:`MAX_BREAKS`, finite; see
        :func:`check_breaks`); a class up to the maximum is added.

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
    return Classification(float(y.min()), bins, counts, classes, colors, n_missing)

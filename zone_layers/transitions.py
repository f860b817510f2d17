"""Grade transitions between two years: how many firms went from each grade to each grade, and
which firms fell by two grades or more.

Pure functions on the graded years of :func:`zone_layers.evaluation.evaluate_year` (or any frame
with ``credit_code`` and ``grade``). Grades are codes (``A`` … ``D``, :data:`zone_layers.grading.UNGRADED`);
a firm without figures in one of the two years counts as :data:`ABSENT` there.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from zone_layers.grading import GRADES, UNGRADED

#: The grade of a firm that has no figures (no row) in a year: new that year, or gone.
ABSENT: str = "absent"
#: Every state a firm can be in, best first: the grades, not evaluated, not in the data.
STATES: tuple[str, ...] = (*GRADES, ABSENT)


def _grades(graded: pd.DataFrame) -> pd.Series:
    return graded.drop_duplicates("credit_code").set_index("credit_code")["grade"].astype(object)


def paired_grades(before: pd.DataFrame, after: pd.DataFrame, *,
                  firms: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per firm: ``credit_code``, ``before`` and ``after`` (grade codes; :data:`ABSENT` where
    the firm has no row that year). ``firms`` limits the firms (e.g. those of a zone); by default,
    every firm of either year. Sorted by credit code."""
    b, a = _grades(before), _grades(after)
    codes = sorted(set(firms) if firms is not None else set(b.index) | set(a.index))
    index = pd.Index(codes, name="credit_code")
    out = pd.DataFrame({"before": b.reindex(index), "after": a.reindex(index)}, index=index)
    out = out.where(out.notna(), ABSENT)
    return out.reset_index()


def transition_matrix(pairs: pd.DataFrame, *, states: Sequence[str] = STATES) -> pd.DataFrame:
    """Counts of firms by earlier grade (rows) and later grade (columns), over ``states`` in that
    order (every state a row and a column, zero where no firm moved so); the total is the number
    of firms in ``pairs`` (:func:`paired_grades`). A grade not in ``states`` raises ``ValueError``."""
    unknown = (set(pairs["before"]) | set(pairs["after"])) - set(states)
    if unknown:
        msg = f"grades {sorted(map(str, unknown))} are not among the states {list(states)}"
        raise ValueError(msg)
    counts = pd.crosstab(pairs["before"], pairs["after"])
    matrix = counts.reindex(index=list(states), columns=list(states), fill_value=0).astype(int)
    matrix.index.name, matrix.columns.name = "before", "after"
    return matrix


def grade_steps(before: str, after: str) -> int | None:
    """How many grades ``after`` is below ``before`` (A→C: 2; C→A: −2); None unless both are
    graded (A–D)."""
    graded = [g for g in GRADES if g != UNGRADED]
    if before not in graded or after not in graded:
        return None
    return graded.index(after) - graded.index(before)


def fell(pairs: pd.DataFrame, *, steps: int = 2) -> pd.DataFrame:
    """The rows of ``pairs`` (:func:`paired_grades`) whose grade fell by ``steps`` grades or more
    (A→C, B→D, A→D for two), with ``steps`` added; firms not graded in either year are left out."""
    moved = [grade_steps(b, a) for b, a in zip(pairs["before"], pairs["after"], strict=True)]
    out = pairs.assign(steps=pd.array(moved, dtype="Int64"))
    return out.loc[out["steps"].fillna(0) >= steps].reset_index(drop=True)


def flows(matrix: pd.DataFrame) -> pd.DataFrame:
    """The non-zero cells of :func:`transition_matrix` as rows ``before``, ``after``, ``count``
    (in the states' order), for a chart."""
    long = matrix.stack().rename("count").reset_index()
    return long.loc[long["count"] > 0].reset_index(drop=True)

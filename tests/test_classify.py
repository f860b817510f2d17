"""Choropleth classes and their legend: breaks and counts computed by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from zone_layers import classify

VALUES = pd.Series([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10, math.nan], index=list("abcdefghijk"))


def test_quantiles_break_at_the_quartiles():
    c = classify.classify(VALUES, scheme="quantiles", k=4)
    # quartiles of 1..10 with linear interpolation: 3.25, 5.5, 7.75, 10
    assert c.breaks == pytest.approx((3.25, 5.5, 7.75, 10.0))
    assert c.counts == (3, 2, 2, 3)
    assert c.n_missing == 1 and c.classes["k"] == -1       # missing is no class, not the lowest
    # each class from its smallest value (included) to the next class's (excluded); the last to the maximum
    assert c.labels() == ["1.00 – <4.00", "4.00 – <6.00", "6.00 – <8.00", "8.00 – 10.00"]


def test_equal_interval():
    c = classify.classify(VALUES, scheme="equal_interval", k=3)
    assert c.breaks == pytest.approx((4.0, 7.0, 10.0))     # width (10 - 1) / 3 = 3
    assert c.counts == (4, 3, 3)


def test_natural_breaks_separate_clusters():
    y = pd.Series([1.0, 1.1, 1.2, 5.0, 5.1, 5.2, 9.0, 9.1])
    c = classify.classify(y, scheme="natural_breaks", k=3)
    assert c.breaks == pytest.approx((1.2, 5.2, 9.1))
    assert c.counts == (3, 3, 2)
    assert c.labels(1) == ["1.0 – <5.0", "5.0 – <9.0", "9.0 – 9.1"]


def test_user_defined_breaks_at_the_benchmark():
    c = classify.classify(VALUES, scheme="user_defined", breaks=[11, 5])
    # thresholds 5 and 11, each included in the class above it: 1–4, 5–10 and none at or above 11
    assert c.counts == (4, 6, 0)
    assert c.labels() == ["< 5.00", "5.00 – <11.00", "≥ 11.00"]
    assert c.classes["e"] == 1 and c.classes["d"] == 0 and c.classes["k"] == -1  # 5.0 is in 5–<11
    with pytest.raises(ValueError, match="at least one break"):
        classify.classify(VALUES, scheme="user_defined", breaks=[])


def test_classes_around_the_benchmark():
    """Benchmark 6: thresholds 3, 6, 9 (50 %, 100 %, 150 %); 6 itself meets it (100–<150 %)."""
    assert classify.benchmark_breaks(6) == (3.0, 6.0, 9.0)
    c = classify.classify(VALUES, scheme="benchmark", breaks=classify.benchmark_breaks(6), reference=6)
    assert c.counts == (2, 3, 3, 2)                          # 1 2 | 3 4 5 | 6 7 8 | 9 10
    assert c.classes["f"] == 2 and c.n_missing == 1
    assert c.labels() == ["< 3.00 (<50 %)", "3.00 – <6.00 (50–<100 %)", "6.00 – <9.00 (100–<150 %)",
                          "≥ 9.00 (≥150 %)"]
    assert len(c.colors) == 4
    with pytest.raises(ValueError, match="above 0"):
        classify.benchmark_breaks(0)


def test_colours_follow_classes_and_missing_is_grey():
    c = classify.classify(VALUES, scheme="quantiles", k=4)
    colors = c.color_of()
    assert colors["a"] == c.colors[0] and colors["j"] == c.colors[3]
    assert colors["k"] == classify.NO_DATA_COLOR


def test_degenerate_inputs():
    assert classify.classify(pd.Series([math.nan, math.nan])).counts == ()
    one = classify.classify(pd.Series([3.0, 3.0, 3.0]), k=5)
    assert one.counts == (3,)
    with pytest.raises(ValueError, match="between 2 and 8"):
        classify.classify(VALUES, k=12)
    with pytest.raises(KeyError, match="quantiles, natural_breaks"):
        classify.classify(VALUES, scheme="jenks")


WIDE = pd.Series([float(v) for v in range(1, 101)])  # 1..100: every break below lands in the data


@pytest.mark.parametrize("n_breaks", [1, 7, 8, 12])
def test_the_number_of_user_breaks_is_bounded_by_the_ramp(n_breaks):
    """n breaks 10, 20, … below the maximum 100 make n + 1 classes; the ramp has MAX_CLASSES colours,
    so at most MAX_CLASSES - 1 = 7 breaks are accepted and more are refused with a message (8 used
    to raise KeyError: 8 in YLGNBU[9])."""
    breaks = [10.0 * (i + 1) for i in range(n_breaks)]
    if n_breaks <= classify.MAX_BREAKS:
        c = classify.classify(WIDE, scheme="user_defined", breaks=breaks)
        assert len(c.breaks) == len(c.colors) == len(c.counts) == n_breaks + 1
        assert sum(c.counts) == 100
        assert len(set(c.colors)) == n_breaks + 1
    else:
        with pytest.raises(classify.BreaksError, match=f"{n_breaks} distinct breaks.*at most 7 breaks") as err:
            classify.classify(WIDE, scheme="user_defined", breaks=breaks)
        assert (err.value.code, err.value.limit) == ("too_many", 7)


def test_max_breaks_follows_the_ramp():
    assert classify.MAX_CLASSES == max(classify.YLGNBU) == classify.MAX_BREAKS + 1
    assert all(len(colors) == n for n, colors in classify.YLGNBU.items())


@pytest.mark.parametrize(("text", "value"), [
    ("5, nan, 20", "nan"), ("inf", "inf"), ("5, -inf", "-inf"), ("5, NaN", "NaN"), ("1e400", "1e400"),
])
def test_breaks_that_are_not_finite_are_refused_naming_the_value(text, value):
    with pytest.raises(classify.BreaksError, match=f"break '{value}' is not a finite number") as err:
        classify.breaks_from_text(text)
    assert (err.value.code, err.value.value) == ("not_finite", value)
    with pytest.raises(classify.BreaksError, match="not a finite number"):
        classify.classify(WIDE, scheme="user_defined", breaks=[5.0, float(value)])


@pytest.mark.parametrize(("text", "expected"), [
    ("30, 5, 11", (5.0, 11.0, 30.0)),          # unsorted: sorted
    ("5, 11, 11, 5", (5.0, 11.0)),             # duplicates: once each
    ("5，11、20", (5.0, 11.0, 20.0)),           # Chinese commas
    ("1, 2, 3, 4, 5, 6, 7, 7", (1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0)),  # 8 typed, 7 distinct: accepted
])
def test_unsorted_and_duplicate_breaks(text, expected):
    assert classify.breaks_from_text(text) == expected
    c = classify.classify(WIDE, scheme="user_defined", breaks=list(expected))
    assert c.breaks == (*expected, 100.0)


@pytest.mark.parametrize(("text", "code", "value"), [("5, abc", "not_a_number", "abc"), (" , ", "empty", "")])
def test_breaks_that_are_not_numbers(text, code, value):
    with pytest.raises(classify.BreaksError) as err:
        classify.breaks_from_text(text)
    assert (err.value.code, err.value.value) == (code, value)

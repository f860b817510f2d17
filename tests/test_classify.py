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
    assert c.labels() == ["1.00 – 3.25", "3.25 – 5.50", "5.50 – 7.75", "7.75 – 10.00"]


def test_equal_interval():
    c = classify.classify(VALUES, scheme="equal_interval", k=3)
    assert c.breaks == pytest.approx((4.0, 7.0, 10.0))     # width (10 - 1) / 3 = 3
    assert c.counts == (4, 3, 3)


def test_natural_breaks_separate_clusters():
    y = pd.Series([1.0, 1.1, 1.2, 5.0, 5.1, 5.2, 9.0, 9.1])
    c = classify.classify(y, scheme="natural_breaks", k=3)
    assert c.breaks == pytest.approx((1.2, 5.2, 9.1))
    assert c.counts == (3, 3, 2)


def test_user_defined_breaks_at_the_benchmark():
    c = classify.classify(VALUES, scheme="user_defined", breaks=[11, 5])
    # classes ≤ 5 and (5, 11]; the maximum 10 is below the last break
    assert c.breaks == pytest.approx((5.0, 11.0))
    assert c.counts == (5, 5)
    with pytest.raises(ValueError, match="at least one break"):
        classify.classify(VALUES, scheme="user_defined", breaks=[])


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

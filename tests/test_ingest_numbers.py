"""parse_number: numbers as people type them (table-driven), and property-based round trips."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geodata.ingest.numbers import bool_or_problem, number_or_problem, parse_number

FULL_WIDTH = str.maketrans("0123456789,.-", "０１２３４５６７８９，．－")


@pytest.mark.parametrize(("text", "expected"), [
    ("12,345.6", 12_345.6),
    ("1.2万", 12_000.0),          # 1.2 × 10⁴, in the column's own unit
    ("3亿", 300_000_000.0),
    ("１２，３４５．６", 12_345.6),  # full-width digits and punctuation
    ("12 345", 12_345.0),
    ("  7.5 ", 7.5),
    ("1,234,500", 1_234_500.0),
    ("12.3万", 123_000.0),
    ("1.1万", 11_000.0),          # exact, not 11000.000000000002
    ("-5", -5.0),                 # negative is a number; the loader decides it is not allowed
    ("1e3", 1_000.0),
    (42, 42.0),
    (1.5, 1.5),
])
def test_numbers_as_typed(text, expected):
    assert parse_number(text) == expected
    assert number_or_problem(text).problem is None


@pytest.mark.parametrize("text", ["—", "-", "－", "", "无", "N/A", "  ", None, math.nan, "--", "暂无"])
def test_missing_markers_are_missing_without_a_problem(text):
    assert number_or_problem(text) == (None, None)


@pytest.mark.parametrize("text", ["abc", "1,2", "12..3", "1.2.3万", "(3)", "30%", "¥", "1 2 3", True])
def test_garbage_is_missing_with_a_problem(text):
    value, problem = number_or_problem(text)
    assert value is None
    assert problem


def test_percentages_only_for_ratios():
    assert parse_number("30%", ratio=True) == pytest.approx(0.30)
    assert parse_number("３０％", ratio=True) == pytest.approx(0.30)
    assert parse_number("30%") is None


@pytest.mark.parametrize(("text", "expected"), [("是", True), ("否", False), ("1", True), ("0", False),
                                                ("Y", True), ("已供应", True), ("未建成", False), ("", None)])
def test_yes_no(text, expected):
    assert bool_or_problem(text) == (expected, None)


def test_yes_no_garbage_is_reported():
    value, problem = bool_or_problem("maybe")
    assert value is None and "是/否" in problem


finite = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False)


@given(finite)
def test_thousands_separators_round_trip(x):
    text = f"{x:,.2f}"
    assert parse_number(text) == pytest.approx(float(f"{x:.2f}"), rel=1e-12, abs=1e-9)


@given(finite)
def test_full_width_round_trip(x):
    text = f"{x:,.3f}".translate(FULL_WIDTH)
    assert parse_number(text) == pytest.approx(float(f"{x:.3f}"), rel=1e-12, abs=1e-9)


@given(st.floats(min_value=0, max_value=1e8, allow_nan=False))
def test_wan_suffix_round_trip(x):
    text = f"{x / 10_000!r}万"
    assert parse_number(text) == pytest.approx(x, rel=1e-12, abs=1e-9)


@given(st.one_of(st.text(), st.integers(), st.floats(), st.none(), st.booleans(), st.binary()))
def test_garbage_never_raises(value):
    result = number_or_problem(value)
    assert result.value is None or math.isfinite(result.value)
    assert (result.value is None) or result.problem is None

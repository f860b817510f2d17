"""Grade transitions between two years (zone_layers/transitions.py), counted by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from zone_layers import transitions
from zone_layers.grading import UNGRADED
from zone_layers.transitions import ABSENT

#: Five firms: F1 A→C and F2 B→D (two grades down), F3 A→A, F4 not graded→B, F5 C→no figures in 2025.
Y2024 = pd.DataFrame({"credit_code": ["F1", "F2", "F3", "F4", "F5"], "grade": ["A", "B", "A", UNGRADED, "C"]})
Y2025 = pd.DataFrame({"credit_code": ["F3", "F1", "F2", "F4"], "grade": ["A", "C", "D", "B"]})


def test_five_firms_give_the_exact_matrix_and_the_two_down_list():
    pairs = transitions.paired_grades(Y2024, Y2025)
    assert pairs.to_dict("records") == [
        {"credit_code": "F1", "before": "A", "after": "C"},
        {"credit_code": "F2", "before": "B", "after": "D"},
        {"credit_code": "F3", "before": "A", "after": "A"},
        {"credit_code": "F4", "before": UNGRADED, "after": "B"},
        {"credit_code": "F5", "before": "C", "after": ABSENT},
    ]
    matrix = transitions.transition_matrix(pairs)
    assert list(matrix.index) == list(matrix.columns) == ["A", "B", "C", "D", UNGRADED, ABSENT]
    expected = pd.DataFrame(0, index=matrix.index, columns=matrix.columns)
    for before, after in [("A", "C"), ("B", "D"), ("A", "A"), (UNGRADED, "B"), ("C", ABSENT)]:
        expected.loc[before, after] = 1
    pd.testing.assert_frame_equal(matrix, expected, check_names=False)
    assert int(matrix.to_numpy().sum()) == 5  # every firm once
    down = transitions.fell(pairs)
    assert list(down["credit_code"]) == ["F1", "F2"] and list(down["steps"]) == [2, 2]


def test_a_preset_of_three_classes_and_the_flows():
    pairs = transitions.paired_grades(Y2024, Y2025, firms=["F1", "F3", "F4"])
    matrix = transitions.transition_matrix(pairs, states=["A", "B", "C", UNGRADED, ABSENT])
    assert matrix.shape == (5, 5) and matrix.loc["A", "C"] == 1 and matrix.loc["A", "A"] == 1
    assert transitions.flows(matrix).to_dict("records") == [
        {"before": "A", "after": "A", "count": 1}, {"before": "A", "after": "C", "count": 1},
        {"before": UNGRADED, "after": "B", "count": 1}]
    with pytest.raises(ValueError, match=r"\['D'\]"):  # F2 went to D, not a state of this preset
        transitions.transition_matrix(transitions.paired_grades(Y2024, Y2025), states=["A", "B", "C", UNGRADED,
                                                                                       ABSENT])


@pytest.mark.parametrize(("before", "after", "steps"), [
    ("A", "C", 2), ("B", "D", 2), ("A", "D", 3), ("C", "A", -2), ("B", "B", 0),
    ("A", UNGRADED, None), (ABSENT, "D", None),
])
def test_grade_steps(before, after, steps):
    assert transitions.grade_steps(before, after) == steps


def test_three_down_counts_and_ungraded_never_falls():
    pairs = pd.DataFrame({"credit_code": ["a", "b", "c"], "before": ["A", "A", "B"],
                          "after": ["D", UNGRADED, "C"]})
    assert list(transitions.fell(pairs)["credit_code"]) == ["a"]

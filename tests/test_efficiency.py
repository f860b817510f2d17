"""Low-efficiency reasons and the parcel layers' legends, on the tiny zone of conftest.py."""

from __future__ import annotations

import pytest

from dashboard.i18n import localize_style, low_reasons_text
from zone_layers import efficiency, layers, summary
from zone_layers.layers import Term


@pytest.fixture
def ind(tiny_parcels):
    return summary.parcel_indicators(tiny_parcels, year=2024, benchmark=11.0)


def reasons(low, parcels, pid):
    return low.loc[parcels.index[parcels["parcel_id"] == pid][0], "reasons"]


def test_reasons_by_hand(ind):
    low = efficiency.low_efficiency(ind, benchmark=12.0)
    # P1: 11.0 万元/亩 < 12, FAR 1.2 ≥ 1.0, coefficient 0.5 ≥ 0.3
    assert reasons(low, ind, "P1") == ("below_benchmark",)
    # P2: tax missing (not low), FAR 15 000 / 30 000 = 0.5 < 1.0, coefficient 6 000 / 30 000 = 0.2
    assert reasons(low, ind, "P2") == ("far_low", "coefficient_low")
    assert reasons(low, ind, "P5") == ("idle",)                  # idle, so not also "supplied, unbuilt"
    assert reasons(low, ind, "P9") == ()                         # commercial: not tested as industry
    assert reasons(low, ind, "P6") == ()                         # not supplied
    assert int(low["n_reasons"].sum()) == 4


def test_benchmark_changes_the_verdict(ind):
    low = efficiency.low_efficiency(ind, benchmark=11.0)
    assert reasons(low, ind, "P1") == ()                          # 11.0 is not below 11


def test_reason_codes_are_worded_in_both_languages():
    assert low_reasons_text(("far_low", "coefficient_low"), "zh") == "容积率低于下限、建筑系数低于下限"
    assert low_reasons_text(("far_low", "coefficient_low"), "en") == \
        "FAR below minimum; Building coefficient below minimum"
    assert low_reasons_text((), "en") == "" and low_reasons_text(None, "zh") == ""


def test_choropleth_legend_counts_what_is_drawn(ind):
    coded = layers.style_parcels(ind, "tax_per_mu", scheme="user_defined", breaks=[10, 12])
    # firms: P1 11.0, P2 missing, P9 120 / 9 = 13.33 -> < 10: none, 10–<12: P1, ≥ 12: P9
    assert [(label, n) for _, label, n in coded.legend] == [
        ("< 10.00", 0), ("10.00 – <12.00", 1), ("≥ 12.00", 1), (Term("legend.no_data"), 1),
        (Term("legend.not_evaluated"), 6)]
    assert (coded.title, coded.unit) == (Term("layer.tax_per_mu"), "wan_per_mu")  # a unit code
    style = localize_style(coded, "zh")
    labels = [(label, n) for _, label, n in style.legend]
    assert labels == [("< 10.00", 0), ("10.00 – <12.00", 1), ("≥ 12.00", 1), ("无数据", 1),
                      ("不参评（非企业用地）", 6)]
    assert style.title == "亩均税收(万元/亩)"
    english = localize_style(coded, "en")
    assert english.title == "Tax per mu(10k CNY/mu)"
    assert [label for _, label, _ in english.legend][-2:] == ["No data", "Not evaluated (no enterprise)"]


def test_low_efficiency_layer_legend(ind):
    low = efficiency.low_efficiency(ind, benchmark=12.0)
    style = localize_style(layers.style_parcels(ind.join(low), "low_efficiency", low=low), "zh")
    counts = {label: n for _, label, n in style.legend}
    assert counts["闲置土地"] == 1 and counts["亩均税收低于基准"] == 1 and counts["容积率低于下限"] == 1
    assert counts["未见低效情形"] == 6
    idle_row = ind.index[ind["parcel_id"] == "P5"][0]
    assert style.fill[idle_row] == efficiency.RULES[0].color


def test_unknown_layer_lists_the_valid_ones(ind):
    with pytest.raises(KeyError, match="land_class, tax_per_mu"):
        layers.style_parcels(ind, "heatmap")


def test_low_efficiency_legend_counts_each_parcel_once_in_the_colour_it_is_drawn():
    """Four parcels: a idle; b below the benchmark *and* below the FAR minimum; c below the FAR
    minimum; d no reason. b is drawn in the colour of its first reason (below_benchmark), so it is
    counted there only: 1 + 0 + 1 + 1 + 0 + 1 = 4 parcels, as drawn."""
    import pandas as pd

    parcels = pd.DataFrame(index=list("abcd"))
    flags = {"idle": "a", "below_benchmark": "b", "far_low": "bc"}
    low = pd.DataFrame({r.column: [p in flags.get(r.key, "") for p in "abcd"] for r in efficiency.RULES},
                       index=list("abcd"))
    low["n_reasons"] = low.sum(axis=1)
    style = localize_style(layers.style_parcels(parcels, "low_efficiency", low=low), "zh")
    counts = {label: n for _, label, n in style.legend}
    assert counts == {"闲置土地": 1, "已供未建": 0, "亩均税收低于基准": 1, "容积率低于下限": 1,
                      "建筑系数低于下限": 0, "未见低效情形": 1}
    assert sum(counts.values()) == len(style.fill) == 4
    for color, label, n in style.legend:
        assert n == int((style.fill == color).sum()), label
    rule = {r.key: r for r in efficiency.RULES}
    assert style.fill["b"] == rule["below_benchmark"].color
    assert "第一种" in style.note
    assert "first" in localize_style(layers.style_parcels(parcels, "low_efficiency", low=low), "en").note

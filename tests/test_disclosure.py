"""Disclosure control (zone_layers/disclosure.py): primary and complementary suppression, by hand."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from zone_layers import disclosure
from zone_layers.disclosure import TOTAL, DisclosureRules, protect

RULES = DisclosureRules()


def layout(rows: list[tuple[str, str | None, str, float]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(parcels, users) with one firm per parcel: rows of (firm, section, land class, 2024 tax)."""
    parcels = pd.DataFrame({
        "parcel_id": [f"P{i}" for i in range(len(rows))],
        "section_id": [r[1] for r in rows],
        "land_class": [r[2] for r in rows],
        "credit_code": [r[0] for r in rows],
        "enterprise": [r[0] for r in rows],
        "investment_wan": np.nan,
    })
    users = pd.DataFrame({"parcel_id": parcels["parcel_id"], "credit_code": parcels["credit_code"],
                          "area_m2": 1000.0, "tax_wan": [r[3] for r in rows], "revenue_wan": np.nan})
    return parcels, users


def shown_values(parcels: pd.DataFrame, users: pd.DataFrame, protection: disclosure.Protection,
                 groups: list[str]) -> dict[tuple[str, str], float]:
    """The tax cells a viewer sees, computed directly from the rows (not by the module)."""
    part = {"A2": {"A2"}, "A": {"A2", "A1", "A3"}, "all": None}
    table = users.assign(section=parcels["section_id"].to_numpy(), land=parcels["land_class"].to_numpy())
    out = {}
    for measure, classes in (("tax_A2", part["A2"]), ("tax_A", part["A"]), ("tax_all", part["all"])):
        for g in [*groups, TOTAL]:
            rows = table if g == TOTAL else table.loc[table["section"] == g]
            if classes is not None:
                rows = rows.loc[rows["land"].isin(classes)]
            if not protection.hides(measure, g):
                out[(measure, g)] = float(rows["tax_wan"].sum())
    return out


def test_primary_rules():
    assert disclosure.sensitive(pd.Series([10.0, 20.0]), RULES)                  # two firms
    assert not disclosure.sensitive(pd.Series([10.0, 20.0, 30.0]), RULES)
    assert disclosure.sensitive(pd.Series([92.0, 2.0, 2.0, 2.0, 2.0]), RULES)    # one firm pays 92 %
    assert disclosure.sensitive(pd.Series([85.0, 5.0, 5.0, 5.0]), RULES)         # exactly 85 %: hidden
    assert not disclosure.sensitive(pd.Series([84.0, 6.0, 5.0, 5.0]), RULES)
    assert not disclosure.sensitive(pd.Series([], dtype=float), RULES)           # nobody: nothing to hide
    assert disclosure.sensitive(pd.Series([10.0, 20.0, 30.0]), DisclosureRules(min_firms=4))
    assert disclosure.sensitive(pd.Series([60.0, 20.0, 20.0]), DisclosureRules(dominance=0.6))


def test_a_two_firm_section_is_not_the_zone_less_the_others():
    """S1 holds two firms (primary). Hiding S1 alone, zone − S2 − S3 gives it back; all land is
    industrial, so its total and built-land tax equal its industrial tax and fall with it. The fewest
    extra cells: one other section's three cells; the larger one (S3: 130 > S2: 120) protects better."""
    parcels, users = layout([("f1", "S1", "A2", 100), ("f2", "S1", "A2", 50),
                             ("f3", "S2", "A2", 30), ("f4", "S2", "A2", 40), ("f5", "S2", "A2", 50),
                             ("f6", "S3", "A2", 20), ("f7", "S3", "A2", 30), ("f8", "S3", "A2", 35),
                             ("f9", "S3", "A2", 45)])
    p = protect(parcels, year=2024, users=users)
    assert p.primary == {("tax_A2", "S1"), ("tax_A", "S1"), ("tax_all", "S1")}
    assert p.secondary == {("tax_A2", "S3"), ("tax_A", "S3"), ("tax_all", "S3")}
    shown = shown_values(parcels, users, p, ["S1", "S2", "S3"])
    assert shown[("tax_all", TOTAL)] - shown[("tax_all", "S2")] == 280     # S1 + S3 together, not S1 (150)
    assert p.firms[("tax_A2", "S1")] == 2 and p.firms[("tax_A2", TOTAL)] == 9


def test_a_dominant_firm_is_hidden_and_protected():
    parcels, users = layout([("big", "S1", "A2", 920), ("a", "S1", "A2", 20), ("b", "S1", "A2", 20),
                             ("c", "S1", "A2", 20), ("d", "S1", "A2", 20),
                             ("e", "S2", "A2", 300), ("f", "S2", "A2", 300), ("g", "S2", "A2", 300),
                             ("h", "S3", "A2", 200), ("i", "S3", "A2", 250), ("j", "S3", "A2", 260)])
    p = protect(parcels, year=2024, users=users)
    assert ("tax_A2", "S1") in p.primary                                   # 920 of 1 000 = 92 %
    assert not any(g == "S1" for _, g in p.secondary)
    hidden_sections = {g for _, g in p.hidden} - {TOTAL}
    assert len(hidden_sections) == 2 and ("tax_A2", TOTAL) not in p.hidden  # the zone total stays


def test_total_minus_industrial_does_not_give_the_other_firms_away():
    """One section: three industrial firms (A2) and two on other built land (A1). Shown: the total
    and the industrial tax (= 亩均税收 × industrial area) would give the two A1 firms' tax (their
    difference). Hiding the industrial tax of the section and the zone would take two cells, but the
    zone's 工业亩均税收 is its headline figure (it costs more than four cells): the total and built-land
    tax of the section and of the zone go instead."""
    parcels, users = layout([("i1", "S1", "A2", 40), ("i2", "S1", "A2", 50), ("i3", "S1", "A2", 60),
                             ("c1", "S1", "A1", 70), ("c2", "S1", "A1", 30)])
    p = protect(parcels, year=2024, users=users)
    assert p.primary == set()
    assert p.secondary == {("tax_A", "S1"), ("tax_all", "S1"), ("tax_A", TOTAL), ("tax_all", TOTAL)}
    shown = shown_values(parcels, users, p, ["S1"])
    assert shown == {("tax_A2", "S1"): 150, ("tax_A2", TOTAL): 150}


def test_parcels_outside_every_section_are_protected_too():
    """The zone's total counts a parcel with no section: zone − Σ sections is that parcel's firm."""
    parcels, users = layout([("a", "S1", "A2", 10), ("b", "S1", "A2", 20), ("c", "S1", "A2", 30),
                             ("d", "S2", "A2", 10), ("e", "S2", "A2", 20), ("f", "S2", "A2", 30),
                             ("lonely", None, "A2", 77)])
    p = protect(parcels, year=2024, users=users)
    shown = shown_values(parcels, users, p, ["S1", "S2"])
    for measure in ("tax_A2", "tax_A", "tax_all"):
        recovered = [shown.get((measure, TOTAL), np.nan) - shown.get((measure, "S1"), np.nan)
                     - shown.get((measure, "S2"), np.nan)]
        assert np.isnan(recovered).all(), measure


def test_no_hidden_cell_is_a_sum_or_difference_of_shown_cells():
    """Every ±1 combination of the shown tax cells misses every hidden value and every firm's tax.
    The taxes are generic numbers (no two sums of them coincide), so an equality could only come
    from the structure of the table, never by chance."""
    parcels, users = layout([("f1", "S1", "A2", 100.37), ("f2", "S1", "A2", 50.911), ("f3", "S1", "A1", 11.0713),
                             ("f4", "S2", "A2", 30.25117), ("f5", "S2", "A2", 40.6151), ("f6", "S2", "A2", 50.0333),
                             ("f7", "S3", "A2", 20.90731), ("f8", "S3", "A2", 30.11113), ("f9", "S3", "A1", 35.3779),
                             ("f10", "S3", "A2", 45.71)])
    p = protect(parcels, year=2024, users=users)
    groups = ["S1", "S2", "S3"]
    shown = shown_values(parcels, users, p, groups)
    everything = shown_values(parcels, users, disclosure.Protection(), groups)
    assert ("tax_A2", "S1") in p.primary    # S1's industrial tax rests on two firms
    secrets = np.array([everything[c] for c in p.primary] + list(users["tax_wan"]))
    values = np.array(list(shown.values()))
    for signs in itertools.product((-1, 0, 1), repeat=len(values)):
        if any(signs):
            total = float(np.dot(signs, values))
            assert not np.isclose(secrets, total, rtol=0, atol=1e-6).any(), (signs, total)


def test_apply_blanks_the_rates_with_their_totals():
    parcels, users = layout([("f1", "S1", "A2", 100), ("f2", "S1", "A2", 50),
                             ("f3", "S2", "A2", 30), ("f4", "S2", "A2", 40), ("f5", "S2", "A2", 50)])
    p = protect(parcels, year=2024, users=users)
    table = pd.DataFrame({"section_id": ["S1", "S2"], "tax_wan": [150.0, 120.0], "industrial_tax_per_mu": [1.0, 2.0],
                          "industrial_tax_coverage": [1.0, 1.0], "industrial_firms": [2, 3], "area_km2": [1.0, 1.0]})
    out = disclosure.apply_table(table, p)
    assert out["industrial_tax_per_mu"].isna().all() and out["tax_wan"].isna().all()  # S2 is the complement
    assert list(out["industrial_firms"]) == [2, 3] and list(out["area_km2"]) == [1.0, 1.0]
    summary = disclosure.apply_summary({"tax_wan": 270.0, "industrial_tax_per_mu": 1.5, "n_parcels": 5}, p)
    assert summary["n_parcels"] == 5
    assert np.isnan(summary["tax_wan"]) == p.hides("tax_all", TOTAL)


@pytest.mark.parametrize(("counts", "expected"), [
    ([5, 2, 4, 6], [False, True, True, False]),      # one primary; the smallest other cell joins it
    ([5, 2, 1, 6], [False, True, True, False]),      # two primary: no complement needed
    ([5, 4, 4, 6], [False, False, False, False]),
])
def test_one_dimensional_tables(counts, expected):
    values = pd.Series([50.0, 20.0, 30.0, 60.0])
    hide = disclosure.protect_series(values, pd.Series(counts), pd.Series([0.3] * 4), RULES)
    assert list(hide) == expected


def test_the_thresholds_are_configuration(tmp_path):
    import tomllib

    from geodata.config_files import grading_config_path
    from zone_layers.grading.config import config_from_dict
    from zone_layers.grading.model import GradingConfigError

    def load_grading_config(path):
        return config_from_dict(tomllib.loads(path.read_text(encoding="utf-8")), source=path.name)

    assert load_grading_config(grading_config_path()).disclosure == DisclosureRules(min_firms=3, dominance=0.85)
    text = grading_config_path().read_text(encoding="utf-8")
    changed = tmp_path / "g.toml"
    changed.write_text(text.replace("min_firms = 3", "min_firms = 5").replace("dominance = 0.85", "dominance = 0.6"),
                       encoding="utf-8")
    assert load_grading_config(changed).disclosure == DisclosureRules(min_firms=5, dominance=0.6)
    changed.write_text(text.replace("min_firms = 3", "min_firms = 1"), encoding="utf-8")
    with pytest.raises(GradingConfigError, match=r"disclosure.min_firms = 1; expected"):
        load_grading_config(changed)

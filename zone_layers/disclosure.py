r"""Statistical disclosure control of the firm-figure aggregates a viewer sees.

A firm's tax is confidential; an aggregate of few firms, or one dominated by one firm, is that
firm's tax in disguise; and a hidden aggregate can come back by arithmetic on the ones shown (the
zone minus the other sections; a section's total tax minus its industrial tax, which is its
亩均税收 times its industrial area). This module applies the standard of statistical offices:

**Primary suppression.** A cell (one published aggregate: a measure of one group, e.g. the tax on
the industrial land of one section in one year) is *sensitive* when fewer than
:attr:`DisclosureRules.min_firms` firms contribute to it, or when its largest contributor makes
:attr:`DisclosureRules.dominance` or more of its total (the (1, k)-dominance rule). Sensitive cells
are hidden.

**Secondary (complementary) suppression.** The published cells of a table are linear sums of
*atoms*, the contributions of one group on one part of the land (industrial A2, other built land,
unbuilt land); the zone's cell sums every group, parcels outside any section included. A
combination of atoms is *recoverable* when it is a linear combination of the cells shown (and of
the atoms known to be empty), i.e. lies in their row space. Every sensitive combination — each
atom, each published cell, each group on each union of land parts, pairs of groups, the zone and
the zone less one group — must not be recoverable. The fewest extra cells that achieve this are
hidden (searched exhaustively up to four extra cells, then greedily), where a zone total counts as
:data:`TOTAL_COST` section cells and the zone's industrial tax (its 工业亩均税收) as
:data:`HEADLINE_COST`: the zone's own figures are hidden only when no cheaper choice will do, and
among equal choices the larger cells, which protect better, are hidden.

**Rates follow their totals.** A hidden cell hides every column built on it: the total, its per-mu
and per-ha rates (rate × the area shown = the total) and its coverage share.

Counts of firms are not confidential and are never hidden. The result is a :class:`Protection`
naming the hidden cells; :func:`apply_table` and :func:`apply_summary` blank them.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from geodata import schema
from zone_layers import metrics

#: The group key of the whole zone (all parcels, in a section or not).
TOTAL = "all"
#: The group of parcels outside every section (never shown, yet the zone's total includes it).
NO_GROUP = "_none"

#: Parts of the land a measure family is split into, by land class.
PARTS: tuple[str, ...] = ("A2", "A_other", "unbuilt")

#: Each published measure: its family (the firm figure), the parts of the land it sums, and the
#: columns of the section table and zone summary built on it (hidden together).
MEASURES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "tax_A2": ("tax", ("A2",), ("tax_A2_wan", "industrial_tax_per_mu", "industrial_tax_per_ha",
                                "industrial_tax_coverage")),
    "tax_A": ("tax", ("A2", "A_other"), ("tax_A_wan", "overall_tax_per_ha", "overall_tax_coverage")),
    "tax_all": ("tax", PARTS, ("tax_wan",)),
    "revenue_A2": ("revenue", ("A2",), ("revenue_A2_wan", "industrial_revenue_per_mu", "industrial_revenue_coverage")),
    "investment_A2": ("investment", ("A2",), ("investment_A2_wan", "industrial_investment_intensity_wan_per_mu",
                                              "industrial_investment_intensity_wan_per_ha",
                                              "industrial_investment_coverage")),
}

#: Largest number of extra cells searched exhaustively before the greedy search takes over...
EXHAUSTIVE_UP_TO = 4
#: ...as long as there are at most this many sets of that size to try.
MAX_COMBINATIONS = 3000


@dataclass(frozen=True)
class DisclosureRules:
    """Thresholds of primary suppression (configuration: ``[disclosure]`` in the grading file)."""

    #: fewest firms contributing to a cell shown to a viewer
    min_firms: int = 3
    #: a cell whose largest contributor makes this share of its total or more is hidden
    dominance: float = 0.85


@dataclass(frozen=True)
class Protection:
    """Which cells of one table (one year, one grouping) a viewer may not see."""

    #: (measure, group) hidden by the primary rules
    primary: frozenset[tuple[str, str]] = frozenset()
    #: (measure, group) hidden so that no primary cell can be recovered
    secondary: frozenset[tuple[str, str]] = frozenset()
    #: firms contributing to each (measure, group) cell
    firms: Mapping[tuple[str, str], int] = field(default_factory=dict)

    @property
    def hidden(self) -> frozenset[tuple[str, str]]:
        """Every hidden cell."""
        return self.primary | self.secondary

    def hides(self, measure: str, group: str = TOTAL) -> bool:
        """True when the viewer may not see ``measure`` of ``group``."""
        return (measure, str(group)) in self.hidden


def _part(land_class: pd.Series) -> pd.Series:
    built = land_class.isin(schema.BUILT_CLASSES)
    return pd.Series(np.where(land_class == "A2", "A2", np.where(built, "A_other", "unbuilt")),
                     index=land_class.index)


def contributions(parcels: pd.DataFrame, *, year: int, by: str | None = "section_id",
                  users: pd.DataFrame | None = None, firm_land_m2: pd.Series | None = None) -> pd.DataFrame:
    """Each firm's contribution to each atom: one row per ``family`` (tax, revenue, investment),
    ``group``, ``part`` and ``firm`` with its ``value``.

    ``users`` is who uses which parcel with the firms' figures of ``year``
    (:meth:`zone_layers.evaluation.FirmTables.users`); a firm's figure is shared out to its parcels
    by the land it uses on each (``firm_land_m2``: each firm's land, by credit code), as the map
    does. Without ``users``, each parcel's figure is its named firm's
    (:func:`zone_layers.metrics.parcel_users`). Investment is a parcel figure, contributed by the
    parcel's firm (or by the parcel itself when none is named).
    """
    group = (parcels[by].astype(object).where(parcels[by].notna(), NO_GROUP).astype(str) if by
             else pd.Series(NO_GROUP, index=parcels.index))
    where = pd.DataFrame({"group": group.to_numpy(), "part": _part(parcels["land_class"]).to_numpy()},
                         index=parcels["parcel_id"].to_numpy())
    if users is None:
        users = metrics.parcel_users(parcels, year=year)
        share = pd.Series(1.0, index=users.index)
    else:
        land = (firm_land_m2 if firm_land_m2 is not None else users.groupby("credit_code")["area_m2"].sum())
        total = land.reindex(users["credit_code"]).to_numpy(dtype=float)
        share = pd.Series(users["area_m2"].to_numpy(dtype=float) / np.where(total > 0, total, np.nan),
                          index=users.index)
    users = users.loc[users["parcel_id"].isin(where.index)]
    frames = []
    for family, column in (("tax", "tax_wan"), ("revenue", "revenue_wan")):
        if column not in users.columns:
            continue
        value = users[column].astype(float) * share.reindex(users.index)
        rows = users.loc[value.notna()]
        frames.append(pd.DataFrame({
            "family": family, "group": where["group"].reindex(rows["parcel_id"]).to_numpy(),
            "part": where["part"].reindex(rows["parcel_id"]).to_numpy(),
            "firm": rows["credit_code"].astype(str).to_numpy(), "value": value.loc[rows.index].to_numpy()}))
    if "investment_wan" in parcels.columns:
        invested = parcels.loc[parcels["investment_wan"].notna()]
        named = invested["credit_code"] if "credit_code" in invested.columns else invested["enterprise"]
        firm = named.astype(object).where(named.notna() & (named.astype(str).str.strip() != ""),
                                          "parcel:" + invested["parcel_id"].astype(str))
        frames.append(pd.DataFrame({
            "family": "investment", "group": group.loc[invested.index].to_numpy(),
            "part": _part(invested["land_class"]).to_numpy(), "firm": firm.astype(str).to_numpy(),
            "value": invested["investment_wan"].astype(float).to_numpy()}))
    if not frames:
        return pd.DataFrame(columns=["family", "group", "part", "firm", "value"])
    out = pd.concat(frames, ignore_index=True)
    return out.groupby(["family", "group", "part", "firm"], as_index=False, sort=True)["value"].sum()


def sensitive(values: pd.Series, rules: DisclosureRules) -> bool:
    """True when an aggregate of these per-firm contributions may not be shown: fewer than
    ``rules.min_firms`` firms (but some), or the largest making ``rules.dominance`` of the total."""
    values = values[values.notna() & (values != 0)]
    n = len(values)
    if n == 0:
        return False
    if n < rules.min_firms:
        return True
    total = float(values.abs().sum())
    return total > 0 and float(values.abs().max()) >= rules.dominance * total


def _basis(rows: np.ndarray) -> np.ndarray:
    """An orthonormal basis of the row space of ``rows`` (one basis vector per row)."""
    if not len(rows):
        return np.zeros((0, rows.shape[1] if rows.ndim == 2 else 0))
    _, s, vt = np.linalg.svd(rows, full_matrices=False)
    return vt[s > 1e-9 * max(1.0, float(s.max()))]


def _recovered(candidates: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Which candidate vectors are linear combinations of ``rows``."""
    if not len(candidates):
        return np.zeros(0, dtype=bool)
    basis = _basis(rows)
    residual = candidates - (candidates @ basis.T) @ basis if len(basis) else candidates
    return np.linalg.norm(residual, axis=1) < 1e-7


def _sensitive_columns(contrib: np.ndarray, rules: DisclosureRules) -> np.ndarray:
    """:func:`sensitive` for many aggregates at once: ``contrib`` holds one row per firm and one
    column per aggregate (each firm's contribution to it)."""
    size = np.abs(contrib)
    n = (size > 0).sum(axis=0)
    total = size.sum(axis=0)
    largest = size.max(axis=0) if len(size) else np.zeros(size.shape[1])
    few = (n > 0) & (n < rules.min_firms)
    dominated = (n > 0) & (total > 0) & (largest >= rules.dominance * np.where(total > 0, total, 1.0))
    return few | dominated


#: What hiding a zone total costs against a section's cell (1), and the zone's industrial tax.
TOTAL_COST = 4.0
HEADLINE_COST = 10.0


def _cost(cell: tuple[str, str]) -> float:
    measure, group = cell
    if group != TOTAL:
        return 1.0
    return HEADLINE_COST if measure == "tax_A2" else TOTAL_COST


def _family(parts: pd.DataFrame, measures: list[str], groups: list[str], shown: list[str],
            rules: DisclosureRules) -> tuple[set[tuple[str, str]], set[tuple[str, str]], dict[tuple[str, str], int]]:
    """Primary and secondary cells of one family (see the module docstring)."""
    atoms = [(g, p) for g in groups for p in PARTS]
    index = {atom: i for i, atom in enumerate(atoms)}
    firm_of, firms = pd.factorize(parts["firm"])
    atom_of = np.array([index[(g, p)] for g, p in zip(parts["group"], parts["part"], strict=True)], dtype=int)
    # each firm's contribution to each atom
    matrix = np.zeros((len(firms), len(atoms)))
    np.add.at(matrix, (firm_of, atom_of), parts["value"].to_numpy(dtype=float))
    filled = np.zeros(len(atoms), dtype=bool)
    filled[atom_of] = True

    def vector(vector_atoms: Iterable[tuple[str, str]]) -> np.ndarray:
        v = np.zeros(len(atoms))
        for a in vector_atoms:
            v[index[a]] = 1.0
        return v

    cells = {(m, g): vector((x, p) for x in (groups if g == TOTAL else [g]) for p in MEASURES[m][1])
             for m in measures for g in [*shown, TOTAL]}
    keys = list(cells)
    cell_matrix = np.array([cells[c] for c in keys])
    per_firm = matrix @ cell_matrix.T
    counts = dict(zip(keys, (np.abs(per_firm) > 0).sum(axis=0).astype(int).tolist(), strict=True))
    values = dict(zip(keys, np.abs(per_firm).sum(axis=0).tolist(), strict=True))
    primary = {c for c, hide in zip(keys, _sensitive_columns(per_firm, rules), strict=True) if hide}
    # what must never be recoverable: every union of land parts of a group, of a pair of groups,
    # of the zone and of the zone less one group, wherever it is sensitive
    group_sets = [[g] for g in groups] + [list(pair) for pair in itertools.combinations(groups, 2)]
    group_sets += [list(groups)] + [[x for x in groups if x != g] for g in groups if len(groups) > 2]
    part_sets = [list(c) for k in range(1, len(PARTS) + 1) for c in itertools.combinations(PARTS, k)]
    targets = np.array([vector((g, p) for g in gs for p in ps) for gs in group_sets for ps in part_sets])
    wanted = targets[_sensitive_columns(matrix @ targets.T, rules)]
    if not len(wanted):
        return primary, set(), counts
    known = np.eye(len(atoms))[~filled]  # atoms no firm contributes to: known to hold nothing

    def exposed(hidden: set[tuple[str, str]]) -> int:
        rows = np.vstack([cell_matrix[[i for i, c in enumerate(keys) if c not in hidden]], known])
        return int(_recovered(wanted, rows).sum())

    if exposed(primary) == 0:
        return primary, set(), counts
    candidates = [c for c in keys if c not in primary and counts[c] > 0]
    # the cheapest set of extra cells: a section's cell costs 1, a zone total more, the zone's
    # headline (its industrial tax, 工业亩均税收) most; among equals the larger cells protect better
    best: tuple[tuple[float, float], set[tuple[str, str]]] | None = None
    for size in range(1, EXHAUSTIVE_UP_TO + 1):
        if (best is not None and size >= best[0][0]) or math.comb(len(candidates), size) > MAX_COMBINATIONS:
            break
        for option in itertools.combinations(candidates, size):
            score = (sum(_cost(c) for c in option), -min(values[c] for c in option))
            if (best is None or score < best[0]) and exposed(primary | set(option)) == 0:
                best = (score, set(option))
    if best is not None:
        return primary, best[1], counts
    extra: set[tuple[str, str]] = set()
    left = exposed(primary)
    while left and len(extra) < len(candidates):
        choice = min((c for c in candidates if c not in extra),
                     key=lambda c: (exposed(primary | extra | {c}), c[1] == TOTAL, -values[c], c))
        extra.add(choice)
        left = exposed(primary | extra)
    if left:  # nothing shown can stay: hide every cell of the family
        extra = set(candidates)
    return primary, extra, counts


def protect(parcels: pd.DataFrame, *, year: int, by: str | None = "section_id",
            shown_groups: Iterable[object] | None = None, users: pd.DataFrame | None = None,
            firm_land_m2: pd.Series | None = None, rules: DisclosureRules | None = None) -> Protection:
    """The cells of the table of ``parcels`` grouped ``by`` (and of its zone total) a viewer may not
    see in ``year``: primary and complementary suppression (see the module docstring).

    ``shown_groups`` are the groups that appear as rows (default: every group in the parcels);
    ``users`` and ``firm_land_m2`` as in :func:`contributions`.
    """
    rules = rules or DisclosureRules()
    atoms = contributions(parcels, year=year, by=by, users=users, firm_land_m2=firm_land_m2)
    if by:
        present = parcels[by].astype(object).where(parcels[by].notna(), NO_GROUP).astype(str)
        groups = sorted(set(present))
    else:
        groups = [NO_GROUP]
    shown = sorted({str(g) for g in shown_groups} if shown_groups is not None else set(groups) - {NO_GROUP})
    groups = sorted(set(groups) | set(shown))
    primary: set[tuple[str, str]] = set()
    secondary: set[tuple[str, str]] = set()
    counts: dict[tuple[str, str], int] = {}
    for family in ("tax", "revenue", "investment"):
        measures = [m for m, (f, _, _) in MEASURES.items() if f == family]
        one, two, n = _family(atoms.loc[atoms["family"] == family], measures, groups, shown, rules)
        primary |= one
        secondary |= two
        counts.update(n)
    return Protection(primary=frozenset(primary), secondary=frozenset(secondary), firms=counts)


def apply_table(table: pd.DataFrame, protection: Protection, *, by: str = "section_id") -> pd.DataFrame:
    """A copy of ``table`` (one row per group in column ``by``) with every hidden cell's columns
    blanked (missing)."""
    out = table.copy()
    groups = out[by].astype(str)
    for measure, (_, _, columns) in MEASURES.items():
        hide = groups.map(lambda g, m=measure: protection.hides(m, g)).to_numpy(dtype=bool)
        for column in columns:
            if column in out.columns:
                out[column] = out[column].mask(hide)
    return out


def apply_summary(summary: Mapping[str, object], protection: Protection) -> dict[str, object]:
    """A copy of a zone summary with the columns of every hidden zone cell set to NaN."""
    out = dict(summary)
    for measure, (_, _, columns) in MEASURES.items():
        if protection.hides(measure, TOTAL):
            for column in columns:
                if column in out:
                    out[column] = np.nan
    return out


def hidden_columns(protection: Protection, group: str = TOTAL) -> set[str]:
    """The columns a viewer may not see for ``group`` (the zone by default)."""
    return {c for m, (_, _, columns) in MEASURES.items() if protection.hides(m, group) for c in columns}


def protect_series(values: pd.Series, counts: pd.Series, shares: pd.Series, rules: DisclosureRules) -> pd.Series:
    """One-dimensional table with an implicit total (e.g. the clusters of a zone): True where a
    cell is hidden. Primary: fewer than ``rules.min_firms`` firms (``counts``) or a largest firm's
    ``shares`` at or above ``rules.dominance``; secondary: a single hidden cell takes the smallest
    shown cell with it, so it cannot be recovered from a total."""
    hide = ((counts > 0) & (counts < rules.min_firms)) | (shares >= rules.dominance)
    hide &= values.notna()
    if int(hide.sum()) == 1:
        rest = values.where(~hide & values.notna())
        if rest.notna().any():
            hide.loc[rest.idxmin()] = True
    return hide

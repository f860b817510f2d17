"""The evaluation round's records in the shared edit store: rule versions, the official one per year,
objections; and the round of one year put together from them (official rules, corrected figures).

Kinds of :mod:`geodata.store` records (every save is a new version with who and when; a save based on
an older version than the current one raises :class:`geodata.store.EditConflict` naming who saved):

- ``rule_version``, key ``<year>/<name>``: a named, dated rule set — ``name``, ``year``, ``status``
  (``draft``), ``dated`` (ISO date), ``preset``, ``benchmark`` (万元/亩), ``version`` (the rules' hash,
  ``<preset>@<8 hex>``), ``note`` and ``document`` (the whole grading configuration it grades by, so an
  older year keeps its own rules when ``grading.toml`` changes);
- ``rule_official``, key ``<year>``: ``rule`` (the key of the official rule version of that year),
  ``name``, ``version``: one record per year, so a year has one official rule set;
- ``objection``, key ``<year>/<credit code>/<field>``: ``credit_code``, ``name``, ``year``, ``field``
  (one of :data:`zone_layers.round.CORRECTABLE`), ``original``, ``claimed``, ``evidence``, ``decision``
  (``pending``, ``accepted``, ``rejected``), ``note``. An accepted objection is an override of the
  firm-year (:func:`zone_layers.round.apply_overrides`); the source data is never edited.

No Streamlit here: the command line and the page share these functions.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from geodata import config_files
from geodata.dataset import ZoneDataset
from geodata.errors import ZoneDataError
from geodata.store import Edit, EditStore
from zone_layers import round as rnd
from zone_layers import summary
from zone_layers.evaluation import EvaluationRules, FirmTables

RULE_KIND = "rule_version"
OFFICIAL_KIND = "rule_official"
OBJECTION_KIND = "objection"
#: Decisions an objection may have.
DECISIONS: tuple[str, ...] = ("pending", "accepted", "rejected")
_NAME = re.compile(r"[^/\s][^/]{0,79}")


def has_records(store: EditStore) -> bool:
    """Whether the store holds anything yet (a file store is not created just to be read)."""
    return store.postgis or (store.path is not None and store.path.exists())


def _current(store: EditStore, kind: str) -> list[Edit]:
    return store.current(kind) if has_records(store) else []


def _get(store: EditStore, kind: str, key: str) -> Edit | None:
    return store.get(kind, key) if has_records(store) else None


def file_rules(*, preset: str | None = None, benchmark: float | None = None) -> rnd.Rules:
    """The rules of the grading configuration file (``$GRADING_CONFIG`` or the bundled ``grading.toml``)."""
    path = config_files.grading_config_path()
    return rnd.rules_from_document(config_files.read_toml(path), source=str(path), preset=preset,
                                   benchmark=benchmark)


def rule_key(year: int, name: str) -> str:
    """``<year>/<name>``; the name: 1–80 characters, no ``/``, not starting with a blank."""
    name = name.strip()
    if not _NAME.fullmatch(name):
        msg = f"rule version name {name!r}: expected 1 to 80 characters without '/', e.g. 2025 征求意见稿"
        raise ZoneDataError(msg)
    return f"{int(year)}/{name}"


def rules_of(edit: Edit) -> rnd.Rules:
    """The :class:`~zone_layers.round.Rules` a ``rule_version`` record holds."""
    v = edit.values
    return rnd.rules_from_document(v["document"], source=f"rule version {edit.key}", preset=v["preset"],
                                   benchmark=float(v["benchmark"]))


def save_rules(store: EditStore, rules: rnd.Rules, *, year: int, name: str, user: str, note: str = "",
               base_version: int = 0) -> Edit:
    """Save ``rules`` as the draft rule version ``<year>/<name>`` (a new record: ``base_version`` 0)."""
    values = {"name": name.strip(), "year": int(year), "status": "draft",
              "dated": datetime.now(UTC).date().isoformat(), "preset": rules.preset,
              "benchmark": rules.benchmark, "version": rules.version, "note": note,
              "document": dict(rules.document)}
    return store.save(RULE_KIND, rule_key(year, name), values, user=user, base_version=base_version)


def rule_versions(store: EditStore, year: int | None = None) -> list[Edit]:
    """The rule versions (of ``year``, or all), newest year first, then by name."""
    found = [e for e in _current(store, RULE_KIND) if year is None or int(e.values["year"]) == int(year)]
    return sorted(found, key=lambda e: (-int(e.values["year"]), str(e.values["name"])))


def official_record(store: EditStore, year: int) -> Edit | None:
    """The ``rule_official`` record of ``year`` (None: the year has no official rule version yet)."""
    return _get(store, OFFICIAL_KIND, str(int(year)))


def promote(store: EditStore, key: str, *, user: str, base_version: int) -> Edit:
    """Make the rule version ``key`` the official one of its year.

    ``base_version``: the version of the year's ``rule_official`` record the user saw (0: none), so
    two analysts promoting different versions at once do not overwrite each other (the second is told).
    """
    edit = _get(store, RULE_KIND, key)
    if edit is None:
        saved = ", ".join(e.key for e in rule_versions(store)) or "(none yet)"
        msg = f"rule version {key!r} does not exist; saved versions: {saved}"
        raise ZoneDataError(msg)
    year = int(edit.values["year"])
    return store.save(OFFICIAL_KIND, str(year), {"rule": key, "name": edit.values["name"],
                                                 "version": edit.values["version"]},
                      user=user, base_version=base_version)


@dataclass(frozen=True)
class Official:
    """The official rules of a year: from its ``rule_official`` record, else the configuration file."""

    rules: rnd.Rules
    #: the rule version's name; None when the year has none and the file's rules apply
    name: str | None
    key: str | None

    @property
    def label(self) -> str:
        """``<name> (<preset>@<hash>)``, or just the hash for the file's rules."""
        return f"{self.name} ({self.rules.version})" if self.name else self.rules.version


def official_rules(store: EditStore, year: int) -> Official:
    """The rules ``year`` is officially graded by (its own official rule version, else the file's)."""
    pointer = official_record(store, year)
    if pointer is not None:
        edit = _get(store, RULE_KIND, str(pointer.values["rule"]))
        if edit is not None:
            return Official(rules_of(edit), str(edit.values["name"]), edit.key)
    return Official(file_rules(), None, None)


# --- objections ------------------------------------------------------------------------------------

def objection_key(year: int, credit_code: str, field: str) -> str:
    """``<year>/<credit code>/<field>``."""
    return f"{int(year)}/{credit_code}/{field}"


def record_objection(store: EditStore, firm_years: pd.DataFrame, *, year: int, credit_code: str, field: str,
                     claimed: float, evidence: str, user: str, decision: str = "pending", note: str = "",
                     base_version: int = 0) -> Edit:
    """Record (or, with the ``base_version`` read, update) the objection of a firm to one figure.

    ``firm_years``: the source firm-year table (its value is kept as ``original``). Raises
    :class:`ZoneDataError` for an unknown firm-year, field or decision, or a claimed value that is
    not a number ≥ 0; :class:`geodata.store.EditConflict` when someone saved the record in between.
    """
    problems = []
    if field not in rnd.CORRECTABLE:
        problems.append(f"field {field!r}; expected one of {', '.join(rnd.CORRECTABLE)}")
    if decision not in DECISIONS:
        problems.append(f"decision {decision!r}; expected one of {', '.join(DECISIONS)}")
    if isinstance(claimed, bool) or not isinstance(claimed, int | float) or not claimed >= 0:
        problems.append(f"claimed value {claimed!r}; expected a number ≥ 0")
    rows = firm_years.loc[(firm_years["credit_code"] == credit_code) & (firm_years["year"] == int(year))]
    if rows.empty:
        problems.append(f"firm {credit_code} has no figures for {year}")
    if problems:
        raise ZoneDataError(f"objection of {credit_code} ({year}): " + "; ".join(problems))
    row = rows.iloc[0]
    original = row[field]
    values = {"credit_code": credit_code, "name": None if pd.isna(row["name"]) else str(row["name"]),
              "year": int(year), "field": field, "original": None if pd.isna(original) else float(original),
              "claimed": float(claimed), "evidence": evidence.strip(), "decision": decision, "note": note.strip()}
    return store.save(OBJECTION_KIND, objection_key(year, credit_code, field), values, user=user,
                      base_version=base_version)


def decide(store: EditStore, key: str, decision: str, *, user: str, base_version: int, note: str = "") -> Edit:
    """Set an objection's decision (a new version of the record, the rest unchanged)."""
    edit = _get(store, OBJECTION_KIND, key)
    if edit is None:
        msg = f"objection {key!r} does not exist"
        raise ZoneDataError(msg)
    if decision not in DECISIONS:
        msg = f"objection {key}: decision {decision!r}; expected one of {', '.join(DECISIONS)}"
        raise ZoneDataError(msg)
    return store.save(OBJECTION_KIND, key, {**edit.values, "decision": decision, "note": note.strip()},
                      user=user, base_version=base_version)


def objections(store: EditStore, year: int | None = None, credit_code: str | None = None) -> list[Edit]:
    """Current objections (of ``year``, of ``credit_code``), by key."""
    return [e for e in _current(store, OBJECTION_KIND)
            if (year is None or int(e.values["year"]) == int(year))
            and (credit_code is None or e.values["credit_code"] == credit_code)]


def accepted_overrides(store: EditStore, year: int | None = None) -> list[rnd.Override]:
    """The accepted objections (of ``year``) as overrides."""
    return [rnd.Override(e.values["credit_code"], int(e.values["year"]), e.values["field"],
                         float(e.values["claimed"]), ref=e.key)
            for e in objections(store, year) if e.values["decision"] == "accepted"]


def objection_history(store: EditStore, credit_code: str | None = None, *, year: int | None = None) -> pd.DataFrame:
    """Every version of every objection (of a firm, of a year), by record then oldest first: ``key``,
    ``version``, ``year``, ``credit_code``, ``name``, ``field``, ``original``, ``claimed``, ``decision``,
    ``evidence``, ``note``, ``user``, ``at``."""
    rows = []
    for current in objections(store, year, credit_code=credit_code):
        for e in store.history(OBJECTION_KIND, current.key):
            v = e.values
            rows.append((e.key, e.version, v["year"], v["credit_code"], v.get("name"), v["field"], v["original"],
                         v["claimed"], v["decision"], v["evidence"], v.get("note", ""), e.user, e.at))
    return pd.DataFrame(rows, columns=["key", "version", "year", "credit_code", "name", "field", "original",
                                       "claimed", "decision", "evidence", "note", "user", "at"])


# --- one year's round ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Round:
    """One year of a dataset as the round sees it: official rules, firm-years with the accepted
    corrections (``firm_years``; the source in ``firms.firm_years``) and the overrides applied."""

    year: int
    official: Official
    firms: FirmTables
    firm_years: pd.DataFrame
    overrides: tuple[rnd.Override, ...]
    illustrative: bool
    dataset: ZoneDataset | None = None

    def simulate(self, changes: Sequence[tuple[str, Any]] = (), *, preset: str | None = None) -> rnd.Simulation:
        """The official grades against those of the official rules with ``changes`` (and ``preset``); a
        change of whose land a lease is (``evaluation.leased_land_to``) allocates the land again."""
        changed = rnd.changed_rules(self.official.rules, changes, preset=preset)
        other = None
        lease = changed.config.evaluation.leased_land_to
        if self.dataset is not None and lease != self.official.rules.config.evaluation.leased_land_to:
            firms = summary.dataset_firms(self.dataset, rules=changed.config.evaluation)
            other = rnd.apply_overrides(firms.firm_years, self.overrides)
        return rnd.simulate(self.firm_years, self.year, self.official.rules, changed, changed_firm_years=other)

    def graded(self) -> pd.DataFrame:
        """The year's firms graded by the official rules, corrections applied."""
        return self.official.rules.grade(self.firm_years, self.year)


def year_round(dataset: ZoneDataset, store: EditStore, year: int | None = None, *,
               firms: FirmTables | None = None, firm_rules: EvaluationRules | None = None) -> Round:
    """The round of ``year`` (default the latest in the data) of ``dataset``.

    ``firms``: the dataset's firm tables worked out already under ``firm_rules`` (the evaluation rules
    whose ``leased_land_to`` decided the land, e.g. the page's cached ones); used when the official
    rules decide the land the same way, else worked out here.
    """
    year = summary.resolve_year(dataset, year)
    official = official_rules(store, year)
    wanted = official.rules.config.evaluation
    if firms is None or firm_rules is None or firm_rules.leased_land_to != wanted.leased_land_to:
        firms = summary.dataset_firms(dataset, rules=wanted)
    overrides = tuple(accepted_overrides(store, year))
    corrected = rnd.apply_overrides(firms.firm_years, overrides)
    return Round(year, official, firms, corrected, overrides, dataset.illustrative, dataset)


def grade_history(dataset: ZoneDataset, store: EditStore, firms: FirmTables, year: int) -> list[tuple[int, pd.Series]]:
    """For each year of the data up to ``year``: which firms were in that year's lowest class under
    its official rules and corrections (input of :func:`zone_layers.round.lowest_streak`)."""
    out = []
    for y in [y for y in dataset.years if y <= year]:
        official = official_rules(store, y)
        fy = rnd.apply_overrides(firms.firm_years, accepted_overrides(store, y))
        graded = official.rules.grade(fy, y)
        lowest = official.rules.config.preset(official.rules.preset).classes[-1].grade
        out.append((y, pd.Series((graded["grade"] == lowest).to_numpy(), index=graded["credit_code"])))
    return out


def price_lists(rnd_year: Round, dataset: ZoneDataset, store: EditStore) -> list[tuple[Any, pd.DataFrame, dict]]:
    """Per configured price (``[prices.<key>]`` of the official rules): the price, its firm list
    (:func:`zone_layers.round.price_table`) and its estimate (:func:`zone_layers.round.price_total`)."""
    rules = rnd_year.official.rules
    graded = rnd_year.graded()
    streak = rnd.lowest_streak(grade_history(dataset, store, rnd_year.firms, rnd_year.year))
    lowest = rules.config.preset(rules.preset).classes[-1].grade
    out = []
    for price in rules.config.prices:
        table = rnd.price_table(graded, price, lowest=lowest, streak=streak)
        has = price.consumption is not None and price.consumption in graded.columns
        out.append((price, table, rnd.price_total(table, has_consumption=has)))
    return out


def as_json(value: Any) -> Any:
    """JSON-ready: NaN/NA to None, numpy scalars to numbers, tuples to lists (dicts and lists walked)."""
    if isinstance(value, Mapping):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [as_json(v) for v in value]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    return value

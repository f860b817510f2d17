"""Issue 16: rule versions and objections in the shared edit store (a temporary SQLite store).

The firms and rules are those of tests/test_round.py (ten firms; F1 is A with 15 亩, B with 30 亩).
"""

from __future__ import annotations

import copy

import pandas as pd
import pytest

from dashboard import round_records as rr
from geodata.errors import ZoneDataError
from geodata.store import EditConflict, open_store
from tests.test_round import firm_years, grades, official
from zone_layers import round as rnd


@pytest.fixture(params=["file", "postgis"])
def store(request, tmp_path, monkeypatch):
    """The edit store of a file dataset (SQLite beside it) and of a PostGIS one (its own tables, emptied)."""
    monkeypatch.delenv("ZONE_EDITS", raising=False)
    if request.param == "file":
        return open_store(str(tmp_path / "data.gpkg"))
    import psycopg

    pg = request.getfixturevalue("pg")
    if not pg.running:
        pg.start()
    with psycopg.connect(pg.url(), autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS zone_edits, zone_audit_log")
    return open_store(pg.url())


def test_an_unread_store_is_not_created(tmp_path, monkeypatch):
    monkeypatch.delenv("ZONE_EDITS", raising=False)
    store = open_store(str(tmp_path / "data.gpkg"))
    assert rr.rule_versions(store) == [] and rr.objections(store) == []
    assert not (tmp_path / "data.gpkg.edits.sqlite").exists()


def test_rule_versions_one_official_per_year_older_years_keep_theirs(store):
    rules = official()
    heavier = rnd.changed_rules(rules, [("criteria[0].weight", 80), ("criteria[1].weight", 20)])
    rr.save_rules(store, rules, year=2023, name="2023 正式", user="li")
    draft = rr.save_rules(store, heavier, year=2024, name="2024 征求意见稿", user="wang", note="税收权重 80")
    assert draft.key == "2024/2024 征求意见稿" and draft.values["status"] == "draft"
    assert draft.values["version"] == heavier.version and draft.values["document"]["presets"]["p"][
        "criteria"][0]["weight"] == 80
    # no official version for 2024 yet: the configuration file's rules
    assert rr.official_rules(store, 2024).name is None
    rr.promote(store, "2023/2023 正式", user="li", base_version=0)
    rr.promote(store, draft.key, user="wang", base_version=0)
    o24, o23 = rr.official_rules(store, 2024), rr.official_rules(store, 2023)
    assert (o24.name, o24.rules.version) == ("2024 征求意见稿", heavier.version)
    assert (o23.name, o23.rules.version) == ("2023 正式", rules.version)   # 2023 keeps its own rules
    assert o24.label == f"2024 征求意见稿 ({heavier.version})"
    # the 2024 grades under its official rules are the hand-checked 80/20 ones
    assert grades(o24.rules.grade(firm_years(), 2024))["F2"] == "A"
    # promoting another version of 2024 replaces it; the record's history keeps both
    second = rr.save_rules(store, rules, year=2024, name="2024 终稿", user="li")
    rr.promote(store, second.key, user="li", base_version=1)
    assert rr.official_rules(store, 2024).name == "2024 终稿"
    assert [e.values["name"] for e in store.history(rr.OFFICIAL_KIND, "2024")] == ["2024 征求意见稿", "2024 终稿"]
    with pytest.raises(ZoneDataError, match="does not exist; saved versions: 2024/2024 征求意见稿"):
        rr.promote(store, "2024/nope", user="li", base_version=2)


def test_two_analysts_promoting_at_once_the_second_is_told(store):
    rules = official()
    a = rr.save_rules(store, rules, year=2024, name="甲稿", user="li")
    b = rr.save_rules(store, rnd.changed_rules(rules, [("benchmark", 12)]), year=2024, name="乙稿", user="wang")
    # both saw no official version (base 0); li promotes first
    rr.promote(store, a.key, user="li", base_version=0)
    with pytest.raises(EditConflict, match="li saved a newer version"):
        rr.promote(store, b.key, user="wang", base_version=0)
    assert rr.official_rules(store, 2024).name == "甲稿"
    # a rule version's name is taken: a second new record of the same name is refused too
    with pytest.raises(EditConflict):
        rr.save_rules(store, rules, year=2024, name="甲稿", user="wang")


def test_an_accepted_objection_changes_a_grade_with_history_and_the_untouched_source(store):
    source = firm_years()
    kept = copy.deepcopy(source)
    first = rr.record_objection(store, source, year=2024, credit_code="F1", field="land_mu", claimed=30.0,
                                evidence="土地证 豫(2019)驻马店市不动产权第 001 号：30 亩", user="zhao")
    assert first.values["original"] == 15.0 and first.values["decision"] == "pending"
    assert rr.accepted_overrides(store, 2024) == []            # pending: nothing changes yet
    rr.decide(store, first.key, "accepted", user="qian", base_version=1, note="核实无误")
    overrides = rr.accepted_overrides(store, 2024)
    assert overrides == [rnd.Override("F1", 2024, "land_mu", 30.0, ref="2024/F1/land_mu")]
    corrected = rnd.apply_overrides(source, overrides)
    rules = official()
    assert grades(rules.grade(source, 2024))["F1"] == "A"
    assert grades(rules.grade(corrected, 2024))["F1"] == "B"   # 0.55: 7th of 10 (see test_round)
    pd.testing.assert_frame_equal(source, kept)                 # the source is never edited
    history = rr.objection_history(store, "F1")
    assert list(history["version"]) == [1, 2]
    assert list(history["decision"]) == ["pending", "accepted"]
    assert list(history["user"]) == ["zhao", "qian"]
    assert set(history["original"]) == {15.0} and set(history["claimed"]) == {30.0}
    # the corrected and the original value side by side for the firm's history
    rows = rnd.override_rows(source, overrides)
    assert rows[["original", "corrected"]].to_numpy().tolist() == [[15.0, 30.0]]
    # a rejected objection is no override any more
    rr.decide(store, first.key, "rejected", user="qian", base_version=2)
    assert rr.accepted_overrides(store, 2024) == []


def test_two_analysts_deciding_one_objection_the_second_is_told(store):
    edit = rr.record_objection(store, firm_years(), year=2024, credit_code="F9", field="tax_wan", claimed=60.0,
                               evidence="完税证明", user="zhao")
    rr.decide(store, edit.key, "accepted", user="qian", base_version=edit.version)
    with pytest.raises(EditConflict, match="qian saved a newer version"):
        rr.decide(store, edit.key, "rejected", user="sun", base_version=edit.version)
    assert rr.objections(store, 2024)[0].values["decision"] == "accepted"


def test_bad_objections_are_refused_with_what_is_expected(store):
    with pytest.raises(ZoneDataError) as err:
        rr.record_objection(store, firm_years(), year=2023, credit_code="F1", field="area", claimed=-1,
                            evidence="", user="zhao", decision="maybe")
    text = str(err.value)
    assert "field 'area'" in text and "decision 'maybe'" in text and "claimed value -1" in text
    assert "F1 has no figures for 2023" in text
    assert rr.objections(store) == []

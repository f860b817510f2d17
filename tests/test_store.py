"""The edit store and the audit log (geodata/store.py): SQLite files and a real PostGIS server."""

from __future__ import annotations

import sqlite3
import threading

import psycopg
import pytest

from geodata import settings, store
from geodata.errors import ZoneDataError


@pytest.fixture
def files(tmp_path, monkeypatch):
    """A file dataset's store and audit log in a temporary folder."""
    monkeypatch.delenv(store.EDITS_ENV_VAR, raising=False)
    monkeypatch.setenv(store.AUDIT_ENV_VAR, str(tmp_path / "audit.log"))
    source = str(tmp_path / "bureau.gpkg")
    return store.open_store(source), store.audit_log(source)


@pytest.fixture
def database(pg):
    """A PostGIS dataset's store and audit log (the throwaway server, emptied first)."""
    if not pg.running:
        pg.start()
    with psycopg.connect(pg.url(), autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS zone_edits, zone_audit_log")
    return store.open_store(pg.url()), store.audit_log(pg.url())


@pytest.fixture(params=["files", "database"])
def backend(request):
    return request.getfixturevalue(request.param)


def test_where_file_edits_live(tmp_path, monkeypatch):
    monkeypatch.delenv(store.EDITS_ENV_VAR, raising=False)
    assert store.edits_path(str(tmp_path / "a.gpkg")) == tmp_path / "a.gpkg.edits.sqlite"
    # the committed sample is never written beside: the app's state folder instead
    assert store.edits_path(str(settings.SAMPLE_PATH)) == store.state_dir() / "sample.edits.sqlite"
    monkeypatch.setenv(store.EDITS_ENV_VAR, str(tmp_path / "x.sqlite"))
    assert store.edits_path(str(tmp_path / "a.gpkg")) == tmp_path / "x.sqlite"


def test_versions_history_and_before(backend):
    edits, _ = backend
    assert edits.get("objection", "91410000X") is None
    first = edits.save("objection", "91410000X", {"field": "land_mu", "claimed": 30.5}, user="li", base_version=0)
    second = edits.save("objection", "91410000X", {"field": "land_mu", "claimed": 30.5, "decision": "accepted"},
                        user="wang", base_version=1)
    edits.save("objection", "91410000Y", {"field": "tax_wan", "claimed": 12}, user="li", base_version=0)
    assert (first.version, first.before) == (1, None)
    assert (second.version, second.before) == (2, {"field": "land_mu", "claimed": 30.5})
    history = edits.history("objection", "91410000X")
    assert [(e.version, e.user, e.values.get("decision")) for e in history] == [
        (1, "li", None), (2, "wang", "accepted")]
    assert history[1].before == history[0].values
    assert edits.get("objection", "91410000X").values["decision"] == "accepted"
    assert [(e.key, e.version) for e in edits.current("objection")] == [("91410000X", 2), ("91410000Y", 1)]
    assert edits.current("rule_version") == []


def test_the_second_of_two_editors_is_told(backend):
    edits, _ = backend
    edits.save("register_status", "idle:P1", {"status": "pending"}, user="li", base_version=0)
    # both read version 1; wang saves first, li's save must not overwrite it
    edits.save("register_status", "idle:P1", {"status": "in_progress"}, user="wang", base_version=1)
    with pytest.raises(store.EditConflict, match=r"wang saved a newer version \(version 2"):
        edits.save("register_status", "idle:P1", {"status": "done"}, user="li", base_version=1)
    assert [e.values["status"] for e in edits.history("register_status", "idle:P1")] == ["pending", "in_progress"]
    # a new record someone else created first is a conflict too
    edits.save("register_status", "idle:P2", {"status": "pending"}, user="wang", base_version=0)
    with pytest.raises(store.EditConflict):
        edits.save("register_status", "idle:P2", {"status": "done"}, user="li", base_version=0)


def test_concurrent_saves_of_one_version_leave_one_winner(backend):
    edits, _ = backend
    results: list[str] = []

    def save(user: str) -> None:
        try:
            edits.save("rule_version", "2025-draft", {"by": user}, user=user, base_version=0)
            results.append("saved")
        except store.EditConflict:
            results.append("conflict")

    threads = [threading.Thread(target=save, args=(f"user{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["conflict"] * 3 + ["saved"]
    assert len(edits.history("rule_version", "2025-draft")) == 1


def test_the_sqlite_file_refuses_updates_and_deletes(files):
    edits, _ = files
    edits.save("objection", "k", {"a": 1}, user="li", base_version=0)
    with sqlite3.connect(edits.path) as conn, pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE zone_edits SET payload = '{}'")
    with sqlite3.connect(edits.path) as conn, pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM zone_edits")


def test_the_database_refuses_updates_and_deletes(database, pg):
    edits, log = database
    edits.save("objection", "k", {"a": 1}, user="li", base_version=0)
    log.append("sign_in", "li")
    for statement in ("UPDATE zone_edits SET author = 'x'", "DELETE FROM zone_audit_log"):
        with psycopg.connect(pg.url(), autocommit=True) as conn, pytest.raises(psycopg.Error, match="append-only"):
            conn.execute(statement)


def test_audit_log_entries(backend):
    _, log = backend
    log.append("sign_in_failed", "li", client="10.0.0.7")
    log.append("sign_in", "li", client="10.0.0.7")
    log.append("export", "li", view="zone Z1 2024", what="parcels.xlsx")
    entries = log.entries()
    assert [(e.event, e.user) for e in entries] == [("sign_in_failed", "li"), ("sign_in", "li"), ("export", "li")]
    assert entries[2].details == {"view": "zone Z1 2024", "what": "parcels.xlsx"}
    assert [e.event for e in log.entries(event="export")] == ["export"]
    assert log.entries(user="wang") == []
    assert len(log.entries(since=entries[0].at)) == 3
    assert log.entries(since="2999-01-01T00:00:00+00:00") == []


def test_an_unwritable_store_is_a_clear_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv(store.EDITS_ENV_VAR, str(blocker / "edits.sqlite"))
    with pytest.raises(ZoneDataError, match=rf"{store.EDITS_ENV_VAR} to a writable file path"):
        store.open_store(str(tmp_path / "a.gpkg")).save("k", "1", {}, user="li", base_version=0)
    monkeypatch.setenv(store.AUDIT_ENV_VAR, str(blocker / "audit.log"))
    with pytest.raises(ZoneDataError, match=rf"{store.AUDIT_ENV_VAR} to a writable file path"):
        store.audit_log(str(tmp_path / "a.gpkg")).append("sign_in", "li")

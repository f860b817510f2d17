"""What users edit and what the app must remember: an append-only edit store and the audit log.

Both live outside the app process, so every app process (every replica behind a proxy) sees the
same records:

* file datasets (a GeoPackage or a ``datasets.toml``): edits in a SQLite file, ``$ZONE_EDITS`` when
  set, else ``<data file>.edits.sqlite`` beside the data (the bundled sample: the state folder,
  ``.run/`` in the repository or ``$ZONE_STATE_DIR``, never the committed sample); the audit log in a
  JSON-lines file, ``$ZONE_AUDIT_LOG`` when set, else ``audit.log`` in the state folder;
* PostGIS: the tables ``zone_edits`` and ``zone_audit_log`` in the dataset's own database.

Edits are never overwritten: each save appends a new *version* of a record (``kind``, ``key``) with
its values, who saved it and when. A save names the version its author read (``base_version``);
when someone else saved a newer version in between, the save fails with :class:`EditConflict`
naming them, so the second of two concurrent editors is told instead of silently overwriting. The
check is a unique key on (kind, key, version), so it holds across processes and transactions.

The audit log is append-only too (the tables refuse UPDATE and DELETE); it is written by the
dashboard for sign-ins, failed sign-ins and analyst exports and never holds a password.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy.pool import NullPool

from geodata import settings
from geodata.errors import ZoneDataError
from geodata.postgis import is_postgis_source
from geodata.postgis.connection import transaction

#: Environment variable naming the SQLite file of the edits of a file dataset.
EDITS_ENV_VAR = "ZONE_EDITS"
#: Environment variable naming the audit log file of file datasets.
AUDIT_ENV_VAR = "ZONE_AUDIT_LOG"
#: Where the app keeps its own state when nothing else is named (created on first use): ``.run/`` in
#: the repository, or ``$ZONE_STATE_DIR`` (every replica of one deployment must name the same folder).
STATE_DIR: Path = Path(__file__).resolve().parent.parent / ".run"
STATE_ENV_VAR = "ZONE_STATE_DIR"


def state_dir() -> Path:
    """The folder of the app's own state shared by its processes: ``$ZONE_STATE_DIR`` or ``.run/``."""
    named = os.environ.get(STATE_ENV_VAR, "").strip()
    return Path(named).expanduser() if named else STATE_DIR

_EDITS_TABLE = "zone_edits"
_AUDIT_TABLE = "zone_audit_log"


class EditConflict(ZoneDataError):
    """The record was saved by someone else after it was read: nothing was written."""


@dataclass(frozen=True)
class Edit:
    """One saved version of a record."""

    kind: str
    key: str
    version: int
    values: dict[str, Any]
    user: str
    #: when it was saved, ISO 8601 in UTC (``2026-11-30T03:12:45+00:00``)
    at: str
    #: the values of the previous version; None for the first
    before: dict[str, Any] | None = None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def edits_path(source: str) -> Path:
    """The SQLite file holding the edits of the file dataset ``source``."""
    named = os.environ.get(EDITS_ENV_VAR, "").strip()
    if named:
        return Path(named).expanduser()
    path = Path(source).expanduser()
    if path.resolve() == settings.SAMPLE_PATH.resolve():
        return state_dir() / "sample.edits.sqlite"
    return path.with_name(path.name + ".edits.sqlite")


def audit_path() -> Path:
    """The audit log file of file datasets: ``$ZONE_AUDIT_LOG`` or ``.run/audit.log``."""
    named = os.environ.get(AUDIT_ENV_VAR, "").strip()
    return Path(named).expanduser() if named else state_dir() / "audit.log"


_SQLITE_SCHEMA = (
    f"CREATE TABLE IF NOT EXISTS {_EDITS_TABLE} (kind TEXT NOT NULL, key TEXT NOT NULL, version INTEGER NOT NULL, "
    "payload TEXT NOT NULL, author TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (kind, key, version))",
    f"CREATE TRIGGER IF NOT EXISTS {_EDITS_TABLE}_append_only BEFORE UPDATE ON {_EDITS_TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'edits are append-only'); END",
    f"CREATE TRIGGER IF NOT EXISTS {_EDITS_TABLE}_no_delete BEFORE DELETE ON {_EDITS_TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'edits are append-only'); END",
)
_POSTGRES_SCHEMA = (
    f"CREATE TABLE IF NOT EXISTS {_EDITS_TABLE} (kind text NOT NULL, key text NOT NULL, version integer NOT NULL, "
    "payload jsonb NOT NULL, author text NOT NULL, at timestamptz NOT NULL, PRIMARY KEY (kind, key, version))",
    f"CREATE TABLE IF NOT EXISTS {_AUDIT_TABLE} (id bigserial PRIMARY KEY, at timestamptz NOT NULL, "
    "event text NOT NULL, author text NOT NULL, details jsonb NOT NULL)",
    """CREATE OR REPLACE FUNCTION zone_append_only() RETURNS trigger LANGUAGE plpgsql AS
       $$ BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$""",
    f"DROP TRIGGER IF EXISTS {_EDITS_TABLE}_append_only ON {_EDITS_TABLE}",
    f"CREATE TRIGGER {_EDITS_TABLE}_append_only BEFORE UPDATE OR DELETE ON {_EDITS_TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION zone_append_only()",
    f"DROP TRIGGER IF EXISTS {_AUDIT_TABLE}_append_only ON {_AUDIT_TABLE}",
    f"CREATE TRIGGER {_AUDIT_TABLE}_append_only BEFORE UPDATE OR DELETE ON {_AUDIT_TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION zone_append_only()",
)


class EditStore:
    """The edits of one dataset; open it with :func:`open_store`."""

    def __init__(self, source: str, *, password: str | None = None) -> None:
        self.source = source
        self._password = password
        self.postgis = is_postgis_source(source)
        self._ready = False
        self.path = None if self.postgis else edits_path(source)

    # -- connections -----------------------------------------------------------------------------

    @contextmanager
    def _connection(self, action: str) -> Iterator[sa.Connection]:
        if self.postgis:
            with transaction(self.source, password=self._password, action=action) as (conn, _target):
                if not self._ready:  # one process at a time creates the tables
                    conn.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext('zone_edits'))"))
                    for statement in _POSTGRES_SCHEMA:
                        conn.execute(sa.text(statement))
                    self._ready = True
                yield conn
            return
        assert self.path is not None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            engine = sa.create_engine(f"sqlite:///{self.path}", connect_args={"timeout": 10}, poolclass=NullPool)
            with engine.begin() as conn:
                if not self._ready:
                    for statement in _SQLITE_SCHEMA:
                        conn.exec_driver_sql(statement)
                    self._ready = True
                yield conn
        except (OSError, sa_exc.OperationalError) as exc:
            reason = getattr(exc, "orig", exc)
            msg = (f"{self.path}: cannot {action} in the edit store ({reason}); the folder must be writable by the "
                   f"app, or set {EDITS_ENV_VAR} to a writable file path")
            raise ZoneDataError(msg) from None

    # -- reading ---------------------------------------------------------------------------------

    def _rows(self, kind: str, key: str | None = None) -> list[tuple[str, int, dict[str, Any], str, str]]:
        where = "kind = :kind" + (" AND key = :key" if key is not None else "")
        query = sa.text(f"SELECT key, version, payload, author, at FROM {_EDITS_TABLE} WHERE {where} "
                        "ORDER BY key, version")
        with self._connection("read the edits") as conn:
            result = conn.execute(query, {"kind": kind, "key": key}).all()
        out = []
        for row_key, version, payload, author, at in result:
            values = json.loads(payload) if isinstance(payload, str) else dict(payload)
            stamp = at.isoformat(timespec="seconds") if isinstance(at, datetime) else str(at)
            out.append((str(row_key), int(version), values, str(author), stamp))
        return out

    @staticmethod
    def _edits(kind: str, rows: list[tuple[str, int, dict[str, Any], str, str]]) -> list[Edit]:
        out: list[Edit] = []
        for key, version, values, author, at in rows:
            before = out[-1].values if out and out[-1].key == key else None
            out.append(Edit(kind, key, version, values, author, at, before))
        return out

    def history(self, kind: str, key: str) -> list[Edit]:
        """Every version of record ``(kind, key)``, oldest first (empty when never saved)."""
        return self._edits(kind, self._rows(kind, key))

    def get(self, kind: str, key: str) -> Edit | None:
        """The current version of ``(kind, key)``, or None."""
        versions = self.history(kind, key)
        return versions[-1] if versions else None

    def current(self, kind: str) -> list[Edit]:
        """The current version of every record of ``kind``, ordered by key."""
        edits = self._edits(kind, self._rows(kind))
        latest: dict[str, Edit] = {}
        for edit in edits:
            latest[edit.key] = edit
        return list(latest.values())

    # -- writing ---------------------------------------------------------------------------------

    def save(self, kind: str, key: str, values: dict[str, Any], *, user: str, base_version: int) -> Edit:
        """Append version ``base_version + 1`` of ``(kind, key)`` holding ``values``.

        Raises
        ------
        EditConflict
            The record's current version is not ``base_version`` (someone saved in between, or the
            record was deleted from under the editor): the message names who saved the newer
            version and when; nothing is written.
        """
        payload = json.dumps(values, ensure_ascii=False, sort_keys=True, default=str)
        at = _now()
        insert = sa.text(f"INSERT INTO {_EDITS_TABLE} (kind, key, version, payload, author, at) "
                         f"VALUES (:kind, :key, :version, {'CAST(:payload AS jsonb)' if self.postgis else ':payload'}, "
                         ":author, :at) ON CONFLICT DO NOTHING")
        latest = self.get(kind, key)
        if (latest.version if latest else 0) == base_version:
            with self._connection("save an edit") as conn:
                written = conn.execute(insert, {"kind": kind, "key": key, "version": base_version + 1,
                                                "payload": payload, "author": user, "at": at}).rowcount
            if written == 1:
                return Edit(kind, key, base_version + 1, values, user, at, latest.values if latest else None)
            latest = self.get(kind, key)  # someone saved this version in between
        assert latest is not None
        msg = (f"{kind} {key}: {latest.user} saved a newer version (version {latest.version}, {latest.at}) after "
               f"you opened version {base_version}; nothing was saved. Reload to see their change, then edit again")
        raise EditConflict(msg)


def open_store(source: str, *, password: str | None = None) -> EditStore:
    """The edit store of the dataset ``source`` (a file path or a ``postgresql://`` URL)."""
    return EditStore(str(source), password=password)


# --- the audit log ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log."""

    at: str
    event: str
    user: str
    details: dict[str, Any]


class AuditLog:
    """Append-only log of sign-ins, failed sign-ins and analyst exports; see the module docstring."""

    def __init__(self, source: str, *, password: str | None = None) -> None:
        self.source = source
        self._password = password
        self.postgis = is_postgis_source(source)
        self.path = None if self.postgis else audit_path()
        self._store = EditStore(source, password=password) if self.postgis else None

    def append(self, event: str, user: str, **details: Any) -> AuditEntry:
        """Record ``event`` (``sign_in``, ``sign_in_failed``, ``export`` …) by ``user`` now."""
        entry = AuditEntry(_now(), event, user, details)
        if self._store is not None:
            insert = sa.text(f"INSERT INTO {_AUDIT_TABLE} (at, event, author, details) "
                             "VALUES (:at, :event, :author, CAST(:details AS jsonb))")
            with self._store._connection("write the audit log") as conn:
                conn.execute(insert, {"at": entry.at, "event": event, "author": user,
                                      "details": json.dumps(details, ensure_ascii=False, default=str)})
            return entry
        assert self.path is not None
        line = json.dumps({"at": entry.at, "event": event, "user": user, **details},
                          ensure_ascii=False, default=str) + "\n"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as log:
                fcntl.flock(log, fcntl.LOCK_EX)
                log.write(line)
        except OSError as exc:
            msg = (f"{self.path}: cannot write the audit log ({exc.strerror}); the folder must be writable by the "
                   f"app, or set {AUDIT_ENV_VAR} to a writable file path")
            raise ZoneDataError(msg) from None
        return entry

    def entries(self, *, event: str | None = None, user: str | None = None,
                since: str | None = None) -> list[AuditEntry]:
        """The entries, oldest first, optionally of one ``event``, one ``user`` and at or after ``since``
        (ISO 8601)."""
        if self._store is not None:
            query = sa.text(f"SELECT at, event, author, details FROM {_AUDIT_TABLE} ORDER BY id")
            with self._store._connection("read the audit log") as conn:
                rows = [(r[0].isoformat(timespec="seconds"), r[1], r[2], dict(r[3]))
                        for r in conn.execute(query).all()]
        else:
            assert self.path is not None
            try:
                lines = self.path.read_text(encoding="utf-8").splitlines()
            except FileNotFoundError:
                lines = []
            rows = []
            for line in lines:
                record = json.loads(line)
                rows.append((record.pop("at"), record.pop("event"), record.pop("user"), record))
        out = [AuditEntry(*row) for row in rows]
        since_at = datetime.fromisoformat(since) if since else None
        return [e for e in out if (event is None or e.event == event) and (user is None or e.user == user)
                and (since_at is None or datetime.fromisoformat(e.at) >= since_at)]


def audit_log(source: str, *, password: str | None = None) -> AuditLog:
    """The audit log of the deployment serving ``source`` (see the module docstring)."""
    return AuditLog(str(source), password=password)

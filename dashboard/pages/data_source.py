"""Which dataset is served: its source and version, the last good copy, sessions' own data, stores.

``$ZONE_DATA`` names the shared data (a GeoPackage, a ``datasets.toml`` or a PostGIS URL; else the
bundled sample); a session may instead hold its own dataset opened from the import page. The
version of a file is its modification time and size, of a database its version row (asked at most
every 5 s), so a dataset replaced is picked up without a restart. A new version that cannot be read
(half-written, or broken) is not served: the last version read successfully stays in use, from this
process's memory or from a snapshot in the state folder that every replica shares, and
:func:`is_stale` says so until the new one reads cleanly. :mod:`dashboard.pages.data` derives the
pages' tables from the dataset :func:`load_dataset` returns.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import shutil
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import streamlit as st

from geodata import settings, sources, store
from geodata.dataset import ZoneDataset, dataset_to_gpkg
from geodata.errors import ZoneDataError
from geodata.postgis import is_postgis_source, redact_dsn

LOG = logging.getLogger(__name__)
T = TypeVar("T")


def _stamp(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError as exc:
        msg = (f"{path}: cannot read the dataset file ({exc.strerror}). Set "
               f"{settings.DATA_ENV_VAR} to an existing GeoPackage or unset it for the sample")
        raise ZoneDataError(msg) from exc
    return stat.st_mtime_ns, stat.st_size


#: Per dataset source, the stamp of the last version that was read successfully (shared by sessions).
_LAST_GOOD: dict[str, tuple] = {}
#: Per dataset path, the error of a newer version that could not be read (shown as a warning).
_STALE: dict[str, str] = {}
#: Guards the two above: every session's script thread of this process reads and changes them.
_LOCK = threading.Lock()


def _current(*, shared: bool = False) -> tuple[str, tuple]:
    """The dataset source (a GeoPackage path or a PostGIS URL) and the stamp of the version to
    serve: the current version when it reads cleanly, otherwise the last good one, so a file being
    replaced is never half-served and a database that goes down keeps the app showing its data.

    The last good version is remembered in this process and, for the app's other processes (the
    replicas behind a proxy, one started after the data broke), as a GeoPackage snapshot in the
    state folder (:func:`_keep_snapshot`): every replica falls back to the same data.

    A session that opened its own checked data from the import page (:func:`open_session_dataset`)
    is served that, with neither fallback nor snapshot (unless ``shared``: the deployment's data)."""
    held = None if shared else session_data()
    if held is not None:
        stamp = _stamp(Path(held["path"]))
        _read(held["path"], stamp)
        return held["path"], stamp
    key = sources.current_source()
    try:
        stamp = _source_stamp(key)
        _read(key, stamp)
    except ZoneDataError as exc:
        with _LOCK:
            good = (key, _LAST_GOOD[key]) if key in _LAST_GOOD else None
            _STALE[key] = str(exc)
        if good is None:
            good = _snapshot(key)
            if good is None:
                with _LOCK:
                    _STALE.pop(key, None)
                raise
        return good
    with _LOCK:
        _LAST_GOOD[key] = stamp
        _STALE.pop(key, None)
    _keep_snapshot(key, stamp)
    return key, stamp


def _snapshot_path(source: str) -> Path:
    digest = hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]
    return store.state_dir() / "last-good" / f"{digest}.gpkg"


def _keep_snapshot(source: str, stamp: tuple) -> None:
    """Once per version of ``source``: a GeoPackage copy of the version just read cleanly, for the
    app's other processes (written beside and renamed, so a reader never sees half a file). Done in
    the background; a snapshot that cannot be written is logged, never shown to a user."""
    if not is_postgis_source(source) and Path(source).resolve() == settings.SAMPLE_PATH.resolve():
        return  # the bundled sample cannot break
    path = _snapshot_path(source)
    marker = path.with_suffix(".stamp")
    wanted = repr(stamp)
    with _LOCK:
        if _SNAPSHOTS.get(source) == wanted:
            return
        _SNAPSHOTS[source] = wanted

    def write() -> None:
        try:
            if marker.exists() and marker.read_text(encoding="utf-8") == wanted:
                return
            path.parent.mkdir(parents=True, exist_ok=True)
            part = path.with_name(f"{path.stem}.{os.getpid()}.part.gpkg")
            if sources.is_toml_source(source) or is_postgis_source(source):
                dataset_to_gpkg(_read(source, stamp), part)
            else:
                shutil.copyfile(Path(source).expanduser(), part)
            os.replace(part, path)
            marker.write_text(wanted, encoding="utf-8")
        except (OSError, ZoneDataError) as exc:
            LOG.warning("cannot keep the last good data for the other app processes in %s: %s", path, exc)

    threading.Thread(target=write, name="last-good-snapshot", daemon=True).start()


#: Per source, the stamp whose snapshot this process has written (or is writing).
_SNAPSHOTS: dict[str, str] = {}


def _snapshot(source: str) -> tuple[str, tuple] | None:
    """The last good version another process of the app kept for ``source``: (its snapshot file, its
    stamp), or None when there is none."""
    path = _snapshot_path(source)
    try:
        stamp = _stamp(path)
        _read(str(path), stamp)
    except ZoneDataError:
        return None
    return str(path), stamp


#: Session-state key of the dataset a user opened from the import page, for that session only:
#: ``{"path": its GeoPackage in the state folder, "file": the name uploaded, "parcels": n, "zones": n}``.
SESSION_DATA_KEY = "_session_data"
#: Folder of the state folder (:func:`geodata.store.state_dir`) holding those GeoPackages.
SESSION_FOLDER = "session-data"
#: How long such a GeoPackage is kept after it was written (a session that ends keeps its file):
#: older ones are deleted when a session opens its own data.
SESSION_KEEP_SECONDS = 24 * 3600


def session_data() -> dict | None:
    """The dataset this session opened from the import page (see :data:`SESSION_DATA_KEY`), or None:
    the deployment's data is served."""
    try:
        held = st.session_state.get(SESSION_DATA_KEY)
    except Exception:  # no session: a call outside a page run serves the deployment's data
        return None
    return dict(held) if held and Path(held["path"]).is_file() else None


def open_session_dataset(dataset: ZoneDataset, *, file: str) -> Path:
    """Serve ``dataset`` (a user's checked data) to this session only: written as a GeoPackage under
    a random name in the state folder, shared data and the bundled sample untouched."""
    folder = store.state_dir() / SESSION_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.gpkg*"):  # sessions that ended without «back»: kept a day at most
        with contextlib.suppress(OSError):
            if time.time() - old.stat().st_mtime > SESSION_KEEP_SECONDS:
                old.unlink()
    path = folder / f"{uuid.uuid4().hex}.gpkg"
    dataset_to_gpkg(dataset, path)
    close_session_dataset()
    st.session_state[SESSION_DATA_KEY] = {"path": str(path), "file": file, "parcels": len(dataset.parcels),
                                          "zones": len(dataset.zones)}
    return path


def close_session_dataset() -> None:
    """Back to the deployment's data; the session's GeoPackage is deleted."""
    held = st.session_state.pop(SESSION_DATA_KEY, None)
    if held:
        Path(held["path"]).unlink(missing_ok=True)


def source_label() -> str | None:
    """What to call the data source on screen: None for the bundled sample, the file name (the
    uploaded one for a session's own data), or the database URL without its password."""
    held = session_data()
    if held is not None:
        return str(held["file"])
    source = sources.current_source()
    if is_postgis_source(source):
        return redact_dsn(source)
    path = Path(source)
    return None if path.resolve() == settings.SAMPLE_PATH.resolve() else path.name


def is_stale() -> str | None:
    """Why the dataset shown is an older version (the newer file could not be read), or None."""
    return _STALE.get(sources.current_source())


def _postgis_password() -> str | None:
    """The PostGIS password from ``[postgis] password`` in Streamlit secrets (never in the URL)."""
    try:
        section = st.secrets.get("postgis", {})
    except Exception:  # no or unreadable secrets file: libpq then uses PGPASSWORD or ~/.pgpass
        return None
    value = section.get("password") if hasattr(section, "get") else None
    return str(value) if value else None


def postgis_password() -> str | None:
    """The PostGIS password of this deployment (``[postgis] password`` in Streamlit secrets), or None
    (libpq then uses PGPASSWORD or ~/.pgpass)."""
    return _postgis_password()


def audit_log() -> store.AuditLog:
    """The audit log of this deployment (a file, or a table of the PostGIS store)."""
    return store.audit_log(sources.current_source(), password=_postgis_password())


def edit_store() -> store.EditStore:
    """The edit store of the dataset served now (see :mod:`geodata.store`; a session's own data keeps
    its edits beside its GeoPackage in the state folder)."""
    held = session_data()
    return store.open_store(held["path"] if held else sources.current_source(), password=_postgis_password())


#: Entries of each per-version cache below for the sessions' own datasets (opened from the import
#: page), kept apart from the shared data's: users opening their own files never push the shared
#: dataset (and what is worked out from it) out of the cache, which would slow every user down.
SESSION_CACHE_ENTRIES = 4


def is_session_source(source: str) -> bool:
    """Whether ``source`` is a session's own dataset (a GeoPackage in the state folder's
    :data:`SESSION_FOLDER`), not the deployment's shared data."""
    return not is_postgis_source(source) and Path(source).parent == store.state_dir() / SESSION_FOLDER


def _per_version(max_entries: int) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """``st.cache_resource(max_entries=max_entries)`` for a function of (source, stamp, …) of the shared
    data, with a cache of its own (:data:`SESSION_CACHE_ENTRIES`) for the sessions' own datasets
    (:func:`is_session_source`), so the two never evict each other's entries."""
    def wrap(func: Callable[..., T]) -> Callable[..., T]:
        shared = st.cache_resource(show_spinner=False, max_entries=max_entries)(func)

        def own(*args: Any) -> T:
            return func(*args)

        # Streamlit keys a cache by the function's module, qualified name and source: a name of its own
        own.__qualname__ = f"{func.__qualname__}.session"
        session = st.cache_resource(show_spinner=False, max_entries=SESSION_CACHE_ENTRIES)(own)

        @functools.wraps(func)
        def cached(source: str, *args: Any) -> T:
            return (session if is_session_source(source) else shared)(source, *args)

        return cached

    return wrap


@_per_version(4)
def _read(source: str, stamp: tuple) -> ZoneDataset:
    return sources.dataset_from_source(source, password=_postgis_password())


@st.cache_resource(show_spinner=False, ttl=5, max_entries=4)
def _compound_stamp(source: str) -> tuple:
    """The fingerprint of a PostGIS source or of a datasets.toml (its own file and every file or
    database it names), asked at most every 5 s (a database stamp costs a connection)."""
    return sources.source_stamp(source, password=_postgis_password())


def _source_stamp(source: str) -> tuple:
    if is_postgis_source(source) or sources.is_toml_source(source):
        return _compound_stamp(source)
    return _stamp(Path(source))


def dataset_key() -> tuple:
    """The source and version of the dataset served now (changes when it is replaced): for cache keys."""
    return _current()


def load_dataset() -> ZoneDataset:
    """The dataset named by ``$ZONE_DATA`` (or the bundled sample), read once per file version."""
    return _read(*_current())

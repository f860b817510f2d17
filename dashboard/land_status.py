"""The disposal status of the land registers' entries, in the shared edit store (issue 17).

Each entry of a register of :mod:`zone_layers.registers` (闲置土地, 供而未用, 批而未供, 低效用地) has a
disposal record that analysts edit: ``status`` (``pending`` 待处置, ``in_progress`` 处置中, ``closed``
已处置), ``disposal`` (how it was closed: 收回, 动工, 协议延期 …, :data:`zone_layers.registers.DISPOSALS`),
``deadline`` (``YYYY-MM-DD``) and ``note``. It is a :mod:`geodata.store` record of kind
``register_status``, key ``<register>:<parcel or batch ID>`` (:func:`zone_layers.registers.entry_key`):
every save is a new version with who and when, and a save based on an older version than the current
one raises :class:`geodata.store.EditConflict` naming who saved first. An entry never edited is
``pending`` without a deadline.

No Streamlit here: the command line and the page share these functions.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from geodata.store import Edit, EditStore
from zone_layers import registers as reg

STATUS_KIND = "register_status"
#: Columns :func:`with_status` adds.
STATUS_COLUMNS: tuple[str, ...] = ("status", "disposal", "deadline", "note", "version", "edited_by", "edited_at")


def _has_records(store: EditStore) -> bool:
    """Whether the store holds anything yet (a file store is not created just to be read)."""
    return store.postgis or (store.path is not None and store.path.exists())


def current_statuses(store: EditStore) -> dict[str, Edit]:
    """The current disposal record of every entry ever edited, by key."""
    return {e.key: e for e in store.current(STATUS_KIND)} if _has_records(store) else {}


def status_history(store: EditStore, key: str) -> list[Edit]:
    """Every version of the disposal record ``key``, oldest first (empty when never edited)."""
    return store.history(STATUS_KIND, key) if _has_records(store) else []


def with_status(entries: pd.DataFrame, register: str, current: Mapping[str, Edit]) -> pd.DataFrame:
    """``entries`` of ``register`` with ``key`` and the :data:`STATUS_COLUMNS` of their current record
    (``pending`` and version 0 for an entry never edited)."""
    out = entries.copy()
    keys = [reg.entry_key(register, row) for _, row in out.iterrows()]
    out["key"] = keys
    records = [current.get(k) for k in keys]
    def column(values: list) -> pd.Series:  # object: a missing value stays None, never NaN
        return pd.Series(values, index=out.index, dtype=object)

    for name in ("status", "disposal", "deadline", "note"):
        out[name] = column([(e.values.get(name) if e else reg.DEFAULT_STATUS[name]) for e in records])
    out["version"] = pd.Series([e.version if e else 0 for e in records], index=out.index, dtype=int)
    out["edited_by"] = column([e.user if e else None for e in records])
    out["edited_at"] = column([e.at if e else None for e in records])
    return out


def save_status(store: EditStore, key: str, values: Mapping[str, Any], *, user: str, base_version: int) -> Edit:
    """Save a new version of the disposal record ``key`` (``<register>:<id>``).

    Raises
    ------
    ValueError
        The key names no register, or the record is not valid (the codes of
        :func:`zone_layers.registers.status_problems`); nothing is written.
    geodata.store.EditConflict
        Someone saved a newer version after ``base_version`` was read.
    """
    register, _, ident = key.partition(":")
    if register not in reg.REGISTERS or not ident:
        msg = f"status key {key!r}: expected <register>:<id> with a register of {', '.join(reg.REGISTERS)}"
        raise ValueError(msg)
    record = {name: values.get(name, reg.DEFAULT_STATUS[name]) for name in reg.DEFAULT_STATUS}
    problems = reg.status_problems(record)
    if problems:
        msg = f"status {key}: {', '.join(problems)}; nothing was saved"
        raise ValueError(msg)
    return store.save(STATUS_KIND, key, record, user=user, base_version=base_version)

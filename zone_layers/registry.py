"""Looking entries up in the declarative registries (indicators, layers, schemes, …)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar


class _Keyed(Protocol):
    @property
    def key(self) -> str: ...


T = TypeVar("T", bound=_Keyed)


def lookup(entries: Iterable[T], key: str, *, what: str) -> T:
    """The entry of ``entries`` whose ``key`` is ``key``.

    An unknown key raises ``KeyError`` naming ``what`` was asked for and listing the valid keys
    (the momepy ``datasets.get_path`` pattern).
    """
    entries = tuple(entries)
    for entry in entries:
        if entry.key == key:
            return entry
    msg = f"unknown {what} {key!r}; valid: {', '.join(e.key for e in entries)}"
    raise KeyError(msg)

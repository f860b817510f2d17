"""The project's own exceptions (the osmnx ``_errors`` pattern).

``dashboard/`` catches :class:`ZoneDataError` in one place and shows its message; a user never sees
a traceback. Every message names the file, the row and field where there is one, what arrived, what
was expected, and how to fix it. :class:`Note` is what is kept but must be said (a dataset's notes).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class ZoneDataError(ValueError):
    """A dataset cannot be read or does not follow the canonical schema."""


class SchemaError(ZoneDataError):
    """A layer misses a required field, or a field holds values of the wrong kind."""


class CRSError(ZoneDataError):
    """Coordinates are in a CRS that cannot be used, or none can be determined."""


class ConfigError(ZoneDataError):
    """A configuration file holds invalid values; :attr:`problems` lists every one.

    Each problem names the file, the key path (``presets.henan.criteria[1].weight``, positions
    counting from 0), the value found and what is expected (see :mod:`geodata.config_model`).
    """

    def __init__(self, source: str, problems: list[str], *, what: str = "the configuration", hint: str = "") -> None:
        self.source = source
        self.problems = tuple(problems)
        n = len(problems)
        head = f"{source}: {n} problem{'s' if n != 1 else ''} in {what}{f' ({hint})' if hint else ''}:"
        super().__init__("\n".join([head, *(f"- {p}" for p in problems)]))


class Note(str):
    """A note about how a dataset was assembled (:attr:`geodata.dataset.ZoneDataset.notes`): the
    English sentence itself (what the command line prints), with a ``code`` and its ``params`` for
    a presentation layer to word it in its own language (the dashboard's ``note.<code>``).

    Rows in ``params`` are 1-based as the user counts them (``rows``: the first few, ``n_rows``:
    how many in all); lists of keys are lists of strings."""

    code: str
    params: dict[str, Any]

    def __new__(cls, text: str, code: str = "", params: Mapping[str, Any] | None = None) -> Note:
        note = super().__new__(cls, text)
        note.code = code
        note.params = dict(params or {})
        return note

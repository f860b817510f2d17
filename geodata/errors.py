"""The project's own exceptions (the osmnx ``_errors`` pattern).

``dashboard/`` catches :class:`ZoneDataError` in one place and shows its message; a user never sees
a traceback. Every message names the file, the row and field where there is one, what arrived, what
was expected, and how to fix it.
"""

from __future__ import annotations


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

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

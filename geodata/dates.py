"""Dates read strictly: ``YYYY-MM-DD`` text, or a date the file itself stores as a date.

A contract's agreed start decides whether land is idle and whether a fee is due, so a date is
never guessed: ``05/06/2025`` (May or June?), ``2025.6.29``, an Excel serial number or
``2025-02-29`` are refused with the form expected, never read "as probably meant". A cell the
file stores as a date (a GeoPackage or PostGIS ``date`` column, an XLSX date cell) is taken as it
is; its time of day, if any, is dropped. Every reader goes through :func:`parse_dates` (through
:func:`geodata.dataset.normalise_layer`) or :func:`parse_date` (one cell of a CSV/XLSX table).
"""

from __future__ import annotations

import datetime as dt
import math
import re

import numpy as np
import pandas as pd

#: The one written form accepted: ``2025-06-29`` (a midnight time as spreadsheets write it is allowed).
DATE_FORM = "YYYY-MM-DD, e.g. 2025-06-29"
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00(?:\.0+)?)?)?")
#: Text that means "no value" in a file written by another program.
_BLANK = frozenset({"", "nat", "none", "nan", "null"})


def parse_date(value: object) -> tuple[pd.Timestamp | None, str | None]:
    """One cell as a date: ``(timestamp at midnight, None)``, ``(None, None)`` when blank, or
    ``(None, why)`` when it is not a date in the accepted form (:data:`DATE_FORM`).

    Examples
    --------
    >>> parse_date("2025-06-29")[0]
    Timestamp('2025-06-29 00:00:00')
    >>> parse_date("2025/6/29")[1]
    "'2025/6/29' is not a date; write it as YYYY-MM-DD, e.g. 2025-06-29"
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return None, None
    if isinstance(value, float) and math.isnan(value):
        return None, None
    if isinstance(value, (pd.Timestamp, dt.datetime, dt.date, np.datetime64)):
        stamp = pd.Timestamp(value)
        return (None, None) if pd.isna(stamp) else (stamp.tz_localize(None).normalize() if stamp.tz else
                                                     stamp.normalize(), None)
    if isinstance(value, str):
        text = value.strip()
        if text.lower() in _BLANK:
            return None, None
        match = _ISO.fullmatch(text)
        if match:
            try:
                day = dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                return None, f"{value!r} is not a date of the calendar; write it as {DATE_FORM}"
            return pd.Timestamp(day), None
    return None, f"{value!r} is not a date; write it as {DATE_FORM}"


def parse_dates(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """A column as dates (``datetime64[ns]``, blank = ``NaT``) and a mask of the cells refused.

    A column the file stores as dates is taken as it is (times dropped); any other column is
    parsed cell by cell by :func:`parse_date`, once per distinct value.
    """
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        dates = values.dt.tz_localize(None) if getattr(values.dt, "tz", None) is not None else values
        return dates.dt.normalize().astype("datetime64[ns]"), pd.Series(False, index=values.index)
    parsed = {}
    for value in pd.unique(values.astype(object).to_numpy()):
        key = "__nan__" if isinstance(value, float) and math.isnan(value) else value
        parsed[key] = parse_date(value)
    found = [parsed["__nan__" if isinstance(v, float) and math.isnan(v) else v] for v in values.astype(object)]
    dates = pd.Series([d if d is not None else pd.NaT for d, _ in found], index=values.index,
                      dtype="datetime64[ns]")
    bad = pd.Series([p is not None for _, p in found], index=values.index, dtype=bool)
    return dates, bad

"""The data's own words as a page shows them: a zone's or section's name, a zone's county, a
section's function, an industry cluster. Each may carry an optional English rendering in the data
(``name_en``, ``county_en``, ``function_en``, ``cluster_en``; geodata/README.md), shown on English
pages; without one the value is shown as it is."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd


def name_of(row: Mapping[str, Any] | pd.Series, lang: str = "zh") -> str:
    """A zone's or section's name as shown in ``lang``: its ``name_en`` on English pages when the data
    has one (the column is optional), else its ``name``."""
    return row_text(row, "name", lang)


def row_text(row: Mapping[str, Any] | pd.Series, column: str, lang: str = "zh") -> str:
    """A row's ``column`` (``name``, a zone's ``county`` …) as shown in ``lang``: its optional
    ``<column>_en`` on English pages when the data fills it, else the value itself ("" if missing)."""
    if lang == "en":
        english = row.get(f"{column}_en")
        if isinstance(english, str) and english.strip():
            return english.strip()
    value = row.get(column)
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def value_names(frame: pd.DataFrame, column: str, lang: str = "zh") -> dict[str, str]:
    """How the data's own words in ``column`` (a zone's ``county``, a section's ``function``, an
    industry ``cluster``) read in ``lang``: on English pages ``{value: <column>_en}`` from the rows
    whose optional English column is filled; empty otherwise (the value is shown as it is)."""
    english = f"{column}_en"
    if lang != "en" or column not in frame.columns or english not in frame.columns:
        return {}
    names: dict[str, str] = {}
    for value, text in zip(frame[column], frame[english], strict=True):
        if isinstance(value, str) and isinstance(text, str) and text.strip():
            names.setdefault(value, text.strip())
    return names


def shown_value(value: object, names: Mapping[str, str]) -> str:
    """``value`` as :func:`value_names` says it reads ("" for a missing one)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return names.get(str(value), str(value))


def names_of(frame: pd.DataFrame, key: str, lang: str = "zh") -> dict[Any, str]:
    """``{id: name as shown}`` of a zones or sections table (``key``: ``zone_id`` or ``section_id``)."""
    return {row[key]: name_of(row, lang) for row in frame.to_dict("records")}


def with_shown_names(frame: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """A copy of a zones or sections table whose ``name`` is the name shown in ``lang`` (e.g. for the
    map's search box)."""
    return frame.assign(name=[name_of(row, lang) for row in frame.to_dict("records")]) if len(frame) else frame

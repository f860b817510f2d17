"""What every report command prints: one JSON object, or text in the page language; a message on
stderr and exit code 1 when the report cannot be made (never a traceback)."""

from __future__ import annotations

import datetime as dt
import json
import math
import sys
from collections.abc import Callable
from typing import Any

import pandas as pd

from geodata.errors import ZoneDataError

Report = dict[str, Any]


def json_safe(value: Any) -> Any:
    """A value as JSON holds it: NaN, NA and NaT as null, dates as ``YYYY-MM-DD``, numpy scalars as
    plain numbers, dicts, tuples and lists element by element."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp | dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [json_safe(v) for v in value]
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def print_report(make: Callable[[], Report], render: Callable[[Report, str], str], *, as_json: bool,
                 lang: str) -> tuple[int, Report | None]:
    """Make the report and print it; returns the exit code (0 printed, 1 refused) and the report."""
    try:
        report = make()
    except (ZoneDataError, KeyError) as exc:
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
        print(f"error: {message}", file=sys.stderr)
        return 1, None
    print(json.dumps(report, ensure_ascii=False, indent=1) if as_json else render(report, lang))
    return 0, report

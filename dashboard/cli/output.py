"""What every report command prints: one JSON object, or text in the page language; a message on
stderr and exit code 1 when the report cannot be made (never a traceback)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

from geodata.errors import ZoneDataError

Report = dict[str, Any]


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

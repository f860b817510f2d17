"""Number formatting and HTML escaping for everything the dashboard shows.

Every value that reaches a tooltip, popup, legend or label goes through :func:`esc` first: folium
inserts property values into ``innerHTML`` and some templates into JS template literals, so a name
like ``<img src=x onerror=...>`` or a backtick would otherwise run or break the page.
"""

from __future__ import annotations

import html
import math
from typing import Any

MISSING = "—"


#: Characters that would still act inside a JS template literal after HTML escaping.
_TEMPLATE_LITERAL = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;"})


def esc(value: Any) -> str:
    """HTML-escape ``value`` (quotes included) and neutralise backticks, ``$`` and backslashes
    (folium puts some text into JS template literals); missing values give —."""
    if is_missing(value):
        return MISSING
    return html.escape(str(value), quote=True).translate(_TEMPLATE_LITERAL)


def is_missing(value: Any) -> bool:
    """True for None, NaN, pandas NA and empty strings."""
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    try:
        return bool(math.isnan(value))
    except (TypeError, ValueError):
        return str(value) in {"<NA>", "NaT"}


def num(value: Any, decimals: int = 2) -> str:
    """``12,345.68`` style; missing values give —."""
    if is_missing(value):
        return MISSING
    return f"{float(value):,.{decimals}f}"


def pct(fraction: Any, decimals: int = 1) -> str:
    """A fraction shown as a percentage: 0.6123 -> ``61.2%``."""
    if is_missing(fraction):
        return MISSING
    return f"{float(fraction) * 100:.{decimals}f}%"


def money_wan(value_wan: Any, *, lang: str = "zh") -> str:
    """An amount in 万元, switched to 亿元 from 10 000 万元 up (10k CNY / 100M CNY in English)."""
    if is_missing(value_wan):
        return MISSING
    value = float(value_wan)
    if abs(value) >= 10_000:
        return f"{value / 10_000:,.2f} " + ("亿元" if lang == "zh" else "100M CNY")
    return f"{value:,.1f} " + ("万元" if lang == "zh" else "10k CNY")

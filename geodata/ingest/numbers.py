"""Numbers as people type them in Chinese spreadsheets: ``12,345.6``, ``1.2万``, ``３亿``, ``—``.

:func:`parse_number` turns one cell into a float (or ``None`` for a blank/placeholder cell);
:func:`number_or_problem` also says, in words, why a cell could not be read. Nothing here raises on
bad input: garbage gives ``None`` plus a problem message.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

#: Cell texts meaning "no value" (compared after NFKC and case folding).
MISSING_TOKENS: frozenset[str] = frozenset({
    "", "-", "--", "---", "—", "——", "–", "−", "/", "\\", "无", "暂无", "空", "缺", "不详", "n/a", "na",
    "nan", "null", "none", "#n/a", "#value!", "…", "...",
})

#: Multiplier suffixes typed after a number (longest first when matching).
SUFFIX_FACTORS: dict[str, int] = {"万亿": 10**12, "千万": 10**7, "百万": 10**6, "亿": 10**8, "万": 10**4, "千": 10**3}

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?")
#: Digits grouped by thousands with ',' or ' ' (one separator kind per number).
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:([, ])\d{3})(?:\1\d{3})*(?:\.\d*)?")
_SPACES = re.compile(r"[\s\u00a0\u2009\u202f]+")


class ParsedNumber(NamedTuple):
    """A parsed cell: ``value`` (``None`` when blank or unreadable) and ``problem`` (``None`` when fine)."""

    value: float | None
    problem: str | None


def _plain(text: str) -> str:
    """NFKC (full-width → half-width), unify minus signs and spaces, strip."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2212", "-").replace("\ufe63", "-")
    return _SPACES.sub(" ", text).strip()


def number_or_problem(value: object, *, ratio: bool = False) -> ParsedNumber:
    """Read one cell as a number, explaining what is wrong when it cannot be read.

    Parameters
    ----------
    value
        The cell: a number, a string as typed (``"12,345.6"``, ``"1.2万"``, ``"１２，３４５．６"``,
        ``"12 345"``, ``"30%"``), or a missing marker (``None``, NaN, ``""``, ``"—"``, ``"-"``,
        ``"无"``, ``"N/A"`` …).
    ratio
        True when the field is a ratio: ``"30%"`` then means 0.30. Otherwise a percentage is a problem.

    Returns
    -------
    ParsedNumber
        ``(value, None)`` for a number, ``(None, None)`` for a blank cell, ``(None, message)`` otherwise.
        Suffixes 万/亿/千万… multiply the number (``"1.2万"`` = 12000 in the column's own unit).
    """
    if value is None or isinstance(value, bool):
        return ParsedNumber(None, None if value is None else f"{value!r} is true/false, not a number")
    if isinstance(value, int | float):
        number = float(value)
        if math.isnan(number):
            return ParsedNumber(None, None)
        if math.isinf(number):
            return ParsedNumber(None, f"{value!r} is infinite; expected a finite number")
        return ParsedNumber(number, None)
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        try:
            return number_or_problem(value.item(), ratio=ratio)
        except (TypeError, ValueError):
            return ParsedNumber(None, f"{value!r} is not a number")
    if not isinstance(value, str):
        return ParsedNumber(None, f"{value!r} is not a number; expected digits such as 1234.5")
    text = _plain(value)
    if text.casefold() in MISSING_TOKENS:
        return ParsedNumber(None, None)
    body, factor = text, Decimal(1)
    if body.endswith("%"):
        if not ratio:
            return ParsedNumber(None, f"{value!r} is a percentage, but this field is not a ratio; "
                                      "write the amount itself, e.g. 1234.5")
        body, factor = body[:-1].strip(), Decimal("0.01")
    else:
        for suffix, mult in SUFFIX_FACTORS.items():
            if body.endswith(suffix):
                body, factor = body[: -len(suffix)].strip(), Decimal(mult)
                break
    if " " in body or "," in body:
        if not _GROUPED.fullmatch(body):
            return ParsedNumber(None, f"{value!r} has a ',' or space that is not a thousands separator; "
                                      "write e.g. 12,345.6 or 12345.6")
        body = body.replace(",", "").replace(" ", "")
    if not _NUMBER.fullmatch(body.lower()):
        return ParsedNumber(None, f"{value!r} is not a number; expected digits such as 12,345.6, 1.2万 or 3亿 "
                                  "(blank, '-' or '无' for no value)")
    try:  # Decimal keeps "1.1万" exactly 11000, not 11000.000000000002
        number = float(Decimal(body) * factor)
    except (InvalidOperation, OverflowError):
        return ParsedNumber(None, f"{value!r} is not a number")
    if not math.isfinite(number):
        return ParsedNumber(None, f"{value!r} is too large to be a real figure")
    return ParsedNumber(number, None)


def parse_number(value: object, *, ratio: bool = False) -> float | None:
    """The number in one cell, or ``None`` when it is blank or unreadable (see :func:`number_or_problem`).

    Examples
    --------
    >>> parse_number("12,345.6"), parse_number("1.2万"), parse_number("１２，３４５．６"), parse_number("—")
    (12345.6, 12000.0, 12345.6, None)
    >>> parse_number("30%", ratio=True)
    0.3
    """
    return number_or_problem(value, ratio=ratio).value


#: Texts read as true / false in yes/no fields (after NFKC and case folding).
TRUE_TOKENS: frozenset[str] = frozenset({"1", "1.0", "true", "t", "yes", "y", "是", "有", "已", "√", "✓", "对"})
FALSE_TOKENS: frozenset[str] = frozenset({"0", "0.0", "false", "f", "no", "n", "否", "无", "未", "×", "x", "不"})


def bool_or_problem(value: object) -> tuple[bool | None, str | None]:
    """Read a yes/no cell: 是/否, 1/0, true/false, Y/N, 已供应/未供应 … ; blank gives ``(None, None)``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None, None
    if isinstance(value, bool):
        return value, None
    text = _plain(str(value)).casefold()
    if text in MISSING_TOKENS:
        return None, None
    if text in TRUE_TOKENS or (text.startswith("已") and len(text) > 1) or text.startswith("是"):
        return True, None
    if text in FALSE_TOKENS or text[:1] in {"未", "否", "非"} or text.startswith("不"):
        return False, None
    return None, f"{value!r} is not yes/no; write 是/否, 1/0 or true/false"

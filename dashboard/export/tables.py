"""Table exports for download: CSV that Excel opens in Chinese, and formatted XLSX workbooks.

Both formats pass every text cell through :func:`neutralise` first, so that a firm or section name
such as ``=HYPERLINK(...)`` or ``+cmd|...`` is shown as text and never run as a formula when the
file is opened in a spreadsheet (CSV/formula injection, OWASP). Numbers stay numbers.

- :func:`to_csv_bytes`: UTF-8 with a byte-order mark (Excel on Windows otherwise reads Chinese
  as GBK mojibake).
- :func:`to_xlsx_bytes`: one sheet per table, units in the headers (``亩均税收(万元/亩)``), bold
  frozen header row with an auto-filter, numbers stored as numbers, missing values as empty cells,
  column widths from the content (CJK characters count double).

A ``note`` (the 示意数据 line of an illustrative dataset) goes where a spreadsheet user sees it: the
first line of the CSV, which a spreadsheet shows as its first row, and the first row of every XLSX
sheet above the header (also the workbook's subject), so a table copied out of the file still says
it is invented data.
"""

from __future__ import annotations

import io
import math
import numbers
import unicodedata
from collections.abc import Mapping
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

#: First characters that make a spreadsheet treat a text cell as a formula (or a DDE command), in
#: ASCII and full width (Excel and WPS accept ＝＋－＠ as formula starts with some IMEs).
FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")

#: The guard put before such text: a single quote, as OWASP recommends for CSV injection.
GUARD: str = "'"

#: Excel's limits on sheet names and column widths (characters).
MAX_SHEET_NAME: int = 31
MIN_WIDTH: float = 6.0
MAX_WIDTH: float = 60.0

_INVALID_SHEET_CHARS = set("[]:*?/\\")


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def neutralise(value: Any) -> Any:
    """``value`` made safe for a spreadsheet cell.

    Text starting with ``= + - @``, a tab, a carriage return or a line feed (or the full-width
    ``＝＋－＠``) gets a leading ``'`` so it is shown as text, never evaluated. Numbers, including
    negative ones, booleans, dates and missing values are returned unchanged.

    >>> neutralise("=1+1"), neutralise("-5"), neutralise(-5), neutralise("装备制造")
    ("'=1+1", "'-5", -5, '装备制造')
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return GUARD + value
    return value


def _header(column: Any, units: Mapping[str, str]) -> str:
    name = str(column)
    unit = units.get(name, "")
    return f"{name}({unit})" if unit else name


def to_csv_bytes(df: pd.DataFrame, *, units: Mapping[str, str] | None = None, note: str | None = None) -> bytes:
    """``df`` as CSV bytes in UTF-8 with a byte-order mark, text cells neutralised.

    Parameters
    ----------
    df
        The table; its index is not written (put keys in columns).
    units
        Column name -> unit, appended to the header as ``name(unit)``.
    note
        A line written before the header (e.g. the 示意数据 label), as one quoted field starting
        with ``# ``: a spreadsheet shows it in the first row; ``pandas.read_csv(..., skiprows=1)``
        reads the table.

    Returns
    -------
    bytes
        Starting with ``b"\\xef\\xbb\\xbf"``; missing values are empty fields.
    """
    units = units or {}
    out = df.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    out.columns = [neutralise(_header(c, units)) for c in out.columns]
    text = out.to_csv(index=False, lineterminator="\r\n")
    if note:
        text = pd.DataFrame([[f"# {note}"]]).to_csv(index=False, header=False, lineterminator="\r\n") + text
    return text.encode("utf-8-sig")


def _cell_value(value: Any) -> Any:
    """A value openpyxl stores natively: numbers as numbers, missing as None, the rest as text."""
    if _is_missing(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        return None if math.isnan(number) else (number if math.isfinite(number) else str(number))
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return neutralise(value if isinstance(value, str) else str(value))


def display_width(value: Any) -> float:
    """Width of ``value`` in Excel character units: East Asian wide characters count double."""
    if value is None:
        return 0.0
    text = f"{value:,.2f}" if isinstance(value, float) else str(value)
    return float(sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text))


def _sheet_title(name: str, used: set[str]) -> str:
    """A valid, unique Excel sheet name (≤ 31 characters, none of []:*?/\\)."""
    clean = "".join("_" if ch in _INVALID_SHEET_CHARS else ch for ch in str(name)).strip("'") or "Sheet"
    title = clean[:MAX_SHEET_NAME]
    n = 2
    while title.lower() in used:
        suffix = f" ({n})"
        title = clean[:MAX_SHEET_NAME - len(suffix)] + suffix
        n += 1
    used.add(title.lower())
    return title


def to_xlsx_bytes(sheets: Mapping[str, pd.DataFrame], *, units: Mapping[str, str] | None = None,
                  note: str | None = None) -> bytes:
    """An XLSX workbook with one formatted sheet per table.

    Parameters
    ----------
    sheets
        Sheet name -> table, in order. Names are made valid for Excel (31 characters, no ``[]:*?/\\``).
    units
        Column name -> unit; the header reads ``亩均税收(万元/亩)``.
    note
        A line above the header of every sheet (e.g. the 示意数据 label), bold, in the first row;
        the header is then the second row, frozen and filtered from there. Also the workbook's
        subject (File → Properties).

    Returns
    -------
    bytes
        The ``.xlsx`` file: bold header row frozen (``A2``) with an auto-filter; numbers stored as
        numbers, missing values as empty cells, text neutralised (:func:`neutralise`); column
        widths fitted to the content, CJK characters counting double.
    """
    if not sheets:
        msg = "to_xlsx_bytes: no tables given; pass e.g. {'宗地': parcels_table}"
        raise ValueError(msg)
    units = units or {}
    wb = Workbook()
    wb.remove(wb.active)
    if note:
        wb.properties.subject = note
    used: set[str] = set()
    bold = Font(bold=True)
    top = 2 if note else 1  # the header row
    for name, frame in sheets.items():
        ws = wb.create_sheet(_sheet_title(name, used))
        if note:
            ws.append([neutralise(note)])
            ws["A1"].font = Font(bold=True, color="C00000")
        headers = [neutralise(_header(c, units)) for c in frame.columns]
        ws.append(headers)
        for row in frame.itertuples(index=False, name=None):
            ws.append([_cell_value(v) for v in row])
        for cell in ws[top]:
            cell.font = bold
            cell.alignment = Alignment(vertical="center")
        ws.freeze_panes = f"A{top + 1}"
        if frame.columns.size:
            ws.auto_filter.ref = f"A{top}:{get_column_letter(len(headers))}{max(ws.max_row, top)}"
        for i, column in enumerate(ws.iter_cols(min_row=top, max_row=ws.max_row), start=1):
            widest = max((display_width(c.value) for c in column), default=0.0)
            ws.column_dimensions[get_column_letter(i)].width = min(max(widest + 2, MIN_WIDTH), MAX_WIDTH)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()

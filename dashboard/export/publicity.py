"""The grade list as published (公示) in XLSX and PDF, and the utilities' price lists in XLSX.

The list is :func:`zone_layers.round.publicity_table` worded in the page's language: rank, firm,
统一社会信用代码, land (亩), 亩均税收, 亩均增加值, 亩均营业收入 (万元/亩), score, grade and remarks (why
a firm is not evaluated; which figures were corrected after an objection). Above the table: the
title, the 示意数据 line of invented data, the rule version and the objection deadline. The PDF is
drawn with matplotlib in the briefs' CJK font (:mod:`dashboard.export.brief_fonts`, embedded), A4
landscape, a page number on every page.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from dashboard.export.brief_fonts import brief_context
from dashboard.export.tables import _cell_value, display_width, neutralise
from dashboard.i18n import grade_text, indicator_label, reason_text, t
from zone_layers import round as rnd
from zone_layers.grading.model import Price

#: Rows of the list per PDF page (A4 landscape, 7-point text).
ROWS_PER_PAGE: int = 28
_A4_LANDSCAPE = (11.69, 8.27)


def _number(value: Any, decimals: int) -> Any:
    """A figure rounded for the list; missing stays missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    return round(float(value), decimals)


def publicity_frame(table: pd.DataFrame, lang: str, *, names: Mapping[str, str]) -> pd.DataFrame:
    """The publicity table (:func:`zone_layers.round.publicity_table`) with the columns and values shown."""
    fields_sep = t("list_separator", lang)
    remarks = []
    for reason, grade, corrected in zip(table["reason"], table["grade"],
                                        table["corrected"] if "corrected" in table else [()] * len(table),
                                        strict=True):
        parts = [reason_text(reason, lang)] if isinstance(reason, dict) and grade not in names else []
        if corrected:
            parts.append(t("round.publicity.corrected", lang,
                           fields=fields_sep.join(t(f"round.field.{f}", lang) for f in corrected)))
        remarks.append("；".join(parts) if lang == "zh" else "; ".join(parts))
    out = pd.DataFrame({
        t("round.col.rank", lang): table["rank"],
        t("round.col.firm", lang): table["name"],
        t("round.col.credit_code", lang): table["credit_code"],
        t("round.col.land_mu", lang): [_number(v, 2) for v in table["land_mu"]],
    })
    for figure in rnd.PUBLICITY_FIGURES:
        out[indicator_label(figure, lang)] = [_number(v, 2) for v in table[figure]]
    out[t("round.col.score", lang)] = [_number(v, 3) for v in table["score"]]
    out[t("round.col.grade_shown", lang)] = [grade_text(g, names, lang) for g in table["grade"]]
    out[t("round.col.remark", lang)] = remarks
    return out


def header_lines(lang: str, *, rule: str, illustrative: bool, deadline: str | None) -> list[str]:
    """The lines above the list: 示意数据 (invented data), the rule version, the objection deadline."""
    lines = [t("illustrative_export", lang)] if illustrative else []
    lines.append(t("round.publicity.rule", lang, rule=rule))
    if deadline:
        lines.append(t("round.publicity.deadline", lang, deadline=deadline))
    return lines


def _workbook_sheet(wb: Workbook, name: str, frame: pd.DataFrame, *, title: str, lines: Sequence[str]) -> None:
    ws = wb.create_sheet(name[:31])
    ws.append([neutralise(title)])
    ws["A1"].font = Font(bold=True, size=14)
    for line in lines:
        ws.append([neutralise(line)])
    ws.append([])
    top = ws.max_row + 1
    ws.append([neutralise(str(c)) for c in frame.columns])
    for row in frame.itertuples(index=False, name=None):
        ws.append([_cell_value(v) for v in row])
    for cell in ws[top]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    ws.freeze_panes = f"A{top + 1}"
    ws.auto_filter.ref = f"A{top}:{get_column_letter(len(frame.columns))}{max(ws.max_row, top)}"
    for i, column in enumerate(ws.iter_cols(min_row=top, max_row=ws.max_row), start=1):
        widest = max((display_width(c.value) for c in column), default=0.0)
        ws.column_dimensions[get_column_letter(i)].width = min(max(widest + 2, 6.0), 60.0)


def publicity_xlsx(frame: pd.DataFrame, *, title: str, lines: Sequence[str], sheet: str) -> bytes:
    """The list as an XLSX workbook: title, ``lines`` (示意数据, rule version, deadline), then the table
    (bold frozen header, numbers as numbers, text neutralised against formulas)."""
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.title = title
    if lines:
        wb.properties.subject = " · ".join(lines)
    _workbook_sheet(wb, sheet, frame, title=title, lines=lines)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _cell_text(value: Any, decimals: int = 2) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, float):
        return f"{value:,.{decimals}f}"
    return str(value)


def publicity_pdf(frame: pd.DataFrame, *, title: str, lines: Sequence[str], lang: str) -> bytes:
    """The list as a PDF: A4 landscape pages of :data:`ROWS_PER_PAGE` rows, title and ``lines`` on every
    page, the CJK font embedded (text stays text: it can be searched and copied)."""
    buffer = io.BytesIO()
    pages = max(1, math.ceil(len(frame) / ROWS_PER_PAGE))
    columns = [str(c) for c in frame.columns]
    widths = [max(display_width(c), *(display_width(_cell_text(v)) for v in frame[c])) if len(frame) else
              display_width(c) for c in frame.columns]
    total = sum(min(w, 40) for w in widths)
    col_widths = [min(w, 40) / total for w in widths]
    with brief_context(), PdfPages(buffer, metadata={"Title": title, "Subject": " · ".join(lines)}) as pdf:
        for page in range(pages):
            fig = Figure(figsize=_A4_LANDSCAPE)
            fig.text(0.5, 0.955, title, ha="center", va="top", fontsize=14, weight="bold")
            for i, line in enumerate(lines):
                fig.text(0.04, 0.915 - i * 0.025, line, ha="left", va="top", fontsize=8,
                         color="#C00000" if i == 0 and line == t("illustrative_export", lang) else "black")
            ax = fig.add_axes((0.04, 0.06, 0.92, 0.80 - 0.025 * max(len(lines) - 2, 0)))
            ax.axis("off")
            part = frame.iloc[page * ROWS_PER_PAGE:(page + 1) * ROWS_PER_PAGE]
            score = columns.index(t("round.col.score", lang)) if t("round.col.score", lang) in columns else -1
            cells = [[_cell_text(v, 3 if i == score else 2) for i, v in enumerate(row)]
                     for row in part.itertuples(index=False, name=None)]
            if cells:
                table = ax.table(cellText=cells, colLabels=columns, colWidths=col_widths, loc="upper center",
                                 cellLoc="left")
                table.auto_set_font_size(False)
                table.set_fontsize(6.5)
                table.scale(1, 1.25)
                for (row, _), cell in table.get_celld().items():
                    cell.set_linewidth(0.3)
                    if row == 0:
                        cell.set_text_props(weight="bold")
                        cell.set_facecolor("#EEEEEE")
            fig.text(0.5, 0.025, t("round.page", lang, page=page + 1, pages=pages), ha="center", fontsize=7)
            pdf.savefig(fig)
    return buffer.getvalue()


def price_frame(table: pd.DataFrame, price: Price, lang: str, *, names: Mapping[str, str]) -> pd.DataFrame:
    """One utility's list (:func:`zone_layers.round.price_table`) with the columns shown."""
    return pd.DataFrame({
        t("round.col.firm", lang): table["name"],
        t("round.col.credit_code", lang): table["credit_code"],
        t("round.col.grade_shown", lang): [grade_text(g, names, lang) for g in table["grade"]],
        t("round.price.col.years_lowest", lang): table["years_lowest"],
        t("round.price.col.rate", lang, unit=price.unit_text(lang)): table["rate"],
        t("round.price.col.consumption", lang) + (f"({price.consumption})" if price.consumption else ""):
            table["consumption"],
        t("round.price.col.charge", lang): table["charge"],
    })


def _source(price: Price, lang: str) -> str:
    """Where a price comes from: configuration text in Chinese, shown on Chinese pages only."""
    return price.source if price.source and lang == "zh" else "grading.toml [prices]"


def price_lines(price: Price, total: Mapping[str, Any], lang: str) -> list[str]:
    """What the list's reader must know: unverified prices, no total without consumption, the total."""
    lines = [] if price.verified else [t("round.price.unverified", lang, source=_source(price, lang))]
    if price.consumption is None:
        return lines
    if not total["has_consumption"]:
        lines.append(t("round.price.no_consumption", lang, field=price.consumption))
    else:
        lines.append(t("round.price.total", lang, total=f"{total['total']:,.0f}", known=total["firms_known"],
                       with_rate=total["firms_with_rate"]))
    return lines


def prices_xlsx(lists: Sequence[tuple[Price, pd.DataFrame, Mapping[str, Any]]], lang: str, *,
                names: Mapping[str, str], title: str, lines: Sequence[str]) -> bytes:
    """One workbook, one sheet per utility: the firms with grade and rate, what is and is not estimated."""
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.title = title
    for price, table, total in lists:
        name = price.utility_zh if lang == "zh" else price.utility_en
        item = price.name_zh if lang == "zh" else price.name_en
        _workbook_sheet(wb, name, price_frame(table, price, lang, names=names), title=f"{title} · {item}",
                        lines=[*lines, *price_lines(price, total, lang)])
    if not lists:
        wb.create_sheet("-")
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()

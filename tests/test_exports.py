"""dashboard/export/tables.py: CSV with BOM, formatted XLSX, formula-injection guard."""

from __future__ import annotations

import io
import math

import pandas as pd
import pytest
from openpyxl import load_workbook

from dashboard.export.tables import display_width, neutralise, to_csv_bytes, to_xlsx_bytes

BOM = b"\xef\xbb\xbf"


@pytest.mark.parametrize(("value", "expected"), [
    ("=1+1", "'=1+1"),
    ("+86 396", "'+86 396"),
    ("-5", "'-5"),                       # text that looks like a number is still text
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=cmd", "'\t=cmd"),
    ("\r=cmd", "'\r=cmd"),
    ("＝1+1", "'＝1+1"),                 # full-width equals sign
    ("＋1", "'＋1"),
    ("－1", "'－1"),
    ("＠x", "'＠x"),
    ("装备制造", "装备制造"),
    ("a=b", "a=b"),                      # only the first character matters
    ("", ""),
    (-5, -5),                            # numbers stay numbers
    (-2.5, -2.5),
    (0, 0),
    (None, None),
    (True, True),
])
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_neutralise_keeps_nan():
    assert math.isnan(neutralise(float("nan")))


@pytest.fixture
def table() -> pd.DataFrame:
    return pd.DataFrame({
        "name": ["装备制造产业园", "=1+1", "-5"],
        "tax_per_mu": [12.5, float("nan"), -5.0],
        "n": [3, -5, 0],
    })


def test_csv_has_bom_and_round_trips_chinese(table):
    data = to_csv_bytes(table, units={"tax_per_mu": "万元/亩"})
    assert data.startswith(BOM)
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(back.columns) == ["name", "tax_per_mu(万元/亩)", "n"]
    assert back["name"].tolist() == ["装备制造产业园", "'=1+1", "'-5"]
    assert back["n"].tolist() == [3, -5, 0]            # numbers stay numbers, negatives too
    assert back["tax_per_mu(万元/亩)"].iloc[[0, 2]].tolist() == [12.5, -5.0]
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[2] == "'=1+1,,-5"                     # missing value = empty field


def test_csv_neutralises_headers_too():
    data = to_csv_bytes(pd.DataFrame({"=evil": [1]}))
    assert data.decode("utf-8-sig").splitlines()[0] == "'=evil"


def _workbook(table: pd.DataFrame):
    data = to_xlsx_bytes({"宗地": table, "分区/汇总": table.head(1)}, units={"tax_per_mu": "万元/亩"})
    return load_workbook(io.BytesIO(data))


def test_xlsx_headers_carry_units_bold_frozen_filtered(table):
    wb = _workbook(table)
    assert wb.sheetnames == ["宗地", "分区_汇总"]            # "/" is not allowed in sheet names
    ws = wb["宗地"]
    assert [c.value for c in ws[1]] == ["name", "tax_per_mu(万元/亩)", "n"]
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:C4"                   # header + 3 rows, 3 columns


def test_xlsx_numbers_are_numbers_missing_is_empty(table):
    ws = _workbook(table)["宗地"]
    assert ws["B2"].value == 12.5 and ws["B2"].data_type == "n"
    assert ws["B3"].value is None                          # NaN -> empty cell
    assert ws["B4"].value == -5 and ws["B4"].data_type == "n"
    assert ws["C3"].value == -5 and ws["C3"].data_type == "n"


def test_xlsx_formula_like_text_is_neutralised(table):
    ws = _workbook(table)["宗地"]
    assert ws["A3"].value == "'=1+1" and ws["A3"].data_type == "s"   # not "f" (formula)
    assert ws["A4"].value == "'-5" and ws["A4"].data_type == "s"
    assert ws["A2"].value == "装备制造产业园"


def test_xlsx_column_widths_count_cjk_double(table):
    ws = _workbook(table)["宗地"]
    # 装备制造产业园: 7 wide characters = 14, + 2 of padding
    assert ws.column_dimensions["A"].width == pytest.approx(16)
    # "tax_per_mu(万元/亩)": 10 narrow letters + "(" + 万元 (2×2) + "/" + 亩 (2) + ")" = 19, + 2
    assert display_width("tax_per_mu(万元/亩)") == 19
    assert ws.column_dimensions["B"].width == pytest.approx(21)


def test_xlsx_needs_a_table():
    with pytest.raises(ValueError, match="no tables given"):
        to_xlsx_bytes({})


def test_xlsx_sheet_names_are_made_unique_and_short():
    frame = pd.DataFrame({"a": [1]})
    long = "很长的工作表名称" * 5
    wb = load_workbook(io.BytesIO(to_xlsx_bytes({long: frame, long + "x": frame})))
    assert [len(n) <= 31 for n in wb.sheetnames] == [True, True]
    assert len(set(wb.sheetnames)) == 2

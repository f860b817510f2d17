"""Issue 19: illustrative data is labelled wherever it goes: the downloaded tables (the first row a
spreadsheet shows), the CLI's JSON (``"illustrative": true``) and text (a 示意数据 line first), and
the page notice names the zone outlines and planned areas too."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import pandas as pd
import pytest
from openpyxl import load_workbook

from dashboard.cli.main import main
from dashboard.export.tables import to_csv_bytes, to_xlsx_bytes
from dashboard.i18n import t
from geodata.dataset import dataset_to_gpkg

NOTE = t("illustrative_export", "en")
TABLE = pd.DataFrame({"企业": ["甲", "乙"], "亩均税收": [11.0, None]})


def test_the_notices_name_outlines_and_planned_areas_in_both_languages():
    assert "开发区边界与规划面积" in t("illustrative_notice", "zh")
    assert "zone outlines and planned areas" in t("illustrative_notice", "en")
    for lang in ("zh", "en"):
        assert t("illustrative_export", lang).startswith("示意数据")


def test_csv_note_is_the_first_row_a_spreadsheet_shows():
    data = to_csv_bytes(TABLE, note=NOTE)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == [f"# {NOTE}"] and rows[1] == ["企业", "亩均税收"] and len(rows) == 4
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", skiprows=1)
    assert list(back.columns) == ["企业", "亩均税收"] and back["亩均税收"].isna().tolist() == [False, True]
    assert to_csv_bytes(TABLE).decode("utf-8-sig").startswith("企业,")  # no note: no extra row


def test_xlsx_note_is_above_the_header_of_every_sheet():
    wb = load_workbook(io.BytesIO(to_xlsx_bytes({"评价": TABLE, "其他": TABLE.head(1)}, note=NOTE)))
    assert wb.properties.subject == NOTE
    for ws in wb.worksheets:
        assert ws["A1"].value == NOTE and ws["A1"].font.bold
        assert [c.value for c in ws[2]] == ["企业", "亩均税收"] and ws["A2"].font.bold
        assert ws.freeze_panes == "A3" and ws.auto_filter.ref.startswith("A2:B")
        assert ws.column_dimensions["A"].width < 20  # the note does not widen the first column
    plain = load_workbook(io.BytesIO(to_xlsx_bytes({"评价": TABLE}))).active
    assert plain["A1"].value == "企业" and plain.freeze_panes == "A2"


@pytest.fixture
def gpkgs(tiny_dataset, tmp_path):
    real = dataclasses.replace(tiny_dataset, zones=tiny_dataset.zones.assign(illustrative=False))
    return {True: dataset_to_gpkg(tiny_dataset, tmp_path / "invented.gpkg"),
            False: dataset_to_gpkg(real, tmp_path / "real.gpkg")}


@pytest.mark.parametrize("command", ["indicators", "evaluate"])
@pytest.mark.parametrize("illustrative", [True, False])
def test_the_cli_says_when_the_data_is_illustrative(gpkgs, capsys, command, illustrative):
    path = str(gpkgs[illustrative])
    assert main([command, path, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["illustrative"] is illustrative
    for lang in ("zh", "en"):
        assert main([command, path, "--lang", lang]) == 0
        first = capsys.readouterr().out.splitlines()[0]
        assert (first == t("illustrative_export", lang)) is illustrative
        assert first.startswith("示意数据") is illustrative

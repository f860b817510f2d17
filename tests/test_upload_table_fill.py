"""Issue 19: an enterprise table on the import page gets the parcel upload's unit question and fill step.

A tax column whose header says no unit is asked about (万元 / 元 / 亿元, the parcel upload's own
question); figures whose file says no year are given one; a land-use table without a tenure column
gets one tenure for every row, as the user chooses. Each answer checks the file again.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.helpers import assert_page_ok

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")
CODE = "914117000000000016"  # a valid credit code (tests/test_ingest_tables.py)


def test_table_loader_takes_units_and_defaults(tmp_path):
    from geodata.ingest.tables import table_from_file

    path = tmp_path / "tax_2024.csv"
    path.write_text(f"统一社会信用代码,税收\n{CODE},1234500\n", encoding="utf-8")
    assumed = table_from_file(path, "enterprise_years")
    assert assumed.report.mappings[1].unit_assumed and assumed.frame["tax_wan"].iloc[0] == 1_234_500
    answered = table_from_file(path, "enterprise_years", units={"税收": "元"})
    assert answered.frame["tax_wan"].iloc[0] == pytest.approx(123.45)             # 1 234 500 元 = 123.45 万元
    land = tmp_path / "land.csv"
    land.write_text(f"宗地编号,统一社会信用代码\nA-1,{CODE}\nA-2,{CODE}\n", encoding="utf-8")
    assert not table_from_file(land, "land_use").report.loadable                   # tenure is required
    filled = table_from_file(land, "land_use", defaults={"tenure": "lease"})
    assert filled.report.loadable and list(filled.frame["tenure"]) == ["lease", "lease"]
    assert "table_filled" in {p.code for p in filled.report.problems}
    with pytest.raises(ValueError, match="cannot be filled in"):
        table_from_file(land, "land_use", defaults={"credit_code": CODE})


def _page(monkeypatch, kind: str) -> AppTest:
    monkeypatch.delenv("ZONE_DATA", raising=False)
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["view"] = "upload"
    at.run()
    at.radio(key="up_kind").set_value(kind).run()
    return at


def test_the_tax_unit_of_a_firm_year_table_is_asked(monkeypatch):
    at = _page(monkeypatch, "enterprise_years")
    at.file_uploader(key="up_enterprise_years").set_value(
        ("税收_2024.csv", f"统一社会信用代码,税收\n{CODE},1234500\n".encode(), "text/csv")).run()
    assert_page_ok(at)
    question = at.radio(key="up_unit_0")
    assert question.label == "列「税收」的表头未写单位，目前按 万元 读取。它的单位是？"
    assert at.dataframe[-1].value["实缴税收(万元)"].iloc[0] == 1_234_500                 # read in 万元 until answered
    question.set_value("元")
    at.button(key="FormSubmitter:up_units-按所选单位重新检查").click().run()
    assert_page_ok(at)
    assert at.dataframe[-1].value["实缴税收(万元)"].iloc[0] == pytest.approx(123.45)
    assert "列「税收」按 元 读取（已换算为万元）。" in [c.value for c in at.caption]


def test_a_firm_year_table_without_a_year_is_given_one(monkeypatch):
    at = _page(monkeypatch, "enterprise_years")
    at.file_uploader(key="up_enterprise_years").set_value(
        ("firms.csv", f"统一社会信用代码,税收(万元)\n{CODE},5\n".encode(), "text/csv")).run()
    assert at.error and at.error[0].value.startswith("firms.csv：无法载入")           # no year anywhere
    at.selectbox(key="up_fill_year").set_value(2024)
    at.button(key="FormSubmitter:up_fill_table-补全并重新检查").click().run()
    assert_page_ok(at)
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["接受"], metrics["年度"]) == ("1", "2024")


def test_a_land_use_table_without_tenure_is_filled(monkeypatch):
    at = _page(monkeypatch, "land_use")
    at.file_uploader(key="up_land_use").set_value(
        ("land.csv", f"宗地编号,统一社会信用代码\nA-1,{CODE}\n".encode(), "text/csv")).run()
    assert at.error                                                                     # tenure missing
    at.selectbox(key="up_fill_tenure").set_value("lease")
    at.button(key="FormSubmitter:up_fill_table-补全并重新检查").click().run()
    assert_page_ok(at)
    assert {m.label: m.value for m in at.metric}["接受"] == "1"
    assert list(at.dataframe[-1].value["使用方式"]) == ["lease"]
    problems = at.dataframe[0].value
    assert "land.csv：没有「使用方式」列，已按所选为每一行补全" in list(problems["说明"])

"""The enterprise tables from CSV/XLSX (geodata/ingest/tables.py): headers, units, years, keys, tenure.

Files are built in tmp_path as the tax office and the statistics bureau send them: Chinese headers
with units, UTF-8 or GBK CSV, XLSX. Credit codes (GB 32100): ``914117000000000016`` and
``914117000000000029`` are valid (division 411700, serials 1 and 2: the first 17 characters weighted
by 3^i mod 31 sum to 9+3+36+27+19+182+28 = 304 ≡ 25 and 332 ≡ 22 (mod 31), check characters 31-25 = 6
and 31-22 = 9); ``914117000000000010`` has a wrong check character (0 instead of 6).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from geodata.datasets_config import dataset_from_toml, read_config
from geodata.errors import ConfigError
from geodata.ingest.tables import table_from_file
from tests.test_datasets_config import MAPPING_TOML, write_parcels_zip, write_zones

ROOT = Path(__file__).resolve().parents[1]
A, B, WRONG = "914117000000000016", "914117000000000029", "914117000000000010"


def write_csv(path: Path, text: str, *, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def problems(report, severity: str) -> list:
    return [p for p in report.problems if p.severity == severity]


# --- enterprise_years -----------------------------------------------------------------------------

def test_enterprise_years_utf8_csv_units_numbers_duplicates_negatives_and_codes(tmp_path):
    path = write_csv(tmp_path / "税收.csv", (
        "统一社会信用代码,企业名称,年度,税收(元),营业收入(万元),综合能耗(吨标煤),从业人数,研发经费(亿元)\n"
        f"{A},甲公司,2024,\"1,234,500\",1.2万,350.5,120,0.03\n"
        f"{WRONG},乙公司,2024,-5,—,无,35,\n"
        f"{A},甲公司,2024,1,2,3,4,5\n"
        f"{B},丙公司,2025,12.3万,800,,,\n"))
    result = table_from_file(path, "enterprise_years")
    report, frame = result.report, result.frame
    assert report.loadable and report.table == "enterprise_years"
    assert (report.features, report.accepted, report.rejected) == (4, 3, 1)   # the repeated row kept out
    assert report.years == [2024, 2025]
    rows = frame.set_index(["credit_code", "year"])
    assert rows.at[(A, 2024), "tax_wan"] == pytest.approx(123.45)        # 1 234 500 元 / 10 000
    assert rows.at[(A, 2024), "revenue_wan"] == pytest.approx(12_000)    # 1.2万 in a 万元 column
    assert rows.at[(A, 2024), "energy_tce"] == pytest.approx(350.5)
    assert rows.at[(A, 2024), "employees"] == 120
    assert rows.at[(A, 2024), "rd_wan"] == pytest.approx(300)            # 0.03 亿元 × 10 000
    assert rows.at[(B, 2025), "tax_wan"] == pytest.approx(12.3)          # 12.3万 元 = 123 000 元
    assert list(frame["source_row"]) == [2, 3, 5]
    # the wrong check character: kept, a warning naming row 3
    assert WRONG in set(frame["credit_code"])
    code = [p for p in problems(report, "warning") if p.field == "credit_code"]
    assert [p.row for p in code] == [3] and "check character" in code[0].message and "kept" in code[0].message
    # the negative tax: set missing, the row kept
    assert pd.isna(rows.at[(WRONG, 2024), "tax_wan"]) and rows.at[(WRONG, 2024), "employees"] == 35
    negative = [p for p in problems(report, "warning") if p.field == "tax_wan"]
    assert [p.row for p in negative] == [3] and "negative" in negative[0].message and negative[0].value == "-5"
    # the repeated credit code + year: reported as kept out, naming the row used
    repeated = problems(report, "error")
    assert [p.row for p in repeated] == [4] and "already in row 2" in repeated[0].message
    assert "kept out" in repeated[0].message and repeated[0].message.startswith("税收.csv, row 4")
    # 企业名称 is no field of this table: said, not silently ignored
    assert any("企业名称" in p.message and p.severity == "info" for p in report.problems)


def test_a_gbk_csv_without_a_year_column_takes_the_year_given_or_the_file_name(tmp_path):
    text = "统一社会信用代码,实缴税金(元)\n" f"{A},\"1,234,500\"\n" f"{B},500000\n"
    path = write_csv(tmp_path / "税收_2024.csv", text, encoding="gbk")
    named = table_from_file(path, "enterprise_years")
    assert named.report.loadable and named.report.encoding == "GB18030"
    assert list(named.frame["year"]) == [2024, 2024] and named.report.years == [2024]
    assert list(named.frame["tax_wan"]) == pytest.approx([123.45, 50.0])
    assert any("file name" in p.message for p in named.report.problems if p.field == "year")
    given = table_from_file(path, "enterprise_years", year=2025)          # the user's year wins, with a warning
    assert list(given.frame["year"]) == [2025, 2025]
    assert any(p.severity == "warning" and "2024" in p.message for p in given.report.problems if p.field == "year")


def test_the_year_in_the_headers_and_no_year_at_all(tmp_path):
    headed = write_csv(tmp_path / "tax.csv", f"统一社会信用代码,2025年税收(万元)\n{A},10\n")
    result = table_from_file(headed, "enterprise_years")
    assert list(result.frame["year"]) == [2025] and result.frame["tax_wan"].iloc[0] == 10
    none = write_csv(tmp_path / "taxes.csv", f"统一社会信用代码,税收(万元)\n{A},10\n")
    report = table_from_file(none, "enterprise_years").report
    assert not report.loadable and report.accepted == 0 and report.rejected == 1
    assert any("--year" in p.message and "年度" in p.message for p in problems(report, "error"))


# --- land_use and enterprises from XLSX -----------------------------------------------------------

def test_land_use_xlsx_in_mu_with_tenure(tmp_path):
    path = tmp_path / "用地.xlsx"
    pd.DataFrame({"宗地编号": ["P1", "P2", "P3", "P4"], "统一社会信用代码": [A, B, A, B],
                  "权属": ["自有", "租赁", "转让", "自有"], "使用面积(亩)": [3, "1.5", 2, -1]}
                 ).to_excel(path, index=False)
    result = table_from_file(path, "land_use")
    report, frame = result.report, result.frame.set_index("parcel_id")
    assert report.loadable and (report.features, report.accepted, report.rejected) == (4, 3, 1)
    assert frame.at["P1", "area_m2"] == pytest.approx(2000)        # 3 亩 × 10000/15 m²
    assert frame.at["P2", "area_m2"] == pytest.approx(1000)        # 1.5 亩
    assert (frame.at["P1", "tenure"], frame.at["P2", "tenure"]) == ("own", "lease")
    assert pd.isna(frame.at["P4", "area_m2"])                      # negative: set missing, row kept
    tenure = [p for p in problems(report, "error") if p.field == "tenure"]
    assert [p.row for p in tenure] == [4] and "'转让'" in tenure[0].message and "租赁" in tenure[0].message
    assert "P3" not in frame.index


def test_enterprises_xlsx(tmp_path):
    path = tmp_path / "企业名录.xlsx"
    pd.DataFrame({"统一社会信用代码": [A, B, None], "企业名称": ["甲公司", "乙公司", "丁公司"],
                  "所属行业": ["食品", "装备", "物流"], "是否规上": ["是", "否", "是"],
                  "成立日期": ["2018-05-20", "2021-01-01", ""]}).to_excel(path, index=False)
    result = table_from_file(path, "enterprises")
    frame = result.frame
    assert list(frame["name"]) == ["甲公司", "乙公司"] and list(frame["above_scale"]) == [True, False]
    assert str(frame["registered"].iloc[0].date()) == "2018-05-20"
    empty = problems(result.report, "error")
    assert [p.row for p in empty] == [4] and "empty" in empty[0].message   # no key: reported, not used


# --- the check command ---------------------------------------------------------------------------

def check(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dashboard", "check", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=120, check=False)


def test_check_command_on_a_table(tmp_path):
    good = write_csv(tmp_path / "tax.csv", f"统一社会信用代码,税收(元)\n{A},\"1,234,500\"\n{WRONG},-1\n")
    done = check(str(good), "--table", "enterprise_years", "--year", "2024", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["table"] == "enterprise_years" and report["years"] == [2024] and report["loadable"]
    assert (report["features"], report["accepted"], report["rejected"]) == (2, 2, 0)
    assert sorted(p["field"] for p in report["problems"] if p["severity"] == "warning") == ["credit_code", "tax_wan"]
    text = check(str(good), "--table", "enterprise_years", "--year", "2024")
    assert text.returncode == 0 and "enterprise_years" in text.stdout and "2024" in text.stdout
    undated = check(str(good), "--table", "enterprise_years")          # no year anywhere: not loadable
    assert undated.returncode == 1 and "--year" in undated.stdout


# --- datasets.toml [tables] -----------------------------------------------------------------------

@pytest.fixture
def table_files(tmp_path, tiny_dataset) -> Path:
    data = tmp_path / "data"
    write_zones(data / "zones.gpkg", tiny_dataset)
    write_parcels_zip(data)
    firms = pd.DataFrame({"统一社会信用代码": [A, B], "企业名称": ["甲公司", "乙公司"]})
    firms.to_excel(data / "firms.xlsx", index=False)
    write_csv(data / "税收_2024.csv", f"统一社会信用代码,税收(元)\n{A},\"1,234,500\"\n{B},100000\n", encoding="gbk")
    write_csv(data / "税收_2025.csv", f"统一社会信用代码,纳税额(万元)\n{A},130\n")
    write_csv(data / "land.csv", f"宗地编号,统一社会信用代码,使用方式,使用面积(亩)\nP1,{A},自有,\nP2,{B},租赁,3\n")
    return data


def test_datasets_toml_with_tables(table_files):
    toml = table_files / "datasets.toml"
    toml.write_text(f"""\
[layers]
zones = "zones.gpkg"
parcels = "parcels_2024.zip"

[mapping]
{MAPPING_TOML}

[crs]
parcels = "EPSG:4547"

[tables]
enterprises = "firms.xlsx"
enterprise_years = ["税收_2024.csv", "税收_2025.csv"]
land_use = "land.csv"
""", encoding="utf-8")
    ds = dataset_from_toml(toml)
    assert ds.years == (2024, 2025)
    years = ds.enterprise_years.set_index(["credit_code", "year"])
    assert years.at[(A, 2024), "tax_wan"] == pytest.approx(123.45)
    assert years.at[(B, 2024), "tax_wan"] == pytest.approx(10)        # 100 000 元
    assert years.at[(A, 2025), "tax_wan"] == pytest.approx(130)
    assert sorted(ds.enterprises["name"]) == ["乙公司", "甲公司"]
    land = ds.land_use.set_index("parcel_id")
    assert list(land["tenure"]) == ["own", "lease"] and land.at["P2", "area_m2"] == pytest.approx(2000)
    config = read_config(toml)
    assert [key for key, _ in config.references()][-4:] == [
        "tables.enterprises[0]", "tables.enterprise_years[0]", "tables.enterprise_years[1]", "tables.land_use[0]"]


def test_datasets_toml_tables_problems_name_their_key(table_files):
    toml = table_files / "datasets.toml"
    toml.write_text("""\
source = "zones.gpkg"

[tables]
enterprise_years = ["税收_2024.csv", "missing.csv"]
land_use = "nowhere.csv"

[tables.mapping.enterprise_years]
"NSE" = "tax"

[tables.mapping.targets]
"ZB" = "indicator"
""", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        read_config(toml)
    text = str(caught.value)
    assert "tables.enterprise_years[1] = 'missing.csv'" in text
    assert "tables.land_use = 'nowhere.csv'" in text
    assert "tables.mapping.enterprise_years.NSE = 'tax'; expected a field of the enterprise_years table" in text
    assert "did you mean 'tax_wan'?" in text
    assert "tables.mapping.targets = " in text and "a mapping only for a table named in [tables]" in text

"""Issue 16 on the command line: ``simulate`` JSON, the publicity list (XLSX read back, PDF text) and
the utilities' lists, on the bundled sample with a temporary edit store ($ZONE_EDITS)."""

from __future__ import annotations

import json
import subprocess

import openpyxl
import pytest

from dashboard import round_records as rr
from dashboard.cli.main import main
from geodata import settings
from geodata.dataset import dataset_from_gpkg
from geodata.store import open_store
from zone_layers import round as rnd

SAMPLE = str(settings.SAMPLE_PATH)
YEAR = 2024


@pytest.fixture(autouse=True)
def edits(tmp_path, monkeypatch):
    path = tmp_path / "edits.sqlite"
    monkeypatch.setenv("ZONE_EDITS", str(path))
    return path


def run_json(capsys, *args: str) -> dict:
    assert main(list(args)) == 0
    return json.loads(capsys.readouterr().out)


def test_simulate_without_changes_is_the_official_grading(capsys, edits):
    report = run_json(capsys, "simulate", SAMPLE, "--year", str(YEAR), "--json")
    assert set(report) >= {"rule_version", "counts", "quota_warnings", "moved", "simulated_rule_version"}
    assert report["rule_version"] == report["simulated_rule_version"]
    assert report["rule_version"].startswith("henan@")
    assert report["counts"]["official"] == report["counts"]["simulated"]
    assert list(report["counts"]["official"]) == ["A", "B", "C", "D", "ungraded"]
    assert report["moved"] == []
    assert report["illustrative"] is True
    # the same grades as the evaluate command's
    evaluated = run_json(capsys, "evaluate", SAMPLE, "--year", str(YEAR), "--json")
    grades = [f["grade"] for f in evaluated["enterprises"]]
    assert {g: grades.count(g) for g in report["counts"]["official"]} == report["counts"]["official"]
    assert evaluated["rule_version"] == report["rule_version"]
    assert not edits.exists()  # reading an empty store does not create it


def test_simulate_with_changes_lists_movers_and_quota_warnings(capsys):
    report = run_json(capsys, "simulate", SAMPLE, "--year", str(YEAR), "--preset", "huaian",
                      "--set", "criteria[0].weight=80", "--set", "quotas.huaian.D.min=0.5", "--json")
    assert report["rule_version"] != report["simulated_rule_version"]
    assert report["simulated_rule_version"].startswith("huaian@")
    moved = report["moved"]
    assert moved and set(moved[0]) == {"credit_code", "name", "official", "simulated", "score_official",
                                       "score_simulated", "decided_by"}
    assert all(m["official"] != m["simulated"] for m in moved)
    counts = report["counts"]["simulated"]
    graded = counts["A"] + counts["B"] + counts["C"] + counts["D"]
    assert {"of": "simulated", "grade": "D", "bound": "min", "limit": 0.5, "count": counts["D"], "n": graded,
            "share": round(counts["D"] / graded, 6)} in report["quota_warnings"]


def test_a_bad_setting_is_refused_with_the_key_path(capsys):
    assert main(["simulate", SAMPLE, "--set", "criteria[0].wieght=3"]) == 1
    err = capsys.readouterr().err
    assert "presets.henan.criteria[0].wieght" in err and "did you mean 'weight'?" in err
    assert "Traceback" not in err


def test_publicity_xlsx_read_back_with_an_accepted_objection(tmp_path, capsys):
    store = open_store(SAMPLE)  # $ZONE_EDITS: the temporary store
    the_round = rr.year_round(dataset_from_gpkg(SAMPLE), store, YEAR)
    graded = the_round.graded()
    firm = graded.loc[graded["grade"] == "A"].sort_values("credit_code").iloc[0]
    edit = rr.record_objection(store, the_round.firms.firm_years, year=YEAR, credit_code=firm["credit_code"],
                               field="land_mu", claimed=round(float(firm["land_mu"]) * 10, 2),
                               evidence="不动产权证书", user="zhao")
    rr.decide(store, edit.key, "accepted", user="qian", base_version=1)
    out = tmp_path / "list.xlsx"
    assert main(["publicity", SAMPLE, "--year", str(YEAR), "--out", str(out), "--deadline", "2025-04-30"]) == 0
    ws = openpyxl.load_workbook(out).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == f"{YEAR} 年度工业企业亩均效益综合评价结果公示"
    assert rows[1][0].startswith("示意数据")
    assert rows[2][0] == f"评价规则：{the_round.official.rules.version}"
    assert "2025-04-30" in rows[3][0]
    header = rows[5]
    assert header[:4] == ("排名", "企业名称", "统一社会信用代码", "用地面积(亩)")
    assert header[4:7] == ("亩均税收(万元/亩)", "亩均增加值(万元/亩)", "亩均营业收入(万元/亩)")
    assert header[-2:] == ("评价等级", "备注")
    body = rows[6:]
    assert len(body) == len(graded)
    assert [r[0] for r in body[:3]] == [1, 2, 3]
    # the corrected firm: ten times the land, the remark says so, its grade re-run (tax per mu / 10)
    row = next(r for r in body if r[2] == firm["credit_code"])
    assert row[3] == pytest.approx(round(float(firm["land_mu"]) * 10, 2), abs=0.01)
    assert "已按异议更正：用地面积(亩)" in row[-1]
    assert row[4] == pytest.approx(round(float(firm["tax_per_mu"]) / 10, 2), abs=0.011)
    corrected = rnd.apply_overrides(the_round.firms.firm_years, rr.accepted_overrides(store, YEAR))
    regraded = the_round.official.rules.grade(corrected, YEAR).set_index("credit_code")
    assert regraded.loc[firm["credit_code"], "grade"] != "A"  # 亩均税收 a tenth: no longer picked for A
    # the evaluate command grades with the same correction, and says so
    capsys.readouterr()
    evaluated = run_json(capsys, "evaluate", SAMPLE, "--year", str(YEAR), "--json")
    assert evaluated["corrections"] == 1
    mine = next(f for f in evaluated["enterprises"] if f["credit_code"] == firm["credit_code"])
    assert mine["corrected"] == ["land_mu"] and mine["grade"] == regraded.loc[firm["credit_code"], "grade"]
    # the source data is untouched: a fresh read still has the original land, the round the corrected one
    again = rr.year_round(dataset_from_gpkg(SAMPLE), store, YEAR)
    source = again.firms.firm_years.query("year == @YEAR").set_index("credit_code")
    assert source.loc[firm["credit_code"], "land_mu"] == pytest.approx(float(firm["land_mu"]))
    used = again.firm_years.query("year == @YEAR").set_index("credit_code")
    assert used.loc[firm["credit_code"], "land_mu"] == pytest.approx(round(float(firm["land_mu"]) * 10, 2))


def test_publicity_pdf_text(tmp_path):
    out = tmp_path / "list.pdf"
    assert main(["publicity", SAMPLE, "--year", str(YEAR), "--out", str(out), "--lang", "en",
                 "--deadline", "30 April 2025"]) == 0
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert f"Enterprise per-mu efficiency evaluation {YEAR}" in text
    assert "Rules: henan@" in text and "by 30 April 2025" in text and "示意数据" in text
    assert "Unified social credit code" in text and "Page 1 of" in text


def test_publicity_refuses_an_unknown_format(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["publicity", SAMPLE, "--out", str(tmp_path / "list.docx")])
    assert "use one of .xlsx, .pdf" in capsys.readouterr().err


def test_prices_one_sheet_per_utility_without_an_invented_total(tmp_path):
    out = tmp_path / "prices.xlsx"
    assert main(["prices", SAMPLE, "--year", str(YEAR), "--out", str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["供电公司", "供水公司", "税务部门"]
    ws = wb["供电公司"]
    lines = [r[0] for r in ws.iter_rows(max_row=6, values_only=True)]
    assert any(isinstance(v, str) and "未经核实" in v for v in lines)
    assert any(isinstance(v, str) and "没有用量字段 electricity_kwh" in v and "不估算总额" in v for v in lines)
    header_row = next(i for i, r in enumerate(ws.iter_rows(values_only=True), start=1) if r[0] == "企业名称")
    header = [c.value for c in ws[header_row]]
    assert header[4] == "费率(元/kWh)"
    body = list(ws.iter_rows(min_row=header_row + 1, values_only=True))
    # Henan: the lowest class is C; a firm in C this year pays at least the first step (0.05 元/kWh)
    rates = {r[2]: set() for r in body}
    for r in body:
        rates[r[2]].add(r[4])
    assert rates["C 倒逼转型"] and rates["C 倒逼转型"] <= {0.05, 0.10, 0.15}
    assert rates["A 优先发展"] == {0.0}
    assert all(r[5] is None and r[6] is None for r in body)  # no consumption, no amount


def test_simulating_whose_land_a_lease_is_allocates_the_land_again():
    the_round = rr.year_round(dataset_from_gpkg(SAMPLE), open_store(SAMPLE), YEAR)
    sim = the_round.simulate([rnd.parse_setting("evaluation.leased_land_to=owner")])
    before = sim.official.set_index("credit_code")["land_mu"]
    after = sim.simulated.set_index("credit_code")["land_mu"].reindex(before.index)
    changed = before[(before - after).abs() > 1e-9]
    assert len(changed) > 0                       # lessors keep, lessees lose the leased land
    assert sim.simulated_rules.version != sim.official_rules.version


def test_simulate_text_in_english(capsys):
    assert main(["simulate", SAMPLE, "--year", str(YEAR), "--lang", "en", "--set", "classes[0].share=0.2"]) == 0
    out = capsys.readouterr().out
    assert "Evaluation 2024, simulated · official rules henan@" in out
    assert "A Priority development" in out and "\nD " not in out        # Henan has no class D
    assert "Firms whose grade changes:" in out and "→ A Priority development" in out

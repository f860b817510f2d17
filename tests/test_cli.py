"""``python -m dashboard indicators``: the same figures as the dashboard, as text or JSON."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.cli.main import main
from geodata.dataset import dataset_to_gpkg

ROOT = Path(__file__).resolve().parents[1]
#: Han characters and CJK punctuation / full-width forms.
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\uffef]+")


@pytest.fixture
def tiny_gpkg(tiny_dataset, tmp_path):
    return dataset_to_gpkg(tiny_dataset, tmp_path / "tiny.gpkg")


def test_json_report_of_the_tiny_zone(tiny_gpkg, capsys):
    assert main(["indicators", str(tiny_gpkg), "--year", "2024", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    z = report["zone"]
    # hand-computed in tests/test_metrics.py: every denominator differs
    assert z["development_rate"] == pytest.approx(138_000 / 147_000, rel=1e-8)
    assert z["supply_rate"] == pytest.approx(132_000 / 138_000, rel=1e-8)
    assert z["built_up_rate"] == pytest.approx(120_000 / 132_000, rel=1e-8)
    assert z["industrial_land_ratio"] == pytest.approx(0.75, rel=1e-8)
    assert z["far"] == pytest.approx(129_000 / 120_000, rel=1e-8)
    assert z["building_density"] == pytest.approx(33_900 / 120_000, rel=1e-8)  # building footprints alone
    assert z["industrial_far"] == pytest.approx(87_000 / 90_000, rel=1e-8)
    assert z["industrial_investment_intensity_wan_per_ha"] == pytest.approx(4_000, rel=1e-8)
    # over the land of the firms that reported tax: 乙 (P2, 3 ha of A2) did not
    assert z["industrial_tax_per_ha"] == pytest.approx(990 / 6, rel=1e-8)            # 165
    assert z["industrial_tax_coverage"] == pytest.approx(2 / 3, rel=1e-8)
    assert z["overall_tax_per_ha"] == pytest.approx((990 + 120) / 9, rel=1e-8)       # 123.3 over 12 - 3 ha
    assert z["idle_land_rate"] == pytest.approx(12_000 / 132_000, rel=1e-8)
    assert [s["section_id"] for s in report["sections"]] == ["s1", "s2"]
    parcels = {p["parcel_id"]: p for p in report["parcels"]}
    assert parcels["P1"]["tax_per_mu"] == pytest.approx(11.0, rel=1e-8)
    assert parcels["P2"]["tax_per_mu"] is None          # missing stays missing (null), not 0
    assert parcels["P2"]["grade"] == "ungraded"          # no tax reported: a code in the JSON
    assert parcels["P2"]["grade_reason"] == {"rule": "ungraded_no_tax"}
    assert parcels["P1"]["grade"] in {"A", "B", "C"}
    assert parcels["P4"]["grade"] is None               # a road is not an enterprise


def test_text_report(tiny_gpkg, capsys):
    assert main(["indicators", str(tiny_gpkg)]) == 0
    out = capsys.readouterr().out
    assert "小开发区" in out and "土地开发率" in out and "93.9%" in out  # 138 000 / 147 000
    assert "未评价 1" in out and "ungraded" not in out  # the grade code is worded
    assert "开发区类型 工业主导型" in out and "industry_led" not in out  # so is the zone type
    assert "工业用地率 85.7%  工业用地亩均税收 11.00 万元/亩" in out  # 一区: 990 / 90 亩 (乙 reported no tax)


def test_english_text_report_has_no_chinese_outside_data(tiny_gpkg, capsys):
    assert main(["indicators", str(tiny_gpkg), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Development rate" in out and "93.9%" in out and "Not graded 1" in out
    assert "zone type Industry-led" in out and "Industrial tax per mu" in out and "11.00 10k CNY/mu" in out
    assert "Sections:" in out and "firms, grades:" in out
    shown = out
    for value in ("小开发区", "一区", "二区", "示意数据"):  # data: the names; the deliberate label
        shown = shown.replace(value, "")
    assert CJK.findall(shown) == []
    assert CJK.findall("Tax 万元") == ["万元"]  # the check can fail


def test_json_report_keeps_codes_whatever_the_language(tiny_gpkg, capsys):
    assert main(["indicators", str(tiny_gpkg), "--json", "--lang", "en"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["zone"]["zone_type"] == "industry_led"
    assert {s["zone_type"] for s in report["sections"]} <= {"industry_led", "mixed_use"}
    assert main(["indicators", str(tiny_gpkg), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == report


def test_unknown_language_is_refused(tiny_gpkg, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["indicators", str(tiny_gpkg), "--lang", "fr"])
    assert exit_info.value.code == 2 and "invalid choice: 'fr'" in capsys.readouterr().err


def test_errors_go_to_stderr_with_exit_code(tmp_path, capsys):
    assert main(["indicators", str(tmp_path / "missing.gpkg")]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "missing.gpkg: no such file" in captured.err


@pytest.fixture
def tiny_gpkg_with_targets(tiny_dataset, tmp_path):
    from dataclasses import replace

    import pandas as pd

    targets = pd.DataFrame({"zone_id": ["tiny", "tiny", "tiny"], "year": [2026, 2025, 2026],
                            "indicator": ["industrial_tax_per_mu", "idle_land_rate", "tax_per_mu_typo"],
                            "value": [12.0, 5.0, 11.0]})
    return dataset_to_gpkg(replace(tiny_dataset, targets=targets), tmp_path / "tiny-targets.gpkg")


def test_json_report_lists_the_zones_targets(tiny_gpkg_with_targets, tiny_gpkg, capsys):
    """2024: 工业亩均税收 990 / 90 亩 = 11.00 against 12 (2026): gap -1, not met; 土地闲置率
    12 000 / 132 000 = 9.09 % against 5 % (2025), lower is better: gap +4.09 points, not met.
    The misspelt key is not used and is reported with its row."""
    assert main(["indicators", str(tiny_gpkg_with_targets), "--year", "2024", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    tax, idle = report["targets"]
    assert (tax["indicator"], tax["target_year"], tax["year"]) == ("industrial_tax_per_mu", 2026, 2024)
    assert tax["target"] == 12.0 and tax["current"] == pytest.approx(11.0, rel=1e-8)
    assert tax["gap"] == pytest.approx(-1.0, rel=1e-8) and tax["met"] is False and tax["better"] == "higher"
    assert (idle["indicator"], idle["target_year"], idle["target"]) == ("idle_land_rate", 2025, 0.05)
    assert idle["gap"] == pytest.approx(12_000 / 132_000 - 0.05, rel=1e-8)
    assert idle["met"] is False and idle["better"] == "lower"
    assert report["target_problems"] == [{"row": 3, "zone_id": "tiny", "year": 2026, "indicator": "tax_per_mu_typo",
                                          "problem": "unknown_indicator"}]
    assert main(["indicators", str(tiny_gpkg), "--json"]) == 0  # no targets table: empty lists
    report = json.loads(capsys.readouterr().out)
    assert report["targets"] == [] and report["target_problems"] == []


def test_text_report_shows_the_targets_and_warns_of_an_unknown_key(tiny_gpkg_with_targets, capsys):
    assert main(["indicators", str(tiny_gpkg_with_targets), "--lang", "en"]) == 0
    captured = capsys.readouterr()
    assert "2026 target 12.00 10k CNY/mu, current 11.00 10k CNY/mu, gap -1.00 10k CNY/mu, ✗ not met" in captured.out
    assert "2025 target 5.0%, current 9.1%, gap +4.1%, ✗ not met" in captured.out
    shown = captured.out
    for value in ("小开发区", "一区", "二区", "示意数据"):  # data: the names; the deliberate label
        shown = shown.replace(value, "")
    assert not CJK.search(shown)
    assert ("warning: Table targets, row 3 (tiny, 2026): 'tax_per_mu_typo' is not a key of the indicator registry"
            in captured.err)


def test_unknown_zone_is_named(tiny_gpkg, capsys):
    assert main(["indicators", str(tiny_gpkg), "--zone", "nope"]) == 1
    assert "zone 'nope' is not in the dataset; zones: tiny" in capsys.readouterr().err


def test_module_entry_point_runs_on_the_sample():
    result = subprocess.run([sys.executable, "-m", "dashboard", "indicators",
                             str(ROOT / "geodata" / "sample" / "zhumadian_sample.gpkg"), "--json"],
                            capture_output=True, text=True, cwd=ROOT, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["zone"]["zone_id"] == "zmd_etdz"
    assert len(report["parcels"]) == 716
    assert report["zone"]["industrial_land_ratio"] == pytest.approx(0.61, abs=0.01)
    tax = [r for r in report["targets"] if r["indicator"] == "industrial_tax_per_mu"]
    assert [(r["target_year"], r["target"], r["year"], r["met"]) for r in tax] == [(2026, 11.0, 2025, True)]
    assert report["target_problems"] == []


def test_hash_password_reads_stdin_and_prints_only_the_hash():
    result = subprocess.run([sys.executable, "-m", "dashboard", "hash-password"], input="秘密口令\n",
                            capture_output=True, text=True, cwd=ROOT, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    from dashboard.access import verify_password

    stored = result.stdout.strip()
    assert "秘密口令" not in result.stdout and verify_password("秘密口令", stored)


def test_brief_takes_the_view_from_a_dashboard_url(tmp_path):
    from dashboard.cli.main import view_options

    class Args:  # what argparse gives: explicit options None unless set
        view = "http://127.0.0.1:8501/?view=zone&layer=grade&year=2023&preset=huaian&k=3&lat=32.9&bogus=1"
        zone = layer = scheme = k = breaks = preset = benchmark = lang = None
        year = 2022  # an explicit --year wins over the URL

    assert view_options(Args()) == {"layer": "grade", "year": "2022", "preset": "huaian", "k": "3"}
    out = tmp_path / "b.png"
    result = subprocess.run([sys.executable, "-m", "dashboard", "brief", "--view", "?layer=grade&preset=huaian",
                             "--size", "800x450", "--dpi", "100", "--out", str(out)],
                            capture_output=True, text=True, cwd=ROOT, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 10_000


@pytest.mark.parametrize(("breaks", "said"), [
    ("5, nan", "break 'nan' is not a finite number"),
    ("inf", "break 'inf' is not a finite number"),
    (", ".join(str(v) for v in range(1, 9)), "8 distinct breaks make more than 8 classes; give at most 7"),
])
def test_brief_refuses_unusable_breaks_by_name(tmp_path, capsys, breaks, said):
    code = main(["brief", "--out", str(tmp_path / "b.png"), "--scheme", "user_defined", "--breaks", breaks])
    err = capsys.readouterr().err
    assert code == 1 and said in err
    assert not (tmp_path / "b.png").exists()


# --- python -m dashboard evaluate: the firms' evaluation of a year ------------------------------

SAMPLE = ROOT / "geodata" / "sample" / "zhumadian_sample.gpkg"
#: Generated credit codes of the tiny zone's firms (one per parcel, older layout): P1, P2, P9.
JIA, YI, BING = "91000000000000001N", "91000000000000002R", "91000000000000003W"


def _evaluate_json(*args: str) -> dict:
    import io
    from contextlib import redirect_stdout

    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["evaluate", *args, "--json"]) == 0
    return json.loads(out.getvalue())


def test_evaluate_json_of_the_tiny_zone(tiny_gpkg):
    report = _evaluate_json(str(tiny_gpkg))
    # the tiny parcels carry tax_wan_2022..2024 (2022 and 2023 all blank): the latest is the default
    assert report["year"] == 2024 and report["years"] == [2022, 2023, 2024]
    assert re.fullmatch(r"henan@[0-9a-f]{8}", report["rule_version"]) and report["zone"] is None
    firms = {f["credit_code"]: f for f in report["enterprises"]}
    assert set(firms) == {JIA, YI, BING}
    jia = firms[JIA]  # P1: 300 m × 200 m = 60 000 m² = 90 亩; tax 990 万元 -> 11 万元/亩
    assert jia["name"] == "甲机械有限公司"
    assert jia["area_mu"] == pytest.approx(90.0, rel=1e-8) and jia["own_mu"] == pytest.approx(90.0, rel=1e-8)
    assert jia["leased_in_mu"] == 0 and jia["tenant"] is False
    assert jia["tax_wan"] == 990 and jia["tax_per_mu"] == pytest.approx(11.0, rel=1e-8)
    assert jia["evaluated"] is True and jia["reason"] is None and jia["grade"] in {"A", "B", "C"}
    yi = firms[YI]  # P2: 150 m × 200 m = 30 000 m² = 45 亩, no tax reported: missing, not 0
    assert yi["area_mu"] == pytest.approx(45.0, rel=1e-8) and yi["tax_wan"] is None and yi["tax_per_mu"] is None
    assert yi["evaluated"] is False and yi["reason"] == {"rule": "ungraded_no_tax"} and yi["grade"] == "ungraded"
    bing = firms[BING]  # P9: 100 m × 60 m = 6 000 m² = 9 亩; 120 万元 -> 13.33 万元/亩
    assert bing["area_mu"] == pytest.approx(9.0, rel=1e-8) and bing["tax_per_mu"] == pytest.approx(120 / 9, rel=1e-8)
    for firm in report["enterprises"]:  # reason null iff evaluated
        assert (firm["reason"] is None) == firm["evaluated"]


def test_evaluate_discovers_the_years_in_the_data(tiny_dataset, tmp_path):
    import dataclasses

    import pandas as pd

    years = tiny_dataset.enterprise_years
    extra = years.loc[(years["credit_code"] == JIA) & (years["year"] == 2024)].assign(year=2025, tax_wan=1_080.0)
    dataset = dataclasses.replace(tiny_dataset, enterprise_years=pd.concat([years, extra], ignore_index=True))
    path = dataset_to_gpkg(dataset, tmp_path / "with_2025.gpkg")
    report = _evaluate_json(str(path))
    assert report["year"] == 2025 and report["years"] == [2022, 2023, 2024, 2025]
    # only 甲 has figures for 2025: 1 080 万元 over its 90 亩 = 12 万元/亩
    assert [f["credit_code"] for f in report["enterprises"]] == [JIA]
    assert report["enterprises"][0]["tax_per_mu"] == pytest.approx(12.0, rel=1e-8)
    assert _evaluate_json(str(path), "--year", "2024")["year"] == 2024  # an earlier year on request


def test_evaluate_unknown_year_exits_1_naming_the_years(tiny_gpkg, capsys):
    assert main(["evaluate", str(tiny_gpkg), "--year", "2021"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "no enterprise figures for 2021; the data holds the years 2022, 2023, 2024" in captured.err
    assert "Traceback" not in captured.err


@pytest.mark.parametrize(("name", "content", "said"), [
    ("missing.gpkg", None, "missing.gpkg: no such file"),
    ("garbage.gpkg", "not a geopackage\n", "garbage.gpkg: cannot be opened as a GeoPackage"),
])
def test_evaluate_unreadable_file_exits_1(tmp_path, capsys, name, content, said):
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert main(["evaluate", str(path), "--json"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and said in captured.err and "Traceback" not in captured.err


def test_evaluate_unknown_zone_is_named(tiny_gpkg, capsys):
    assert main(["evaluate", str(tiny_gpkg), "--zone", "nope"]) == 1
    assert "zone 'nope' is not in the dataset; zones: tiny" in capsys.readouterr().err


def test_evaluate_text_in_both_languages(tiny_gpkg, capsys):
    assert main(["evaluate", str(tiny_gpkg)]) == 0
    out = capsys.readouterr().out
    assert "2024年企业亩均效益评价" in out and "企业 3 家：参评 2 家，未评价 1 家" in out
    assert "未评价：无税收数据" in out and "ungraded" not in out
    jia = next(line for line in out.splitlines() if line.startswith(JIA))
    assert "甲机械有限公司" in jia and "90.00" in jia and "990.0" in jia and "11.00" in jia
    assert main(["evaluate", str(tiny_gpkg), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Enterprise evaluation 2024 (years in the data: 2022, 2023, 2024;" in out
    assert "3 firms: 2 evaluated, 1 not evaluated" in out and "Not graded: no tax figures" in out
    shown = out
    for value in ("甲机械有限公司", "乙食品有限公司", "丙商贸有限公司", "示意数据"):  # data, the label
        shown = shown.replace(value, "")
    assert CJK.findall(shown) == []


def test_evaluate_the_sample():
    from geodata.crs import area_m2
    from geodata.dataset import dataset_from_gpkg

    report = _evaluate_json(str(SAMPLE), "--zone", "zmd_etdz")
    assert report["year"] == 2025 and report["years"] == [2021, 2022, 2023, 2024, 2025]
    assert len(report["enterprises"]) == 150
    assert sum(f["evaluated"] for f in report["enterprises"]) == 134  # the sample's 2025 count
    assert all((f["reason"] is None) == f["evaluated"] for f in report["enterprises"])
    # 豫南天丰商贸有限公司 is the only user of one parcel it owns (land_use: one 'own' row, no area):
    # its land is that parcel's area, 15.14 亩; its 2025 tax is 63.3 万元 (enterprise_years)
    firm = next(f for f in report["enterprises"] if f["credit_code"] == "91411702465076895G")
    parcels = dataset_from_gpkg(SAMPLE).parcels
    parcel_m2 = float(area_m2(parcels.loc[parcels["parcel_id"] == "411702102018GB00444"]).iloc[0])
    assert firm["area_mu"] == pytest.approx(parcel_m2 * 15 / 10_000, rel=1e-9)
    assert firm["area_mu"] == pytest.approx(15.14, abs=0.005)
    assert firm["tax_wan"] == 63.3 and firm["tax_per_mu"] == pytest.approx(63.3 / firm["area_mu"], rel=1e-9)
    assert firm["leased_out_mu"] == 0 and firm["evaluated"] and firm["grade"] in {"A", "B", "C"}
    # 2024 by request: the sample's published count of graded firms that year
    report_2024 = _evaluate_json(str(SAMPLE), "--year", "2024")
    assert report_2024["year"] == 2024 and sum(f["evaluated"] for f in report_2024["enterprises"]) == 131


def test_sections_in_the_json_carry_their_coverage(tiny_gpkg, capsys):
    """一区 (s1) has two firms on A2: 甲 (60 000 m², 2024 tax 990 万元) and 乙 (30 000 m², no 2024 tax):
    its 工业亩均税收 rests on 甲's 60 000 of the 90 000 m² of A2, one of the two firms."""
    assert main(["indicators", str(tiny_gpkg), "--year", "2024", "--json"]) == 0
    s1 = next(s for s in json.loads(capsys.readouterr().out)["sections"] if s["section_id"] == "s1")
    assert s1["industrial_tax_coverage"] == pytest.approx(60_000 / 90_000)
    assert (s1["industrial_tax_firms"], s1["industrial_firms"]) == (1, 2)
    assert s1["industrial_tax_per_mu"] == pytest.approx(990 / 90)       # 60 000 m² = 90 亩

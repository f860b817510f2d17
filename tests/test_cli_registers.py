"""``python -m dashboard registers`` (issue 17): the JSON shape, the text in both languages, errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from geodata import schema
from geodata.dataset import dataset_from_layers, dataset_to_gpkg, normalise_layer
from geodata.store import open_store

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def gpkg(tiny_dataset, tmp_path) -> Path:
    """The tiny zone with two contracts: HT-1 on P5 (12 000 m² = 18 亩), agreed start 2025-06-29,
    land price 800 万元, never started; HT-2 on P6 without an agreed start."""
    layers = {name: getattr(tiny_dataset, name) for name in schema.LAYERS}
    layers["contracts"] = normalise_layer("contracts", pd.DataFrame({
        "contract_no": ["HT-1", "HT-2"], "parcel_id": ["P5", "P6"], "signed": ["2025-01-10", "2025-02-01"],
        "land_price_wan": [800.0, 200.0], "agreed_start": ["2025-06-29", None]}), source="t")
    return dataset_to_gpkg(dataset_from_layers(layers, source="t"), tmp_path / "life.gpkg")


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dashboard", "registers", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=120, check=False, env=env)


def test_json_shape(gpkg, tmp_path, monkeypatch):
    edits = tmp_path / "edits.sqlite"
    monkeypatch.setenv("ZONE_EDITS", str(edits))
    open_store(str(gpkg)).save("register_status", "idle:P5", {"status": "in_progress", "disposal": None,
                                                               "deadline": "2026-09-30", "note": ""},
                               user="张三", base_version=0)
    done = run(str(gpkg), "--as-of", "2026-06-30", "--json", env={**os.environ, "ZONE_EDITS": str(edits)})
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["as_of"] == "2026-06-30" and report["illustrative"] is True
    for key in ("idle", "supplied_not_started", "approved_not_supplied", "commitments", "missing_dates"):
        assert isinstance(report[key], list)
    [idle] = report["idle"]
    assert {k: idle[k] for k in ("parcel_id", "criterion", "days_overdue", "fee_wan", "take_back_eligible")} == \
        {"parcel_id": "P5", "criterion": "not_started", "days_overdue": 1, "fee_wan": 160.0,
         "take_back_eligible": False}
    assert idle["idle_from"] == "2026-06-30" and idle["area_mu"] == pytest.approx(18, rel=1e-6)
    assert (idle["status"], idle["deadline"]) == ("in_progress", "2026-09-30")
    assert report["missing_dates"] == [{"parcel_id": "P6", "contract_no": "HT-2", "credit_code": None,
                                        "signed": "2025-02-01", "reason": "no_agreed_start"}]
    day_before = json.loads(run(str(gpkg), "--as-of", "2026-06-29", "--json").stdout)
    assert day_before["idle"] == [] and day_before["supplied_not_started"][0]["days_to_idle"] == 1


def test_text_in_english_and_errors(gpkg):
    done = run(str(gpkg), "--as-of", "2027-07-01", "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert "Land registers as of 2027-07-01" in done.stdout
    assert "P5  not started for a full year  367 days overdue  fee 160.0 (10k CNY)  may be taken back" in done.stdout
    assert "no agreed start date: not judged" in done.stdout
    assert "Reviews due within 90 days: 0" in done.stdout
    bad = run(str(gpkg), "--as-of", "2026/6/30")
    assert bad.returncode == 2 and "'2026/6/30' is not a date; write it as YYYY-MM-DD" in bad.stderr
    zone = run(str(gpkg), "--zone", "nowhere")
    assert zone.returncode == 1 and "zone 'nowhere' is not in the dataset" in zone.stderr
    assert "Traceback" not in bad.stderr + zone.stderr

"""No viewer can recover a firm's tax: the whole page, every tab, layer and year, the downloads, the
brief and the command line's viewer output, on data made to tempt (issue 13).

The zone has a section of two firms (S1) beside two larger ones; in S2 one firm pays 92 % of the tax
(dominance); in S3 one of five firms sits on other built land, so the section's total less its
industrial tax would be that firm's tax. The data is not illustrative and there is no access
configuration: secure by default, everyone is a viewer.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import app_test as app_test_module

from geodata.crs import m2_to_mu
from geodata.dataset import dataset_from_layers, dataset_to_gpkg, normalise_layer
from tests.conftest import X0, Y0
from tests.helpers import ZONE_TABS, assert_page_ok, decoded, open_tab

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")
ROOT = Path(__file__).resolve().parents[1]

#: (firm, section, land class, width m, 2023 tax 万元, 2024 tax 万元): generic numbers, so that no
#: formatted value can appear in a page by chance
FIRMS = [
    ("甲一精工", "S1", "A2", 210, 121.3717, 123.4567), ("甲二材料", "S1", "A2", 190, 85.0931, 87.6543),
    ("乙一重工", "S2", "A2", 400, 1791.0353, 1843.2119), ("乙二包装", "S2", "A2", 120, 40.1129, 41.3731),
    ("乙三电子", "S2", "A2", 110, 37.2213, 38.9127), ("乙四纺织", "S2", "A2", 100, 28.4471, 29.7713),
    ("乙五印务", "S2", "A2", 130, 45.9877, 47.1339),
    ("丙一机械", "S3", "A2", 260, 201.5539, 212.3413), ("丙二食品", "S3", "A2", 240, 180.1173, 187.6619),
    ("丙三电气", "S3", "A2", 280, 244.9311, 254.1937), ("丙四汽配", "S3", "A2", 300, 290.3371, 301.0719),
    ("丙五商贸", "S3", "A1", 90, 71.2297, 76.5521),
]
HEIGHT = 200.0
YEARS = (2023, 2024)


def tempting_dataset():
    rows, geoms, x = [], [], X0
    sections = {}
    for i, (firm, section, land, width, tax23, tax24) in enumerate(FIRMS):
        box = shapely.box(x, Y0, x + width, Y0 + HEIGHT)
        sections.setdefault(section, []).append(box)
        geoms.append(box)
        x += width + 10
        rows.append({"parcel_id": f"L{i:02d}", "zone_id": "tz", "section_id": section, "land_class": land,
                     "supplied": True, "built": True, "idle": False, "enterprise": firm, "industry": "制造业",
                     "floor_area_m2": width * HEIGHT * 1.2, "building_footprint_m2": width * HEIGHT * 0.4,
                     "footprint_m2": width * HEIGHT * 0.5, "investment_wan": round(width * 3.7311, 4),
                     "tax_wan_2023": tax23, "tax_wan_2024": tax24, "revenue_wan": round(tax24 * 9.173, 4),
                     "value_added_wan": round(tax24 * 2.917, 4), "energy_tce": 100.0, "employees": 50})
    parcels = gpd.GeoDataFrame(pd.DataFrame(rows), geometry=geoms, crs=4547)
    outline = shapely.box(*parcels.total_bounds).buffer(20)
    section_frame = gpd.GeoDataFrame(
        {"section_id": list(sections), "zone_id": "tz", "name": ["一区", "二区", "三区"],
         "function": ["制造", "制造", "综合"]},
        geometry=[shapely.union_all(b).envelope.buffer(4) for b in sections.values()], crs=4547)
    zones = gpd.GeoDataFrame({"zone_id": ["tz"], "name": ["试验开发区"], "county": ["某县"], "level": ["省级"],
                              "planned_area_km2": [0.5], "built_area_km2": [0.4], "leading_industries": ["装备制造"],
                              "illustrative": [False]}, geometry=[outline], crs=4547)
    return dataset_from_layers({"zones": normalise_layer("zones", zones, source="t"),
                                "sections": normalise_layer("sections", section_frame, source="t"),
                                "parcels": normalise_layer("parcels", parcels, source="t")}, source="t")


def secret_patterns() -> list[re.Pattern[str]]:
    """Every way the app writes a number, for every firm's tax of every year: raw, 0–4 decimals,
    with and without thousands separators, in 万元, 元 and 亿元, and per 亩 of its parcel (those with at
    least three significant digits: shorter numbers such as "41" are everywhere in a page)."""
    texts: set[str] = set()
    for _, _, _, width, *taxes in FIRMS:
        mu = float(m2_to_mu(pd.Series([width * HEIGHT])).iloc[0])
        for wan in taxes:
            for value in (wan, wan * 10_000, wan / 10_000, wan / mu):
                texts.add(repr(value))
                for d in range(5):
                    texts.add(f"{value:.{d}f}")
                    texts.add(f"{value:,.{d}f}")
    # a standalone number only (not a digit run inside a longer number or a coordinate)
    kept = [s for s in sorted(texts) if sum(c.isdigit() for c in s.lstrip("0.")) >= 3]
    return [re.compile(rf"(?<![0-9A-Za-z_.])(?<!\d,){re.escape(s)}(?![0-9])(?!,\d{{3}})") for s in kept]


def leaks(text: str) -> list[str]:
    return [p.pattern for p in secret_patterns() if p.search(text)]


@pytest.fixture
def viewer_app(tmp_path, monkeypatch):
    """The app on the tempting data with no access configuration, and the download files it makes."""
    path = dataset_to_gpkg(tempting_dataset(), tmp_path / "tempting.gpkg")
    monkeypatch.setenv("ZONE_DATA", str(path))
    monkeypatch.delenv("ZONE_ACCESS_CONTROL", raising=False)
    monkeypatch.setenv("ZONE_AUDIT_LOG", str(tmp_path / "audit.log"))
    storages = []

    class Recording(app_test_module.MemoryMediaFileStorage):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            storages.append(self)

    monkeypatch.setattr(app_test_module, "MemoryMediaFileStorage", Recording)
    at = AppTest.from_file(APP, default_timeout=120)
    return at, storages


def page_text(at, storages) -> str:
    """What the browser received on this run: every element, component payload and download file."""
    parts = [str(c.proto) for c in at.get("component_instance")]
    parts += [json.loads(c.proto.json_args).get("script", "") for c in at.get("component_instance")]
    parts += [df.value.to_csv() for df in at.dataframe]
    kinds = ("metric", "markdown", "caption", "info", "warning", "table", "arrow_vega_lite_chart")
    parts += [str(e.proto) for kind in kinds for e in at.get(kind)]
    for button in at.get("download_button"):
        name = button.proto.url.rsplit("/", 1)[-1].split(".")[0]
        for storage in storages:
            if name in storage._files_by_id:
                content = storage._files_by_id[name].content
                parts.append(_file_text(content))
    return decoded("\n".join(parts))


def _file_text(content: bytes) -> str:
    """Text of a downloaded file: CSV as it is; XLSX cells; PDF through pdftotext."""
    if content[:2] == b"PK":
        import io

        import openpyxl
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(" ".join("" if v is None else str(v) for v in row)
                         for sheet in book.worksheets for row in sheet.iter_rows(values_only=True))
    if content[:4] == b"%PDF":
        done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)
        return done.stdout.decode("utf-8")
    return content.decode("utf-8", errors="replace")


def test_the_check_can_fail():
    """The patterns find a firm's tax written in any of the app's ways."""
    assert leaks("合计 123.46 万元") and leaks("1,843.21") and leaks("1843.2119") and leaks("0.1843 亿元")
    assert leaks("S1,甲一精工,123.4567\n") and leaks("税收：1843 万元")
    assert not leaks("coordinates 114.1234567, 33.4567 and P123, 5,123.46 and 1,843,212")


def test_no_firm_tax_reaches_a_viewer(viewer_app):
    at, storages = viewer_app
    at.run()
    assert_page_ok(at)
    assert "sign_in_user" in [w.key for w in at.text_input]          # secure by default: a viewer
    layers = list(at.selectbox(key="layer").options)
    sent = []
    for year in YEARS:
        at.selectbox(key="year").set_value(year).run()
        for layer in layers:
            at.selectbox(key="layer").set_value(layer).run()
            assert_page_ok(at)
            sent.append(page_text(at, storages))
        for label in ZONE_TABS:
            at = open_tab(at, label)
            assert_page_ok(at)
            sent.append(page_text(at, storages))
        # the brief as a viewer makes it (PDF: its text is searchable)
        at.selectbox(key="brief_format").set_value("pdf").run()
        at.button(key="brief_make").click().run()
        assert_page_ok(at)
        assert any(b.proto.url.endswith(".pdf") or "简报" in b.proto.label for b in at.get("download_button"))
        sent.append(page_text(at, storages))
    for view in ("city", "round"):                                   # the city overview and the round page too
        at.radio(key="view").set_value(view).run()
        assert_page_ok(at)
        sent.append(page_text(at, storages))
    text = "\n".join(sent)
    found = [(p, text[max(m.start() - 60, 0):m.end() + 30]) for p in secret_patterns() for m in [p.search(text)] if m]
    assert found == []


def test_hidden_sections_cannot_be_recovered_from_the_shown_ones(viewer_app):
    """S1 (two firms) and S2 (one firm 92 %) are hidden; the zone less the shown sections gives
    neither back, because a complementary cell is hidden too."""
    at, _ = viewer_app
    at.run()
    rows = _section_rates(at)
    assert math.isnan(rows["一区"]) and math.isnan(rows["二区"])
    shown = [v for v in rows.values() if not math.isnan(v)]
    zone = _zone_rate(at)
    # the rates over the same land: with S1 and S2 hidden no ± combination of shown rates is theirs
    truth = {s: sum(f[5] for f in FIRMS if f[1] == s and f[2] == "A2") for s in ("S1", "S2")}
    for signs in itertools.product((-1, 1), repeat=len(shown)):
        assert not any(math.isclose(sum(s * v for s, v in zip(signs, shown, strict=True)), t, rel_tol=1e-4)
                       for t in truth.values())
    assert zone is None or not math.isnan(zone)


def _section_rates(at) -> dict[str, float]:
    from tests.helpers import section_table

    table = section_table(at)
    column = next(c for c in table.columns if str(c).startswith("工业亩均税收("))
    return {name: (float(str(v).replace(",", "")) if v not in (None, "—") else math.nan)
            for name, v in table[column].items()}


def _zone_rate(at) -> float | None:
    for m in at.metric:
        if m.label.startswith("工业亩均税收"):
            return math.nan if m.value == "—" else float(m.value.split()[0].replace(",", ""))
    return None


def test_the_command_line_prints_what_a_viewer_may_see(tmp_path):
    path = dataset_to_gpkg(tempting_dataset(), tmp_path / "tempting.gpkg")
    run = subprocess.run([sys.executable, "-m", "dashboard", "indicators", str(path), "--role", "viewer", "--json"],
                         capture_output=True, text=True, cwd=ROOT, check=False)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["role"] == "viewer"
    sections = {s["section_id"]: s for s in report["sections"]}
    assert sections["S1"]["industrial_tax_per_mu"] is None and sections["S1"]["tax_wan"] is None
    assert sections["S2"]["industrial_tax_per_mu"] is None                     # one firm 92 %
    assert all(p["tax_wan"] is None and p["grade"] is None for p in report["parcels"])
    assert leaks(run.stdout) == []
    analyst = subprocess.run([sys.executable, "-m", "dashboard", "indicators", str(path), "--json"],
                             capture_output=True, text=True, cwd=ROOT, check=True)
    assert leaks(analyst.stdout)                                              # the check can fail
    full = {s["section_id"]: s for s in json.loads(analyst.stdout)["sections"]}
    assert np.isclose(full["S1"]["tax_wan"], 123.4567 + 87.6543)


def test_a_viewer_is_told_why_figures_are_hidden(viewer_app):
    at, _ = viewer_app
    at.run()
    assert any("涉密数据而不公开：参与汇总的企业少于 3 家、单一企业占 85% 及以上" in c.value for c in at.caption)

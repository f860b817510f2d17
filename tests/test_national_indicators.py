"""Issue 19: the zone's national indicators (开发率, 供应率, 建成率, 综合地均税收, 闲置率) with the land each
rests on and how much of it the data covers, on the tiny zone computed by hand (tests/conftest.py).

Land (m², rectangles w × h): A = P1 60 000 + P2 30 000 + P3 15 000 + P4 9 000 + P9 6 000 = 120 000;
B = P5 12 000 + P6 6 000 + P7 9 000 = 27 000 (B21 = 18 000); C = P8 3 000; all = 150 000;
D (supplied) = P1–P5 + P9 = 132 000; G (idle) = P5 12 000."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.helpers import assert_page_ok
from zone_layers import summary

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")


def _figures(tiny_dataset, tiny_view) -> dict:
    zone = tiny_dataset.zones.iloc[0]
    return summary.zone_summary(zone, tiny_view, year=2024, firms=summary.dataset_firms(tiny_dataset))


def test_national_indicators_of_the_tiny_zone(tiny_dataset, tiny_view):
    figures = _figures(tiny_dataset, tiny_view)
    rows = summary.national_indicators(tiny_view, figures).set_index("indicator")
    assert list(rows.index) == ["development_rate", "supply_rate", "built_up_rate", "overall_tax_per_ha",
                                "idle_land_rate"]
    approx = lambda x: pytest.approx(x, rel=2e-3)  # noqa: E731  (areas measured after reprojection)
    assert rows.at["development_rate", "value"] == approx(138_000 / 147_000)     # (A + B21) / (A + B)
    assert rows.at["development_rate", "base_m2"] == approx(147_000)
    assert rows.at["development_rate", "base_share"] == approx(147_000 / 150_000)
    assert rows.at["supply_rate", "base_m2"] == approx(138_000)                 # A + B21
    assert rows.at["built_up_rate", "base_m2"] == approx(132_000)               # D
    assert rows.at["built_up_rate", "value"] == approx(120_000 / 132_000)
    assert rows.at["idle_land_rate", "value"] == approx(12_000 / 132_000)
    assert rows.at["idle_land_rate", "flags_known"] == pytest.approx(1.0)     # every flag filled in
    assert pd.isna(rows.at["development_rate", "flags_known"])
    # 综合地均税收: 甲 990 + 丙 120 万元 over A less 乙's unreported 30 000 m² = 9 ha; 90 000 / 120 000 of A
    assert rows.at["overall_tax_per_ha", "value"] == approx(1_110 / 9)
    assert rows.at["overall_tax_per_ha", "coverage"] == approx(0.75)
    assert (rows.at["overall_tax_per_ha", "firms"], rows.at["overall_tax_per_ha", "total"]) == (2, 3)
    assert rows.at["overall_tax_per_ha", "national"] == 540.0
    assert rows.at["development_rate", "national"] == 0.895


def test_a_blank_flag_lowers_what_the_rates_cover(tiny_dataset, tiny_view):
    """P5's supply flag blank (12 000 of 150 000 m²): 92 % of the land has its supply flag."""
    parcels = tiny_view.copy()
    parcels["supplied"] = parcels["supplied"].astype(object)
    parcels.loc[parcels["parcel_id"] == "P5", "supplied"] = None
    rows = summary.national_indicators(parcels, _figures(tiny_dataset, tiny_view)).set_index("indicator")
    assert rows.at["supply_rate", "flags_known"] == pytest.approx(138_000 / 150_000, rel=2e-3)
    assert rows.at["built_up_rate", "base_m2"] == pytest.approx(120_000, rel=2e-3)  # P5 no longer in D


def test_the_zone_page_shows_them(monkeypatch, tmp_path, tiny_dataset):
    from geodata.dataset import dataset_to_gpkg

    monkeypatch.setenv("ZONE_DATA", str(dataset_to_gpkg(tiny_dataset, tmp_path / "tiny.gpkg")))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert_page_ok(at)
    assert "**国家评价指标（2024年）**" in [m.value for m in at.markdown]
    table = next(df.value for df in at.dataframe if "全国开发区（2020年）" in df.value.columns).set_index("指标")
    assert table.at["土地开发率(%)", "本开发区"] == "93.9"                      # 138 000 / 147 000
    assert table.at["土地开发率(%)", "全国开发区（2020年）"] == "89.5"
    assert table.at["土地开发率(%)", "计算所用土地"] == "A + B：0.15 km²（占全部宗地 98%）"
    assert table.at["土地开发率(%)", "数据覆盖"] == "全部宗地均有用地类别"
    assert table.at["土地建成率(%)", "计算所用土地"] == "D：0.13 km²（占全部宗地 88%）"
    assert table.at["土地闲置率(%)", "数据覆盖"] == "供应、闲置标记已填：占宗地面积 100%"
    assert pd.isna(table.at["土地闲置率(%)", "全国开发区（2020年）"])            # no national figure
    assert table.at["综合地均税收(万元/公顷)", "全国开发区（2020年）"] == "540.0"


def test_the_trend_reads_against_the_benchmark_or_the_national_figure():
    from dashboard.pages.zone_tabs import trend_reference

    assert trend_reference("industrial_tax_per_mu", 11.0, "zh") == (11.0, "虚线：省定基准 11 万元/亩；悬停查看同比变化")
    assert trend_reference("industrial_tax_per_ha", 11.0, "en")[0] == 165.0          # 11 万元/亩 × 15 亩/公顷
    assert trend_reference("overall_tax_per_ha", 11.0, "zh")[0] == 540.0            # national, 2020
    assert trend_reference("industrial_revenue_per_mu", 11.0, "zh") is None


def test_each_point_of_the_trend_has_its_change_on_the_year_before():
    from dashboard.pages.zone_tabs import with_yoy

    trend = pd.DataFrame({"section_id": ["b", "a", "a", "a", "b"], "year": [2024, 2025, 2023, 2024, 2025],
                          "x": [0.0, 12.0, 10.0, None, 5.0]})
    yoy = with_yoy(trend, "x")["yoy"].tolist()
    # a: 2023 10 -> 2024 missing -> 2025 12 (no change against a missing year); b: 2024 0 -> 2025 5 (none from 0)
    assert [None if pd.isna(v) else v for v in yoy] == [None, None, None, None, None]
    trend.loc[3, "x"] = 8.0                                                          # a 2024 = 8
    assert with_yoy(trend, "x")["yoy"].tolist()[1:4] == pytest.approx([0.5, float("nan"), -0.2], nan_ok=True)


def test_the_trend_chart_draws_the_benchmark(monkeypatch):
    import json

    monkeypatch.delenv("ZONE_DATA", raising=False)
    at = AppTest.from_file(APP, default_timeout=90).run()
    assert_page_ok(at)
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    trend = next(s for s in specs if "layer" in s and any(
        layer.get("encoding", {}).get("color") for layer in s["layer"]))
    rule = trend["layer"][1]
    assert rule["mark"]["type"] == "rule" and rule["encoding"]["y"]["datum"] == 11.0
    assert "同比变化" in [tip.get("title") for tip in trend["layer"][0]["encoding"]["tooltip"]]
    assert "虚线：省定基准 11 万元/亩；悬停查看同比变化" in [c.value for c in at.caption]

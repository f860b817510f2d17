"""The land lifecycle tables (issue 17): contracts, progress and approvals from a GeoPackage, CSV/XLSX
(datasets.toml [tables]) and PostGIS; dates read strictly; repeated keys refused."""

from __future__ import annotations

import dataclasses

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geodata import schema
from geodata.dataset import ZoneDataset, dataset_from_gpkg, dataset_from_layers, dataset_to_gpkg, normalise_layer
from geodata.dates import parse_date
from geodata.errors import SchemaError
from geodata.ingest.tables import table_from_file
from tests.test_datasets_config import files, write_toml  # noqa: F401 (files: a fixture used below)

A = "914117000000000016"  # a valid credit code (tests/test_ingest_tables.py shows the check character)


def contracts_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "contract_no": ["HT-1", "HT-2"], "parcel_id": ["P5", "P6"], "credit_code": [A, None],
        "signed": ["2024-01-10", "2024-03-01"], "land_price_wan": [800.0, 300.0],
        "agreed_start": ["2024-06-29", ""], "agreed_completion": ["2026-06-29", None],
        "total_investment_wan": [12_000.0, None], "tax_wan_per_mu": [25.0, None],
    })


def progress_frame() -> pd.DataFrame:
    return pd.DataFrame({"parcel_id": ["P5", "P5"], "date": ["2025-01-01", "2025-07-01"],
                         "started": [False, True], "developed_area_m2": [None, 1000.0],
                         "invested_wan": [None, 500.0], "stopped_since": [None, "2025-05-01"]})


def approvals_frame() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"batch_id": ["PC-2023-1"], "name": ["2023年第一批次"], "approved": ["2023-04-12"]},
                            geometry=[shapely.box(114.0, 32.96, 114.01, 32.97)], crs=4490)


def with_lifecycle(dataset: ZoneDataset) -> ZoneDataset:
    layers = {name: getattr(dataset, name) for name in schema.LAYERS}
    layers["contracts"] = normalise_layer("contracts", contracts_frame(), source="t")
    layers["progress"] = normalise_layer("progress", progress_frame(), source="t")
    layers["approvals"] = normalise_layer("approvals", approvals_frame(), source="t")
    return dataset_from_layers(layers, source="t")


@pytest.mark.parametrize(("value", "expected"), [
    ("2025-06-29", pd.Timestamp("2025-06-29")), ("2024-02-29", pd.Timestamp("2024-02-29")),
    (" 2025-06-29 00:00:00", pd.Timestamp("2025-06-29")),
    (pd.Timestamp("2025-06-29 13:45"), pd.Timestamp("2025-06-29")),
    ("", None), (None, None), (float("nan"), None),
])
def test_dates_accepted(value, expected):
    assert parse_date(value) == (expected, None)


@pytest.mark.parametrize("value", ["2025/6/29", "29.06.2025", "06/05/2025", "2025-6-29", "2025-02-29", "2015-13-45",
                                   45837, "2025年6月29日", "soon"])
def test_dates_refused_with_the_form_expected(value):
    day, problem = parse_date(value)
    assert day is None and repr(value) in problem and "YYYY-MM-DD" in problem


def test_empty_by_default_and_written_only_when_present(tiny_dataset, tmp_path):
    assert tiny_dataset.contracts.empty and tiny_dataset.progress.empty and tiny_dataset.approvals.empty
    assert tiny_dataset.approvals.crs.to_epsg() == 4490
    path = dataset_to_gpkg(tiny_dataset, tmp_path / "plain.gpkg")
    import pyogrio
    assert not {"contracts", "progress", "approvals"} & {n for n, _ in pyogrio.list_layers(path)}
    assert dataset_from_gpkg(path).contracts.empty


def test_geopackage_round_trip(tiny_dataset, tmp_path):
    ds = with_lifecycle(tiny_dataset)
    back = dataset_from_gpkg(dataset_to_gpkg(ds, tmp_path / "life.gpkg"))
    c = back.contracts.set_index("contract_no")
    assert c.at["HT-1", "agreed_start"] == pd.Timestamp("2024-06-29")
    assert pd.isna(c.at["HT-2", "agreed_start"]) and c.at["HT-1", "land_price_wan"] == 800
    assert list(back.progress["started"]) == [False, True]
    assert back.progress.at[1, "stopped_since"] == pd.Timestamp("2025-05-01")
    assert back.approvals.at[0, "approved"] == pd.Timestamp("2023-04-12") and back.approvals.crs.to_epsg() == 4490


def test_a_bad_date_names_layer_row_field_value_and_form():
    frame = contracts_frame()
    frame.loc[1, "agreed_start"] = "2024/9/1"
    with pytest.raises(SchemaError, match=r"x\.gpkg, layer contracts \(供地合同\), row 2, field agreed_start: "
                                          r"'2024/9/1' is not a date; write it as YYYY-MM-DD"):
        normalise_layer("contracts", frame, source="x.gpkg")


def test_repeated_keys_are_refused(tiny_dataset):
    layers = {name: getattr(tiny_dataset, name) for name in schema.LAYERS}
    frame = contracts_frame()
    frame.loc[1, "contract_no"] = "HT-1"
    layers["contracts"] = normalise_layer("contracts", frame, source="t")
    with pytest.raises(SchemaError, match=r"layer contracts: 2 rows repeat a key \(contract_no=HT-1\), rows 1, 2"):
        dataset_from_layers(layers, source="t")


def test_suspect_rows_are_kept_with_notes(tiny_dataset):
    layers = {name: getattr(tiny_dataset, name) for name in schema.LAYERS}
    frame = contracts_frame()
    frame.loc[1, "parcel_id"] = "P99"
    frame.loc[0, "agreed_start"] = "2023-12-31"          # before the signing (2024-01-10)
    layers["contracts"] = normalise_layer("contracts", frame, source="t")
    ds = dataset_from_layers(layers, source="t")
    assert len(ds.contracts) == 2
    notes = "\n".join(ds.notes)
    assert "layer contracts, rows 2: parcel(s) P99 are not in the parcels layer" in notes
    assert f"credit code(s) {A} are not in enterprises" in notes
    assert "rows 1: the agreed start (约定动工日期) is before the signing" in notes


def test_contracts_xlsx_with_chinese_headers_and_a_bad_date_row(tmp_path):
    path = tmp_path / "供地合同.xlsx"
    pd.DataFrame({"合同编号": ["HT-1", "HT-2", "HT-3"], "宗地编号": ["P5", "P6", "P7"],
                  "签订日期": [pd.Timestamp("2024-01-10"), "2024-03-01", "2024-03-05"],
                  "出让价款(元)": [8_000_000, 3_000_000, 1_000_000],
                  "约定动工日期": ["2024-06-29", "2024/9/1", ""], "约定总投资(万元)": [12_000, 5_000, None]}
                 ).to_excel(path, index=False)
    result = table_from_file(path, "contracts")
    report, frame = result.report, result.frame.set_index("contract_no")
    assert (report.features, report.accepted, report.rejected) == (3, 2, 1)
    bad = [p for p in report.problems if p.severity == "error"]
    assert [(p.row, p.field, p.value) for p in bad] == [(3, "agreed_start", "2024/9/1")]
    assert "供地合同.xlsx, row 3 (HT-2), field agreed_start: '2024/9/1' is not a date; write it as YYYY-MM-DD" \
        in bad[0].message and "not used" in bad[0].message
    assert frame.at["HT-1", "land_price_wan"] == pytest.approx(800)          # 8 000 000 元 = 800 万元
    assert frame.at["HT-1", "total_investment_wan"] == 12_000                # 约定总投资 → total_investment_wan
    assert frame.at["HT-1", "signed"] == pd.Timestamp("2024-01-10")          # a date cell
    assert pd.isna(frame.at["HT-3", "agreed_start"])                         # blank: kept, reported later
    assert "HT-2" not in frame.index


def test_progress_csv_key_is_parcel_and_date(tmp_path):
    path = tmp_path / "进度.csv"
    path.write_text("宗地编号,核查日期,已动工,已开发面积(亩),已完成投资(万元)\n"
                    "P5,2025-01-01,否,,\nP5,2025-07-01,是,1.5,500\nP5,2025-07-01,是,2,600\nP6,07/01/2025,是,,\n",
                    encoding="utf-8")
    result = table_from_file(path, "progress")
    report, frame = result.report, result.frame
    assert (report.accepted, report.rejected) == (2, 2)
    assert list(frame["date"]) == [pd.Timestamp("2025-01-01"), pd.Timestamp("2025-07-01")]
    assert frame.at[1, "developed_area_m2"] == pytest.approx(1000)           # 1.5 亩 × 10000/15 m²
    rows = {p.row: p.message for p in report.problems if p.severity == "error"}
    assert "'07/01/2025' is not a date" in rows[5] and "already in row 3" in rows[4]


def test_datasets_toml_tables(tmp_path, tiny_dataset):
    dataset_to_gpkg(tiny_dataset, tmp_path / "whole.gpkg")
    contracts_frame().rename(columns={"contract_no": "合同编号", "agreed_start": "约定动工日期"}).to_csv(
        tmp_path / "contracts.csv", index=False)
    progress_frame().to_excel(tmp_path / "progress.xlsx", index=False)
    toml = write_toml(tmp_path, 'source = "whole.gpkg"\n[tables]\ncontracts = "contracts.csv"\n'
                                'progress = "progress.xlsx"\n')
    from geodata.datasets_config import dataset_from_toml
    ds = dataset_from_toml(toml)
    assert list(ds.contracts["contract_no"]) == ["HT-1", "HT-2"]
    assert ds.contracts.at[0, "agreed_start"] == pd.Timestamp("2024-06-29")
    assert len(ds.progress) == 2


def test_postgis_round_trip(pg, tiny_dataset):
    from geodata.postgis import dataset_from_postgis, dataset_to_postgis

    ds = with_lifecycle(tiny_dataset)
    dataset_to_postgis(ds, pg.url(), schema="lifecycle")
    back = dataset_from_postgis(pg.url(), schema="lifecycle")
    pd.testing.assert_frame_equal(back.contracts, ds.contracts, check_dtype=False)
    pd.testing.assert_frame_equal(back.progress, ds.progress, check_dtype=False)
    assert back.approvals.at[0, "batch_id"] == "PC-2023-1"
    assert back.approvals.geometry.iloc[0].equals_exact(ds.approvals.geometry.iloc[0], 1e-9)
    empty = dataclasses.replace(tiny_dataset)
    dataset_to_postgis(empty, pg.url(), schema="lifecycle", replace=True)
    assert dataset_from_postgis(pg.url(), schema="lifecycle").contracts.empty


def test_approvals_kept_with_the_zones_of_an_assembled_dataset(files, tiny_dataset):  # noqa: F811
    """datasets.toml with [layers]: the zones GeoPackage may hold the contracts and the approvals too."""
    import pyogrio

    from geodata.datasets_config import dataset_from_toml

    zones = files.parent.parent / "data" / "zones.gpkg"
    pyogrio.write_dataframe(normalise_layer("approvals", approvals_frame(), source="t"), zones, layer="approvals",
                            driver="GPKG")
    pyogrio.write_dataframe(normalise_layer("contracts", contracts_frame(), source="t"), zones, layer="contracts",
                            driver="GPKG")
    ds = dataset_from_toml(files)
    assert list(ds.approvals["batch_id"]) == ["PC-2023-1"] and ds.approvals.crs.to_epsg() == 4490
    assert list(ds.contracts["contract_no"]) == ["HT-1", "HT-2"]

"""Header matching, units, tax years and land codes (table-driven)."""

from __future__ import annotations

import pytest

from geodata.ingest.fields import (
    FieldMapping,
    Unrecognised,
    land_class_of,
    land_class_scheme,
    map_columns,
    match_header,
    non_negative,
)


@pytest.mark.parametrize(("header", "field", "factor"), [
    ("宗地编号", "parcel_id", 1), ("地块编号", "parcel_id", 1), ("ＤＫＢＭ", "parcel_id", 1), ("zddm", "parcel_id", 1),
    ("税收(元)", "tax_wan_2024", 1e-4), ("税收（万元）", "tax_wan_2024", 1), ("税收(亿元)", "tax_wan_2024", 1e4),
    ("2023年税收", "tax_wan_2023", 1), ("税收2022", "tax_wan_2022", 1), ("实缴税金 (元)", "tax_wan_2024", 1e-4),
    ("建筑面积(公顷)", "floor_area_m2", 1e4), ("建筑面积(亩)", "floor_area_m2", 10_000 / 15),
    ("总建筑面积(㎡)", "floor_area_m2", 1), ("占地面积(建筑)", "footprint_m2", 1), ("JDMJ", "footprint_m2", 1),
    ("能耗(千克标煤)", "energy_tce", 1e-3), ("综合能耗（吨标煤）", "energy_tce", 1),
    ("用地性质", "land_class", 1), ("DLMC", "land_class", 1), ("权利人", "enterprise", 1),
    ("主营业务收入(万元)", "revenue_wan", 1), ("工业增加值", "value_added_wan", 1), ("从业人数", "employees", 1),
    ("是否闲置", "idle", 1), ("固定资产投资(亿元)", "investment_wan", 1e4),
])
def test_headers(header, field, factor):
    m = match_header(header, tax_years=(2022, 2023, 2024))  # the years of the data in use
    assert isinstance(m, FieldMapping)
    assert (m.field, m.factor) == (field, pytest.approx(factor))


def test_an_undated_tax_column_takes_the_latest_year_in_use_or_asks():
    m = match_header("税收(万元)", tax_years=(2023, 2025))
    assert isinstance(m, FieldMapping) and m.field == "tax_wan_2025" and "taken as 2025" in m.note
    alone = match_header("税收(万元)")
    assert isinstance(alone, Unrecognised) and "says no year" in alone.message and "2024年税收" in alone.message


def test_unknown_unit_is_reported_not_guessed():
    m = match_header("税收(美元)")
    assert isinstance(m, Unrecognised) and "万元" in m.message


def test_unrelated_headers_are_left_alone():
    assert match_header("备注") is None and match_header("Shape_Area") is None


def test_duplicate_targets_and_overrides():
    mappings, unusable = map_columns(["宗地编号", "地块编号", "我的列"], overrides={"我的列": "industry"})
    assert [(m.source, m.field) for m in mappings] == [("宗地编号", "parcel_id"), ("我的列", "industry")]
    assert unusable[0].source == "地块编号"


@pytest.mark.parametrize(("value", "scheme", "expected"), [
    ("A2", None, "A2"), ("b21", None, "B21"), ("工业用地", None, "A2"), ("城镇住宅用地", None, "A1"),
    ("0601 工业用地", None, "A2"), ("1001", "2023", "A2"), ("1001", "GB/T21010-2017", "A31"),
    ("1004", None, "A31"), ("1005", None, "A32"), ("0810", None, "A51"), ("1401", "2023", "A51"),
    ("1207", "2023", "A31"), ("1208", "2023", "A32"), ("17", "2023", "C"), (601, "GB/T21010-2017", "A2"),
    (None, None, None),
])
def test_land_classes(value, scheme, expected):
    assert land_class_of(value, scheme=scheme) == (expected, None)


def test_ambiguous_code_is_reported_with_both_meanings():
    cls, problem = land_class_of("1001")
    assert cls is None and "A31" in problem and "A2" in problem


def test_scheme_from_header_hint():
    assert land_class_scheme("用地用海代码", []) == "2023"
    assert land_class_scheme("DLBM", []) == "GB/T21010-2017"


def test_every_numeric_parcel_field_is_non_negative_and_no_other():
    from geodata import schema

    numeric = {f.name for f in schema.PARCEL_INPUT_FIELDS if f.kind == "float"}
    assert {f.name for f in schema.PARCEL_INPUT_FIELDS if non_negative(f.name)} == numeric
    assert {"revenue_wan", "floor_area_m2", "footprint_m2", "building_footprint_m2", "employees"} <= numeric
    assert non_negative("tax_wan_2024")
    assert non_negative("tax_wan_2019")          # a tax year the dashboard does not show is kept, and checked
    assert not non_negative("tax_wan_x") and not non_negative("land_class")

"""Reading, writing and validating datasets in the canonical schema."""

from __future__ import annotations

import re

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geodata import schema
from geodata.dataset import dataset_from_gpkg, dataset_to_gpkg, normalise_layer
from geodata.errors import SchemaError, ZoneDataError
from tests.conftest import tiny_parcels_projected


def test_round_trip(tiny_dataset, tiny_parcels, tmp_path):
    path = dataset_to_gpkg(tiny_dataset, tmp_path / "tiny.gpkg")
    back = dataset_from_gpkg(path)
    assert list(back.parcels["parcel_id"]) == list(tiny_dataset.parcels["parcel_id"])
    assert back.parcels.crs.to_epsg() == 4490
    assert back.illustrative is True
    assert back.parcels["supplied"].dtype == "boolean"
    # the tiny parcels carried firm figures in the older layout: they became enterprise tables, said
    # so once, and the tables are what is written and read back
    firms = tiny_parcels["enterprise"].notna()
    assert any("older layout" in note and "generated" in note for note in tiny_dataset.notes)
    assert len(back.enterprises) == firms.sum() and not back.notes
    assert back.years == (2022, 2023, 2024)
    tax_2024 = back.enterprise_years.loc[back.enterprise_years["year"] == 2024, "tax_wan"]
    assert tax_2024.isna().sum() == tiny_parcels.loc[firms, "tax_wan_2024"].isna().sum()
    assert "tax_wan_2024" not in back.parcels.columns


def test_projected_input_is_stored_in_cgcs2000():
    out = normalise_layer("parcels", tiny_parcels_projected(), source="x.gpkg")
    assert out.crs.to_epsg() == 4490
    assert out.geometry.iloc[0].bounds[0] == pytest.approx(114.0, abs=0.01)


def test_missing_required_field_is_named():
    frame = tiny_parcels_projected().drop(columns=["land_class"])
    with pytest.raises(SchemaError, match=r"x\.gpkg, layer parcels \(宗地\): required field\(s\) "
                                          r"missing: land_class \(用地类别\)"):
        normalise_layer("parcels", frame, source="x.gpkg")


def test_every_problem_reported_with_row_field_value():
    frame = tiny_parcels_projected()
    frame.loc[1, "land_class"] = "M1"
    frame.loc[4, "parcel_id"] = "P1"
    frame["tax_wan_2024"] = frame["tax_wan_2024"].astype(object)
    frame.loc[0, "tax_wan_2024"] = "1.2万"
    frame.loc[2, "floor_area_m2"] = -5
    with pytest.raises(SchemaError) as info:
        normalise_layer("parcels", frame, source="x.gpkg")
    text = str(info.value)
    assert "4 problem(s)" in text
    assert "row 2, field land_class (用地类别): 'M1' is not a land class" in text
    assert "'P1' appears in rows 1, 5" in text
    assert "row 1, field tax_wan_2024: '1.2万' is not a number" in text
    assert "row 3, field floor_area_m2: -5.0 is negative" in text


def test_non_polygon_geometry_reported():
    frame = tiny_parcels_projected()
    frame.loc[3, "geometry"] = shapely.Point(500_000, 3_650_000)
    with pytest.raises(SchemaError, match="row 4: geometry is a Point; expected a Polygon"):
        normalise_layer("parcels", frame, source="x.gpkg")


def test_missing_file_and_missing_layers(tmp_path):
    with pytest.raises(ZoneDataError, match="no such file"):
        dataset_from_gpkg(tmp_path / "nope.gpkg")
    path = tmp_path / "only_zones.gpkg"
    gpd.GeoDataFrame({"a": [1]}, geometry=[shapely.box(114, 33, 114.1, 33.1)], crs=4490).to_file(
        path, layer="zones")
    with pytest.raises(ZoneDataError, match="layer\\(s\\) sections, parcels missing"):
        dataset_from_gpkg(path)


def test_not_a_geopackage(tmp_path):
    path = tmp_path / "bad.gpkg"
    path.write_text("not a database")
    with pytest.raises(ZoneDataError, match="cannot be opened as a GeoPackage"):
        dataset_from_gpkg(path)


def test_aliases_carry_units():
    assert schema.alias("parcels", "tax_wan_2024") == "2024年税收(万元)"
    assert schema.alias("parcels", "parcel_id") == "宗地编号"
    assert schema.alias("parcels", "tax_wan_2024", lang="en") == "Tax 2024(万元)"
    with pytest.raises(KeyError, match="canonical layers are zones"):
        schema.fields_of("roads")


def test_a_year_that_is_not_a_whole_number_is_reported_not_a_crash():
    frame = pd.DataFrame({"zone_id": ["z", "z", "z"], "year": [2024, 2025.5, "二〇二六"],
                          "star": [None, None, None], "tier": ["一档", "二档", "三档"]})
    with pytest.raises(SchemaError) as info:
        normalise_layer("zone_targets", frame, source="t.gpkg")
    text = str(info.value)
    assert "t.gpkg, layer zone_targets" in text
    assert "row 2, field year: 2025.5 is not a whole number" in text
    assert "row 3, field year: '二〇二六' is not a number" in text
    ok = normalise_layer("zone_targets", frame.iloc[:1], source="t.gpkg")
    assert ok["year"].tolist() == [2024]


def _with_tables(tiny_dataset, tmp_path, **tables):
    """The tiny land with explicit enterprise tables written beside it, read back."""
    from geodata.dataset import ZoneDataset

    ds = ZoneDataset(tiny_dataset.zones, tiny_dataset.sections, tiny_dataset.parcels, **tables)
    return dataset_from_gpkg(dataset_to_gpkg(ds, tmp_path / "t.gpkg"))


def test_enterprise_tables_round_trip_and_years_come_from_the_data(tiny_dataset, tmp_path):
    pid = list(tiny_dataset.parcels["parcel_id"])
    enterprises = pd.DataFrame({"credit_code": ["91350100M000100Y43", "91110000600037341L"],
                                "name": ["甲", "乙"], "industry": ["食品", None],
                                "above_scale": [True, None], "registered": ["2015-06-01", ""],
                                "exempt": [None, "在建"]})
    years = pd.DataFrame({"credit_code": ["91350100M000100Y43"] * 2 + ["91110000600037341L"],
                          "year": [2024, 2025, 2025], "tax_wan": [10.0, 12.5, None]})
    land_use = pd.DataFrame({"parcel_id": [pid[0], pid[1]], "credit_code": ["91350100M000100Y43", "91110000600037341L"],
                             "tenure": ["自有", "租赁"], "area_m2": [None, 100.0]})
    back = _with_tables(tiny_dataset, tmp_path, enterprises=normalise_layer("enterprises", enterprises, source="t"),
                        enterprise_years=normalise_layer("enterprise_years", years, source="t"),
                        land_use=normalise_layer("land_use", land_use, source="t"))
    assert back.years == (2024, 2025) and back.latest_year == 2025   # a file with 2025 offers 2025
    assert list(back.land_use["tenure"]) == ["own", "lease"]
    assert back.enterprises["above_scale"].isna().tolist() == [False, True]      # blank = unknown
    assert str(back.enterprises.loc[0, "registered"].date()) == "2015-06-01"
    assert back.enterprise_years["tax_wan"].isna().tolist() == [False, False, True]  # missing stays missing
    assert not back.notes


def test_wrong_check_character_and_stray_rows_are_noted_not_dropped(tiny_dataset, tmp_path):
    enterprises = pd.DataFrame({"credit_code": ["91350100M000100Y44"], "name": ["甲"]})
    land_use = pd.DataFrame({"parcel_id": ["nowhere", tiny_dataset.parcels["parcel_id"][0]],
                             "credit_code": ["91350100M000100Y44", "UNKNOWN"], "tenure": ["own", "own"]})
    back = _with_tables(tiny_dataset, tmp_path, enterprises=normalise_layer("enterprises", enterprises, source="t"),
                        land_use=normalise_layer("land_use", land_use, source="t"))
    assert len(back.enterprises) == 1 and len(back.land_use) == 2
    text = "\n".join(back.notes)
    assert "row 1, field credit_code (统一社会信用代码): '91350100M000100Y44': the check character is '4'" in text
    assert "layer land_use, rows 2: credit code(s) UNKNOWN are not in enterprises" in text
    assert "layer land_use, rows 1: parcel(s) nowhere are not in the parcels layer" in text


@pytest.mark.parametrize(("layer", "frame", "message"), [
    ("enterprise_years", pd.DataFrame({"credit_code": ["A", "A"], "year": [2024, 2024], "tax_wan": [1.0, 2.0]}),
     "layer enterprise_years: 2 rows repeat a key (credit_code=A, year=2024), rows 1, 2"),
    ("land_use", pd.DataFrame({"parcel_id": ["P1"], "credit_code": ["A"], "tenure": ["borrowed"]}),
     "layer land_use, field tenure (使用方式): rows 1 hold 'borrowed'; expected own (自有) or lease (租赁)"),
])
def test_ambiguous_enterprise_rows_are_errors(tiny_dataset, tmp_path, layer, frame, message):
    with pytest.raises(SchemaError, match=re.escape(message)):
        _with_tables(tiny_dataset, tmp_path, **{layer: normalise_layer(layer, frame, source="t")})


def test_blank_flags_are_unknown_and_bad_dates_reported():
    frame = tiny_parcels_projected()
    frame["idle"] = frame["idle"].astype(object)
    frame.loc[0, "idle"] = ""
    out = normalise_layer("parcels", frame, source="x.gpkg")
    assert out["idle"].isna().tolist()[0] is True and out["idle"].dtype == "boolean"
    with pytest.raises(SchemaError, match=r"row 1, field registered: '2015-13-45' is not a date"):
        normalise_layer("enterprises", pd.DataFrame({"credit_code": ["A"], "name": ["甲"],
                                                     "registered": ["2015-13-45"]}), source="e.csv")

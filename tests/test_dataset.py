"""Reading, writing and validating datasets in the canonical schema."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geodata import schema
from geodata.dataset import dataset_from_gpkg, dataset_to_gpkg, normalise_layer
from geodata.errors import SchemaError, ZoneDataError
from tests.conftest import tiny_parcels_projected


def test_round_trip(tiny_dataset, tmp_path):
    path = dataset_to_gpkg(tiny_dataset, tmp_path / "tiny.gpkg")
    back = dataset_from_gpkg(path)
    assert list(back.parcels["parcel_id"]) == list(tiny_dataset.parcels["parcel_id"])
    assert back.parcels.crs.to_epsg() == 4490
    assert back.illustrative is True
    assert back.parcels["supplied"].dtype == bool
    assert back.parcels["tax_wan_2024"].isna().sum() == tiny_dataset.parcels["tax_wan_2024"].isna().sum()


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

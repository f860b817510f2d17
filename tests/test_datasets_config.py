"""``datasets.toml``: a dataset assembled from files (with field mappings) or pointing at PostGIS.

The files are built in code from the tiny zone (tests/conftest.py): its zones and sections in a
GeoPackage, its parcels as a zipped shapefile whose columns have names the alias table does not
know, and its 2024 taxes in an XLSX table joined by parcel key.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import psycopg
import pyogrio
import pytest
import shapely

from geodata import crs
from geodata.dataset import ZoneDataset, dataset_to_gpkg
from geodata.datasets_config import dataset_from_toml, read_config, toml_stamp
from geodata.errors import SchemaError, ZoneDataError
from geodata.postgis import dataset_to_postgis, postgis_stamp, redact_dsn
from geodata.sources import dataset_from_source, is_toml_source, source_stamp
from tests.conftest import tiny_parcels_projected
from tests.postgis_server import PASSWORD
from zone_layers import summary

#: Source column of the parcel file -> canonical field; none of these names is in field_aliases.csv.
RENAMED = {"parcel_id": "DKBM", "zone_id": "SSQY", "section_id": "FQBH", "land_class": "YDLB",
           "supplied": "GYZT", "built": "JSZT", "idle": "XZZT"}
MAPPING_TOML = "\n".join(f'"{column}" = "{name}"' for name, column in RENAMED.items()) + '\n"NS2024" = "tax_wan_2024"'


def write_parcels_zip(folder: Path, *, drop: tuple[str, ...] = (), with_prj: bool = True) -> Path:
    """The tiny parcels (EPSG:4547) as ``parcels_2024.zip``: a shapefile with the RENAMED columns."""
    proj = tiny_parcels_projected()
    frame = gpd.GeoDataFrame(
        {column: (proj[name].map({True: 1, False: 0}) if proj[name].dtype == bool else proj[name])
         for name, column in RENAMED.items() if column not in drop},
        geometry=proj.geometry, crs=proj.crs)
    folder.mkdir(parents=True, exist_ok=True)
    shp = folder / "parcels.shp"
    pyogrio.write_dataframe(frame, shp, encoding="UTF-8")
    if not with_prj:
        shp.with_suffix(".prj").unlink()
    path = folder / "parcels_2024.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for part in sorted(folder.glob("parcels.*")):
            archive.write(part, part.name)
            part.unlink()
    return path


def write_taxes(path: Path, taxes: dict[str, float]) -> Path:
    """The XLSX tax table: DKBM (key) and NS2024 (tax 2024, 万元)."""
    pd.DataFrame({"DKBM": list(taxes), "NS2024": list(taxes.values())}).to_excel(path, index=False)
    return path


def write_zones(path: Path, dataset: ZoneDataset) -> Path:
    """A GeoPackage with only the zones and sections layers."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for layer in ("zones", "sections"):
        pyogrio.write_dataframe(getattr(dataset, layer), path, layer=layer, driver="GPKG")
    return path


@pytest.fixture
def files(tmp_path, tiny_dataset):
    """A data folder and a conf folder beside it holding datasets.toml with relative paths."""
    data = tmp_path / "data"
    write_zones(data / "zones.gpkg", tiny_dataset)
    write_parcels_zip(data)
    write_taxes(data / "tax_2024.xlsx", {"P1": 990, "P9": 120})
    conf = tmp_path / "conf"
    conf.mkdir()
    toml = conf / "datasets.toml"
    toml.write_text(f"""\
# the tiny zone, assembled
[layers]
zones = "../data/zones.gpkg"
sections = "../data/zones.gpkg"
parcels = "../data/parcels_2024.zip"
attributes = "../data/tax_2024.xlsx"

[mapping]
{MAPPING_TOML}

[crs]
parcels = "EPSG:4547"
""", encoding="utf-8")
    return toml


def write_toml(folder: Path, text: str) -> Path:
    path = folder / "datasets.toml"
    path.write_text(text, encoding="utf-8")
    return path


# --- assembling -------------------------------------------------------------------------------------

def test_assembled_from_a_geopackage_a_zipped_shapefile_and_an_xlsx_table(files, tiny_dataset, tmp_path,
                                                                            monkeypatch):
    monkeypatch.chdir(tmp_path / "data")                      # paths are relative to the toml, not the cwd
    ds = dataset_from_toml(files)
    assert ds.source == str(files)
    p = ds.parcels.set_index("parcel_id")
    assert list(p.index) == [f"P{i}" for i in range(1, 10)]
    orig = tiny_dataset.parcels.set_index("parcel_id")
    for name in ("zone_id", "section_id", "land_class", "supplied", "built", "idle"):
        assert list(p[name]) == list(orig[name]), name
    assert p["supplied"].dtype == "boolean"
    # taxes from the XLSX, joined by DKBM: P1 990 万元, P9 120 万元, the rest have no row (NaN); with
    # no firm names in the files each of those parcels is a firm named by its parcel (and a note says so)
    shown = summary.parcels_with_firms(ds).set_index("parcel_id")
    assert shown.at["P1", "tax_wan_2024"] == 990 and shown.at["P9", "tax_wan_2024"] == 120
    assert shown["tax_wan_2024"].drop(["P1", "P9"]).isna().all()
    assert ds.years == (2024,) and sorted(ds.enterprises["name"]) == ["P1", "P9"]
    assert any("named by its parcel ID" in note for note in ds.notes)
    # areas measured the project's way equal the file's: P1 is 300 m × 200 m = 60 000 m²
    np.testing.assert_allclose(crs.area_m2(ds.parcels), crs.area_m2(tiny_dataset.parcels), rtol=1e-6)
    assert crs.area_m2(ds.parcels).iloc[0] == pytest.approx(60_000, rel=1e-6)
    assert ds.parcels.crs.to_epsg() == 4490
    assert list(ds.zones["zone_id"]) == ["tiny"] and list(ds.sections["section_id"]) == ["s1", "s2"]
    assert ds.zone_targets.empty and ds.cluster_targets.empty


def test_sources_dispatch_toml_paths(files):
    assert is_toml_source(str(files)) and is_toml_source("X.TOML") and not is_toml_source("a.gpkg")
    assert not is_toml_source("postgresql://h/db.toml")
    assert len(dataset_from_source(str(files)).parcels) == 9
    assert source_stamp(str(files)) == toml_stamp(files)


def test_sections_default_to_the_zones_file_and_crs_is_optional(files, tmp_path):
    toml = write_toml(tmp_path / "data", f"""\
[layers]
zones = "zones.gpkg"
parcels = "parcels_2024.zip"

[mapping]
{MAPPING_TOML}
""")
    ds = dataset_from_toml(toml)
    assert len(ds.sections) == 2 and len(ds.parcels) == 9          # CRS from the shapefile's .prj
    assert ds.years == () and ds.enterprises.empty                  # no attribute table this time


def test_declared_crs_places_a_shapefile_without_prj(files, tmp_path):
    write_parcels_zip(tmp_path / "noprj", with_prj=False)
    text = files.read_text().replace("../data/parcels_2024.zip", "../noprj/parcels_2024.zip")
    ds = dataset_from_toml(write_toml(files.parent, text))
    np.testing.assert_allclose(crs.area_m2(ds.parcels).iloc[0], 60_000, rtol=1e-6)


def test_a_whole_geopackage_as_source(tmp_path, tiny_dataset):
    dataset_to_gpkg(tiny_dataset, tmp_path / "whole.gpkg")
    ds = dataset_from_toml(write_toml(tmp_path, 'source = "whole.gpkg"\n'))
    assert list(ds.parcels["parcel_id"]) == list(tiny_dataset.parcels["parcel_id"])


# --- problems in the data -----------------------------------------------------------------------------

def test_a_parcel_file_that_is_not_loadable_lists_its_errors(files, tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    frame = gpd.GeoDataFrame({"DKBM": ["P1"]}, geometry=[shapely.box(1, 1, 2, 2)], crs=4547)
    pyogrio.write_dataframe(frame, folder / "bad.shp")
    (folder / "bad.prj").unlink()                                  # 1..2: metres? degrees? cannot tell
    text = files.read_text().replace("../data/parcels_2024.zip", "../bad/bad.shp").replace(
        'parcels = "EPSG:4547"', "")
    with pytest.raises(ZoneDataError) as info:
        dataset_from_toml(write_toml(files.parent, text))
    message = str(info.value)
    assert "datasets.toml: layers.parcels = 'bad.shp' cannot be loaded" in message
    assert "cannot be determined" in message


def test_missing_required_fields_say_which_and_how_to_map_them(files):
    text = files.read_text().replace('"SSQY" = "zone_id"\n', "").replace('"GYZT" = "supplied"\n', "")
    with pytest.raises(ZoneDataError) as info:
        dataset_from_toml(write_toml(files.parent, text))
    message = str(info.value)
    assert "no column for the required field(s) zone_id (开发区编号), supplied (已供应)" in message
    assert "SSQY" in message and "GYZT" in message                # the unrecognised columns are listed
    assert '[mapping]\n"<column with zone_id>" = "zone_id"' in message


def test_a_layer_outside_the_canonical_schema_is_reported_by_normalise_layer(files, tiny_dataset, tmp_path):
    zones = tiny_dataset.zones.drop(columns="planned_area_km2")
    write_zones(tmp_path / "z2" / "zones.gpkg", ZoneDataset(zones, tiny_dataset.sections, tiny_dataset.parcels))
    text = files.read_text().replace('zones = "../data/zones.gpkg"', 'zones = "../z2/zones.gpkg"')
    with pytest.raises(SchemaError, match=r"layers\.zones\), layer zones .*required field\(s\) missing: "
                                          r"planned_area_km2"):
        dataset_from_toml(write_toml(files.parent, text))


# --- validating the description -----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ('sorce = "zones.gpkg"\n',
     "sorce = 'zones.gpkg'; expected one of the keys source, schema, layers, mapping, crs, tables "
     "(did you mean 'source'?)"),
    ('source = "zones.gpkg"\n[layers]\nzones = "zones.gpkg"\nparcels = "parcels_2024.zip"\n',
     "source = 'zones.gpkg'; expected either source (one whole dataset) or [layers]"),
    ("# nothing\n", 'source is missing; expected source = "zones.gpkg" (or a postgresql:// URL), or a [layers]'),
    ("source = 5\n",
     'source = 5; expected a GeoPackage path or a postgresql:// URL in double quotes, e.g. "zones.gpkg"'),
    ('source = ""\n', "source = ''; expected a GeoPackage path or a postgresql:// URL"),
    ('source = "nope.gpkg"\n', "source = 'nope.gpkg'; expected an existing file; no such file"),
    ('source = "other.toml"\n', "cannot point at another one"),
    ('source = "zones.gpkg"\nschema = "zones"\n',
     "schema = 'zones'; expected no schema: it applies only to a postgresql:// source"),
    ('source = "postgresql://u:s3cret@h/db"\nschema = "Public"\n',
     "schema = 'Public'; expected a plain lower-case name of letters a-z, digits and _"),
    ('source = "zones.gpkg"\n[mapping]\nSSQY = "zone_id"\n',
     "mapping = {'SSQY': 'zone_id'}; expected no [mapping] table: it applies only to files assembled"),
    ('source = "zones.gpkg"\n[crs]\nparcels = 4547\n',
     "crs = {'parcels': 4547}; expected no [crs] table: it applies only to files assembled"),
    ('layers = "zones.gpkg"\n',
     "layers = 'zones.gpkg'; expected a table [layers] with the keys zones, sections, parcels, attributes"),
    ('[layers]\nzones = "zones.gpkg"\n',
     "layers.parcels is missing; expected the path of a data file in double quotes, "
     'relative to this file\'s folder, e.g. "parcels_2024.zip"'),
    ('[layers]\nzones = "zones.gpkg"\nparcels = "parcels_2024.zip"\nroads = "r.shp"\n',
     "layers.roads = 'r.shp'; expected one of the keys zones, sections, parcels, attributes; remove or rename it"),
    ('[layers]\nzones = "zones.gpkg"\nparcels = "postgresql://h/db"\n',
     "layers.parcels = 'postgresql://h/db'; expected a file path: a postgresql:// URL is only accepted as the "
     "top-level source"),
    ('[layers]\nzones = "zones.gpkg"\nparcels = "missing.zip"\n',
     "layers.parcels = 'missing.zip'; expected an existing file; no such file"),
    ('[layers]\nzones = "zones.gpkg"\nparcels = "parcels_2024.zip"\n[mapping]\nSSQY = "zone"\n',
     "mapping.SSQY = 'zone'; expected a canonical parcel field: parcel_id, zone_id"),
    ('[layers]\nzones = "zones.gpkg"\nparcels = "parcels_2024.zip"\n[mapping]\nA = "zone_id"\nB = "zone_id"\n',
     "mapping.B = 'zone_id'; expected one column per field: column 'A' is already mapped to zone_id"),
    ('[layers]\nzones = "zones.gpkg"\nparcels = "parcels_2024.zip"\n[mapping]\nA = 3\n',
     "mapping.A = 3; expected a non-empty text in double quotes"),
    ('[layers]\nzones = "zones.gpkg"\nparcels = "parcels_2024.zip"\n[crs]\nparcels = "EPSG:99999"\n',
     "crs.parcels = 'EPSG:99999'; expected a CRS that can be read: CRS 'EPSG:99999' is not understood"),
    ('[layers]\nzones = "zones.gpkg"\nparcels = "parcels_2024.zip"\n[crs]\nzones = 4490\n',
     "crs.zones = 4490; expected one of the keys parcels; remove or rename it"),
    ("[layers\n", "not valid TOML"),
])
def test_every_invalid_description_is_refused_naming_file_key_value_and_fix(files, text, expected):
    toml = write_toml(files.parent.parent / "data", text)
    with pytest.raises(ZoneDataError) as info:
        read_config(toml)
    message = str(info.value)
    assert message.startswith(str(toml))
    assert expected in message
    assert "s3cret" not in message
    with pytest.raises(ZoneDataError, match=r"datasets\.toml"):        # the stamp refuses it too
        toml_stamp(toml)


def test_all_problems_are_reported_together(tmp_path):
    toml = write_toml(tmp_path, '[layers]\nzones = "a.gpkg"\n[mapping]\nX = "nope"\n[crs]\nparcels = "bad"\n')
    with pytest.raises(ZoneDataError) as info:
        read_config(toml)
    message = str(info.value)
    assert "4 problems in the dataset description" in message
    for part in ("layers.zones = 'a.gpkg'; expected an existing file; no such file", "layers.parcels is missing",
                 "mapping.X = 'nope'", "crs.parcels = 'bad'"):
        assert part in message


LAYERS = '[layers]\nzones = "zones.gpkg"\nparcels = "parcels_2024.zip"\n'


@pytest.mark.parametrize(("text", "line"), [
    (LAYERS.replace('"parcels_2024.zip"', "7"), "layers.parcels = 7; expected the path of a data file in double "
     'quotes, relative to this file\'s folder, e.g. "parcels_2024.zip"'),
    (LAYERS + 'sections = "sections.gpkg"\n', "layers.sections = 'sections.gpkg'; expected an existing file; no "
     "such file: "),
    (LAYERS + 'atributes = "tax.xlsx"\n', "layers.atributes = 'tax.xlsx'; expected one of the keys zones, "
     "sections, parcels, attributes (did you mean 'attributes'?); remove or rename it"),
    (LAYERS + '[mapping]\n"税收(元)" = "tax"\n', 'mapping."税收(元)" = \'tax\'; expected a canonical parcel field: '),
    (LAYERS + "[crs]\nparcels = true\n", "crs.parcels = True; expected an EPSG code or a CRS name, e.g. "
     '"EPSG:4547"'),
    ('source = "postgresql://u:s3cret@h/db"\nschema = 5\n', "schema = 5; expected the PostgreSQL schema of a "
     'postgresql:// source, e.g. "public"'),
])
def test_a_bad_value_is_reported_at_its_exact_key_path(files, text, line):
    toml = write_toml(files.parent.parent / "data", text)
    with pytest.raises(ZoneDataError) as info:
        read_config(toml)
    assert f"\n- {toml}: {line}" in str(info.value), str(info.value)


def test_two_problems_in_one_file_are_both_reported(files):
    toml = write_toml(files.parent.parent / "data", LAYERS + '[mapping]\nA = "zone_id"\nB = "zone_id"\n'
                      '[crs]\nparcels = "EPSG:0"\n')
    with pytest.raises(ZoneDataError) as info:
        read_config(toml)
    message = str(info.value)
    assert message.startswith(f"{toml}: 2 problems in the dataset description")
    assert f"- {toml}: mapping.B = 'zone_id'; expected one column per field: column 'A' is already mapped" in message
    assert f"- {toml}: crs.parcels = 'EPSG:0'; expected a CRS that can be read" in message


def test_a_missing_toml_is_named(tmp_path):
    for call in (dataset_from_toml, toml_stamp, dataset_from_source, source_stamp):
        with pytest.raises(ZoneDataError, match=r"nope\.toml: cannot read the dataset description"):
            call(str(tmp_path / "nope.toml"))


# --- the stamp ----------------------------------------------------------------------------------------

def touch(path: Path, *, later_by_ns: int = 1_000_000_000) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + later_by_ns))


def test_stamp_changes_when_the_toml_or_a_referenced_file_changes(files, tmp_path):
    first = toml_stamp(files)
    assert toml_stamp(files) == first
    assert len(first) == 1 + 4                                    # the toml, then its four files
    data = tmp_path / "data"
    seen = {first}
    for name in ("zones.gpkg", "parcels_2024.zip", "tax_2024.xlsx"):
        touch(data / name)
        stamp = toml_stamp(files)
        assert stamp not in seen, name
        seen.add(stamp)
    write_taxes(data / "tax_2024.xlsx", {"P1": 991, "P9": 120})
    assert toml_stamp(files) not in seen
    seen.add(toml_stamp(files))
    touch(files)
    assert toml_stamp(files) not in seen
    (data / "tax_2024.xlsx").unlink()                               # a referenced file disappears
    with pytest.raises(ZoneDataError, match=r"layers\.attributes = '../data/tax_2024\.xlsx'; expected an existing"):
        toml_stamp(files)


def test_stamp_of_a_shapefile_covers_its_side_files(files, tmp_path):
    folder = tmp_path / "shp"
    folder.mkdir()
    with zipfile.ZipFile(tmp_path / "data" / "parcels_2024.zip") as archive:
        archive.extractall(folder)
    text = files.read_text().replace("../data/parcels_2024.zip", "../shp/parcels.shp")
    toml = write_toml(files.parent, text)
    assert len(dataset_from_toml(toml).parcels) == 9
    before = toml_stamp(toml)
    touch(folder / "parcels.dbf")                                     # the attributes live in the .dbf
    assert toml_stamp(toml) != before


# --- PostGIS ------------------------------------------------------------------------------------------


def test_a_toml_pointing_at_postgis(pg, tiny_dataset, tmp_path, monkeypatch):
    dataset_to_postgis(tiny_dataset, pg.url(), schema="from_toml")
    url = pg.url(with_password=False)
    toml = write_toml(tmp_path, f'source = "{url}"\nschema = "from_toml"\n')
    monkeypatch.delenv("PGPASSWORD", raising=False)
    ds = dataset_from_source(str(toml), password=PASSWORD)
    assert list(ds.parcels["parcel_id"]) == list(tiny_dataset.parcels["parcel_id"])
    assert ds.source == redact_dsn(url) + " schema from_toml"
    stamp = source_stamp(str(toml), password=PASSWORD)
    assert stamp[1] == ("source", postgis_stamp(url, schema="from_toml", password=PASSWORD))
    with psycopg.connect(pg.url()) as conn:
        conn.execute("UPDATE from_toml.parcels SET floor_area_m2 = 1 WHERE parcel_id = 'P2'")
    assert source_stamp(str(toml), password=PASSWORD) != stamp       # the data changed, the toml did not
    with pytest.raises(ZoneDataError, match="password authentication failed") as info:
        dataset_from_toml(toml, password="wrong-" + PASSWORD)
    assert PASSWORD not in str(info.value)


def duplicate_first_parcel(archive: Path) -> None:
    """The zipped Shapefile ``archive`` rewritten with its first parcel twice."""
    data = archive.parent
    frame = gpd.read_file(f"zip://{archive}")
    frame = pd.concat([frame, frame.iloc[[0]]], ignore_index=True)   # P1 twice
    archive.unlink()
    shp = data / "parcels.shp"
    pyogrio.write_dataframe(gpd.GeoDataFrame(frame, geometry="geometry", crs=frame.crs), shp, encoding="UTF-8")
    with zipfile.ZipFile(archive, "w") as z:
        for part in sorted(data.glob("parcels.*")):
            z.write(part, part.name)
            part.unlink()


def test_rejected_parcels_are_not_dropped_silently(files, tmp_path):
    """A parcel rejected while assembling (here a duplicated 宗地编号) becomes a note the app shows."""
    duplicate_first_parcel(tmp_path / "data" / "parcels_2024.zip")
    ds = dataset_from_toml(files)
    assert len(ds.parcels) == 9                                     # the duplicate is rejected …
    assert "1 parcel(s) rejected" in ds.notes[0]                    # … and said so

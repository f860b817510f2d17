"""The PostGIS store, against a real throwaway PostgreSQL 15 + PostGIS server (no mocks).

The server (tests/postgis_server.py) starts once for this module on 127.0.0.1 and a free port;
each test writes into its own PostgreSQL schema, so tests do not see each other's rows.
"""

from __future__ import annotations

import itertools
import logging
import math
import socket
import time
from urllib.parse import quote

import geopandas as gpd
import numpy as np
import pandas as pd
import psycopg
import pytest
import shapely
import sqlalchemy as sa
from geopandas.testing import assert_geodataframe_equal
from sqlalchemy.pool import NullPool

from geodata import crs
from geodata.dataset import ZoneDataset, dataset_from_gpkg, dataset_to_gpkg
from geodata.errors import SchemaError, ZoneDataError
from geodata.postgis import (
    CONNECT_TIMEOUT_S,
    PostGISError,
    dataset_from_postgis,
    dataset_to_postgis,
    is_postgis_source,
    layer_select,
    main,
    postgis_stamp,
    redact_dsn,
    sqlalchemy_url,
)
from geodata.sources import dataset_from_source, source_stamp
from tests.conftest import X0, Y0
from tests.postgis_server import PASSWORD, free_port
from zone_layers import summary

SECRETS = (PASSWORD, quote(PASSWORD, safe=""))
_schemas = itertools.count()



@pytest.fixture
def live(pg):
    """The server, running (a fault test may have stopped it)."""
    if not pg.running:
        pg.start()
    return pg


@pytest.fixture
def loaded(live, tiny_dataset):
    """(server, schema): the tiny dataset written into a fresh schema."""
    name = f"t{next(_schemas)}"
    dataset_to_postgis(tiny_dataset, live.url(), schema=name)
    return live, name


def assert_no_secret(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text


def full_message(exc: BaseException) -> str:
    """The message of ``exc`` and of every exception chained to it."""
    parts = []
    while exc is not None:
        parts.append(f"{type(exc).__name__}: {exc}")
        exc = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
    return "\n".join(parts)


# --- round trip -----------------------------------------------------------------------------------

def test_round_trip_equals_the_original(loaded, tiny_dataset):
    server, name = loaded
    back = dataset_from_postgis(server.url(), schema=name)
    for layer in ("zones", "sections", "parcels"):
        orig, got = getattr(tiny_dataset, layer), getattr(back, layer)
        assert list(got.columns) == list(orig.columns)
        assert got.crs.to_epsg() == 4490
        assert_geodataframe_equal(got, orig, check_less_precise=False)
        # areas measured the project's way (Gauss-Kruger per geometry) agree to 1e-6 relative
        np.testing.assert_allclose(crs.area_m2(got), crs.area_m2(orig), rtol=1e-6)
    p = back.parcels.set_index("parcel_id")
    assert list(p.index) == [f"P{i}" for i in range(1, 10)]
    # P1: 300 m × 200 m = 60 000 m² drawn in EPSG:4547, so ≈ 60 000 m² back (GK3 CM 114°E again)
    assert crs.area_m2(back.parcels).iloc[0] == pytest.approx(60_000, rel=1e-6)
    assert p.at["P1", "floor_area_m2"] == 72_000
    assert p.at["P5", "idle"] and not p.at["P6", "supplied"]
    assert p["supplied"].dtype == "boolean"
    # the enterprise tables travel too, and give each parcel the same firm figures
    for layer in ("enterprises", "enterprise_years", "land_use"):
        pd.testing.assert_frame_equal(getattr(back, layer), getattr(tiny_dataset, layer), check_dtype=False)
    view = summary.parcels_with_firms(back).set_index("parcel_id")
    assert view.at["P1", "tax_wan_2024"] == 990
    assert math.isnan(view.at["P2", "tax_wan_2024"])              # NaN stays NaN (NULL in the table)
    assert view["tax_wan_2022"].isna().all()
    assert pd.isna(view.at["P3", "enterprise"])
    assert back.zones.at[0, "name"] == "小开发区"
    assert back.illustrative is True
    assert back.source == redact_dsn(server.url()) + f" schema {name}"
    assert back.zone_targets.empty and back.cluster_targets.empty


def test_targets_round_trip_with_integer_years(live, tiny_dataset):
    targets = pd.DataFrame({"zone_id": ["tiny", "tiny"], "year": [2025, 2026], "star": ["一星", None],
                            "tier": ["二档", "一档"]})
    clusters = pd.DataFrame({"zone_id": ["tiny"], "cluster": ["装备制造"], "year": [2026],
                             "revenue_target_yi": [12.5]})
    ds = ZoneDataset(tiny_dataset.zones, tiny_dataset.sections, tiny_dataset.parcels, targets, clusters)
    dataset_to_postgis(ds, live.url(), schema="targets")
    back = dataset_from_postgis(live.url(), schema="targets")
    assert back.zone_targets["year"].dtype == "Int64"
    assert list(back.zone_targets["year"]) == [2025, 2026]
    assert pd.isna(back.zone_targets.at[1, "star"])
    assert back.cluster_targets.at[0, "revenue_target_yi"] == 12.5


def test_the_table_layout(loaded):
    server, name = loaded
    with psycopg.connect(server.url()) as conn:
        geom = conn.execute("SELECT type, srid FROM geometry_columns WHERE f_table_schema = %s AND "
                            "f_table_name = 'parcels'", (name,)).fetchone()
        gist = conn.execute("SELECT count(*) FROM pg_indexes WHERE schemaname = %s AND tablename = 'parcels' "
                            "AND indexdef ILIKE '%%USING gist%%'", (name,)).fetchone()
        pkey = conn.execute("SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
                            "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = %s::regclass AND i.indisprimary",
                            (f"{name}.parcels",)).fetchall()
        kinds = dict(conn.execute("SELECT column_name, data_type FROM information_schema.columns WHERE "
                                  "table_schema = %s AND table_name = 'parcels'", (name,)).fetchall())
        types = conn.execute(f"SELECT DISTINCT ST_GeometryType(geom) FROM {name}.parcels").fetchall()
    assert geom == ("MULTIPOLYGON", 4490)
    assert gist == (1,)
    assert pkey == [("parcel_id",)]
    assert kinds["floor_area_m2"] == "double precision" and kinds["supplied"] == "boolean"
    with psycopg.connect(server.url()) as conn:
        firm_kinds = dict(conn.execute("SELECT column_name, data_type FROM information_schema.columns WHERE "
                                       "table_schema = %s AND table_name IN ('enterprises', 'enterprise_years')",
                                       (name,)).fetchall())
    assert firm_kinds["tax_wan"] == "double precision" and firm_kinds["registered"] == "date"
    assert firm_kinds["year"] == "bigint" and firm_kinds["above_scale"] == "boolean"
    assert kinds["parcel_id"] == "text"
    assert types == [("ST_MultiPolygon",)]                         # polygons promoted


def test_existing_tables_are_kept_unless_replace(loaded, tiny_dataset):
    server, name = loaded
    with pytest.raises(PostGISError, match=r"table\(s\) zones, sections, parcels, .* already exist; pass replace=True"):
        dataset_to_postgis(tiny_dataset, server.url(), schema=name)
    one = tiny_dataset.parcels.iloc[:3]
    dataset_to_postgis(ZoneDataset(tiny_dataset.zones, tiny_dataset.sections, one), server.url(), schema=name,
                       replace=True)
    assert len(dataset_from_postgis(server.url(), schema=name).parcels) == 3


def test_zone_filter_is_applied_by_the_server(live, tiny_dataset):
    other = tiny_dataset.parcels.assign(zone_id="other", parcel_id=tiny_dataset.parcels["parcel_id"] + "b")
    parcels = pd.concat([tiny_dataset.parcels, other.iloc[:4]], ignore_index=True)
    sections = pd.concat([tiny_dataset.sections, tiny_dataset.sections.assign(zone_id="other")], ignore_index=True)
    ds = ZoneDataset(tiny_dataset.zones, sections, parcels)
    dataset_to_postgis(ds, live.url(), schema="two_zones")
    tiny = dataset_from_postgis(live.url(), schema="two_zones", zone_id="tiny")
    assert len(tiny.parcels) == 9 and set(tiny.parcels["zone_id"]) == {"tiny"}
    assert len(tiny.sections) == 2
    assert len(tiny.zones) == 1                                      # zones are not filtered
    assert len(dataset_from_postgis(live.url(), schema="two_zones", zone_id="other").parcels) == 4
    assert len(dataset_from_postgis(live.url(), schema="two_zones", zone_id="nope").parcels) == 0
    assert len(dataset_from_postgis(live.url(), schema="two_zones").parcels) == 13


def test_sql_injection_through_zone_id_finds_nothing_and_breaks_nothing(loaded):
    server, name = loaded
    for attack in ("x' OR '1'='1", "tiny'; DROP TABLE parcels; --", "tiny' --", 'tiny" OR 1=1'):
        assert len(dataset_from_postgis(server.url(), schema=name, zone_id=attack).parcels) == 0
    assert len(dataset_from_postgis(server.url(), schema=name).parcels) == 9


@pytest.mark.parametrize("bad", ["public; DROP TABLE parcels", "Public", "a-b", "1st", "x" * 64, "",
                                 'pub"lic', "t0.parcels"])
def test_a_bad_schema_name_is_refused_before_any_connection(bad):
    # no server needed: the whitelist refuses the name first (port 1 would fail to connect otherwise)
    for call in (lambda: dataset_from_postgis("postgresql://u@127.0.0.1:1/db", schema=bad),
                 lambda: postgis_stamp("postgresql://u@127.0.0.1:1/db", schema=bad)):
        with pytest.raises(PostGISError, match=r"schema name .* is refused: expected a plain lower-case name"):
            call()


def test_missing_tables_are_named_with_the_fix(live):
    with pytest.raises(PostGISError) as info:
        dataset_from_postgis(live.url(), schema="nothing_here")
    text = str(info.value)
    assert "table(s) zones, sections, parcels missing" in text
    assert "python -m geodata.postgis load FILE.gpkg" in text and "--schema nothing_here" in text
    assert_no_secret(text)


def test_a_table_outside_the_canonical_schema_is_reported_by_normalise_layer(loaded):
    server, name = loaded
    with psycopg.connect(server.url()) as conn:
        conn.execute(f"ALTER TABLE {name}.parcels DROP COLUMN land_class")
    with pytest.raises(SchemaError, match=r"layer parcels \(宗地\): required field\(s\) missing: land_class"):
        dataset_from_postgis(server.url(), schema=name)


# --- bounding box (SQLAlchemy, GiST index) ------------------------------------------------------------

def lonlat_box(x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
    """A box drawn in EPSG:4547 metres around the tiny zone, as a lon/lat bbox (EPSG:4490)."""
    minx, miny, maxx, maxy = gpd.GeoSeries([shapely.box(x0, y0, x1, y1)], crs=4547).to_crs(4490).total_bounds
    return float(minx), float(miny), float(maxx), float(maxy)


def bbox_hits(frame: gpd.GeoDataFrame, bbox: tuple[float, float, float, float]) -> list[str]:
    """Keys of the rows whose bounding box intersects ``bbox`` (what ``geom && envelope`` means)."""
    b = frame.bounds
    hit = (b.minx <= bbox[2]) & (b.maxx >= bbox[0]) & (b.miny <= bbox[3]) & (b.maxy >= bbox[1])
    key = "parcel_id" if "parcel_id" in frame else "section_id"
    return list(frame.loc[hit, key])


# Parcels lie side by side from X0 with 10 m gaps (P1 300 m wide, P2 150, P3 100, P4 450, …), all from
# Y0 up to their heights (P1 200, P2 200, P3 150, P4 20, P5 120, …); section s1 ends at X0 + 575. Box
# edges sit in the gaps, ≥ 2 m from any edge, well clear of the index's float4 rounding (< 1 m).
BOXES = {
    "P2-P3": ((X0 + 305, Y0 - 50, X0 + 573, Y0 + 300), ["P2", "P3"], ["s1"]),
    "tall ones": ((X0 - 50, Y0 + 130, X0 + 1200, Y0 + 300), ["P1", "P2", "P3"], ["s1", "s2"]),
    "P4 only": ((X0 + 600, Y0 + 5, X0 + 1000, Y0 + 15), ["P4"], ["s2"]),
    "nothing": ((X0 - 500, Y0 - 500, X0 - 100, Y0 - 100), [], []),
}


@pytest.mark.parametrize("box", list(BOXES))
def test_bbox_filter_returns_exactly_the_rows_whose_bbox_intersects(loaded, tiny_dataset, box):
    server, name = loaded
    corners, parcels, sections = BOXES[box]
    bbox = lonlat_box(*corners)
    back = dataset_from_postgis(server.url(), schema=name, bbox=bbox)
    assert list(back.parcels["parcel_id"]) == parcels == bbox_hits(tiny_dataset.parcels, bbox)
    assert list(back.sections["section_id"]) == sections == bbox_hits(tiny_dataset.sections, bbox)
    assert len(back.zones) == 1                                        # zones are not filtered
    # the rows read are the file's: same attributes, same areas (project's way) to 1e-6
    orig = tiny_dataset.parcels[tiny_dataset.parcels["parcel_id"].isin(parcels)].reset_index(drop=True)
    assert back.parcels.geometry.geom_equals_exact(orig.geometry, tolerance=0).all()
    assert back.parcels["floor_area_m2"].equals(orig["floor_area_m2"])
    np.testing.assert_allclose(crs.area_m2(back.parcels), crs.area_m2(orig), rtol=1e-6)


def test_zone_and_bbox_filters_combine(live, tiny_dataset):
    other = tiny_dataset.parcels.assign(zone_id="other", parcel_id=tiny_dataset.parcels["parcel_id"] + "b")
    parcels = pd.concat([tiny_dataset.parcels, other], ignore_index=True)
    dataset_to_postgis(ZoneDataset(tiny_dataset.zones, tiny_dataset.sections, parcels), live.url(),
                       schema="zone_bbox", replace=True)
    bbox = lonlat_box(*BOXES["P2-P3"][0])
    assert list(dataset_from_postgis(live.url(), schema="zone_bbox", bbox=bbox).parcels["parcel_id"]) == [
        "P2", "P3", "P2b", "P3b"]
    both = dataset_from_postgis(live.url(), schema="zone_bbox", zone_id="other", bbox=bbox)
    assert list(both.parcels["parcel_id"]) == ["P2b", "P3b"]
    assert list(both.sections["section_id"]) == []                     # sections belong to zone tiny


def test_the_bbox_query_uses_the_gist_index(loaded):
    server, name = loaded
    engine = sa.create_engine(sqlalchemy_url(server.url()), poolclass=NullPool)
    try:
        with engine.connect() as conn:
            columns = dict(conn.execute(sa.text(
                "SELECT column_name, udt_name FROM information_schema.columns WHERE table_schema = :schema "
                "AND table_name = 'parcels'"), {"schema": name}).all())
            stmt = layer_select(name, "parcels", columns, bbox=lonlat_box(*BOXES["P2-P3"][0]))
            compiled = stmt.compile(dialect=conn.dialect)
            sql_text = str(compiled)
            conn.exec_driver_sql("SET enable_seqscan = off")
            plan = "\n".join(row[0] for row in conn.exec_driver_sql(f"EXPLAIN {sql_text}", compiled.params))
    finally:
        engine.dispose()
    assert "geom && ST_MakeEnvelope(%(minx)s, %(miny)s, %(maxx)s, %(maxy)s, 4490)" in sql_text  # bound values
    assert "parcels_geom_gist" in plan, plan


def test_bbox_on_a_table_stored_in_another_srid(loaded, tiny_dataset):
    # e.g. loaded by ogr2ogr in the projected CRS: the envelope is transformed to the column's SRID
    server, name = loaded
    with psycopg.connect(server.url()) as conn:
        conn.execute("CREATE SCHEMA projected")
        for layer in ("zones", "sections", "parcels"):
            conn.execute(f"CREATE TABLE projected.{layer} AS SELECT * FROM {name}.{layer}")
            conn.execute(f"ALTER TABLE projected.{layer} ALTER COLUMN geom TYPE geometry(MultiPolygon, 4547) "
                         "USING ST_Transform(geom, 4547)")
    bbox = lonlat_box(*BOXES["P2-P3"][0])
    back = dataset_from_postgis(server.url(), schema="projected", bbox=bbox)
    assert list(back.parcels["parcel_id"]) == ["P2", "P3"] and list(back.sections["section_id"]) == ["s1"]
    np.testing.assert_allclose(crs.area_m2(back.parcels), crs.area_m2(tiny_dataset.parcels.iloc[1:3]), rtol=1e-6)


@pytest.mark.parametrize(("bbox", "why"), [
    ((114.0, 33.0, 114.1), "expected four finite numbers"),
    ((114.0, 33.0, "a", 33.1), "expected four finite numbers"),
    ((114.0, 33.0, float("nan"), 33.1), "expected four finite numbers"),
    ((114.1, 33.0, 114.0, 33.1), "minx must not exceed maxx"),
    ((500_000, 3_650_000, 501_000, 3_651_000), "not longitude/latitude degrees"),
])
def test_a_bad_bbox_is_refused_before_any_connection(bbox, why):
    with pytest.raises(PostGISError, match=why):
        dataset_from_postgis("postgresql://u@127.0.0.1:1/db", bbox=bbox)


@pytest.mark.parametrize(("dsn", "url"), [
    ("postgresql://zone@db:5432/zones", "postgresql+psycopg://zone@db:5432/zones"),
    ("POSTGRES://zone@db/zones", "postgresql+psycopg://zone@db/zones"),
    ("postgresql+psycopg://zone@db/zones", "postgresql+psycopg://zone@db/zones"),
])
def test_sqlalchemy_url_names_the_psycopg_driver(dsn, url):
    assert sqlalchemy_url(dsn) == url


# --- the stamp ------------------------------------------------------------------------------------

def untracked(server, name: str) -> None:
    """The layer tables of ``name`` without the version trigger, as another tool would have made them."""
    with psycopg.connect(server.url()) as conn:
        for table in conn.execute("SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = 'zone_version' "
                                  "AND tgrelid::regclass::text LIKE %s", (f"{name}.%",)).fetchall():
            conn.execute(f"DROP TRIGGER zone_version ON {table[0]}")
        conn.execute(f"DROP TABLE {name}.zone_data_version")


def seq_scans(server, name: str) -> int:
    """Sequential scans of the layer tables of ``name`` so far (the one-row version table aside)."""
    with psycopg.connect(server.url()) as conn:
        conn.execute("SELECT pg_stat_clear_snapshot()")
        return int(conn.execute("SELECT coalesce(sum(seq_scan), 0) FROM pg_stat_user_tables WHERE schemaname = %s "
                                "AND relname <> 'zone_data_version'", (name,)).fetchone()[0])


def test_a_loaded_schema_is_stamped_by_its_version_row_without_scanning(loaded):
    """The app asks for the stamp every few seconds on every replica: a loaded schema answers from
    one row and the catalogue (issue 15), and every kind of write by any client changes it."""
    server, name = loaded
    first = postgis_stamp(server.url(), schema=name)
    assert first[0][0] == "version" and {layer for layer, *_ in first[1:]} >= {"zones", "sections", "parcels"}
    time.sleep(1.0)  # let the statistics of the load settle
    scans = seq_scans(server, name)
    for _ in range(5):
        assert postgis_stamp(server.url(), schema=name) == first
    time.sleep(1.0)
    assert seq_scans(server, name) == scans                              # the tables were not read
    stamps = [first]
    for statement in (f"UPDATE {name}.parcels SET floor_area_m2 = 1 WHERE parcel_id = 'P1'",
                      f"DELETE FROM {name}.parcels WHERE parcel_id = 'P9'",
                      f"INSERT INTO {name}.zone_targets (zone_id, year, star, tier) VALUES ('tiny', 2030, NULL, NULL)",
                      f"TRUNCATE {name}.zone_targets"):
        with psycopg.connect(server.url()) as conn:
            conn.execute(statement)
        stamps.append(postgis_stamp(server.url(), schema=name))
        assert stamps[-1] != stamps[-2], statement
    assert len(dataset_from_postgis(server.url(), schema=name).parcels) == 8


def test_stamp_changes_after_an_insert_an_update_and_a_delete(loaded):
    """Tables without the version trigger (made by another tool): their row headers are scanned."""
    server, name = loaded
    untracked(server, name)
    first = postgis_stamp(server.url(), schema=name)
    assert first == postgis_stamp(server.url(), schema=name)         # stable while nothing changes
    assert [(layer, n) for layer, n, *_ in first][:3] == [("zones", 1), ("sections", 2), ("parcels", 9)]
    with psycopg.connect(server.url()) as conn:
        conn.execute(f"INSERT INTO {name}.parcels (parcel_id, zone_id, land_class, supplied, built, idle, geom) "
                     f"SELECT 'P10', zone_id, land_class, supplied, built, idle, geom FROM {name}.parcels "
                     "WHERE parcel_id = 'P1'")
    second = postgis_stamp(server.url(), schema=name)
    assert second != first and second[2][1] == 10
    with psycopg.connect(server.url()) as conn:
        conn.execute(f"UPDATE {name}.parcels SET floor_area_m2 = 1 WHERE parcel_id = 'P10'")
    third = postgis_stamp(server.url(), schema=name)
    assert third != second and third[2][1] == 10                       # same count, new xmin
    with psycopg.connect(server.url()) as conn:
        conn.execute(f"DELETE FROM {name}.parcels WHERE parcel_id = 'P10'")
    assert postgis_stamp(server.url(), schema=name) == first            # exactly the first rows again
    with psycopg.connect(server.url()) as conn:
        conn.execute(f"DELETE FROM {name}.parcels WHERE parcel_id = 'P9'")
    assert postgis_stamp(server.url(), schema=name)[2][1] == 8
    assert len(dataset_from_postgis(server.url(), schema=name).parcels) == 8


def test_stamp_sees_a_change_that_keeps_count_and_newest_row(loaded):
    # a transaction that started before the newest write but commits after it changes a row: the
    # count and the highest xmin of the table stay the same; the sum of xmin does not
    server, name = loaded
    untracked(server, name)
    slow = psycopg.connect(server.url())
    try:
        slow.execute("SELECT txid_current()")                            # take a transaction id now
        with psycopg.connect(server.url()) as conn:                      # a newer transaction commits
            conn.execute(f"UPDATE {name}.parcels SET floor_area_m2 = 991 WHERE parcel_id = 'P1'")
        before = postgis_stamp(server.url(), schema=name)
        slow.execute(f"UPDATE {name}.parcels SET footprint_m2 = 5 WHERE parcel_id = 'P8'")
        slow.commit()
    finally:
        slow.close()
    after = postgis_stamp(server.url(), schema=name)
    assert after[2][:3] == before[2][:3]                                  # parcels, 9 rows, same max xmin
    assert after != before


def test_sources_dispatch_on_urls_and_paths(live, tiny_dataset, tmp_path, monkeypatch):
    dataset_to_postgis(tiny_dataset, live.url(), replace=True)          # schema public
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    url = live.url(with_password=False)
    assert is_postgis_source(url) and is_postgis_source(" POSTGRES://h/db") and not is_postgis_source("a.gpkg")
    assert list(dataset_from_source(url).parcels["parcel_id"]) == list(tiny_dataset.parcels["parcel_id"])
    assert source_stamp(url) == postgis_stamp(url)
    path = dataset_to_gpkg(tiny_dataset, tmp_path / "tiny.gpkg")
    assert len(dataset_from_source(str(path)).parcels) == 9
    stat = path.stat()
    assert source_stamp(str(path)) == (stat.st_mtime_ns, stat.st_size)
    with pytest.raises(ZoneDataError, match=r"missing\.gpkg: cannot read the dataset file"):
        source_stamp(str(tmp_path / "missing.gpkg"))


def test_command_line_loads_a_geopackage(live, tiny_dataset, tmp_path, capsys):
    path = dataset_to_gpkg(tiny_dataset, tmp_path / "tiny.gpkg")
    assert main(["load", str(path), live.url(), "--schema", "cli"]) == 0
    out = capsys.readouterr().out
    assert "9 parcels" in out
    assert_no_secret(out)
    assert len(dataset_from_postgis(live.url(), schema="cli").parcels) == 9
    assert main(["load", str(path), live.url(), "--schema", "cli"]) == 1      # exists, no --replace
    err = capsys.readouterr().err
    assert "already exist" in err and "--replace" in err
    assert_no_secret(err)
    assert main(["load", str(path), live.url(), "--schema", "cli", "--replace"]) == 0
    back = dataset_from_gpkg(path)
    assert list(dataset_from_postgis(live.url(), schema="cli").parcels["parcel_id"]) == list(back.parcels["parcel_id"])


# --- faults ---------------------------------------------------------------------------------------

def test_wrong_password_is_reported_without_either_password(live):
    url = live.url().replace(quote(PASSWORD, safe=""), "Wr0ng-" + quote(PASSWORD, safe=""))
    with pytest.raises(PostGISError) as info:
        dataset_from_postgis(url)
    text = full_message(info.value)
    assert "password authentication failed" in text
    assert_no_secret(text)
    assert "Wr0ng" not in text


def test_a_server_that_never_answers_times_out_quickly():
    # a socket that accepts TCP connections and then says nothing: libpq waits for the handshake
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        start = time.monotonic()
        with pytest.raises(PostGISError, match=rf"on 127\.0\.0\.1:{port} .*cannot connect"):
            dataset_from_postgis(f"postgresql://zone:{quote(PASSWORD, safe='')}@127.0.0.1:{port}/zones")
        assert time.monotonic() - start < 3 * CONNECT_TIMEOUT_S


def test_nothing_listening_fails_fast_naming_host_port_and_database(caplog):
    port = free_port()
    url = f"postgresql://zone:{quote(PASSWORD, safe='')}@127.0.0.1:{port}/zones_db"
    caplog.set_level(logging.DEBUG)
    start = time.monotonic()
    with pytest.raises(PostGISError) as info:
        postgis_stamp(url)
    assert time.monotonic() - start < CONNECT_TIMEOUT_S + 2
    text = str(info.value)
    assert f"PostGIS database zones_db on 127.0.0.1:{port} (user zone): cannot connect" in text
    assert "Is the server running" in text and "ZONE_DATA" in text
    assert_no_secret(full_message(info.value))
    assert_no_secret(caplog.text)


def test_server_stopped_at_start_then_started(pg, tiny_dataset, caplog):
    caplog.set_level(logging.DEBUG)
    if not pg.running:
        pg.start()
    dataset_to_postgis(tiny_dataset, pg.url(), schema="faults")
    pg.stop()
    try:
        start = time.monotonic()
        with pytest.raises(PostGISError) as info:
            dataset_from_postgis(pg.url(), schema="faults")
        assert time.monotonic() - start < CONNECT_TIMEOUT_S + 2
        text = str(info.value)
        assert f"PostGIS database zones on 127.0.0.1:{pg.port} (user zone_test): cannot connect" in text
        assert "Is the server running and reachable from here? Check ZONE_DATA" in text
        assert_no_secret(full_message(info.value))
        with pytest.raises(PostGISError):
            postgis_stamp(pg.dsn(), schema="faults")                      # key/value DSN too
    finally:
        pg.start()
    assert len(dataset_from_postgis(pg.url(), schema="faults").parcels) == 9   # recovers by itself
    assert_no_secret(caplog.text)


def test_stopped_in_the_middle_fails_clearly_and_recovers(pg, tiny_dataset, caplog):
    caplog.set_level(logging.DEBUG)
    if not pg.running:
        pg.start()
    dataset_to_postgis(tiny_dataset, pg.url(), schema="middle")
    stamp = postgis_stamp(pg.url(), schema="middle")
    assert len(dataset_from_postgis(pg.url(), schema="middle").parcels) == 9
    # a connection open when the server goes down: the error is a PostGISError too
    conn = psycopg.connect(pg.url())
    pg.stop()
    try:
        with pytest.raises(psycopg.OperationalError):
            conn.execute("SELECT 1")
        for call in (lambda: dataset_from_postgis(pg.url(), schema="middle"),
                     lambda: postgis_stamp(pg.url(), schema="middle")):
            with pytest.raises(PostGISError, match="cannot connect") as info:
                call()
            assert_no_secret(full_message(info.value))
    finally:
        conn.close()
        pg.start()
    assert len(dataset_from_postgis(pg.url(), schema="middle").parcels) == 9
    assert postgis_stamp(pg.url(), schema="middle") == stamp
    assert_no_secret(caplog.text)


def test_a_query_failing_mid_session_becomes_a_postgis_error(loaded):
    server, name = loaded
    # a view named parcels whose rows fail at run time (division by zero): the connection works,
    # the query does not
    with psycopg.connect(server.url()) as conn:
        conn.execute("CREATE SCHEMA broken")
        for layer in ("zones", "sections"):
            conn.execute(f"CREATE VIEW broken.{layer} AS SELECT * FROM {name}.{layer}")
        conn.execute(f"CREATE VIEW broken.parcels AS SELECT * FROM {name}.parcels WHERE 1 / (fid - fid) = 0")
    with pytest.raises(PostGISError, match=r"PostGIS database zones on 127\.0\.0\.1:\d+ \(user zone_test\): "
                                           r"reading the dataset failed \(division by zero\)") as info:
        dataset_from_postgis(server.url(), schema="broken")
    assert_no_secret(full_message(info.value))
    assert len(dataset_from_postgis(server.url(), schema=name).parcels) == 9   # the next session is fine


# --- redaction ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("dsn", "shown"), [
    ("postgresql://zone:s3cret@db.example:5432/zones", "postgresql://zone:***@db.example:5432/zones"),
    ("postgres://zone:p%40ss%3Aw@10.0.0.1/zones", "postgres://zone:***@10.0.0.1/zones"),
    ("postgresql://zone:p@ss@host/db", "postgresql://zone:***@host/db"),   # unencoded @ in the password
    ("postgresql://zone@host:5432/db", "postgresql://zone@host:5432/db"),  # nothing to hide
    ("postgresql://host/db?user=z&password=s3cret&sslmode=require",
     "postgresql://host/db?user=z&password=***&sslmode=require"),
    ("postgresql://host?password=s3cret", "postgresql://host?password=***"),
    ("POSTGRESQL://u:s3cret@[::1]:5432/db", "POSTGRESQL://u:***@[::1]:5432/db"),
    ("postgresql://u:s3cret@h1:5432,h2:5433/db", "postgresql://u:***@h1:5432,h2:5433/db"),
    ("host=db port=5432 password=s3cret dbname=zones", "host=db port=5432 password=*** dbname=zones"),
    ("host=db password = 's3 cr\\'et' dbname=zones", "host=db password = *** dbname=zones"),
    ("host=db PASSWORD=s3cret", "host=db PASSWORD=***"),
    ("", ""),
])
def test_redact_dsn(dsn, shown):
    assert redact_dsn(dsn) == shown
    assert "s3cret" not in redact_dsn(dsn) and "p%40ss" not in redact_dsn(dsn)


def test_a_malformed_url_is_refused_without_the_password():
    with pytest.raises(PostGISError, match="not a valid PostgreSQL connection string") as info:
        dataset_from_postgis("postgresql://zone:s3cret@host:5432/db?bogus_option=1")
    assert "s3cret" not in full_message(info.value)
    assert 'invalid URI query parameter: "bogus_option"' in str(info.value)


def test_an_unencoded_at_sign_in_the_password_is_refused_without_any_part_of_it():
    # libpq would split postgresql://zone:S3cr3t-pw_@zone:x@host at the first @ and take "zone:x@host"
    # for the host name, showing the tail of the password in its messages
    with pytest.raises(PostGISError, match="percent-encode it as %40") as info:
        postgis_stamp(f"postgresql://zone:{PASSWORD}@127.0.0.1:5432/zones")
    text = full_message(info.value)
    assert_no_secret(text)
    assert "S3cr3t" not in text and "zone:x" not in text

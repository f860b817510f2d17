"""Reading a dataset from PostGIS: the layer tables present, one SELECT per layer, the data stamp.

Reads are SQLAlchemy Core 2.x statements on the psycopg 3 driver, geometry as WKB; the zone and
bounding-box filters run in the server (``geom && ST_MakeEnvelope(...)`` uses the GiST index). Every
layer passes through :func:`geodata.dataset.normalise_layer`, so PostGIS data gets the same checks
as a GeoPackage. SQL values are always bound parameters; identifiers come only from the canonical
schema (or a checked schema name) and the catalogue, and are quoted by SQLAlchemy.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import sqlalchemy as sa

from geodata import schema as canonical
from geodata import settings
from geodata.dataset import ZoneDataset, dataset_from_layers, normalise_layer
from geodata.postgis.connection import (
    DEFAULT_SCHEMA,
    PostGISError,
    Target,
    check_schema_name,
    redact_dsn,
    transaction,
)

log = logging.getLogger(__name__)

#: Geometry column names accepted when reading, in order (ours, geopandas ``to_postgis``, ogr2ogr, …).
GEOMETRY_COLUMNS: tuple[str, ...] = ("geom", "geometry", "wkb_geometry", "the_geom", "shape")
#: Row-order columns accepted when reading (ours, ogr2ogr, shp2pgsql); rows come back in this order.
ORDER_COLUMNS: tuple[str, ...] = ("fid", "ogc_fid", "gid")
#: Key of each layer: rows are ordered by it when the table has no row-order column.
LAYER_KEYS: dict[str, tuple[str, ...]] = {
    "zones": ("zone_id",), "sections": ("section_id",), "parcels": ("parcel_id",),
    "zone_targets": ("zone_id", "year"), "cluster_targets": ("zone_id", "cluster", "year"),
    "enterprises": ("credit_code",), "enterprise_years": ("credit_code", "year"),
    "land_use": ("parcel_id", "credit_code", "tenure"), "targets": ("zone_id", "year", "indicator"),
    "contracts": ("contract_no",), "progress": ("parcel_id", "date"), "approvals": ("batch_id",),
}
#: Layers filtered by ``zone_id`` when one is given.
ZONE_FILTERED: tuple[str, ...] = ("sections", "parcels")
#: A bounding box ``(minx, miny, maxx, maxy)`` in longitude/latitude (EPSG:4490).
BBox = tuple[float, float, float, float]


def _quoted(conn: sa.Connection, schema_name: str, layer: str) -> str:
    """``"schema"."layer"`` quoted by the dialect (both names already whitelisted)."""
    prep = conn.dialect.identifier_preparer
    return f"{prep.quote_schema(schema_name)}.{prep.quote(layer)}"


_COLUMNS_SQL = sa.text(
    "SELECT table_name, column_name, udt_name FROM information_schema.columns "
    "WHERE table_schema = :schema AND table_name IN :tables ORDER BY table_name, ordinal_position"
).bindparams(sa.bindparam("tables", expanding=True))
_SRID_SQL = sa.text("SELECT srid FROM geometry_columns WHERE f_table_schema = :schema AND f_table_name = :table "
                    "AND f_geometry_column = :column")


def table_columns(conn: sa.Connection, schema_name: str) -> dict[str, dict[str, str]]:
    """Layer tables present in ``schema_name`` -> {column name: type name} (canonical layers only)."""
    rows = conn.execute(_COLUMNS_SQL, {"schema": schema_name, "tables": list(canonical.LAYERS)}).all()
    present: dict[str, dict[str, str]] = {}
    for table, column, udt in rows:
        present.setdefault(table, {})[column] = udt
    return present


def require_layers(present: dict[str, dict[str, str]], target: Target, schema_name: str) -> None:
    """Nothing when the required layer tables are ``present``, else :class:`PostGISError` naming the absent."""
    absent = [name for name in canonical.REQUIRED_LAYERS if name not in present]
    if absent:
        found = ", ".join(sorted(present)) or "none"
        msg = (f"{target.where}, schema {schema_name}: table(s) {', '.join(absent)} missing; a dataset needs "
               f"the tables {', '.join(canonical.REQUIRED_LAYERS)} (found: {found}). Load a GeoPackage with: "
               f"python -m geodata.postgis load FILE.gpkg {redact_dsn(target.dsn)} --schema {schema_name}")
        raise PostGISError(msg)



def _geometry_column(columns: dict[str, str], *, where: str) -> str:
    for name in GEOMETRY_COLUMNS:
        if columns.get(name) == "geometry":
            return name
    msg = (f"{where}: no PostGIS geometry column; expected one named {' or '.join(GEOMETRY_COLUMNS)} of "
           "type geometry (polygons)")
    raise PostGISError(msg)


def check_bbox(bbox: Sequence[float]) -> BBox:
    """``bbox`` as four floats ``(minx, miny, maxx, maxy)`` in lon/lat, else :class:`PostGISError` saying why."""
    try:
        values = tuple(float(v) for v in bbox)
    except (TypeError, ValueError):
        values = ()
    if len(values) != 4 or not all(np.isfinite(values)):
        msg = (f"bounding box {bbox!r} is refused: expected four finite numbers (minx, miny, maxx, maxy) in "
               f"longitude/latitude (EPSG:{settings.STORAGE_EPSG}), e.g. (114.0, 32.9, 114.1, 33.0)")
        raise PostGISError(msg)
    minx, miny, maxx, maxy = values
    if minx > maxx or miny > maxy:
        msg = (f"bounding box {bbox!r} is refused: minx must not exceed maxx nor miny maxy; give "
               "(minx, miny, maxx, maxy), e.g. (114.0, 32.9, 114.1, 33.0)")
        raise PostGISError(msg)
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        msg = (f"bounding box {bbox!r} is refused: not longitude/latitude degrees (metres of a projected CRS?); "
               f"give it in EPSG:{settings.STORAGE_EPSG}, e.g. (114.0, 32.9, 114.1, 33.0)")
        raise PostGISError(msg)
    return minx, miny, maxx, maxy


def layer_select(schema_name: str, layer: str, columns: dict[str, str], *, zone_id: str | None = None,
                 bbox: BBox | None = None, srid: int | None = None, where: str = "") -> sa.Select:
    """The SELECT that reads ``layer``: canonical columns, WKB and SRID of the geometry, filters bound.

    ``zone_id`` filters sections and parcels by ``zone_id = :zone_id``; ``bbox`` filters them by
    ``geom && ST_MakeEnvelope(:minx, :miny, :maxx, :maxy, 4490)`` (bounding boxes intersect; the
    GiST index answers it). ``srid`` is the column's declared SRID: when it is another one, the
    envelope is transformed to it (``ST_Transform``), still one constant for the index.
    Identifiers come from the canonical schema and ``columns`` (read from the catalogue).
    """
    _, fields, spatial = canonical.LAYERS[layer]
    names = [f.name for f in fields if f.name in columns]
    table = sa.table(layer, *(sa.column(n) for n in columns), schema=schema_name)
    select: list[sa.ColumnElement] = [table.c[n] for n in names]
    geom: sa.ColumnElement | None = None
    if spatial:
        geom = table.c[_geometry_column(columns, where=where or f"{schema_name}.{layer}")]
        select += [sa.func.ST_AsBinary(geom), sa.func.ST_SRID(geom)]
    stmt = sa.select(*select).select_from(table)
    if layer in ZONE_FILTERED:
        if zone_id is not None and "zone_id" in columns:
            stmt = stmt.where(table.c.zone_id == sa.bindparam("zone_id", zone_id, type_=sa.Text))
        if bbox is not None and geom is not None:
            minx, miny, maxx, maxy = check_bbox(bbox)
            envelope: sa.ColumnElement = sa.func.ST_MakeEnvelope(
                sa.bindparam("minx", minx, type_=sa.Float), sa.bindparam("miny", miny, type_=sa.Float),
                sa.bindparam("maxx", maxx, type_=sa.Float), sa.bindparam("maxy", maxy, type_=sa.Float),
                sa.literal_column(str(int(settings.STORAGE_EPSG))))  # a constant of the project, not input
            if srid and srid != settings.STORAGE_EPSG:
                envelope = sa.func.ST_Transform(envelope, sa.bindparam("srid", srid, type_=sa.Integer))
            stmt = stmt.where(geom.op("&&")(envelope))
    order = [c for c in ORDER_COLUMNS if c in columns][:1] or [k for k in LAYER_KEYS[layer] if k in columns]
    return stmt.order_by(*(table.c[c] for c in order))


def _read_layer(conn: sa.Connection, schema_name: str, layer: str, columns: dict[str, str], *,
                zone_id: str | None, bbox: BBox | None, source: str) -> pd.DataFrame:
    """One table as a normalised layer; only canonical columns are read."""
    _, fields, spatial = canonical.LAYERS[layer]
    where = f"{source}, layer {layer}"
    names = [f.name for f in fields if f.name in columns]
    srid = None
    if spatial and bbox is not None and layer in ZONE_FILTERED:
        found = conn.execute(_SRID_SQL, {"schema": schema_name, "table": layer,
                                         "column": _geometry_column(columns, where=where)}).scalar()
        srid = int(found) if found else None
    stmt = layer_select(schema_name, layer, columns, zone_id=zone_id, bbox=bbox, srid=srid, where=where)
    rows = [tuple(r) for r in conn.execute(stmt).all()]
    if not spatial:
        return normalise_layer(layer, pd.DataFrame.from_records(rows, columns=names), source=source)
    frame = pd.DataFrame.from_records([r[:-2] for r in rows], columns=names)
    srids = {r[-1] for r in rows if r[-2] is not None}
    if len(srids) > 1:
        msg = (f"{where}: geometries in several SRIDs ({', '.join(map(str, sorted(srids)))}); store them all "
               f"in EPSG:{settings.STORAGE_EPSG}")
        raise PostGISError(msg)
    srid = srids.pop() if srids else settings.STORAGE_EPSG
    geoms = shapely.from_wkb(np.array([None if r[-2] is None else bytes(r[-2]) for r in rows], dtype=object))
    single = shapely.get_type_id(geoms) == shapely.GeometryType.MULTIPOLYGON
    single &= shapely.get_num_geometries(geoms) == 1
    geoms[single] = shapely.get_geometry(geoms[single], 0)  # stored as Multi, read back as drawn
    gdf = gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geoms, crs=srid or None), crs=srid or None)
    return normalise_layer(layer, gdf, source=source)


def dataset_from_postgis(dsn: str, *, schema: str = DEFAULT_SCHEMA, zone_id: str | None = None,
                         bbox: Sequence[float] | None = None, password: str | None = None) -> ZoneDataset:
    """Read a dataset from PostGIS tables named like the layers.

    Parameters
    ----------
    dsn
        ``postgresql://user@host:5432/database`` (or a libpq key/value string). Keep the password
        out of it: use ``PGPASSWORD``, ``~/.pgpass`` or ``password``.
    schema
        PostgreSQL schema holding the tables; a plain lower-case name.
    zone_id
        Read only this zone's sections and parcels (filtered by the server); all zones and targets
        are read either way.
    bbox
        ``(minx, miny, maxx, maxy)`` in longitude/latitude (EPSG:4490): read only the sections and
        parcels whose bounding box intersects it (``geom && ST_MakeEnvelope(...)``, answered by the
        GiST index). Combines with ``zone_id``; zones and targets are not filtered.
    password
        Password, e.g. from Streamlit secrets; overrides one in ``dsn``.

    Returns
    -------
    ZoneDataset
        Every layer normalised by :func:`geodata.dataset.normalise_layer`, in EPSG:4490.

    Raises
    ------
    PostGISError
        Server unreachable, tables missing, bad schema name or bounding box, or a query fails; the
        message names host, port and database, never the password.
    SchemaError
        A table does not follow the canonical schema (all problems listed).
    """
    check_schema_name(schema)
    box = check_bbox(bbox) if bbox is not None else None
    log.info("reading the dataset from %s, schema %s", redact_dsn(dsn), schema)
    with transaction(dsn, password=password, action="reading the dataset", read_only=True) as (conn, target):
        present = table_columns(conn, schema)
        require_layers(present, target, schema)
        source = redact_dsn(dsn) + ("" if schema == DEFAULT_SCHEMA else f" schema {schema}")
        layers: dict[str, pd.DataFrame] = {}
        for name in canonical.LAYERS:
            if name in present:
                layers[name] = _read_layer(conn, schema, name, present[name], zone_id=zone_id, bbox=box,
                                           source=source)
    return dataset_from_layers(layers, source=source)


def postgis_stamp(dsn: str, *, schema: str = DEFAULT_SCHEMA, password: str | None = None) -> tuple:
    """A cheap fingerprint of the data that changes when they change.

    A schema loaded by :func:`geodata.postgis.dataset_to_postgis` has a version row that a statement
    trigger on each layer table raises on every write, whoever writes
    (:func:`geodata.postgis.load.track_versions`): the stamp is that row and each table's oid (a
    table dropped and created again has a new one), read from the catalogue without touching the
    tables. A layer table without the trigger (created by another tool) falls back to a scan of its
    row headers: row count, highest and summed ``xmin`` (the id of the transaction that wrote a row
    version; an insert or update writes a new one, a delete lowers the count or the sum).

    Returns
    -------
    tuple
        ``(("version", n), (layer, oid), ..., (layer, count, max xmin, sum xmin), ...)``; without a
        version row, the scan of every layer table.
    """
    check_schema_name(schema)
    with transaction(dsn, password=password, action="checking the data version", read_only=True) as (conn, target):
        present = table_columns(conn, schema)
        require_layers(present, target, schema)
        layers = [name for name in canonical.LAYERS if name in present]
        tracked: list[tuple[str, int]] = []
        version = None
        if conn.execute(sa.text("SELECT to_regclass(:name)"), {"name": f'"{schema}".zone_data_version'}).scalar():
            table = _quoted(conn, schema, "zone_data_version")
            version = conn.execute(sa.text(f"SELECT version FROM {table}")).scalar()
            rows = conn.execute(sa.text(
                "SELECT c.relname, c.oid::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "JOIN pg_trigger t ON t.tgrelid = c.oid AND t.tgname = 'zone_version' "
                "WHERE n.nspname = :schema AND c.relname IN :names ORDER BY c.relname"
            ).bindparams(sa.bindparam("names", expanding=True)), {"schema": schema, "names": layers}).all()
            tracked = [(str(name), int(oid)) for name, oid in rows]
        untracked = [name for name in layers if name not in {t for t, _ in tracked}]
        scanned: list[tuple[str, int, int, int]] = []
        if untracked:
            parts = [f"SELECT CAST(:layer{i} AS text), count(*), coalesce(max(xmin::text::bigint), 0), "
                     f"coalesce(sum(xmin::text::bigint), 0) FROM {_quoted(conn, schema, name)}"
                     for i, name in enumerate(untracked)]
            rows = conn.execute(sa.text(" UNION ALL ".join(parts)),
                                {f"layer{i}": name for i, name in enumerate(untracked)}).all()
            scanned = [(str(name), int(count), int(top), int(total)) for name, count, top, total in rows]
    head: tuple = (("version", int(version)),) if version is not None else ()
    return (*head, *tracked, *scanned)

"""The shared store: a dataset in PostgreSQL/PostGIS, read with SQLAlchemy Core, loaded with COPY.

Tables are named like the layers (``zones``, ``sections``, ``parcels`` and the optional
``zone_targets``, ``cluster_targets``), columns like the canonical fields, geometry in a column
``geom`` of type ``geometry(MultiPolygon, 4490)`` (see ``geodata/README_postgis.md``). Reads are
SQLAlchemy Core 2.x statements on the psycopg 3 driver (``postgresql+psycopg``), geometry as WKB;
the zone and bounding-box filters run in the server (``geom && ST_MakeEnvelope(...)`` uses the
GiST index). Every layer passes through :func:`geodata.dataset.normalise_layer`, so PostGIS data
gets the same checks as a GeoPackage. Loading uses ``COPY`` on the raw psycopg connection
(``engine.raw_connection()``).

SQL values are always bound parameters; identifiers (schema, table and column names) come only
from the canonical schema (or a checked schema name) and are quoted by SQLAlchemy (reads) or
:class:`psycopg.sql.Identifier` (loading). Every message names host, port and database through
:func:`redact_dsn`, never the password. Connections time out after :data:`CONNECT_TIMEOUT_S`
seconds, so a stopped server fails fast instead of hanging the app; each call opens its own
connection (no pool), so the app recovers by itself when a server comes back.

Load a GeoPackage from the command line::

    python -m geodata.postgis load FILE.gpkg postgresql://user@host:5432/db [--schema S] [--replace]
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from urllib.parse import unquote, unquote_plus

import geopandas as gpd
import numpy as np
import pandas as pd
import psycopg
import shapely
import sqlalchemy as sa
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict
from sqlalchemy import exc as sa_exc
from sqlalchemy.pool import NullPool

from geodata import schema as canonical
from geodata import settings
from geodata.dataset import ZoneDataset, normalise_layer
from geodata.errors import ZoneDataError

log = logging.getLogger(__name__)

#: Seconds to wait for a server before giving up (libpq ``connect_timeout``).
CONNECT_TIMEOUT_S: int = 3
#: URL schemes that name a PostgreSQL database.
URL_SCHEMES: tuple[str, ...] = ("postgresql://", "postgres://")
#: SQLAlchemy dialect and driver used for every connection (psycopg 3).
SQLALCHEMY_SCHEME: str = "postgresql+psycopg"
#: Default PostgreSQL schema (namespace) holding the tables.
DEFAULT_SCHEMA: str = "public"
#: Geometry column written by :func:`dataset_to_postgis`.
GEOMETRY_COLUMN: str = "geom"
#: Geometry column names accepted when reading, in order (ours, geopandas ``to_postgis``, ogr2ogr, …).
GEOMETRY_COLUMNS: tuple[str, ...] = ("geom", "geometry", "wkb_geometry", "the_geom", "shape")
#: Row-order columns accepted when reading (ours, ogr2ogr, shp2pgsql); rows come back in this order.
ORDER_COLUMNS: tuple[str, ...] = ("fid", "ogc_fid", "gid")
#: Column types of the canonical field kinds.
SQL_TYPES: dict[canonical.Kind, str] = {"str": "text", "float": "double precision", "int": "bigint",
                                     "bool": "boolean"}
#: Key of each layer: rows are ordered by it when the table has no row-order column.
LAYER_KEYS: dict[str, tuple[str, ...]] = {
    "zones": ("zone_id",), "sections": ("section_id",), "parcels": ("parcel_id",),
    "zone_targets": ("zone_id", "year"), "cluster_targets": ("zone_id", "cluster", "year"),
}
#: Layers filtered by ``zone_id`` when one is given.
ZONE_FILTERED: tuple[str, ...] = ("sections", "parcels")
#: A schema name we accept: plain lower-case SQL identifier, at most 63 bytes (PostgreSQL's limit).
SCHEMA_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
#: A bounding box ``(minx, miny, maxx, maxy)`` in longitude/latitude (EPSG:4490).
BBox = tuple[float, float, float, float]
#: Shown instead of a password.
MASK = "***"


class PostGISError(ZoneDataError):
    """The PostGIS store cannot be reached, or does not hold a dataset in the canonical layout."""


# --- DSNs: recognise, redact, describe ------------------------------------------------------------

def is_postgis_source(text: str) -> bool:
    """True when ``text`` is a ``postgresql://`` or ``postgres://`` URL (any case)."""
    return str(text).strip().lower().startswith(URL_SCHEMES)


def sqlalchemy_url(dsn: str) -> str:
    """``dsn`` with its scheme turned into SQLAlchemy's ``postgresql+psycopg://`` (psycopg 3).

    Users write plain ``postgresql://`` (or ``postgres://``) URLs; SQLAlchemy would pick the
    psycopg2 driver for those. A URL that already names a driver is returned as it is.

    Examples
    --------
    >>> sqlalchemy_url("postgresql://zone@db:5432/zones")
    'postgresql+psycopg://zone@db:5432/zones'
    """
    text = str(dsn).strip()
    if is_postgis_source(text):
        return f"{SQLALCHEMY_SCHEME}://{text.partition('://')[2]}"
    return text


_KV_PASSWORD = re.compile(r"(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|\S*)", re.IGNORECASE)
_QUERY_PASSWORD = re.compile(r"([?&]password=)([^&#]*)", re.IGNORECASE)


def redact_dsn(dsn: str) -> str:
    """``dsn`` with any password replaced by ``***``; safe to show, log and put in messages.

    Both URLs (``postgresql://user:secret@host/db``, ``...?password=secret``) and key/value
    strings (``host=h password='se cret'``) are handled.

    Examples
    --------
    >>> redact_dsn("postgresql://zone:s3cret@db.example:5432/zones")
    'postgresql://zone:***@db.example:5432/zones'
    >>> redact_dsn("host=db password=s3cret dbname=zones")
    'host=db password=*** dbname=zones'
    """
    text = str(dsn).strip()
    if is_postgis_source(text):
        scheme, _, rest = text.partition("://")
        netloc, sep, tail = rest.partition("/")
        if "?" in netloc and not sep:  # postgresql://host?password=x (no path)
            netloc, q, query = netloc.partition("?")
            tail, sep = q + query, ""
        userinfo, at, hostport = netloc.rpartition("@")
        if at and ":" in userinfo:
            userinfo = f"{userinfo.partition(':')[0]}:{MASK}"
        rest = f"{userinfo}{at}{hostport}{sep}{tail}"
        return f"{scheme}://{_QUERY_PASSWORD.sub(lambda m: m.group(1) + MASK, rest)}"
    return _KV_PASSWORD.sub(lambda m: m.group(1) + MASK, text)


def _secrets(dsn: str, password: str | None = None) -> set[str]:
    """Every spelling of a password in ``dsn`` (raw, percent-decoded, unquoted), to scrub from text."""
    found: set[str] = set()
    text = str(dsn)
    if is_postgis_source(text):
        netloc = text.partition("://")[2].partition("/")[0].partition("?")[0]
        userinfo, at, _ = netloc.rpartition("@")
        if at and ":" in userinfo:
            raw = userinfo.partition(":")[2]
            found |= {raw, unquote(raw)}
        for m in _QUERY_PASSWORD.finditer(text):
            found |= {m.group(2), unquote(m.group(2)), unquote_plus(m.group(2))}
    for m in _KV_PASSWORD.finditer(text):
        raw = m.group(2)
        found |= {raw, raw.strip("'"), re.sub(r"\\(.)", r"\1", raw.strip("'"))}
    with suppress(psycopg.Error):  # what libpq itself takes for the password (may differ in odd URLs)
        found.add(str(conninfo_to_dict(text).get("password") or ""))
    if password:
        found.add(password)
    return {s for s in found if s}


def _scrub(text: str, dsn: str, password: str | None = None) -> str:
    """``text`` with every spelling of the password replaced by ``***`` and whitespace collapsed."""
    for secret in sorted(_secrets(dsn, password), key=len, reverse=True):
        text = text.replace(secret, MASK)
    return " ".join(text.split())


@dataclass(frozen=True)
class Target:
    """Where a DSN points: shown in every message (never with the password)."""

    dsn: str
    host: str
    port: str
    database: str
    user: str

    @classmethod
    def from_dsn(cls, dsn: str, *, password: str | None = None) -> Target:
        """Parse ``dsn`` (URL or key/value); libpq's environment defaults fill what is absent."""
        if is_postgis_source(dsn) and dsn.partition("://")[2].partition("/")[0].count("@") > 1:
            msg = (f"{redact_dsn(dsn)}: the user or password in this URL contains '@', which splits the URL "
                   "in the wrong place; percent-encode it as %40, or better, take the password out of the "
                   f"URL in {settings.DATA_ENV_VAR} and put it in PGPASSWORD or ~/.pgpass")
            raise PostGISError(msg)
        try:
            parts = conninfo_to_dict(dsn)
        except psycopg.Error as exc:
            reason = _scrub(str(exc), dsn, password)
            msg = (f"{redact_dsn(dsn)}: not a valid PostgreSQL connection string ({reason}); expected "
                   f"e.g. postgresql://user@host:5432/database in {settings.DATA_ENV_VAR}")
            raise PostGISError(msg) from None
        user = str(parts.get("user") or os.environ.get("PGUSER") or _os_user())
        return cls(
            dsn=dsn,
            host=str(parts.get("host") or parts.get("hostaddr") or os.environ.get("PGHOST") or "local socket"),
            port=str(parts.get("port") or os.environ.get("PGPORT") or 5432),
            database=str(parts.get("dbname") or os.environ.get("PGDATABASE") or user),
            user=user,
        )

    @property
    def where(self) -> str:
        """E.g. ``PostGIS database zones on 127.0.0.1:5432 (user zone)``."""
        return f"PostGIS database {self.database} on {self.host}:{self.port} (user {self.user})"


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "?"


# --- connections and errors -----------------------------------------------------------------------

def check_schema_name(name: str) -> str:
    """``name`` if it is a plain lower-case schema name, else :class:`PostGISError` saying why."""
    if not isinstance(name, str) or not SCHEMA_NAME.fullmatch(name):
        msg = (f"PostGIS schema name {name!r} is refused: expected a plain lower-case name of letters "
               "a-z, digits and _ (not starting with a digit, at most 63 characters), e.g. public or "
               "zones_2024")
        raise PostGISError(msg)
    return name


def _engine(dsn: str, *, password: str | None) -> sa.Engine:
    """An engine that opens one new psycopg connection per use and keeps none (``NullPool``).

    libpq parses ``dsn`` itself (URLs and key/value strings alike, as everywhere else in this
    module), through ``creator``; the password never enters SQLAlchemy's URL, so its reprs and
    logs cannot show it.
    """
    options: dict[str, object] = {"connect_timeout": CONNECT_TIMEOUT_S,
                                  "application_name": "zone-land-efficiency"}
    if password is not None:
        options["password"] = password

    def connect() -> psycopg.Connection:
        return psycopg.connect(dsn, **options)  # type: ignore[arg-type]

    return sa.create_engine(f"{SQLALCHEMY_SCHEME}://", creator=connect, poolclass=NullPool)


def _driver_error(exc: BaseException) -> BaseException:
    """The psycopg error behind a SQLAlchemy one (or ``exc`` itself)."""
    orig = getattr(exc, "orig", None)
    return orig if isinstance(orig, BaseException) else exc


@contextmanager
def _session(dsn: str, *, password: str | None, action: str,
             read_only: bool = False) -> Iterator[tuple[sa.Connection, Target]]:
    """A fresh SQLAlchemy connection in one transaction (committed on success) and its target.

    Every driver error becomes a :class:`PostGISError` naming host, port and database, with the
    password scrubbed from the driver's text. ``read_only`` reads in one ``REPEATABLE READ``
    read-only snapshot, so all layers come from the same moment.
    """
    target = Target.from_dsn(dsn, password=password)
    hint = (f"Is the server running and reachable from here? Check {settings.DATA_ENV_VAR} "
            f"(now {redact_dsn(dsn)}) and the password (PGPASSWORD or ~/.pgpass)")
    engine = _engine(dsn, password=password)
    log.debug("%s: connecting to %s", action, redact_dsn(dsn))
    try:
        try:
            conn = engine.connect()
        except (sa_exc.DBAPIError, psycopg.Error) as exc:
            msg = f"{target.where}: cannot connect ({_scrub(str(_driver_error(exc)), dsn, password)}). {hint}"
            raise PostGISError(msg) from None
        try:
            with conn:
                if read_only:
                    conn = conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
                with conn.begin():
                    yield conn, target
        except (sa_exc.DBAPIError, psycopg.Error) as exc:
            driver = _driver_error(exc)
            reason = _scrub(str(driver), dsn, password)
            if isinstance(driver, psycopg.OperationalError):
                msg = f"{target.where}: {action} failed, the connection was lost ({reason}). {hint}"
            else:
                msg = f"{target.where}: {action} failed ({reason})"
            raise PostGISError(msg) from None
        except sa_exc.SQLAlchemyError as exc:
            msg = f"{target.where}: {action} failed ({_scrub(str(exc), dsn, password)})"
            raise PostGISError(msg) from None
    finally:
        engine.dispose()


def _quoted(conn: sa.Connection, schema_name: str, layer: str) -> str:
    """``"schema"."layer"`` quoted by the dialect (both names already whitelisted)."""
    prep = conn.dialect.identifier_preparer
    return f"{prep.quote_schema(schema_name)}.{prep.quote(layer)}"


def _table(schema_name: str, layer: str) -> sql.Composed:
    return sql.SQL("{}.{}").format(sql.Identifier(schema_name), sql.Identifier(layer))


_COLUMNS_SQL = sa.text(
    "SELECT table_name, column_name, udt_name FROM information_schema.columns "
    "WHERE table_schema = :schema AND table_name IN :tables ORDER BY table_name, ordinal_position"
).bindparams(sa.bindparam("tables", expanding=True))
_SRID_SQL = sa.text("SELECT srid FROM geometry_columns WHERE f_table_schema = :schema AND f_table_name = :table "
                    "AND f_geometry_column = :column")


def _columns(conn: sa.Connection, schema_name: str) -> dict[str, dict[str, str]]:
    """Layer tables present in ``schema_name`` -> {column name: type name} (canonical layers only)."""
    rows = conn.execute(_COLUMNS_SQL, {"schema": schema_name, "tables": list(canonical.LAYERS)}).all()
    present: dict[str, dict[str, str]] = {}
    for table, column, udt in rows:
        present.setdefault(table, {})[column] = udt
    return present


def _require_layers(present: dict[str, dict[str, str]], target: Target, schema_name: str) -> None:
    absent = [name for name in canonical.REQUIRED_LAYERS if name not in present]
    if absent:
        found = ", ".join(sorted(present)) or "none"
        msg = (f"{target.where}, schema {schema_name}: table(s) {', '.join(absent)} missing; a dataset needs "
               f"the tables {', '.join(canonical.REQUIRED_LAYERS)} (found: {found}). Load a GeoPackage with: "
               f"python -m geodata.postgis load FILE.gpkg {redact_dsn(target.dsn)} --schema {schema_name}")
        raise PostGISError(msg)


# --- reading ----------------------------------------------------------------------------------------

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
    with _session(dsn, password=password, action="reading the dataset", read_only=True) as (conn, target):
        present = _columns(conn, schema)
        _require_layers(present, target, schema)
        source = redact_dsn(dsn) + ("" if schema == DEFAULT_SCHEMA else f" schema {schema}")
        layers: dict[str, pd.DataFrame] = {}
        for name in canonical.LAYERS:
            if name not in present:
                layers[name] = pd.DataFrame({f.name: [] for f in canonical.fields_of(name)})
                continue
            layers[name] = _read_layer(conn, schema, name, present[name], zone_id=zone_id, bbox=box,
                                       source=source)
    return ZoneDataset(
        zones=layers["zones"], sections=layers["sections"], parcels=layers["parcels"],
        zone_targets=layers["zone_targets"], cluster_targets=layers["cluster_targets"], source=source,
    )


def postgis_stamp(dsn: str, *, schema: str = DEFAULT_SCHEMA, password: str | None = None) -> tuple:
    """A cheap fingerprint of the data: per layer table, its row count, highest and summed ``xmin``.

    ``xmin`` is the id of the transaction that wrote a row version: an insert or update writes rows
    with a new one, a delete lowers the count or removes ids from the sum, replacing the tables
    rewrites every row. Returning to exactly the same rows gives the same stamp again. Reading
    costs one scan of the row headers; the app uses it as a cache key to reload when data change.

    Returns
    -------
    tuple
        ``((layer, row count, max xmin, sum xmin), ...)`` for the layer tables present, in layer order.
    """
    check_schema_name(schema)
    with _session(dsn, password=password, action="checking the data version", read_only=True) as (conn, target):
        present = _columns(conn, schema)
        _require_layers(present, target, schema)
        layers = [name for name in canonical.LAYERS if name in present]
        parts = [f"SELECT CAST(:layer{i} AS text), count(*), coalesce(max(xmin::text::bigint), 0), "
                 f"coalesce(sum(xmin::text::bigint), 0) FROM {_quoted(conn, schema, name)}"
                 for i, name in enumerate(layers)]
        rows = conn.execute(sa.text(" UNION ALL ".join(parts)),
                            {f"layer{i}": name for i, name in enumerate(layers)}).all()
    return tuple((str(name), int(count), int(top), int(total)) for name, count, top, total in rows)


# --- writing ----------------------------------------------------------------------------------------

def _create_table(conn: psycopg.Connection, schema_name: str, layer: str) -> None:
    _, fields, spatial = canonical.LAYERS[layer]
    table = _table(schema_name, layer)
    cols = [sql.SQL("{} bigint GENERATED BY DEFAULT AS IDENTITY {}").format(
        sql.Identifier("fid"), sql.SQL("UNIQUE NOT NULL" if layer == "parcels" else "PRIMARY KEY"))]
    for f in fields:
        cols.append(sql.SQL("{} {}{}").format(sql.Identifier(f.name), sql.SQL(SQL_TYPES[f.kind]),
                                              sql.SQL(" PRIMARY KEY" if f.name == "parcel_id" else "")))
    if spatial:
        cols.append(sql.SQL("{} geometry(MultiPolygon, {}) NOT NULL").format(
            sql.Identifier(GEOMETRY_COLUMN), sql.Literal(settings.STORAGE_EPSG)))
    conn.execute(sql.SQL("CREATE TABLE {} ({})").format(table, sql.SQL(", ").join(cols)))
    if spatial:
        conn.execute(sql.SQL("CREATE INDEX {} ON {} USING gist ({})").format(
            sql.Identifier(f"{layer}_{GEOMETRY_COLUMN}_gist"), table, sql.Identifier(GEOMETRY_COLUMN)))
    if layer in ZONE_FILTERED:
        conn.execute(sql.SQL("CREATE INDEX {} ON {} ({})").format(
            sql.Identifier(f"{layer}_zone_id_idx"), table, sql.Identifier("zone_id")))


def _values(frame: pd.DataFrame, f: canonical.Field) -> list[object]:
    """Column ``f`` as plain Python values, missing as ``None`` (NULL, never the float NaN)."""
    col = frame[f.name]
    present = col.notna().to_numpy()
    if f.kind == "bool":
        return [bool(v) for v in col.to_numpy()]
    values = col.astype(object).to_numpy()
    cast = {"str": str, "float": float, "int": int}[f.kind]
    return [cast(v) if ok else None for v, ok in zip(values, present, strict=True)]


def _ewkb_multipolygons(geoms: gpd.GeoSeries) -> list[str]:
    """Hex EWKB with SRID 4490, polygons promoted to one-part multipolygons."""
    arr = geoms.to_numpy()
    poly = shapely.get_type_id(arr) == shapely.GeometryType.POLYGON
    arr = arr.copy()
    if poly.any():
        arr[poly] = shapely.multipolygons(arr[poly], indices=np.arange(int(poly.sum())))
    arr = shapely.set_srid(arr, settings.STORAGE_EPSG)
    return list(shapely.to_wkb(arr, hex=True, include_srid=True))


def _write_layer(conn: psycopg.Connection, schema_name: str, layer: str, frame: pd.DataFrame) -> int:
    _, fields, spatial = canonical.LAYERS[layer]
    names = [f.name for f in fields] + ([GEOMETRY_COLUMN] if spatial else [])
    columns = [_values(frame, f) for f in fields]
    if spatial:
        columns.append(_ewkb_multipolygons(frame.geometry))  # type: ignore[arg-type]
    copy_sql = sql.SQL("COPY {} ({}) FROM STDIN").format(
        _table(schema_name, layer), sql.SQL(", ").join(map(sql.Identifier, names)))
    with conn.cursor() as cur, cur.copy(copy_sql) as copy:
        for row in zip(*columns, strict=True):
            copy.write_row(row)
    conn.execute(sql.SQL("ANALYZE {}").format(_table(schema_name, layer)))
    return len(frame)


def dataset_to_postgis(dataset: ZoneDataset, dsn: str, *, schema: str = DEFAULT_SCHEMA, replace: bool = False,
                       password: str | None = None) -> dict[str, int]:
    """Write ``dataset`` into PostGIS tables named like the layers, in one transaction.

    Tables get typed columns, a ``fid`` row-order column, ``geom geometry(MultiPolygon, 4490)``
    with a GiST index, a primary key on ``parcels.parcel_id`` and an index on ``zone_id``. Rows
    are bulk-loaded with ``COPY`` on the raw psycopg connection. Only the canonical fields are
    written; other columns are left out.

    Parameters
    ----------
    dataset
        The dataset; each layer is normalised again before writing.
    dsn, schema, password
        As for :func:`dataset_from_postgis`; the schema is created when absent.
    replace
        Drop and rewrite existing layer tables; without it, existing tables are an error.

    Returns
    -------
    dict
        Rows written per table.
    """
    check_schema_name(schema)
    frames: dict[str, pd.DataFrame] = {}
    for name in canonical.LAYERS:
        frame = getattr(dataset, name)
        if name in canonical.REQUIRED_LAYERS or len(frame.columns):
            frames[name] = normalise_layer(name, frame, source=dataset.source or "dataset")
    log.info("writing the dataset to %s, schema %s", redact_dsn(dsn), schema)
    with _session(dsn, password=password, action="writing the dataset") as (session, target):
        # the raw psycopg connection under SQLAlchemy's (what engine.raw_connection() hands out), in the
        # same transaction: COPY streams the rows, SQLAlchemy commits or rolls back at the end
        conn = session.connection.driver_connection
        if not isinstance(conn, psycopg.Connection):  # pragma: no cover - the engine always uses psycopg
            msg = f"{target.where}: expected a psycopg connection, got {type(conn).__name__}"
            raise PostGISError(msg)
        present = _columns(session, schema)
        if conn.execute("SELECT 1 FROM pg_extension WHERE extname = 'postgis'").fetchone() is None:
            msg = (f"{target.where}: the PostGIS extension is not installed in this database; run "
                   "CREATE EXTENSION postgis; as a superuser (Debian package postgresql-15-postgis-3)")
            raise PostGISError(msg)
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
        existing = [name for name in canonical.LAYERS if name in present]
        if existing and not replace:
            msg = (f"{target.where}, schema {schema}: table(s) {', '.join(existing)} already exist; pass "
                   "replace=True (command line: --replace) to drop and rewrite them, or choose another schema")
            raise PostGISError(msg)
        for name in existing:
            conn.execute(sql.SQL("DROP TABLE {}").format(_table(schema, name)))
        written = {}
        for name, frame in frames.items():
            _create_table(conn, schema, name)
            written[name] = _write_layer(conn, schema, name, frame)
    log.info("wrote %s to %s", written, redact_dsn(dsn))
    return written


# --- command line -------------------------------------------------------------------------------------

def main(argv: Sequence[str] | None = None) -> int:
    """``python -m geodata.postgis load FILE.gpkg DSN [--schema S] [--replace]``; errors to stderr, exit 1."""
    from geodata.dataset import dataset_from_gpkg

    parser = argparse.ArgumentParser(prog="python -m geodata.postgis",
                                     description="Load a GeoPackage in the canonical schema into PostGIS.")
    sub = parser.add_subparsers(dest="command", required=True)
    load = sub.add_parser("load", help="write a GeoPackage's layers into PostGIS tables")
    load.add_argument("gpkg", help="GeoPackage in the canonical schema (geodata/README.md)")
    load.add_argument("dsn", help="postgresql://user@host:5432/database (password from PGPASSWORD or ~/.pgpass)")
    load.add_argument("--schema", default=DEFAULT_SCHEMA, help="PostgreSQL schema (default: public)")
    load.add_argument("--replace", action="store_true", help="drop and rewrite existing tables")
    args = parser.parse_args(argv)
    try:
        written = dataset_to_postgis(dataset_from_gpkg(args.gpkg), args.dsn, schema=args.schema,
                                     replace=args.replace)
    except ZoneDataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    counts = ", ".join(f"{n} {name}" for name, n in written.items())
    print(f"loaded {counts} into {redact_dsn(args.dsn)}, schema {args.schema}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

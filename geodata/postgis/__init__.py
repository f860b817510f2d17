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

The package by concern: :mod:`~geodata.postgis.connection` (DSNs, redaction, the target, one
transaction per call), :mod:`~geodata.postgis.read` (the SELECTs, :func:`dataset_from_postgis`,
:func:`postgis_stamp`) and :mod:`~geodata.postgis.load` (tables, ``COPY``,
:func:`dataset_to_postgis`, the command line). Load a GeoPackage from the command line::

    python -m geodata.postgis load FILE.gpkg postgresql://user@host:5432/db [--schema S] [--replace]
"""

from geodata.postgis.connection import (
    CONNECT_TIMEOUT_S,
    DEFAULT_SCHEMA,
    SQLALCHEMY_SCHEME,
    URL_SCHEMES,
    PostGISError,
    Target,
    check_schema_name,
    is_postgis_source,
    redact_dsn,
    sqlalchemy_url,
)
from geodata.postgis.load import GEOMETRY_COLUMN, dataset_to_postgis, main
from geodata.postgis.read import (
    GEOMETRY_COLUMNS,
    ORDER_COLUMNS,
    BBox,
    check_bbox,
    dataset_from_postgis,
    layer_select,
    postgis_stamp,
)

__all__ = [
    "CONNECT_TIMEOUT_S",
    "DEFAULT_SCHEMA",
    "GEOMETRY_COLUMN",
    "GEOMETRY_COLUMNS",
    "ORDER_COLUMNS",
    "SQLALCHEMY_SCHEME",
    "URL_SCHEMES",
    "BBox",
    "PostGISError",
    "Target",
    "check_bbox",
    "check_schema_name",
    "dataset_from_postgis",
    "dataset_to_postgis",
    "is_postgis_source",
    "layer_select",
    "main",
    "postgis_stamp",
    "redact_dsn",
    "sqlalchemy_url",
]

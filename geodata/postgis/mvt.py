"""Parcels as vector tiles made by PostGIS itself (``ST_AsMVT``) when the data live in PostGIS.

The same tile set as :func:`geodata.vectortiles.build` makes with tippecanoe from a file (issue 14):
``{z}/{x}/{y}.pbf`` for zooms :data:`~geodata.vectortiles.MIN_ZOOM`–:data:`~geodata.vectortiles.MAX_ZOOM`,
one layer :data:`~geodata.vectortiles.LAYER` whose features carry the parcel's geometry, its
position ``n`` and, from :data:`~geodata.vectortiles.ID_MIN_ZOOM` on, its ``parcel_id`` only,
written once per data version into the tile cache and served by the app like the file tiles. The
database does the work: for each zoom one statement finds the tiles that hold parcels (the
envelope's bounding box answered by the GiST index of the parcels' geometry) and encodes each
with ``ST_AsMVTGeom`` (clipped, in tile coordinates) and
``ST_AsMVT``. Everything is read in one snapshot (repeatable read), so the tiles are those of one
version; the parcels are first copied into a temporary table in web-Mercator metres with its own
spatial index (needs the ``TEMPORARY`` privilege, which PostgreSQL grants every user by default).

``n`` comes from the caller (:func:`geodata.vectortiles.parcel_order` of the parcels the app read),
passed as two arrays: the colours the server sends are indexed by it, so both must agree.
"""

from __future__ import annotations

import logging
import math
import shutil
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import sqlalchemy as sa

from geodata import vectortiles
from geodata.postgis.connection import DEFAULT_SCHEMA, PostGISError, check_schema_name, redact_dsn, transaction
from geodata.postgis.read import _geometry_column, _quoted, require_layers, table_columns

log = logging.getLogger(__name__)

#: Tile coordinates per tile side (the MVT default, as tippecanoe's) and the buffer around a tile
#: kept when clipping (so a parcel's outline does not show a seam at the tile's edge).
EXTENT, BUFFER = 4096, 64

#: The parcels to tile, once, in web-Mercator metres with a spatial index (dropped at commit).
_PARCELS_SQL = """
CREATE TEMPORARY TABLE zone_tile_parcels ON COMMIT DROP AS
SELECT o.n, o.parcel_id, ST_Transform(p.{geom}, 3857) AS geom
FROM {table} AS p
JOIN unnest(CAST(:ids AS text[]), CAST(:ns AS bigint[])) AS o(parcel_id, n) ON p.parcel_id::text = o.parcel_id
WHERE p.{geom} IS NOT NULL AND NOT ST_IsEmpty(p.{geom})
"""
#: Each tile of zoom ``:z`` in the given range that holds a parcel, encoded; ``{columns}``: the
#: parcels' attributes (``n``, and ``parcel_id`` from :data:`~geodata.vectortiles.ID_MIN_ZOOM` on).
_TILES_SQL = f"""
SELECT tile.x, tile.y, mvt.data
FROM (SELECT x, y, ST_TileEnvelope(:z, x, y) AS env
      FROM generate_series(CAST(:x0 AS int), CAST(:x1 AS int)) AS x,
           generate_series(CAST(:y0 AS int), CAST(:y1 AS int)) AS y) AS tile
CROSS JOIN LATERAL (
    SELECT ST_AsMVT(f, :layer, {EXTENT}, 'geom') AS data
    FROM (SELECT ST_AsMVTGeom(p.geom, tile.env, {EXTENT}, {BUFFER}, true) AS geom, {{columns}}
          FROM zone_tile_parcels AS p
          WHERE p.geom && tile.env) AS f
    WHERE f.geom IS NOT NULL
) AS mvt
WHERE mvt.data IS NOT NULL AND length(mvt.data) > 0
"""


def tile_range(bounds: tuple[float, float, float, float], z: int) -> tuple[int, int, int, int]:
    """The tiles ``(x0, y0, x1, y1)`` (inclusive) of zoom ``z`` that cover ``bounds`` (west, south,
    east, north in degrees), in the XYZ scheme of web maps (y counted from the north)."""
    west, south, east, north = bounds
    n = 2 ** z

    def x_of(lon: float) -> int:
        return min(n - 1, max(0, math.floor((lon + 180.0) / 360.0 * n)))

    def y_of(lat: float) -> int:
        rad = math.radians(max(min(lat, 85.0511), -85.0511))
        return min(n - 1, max(0, math.floor((1.0 - math.asinh(math.tan(rad)) / math.pi) / 2.0 * n)))

    return x_of(west), y_of(north), x_of(east), y_of(south)


def build(dsn: str, parcel_ids: Sequence[str], order: np.ndarray, version: str, *,
          schema: str = DEFAULT_SCHEMA, password: str | None = None, root: Path | None = None,
          progress: vectortiles.Progress | None = None) -> vectortiles.TileSet:
    """The tile set of the parcels ``parcel_ids`` (with their positions ``order``, as
    :func:`geodata.vectortiles.parcel_order` gives them) of the PostGIS ``schema`` for ``version``:
    read from disk when complete, else made by the database with ``ST_AsMVT`` and written to the
    tile cache like :func:`geodata.vectortiles.build`'s.

    Raises
    ------
    PostGISError
        The server is unreachable, the parcels table is missing or a statement fails (the message
        names host, port and database, never the password).
    """
    check_schema_name(schema)
    root = root or vectortiles.cache_dir()
    done = vectortiles.existing(version, root)
    if done is not None:
        return done
    if len(parcel_ids) != len(order):
        msg = f"vector tiles from PostGIS: {len(parcel_ids)} parcel ids but {len(order)} positions"
        raise ValueError(msg)
    report = progress or (lambda fraction, stage: None)
    started = time.perf_counter()
    report(0.0, "prepare")
    ids = [str(p) for p in parcel_ids]
    ns = [int(n) for n in order]
    work = vectortiles.work_directory(version, root)
    try:
        out = work / "tiles"
        with transaction(dsn, password=password, action="making vector tiles") as (conn, target):
            # one snapshot for every statement: the tiles are those of one data version
            conn.execute(sa.text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
            present = table_columns(conn, schema)
            require_layers(present, target, schema)
            if "parcels" not in present:
                msg = f"{target.where}: no table {schema}.parcels to make vector tiles of"
                raise PostGISError(msg)
            geom = conn.dialect.identifier_preparer.quote(_geometry_column(present["parcels"], where=target.where))
            table = _quoted(conn, schema, "parcels")
            conn.execute(sa.text(_PARCELS_SQL.format(geom=geom, table=table)), {"ids": ids, "ns": ns})
            conn.execute(sa.text("CREATE INDEX ON zone_tile_parcels USING gist (geom)"))
            conn.execute(sa.text("ANALYZE zone_tile_parcels"))
            found = conn.execute(sa.text(
                "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e), c FROM ("
                " SELECT ST_Extent(ST_Transform(geom, 4326)) AS e, count(*) AS c FROM zone_tile_parcels) AS b")).one()
            if not found[4]:
                msg = f"{target.where}: none of the {len(ids)} parcels has a geometry in {schema}.parcels"
                raise PostGISError(msg)
            bounds = (float(found[0]), float(found[1]), float(found[2]), float(found[3]))
            statements = {False: sa.text(_TILES_SQL.format(columns="p.n")),
                          True: sa.text(_TILES_SQL.format(columns="p.parcel_id, p.n"))}
            zooms = range(vectortiles.MIN_ZOOM, vectortiles.MAX_ZOOM + 1)
            for step, z in enumerate(zooms):
                x0, y0, x1, y1 = tile_range(bounds, z)
                rows = conn.execute(statements[z >= vectortiles.ID_MIN_ZOOM],
                                    {"z": z, "x0": x0, "x1": x1, "y0": y0, "y1": y1, "layer": vectortiles.LAYER})
                for x, y, data in rows:
                    path = out / str(z) / str(x) / f"{y}.pbf"
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(bytes(data))
                report(0.05 + 0.9 * (step + 1) / len(zooms), "tile")
        report(0.95, "finish")
        if not out.exists():
            msg = f"vector tiles from PostGIS ({redact_dsn(dsn)}): no tile holds a parcel"
            raise PostGISError(msg)
        built = vectortiles.publish(out, version, root, parcels=int(found[4]), bounds=bounds)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report(1.0, "done")
    seconds = time.perf_counter() - started
    log.info("vector tiles of %d parcels made by PostGIS in %.1f s", built.parcels, seconds)
    return vectortiles.TileSet(built.directory, version, built.parcels, built.min_zoom, built.max_zoom,
                               built.bounds, seconds)


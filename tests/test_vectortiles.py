"""Issue 14: the parcels' vector tiles (geodata.vectortiles) and the colour lookup of a tiled map
(dashboard.map.parceltiles), on parcels small enough to check by hand."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from dashboard.map import parceltiles
from geodata import vectortiles
from geodata.errors import ZoneDataError


def _square(x: float, y: float, size: float = 0.001) -> shapely.Polygon:
    return shapely.box(x, y, x + size, y + size)


@pytest.fixture
def parcels() -> gpd.GeoDataFrame:
    # zone b comes first in the file, zone a's two parcels are apart: n sorts by zone, then file order
    return gpd.GeoDataFrame({
        "parcel_id": ["B1", "A1", "B2", "A2"],
        "zone_id": ["b", "a", "b", "a"],
        "tax_wan": [123.45, 678.9, 55.5, 1.25],  # must never reach a tile
    }, geometry=[_square(114.0, 33.0), _square(114.002, 33.0), _square(114.004, 33.0), _square(114.006, 33.0)],
        crs=4490)


def test_parcel_order_groups_zones(parcels):
    # a: A1 (row 1) -> 0, A2 (row 3) -> 1; b: B1 (row 0) -> 2, B2 (row 2) -> 3
    assert vectortiles.parcel_order(parcels).tolist() == [2, 0, 3, 1]


def _decoded(path: Path) -> list[dict]:
    """The features of one tile file ``<z>/<x>/<y>.pbf``, decoded by tippecanoe-decode."""
    decoder = vectortiles.tippecanoe_binary().with_name("tippecanoe-decode")
    z, x, y = path.parent.parent.name, path.parent.name, path.stem
    out = json.loads(subprocess.run([str(decoder), str(path), z, x, y], capture_output=True, text=True,
                                    check=True).stdout)
    return [f for layer in out["features"] for f in layer["features"]]


def test_build_once_per_version_with_id_and_n_only(parcels, tmp_path):
    steps: list[str] = []
    tiles = vectortiles.build(parcels, "v1", root=tmp_path, progress=lambda f, s: steps.append(s))
    assert steps[0] == "prepare" and steps[-1] == "done"
    assert tiles.parcels == 4 and tiles.directory == tmp_path / "v1"
    assert tiles.bounds == pytest.approx((114.0, 33.0, 114.007, 33.001))
    assert sorted(int(z.name) for z in tiles.directory.iterdir() if z.is_dir()) == list(range(10, 17))
    # z16 tiles are 360 / 2^16 = 0.00549° wide: x 53521 spans lon 113.99963–114.00512, x 53522 the rest
    z16 = list((tiles.directory / "16").glob("*/*.pbf"))
    assert z16
    found = {}
    for path in z16:
        assert int(path.parent.name) in {53521, 53522}
        for feature in _decoded(path):
            assert set(feature["properties"]) == {"parcel_id", "n"}
            found[feature["properties"]["parcel_id"]] = feature["properties"]["n"]
        assert b"123.45" not in path.read_bytes()
    assert found == {"A1": 0, "A2": 1, "B1": 2, "B2": 3}
    # below ID_MIN_ZOOM (12) a parcel is a few pixels wide: its tiles carry n only, no parcel_id
    for z, with_id in ((11, False), (12, True)):
        (path,) = (tiles.directory / str(z)).glob("*/*.pbf")  # the 800 m of parcels fit one tile
        features = _decoded(path)
        assert sorted(f["properties"]["n"] for f in features) == [0, 1, 2, 3]
        assert all(set(f["properties"]) == ({"parcel_id", "n"} if with_id else {"n"}) for f in features)
        assert (b"A1" in path.read_bytes()) is with_id
    # the same version is read from disk, not built again
    again = vectortiles.build(parcels, "v1", root=tmp_path, progress=lambda f, s: steps.append("again"))
    assert again.build_seconds == 0 and "again" not in steps
    vectortiles.build(parcels, "v2", root=tmp_path)
    assert vectortiles.prune({"v2"}, tmp_path) == ["v1"]
    assert vectortiles.existing("v1", tmp_path) is None and vectortiles.existing("v2", tmp_path) is not None


def test_parcel_at_names_the_parcel_of_a_position(parcels):
    index = pd.Series(vectortiles.parcel_order(parcels), index=parcels["parcel_id"].to_numpy())
    # a: A1 -> 0, A2 -> 1; b: B1 -> 2, B2 -> 3 (test_parcel_order_groups_zones); as the browser sends it
    assert [vectortiles.parcel_at(index, n) for n in (0, 1, 2, 3, "3")] == ["A1", "A2", "B1", "B2", "B2"]
    assert vectortiles.parcel_at(index, 4) is None and vectortiles.parcel_at(index, None) is None
    assert vectortiles.parcel_at(index, "x") is None


def test_build_names_a_missing_column(parcels, tmp_path):
    with pytest.raises(ZoneDataError, match="no 'zone_id' column"):
        vectortiles.build(parcels.drop(columns="zone_id"), "v1", root=tmp_path)


def test_version_key_changes_with_the_data_version():
    assert vectortiles.version_key("a.gpkg", (1, 2)) != vectortiles.version_key("a.gpkg", (1, 3))
    assert len(vectortiles.version_key("a.gpkg", (1, 2))) == 16


def _source(parcels: gpd.GeoDataFrame) -> parceltiles.TileSource:
    index = pd.Series(vectortiles.parcel_order(parcels), index=parcels["parcel_id"].to_numpy())
    return parceltiles.TileSource("../x/{z}/{x}/{y}.pbf", 10, 16, [[33, 114], [33.001, 114.007]], index, "v1")


def test_lookup_of_one_zone(parcels):
    source = _source(parcels)
    legend = [("#ff0000", "C <类>", 1), ("#00ff00", "A", 1)]
    # zone a given in the order A2, A1: colours come back in the tiles' order (A1 = n 0 first)
    look = parceltiles.lookup(source, ["A2", "A1"], ["#00ff00", "#ff0000"], legend, title="等级", lang="zh")
    assert look is not None
    assert (look["start"], look["count"], look["fill"]) == (0, 2, {"d": ["#ff0000", "#00ff00"], "s": "01"})
    assert look["labels"] == {"#ff0000": "C &lt;类&gt;", "#00ff00": "A"}
    # the whole city: n 0..3
    city = parceltiles.lookup(source, ["B1", "A1", "B2", "A2"], ["1", "2", "3", "4"], [], title="t", lang="en")
    assert city is not None and (city["start"], city["count"]) == (0, 4)
    assert city["fill"] == {"d": ["2", "4", "1", "3"], "s": "0123"}
    # not one run of n (A1 and B1: n 0 and 2), or a parcel the tiles do not know: no lookup
    assert parceltiles.lookup(source, ["A1", "B1"], ["1", "2"], [], title="t", lang="en") is None
    assert parceltiles.lookup(source, ["A1", "Z9"], ["1", "2"], [], title="t", lang="en") is None


def test_palette_column_one_character_per_parcel():
    # three colours in order of first appearance: "#a" -> "0", "#b" -> "1", "#c" -> "2"
    assert parceltiles.palette_column(["#a", "#b", "#a", "#c", "#a"]) == {"d": ["#a", "#b", "#c"], "s": "01020"}
    assert parceltiles.palette_column([]) == {"d": [], "s": ""}
    # 62 colours fit the characters (the last one is "z"); 63 come as a plain list
    many = [f"#{i:06x}" for i in range(62)]
    assert parceltiles.palette_column(many)["s"] == parceltiles.PALETTE_CHARS
    assert parceltiles.palette_column([*many, "#ffffff"]) == [*many, "#ffffff"]


def test_pruning_keeps_other_datasets_tile_sets(tmp_path, monkeypatch):
    """The served dataset's older versions are pruned (one kept), never another dataset's sets (the
    shared data's while a session shows its own, or several datasets sharing one cache): removing a
    set in use made its next visitor build it again."""
    import os
    import time

    from dashboard.pages import parcel_tiles

    monkeypatch.setenv("ZONE_TILE_CACHE", str(tmp_path))

    def tile_set(version: str) -> None:
        (tmp_path / version).mkdir()
        (tmp_path / version / vectortiles.DONE_FILE).write_text(f"version={version}\n")
        stamp = time.time() - 1000 + len(os.listdir(tmp_path))  # each set newer than the one before
        os.utime(tmp_path / version / vectortiles.DONE_FILE, (stamp, stamp))

    for version in ("city-v1", "city-v2", "city-v3"):
        tile_set(version)
        parcel_tiles._prune(version, "/data/city.gpkg")
    assert sorted(os.listdir(tmp_path)) == ["city-v2", "city-v3"]  # the current one and one before
    tile_set("own-v1")
    parcel_tiles._prune("own-v1", "/state/session-data/own.gpkg")
    tile_set("unmarked")  # made by something else (a benchmark's build, an older release): left alone
    tile_set("own-v2")
    parcel_tiles._prune("own-v2", "/state/session-data/own.gpkg")
    tile_set("own-v3")
    parcel_tiles._prune("own-v3", "/state/session-data/own.gpkg")
    assert sorted(os.listdir(tmp_path)) == ["city-v2", "city-v3", "own-v2", "own-v3", "unmarked"]
    parcel_tiles._prune("city-v3", "/data/city.gpkg")  # the shared data's next visitor: nothing else goes
    assert sorted(os.listdir(tmp_path)) == ["city-v2", "city-v3", "own-v2", "own-v3", "unmarked"]

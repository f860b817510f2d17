"""The map as sent to the browser: the cached path sends what st_folium sends, the compact parcel
encoding keeps every vertex within 0.1 m and shared edges shared, and script JSON stays inert."""

from __future__ import annotations

import json
import re

import numpy as np
import pyproj
import pytest
import shapely
import streamlit_folium as stf

from dashboard.map import maps, mapview
from dashboard.map.jscall import script_json
from zone_layers import summary

GEOD = pyproj.Geod(ellps="GRS80")


def decode(origin: list[int], shape: list, scale: int) -> list[list[list[tuple[float, float]]]]:
    """The Python twin of ``decodeShape`` in dashboard/map/static/zonemap.js (closing vertex included)."""
    polygons = []
    for rings in shape:
        out = []
        for flat in rings:
            x, y = origin
            ring = []
            for k in range(0, len(flat), 2):
                x += flat[k]
                y += flat[k + 1]
                ring.append((x / scale, y / scale))
            out.append([*ring, ring[0]])
        polygons.append(out)
    return polygons


def test_encoding_by_hand():
    square = shapely.Polygon([(114.0, 33.0), (114.001, 33.0), (114.001, 33.001), (114.0, 33.001)],
                             holes=[[(114.0002, 33.0002), (114.0004, 33.0002), (114.0004, 33.0004)]])
    two = shapely.MultiPolygon([shapely.box(114.002, 33.0, 114.0021, 33.0001),
                                shapely.box(114.003, 33.0, 114.0031, 33.0001)])
    origin, shapes = maps.encode_polygons(np.array([square, two, shapely.Polygon()], dtype=object))
    assert origin == [114_000_000, 33_000_000]  # the smallest x and y, in micro-degrees
    exterior, hole = shapes[0][0]
    # first vertex from the origin, then steps of 1000 µ° (no closing vertex)
    assert exterior == [0, 0, 1000, 0, 0, 1000, -1000, 0]
    assert hole == [200, 200, 200, 0, 0, 200]
    assert len(shapes[1]) == 2 and len(shapes[1][0]) == 1  # two polygons of one ring each
    # shapely.box starts at (maxx, miny), counter-clockwise
    assert shapes[1][0][0] == [2100, 0, 0, 100, -100, 0, 0, -100]
    assert shapes[2] == []
    assert decode(origin, shapes[0], maps.COORD_SCALE)[0][0] == [
        (114.0, 33.0), (114.001, 33.0), (114.001, 33.001), (114.0, 33.001), (114.0, 33.0)]


def test_sample_parcels_within_a_tenth_of_a_metre_and_edges_shared(sample):
    parcels = sample.parcels.loc[sample.parcels["zone_id"] == "zmd_etdz"].head(400)
    origin, shapes = maps.encode_polygons(parcels.geometry.to_numpy())
    worst = 0.0
    seen: dict[tuple[float, float], set[tuple[float, float]]] = {}
    for geom, shape in zip(parcels.geometry, shapes, strict=True):
        true = shapely.get_coordinates(geom)
        sent = np.array([xy for poly in decode(origin, shape, maps.COORD_SCALE) for ring in poly for xy in ring])
        assert len(true) == len(sent)
        _, _, dist = GEOD.inv(true[:, 0], true[:, 1], sent[:, 0], sent[:, 1])
        worst = max(worst, float(np.max(dist)))
        for t_xy, s_xy in zip(map(tuple, true), map(tuple, sent), strict=True):
            seen.setdefault(t_xy, set()).add(s_xy)
    assert worst <= 0.1  # 0.5e-6° at most each way: ≈ 0.07 m at 33°N
    # a vertex shared by neighbours arrives as one point, so no gap or sliver can open between them
    assert all(len(v) == 1 for v in seen.values())
    assert sum(1 for v in seen) < sum(len(shapely.get_coordinates(g)) for g in parcels.geometry)  # shared ones exist


def test_columns_are_dictionary_encoded_only_when_shorter():
    assert maps.column(["a", "b", "c"]) == ["a", "b", "c"]
    assert maps.column(["A2"] * 6 + ["B1"] * 2) == {"d": ["A2", "B1"], "i": [0] * 6 + [1] * 2}


def test_script_json_is_compact_utf8_and_cannot_close_the_script():
    text = script_json({"名": "</script><img src=x onerror=alert(1)>&'", "n": [1, 2]})
    assert text == ('{"名":"\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e\\u0026\\u0027",'
                    '"n":[1,2]}')
    assert json.loads(text) == {"名": "</script><img src=x onerror=alert(1)>&'", "n": [1, 2]}


def _zone_map(ds, parcels):
    table = summary.section_table(ds.sections, parcels, year=2024)
    ind = summary.parcel_indicators(parcels, year=2024)
    return maps.zone_map(ds.zones.iloc[0], ds.sections, table, ind, year=2024, lang="zh", illustrative=True)


def test_cached_map_sends_what_st_folium_sends(tiny_dataset, tiny_view, monkeypatch):
    sent: list[dict] = []
    monkeypatch.setattr(stf, "_component_func", lambda **kwargs: sent.append(kwargs) or None)
    stf.st_folium(_zone_map(tiny_dataset, tiny_view), key="m", height=500, use_container_width=True,
                  returned_objects=mapview.RETURNED, center=[33.0, 114.0], zoom=15)
    mapview.draw(mapview.render(_zone_map(tiny_dataset, tiny_view), key="m"), key="m", height=500,
                 centre=[33.0, 114.0], zoom=15)
    ours, theirs = sent[1], sent[0]
    # folium numbers its elements afresh per map; st_folium's own hash ignores those numbers
    assert ours["key"] == theirs["key"]
    assert set(ours) == set(theirs)
    for name in set(ours) - {"script", "header", "html", "key", "id", "on_change"}:
        assert ours[name] == theirs[name], name
    assert len(ours["script"]) == len(theirs["script"])
    assert "ZoneMap.parcels(" in ours["script"]


def test_highlight_outlines_the_chosen_parcel_on_the_map_div(tiny_dataset, tiny_view):
    ind = summary.parcel_indicators(tiny_view, year=2024)
    script = mapview.highlight_script(maps.highlight(ind, "P1", lang="zh"))
    assert script is not None
    # st_folium adds feature_group_feature_group_0 to its map (map_div) without reloading the map
    call = "ZoneMap.outline(feature_group_feature_group_0, "
    assert call in script and "map_div.addLayer(feature_group_feature_group_0)" in script
    geometry, _ = json.JSONDecoder().raw_decode(script, script.index(call) + len(call))
    corners = {(round(x, 6), round(y, 6)) for x, y in shapely.get_coordinates(ind.geometry.iloc[0])}
    assert {tuple(xy) for xy in geometry["coordinates"][0]} == corners  # P1, rounded as all sent geometry
    assert mapview.highlight_script(maps.highlight(ind, "no such parcel", lang="zh")) is None
    assert mapview.highlight_script(None) is None


def test_highlight_of_several_parcels_outlines_each_and_the_selected_one_solid(tiny_dataset, tiny_view):
    ind = summary.parcel_indicators(tiny_view, year=2024)
    script = mapview.highlight_script(maps.highlight_parcels(ind, ["P2", "P1", "P1", "nowhere"], lang="zh",
                                                             primary="P1"))
    assert script is not None
    call = "ZoneMap.outline(feature_group_feature_group_0, "
    assert script.count(call) == 2  # P1 and P2 once each; an unknown ID draws nothing
    decoder = json.JSONDecoder()
    outlines = []
    at = script.index(call)
    while at >= 0:
        geometry, end = decoder.raw_decode(script, at + len(call))
        style, _ = decoder.raw_decode(script, script.index("{", end))
        outlines.append((geometry, style))
        at = script.find(call, end)
    by_corners = {}
    for pid in ("P1", "P2"):
        corners = {(round(x, 6), round(y, 6))
                   for x, y in shapely.get_coordinates(ind.loc[ind["parcel_id"] == pid].geometry.iloc[0])}
        by_corners[pid] = next(style for geometry, style in outlines
                               if {tuple(xy) for xy in geometry["coordinates"][0]} == corners)
    assert by_corners["P1"]["weight"] == 4 and "dashArray" not in by_corners["P1"]  # the selected parcel
    assert by_corners["P2"]["weight"] == 3 and by_corners["P2"]["dashArray"] == "6 4"
    assert maps.highlight_parcels(ind, ["nowhere"], lang="zh") is None
    assert maps.highlight_parcels(ind, [], lang="zh") is None


@pytest.fixture(scope="module")
def sample():
    from geodata.dataset import dataset_from_gpkg
    from geodata.settings import SAMPLE_PATH

    return dataset_from_gpkg(SAMPLE_PATH)


def test_the_bridge_names_its_pinned_private_helpers():
    """An upgrade of streamlit-folium fails here first: the pin, the installed release and the
    helpers the bridge calls must agree."""
    from importlib.metadata import version
    from pathlib import Path

    pins = (Path(__file__).resolve().parents[1] / "requirements.txt").read_text(encoding="utf-8")
    assert f"streamlit-folium=={mapview.STREAMLIT_FOLIUM_VERSION}" in pins
    assert version("streamlit-folium") == mapview.STREAMLIT_FOLIUM_VERSION
    missing = [name for name in mapview.PRIVATE_HELPERS if not callable(getattr(stf, name, None))]
    assert not missing, f"streamlit_folium no longer has {missing}"
    source = Path(mapview.__file__).read_text(encoding="utf-8")
    used = set(re.findall(r"stf\.(\w+)", source))
    assert used <= set(mapview.PRIVATE_HELPERS), f"undeclared helpers: {used - set(mapview.PRIVATE_HELPERS)}"

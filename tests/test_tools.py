"""Map tools and basemaps: the search index, escaping, Tianditu keys, the GCJ-02 display shift, and
the tools themselves in Debian Chromium (offline, every non-local request aborted)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import folium
import numpy as np
import pytest
import shapely
import xstatic.pkg.leaflet as xstatic_leaflet
from geopandas.testing import assert_geoseries_equal
from pyproj import Geod, Transformer

from dashboard.map import basemaps, maps, tools
from dashboard.map.assets import STATIC_DIR, leaflet_url, static_url
from geodata.gcj02 import wgs84_to_gcj02
from tests.browser import ARTIFACTS, CHROMIUM, offline_page

HOSTILE = "<img src=x onerror=alert(1)>"
GEOD = Geod(ellps="WGS84")


@pytest.fixture(autouse=True)
def no_tianditu_key(monkeypatch):
    """No key from a developer's secrets.toml or shell: each test sets what it needs."""
    monkeypatch.setattr(basemaps, "_secret", lambda name: None)
    monkeypatch.delenv(basemaps.TIANDITU_KEY_NAME, raising=False)


def empty_map() -> folium.Map:
    return maps.base_map([[33.0, 114.0], [33.01, 114.01]], lang="zh", illustrative=False)


def tile_urls(fmap) -> list[str]:
    return [c.tiles for c in fmap._children.values() if isinstance(c, folium.TileLayer)]


# ---- search index --------------------------------------------------------------------------


def test_search_index_lists_zones_sections_enterprises_and_parcels(tiny_dataset, tiny_view):
    ds = tiny_dataset
    index = tools.search_index(ds.zones, ds.sections, tiny_view)
    by_kind: dict[str, list[str]] = {}
    for entry in index:
        by_kind.setdefault(entry["kind"], []).append(entry["label"])
    assert by_kind == {
        "zone": ["小开发区"],
        "section": ["一区", "二区"],
        "enterprise": ["甲机械有限公司", "乙食品有限公司", "丙商贸有限公司"],  # P3–P8 have none
    }  # parcel IDs are found in the drawn parcel layer, not listed again
    # bounds are [[south, west], [north, east]] of the geometry, in lon/lat: 甲 holds P1 alone
    p1 = next(e for e in index if e["label"] == "甲机械有限公司")
    minx, miny, maxx, maxy = tiny_view.loc[tiny_view["parcel_id"] == "P1"].total_bounds
    assert p1["bounds"] == [[pytest.approx(miny, abs=1e-6), pytest.approx(minx, abs=1e-6)],
                            [pytest.approx(maxy, abs=1e-6), pytest.approx(maxx, abs=1e-6)]]
    # P1 is 300 m × 200 m near 33°N: ≈ 0.0032° wide and 0.0018° high
    assert p1["bounds"][1][1] - p1["bounds"][0][1] == pytest.approx(300 / (111_320 * np.cos(np.radians(33))),
                                                                     rel=0.01)
    json.dumps(index)  # plain JSON: it goes straight into the page


def test_search_index_merges_an_enterprise_on_several_parcels(tiny_dataset, tiny_view):
    parcels = tiny_view.copy()
    parcels.loc[parcels["parcel_id"] == "P9", "enterprise"] = "甲机械有限公司"
    index = tools.search_index(parcels=parcels)
    firm = [e for e in index if e["label"] == "甲机械有限公司"]
    assert len(firm) == 1
    both = parcels.loc[parcels["parcel_id"].isin(["P1", "P9"])].total_bounds
    assert firm[0]["bounds"][0][1] == pytest.approx(both[0], abs=1e-6)
    assert firm[0]["bounds"][1][1] == pytest.approx(both[2], abs=1e-6)


def test_enterprise_entries_carry_their_parcel_and_credit_code_for_analysts_only(tiny_dataset, tiny_view):
    plain = [e for e in tools.search_index(parcels=tiny_view) if e["kind"] == "enterprise"]
    assert all("code" not in e and "parcel" not in e for e in plain)  # a viewer's index: names only
    keyed = {e["label"]: e for e in tools.search_index(parcels=tiny_view, firm_keys=True) if e["kind"] == "enterprise"}
    first = tiny_view.loc[tiny_view["enterprise"] == "甲机械有限公司"].iloc[0]
    assert first["parcel_id"] == "P1"  # 甲 holds P1 alone
    assert keyed["甲机械有限公司"]["parcel"] == "P1"
    assert keyed["甲机械有限公司"]["code"] == first["credit_code"]
    json.dumps(list(keyed.values()))


def test_search_index_of_projected_data_is_in_lon_lat(tiny_dataset, tiny_view):
    index = tools.search_index(parcels=tiny_view.to_crs(4547))
    south, west = index[0]["bounds"][0]
    assert 32 < south < 34 and 113 < west < 115


def test_search_index_of_nothing_is_empty():
    assert tools.search_index() == []


# ---- rendering and escaping ----------------------------------------------------------------


def test_tools_render_with_local_assets_and_escaped_names(tiny_dataset, tiny_view):
    parcels = tiny_view.copy()
    parcels.loc[parcels["parcel_id"] == "P1", "enterprise"] = HOSTILE
    fmap = empty_map()
    tools.add_tools(fmap, lang="zh", search_index=tools.search_index(parcels=parcels))
    tools.use_tool_assets(fmap)  # a second call adds nothing
    assert fmap.default_js.count(("zonetools", f"{static_url()}/tools.js")) == 1
    assert ("zonetools_css", f"{static_url()}/tools.css") in fmap.default_css
    assert folium_class_defaults_untouched()
    html = fmap.get_root().render()
    for fn in ("fullscreen", "measure", "mousePosition", "search"):
        assert f"ZoneTools.{fn}({fmap.get_name()}" in html
    assert HOSTILE not in html
    assert "<img" not in html
    assert r"\u003cimg src=x onerror=alert(1)\u003e" in html  # JSON-escaped, shown as text
    assert "搜索开发区" in html or r"\u641c\u7d22" in html
    assert not re.search(r"""(src|href)=["'](https?:)?//""", html)


def folium_class_defaults_untouched() -> bool:
    return all("tools.js" not in url for _, url in folium.Map.default_js)


def test_no_search_box_without_an_index():
    fmap = tools.add_tools(empty_map(), lang="en", search_index=[])
    html = fmap.get_root().render()
    assert "ZoneTools.search" not in html and "ZoneTools.measure" in html
    assert "Measure distance and area" in html


# ---- basemaps ------------------------------------------------------------------------------


def test_basemap_registry():
    keys = [b.key for b in basemaps.BASEMAPS]
    assert keys == ["none", "osm", "tianditu_vec", "tianditu_img", "gaode_vec", "gaode_img"]
    assert basemaps.DEFAULT_BASEMAP == "none" and basemaps.basemap("none").tiles == ()
    assert [b.key for b in basemaps.BASEMAPS if b.needs_key] == ["tianditu_vec", "tianditu_img"]
    assert [b.key for b in basemaps.BASEMAPS if b.gcj02] == ["gaode_vec", "gaode_img"]
    assert basemaps.basemap("tianditu_img").name("zh") == "天地图 影像"
    with pytest.raises(KeyError, match="expected one of: none, osm, tianditu_vec"):
        basemaps.basemap("google")


def test_no_basemap_adds_nothing():
    fmap = empty_map()
    assert basemaps.add_basemap(fmap, "none", lang="zh") is None
    assert tile_urls(fmap) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_tianditu_without_key_explains_and_adds_nothing(lang):
    fmap = empty_map()
    msg = basemaps.add_basemap(fmap, "tianditu_vec", lang=lang)
    assert msg is not None
    assert "https://console.tianditu.gov.cn" in msg and "TIANDITU_KEY" in msg
    assert ".streamlit/secrets.toml" in msg
    assert tile_urls(fmap) == []
    assert "tianditu.gov.cn/vec_w" not in fmap.get_root().render()


def test_tianditu_key_from_the_environment(monkeypatch):
    monkeypatch.setenv("TIANDITU_KEY", "testkey")
    assert basemaps.tianditu_key() == "testkey"
    fmap = empty_map()
    assert basemaps.add_basemap(fmap, "tianditu_img", lang="zh") is None
    urls = tile_urls(fmap)
    assert len(urls) == 2  # imagery and its labels
    assert "LAYER=img" in urls[0] and "LAYER=cia" in urls[1]
    html = fmap.get_root().render()
    assert html.count("tk=testkey") == 2
    assert "{tk}" not in html
    assert '"subdomains": "01234567"' in html


def test_tianditu_key_from_secrets_wins_and_blank_is_unset(monkeypatch):
    monkeypatch.setenv("TIANDITU_KEY", "   ")
    assert basemaps.tianditu_key() is None
    monkeypatch.setattr(basemaps, "_secret", lambda name: "fromsecrets" if name == "TIANDITU_KEY" else None)
    assert basemaps.tianditu_key() == "fromsecrets"


def test_missing_secret_does_not_raise(monkeypatch):
    monkeypatch.undo()  # the real st.secrets lookup: no secrets file here, or no such secret
    assert basemaps._secret("TIANDITU_KEY_THAT_IS_NOWHERE") is None


def test_gaode_and_osm_tiles():
    fmap = empty_map()
    assert basemaps.add_basemap(fmap, "gaode_img", lang="en") is None
    assert [("style=6" in u, "style=8" in u) for u in tile_urls(fmap)] == [(True, False), (False, True)]
    fmap = empty_map()
    basemaps.add_basemap(fmap, "osm", lang="en")
    assert tile_urls(fmap) == ["https://tile.openstreetmap.org/{z}/{x}/{y}.png"]
    assert r"OpenStreetMap\u003c/a\u003e contributors" in fmap.get_root().render()


def test_display_geometry_shifts_only_for_gaode(tiny_dataset, tiny_view):
    parcels = tiny_view
    before = parcels.geometry.copy()
    for key in ("none", "osm", "tianditu_vec"):
        assert_geoseries_equal(basemaps.display_geometry(parcels, key), parcels.geometry)
    shifted = basemaps.display_geometry(parcels, "gaode_vec")
    assert before.geom_equals(parcels.geometry).all()  # stored data unchanged
    x, y = parcels.geometry.iloc[0].exterior.coords[0]
    assert shifted.iloc[0].exterior.coords[0] == pytest.approx(wgs84_to_gcj02(x, y), abs=1e-9)
    dist = GEOD.inv(x, y, *shifted.iloc[0].exterior.coords[0])[2]
    assert 300 < dist < 800  # a few hundred metres near Zhumadian
    with pytest.raises(KeyError):
        basemaps.display_geometry(parcels, "baidu")


# ---- in the browser ------------------------------------------------------------------------


@contextlib.contextmanager
def serve(root: Path) -> Iterator[str]:
    """A static file server for ``root`` on a free local port; yields its base URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def rectangle_lonlat(width_m: float, height_m: float) -> list[list[float]]:
    """[lat, lon] corners of a width × height rectangle at (500 km E, 3 650 km N) in EPSG:4547
    (CGCS2000 GK, CM 114°E, ≈ 33°N): on the central meridian the projection's scale is exactly 1,
    so its ellipsoidal area is width × height (to ≈ 1e-6)."""
    to_lonlat = Transformer.from_crs(4547, 4490, always_xy=True)
    x0, y0 = 500_000.0, 3_650_000.0
    corners = [(x0, y0), (x0 + width_m, y0), (x0 + width_m, y0 + height_m), (x0, y0 + height_m)]
    return [[lat, lon] for lon, lat in (to_lonlat.transform(x, y) for x, y in corners)]


@pytest.fixture
def tools_page(tiny_dataset, tmp_path, tiny_view):
    """The tiny zone's parcels on a map with every tool, served like the app serves it: the page
    loads Leaflet and the tools by the same relative URLs as the st_folium iframe does."""
    parcels = tiny_view.copy()
    parcels.loc[parcels["parcel_id"] == "P2", "enterprise"] = HOSTILE
    fmap = maps.preview_map(parcels, lang="zh")  # parcels drawn by ZoneMap.parcels, as on the zone map
    tools.add_tools(fmap, lang="zh", search_index=tools.search_index(tiny_dataset.zones, tiny_dataset.sections,
                                                                     parcels))
    page = tmp_path / "map"
    page.mkdir()
    (page / "index.html").write_text(fmap.get_root().render(), encoding="utf-8")
    # ../<leaflet dir> and ../<static dir>, as dashboard.map.assets serves them
    (tmp_path / leaflet_url().removeprefix("../")).symlink_to(xstatic_leaflet.BASE_DIR)
    (tmp_path / static_url().removeprefix("../")).symlink_to(STATIC_DIR)
    with serve(tmp_path) as url:
        yield f"{url}/map/index.html", fmap.get_name(), parcels


@pytest.mark.browser
@pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="Debian chromium missing: run `make test`")
def test_tools_in_the_browser(tools_page):
    url, map_name, parcels = tools_page
    with offline_page(width=1100, height=750) as (page, blocked):
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(url)
        page.wait_for_function("window.ZoneTools && window.ZoneMap && ZoneMap.searchItems().length === 9")
        # the controls are there, next to Leaflet's zoom control
        for selector in (".leaflet-control-zoom", ".zt-fullscreen-control a", ".zt-measure-control a",
                         ".zt-search input", ".zt-mouse-position"):
            assert page.locator(selector).count() == 1, selector
        assert page.locator(".zt-fullscreen-control a").get_attribute("title") == "全屏"

        # the area formula: 300 m × 200 m near 33°N is 60 000 m² within 0.1 %
        corners = rectangle_lonlat(300, 200)
        area = page.evaluate("c => ZoneTools.polygonAreaM2(c)", corners)
        assert area == pytest.approx(60_000, rel=1e-3)
        lats, lons = zip(*corners, strict=True)
        assert abs(GEOD.polygon_area_perimeter(lons, lats)[0]) == pytest.approx(60_000, rel=1e-4)
        assert page.evaluate("ZoneTools.polygonAreaM2([[33, 114], [33.001, 114]])") == 0

        # mouse position: lon/lat to 5 decimals
        box = page.locator(f"#{map_name}").bounding_box()
        assert box is not None
        page.mouse.move(box["x"] + 500, box["y"] + 400)
        text = page.locator(".zt-mouse-position").inner_text()
        assert re.fullmatch(r"11[34]\.\d{5}°E, 3[23]\.\d{5}°N", text), text

        # measure: three clicks give a length and an area in m², 亩 and km²; Esc clears
        page.locator(".zt-measure-control a").click()
        for dx, dy in ((300, 300), (600, 300), (600, 500)):
            page.mouse.click(box["x"] + dx, box["y"] + dy)
        result = page.locator(".zt-measure-result").inner_text()
        assert "长度" in result and "面积" in result and "亩" in result and "km²" in result, result
        lengths = page.evaluate(f"""() => {{
            const m = {map_name}, p = [[300, 300], [600, 300], [600, 500]].map(q => m.containerPointToLatLng(q));
            return [m.distance(p[0], p[1]) + m.distance(p[1], p[2]), ZoneTools.polygonAreaM2(p)];
        }}""")
        metres, m2 = lengths
        shown = float(re.search(r"面积\s*([\d,]+) m²", result).group(1).replace(",", ""))
        assert shown == pytest.approx(m2, abs=1)
        mu = float(re.search(r"([\d,.]+) 亩", result).group(1).replace(",", ""))
        assert mu == pytest.approx(m2 * 15 / 10_000, abs=0.01)
        assert metres > 0
        search = page.locator(".zt-search input")
        search.fill("P")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "map_tools.png"))
        search.fill("")
        page.locator(f"#{map_name}").focus()
        page.keyboard.press("Escape")
        assert page.locator(".zt-measure-result").is_hidden()
        # a double-click adds the last vertex and finishes; the result stays until Esc
        zoom_before = page.evaluate(f"{map_name}.getZoom()")
        page.locator(".zt-measure-control a").click()
        page.mouse.click(box["x"] + 300, box["y"] + 300)
        page.mouse.click(box["x"] + 600, box["y"] + 300)
        page.mouse.dblclick(box["x"] + 600, box["y"] + 500)
        assert page.locator(".zt-measure-control a").get_attribute("aria-pressed") == "false"
        assert page.locator(".zt-measure-result").inner_text().count("亩") == 1
        assert page.evaluate(f"{map_name}.getZoom()") == zoom_before  # no double-click zoom
        assert page.evaluate(f"{map_name}.doubleClickZoom.enabled()")  # restored afterwards
        page.keyboard.press("Escape")
        assert page.locator(".zt-measure-result").is_hidden()

        # search: Chinese and IDs, case-insensitive; choosing a parcel fits the map to it
        search.fill("甲机械")
        assert page.locator(".zt-result").count() == 1
        search.fill("p")
        assert page.locator(".zt-result").count() == 8  # P1…P9, at most eight shown
        search.fill("p7")
        page.locator(".zt-result", has_text="P7").click()
        page.wait_for_timeout(600)  # the fit animates
        p7 = parcels.loc[parcels["parcel_id"] == "P7"].geometry.iloc[0]
        view = page.evaluate(f"""() => {{
            const b = {map_name}.getBounds();
            return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast(), {map_name}.getZoom()];
        }}""")
        south, west, north, east, zoom = view
        assert south < p7.bounds[1] and west < p7.bounds[0] and north > p7.bounds[3] and east > p7.bounds[2]
        centre_x, centre_y = (west + east) / 2, (south + north) / 2
        assert shapely.Point(centre_x, centre_y).distance(p7.centroid) < 0.0005  # ≈ 50 m
        assert zoom >= 17
        assert page.locator("path.zt-flash").count() == 1  # the flashing outline

        # a hostile enterprise name is listed as text, never as markup
        search.fill("<img")
        assert page.locator(".zt-result-label").first.inner_text() == HOSTILE
        assert page.locator(".zt-search img, .leaflet-container img[src='x']").count() == 0

        # full screen: the map fills the window (API or the CSS fallback), and back
        page.locator(".zt-fullscreen-control a").click()
        page.wait_for_function(f"document.getElementById('{map_name}').classList.contains('zt-fullscreen')")
        assert page.evaluate(f"""document.fullscreenElement === document.documentElement
            || document.getElementById('{map_name}').classList.contains('zt-pseudo-fullscreen')""")
        page.locator(".zt-fullscreen-control a").click()
        page.wait_for_function(f"!document.getElementById('{map_name}').classList.contains('zt-fullscreen')")
        # where the frame may not go full screen, the CSS fallback fills the frame; Esc leaves it
        page.evaluate("""['fullscreenEnabled', 'webkitFullscreenEnabled'].forEach(
            p => Object.defineProperty(document, p, {get: () => false}))""")
        page.locator(".zt-fullscreen-control a").click()
        assert "zt-pseudo-fullscreen" in (page.locator(f"#{map_name}").get_attribute("class") or "")
        assert page.locator(f"#{map_name}").bounding_box()["height"] == 750
        page.keyboard.press("Escape")
        assert "zt-fullscreen" not in (page.locator(f"#{map_name}").get_attribute("class") or "")
        assert errors == []
        assert blocked == []


def test_zone_and_section_entries_carry_the_feature_to_select(tiny_dataset):
    """Choosing a zone or section hit clicks that feature on the map (tools.js clickFeature)."""
    ds = tiny_dataset
    index = tools.search_index(ds.zones, ds.sections)
    for entry in index:
        key = {"zone": "zone_id", "section": "section_id"}[entry["kind"]]
        assert set(entry["select"]) == {key}
    assert {e["select"]["section_id"] for e in index if e["kind"] == "section"} == set(ds.sections["section_id"])

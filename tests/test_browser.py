"""The real thing: `streamlit run`, Debian Chromium, every non-local request aborted."""

from __future__ import annotations

import shutil

import pytest

from tests.browser import ARTIFACTS, CHROMIUM, VECTOR, offline_page, parcel_points, streamlit_server
from zone_layers import summary

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which(CHROMIUM) is None,
                       reason="Debian chromium missing: run `make test`, which installs it"),
]

MAP = 'iframe[title="streamlit_folium.st_folium"]'


def map_frame(page):
    """The current map iframe (during a rerun Streamlit may briefly keep the previous one)."""
    return page.locator(MAP).last.content_frame


@pytest.fixture(scope="module")
def server():
    with streamlit_server(env={"ZONE_DATA": ""}) as url:
        yield url


def test_zone_view_offline(server):
    with offline_page() as (page, blocked):
        local_requests: list[str] = []
        page.on("request", lambda r: local_requests.append(r.url))
        page.goto(f"{server}/?view=zone")
        page.wait_for_selector(MAP, state="attached", timeout=60_000)
        frame = page.frame_locator(MAP)
        frame.locator(VECTOR).first.wait_for(timeout=60_000)
        # the map iframe has real height (a failed map is 0 px high)
        box = page.locator(MAP).bounding_box()
        assert box is not None and box["height"] > 400
        # the illustrative notice is visible on the page and on the map
        assert page.get_by_text("示意数据：", exact=False).first.is_visible()
        assert frame.locator(".zm-notice").is_visible()
        # every parcel of the zone is drawn (on the map's canvas)
        from geodata import settings
        from geodata.dataset import dataset_from_gpkg

        parcels = summary.parcels_with_firms(dataset_from_gpkg(settings.SAMPLE_PATH))
        inner = page.locator(MAP).element_handle().content_frame()
        in_zone = int((parcels["zone_id"] == "zmd_etdz").sum())
        assert inner.evaluate("() => ZoneMap.searchItems().filter((it) => it.layer._map).length") == in_zone
        # the parcels drawn as GeoJSON (below the tile threshold) give the same signal as the tiles: the
        # fitted view shows every parcel of the zone
        drawn = frame.locator(".leaflet-container[data-parcels-drawn]")
        drawn.wait_for(state="attached", timeout=10_000)
        assert int(drawn.get_attribute("data-parcels-total")) == in_zone
        assert int(drawn.get_attribute("data-parcels-drawn")) == in_zone
        # hovering a parcel shows its tooltip, in Chinese
        page.locator(MAP).scroll_into_view_if_needed()
        points = parcel_points(page, MAP)
        target = points[len(points) // 2]
        page.mouse.move(target["x"], target["y"])
        tooltip = frame.locator(".leaflet-tooltip")
        tooltip.first.wait_for(timeout=10_000)
        text = tooltip.first.inner_text()
        assert f"宗地 {target['id']}" in text and "面积" in text and "亩" in text, text
        # legend and scale bar drawn by the app's own script
        assert "用地类别" in frame.locator(".zm-legend").inner_text()
        assert frame.locator(".leaflet-control-scale-line").count() == 1
        assert frame.locator(".leaflet-control-scale-line").inner_text().strip().endswith(("m", "km"))  # metric only
        # the map tools, from the app's own tools.js
        for control in (".zt-fullscreen-control", ".zt-measure-control", ".zt-search-input", ".zt-mouse-position"):
            assert frame.locator(control).count() == 1, control
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "zone_view.png"), full_page=True)
        # Leaflet came from this server, and nothing had to be blocked
        assert any(u.endswith("/leaflet.js") and "127.0.0.1" in u for u in local_requests)
        assert blocked == []


def test_clicking_a_parcel_opens_its_section(server):
    with offline_page(height=1400) as (page, _):
        page.goto(f"{server}/?view=zone")
        frame = page.frame_locator(MAP)
        frame.locator(VECTOR).first.wait_for(timeout=60_000)
        page.get_by_text("分区详情", exact=True).wait_for()
        # click the label of 仓储物流 (not the default section); labels let clicks through to the
        # parcel under them, whose section then opens in the panel
        label = frame.locator(".zm-label", has_text="仓储物流")
        page.locator(MAP).scroll_into_view_if_needed()
        box = label.bounding_box()
        frame_box = page.locator(MAP).bounding_box()
        assert box and frame_box
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        caption = page.locator('[data-testid="stCaptionContainer"]', has_text="现代物流园")
        caption.wait_for(timeout=20_000)  # the panel now shows 仓储物流's function


def test_city_view_offline(server):
    with offline_page() as (page, blocked):
        page.goto(f"{server}/?view=city")
        frame = page.frame_locator(MAP)
        polygons = frame.locator("path.leaflet-interactive")
        polygons.first.wait_for(timeout=60_000)
        assert polygons.count() == 22  # 11 outlines and 11 symbols
        assert "目标档级" in frame.locator(".zm-legend").inner_text()
        page.screenshot(path=str(ARTIFACTS / "city_view.png"), full_page=True)
        assert blocked == []


def _choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the Streamlit selectbox labelled ``label``."""
    page.locator('[data-testid="stSelectbox"]', has_text=label).locator("div[role=combobox], input").first.click()
    page.get_by_role("option", name=option, exact=True).click()


def test_grade_layer_shows_its_legend(server):
    with offline_page(height=1300) as (page, _):
        page.goto(f"{server}/?view=zone")
        frame = page.frame_locator(MAP)
        frame.locator(VECTOR).first.wait_for(timeout=60_000)
        _choose(page, "宗地图层", "企业评价等级")
        legend = map_frame(page).locator(".zm-legend", has_text="企业评价等级")
        legend.wait_for(timeout=30_000)
        text = legend.inner_text()
        assert "A 优先发展" in text and "C 倒逼转型" in text and "未评价" in text
        page.screenshot(path=str(ARTIFACTS / "grade_layer.png"), full_page=True)


def test_clicking_a_firm_selects_it_zooms_and_shows_its_trend(server):
    from geodata import settings
    from geodata.dataset import dataset_from_gpkg

    parcels = summary.parcels_with_firms(dataset_from_gpkg(settings.SAMPLE_PATH))
    firm = parcels.loc[(parcels["land_class"] == "A2") & parcels["tax_wan_2024"].notna()].iloc[0]
    with offline_page(height=1400) as (page, _):
        page.goto(f"{server}/?view=zone")
        frame = page.frame_locator(MAP)
        frame.locator(VECTOR).first.wait_for(timeout=60_000)
        handle = page.locator(MAP).element_handle()
        inner = handle.content_frame()
        inner.evaluate("""(pid) => {
            let hit = null;
            window.map.eachLayer(l => { if (l.feature && l.feature.properties.parcel_id === pid) hit = l; });
            hit.fire('click', {latlng: hit.getBounds().getCenter(), layer: hit}, true);
        }""", firm["parcel_id"])
        # the page reruns: the map zooms to the parcel and outlines it
        page.wait_for_function(
            """() => { const f = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
                       return f && f.contentWindow.map && f.contentWindow.map.getZoom() >= 15; }""",
            timeout=30_000)
        frame.locator('path[stroke="#e4007c"]').first.wait_for(timeout=30_000)
        page.get_by_role("tab", name="企业评价").click()
        page.get_by_text(f"亩均税收趋势: {firm['enterprise']}").wait_for(timeout=30_000)


def test_uploading_a_gbk_shapefile_shows_its_report(server, tmp_path):
    import zipfile

    import geopandas as gpd
    import shapely

    shp = tmp_path / "parcels.shp"
    gpd.GeoDataFrame({"宗地编号": ["ZD-001", "ZD-002"], "地类": ["A2", "A1"]},
                     geometry=[shapely.box(114.10, 32.97, 114.103, 32.972),
                               shapely.box(114.11, 32.97, 114.113, 32.972)],
                     crs=4490).to_file(shp, encoding="gbk")
    shp.with_suffix(".cpg").unlink(missing_ok=True)  # as exported by many tools: GBK text, no .cpg
    archive = tmp_path / "parcels.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for part in tmp_path.glob("parcels.*"):
            if part.suffix != ".zip":
                z.write(part, part.name)
    with offline_page(height=1400) as (page, blocked):
        page.goto(f"{server}/?view=upload")
        page.locator('[data-testid="stFileUploader"] input[type=file]').first.set_input_files(str(archive))
        page.get_by_text("通过检查", exact=False).first.wait_for(timeout=60_000)
        frame = page.locator(MAP).last.content_frame
        frame.locator(VECTOR).first.wait_for(timeout=30_000)
        inner = page.locator(MAP).last.element_handle().content_frame()
        assert inner.evaluate("() => ZoneMap.searchItems().length") == 2  # both parcels, on the canvas
        page.screenshot(path=str(ARTIFACTS / "upload.png"), full_page=True)
        assert blocked == []


def test_english_interface_from_the_url(server):
    with offline_page() as (page, blocked):
        page.goto(f"{server}/?view=zone&lang=en")
        page.get_by_text("Development-zone land efficiency map").wait_for(timeout=60_000)
        frame = map_frame(page)
        frame.locator(VECTOR).first.wait_for(timeout=60_000)
        assert "Land class" in frame.locator(".zm-legend").inner_text()
        assert page.get_by_text("Planned area(km²)").count() >= 1
        assert blocked == []


def test_a_url_reopens_the_same_view(server):
    """Layer, classification, grading preset, section and basemap all come from the URL."""
    query = "view=zone&layer=tax_per_mu&scheme=equal_interval&k=3&preset=huaian&section=etdz_logistics"
    with offline_page(height=1300) as (page, _):
        page.goto(f"{server}/?{query}")
        frame = map_frame(page)
        legend = frame.locator(".zm-legend", has_text="亩均税收")
        legend.wait_for(timeout=60_000)
        # three equal-interval classes, plus no-data and not-evaluated rows
        assert legend.locator(".zm-group").first.locator("div").count() == 5
        page.locator('[data-testid="stCaptionContainer"]', has_text="现代物流园").wait_for(timeout=30_000)
        assert "preset=huaian" in page.url and "k=3" in page.url


def test_tianditu_tiles_carry_the_key(tmp_path):
    with streamlit_server(env={"ZONE_DATA": "", "TIANDITU_KEY": "testkey123"}) as url, \
            offline_page() as (page, blocked):
        page.goto(f"{url}/?view=zone&basemap=tianditu_vec")
        map_frame(page).locator(VECTOR).first.wait_for(timeout=60_000)
        page.wait_for_timeout(1500)
        tiles = [u for u in blocked if "tianditu.gov.cn" in u]
        assert tiles, blocked[:5]                               # the browser asked for Tianditu tiles …
        assert all("tk=testkey123" in u for u in tiles)         # … with the key in every URL
        assert all("tianditu" in u for u in blocked)            # and nothing else left the machine


def test_map_centre_and_zoom_live_in_the_url(server):
    with offline_page(height=1200) as (page, _):
        page.goto(f"{server}/?view=zone")
        frame = map_frame(page)
        frame.locator(VECTOR).first.wait_for(timeout=60_000)
        inner = page.locator(MAP).last.element_handle().content_frame()
        inner.evaluate("() => { window.map.setView([32.9801, 114.1002], 16); }")
        page.wait_for_function("() => location.search.includes('z=16')", timeout=30_000)
        url = page.url
        assert "lat=32.98" in url and "lon=114.1" in url
    with offline_page(height=1200) as (page, _):  # a new browser session opens the copied URL
        page.goto(url)
        map_frame(page).locator(VECTOR).first.wait_for(timeout=60_000)
        inner = page.locator(MAP).last.element_handle().content_frame()
        page.wait_for_function(
            """() => { const f = document.querySelectorAll('iframe[title="streamlit_folium.st_folium"]');
                       const m = f.length && f[f.length - 1].contentWindow.map;
                       return m && m.getZoom() === 16; }""", timeout=30_000)
        lat, lon = inner.evaluate("() => [window.map.getCenter().lat, window.map.getCenter().lng]")
        assert abs(lat - 32.9801) < 1e-3 and abs(lon - 114.1002) < 1e-3


def test_parcels_in_the_browser_keep_their_outline_and_can_be_searched(server):
    """The compact parcel layer decoded by zonemap.js: every vertex within 0.5 m of the stored
    outline (the issue's fidelity bound), every parcel drawn once, and the search box finds a parcel
    by its ID although the IDs are not repeated in the search index."""
    import numpy as np
    import shapely
    from pyproj import Geod

    from geodata import settings
    from geodata.dataset import dataset_from_gpkg

    ds = dataset_from_gpkg(settings.SAMPLE_PATH)
    with offline_page(height=1300) as (page, _):
        page.goto(f"{server}/?view=zone")
        frame = page.frame_locator(MAP)
        frame.locator(VECTOR).first.wait_for(timeout=60_000)
        inner = page.locator(MAP).element_handle().content_frame()
        drawn = inner.evaluate("""() => ZoneMap.searchItems().map(
            (it) => [it.label, it.layer.toGeoJSON(8).geometry])""")
        zone_id = ds.parcels.loc[ds.parcels["parcel_id"] == drawn[0][0], "zone_id"].iloc[0]
        expected = ds.parcels.loc[ds.parcels["zone_id"] == zone_id].set_index("parcel_id")
        assert sorted(label for label, _ in drawn) == sorted(expected.index)
        worst = 0.0
        for label, geometry in drawn:
            sent = shapely.get_coordinates(shapely.geometry.shape(geometry))
            true = shapely.get_coordinates(expected.at[label, "geometry"])
            assert sent.shape == true.shape, label
            _, _, dist = Geod(ellps="GRS80").inv(true[:, 0], true[:, 1], sent[:, 0], sent[:, 1])
            worst = max(worst, float(np.max(dist)))
        assert worst <= 0.5, worst
        # search by parcel ID: the entry comes from the drawn layer
        pid = drawn[len(drawn) // 2][0]
        box = frame.locator(".zt-search-input")
        box.fill(pid)
        result = frame.locator(".zt-result", has_text=pid).first
        result.wait_for(timeout=10_000)
        assert "宗地" in result.inner_text()
        result.click()
        frame.locator(".zt-flash").wait_for(timeout=5_000)  # the found parcel flashes where the map went


def test_searching_a_firm_opens_its_profile_with_every_parcel_outlined(server):
    """The map search finds an enterprise by name; choosing it selects the firm as a click on its
    parcel would (the sample is illustrative, so its page is open: analyst view), the evaluation tab
    opens on the firm's profile and every parcel of the firm is outlined."""
    from geodata import settings
    from geodata.dataset import dataset_from_gpkg

    dataset = dataset_from_gpkg(settings.SAMPLE_PATH)
    firms = summary.dataset_firms(dataset)
    counts = firms.allocation.table.groupby("credit_code")["parcel_id"].nunique()
    code = counts[counts == 3].index[0]
    name = dataset.enterprises.set_index("credit_code").at[code, "name"]
    with offline_page(height=2200) as (page, _):
        page.goto(f"{server}/?view=zone")
        frame = page.frame_locator(MAP)
        frame.locator(VECTOR).first.wait_for(timeout=60_000)
        box = frame.locator(".zt-search-input")
        box.fill(name)
        hit = frame.locator(".zt-result", has_text=name).first
        hit.wait_for(timeout=10_000)
        hit.click()
        page.get_by_text("企业画像").wait_for(timeout=60_000)
        page.get_by_text(f"统一社会信用代码: {code}").wait_for(timeout=30_000)
        # the three parcels of the firm are outlined on the map (the chosen one solid, the others dashed)
        page.wait_for_function(
            """() => { const f = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
                       return f && f.contentDocument.querySelectorAll('path[stroke="#e4007c"]').length >= 3; }""",
            timeout=30_000)


_ZOOM = """() => { const f = document.querySelectorAll('iframe[title="streamlit_folium.st_folium"]');
                   const m = f.length && f[f.length - 1].contentWindow.map;
                   return m && m.getZoom ? m.getZoom() : null; }"""


def _settled_zoom(page, test: str) -> int:
    """The zoom of the current map once ``test`` (a JS expression of ``z``) holds and still holds
    after a moment (the map may be moved right after it is drawn)."""
    page.wait_for_function(f"() => {{ const z = ({_ZOOM})(); return z !== null && ({test}); }}", timeout=60_000)
    page.wait_for_timeout(2_000)
    return int(page.evaluate(f"({_ZOOM})()"))


def test_a_zone_clicked_on_the_city_map_opens(server):
    """Issue 19: the «打开「…」详情» button under the city map (drawn in the map's fragment) opens the zone."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    with offline_page(height=1300) as (page, _):
        page.goto(f"{server}/?view=city")
        map_frame(page).locator("path.leaflet-interactive").first.wait_for(timeout=60_000)
        page.get_by_text("点击有宗地数据的开发区", exact=False).wait_for(timeout=60_000)
        button = page.get_by_role("button", name="打开「驻马店经济技术开发区」详情")
        for _ in range(4):  # a click while the map's first view is being reported may be lost
            page.locator(MAP).last.scroll_into_view_if_needed()
            inner = page.locator(MAP).last.element_handle().content_frame()
            point = inner.evaluate("""(zid) => { let hit = null;
                window.map.eachLayer((l) => {
                    if (l.feature && l.feature.properties.zone_id === zid && l.getLatLng) hit = l; });
                return window.map.latLngToContainerPoint(hit.getLatLng()); }""", "zmd_etdz")
            frame_box = page.locator(MAP).last.bounding_box()
            page.mouse.click(frame_box["x"] + point["x"], frame_box["y"] + point["y"])
            try:
                button.wait_for(timeout=10_000)
                break
            except PlaywrightTimeout:
                continue
        button.click()
        page.get_by_text("分区详情", exact=True).wait_for(timeout=60_000)
        map_frame(page).locator(".zt-search-input").wait_for(timeout=60_000)
        page.wait_for_function("() => location.search.includes('view=zone')", timeout=30_000)


def test_each_view_fits_its_own_map_unless_the_url_says_otherwise(server):
    """Issue 19: zone -> city -> zone, each map fits its own content (not the last map's centre
    and zoom); a link's lat, lon and z still win."""
    sidebar = '[data-testid="stSidebar"]'
    with offline_page(height=1200) as (page, _):
        page.goto(f"{server}/?view=zone")
        map_frame(page).locator(VECTOR).first.wait_for(timeout=60_000)
        assert _settled_zoom(page, "z >= 12") >= 12
        inner = page.locator(MAP).last.element_handle().content_frame()
        inner.evaluate("() => { window.map.setView([32.9801, 114.1002], 17); }")
        page.wait_for_function("() => location.search.includes('z=17')", timeout=30_000)
        page.locator(sidebar).get_by_text("全市开发区总览", exact=True).click()
        map_frame(page).locator(".zm-legend", has_text="目标档级").wait_for(timeout=60_000)
        assert _settled_zoom(page, "z <= 10") <= 10
        assert "z=17" not in page.url
        inner = page.locator(MAP).last.element_handle().content_frame()
        inner.evaluate("() => { window.map.setView([33.0, 114.0], 7); }")
        page.wait_for_function("() => location.search.includes('z=7')", timeout=30_000)
        page.locator(sidebar).get_by_text("开发区详情", exact=True).click()
        map_frame(page).locator(".zt-search-input").wait_for(timeout=60_000)
        map_frame(page).locator(".zm-legend", has_text="用地类别").wait_for(timeout=60_000)
        assert _settled_zoom(page, "z >= 12") >= 12
    with offline_page(height=1200) as (page, _):  # a link with a view opens on that view
        page.goto(f"{server}/?view=city&lat=32.95&lon=114.05&z=13")
        map_frame(page).locator(".zm-legend", has_text="目标档级").wait_for(timeout=60_000)
        assert _settled_zoom(page, "z === 13") == 13


def test_searching_a_parcel_or_section_selects_it(server):
    """Issue 19: a parcel ID chosen in the map search is selected as a click on it would be (its
    section in the panel, its outline, parcel=… in the URL); a section hit selects the section."""
    from geodata import settings
    from geodata.dataset import dataset_from_gpkg

    parcels = dataset_from_gpkg(settings.SAMPLE_PATH).parcels
    pid = str(parcels.loc[parcels["section_id"] == "etdz_logistics", "parcel_id"].iloc[0])
    with offline_page(height=1400) as (page, _):
        page.goto(f"{server}/?view=zone")
        frame = map_frame(page)
        frame.locator(VECTOR).first.wait_for(timeout=60_000)
        page.get_by_text("分区详情", exact=True).wait_for()
        box = frame.locator(".zt-search-input")
        box.fill(pid)
        hit = frame.locator(".zt-result", has_text=pid).first
        hit.wait_for(timeout=10_000)
        hit.click()
        page.wait_for_function(f"() => location.search.includes('parcel={pid}')", timeout=30_000)
        page.locator('[data-testid="stCaptionContainer"]', has_text="现代物流园").wait_for(timeout=30_000)
        map_frame(page).locator('path[stroke="#e4007c"]').first.wait_for(timeout=30_000)
        # a section hit opens that section in the panel
        box = map_frame(page).locator(".zt-search-input")
        box.fill("食品加工")
        hit = map_frame(page).locator(".zt-result", has_text="食品加工").first
        hit.wait_for(timeout=10_000)
        hit.click()
        page.wait_for_function("() => location.search.includes('section=etdz_food')", timeout=30_000)
        page.locator('[data-testid="stCaptionContainer"]', has_text="食品加工产业园").wait_for(timeout=30_000)

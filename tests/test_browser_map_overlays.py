"""Issue 19 in the browser: tooltips above the legend and opaque, the legend folds away, and a
basemap that cannot load (offline) is said so on the map."""

from __future__ import annotations

import shutil

import pytest

from tests.browser import CHROMIUM, VECTOR, offline_page, parcel_points, streamlit_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which(CHROMIUM) is None,
                       reason="Debian chromium missing: run `make test`, which installs it"),
]

MAP = 'iframe[title="streamlit_folium.st_folium"]'

#: z-index of the stacking layer (child of the map's container) that holds the tooltip and the
#: legend, and how the tooltip is painted.
_STACKING = """() => {
  const box = document.querySelector(".leaflet-container");
  const layer = (el) => { while (el.parentElement !== box) { el = el.parentElement; } return el; };
  const z = (el) => Number(getComputedStyle(layer(el)).zIndex) || 0;
  const tip = document.querySelector(".leaflet-tooltip");
  const legend = document.querySelector(".zm-legend");
  const style = getComputedStyle(tip);
  return {tip: z(tip), legend: z(legend), background: style.backgroundColor, opacity: style.opacity};
}"""


@pytest.fixture(scope="module")
def server():
    with streamlit_server(env={"ZONE_DATA": ""}) as url:
        yield url


def test_tooltips_are_above_the_legend_and_opaque_and_the_legend_folds(server):
    with offline_page() as (page, _):
        page.goto(f"{server}/?view=zone")
        page.frame_locator(MAP).locator(VECTOR).first.wait_for(timeout=60_000)
        page.locator(MAP).scroll_into_view_if_needed()
        frame = page.locator(MAP).last.content_frame
        legend = frame.locator(".zm-legend")
        box = legend.bounding_box()
        assert box is not None
        # the parcel nearest the legend
        points = parcel_points(page, MAP)
        target = min(points, key=lambda p: (p["x"] - box["x"]) ** 2 + (p["y"] - box["y"]) ** 2)
        page.mouse.move(target["x"], target["y"])
        frame.locator(".leaflet-tooltip").first.wait_for(timeout=10_000)
        inner = page.locator(MAP).last.element_handle().content_frame()
        found = inner.evaluate(_STACKING)
        assert found["tip"] > found["legend"], found
        assert found["opacity"] == "1", found
        assert found["background"] in ("rgb(255, 255, 255)", "rgba(255, 255, 255, 1)"), found
        page.mouse.move(0, 0)
        # after the map moved, a tooltip still opens at the pointer (its pane follows the map pane)
        inner.evaluate("() => { window.map.panBy([150, 90], {animate: false}); }")
        points = parcel_points(page, MAP)
        target = points[len(points) // 2]
        page.mouse.move(target["x"], target["y"])
        page.mouse.move(target["x"] + 1, target["y"] + 1)
        # this parcel's tooltip (the one of the first hover may still be fading out, 200 ms)
        tip = frame.locator(".leaflet-tooltip", has_text=target["id"]).first
        tip.wait_for(timeout=10_000)
        at = tip.bounding_box()
        assert at is not None
        gap_x = max(at["x"] - target["x"], target["x"] - (at["x"] + at["width"]), 0)
        gap_y = max(at["y"] - target["y"], target["y"] - (at["y"] + at["height"]), 0)
        assert gap_x < 40 and gap_y < 40, (at, target)
        page.mouse.move(0, 0)
        # a click on the legend's heading folds its rows away, a second one brings them back
        rows = legend.locator(".zm-group > div").first
        assert rows.is_visible()
        legend.locator("h4").first.click()
        rows.wait_for(state="hidden", timeout=5_000)
        folded = legend.bounding_box()
        assert folded is not None and folded["height"] < box["height"] / 2
        legend.locator("h4").first.click()
        rows.wait_for(state="visible", timeout=5_000)


def test_a_basemap_that_cannot_load_is_said_so_on_the_map(server):
    with offline_page() as (page, blocked):
        page.goto(f"{server}/?view=zone&basemap=osm")
        page.frame_locator(MAP).locator(VECTOR).first.wait_for(timeout=60_000)
        frame = page.locator(MAP).last.content_frame
        notice = frame.locator(".zm-basemap-off")
        notice.wait_for(timeout=30_000)
        assert "底图无法加载（离线或未授权）" in notice.inner_text()
        assert any("tile.openstreetmap.org" in u for u in blocked)
        # no attribution for tiles that are not shown
        assert "OpenStreetMap" not in frame.locator(".leaflet-control-attribution").inner_text()
        # the parcels are still drawn
        inner = page.locator(MAP).last.element_handle().content_frame()
        assert inner.evaluate("() => ZoneMap.searchItems().filter((it) => it.layer._map).length") > 0


def test_the_basemap_notice_speaks_english_on_an_english_page(server):
    with offline_page() as (page, _):
        page.goto(f"{server}/?view=zone&basemap=osm&lang=en")
        frame = page.locator(MAP).last.content_frame
        notice = frame.locator(".zm-basemap-off")
        notice.wait_for(timeout=60_000)
        assert "cannot be loaded (offline or not authorised)" in notice.inner_text()

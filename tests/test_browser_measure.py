"""Issue 19 in the browser: while measuring, clicks belong to the measure tool only (a click on a
parcel adds a point and selects nothing: no rerun, no zoom to the parcel, no card); after
measuring, a click on a parcel selects it again."""

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
CARD = "已选宗地"


@pytest.fixture(scope="module")
def server():
    with streamlit_server(env={"ZONE_DATA": ""}) as url:
        yield url


def test_measuring_clicks_select_no_parcel(server):
    with offline_page(height=1000) as (page, _):
        page.goto(f"{server}/?view=zone")
        page.frame_locator(MAP).locator(VECTOR).first.wait_for(timeout=60_000)
        page.locator(MAP).scroll_into_view_if_needed()
        page.wait_for_timeout(1000)
        inner = page.locator(MAP).last.element_handle().content_frame()
        zoom = inner.evaluate("() => window.map.getZoom()")
        points = parcel_points(page, MAP)  # parcels free of controls and labels, before measuring
        first, second = points[len(points) // 3], points[2 * len(points) // 3]
        frame = page.frame_locator(MAP)
        frame.locator(".zt-measure-control a").click()
        page.mouse.click(first["x"], first["y"])
        page.wait_for_timeout(400)
        page.mouse.click(second["x"], second["y"])
        page.wait_for_timeout(4000)  # time enough for a rerun, had the click been sent to Python
        result = frame.locator(".zt-measure-result").inner_text()
        assert "长度" in result and result.count("m") >= 1, result    # two points: a length
        assert page.get_by_text(CARD).count() == 0                    # nothing selected
        assert inner.evaluate("() => window.map.getZoom()") == zoom    # and the map did not jump
        # the tool off, a click on a parcel selects it again
        frame.locator(".zt-measure-control a").click()
        page.keyboard.press("Escape")
        page.mouse.click(first["x"], first["y"])
        page.get_by_text(f"{CARD} {first['id']}").wait_for(timeout=30_000)

"""Issue 19, layout: at 1400×1000 and 1920×1080, in both languages, the map takes the content's full
width and most of the screen's height, and the section panel and section table show every value
without scrolling sideways. Full-page screenshots of each (and of the evaluation and targets tabs)
are kept in tests/artifacts/ to be looked at."""

from __future__ import annotations

import shutil

import pytest

from tests.browser import ARTIFACTS, CHROMIUM, VECTOR, offline_page, streamlit_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which(CHROMIUM) is None,
                       reason="Debian chromium missing: run `make test`, which installs it"),
]

MAP = 'iframe[title="streamlit_folium.st_folium"]'

#: Each table on the page: how far its content reaches beyond its box (a table cut off, to be
#: scrolled, reaches beyond it), from Glide Data Grid's scroller.
_TABLES = """() => [...document.querySelectorAll('[data-testid="stDataFrame"]')].map((el) => {
  const s = el.querySelector('.dvn-scroller');
  return {x: s.scrollWidth - s.clientWidth, y: s.scrollHeight - s.clientHeight,
          text: el.innerText.slice(0, 40)};
})"""

SIZES = [(1400, 1000), (1920, 1080)]
TABS = {"zh": ("企业评价", "目标差距"), "en": ("Enterprise evaluation", "Targets")}


@pytest.fixture(scope="module")
def server():
    with streamlit_server(env={"ZONE_DATA": ""}) as url:
        yield url


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_map_fills_the_width_and_no_table_is_cut_off(server, lang, width, height):
    with offline_page(width=width, height=height) as (page, _):
        page.goto(f"{server}/?view=zone&lang={lang}")
        page.wait_for_selector(MAP, state="attached", timeout=60_000)
        page.frame_locator(MAP).locator(VECTOR).first.wait_for(timeout=60_000)
        page.locator('[data-testid="stDataFrame"]').nth(1).wait_for(timeout=30_000)
        # the content's width: the main block's vertical block (inside its padding)
        content = page.locator('[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"]').first
        outer, box = content.bounding_box(), page.locator(MAP).bounding_box()
        assert outer and box
        assert box["width"] >= 0.98 * outer["width"], (box, outer)
        assert box["height"] >= 0.6 * height, box
        # the section panel's indicators, the national indicators and the section table: nothing to
        # scroll to (measured at the real size, after the screenshot for the eye: Streamlit scrolls
        # inside its own container, so that one needs a tall viewport)
        page.locator('[data-testid="stDataFrame"]').nth(2).wait_for(timeout=30_000)
        tables = page.evaluate(_TABLES)
        page.set_viewport_size({"width": width, "height": 3000})
        page.wait_for_timeout(1500)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"layout-zone-{lang}-{width}x{height}.png"), full_page=True)
        assert len(tables) == 3, tables
        for table in tables:
            assert table["x"] <= 1 and table["y"] <= 1, table
        for n, tab in enumerate(TABS[lang]):
            page.get_by_role("tab", name=tab).click()
            page.locator('[data-testid="stDataFrame"]').nth(1).wait_for(timeout=30_000)
            page.wait_for_timeout(2000)
            page.screenshot(path=str(ARTIFACTS / f"layout-tab{n + 2}-{lang}-{width}x{height}.png"), full_page=True)

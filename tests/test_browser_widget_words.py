"""Issue 19 in Chromium: Streamlit's own widget words (the uploader's "Upload", "200MB per file",
"Drag and drop a file here"; the multiselect's "Select all", "No results") read Chinese on Chinese pages,
stay English on English pages, and the widgets keep their size. What is on screen is the computed
style: the English element's font size and its ``::after`` content (dashboard/pages/widget_words.py)."""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser import ARTIFACTS, CHROMIUM, VECTOR, offline_page, streamlit_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which(CHROMIUM) is None,
                       reason="Debian chromium missing: run `make test`, which installs it"),
]

DROPZONE = '[data-testid="stFileUploaderDropzone"]'
BUTTON = '[data-testid="stBaseButton-secondary"] [data-testid="stMarkdownContainer"] p'
INSTRUCTIONS = '[data-testid="stFileUploaderDropzoneInstructions"] span'
DRAG = ":scope > div:not([data-testid]) > span"
SELECT_ALL = '[role="option"][data-key="__select_all__"] > div'
NO_RESULTS = '[role="listbox"][data-empty] > [role="option"] > span'
MAP = 'iframe[title="streamlit_folium.st_folium"]'

#: what is shown: the element's text when its font size is not 0, else its ::after content
_SHOWN = """(root, sel) => {
  const e = sel ? root.querySelector(sel) : root;
  const own = getComputedStyle(e), after = getComputedStyle(e, "::after");
  return {fontSize: own.fontSize, text: e.textContent, after: after.content, afterSize: after.fontSize,
          height: e.getBoundingClientRect().height};
}"""
_BOX = "e => e.getBoundingClientRect().height"
_DRAG_OVER = """e => { const dt = new DataTransfer(); dt.items.add(new File(["x"], "a.zip", {type: "application/zip"}));
  e.dispatchEvent(new DragEvent("dragenter", {bubbles: true, cancelable: true, dataTransfer: dt})); }"""


@pytest.fixture(scope="module")
def server():
    with streamlit_server(env={"ZONE_DATA": ""}) as url:
        yield url


def _shown(locator, sel: str | None = None) -> dict:
    return locator.evaluate(_SHOWN, sel)


def _uploaders(page, server: str, lang: str) -> list:
    page.goto(f"{server}/?view=upload&lang={lang}")
    zones = page.locator(DROPZONE)
    zones.nth(1).wait_for(timeout=60_000)
    return [zones.nth(0), zones.nth(1)]


def _sections_dropdown(page, server: str, lang: str) -> dict:
    """Open the 分区 (sections) filter of the enterprise tab (5 sections, so a "Select all" option) once
    the page has settled (the map's first report reruns the script, which closes a dropdown); return
    what its "Select all" option shows."""
    page.goto(f"{server}/?view=zone&lang={lang}")
    page.locator(MAP).last.content_frame.locator(VECTOR).first.wait_for(timeout=60_000)
    tab = page.get_by_role("tab", name="企业评价" if lang == "zh" else "Enterprise evaluation")
    tab.click()
    box = page.locator(".st-key-f_section input").first
    box.wait_for(timeout=30_000)
    page.wait_for_timeout(1_500)
    for _ in range(3):  # a late rerun may still close it: open again
        box.click()
        page.keyboard.press("ArrowDown")
        try:
            page.locator(SELECT_ALL).wait_for(timeout=5_000)
            return page.locator(SELECT_ALL).evaluate(_SHOWN, None, timeout=2_000)
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    msg = "the sections filter's dropdown did not stay open"
    raise AssertionError(msg)


def test_streamlit_widget_words_in_chinese_and_english(server):
    with offline_page(height=900) as (page, blocked):
        english = _uploaders(page, server, "en")
        en_button, en_rules = _shown(english[0], BUTTON), _shown(english[0], INSTRUCTIONS)
        en_heights = [z.evaluate(_BOX) for z in english]
        # English pages keep Streamlit's own words, untouched
        assert en_button["text"] == "Upload" and en_button["fontSize"] == "14px" and en_button["after"] == "none"
        assert en_rules["text"] == "200MB per file • GPKG, GEOJSON, JSON, ZIP, CSV, XLSX"
        assert en_rules["after"] == "none"
        select_all = _sections_dropdown(page, server, "en")
        assert select_all["text"] == "Select all" and select_all["after"] == "none"

        chinese = _uploaders(page, server, "zh")
        for zone, types in zip(chinese, ("GPKG, GEOJSON, JSON, ZIP, CSV, XLSX", "CSV, XLSX"), strict=True):
            button, rules = _shown(zone, BUTTON), _shown(zone, INSTRUCTIONS)
            # the English is there but 0 px; the catalogue's words in the same 14 px, same line height
            assert (button["fontSize"], button["after"], button["afterSize"]) == ("0px", '"上传"', "14px")
            assert button["height"] == en_button["height"]
            assert rules["fontSize"] == "0px" and rules["afterSize"] == "14px"
            assert rules["after"] == f'"单个文件不超过 200MB • {types}"'  # server.maxUploadSize = 200
            assert rules["height"] == en_rules["height"]
        assert [z.evaluate(_BOX) for z in chinese] == en_heights  # the dropzones keep their height
        # the button keeps its icon beside the word
        assert chinese[0].locator('[data-testid="stIconMaterial"]').inner_text() == "upload"
        page.screenshot(path=str(ARTIFACTS / "widget_words_upload_zh.png"), clip={
            "x": 0, "y": 0, "width": 1500, "height": 900})
        chinese[0].evaluate(_DRAG_OVER)
        dragging = chinese[0].locator(DRAG)
        dragging.wait_for(timeout=5_000)
        shown = _shown(dragging)
        assert shown["text"] == "Drag and drop a file here"
        assert (shown["fontSize"], shown["after"], shown["afterSize"]) == ("0px", '"将文件拖放到此处"', "14px")

        select_all = _sections_dropdown(page, server, "zh")
        assert (select_all["fontSize"], select_all["after"], select_all["afterSize"]) == ("0px", '"全选"', "14px")
        page.wait_for_timeout(500)  # the dropdown fades in
        page.screenshot(path=str(ARTIFACTS / "widget_words_select_zh.png"), clip={
            "x": 0, "y": 0, "width": 1500, "height": 900})
        page.keyboard.press("ArrowUp")  # from the first section up to 全选, which still selects all five
        page.keyboard.press("Enter")
        page.locator('.st-key-f_section [data-tag]').nth(4).wait_for(timeout=30_000)
        assert page.locator('.st-key-f_section [data-tag]').count() == 5
        box = page.locator(".st-key-f_section input").first
        box.click()
        page.keyboard.type("不存在的分区")
        page.locator(NO_RESULTS).wait_for(timeout=10_000)
        nothing = _shown(page.locator(NO_RESULTS))
        assert (nothing["text"], nothing["fontSize"], nothing["after"]) == ("No results", "0px", '"无匹配项"')
        assert blocked == []

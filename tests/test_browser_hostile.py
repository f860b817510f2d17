"""Hostile names in a user's dataset show as text everywhere and never run (browser test)."""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest

from geodata.dataset import dataset_to_gpkg
from tests.browser import ARTIFACTS, CHROMIUM, VECTOR, offline_page, parcel_points, streamlit_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="Debian chromium missing: run `make test`"),
]

MAP = 'iframe[title="streamlit_folium.st_folium"]'
IMG = "<img src=x onerror=window.top.__pwned=1;window.__pwned=1>"
SCRIPT = "<script>window.top.__pwned=2</script>"
TICKS = "`${window.top.__pwned=3}`"


@pytest.fixture
def hostile_gpkg(tiny_dataset, tmp_path):
    zones = tiny_dataset.zones.assign(name=f"区{IMG}", illustrative=False)
    sections = tiny_dataset.sections.copy()
    sections["name"] = [f"一区{SCRIPT}", f"二区{TICKS}"]
    sections["function"] = [IMG, TICKS]
    firms = tiny_dataset.enterprises.assign(name=f"企业{IMG}{TICKS}", industry=SCRIPT)
    ds = replace(tiny_dataset, zones=zones, sections=sections, enterprises=firms)
    return dataset_to_gpkg(ds, tmp_path / "hostile.gpkg")


def test_hostile_names_stay_text(hostile_gpkg):
    with streamlit_server(env={"ZONE_DATA": str(hostile_gpkg)}) as url, offline_page(height=1400) as (page, _):
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(f"{url}/?view=zone")
        frame = page.locator(MAP).last.content_frame
        frame.locator(VECTOR).first.wait_for(timeout=60_000)
        # the zone name is shown as text in the page heading
        page.get_by_text("区<img src=x", exact=False).first.wait_for(timeout=20_000)
        # hover every parcel (drawn on a canvas: at its centre): tooltips show the names as text
        page.locator(MAP).scroll_into_view_if_needed()
        shown = []
        for point in parcel_points(page, MAP):
            page.mouse.move(point["x"], point["y"])
            tip = frame.locator(".leaflet-tooltip")
            if tip.count():
                shown.append(tip.first.inner_text())
        assert any("企业<img src=x onerror=" in text for text in shown), shown
        assert any("${window.top.__pwned=3}" in text for text in shown)
        labels = frame.locator(".zm-label").all_inner_texts()
        assert any("<script>" in label for label in labels)
        legend = frame.locator(".zm-legend").inner_text()
        assert "一区<script>" in legend
        # the evaluation tab and the tables render the text too
        page.get_by_role("tab", name="企业评价").click()
        page.wait_for_timeout(1500)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "hostile.png"), full_page=True)
        # and nothing ran: no flag in the page or in the map's frame, no dialog, no injected element
        assert page.evaluate("() => window.__pwned") is None
        assert frame.locator("body").evaluate("() => window.__pwned === undefined")
        assert frame.locator("img[src='x']").count() == 0
        assert page.locator("img[src='x']").count() == 0
        assert dialogs == []

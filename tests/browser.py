"""Helpers for the browser tests: a Streamlit server on a free local port and Debian Chromium
driven by Playwright, with every request that is not local aborted (as on an intranet)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def streamlit_server(env: dict[str, str] | None = None, timeout: float = 60, *, launch: bool = False) -> Iterator[str]:
    """Run ``streamlit run streamlit_app.py`` on a free port; yield its base URL. ``launch``: start it
    as ``make run`` does, ``python -m dashboard.launch`` (prepared before the port opens)."""
    port = free_port()
    head = ["-m", "dashboard.launch"] if launch else ["-m", "streamlit", "run", str(ROOT / "streamlit_app.py")]
    cmd = [sys.executable, *head,
           "--server.address", "127.0.0.1", "--server.port", str(port),
           "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = (ARTIFACTS / f"streamlit-{port}.log").open("w")
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=log,
                            stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                msg = f"streamlit did not start; see {log.name}"
                raise RuntimeError(msg)
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def is_local(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme in {"data", "blob", "about"}:
        return True
    return parsed.hostname in LOCAL_HOSTS


@contextlib.contextmanager
def offline_page(width: int = 1500, height: int = 1000) -> Iterator[tuple[object, list[str]]]:
    """A Chromium page whose non-local requests are aborted; yields (page, blocked URLs)."""
    from playwright.sync_api import sync_playwright

    blocked: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(viewport={"width": width, "height": height},
                                      device_scale_factor=1, locale="zh-CN")

        def route(r):
            if is_local(r.request.url):
                r.continue_()
            else:
                blocked.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        try:
            yield page, blocked
        finally:
            context.close()
            browser.close()


#: The map's drawn vector content: SVG paths, or the canvas the zone map draws its parcels on.
VECTOR = "path.leaflet-interactive, .leaflet-overlay-pane canvas"

_PARCEL_POINTS = """() => ZoneMap.searchItems().map((it) => {
  const p = window.map.latLngToContainerPoint(it.layer.getCenter());
  const el = document.elementFromPoint(p.x, p.y);
  return {id: it.label, x: p.x, y: p.y, free: !!el && el.tagName === "CANVAS"};
})"""


def parcel_points(page, iframe_selector: str) -> list[dict]:
    """Page coordinates of the centre of every parcel drawn by ``ZoneMap.parcels`` that is in view
    and not under a control, label or legend: ``{"id", "x", "y"}`` (for hovering and clicking
    parcels drawn on a canvas, which has no element per parcel)."""
    handle = page.locator(iframe_selector).last.element_handle()
    box = handle.bounding_box()
    points = handle.content_frame().evaluate(_PARCEL_POINTS)
    return [{"id": p["id"], "x": box["x"] + p["x"], "y": box["y"] + p["y"]} for p in points if p["free"]]

"""Briefs with a basemap: tiles fetched from a tile server (here a local one) and placed true to
the map; offline, a clear error within seconds; without a basemap, no network at all."""

from __future__ import annotations

import http.server
import io
import socket
import threading
import time

import numpy as np
import pytest
from PIL import Image

from dashboard.cli.main import main
from dashboard.export import brief, tiles
from geodata import settings
from geodata.dataset import dataset_from_gpkg

TILE_RGB = (200, 30, 160)  # a colour no layer uses


def _tile_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), TILE_RGB).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def tile_server():
    png = _tile_png()
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(png)))
            self.end_headers()
            self.wfile.write(png)

        def log_message(self, *args):  # keep the test output quiet
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{{z}}/{{x}}/{{y}}.png", requests
    finally:
        server.shutdown()
        server.server_close()


def test_tiles_cover_the_map_and_parcels_stay_on_top(tile_server, tmp_path):
    url, requests = tile_server
    fig = brief.render_brief(dataset_from_gpkg(settings.SAMPLE_PATH), size=(1280, 720), dpi=100, tile_url=url)
    out = brief.save_brief(fig, tmp_path / "b.png")
    assert requests and all(r.endswith(".png") for r in requests)
    assert fig.brief_basemap == "127.0.0.1"
    pixels = np.asarray(Image.open(out).convert("RGB"))
    ax = fig.brief_axes
    # a corner of the map frame lies outside the zone: the tile colour shows there …
    x, y = ax.transAxes.transform((0.02, 0.03))
    assert tuple(pixels[int(720 - y), int(x)]) == TILE_RGB
    # … while the parcels, drawn on top, keep their legend colours
    assert (pixels.reshape(-1, 3) == np.array(TILE_RGB)).all(axis=1).mean() < 0.6


def test_zoom_and_tile_count_are_bounded():
    bbox = (114.06, 32.96, 114.15, 33.00)  # the sample zone
    zoom = tiles.choose_zoom(bbox, 1400)
    x0, y1 = tiles.tile_xy(bbox[0], bbox[1], zoom)
    x1, y0 = tiles.tile_xy(bbox[2], bbox[3], zoom)
    assert 12 <= zoom <= 16
    assert (int(x1) - int(x0) + 1) * (int(y1) - int(y0) + 1) <= tiles.MAX_TILES


def test_unreachable_tiles_fail_fast_with_a_message(tmp_path, capsys):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    start = time.monotonic()
    code = main(["brief", "--tile-url", f"http://127.0.0.1:{port}/{{z}}/{{x}}/{{y}}.png", "--size", "640x360",
                 "--dpi", "100", "--out", str(tmp_path / "x.png")])
    assert code == 1
    assert time.monotonic() - start < 30
    err = capsys.readouterr().err
    assert "basemap tiles from 127.0.0.1 could not be fetched" in err and "--basemap none" in err


def test_tianditu_without_a_key_is_refused(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("TIANDITU_KEY", raising=False)
    assert main(["brief", "--basemap", "tianditu_vec", "--out", str(tmp_path / "x.png")]) == 1
    assert "needs a Tianditu key" in capsys.readouterr().err

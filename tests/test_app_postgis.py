"""The dashboard on a real PostGIS server: shown, survives the server going away, recovers by itself,
and never shows the password (AppTest against a throwaway PostgreSQL + PostGIS)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from streamlit.testing.v1 import AppTest

from geodata.postgis import dataset_to_postgis
from tests.helpers import assert_page_ok
from tests.postgis_server import PASSWORD

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")



def page_text(at: AppTest) -> str:
    """All text elements of the page, with percent-escapes undone (a URL password may be encoded)."""
    from urllib.parse import unquote

    return unquote("\n".join(str(el.proto) for el in [*at.error, *at.warning, *at.caption, *at.subheader]))


def test_app_on_postgis_with_the_server_going_away_and_back(pg, tiny_dataset, monkeypatch):
    if not pg.running:
        pg.start()
    zones = tiny_dataset.zones.assign(name="库中开发区", illustrative=False)
    dataset_to_postgis(replace(tiny_dataset, zones=zones), pg.url(), replace=True)
    monkeypatch.setenv("ZONE_DATA", pg.url(with_password=False))
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    at = AppTest.from_file(APP, default_timeout=90).run()
    assert_page_ok(at)
    assert "库中开发区" in at.subheader[0].value
    assert PASSWORD not in page_text(at)
    # the server stops in the middle of a session: the app stays up and keeps showing the last data
    pg.stop()
    import time

    time.sleep(5.5)  # past the 5 s the database fingerprint is cached
    at.run()
    assert_page_ok(at)
    assert "库中开发区" in at.subheader[0].value
    assert any("无法读取" in w.value for w in at.warning)
    assert PASSWORD not in page_text(at)
    # … and recovers by itself when the server is back
    pg.start()
    time.sleep(5.5)
    at.run()
    assert_page_ok(at)
    assert not any("无法读取" in w.value for w in at.warning)


def test_app_starting_while_the_server_is_down_says_so_clearly(pg, monkeypatch):
    if pg.running:
        pg.stop()
    # a fresh URL (new cache keys) whose server is down from the start
    monkeypatch.setenv("ZONE_DATA", pg.url(with_password=True) + "?application_name=t2")
    at = AppTest.from_file(APP, default_timeout=90).run()
    assert not at.exception
    assert len(at.error) == 1
    message = at.error[0].value
    assert "running" in message and str(pg.port) in message
    assert PASSWORD not in page_text(at)
    pg.start()
    at.run()
    assert_page_ok(at)


def test_app_on_postgis_draws_parcels_from_tiles_postgis_made(pg, tiny_dataset, monkeypatch, tmp_path, caplog):
    """Issue 14: with the data in PostGIS, the tiled parcel layer's tiles are made by the database
    (``ST_AsMVT``), once per data version, into the tile cache the app serves."""
    import logging

    if not pg.running:
        pg.start()
    zones = tiny_dataset.zones.assign(name="瓦片开发区", illustrative=False)
    dataset_to_postgis(replace(tiny_dataset, zones=zones), pg.url(), replace=True)
    monkeypatch.setenv("ZONE_DATA", pg.url(with_password=False) + "?application_name=tiles")
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    monkeypatch.setenv("ZONE_TILE_THRESHOLD", "1")  # the tiny zone's parcels drawn from tiles
    monkeypatch.setenv("ZONE_TILE_CACHE", str(tmp_path / "tiles"))
    with caplog.at_level(logging.INFO, logger="geodata.postgis.mvt"):
        at = AppTest.from_file(APP, default_timeout=90).run()
    assert_page_ok(at)
    assert "瓦片开发区" in at.subheader[0].value
    made = [r.getMessage() for r in caplog.records if "made by PostGIS" in r.getMessage()]
    assert len(made) == 1 and made[0].startswith(f"vector tiles of {len(tiny_dataset.parcels)} parcels made by PostGIS")
    sets = [d for d in (tmp_path / "tiles").iterdir() if not d.name.startswith(".")]
    assert len(sets) == 1 and list(sets[0].glob("16/*/*.pbf"))
    # the next run of the same data version reads them from disk
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="geodata.postgis.mvt"):
        at.run()
    assert_page_ok(at)
    assert not [r for r in caplog.records if "made by PostGIS" in r.getMessage()]

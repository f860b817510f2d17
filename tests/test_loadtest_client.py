"""The load test's websocket client (bench/wsclient.py) against the real server: it must see what a
browser sees (a map, widgets by label) and report errors the page shows, or the load test could
pass while the app fails."""

from __future__ import annotations

import asyncio

import pytest

from bench.wsclient import ProtocolError, ProtocolSession
from tests.browser import streamlit_server


@pytest.fixture(scope="module")
def server():
    with streamlit_server(env={"ZONE_DATA": ""}) as url:
        yield url


def test_a_protocol_session_loads_the_zone_view_and_changes_widgets(server):
    async def go():
        async with ProtocolSession(server) as session:
            first = await session.run("view=zone", timeout=120)
            assert first.errors == []
            assert len(first.maps) == 1 and first.maps[0] > 10_000  # the map's arguments arrived
            assert {"评价年度", "宗地图层", "视图"} <= set(session.widgets)
            session.choose("视图", "全市开发区总览")
            city = await session.run("view=zone")
            assert city.errors == [] and city.elements.get("dataframe", 0) >= 1
            session.choose("视图", "开发区详情")
            zone = await session.run("view=zone")
            assert zone.errors == [] and len(zone.maps) == 1
            with pytest.raises(ProtocolError, match="no widget labelled 'nonexistent'"):
                session.choose("nonexistent", "x")

    asyncio.run(go())


def test_errors_on_the_page_are_reported(tmp_path):
    broken = tmp_path / "broken.gpkg"
    broken.write_bytes(b"not a geopackage")

    async def go(url):
        async with ProtocolSession(url) as session:
            return await session.run("view=zone", timeout=120)

    with streamlit_server(env={"ZONE_DATA": str(broken)}) as url:
        result = asyncio.run(go(url))
    assert any("数据无法加载" in e for e in result.errors), result.errors

"""``python -m dashboard.launch`` (``make run``, the replicas, the systemd unit): the server prepares the
served data before its port opens, into the caches every session uses; the map is still served."""

from __future__ import annotations

import pytest

from tests.browser import ARTIFACTS, streamlit_server


@pytest.mark.parametrize("warm", ["1", "0"])
def test_the_launcher_prepares_before_the_port_opens(tmp_path, warm):
    env = {"ZONE_DATA": "", "ZONE_WARM": warm, "ZONE_STATE_DIR": str(tmp_path / "state"),
           "ZONE_TILE_CACHE": str(tmp_path / "tiles"), "ZONE_AUDIT_LOG": str(tmp_path / "audit.log")}
    with streamlit_server(env=env, timeout=90, launch=True) as url:  # enters once it answers
        port = url.rsplit(":", 1)[1]
    text = (ARTIFACTS / f"streamlit-{port}.log").read_text()  # the whole log: the server has stopped
    prepared = [line for line in text.splitlines() if line.startswith("dashboard: prepared in")]
    if warm == "0":
        assert prepared == []
        return
    # written before Streamlit says it listens: the work was done before the port opened
    assert len(prepared) == 1 and text.index("dashboard: prepared in") < text.index("URL:")
    for step in ("imports", "dataset", "parcels and firms", "zone views (analyst)", "zone views (viewer)",
                 "city parcels (analyst)"):
        assert f"{step} " in prepared[0]
    assert "missing ScriptRunContext" not in text and "config option section" not in text


def test_prepare_fills_the_caches_the_pages_use(tmp_path, monkeypatch):
    """After :func:`warmup.prepare`, the page's own calls (same arguments as the page's defaults) are
    cache hits: the very objects the warm-up built, not equal copies."""
    from dashboard.pages import data, warmup
    from geodata import settings

    for name, value in {"ZONE_DATA": "", "ZONE_STATE_DIR": str(tmp_path / "state"),
                        "ZONE_AUDIT_LOG": str(tmp_path / "audit.log")}.items():
        monkeypatch.setenv(name, value)
    steps = warmup.prepare(every_zone=True)
    assert {"imports", "dataset", "parcels and firms", "zone views (viewer)"} <= set(steps)
    dataset = data.load_dataset()
    zones = data.zones_with_parcels(dataset)
    defaults = {"year": data.years()[-1], "benchmark": float(settings.TAX_BENCHMARK_WAN_PER_MU),
                "preset": data.grading_config().default_preset}

    def computed(*args, **kwargs):
        raise AssertionError("computed again: not a cache hit")

    # every page call below at the defaults finds what the warm-up built: evaluating parcels is an error
    monkeypatch.setattr("zone_layers.summary.evaluate_parcels", computed)
    monkeypatch.setattr("zone_layers.summary.section_table", computed)
    for role in ("analyst", "viewer"):
        for zone in zones:
            view = data.zone_view(zone, role=role, **defaults)
            assert len(view.parcels) == (dataset.parcels["zone_id"] == zone).sum()
        assert len(data.city_parcels(zones, role=role, **defaults)) == len(dataset.parcels)
    assert data.zone_view(zones[0], role="analyst", **defaults).parcels["grade"].notna().any()
    assert data.zone_view(zones[0], role="viewer", **defaults).parcels["grade"].isna().all()
    # and another zone view is computed (the patch is effective)
    with pytest.raises(AssertionError, match="not a cache hit"):
        data.zone_view(zones[0], role="analyst", **{**defaults, "benchmark": defaults["benchmark"] + 1})


def test_a_failed_preparation_does_not_keep_the_server_from_starting(monkeypatch, caplog):
    """Whatever goes wrong while preparing (a database down, a bug), the launcher logs it and starts
    the server: its pages report the problem to the visitor."""
    from dashboard import launch
    from dashboard.pages import warmup

    def broken(**kwargs):
        raise RuntimeError("database unreachable")

    monkeypatch.setattr(warmup, "prepare", broken)
    with caplog.at_level("ERROR"):
        assert launch.warm() == {}
    assert "preparing failed" in caplog.text and "database unreachable" in caplog.text

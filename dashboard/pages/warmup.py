"""Prepare a server process before its first visitor (issue 14: the first visitor after a start).

:func:`prepare` runs in the server's own process before its port opens (``python -m dashboard.launch``,
what ``make run``, ``make serve`` and the systemd unit start): it imports the app's modules and derives,
into the same caches every session uses (``st.cache_resource``), what does not depend on a visitor —
the served dataset read once, its parcels' areas, the firm tables and the parcels' firm figures, the
grades of the latest year at the default benchmark and preset, the city's parcels and the default
zone's view at the page's defaults (every zone's with ``ZONE_WARM=all``). A visitor who asks for
another zone or setting still computes that view, as on any server.

Nothing here is required: a dataset that cannot be read is left for the page to explain (in the
visitor's language), and the server starts anyway.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator

LOG = logging.getLogger(__name__)


class _Steps(dict[str, float]):
    """Seconds per named step (:meth:`timed`)."""

    @contextlib.contextmanager
    def timed(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self[name] = round(time.perf_counter() - start, 3)


def prepare(*, every_zone: bool = False) -> dict[str, float]:
    """Import the app and fill the shared caches for the served dataset; seconds per step.

    Beyond the per-version tables: the city's parcels and the default zone's view (the first zone,
    the latest year, the default benchmark and preset) for the analyst and the viewer, or with
    ``every_zone`` every zone's view (≈ 1–2.5 s per zone and role for a zone of 20 000 parcels)."""
    steps = _Steps()
    with steps.timed("imports"):
        from dashboard.pages import app  # noqa: F401  every module a page run imports
    from dashboard.pages import data
    from geodata import settings
    from geodata.errors import ZoneDataError

    try:
        with steps.timed("dataset"):
            dataset = data.load_dataset()
        zones = data.zones_with_parcels(dataset)
        years = data.years()
        with steps.timed("parcels and firms"):
            data._parcels(*data.dataset_key())
        with steps.timed("city table"):
            data.city_table()
        year = int(years[-1]) if years else 0
        benchmark = float(settings.TAX_BENCHMARK_WAN_PER_MU)
        preset = data.grading_config().default_preset
        chosen = zones if every_zone else zones[:1]  # the page's default zone is the first
        for role in ("analyst", "viewer") if zones else ():
            with steps.timed(f"city parcels ({role})"):
                data.city_parcels(zones, year=year, benchmark=benchmark, preset=preset, role=role)
            with steps.timed(f"zone views ({role})"):
                for zone in chosen:
                    data.zone_view(zone, year=year, benchmark=benchmark, preset=preset, role=role)
    except ZoneDataError as exc:  # the page explains it to the visitor, in the visitor's language
        LOG.warning("warm-up: the dataset cannot be read yet: %s", exc)
    return dict(steps)

"""Server time of one interaction, with and without Streamlit's forced garbage collection after every run.

``python -m bench.service_time [--loops 30] [--out bench/results_service_time.json]``

Streamlit's default ``runner.postScriptGC = true`` calls ``gc.collect(2)`` after every script run; a
py-spy profile of a loaded replica showed it taking about half of the server's CPU. The project's
``.streamlit/config.toml`` turns it off. This benchmark measures both in the same run, on the
bundled sample: for each setting a fresh ``streamlit run`` (no source watcher, as the replicas run),
one warm-up loop, then ``--loops`` sessions one after the other, each doing the load test's steps
(:mod:`bench.loadtest`: load the zone view, change year, change layer, city view, zone view) over
the websocket protocol (:mod:`bench.wsclient`). Nothing else runs against the server, so a step's
time is its service time: the script run and sending its elements. The same sessions, years and
layers on both sides. Also sampled: the server's RSS after the warm-up and at the end (memory the
forced collection might have kept down).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
from pathlib import Path
from typing import Any

import psutil

from bench.loadtest import LAYERS, VIEW_CITY, VIEW_ZONE, YEARS, _server_pid
from tests.browser import streamlit_server

OUT = Path(__file__).with_name("results_service_time.json")
STEPS = ("load", "year", "layer", "city", "zone")
#: The two settings compared: Streamlit's default, and the project's config.
SETTINGS = {"streamlit default (gc.collect(2) after every run)": {"STREAMLIT_RUNNER_POST_SCRIPT_GC": "true"},
            "project config (postScriptGC = false)": {}}


async def _loops(url: str, loops: int, first: int = 0) -> dict[str, list[float]]:
    """``loops`` sessions one after the other, each through the five steps; seconds per step."""
    from bench.wsclient import ProtocolSession

    times: dict[str, list[float]] = {step: [] for step in STEPS}
    for loop in range(first, first + loops):
        year, layer = YEARS[loop % len(YEARS)], LAYERS[loop % len(LAYERS)]
        choices = [None, ("评价年度", year), ("宗地图层", layer), ("视图", VIEW_CITY), ("视图", VIEW_ZONE)]
        async with ProtocolSession(url) as session:
            for step, choice in zip(STEPS, choices, strict=True):
                if choice:
                    session.choose(*choice)
                result = await session.run("view=zone", timeout=60)
                if result.errors or not result.maps:
                    msg = f"step {step} of loop {loop}: errors {result.errors}, maps {result.maps}"
                    raise RuntimeError(msg)
                times[step].append(result.seconds)
    return times


def _rss_mib(pid: int) -> float:
    proc = psutil.Process(pid)
    return sum(p.memory_info().rss for p in [proc, *proc.children(recursive=True)]) / 2**20


def measure(env: dict[str, str], loops: int) -> dict[str, Any]:
    """One fresh server with ``env``: warm-up (every year and layer once), then ``loops`` timed sessions."""
    with streamlit_server({"ZONE_DATA": "", **env}) as url:
        pid = _server_pid(url)
        asyncio.run(_loops(url, len(YEARS)))  # the caches of every year and layer filled once
        rss_warm = _rss_mib(pid)
        cpu_warm = psutil.Process(pid).cpu_times()
        times = asyncio.run(_loops(url, loops, first=len(YEARS)))
        cpu_end = psutil.Process(pid).cpu_times()
        rss_end = _rss_mib(pid)
    runs = sum(len(v) for v in times.values())
    return {"median_s": {s: statistics.median(v) for s, v in times.items()},
            "p95_s": {s: sorted(v)[max(0, round(0.95 * len(v)) - 1)] for s, v in times.items()},
            "server_cpu_s_per_run": (cpu_end.user + cpu_end.system - cpu_warm.user - cpu_warm.system) / runs,
            "runs": runs, "rss_mib_warm": round(rss_warm, 1), "rss_mib_end": round(rss_end, 1)}


def main(argv: list[str] | None = None) -> int:
    """Measure both settings, print the table and the ratios, write the JSON."""
    parser = argparse.ArgumentParser(prog="python -m bench.service_time", description=__doc__.splitlines()[0])
    parser.add_argument("--loops", type=int, default=30, help="timed sessions per setting (default 30)")
    parser.add_argument("--out", type=Path, default=OUT, help=f"JSON result (default {OUT})")
    args = parser.parse_args(argv)
    os.environ.setdefault("STREAMLIT_SERVER_FILE_WATCHER_TYPE", "none")  # as the replicas run
    results = {name: measure(env, args.loops) for name, env in SETTINGS.items()}
    (base_name, base), (_, ours) = results.items()
    print(f"{'step':8s} {'median: ' + base_name[:18]:>28s} {'ours':>8s} {'ratio':>7s}")
    for step in STEPS:
        b, o = base["median_s"][step], ours["median_s"][step]
        print(f"{step:8s} {b:28.3f} {o:8.3f} {b / o:6.2f}x")
    print(f"server CPU s per run: {base['server_cpu_s_per_run']:.3f} vs {ours['server_cpu_s_per_run']:.3f} "
          f"({base['server_cpu_s_per_run'] / ours['server_cpu_s_per_run']:.2f}x)")
    for name, r in results.items():
        print(f"RSS {name}: {r['rss_mib_warm']} MiB after warm-up, {r['rss_mib_end']} MiB after {r['runs']} runs")
    args.out.write_text(json.dumps({"loops": args.loops, "python": sys.version.split()[0], "results": results},
                                   indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

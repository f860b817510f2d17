"""Measure the dashboard against the naive baseline, side by side, in one run.

``python -m bench.run [--parcels 20000] [--quick]`` (``make bench``). See ``bench/README.md`` for what
each number means. Prints a table and writes ``bench/results.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil

from bench import synthetic
from tests.browser import CHROMIUM, CHROMIUM_ARGS, free_port, is_local

ROOT = Path(__file__).resolve().parents[1]
DASHBOARD = ROOT / "streamlit_app.py"
BASELINE = ROOT / "bench" / "baseline_app.py"
RESULTS = ROOT / "bench" / "results.json"
LOGS = synthetic.DATA_DIR / "logs"
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'

#: Targets of the issue (20 000 parcels, this machine).
TARGET_PAINT_S = 2.5
TARGET_PAINT_SPEEDUP = 3.0
TARGET_RERUN_S = 0.3
TARGET_RERUN_SPEEDUP = 5.0
TARGET_PAYLOAD_SHARE = 0.25
TARGET_INDICATORS_S = 2.0
TARGET_EVALUATION_S = 2.0
TARGET_MEMORY_RATIO = 1.5
#: Parcels of the "floor" run: the baseline app with a trivial map, to show what any st_folium page costs.
FLOOR_PARCELS = 60
#: Runs of the indicator and evaluation timings (the median is reported).
INDICATOR_RUNS = 3
EVALUATION_RUNS = 3
#: Steps ``--only`` can run alone (in-process, a few seconds each; no browser, no server).
ONLY_STEPS = ("indicators", "evaluation")

#: Counts the parcels drawn in the map iframe: SVG paths, or (canvas renderer) vector layers.
COUNT_JS = """() => {
  // SVG: one element per drawn polygon; canvas (the dashboard's zone map): the interactive paths
  // added to the map's canvas renderer (drawn on the next animation frame)
  const svg = document.querySelectorAll('path.leaflet-interactive').length;
  const m = window.map;
  if (!window.L || !m || !(m instanceof L.Map)) return svg;
  let canvas = 0;
  m.eachLayer(l => {
    if (l instanceof L.Path && l.options.interactive !== false && l._renderer instanceof L.Canvas) canvas += 1;
  });
  return svg + canvas;
}"""


class LoadWatch:
    """Samples the 1-minute load average every few seconds: other work on the machine skews timings."""

    def __init__(self) -> None:
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append(os.getloadavg()[0])
            self._stop.wait(5)

    def summary(self) -> dict:
        self._stop.set()
        s = self.samples or [os.getloadavg()[0]]
        return {"start": round(s[0], 2), "max": round(max(s), 2), "mean": round(statistics.mean(s), 2),
                "end": round(os.getloadavg()[0], 2), "cpus": os.cpu_count()}


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", flush=True)


# --- machine -----------------------------------------------------------------------------------

def machine() -> dict:
    cpu = "unknown"
    with contextlib.suppress(OSError), open("/proc/cpuinfo", encoding="utf-8") as f:
        cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), cpu)
    return {"nproc": os.cpu_count(), "ram_gib": round(psutil.virtual_memory().total / 2**30, 1), "cpu": cpu,
            "python": platform.python_version(), "platform": platform.platform()}


def versions() -> dict:
    from importlib.metadata import version

    out = {}
    for pkg in ("streamlit", "streamlit-folium", "folium", "geopandas", "shapely", "pyogrio", "playwright"):
        with contextlib.suppress(Exception):
            out[pkg] = version(pkg)
    with contextlib.suppress(Exception):
        out["chromium"] = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True,
                                         timeout=30).stdout.strip()
    return out


# --- data --------------------------------------------------------------------------------------

def ensure_data(n: int) -> Path:
    import pyogrio

    path = synthetic.default_path(n)
    # a file written before the enterprise tables existed, or with another share of parcels per zone,
    # is made again
    stale = path.is_file() and ("enterprises" not in {str(name) for name, _ in pyogrio.list_layers(path)}
                                or zone_counts(path)[0] != synthetic.zone_parcel_counts(n))
    if not path.is_file() or stale:
        start = time.perf_counter()
        synthetic.write_city(n, path)
        log(f"generated {path.name} in {time.perf_counter() - start:.1f} s")
    return path


def zone_counts(path: Path) -> tuple[dict[str, int], dict[str, int]]:
    import pyogrio

    parcels = pyogrio.read_dataframe(path, layer="parcels", columns=["zone_id"], read_geometry=False)
    sections = pyogrio.read_dataframe(path, layer="sections", columns=["zone_id"], read_geometry=False)
    return (parcels["zone_id"].value_counts().to_dict(), sections["zone_id"].value_counts().to_dict())


# --- indicators --------------------------------------------------------------------------------

def time_indicators(path: Path) -> dict:
    """Load the dataset and compute every indicator, as the dashboard does, for all parcels: the
    parcels with their firms' figures, parcel indicators, zone and section accounts, and the firms
    graded for the latest year."""
    from geodata.config_files import grading_config_path, read_toml
    from geodata.dataset import dataset_from_gpkg
    from zone_layers import grading, metrics, summary

    config = grading.config_from_dict(read_toml(grading_config_path()), source="grading")
    steps: dict[str, float] = {}
    start = t = time.perf_counter()
    ds = dataset_from_gpkg(path)
    year = ds.latest_year or 2024
    steps["load_gpkg_s"] = time.perf_counter() - t
    t = time.perf_counter()
    area = metrics.land_area_m2(ds.parcels)  # measured once: the firms, parcel indicators and accounts reuse it
    firms = summary.dataset_firms(ds, area_m2=area)
    parcels = summary.with_firm_figures(ds.parcels, firms)
    steps["firm_figures_s"] = time.perf_counter() - t
    t = time.perf_counter()
    ind = summary.parcel_indicators(parcels, year=year, area_m2=area)
    steps["parcel_indicators_s"] = time.perf_counter() - t
    t = time.perf_counter()
    # who uses which parcel (the land-use table, as the dashboard's section table and zone summary
    # use it), built once for both groupings
    users = firms.users(year)
    for by in ("zone_id", "section_id"):
        metrics.zone_indicators(metrics.land_accounts(parcels, by=by, year=year, area_m2=ind["area_m2"],
                                                      users=users))
    steps["zone_and_section_indicators_s"] = time.perf_counter() - t
    t = time.perf_counter()
    summary.evaluate_firms(firms, config, year=year)  # firms are graded as firms, as the dashboard does
    steps["evaluate_firms_s"] = time.perf_counter() - t
    steps["total_s"] = time.perf_counter() - start
    return {"parcels": len(ds.parcels), **{k: round(v, 3) for k, v in steps.items()}}


def time_evaluation(path: Path) -> dict:
    """The enterprise evaluation of every year, in-process, the dataset already loaded (not timed):
    land allocation and firm-year indicators (:func:`zone_layers.summary.dataset_firms`), then
    :func:`zone_layers.summary.evaluate_firms` (``evaluate_year``) for each year in the data."""
    from geodata.config_files import grading_config_path, read_toml
    from geodata.dataset import dataset_from_gpkg
    from zone_layers import grading, summary

    config = grading.config_from_dict(read_toml(grading_config_path()), source="grading")
    ds = dataset_from_gpkg(path)
    steps: dict[str, float] = {}
    cpu = time.process_time()
    start = t = time.perf_counter()
    firms = summary.dataset_firms(ds)
    steps["dataset_firms_s"] = time.perf_counter() - t
    per_year: dict[str, float] = {}
    graded = 0
    for year in firms.years:
        t = time.perf_counter()
        graded += int(summary.evaluate_firms(firms, config, year=year)["evaluated"].sum())
        per_year[str(year)] = round(time.perf_counter() - t, 3)
    steps["evaluate_years_s"] = sum(per_year.values())
    steps["total_s"] = time.perf_counter() - start
    steps["cpu_s"] = time.process_time() - cpu  # CPU seconds of this process: less sensitive to other load
    return {"parcels": len(ds.parcels), "firms": len(ds.enterprises), "years": len(firms.years),
            "firm_years": len(firms.firm_years), "evaluated_firm_years": graded,
            **{k: round(v, 3) for k, v in steps.items()}, "per_year_s": per_year}


def timed_runs(step: Callable[[Path], dict], path: Path, runs: int) -> dict:
    """``runs`` runs of ``step`` in this process: the median run (by total), with the first run's
    total (which also pays one-time costs: imports, the PROJ database) and every run's total."""
    results = [step(path) for _ in range(runs)]
    return {**sorted(results, key=lambda r: r["total_s"])[len(results) // 2],
            "first_run_total_s": results[0]["total_s"], "runs_total_s": [r["total_s"] for r in results]}


def evaluation_rows(ev: dict) -> list[dict]:
    """The evaluation step as rows of the report table."""
    label = f"evaluation of {ev['parcels']} parcels, {ev['firms']} firms and {ev['years']} years"
    return [{"metric": f"{label} (median of {len(ev['runs_total_s'])})", "dashboard": ev["total_s"], "baseline": None,
             "unit": "s", "ratio": None, "target": "≤ 2 s", "pass": ev["total_s"] <= TARGET_EVALUATION_S},
            {"metric": "  first run in a fresh process", "dashboard": ev["first_run_total_s"], "baseline": None,
             "unit": "s", "ratio": None, "target": "(info)", "pass": None},
            {"metric": "  CPU time of the median run", "dashboard": ev["cpu_s"], "baseline": None,
             "unit": "s", "ratio": None, "target": "(info)", "pass": None}]


# --- payload and server rerun (AppTest) --------------------------------------------------------

def map_json_args(at) -> str:
    comps = [c for c in at.get("component_instance") if c.proto.component_name == "streamlit_folium.st_folium"]
    if len(comps) != 1:
        msg = f"expected one st_folium map, found {len(comps)}; exceptions: {[e.value for e in at.exception]}"
        raise RuntimeError(msg)
    return comps[0].proto.json_args


def _vertices(geometry: dict) -> int:
    coords = geometry.get("coordinates", [])
    if geometry.get("type") == "Polygon":
        return sum(len(ring) for ring in coords)
    if geometry.get("type") == "MultiPolygon":
        return sum(len(ring) for poly in coords for ring in poly)
    return 0


def _compact_layer(script: str) -> dict | None:
    """The dashboard's parcel layer: the arguments of ``ZoneMap.parcels(group, data, fills)``
    (dashboard/map/maps.py parcel_features, decoded by dashboard/map/static/zonemap.js)."""
    match = re.search(r"ZoneMap\.parcels\([A-Za-z0-9_]+,\s*", script)
    if not match:
        return None
    decoder = json.JSONDecoder()
    data, end = decoder.raw_decode(script, match.end())
    rest = re.match(r",\s*", script[end:])
    _fills, stop = decoder.raw_decode(script, end + (rest.end() if rest else 0))
    text = script[match.end():stop]
    # vertices as GeoJSON would count them: each ring's pairs plus its closing vertex
    vertices = sum(len(ring) // 2 + 1 for shape in data["shapes"] for poly in shape for ring in poly)
    return {"features": len(data["shapes"]), "layer_bytes": len(text.encode("utf-8")), "vertices": vertices,
            "property_keys": sorted(k for k in data if k != "shapes"), "encoding": "ZoneMap.parcels"}


def payload(json_args: str) -> dict:
    """Sizes of what st_folium sends: all of ``json_args``, and the parcel layer inside its script
    (a folium GeoJSON layer for the baseline, the compact ``ZoneMap.parcels`` layer for the dashboard)."""
    script = json.loads(json_args)["script"]
    decoder = json.JSONDecoder()
    best: dict | None = _compact_layer(script)
    for match in re.finditer(r"geo_json_[0-9a-z_]+_add\(", script):
        start = match.end()
        try:
            data, end = decoder.raw_decode(script, start)
        except json.JSONDecodeError:
            continue
        features = data.get("features", []) if isinstance(data, dict) else []
        n = sum(1 for f in features if "parcel_id" in (f.get("properties") or {}))
        if n and (best is None or n > best["features"]):
            text = script[start:end]
            best = {"features": n, "layer_bytes": len(text.encode("utf-8")),
                    "vertices": sum(_vertices(f.get("geometry") or {}) for f in features),
                    "property_keys": sorted({k for f in features[:50] for k in (f.get("properties") or {})}),
                    "encoding": "folium.GeoJson"}
    out = {"json_args_bytes": len(json_args.encode("utf-8")), "script_bytes": len(script.encode("utf-8"))}
    if best:
        best["bytes_per_vertex"] = round(best["layer_bytes"] / max(best["vertices"], 1), 2)
        best["bytes_per_parcel"] = round(best["layer_bytes"] / max(best["features"], 1), 1)
        out.update(best)
    return out


def time_reruns(make_app: Callable, first: Callable, change: Callable, values: list, repeats: int) -> dict:
    """AppTest: an initial run, a warm-up rerun per widget value, then ``repeats`` timed reruns after
    changing the non-map widget; returns the payload of the initial run and the timings."""
    at = make_app()
    t = time.perf_counter()
    first(at)
    initial = time.perf_counter() - t
    if at.exception:
        raise RuntimeError(f"app failed: {[e.value for e in at.exception]}")
    info = payload(map_json_args(at))
    for value in values:  # warm-up: every value once, so the caches hold what the timed runs need
        change(at, value).run()
    times: list[float] = []
    cpu: list[float] = []  # CPU time of this process (all threads): less sensitive to other load
    cycle = [2024, 2023, 2022]
    for i in range(repeats):
        value = cycle[i % len(cycle)]
        widget = change(at, value)
        t, c = time.perf_counter(), time.process_time()
        widget.run()
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        if at.exception:
            raise RuntimeError(f"app failed on rerun: {[e.value for e in at.exception]}")
    return {"initial_run_s": round(initial, 3), "rerun_times_s": [round(x, 3) for x in times],
            "rerun_median_s": round(statistics.median(times), 3),
            "rerun_cpu_s": [round(x, 3) for x in cpu], "rerun_cpu_median_s": round(statistics.median(cpu), 3),
            "payload": info}


def apptest_dashboard(path: Path, zone_id: str, repeats: int) -> dict:
    from streamlit.testing.v1 import AppTest

    os.environ["ZONE_DATA"] = str(path)

    def make():
        return AppTest.from_file(str(DASHBOARD), default_timeout=600)

    def first(at):
        at.query_params["view"] = "zone"
        at.query_params["zone"] = zone_id
        at.run()
        if at.selectbox(key="zone_id").value != zone_id:
            at.selectbox(key="zone_id").set_value(zone_id).run()

    years = [2023, 2022, 2024]
    return time_reruns(make, first, lambda at, v: at.selectbox(key="year").set_value(v), years, repeats)


def apptest_baseline(path: Path, repeats: int, warmups: int) -> dict:
    from streamlit.testing.v1 import AppTest

    os.environ["BENCH_DATA"] = str(path)

    def make():
        return AppTest.from_file(str(BASELINE), default_timeout=600)

    # one warm-up rerun: the baseline caches only the data, so every value costs the same afterwards
    values = [2023, 2022, 2024][: max(warmups, 1)]
    return time_reruns(make, lambda at: at.run(), lambda at, v: at.selectbox(key="choice").set_value(v),
                       values, repeats)


# --- browser and memory (streamlit run + Playwright) ---------------------------------------------

class PeakRss:
    """Samples the RSS of a process (and its children) in a thread; ``peak`` since the last reset."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self.proc = psutil.Process(pid)
        self.interval = interval
        self.peak = 0
        self.current = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _rss(self) -> int:
        try:
            procs = [self.proc, *self.proc.children(recursive=True)]
            return sum(p.memory_info().rss for p in procs)
        except psutil.Error:
            return 0

    def _run(self) -> None:
        while not self._stop.is_set():
            self.current = self._rss()
            self.peak = max(self.peak, self.current)
            time.sleep(self.interval)

    def reset(self) -> None:
        self.peak = self._rss()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)


@contextlib.contextmanager
def server(script: Path, env: dict[str, str], name: str, *, launch: bool = False,
           started: dict | None = None) -> Iterator[tuple[str, PeakRss]]:
    """``streamlit run script`` on a free local port, with an RSS sampler; yields (URL, sampler).

    ``launch``: the app as ``make run`` and the replicas start it, ``python -m dashboard.launch``
    (prepared before its port opens; ``script`` must be the app). ``started`` receives
    ``ready_s``: seconds from the process start to its first healthy answer."""
    import urllib.request

    port = free_port()
    LOGS.mkdir(parents=True, exist_ok=True)
    head = ["-m", "dashboard.launch"] if launch else ["-m", "streamlit", "run", str(script)]
    cmd = [sys.executable, *head, "--server.address", "127.0.0.1",
           "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none"]
    with (LOGS / f"{name}-{port}.log").open("w") as logf:
        proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **env}, stdout=logf, stderr=subprocess.STDOUT)
        sampler = PeakRss(proc.pid)
        url = f"http://127.0.0.1:{port}"
        try:
            begun = time.monotonic()
            deadline = begun + 180
            while True:
                with contextlib.suppress(OSError), urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"streamlit did not start; see {logf.name}")
                time.sleep(0.05)
            if started is not None:
                started["ready_s"] = round(time.monotonic() - begun, 2)
            yield url, sampler
        finally:
            sampler.stop()
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=15)


@contextlib.contextmanager
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


def offline_context(b):
    context = b.new_context(viewport={"width": 1500, "height": 1000}, device_scale_factor=1, locale="zh-CN")
    context.blocked = []

    def route(r):
        if is_local(r.request.url):
            r.continue_()
        else:
            context.blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    return context


class PaintWatch:
    """Polls one page's map iframe until the drawn parcel count reaches ``expected`` and stays."""

    def __init__(self, page, expected: int, start: float) -> None:
        self.page, self.expected, self.start = page, expected, start
        self.count, self.t_reached, self.t_last_growth, self.done = 0, None, None, False

    def poll(self) -> None:
        if self.done:
            return
        now = time.perf_counter()
        count = 0
        with contextlib.suppress(Exception):
            handle = self.page.query_selector(MAP_IFRAME)
            frame = handle.content_frame() if handle else None
            count = int(frame.evaluate(COUNT_JS)) if frame else 0
        now = time.perf_counter()
        if count > self.count:
            self.count, self.t_last_growth = count, now - self.start
        if self.t_reached is None and count >= self.expected:
            self.t_reached = now - self.start
        if self.t_reached is not None and now - self.start - self.t_reached > 0.5:
            self.done = True  # stable for half a second after reaching the expected count


def watch(watches: list[PaintWatch], timeout: float) -> None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline and not all(w.done for w in watches):
        for w in watches:
            w.poll()
        time.sleep(0.05)


def paint_result(w: PaintWatch) -> dict:
    return {"paint_s": round(w.t_reached, 3) if w.t_reached is not None else None, "drawn": w.count,
            "expected": w.expected, "complete": w.t_reached is not None,
            "last_growth_s": round(w.t_last_growth, 3) if w.t_last_growth is not None else None}


def browser_runs(script: Path, env: dict, query: str, expected: int, sessions: int, timeout: float,
                 name: str) -> dict:
    """Cold first paint (fresh server, one session; its peak RSS is the one-session memory), a warm
    first paint (a second session, caches filled), then ``sessions`` concurrent sessions on another
    fresh server (peak RSS)."""
    out: dict = {}
    with browser() as b:
        with server(script, env, f"{name}-paint") as (url, rss):
            out["idle_rss_mib"] = round(rss.current / 2**20, 1)
            for label in ("cold", "warm"):
                context = offline_context(b)
                page = context.new_page()
                w = PaintWatch(page, expected, time.perf_counter())
                page.goto(f"{url}/{query}", wait_until="commit", timeout=timeout * 1000)
                watch([w], timeout)
                out[f"paint_{label}"] = paint_result(w)
                if label == "cold":
                    time.sleep(0.5)
                    out["rss_1_session_mib"] = round(rss.peak / 2**20, 1)
                out.setdefault("blocked_requests", []).extend(context.blocked)
                context.close()
                log(f"{name}: {label} paint {out[f'paint_{label}']}")
        if not sessions:
            return out
        with server(script, env, f"{name}-sessions") as (url, rss):
            contexts = [offline_context(b) for _ in range(sessions)]
            pages = [c.new_page() for c in contexts]
            start = time.perf_counter()
            watches = [PaintWatch(p, expected, start) for p in pages]
            for p in pages:
                p.goto(f"{url}/{query}", wait_until="commit", timeout=timeout * 1000)
            watch(watches, timeout)
            time.sleep(0.5)
            out[f"rss_{sessions}_sessions_mib"] = round(rss.peak / 2**20, 1)
            results = [paint_result(w) for w in watches]
            out[f"sessions_{sessions}"] = {
                "painted": sum(r["complete"] for r in results), "of": sessions,
                "slowest_paint_s": max((r["paint_s"] for r in results if r["paint_s"] is not None), default=None),
                "wall_s": round(time.perf_counter() - start, 1), "timeout_s": timeout,
            }
            for c in contexts:
                out["blocked_requests"].extend(c.blocked)
                c.close()
            peak = out[f"rss_{sessions}_sessions_mib"]
            log(f"{name}: {sessions} sessions {out[f'sessions_{sessions}']}, peak {peak} MiB")
    out["blocked_requests"] = sorted(set(out["blocked_requests"]))[:20]
    return out


# --- report ------------------------------------------------------------------------------------

def _fmt(value, unit: str) -> str:
    if value is None:
        return "n/a"
    if unit == "B":
        return f"{value / 2**20:.2f} MiB" if value >= 2**20 else f"{value / 1024:.1f} KiB"
    return f"{value:.3g} {unit}".strip() if isinstance(value, float) else f"{value} {unit}".strip()


def table(res: dict) -> list[dict]:
    d, b = res["dashboard"], res["baseline"]
    rows = []

    def row(metric, dv, bv, unit, ratio, target, ok):
        rows.append({"metric": metric, "dashboard": dv, "baseline": bv, "unit": unit,
                     "ratio": None if ratio is None else round(ratio, 3), "target": target,
                     "pass": None if ok is None else bool(ok)})

    def speedup(dv, bv):
        return bv / dv if dv and bv else None

    dp, bp = d["apptest"]["payload"], b["apptest"]["payload"]
    share = dp.get("layer_bytes", 0) / bp["layer_bytes"] if bp.get("layer_bytes") else None
    row("parcel layer bytes", dp.get("layer_bytes"), bp.get("layer_bytes"), "B", share, "≤ 0.25 × baseline",
        share is not None and share <= TARGET_PAYLOAD_SHARE)
    row("st_folium json_args bytes", dp["json_args_bytes"], bp["json_args_bytes"], "B",
        dp["json_args_bytes"] / bp["json_args_bytes"], "(info)", None)
    row("parcels sent", dp.get("features"), bp.get("features"), "", None, "(info)", None)
    row("bytes per vertex", dp.get("bytes_per_vertex"), bp.get("bytes_per_vertex"), "B/vertex",
        (dp.get("bytes_per_vertex") or 0) / bp["bytes_per_vertex"] if bp.get("bytes_per_vertex") else None,
        "(info)", None)
    row("bytes per parcel", dp.get("bytes_per_parcel"), bp.get("bytes_per_parcel"), "B/parcel",
        (dp.get("bytes_per_parcel") or 0) / bp["bytes_per_parcel"] if bp.get("bytes_per_parcel") else None,
        "(info)", None)
    dc, bc = d["apptest"]["rerun_cpu_median_s"], b["apptest"]["rerun_cpu_median_s"]
    row("rerun CPU time (server)", dc, bc, "s", speedup(dc, bc), "(info)", None)
    dr, br = d["apptest"]["rerun_median_s"], b["apptest"]["rerun_median_s"]
    row("rerun, non-map widget (server)", dr, br, "s", speedup(dr, br), "≤ 0.3 s and ≥ 5× faster",
        dr <= TARGET_RERUN_S and (speedup(dr, br) or 0) >= TARGET_RERUN_SPEEDUP)
    for label in ("warm", "cold"):
        dv = d["browser"][f"paint_{label}"]["paint_s"]
        bv = b["browser"][f"paint_{label}"]["paint_s"]
        target = "≤ 2.5 s and ≥ 3× faster" if label == "warm" else "(info)"
        ok = (dv is not None and dv <= TARGET_PAINT_S and (speedup(dv, bv) or 0) >= TARGET_PAINT_SPEEDUP
              if label == "warm" else None)
        if label == "warm" and bv is None and dv is not None:  # baseline never finished: speed-up is at least
            ok = dv <= TARGET_PAINT_S
        row(f"first paint, {label} server (browser)", dv, bv, "s", speedup(dv, bv), target, ok)
    floor = res.get("floor", {}).get("paint_warm", {}).get("paint_s")
    row(f"first paint floor: baseline app, {FLOOR_PARCELS} parcels (warm)", floor, None, "s", None, "(info)", None)
    n = res["sessions"]
    for r in (d["browser"], b["browser"]):
        r["memory_ratio"] = r[f"rss_{n}_sessions_mib"] / r["rss_1_session_mib"]
    row("peak RSS, 1 session", d["browser"]["rss_1_session_mib"], b["browser"]["rss_1_session_mib"], "MiB",
        d["browser"]["rss_1_session_mib"] / b["browser"]["rss_1_session_mib"], "(info)", None)
    row(f"peak RSS, {n} sessions", d["browser"][f"rss_{n}_sessions_mib"], b["browser"][f"rss_{n}_sessions_mib"],
        "MiB", d["browser"][f"rss_{n}_sessions_mib"] / b["browser"][f"rss_{n}_sessions_mib"], "(info)", None)
    row(f"RSS {n} sessions ÷ 1 session", round(d["browser"]["memory_ratio"], 2),
        round(b["browser"]["memory_ratio"], 2), "×", None, "≤ 1.5 (dashboard)",
        d["browser"]["memory_ratio"] <= TARGET_MEMORY_RATIO)
    ind = res["indicators"]
    row(f"all indicators, {ind['parcels']} parcels (median of {len(ind['runs_total_s'])})", ind["total_s"], None,
        "s", None, "≤ 2 s", ind["total_s"] <= TARGET_INDICATORS_S)
    row("  first run in a fresh process", ind["first_run_total_s"], None, "s", None, "(info)", None)
    if "evaluation" in res:
        rows += evaluation_rows(res["evaluation"])
    return rows


def print_table(rows: list[dict]) -> None:
    head = ("metric", "dashboard", "baseline", "ratio", "target", "pass/fail")
    lines = [head]
    for r in rows:
        ok = {True: "PASS", False: "FAIL", None: ""}[r["pass"]]
        ratio = "" if r["ratio"] is None else f"{r['ratio']:.3g}"
        lines.append((r["metric"], _fmt(r["dashboard"], r["unit"]), _fmt(r["baseline"], r["unit"]), ratio,
                      r["target"], ok))
    widths = [max(len(str(line[i])) for line in lines) for i in range(len(head))]
    for k, line in enumerate(lines):
        print("  ".join(str(c).ljust(w) for c, w in zip(line, widths, strict=True)))
        if k == 0:
            print("  ".join("-" * w for w in widths))


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parcels", type=int, default=20_000, help="parcels of the city dataset (default 20000)")
    parser.add_argument("--stress", type=int, default=None,
                        help="parcels for the indicator timing (default 100000; 20000 with --quick)")
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: 4000 parcels unless --parcels is given, 3 reruns, 3 sessions")
    parser.add_argument("--out", type=Path, default=None,
                        help="results file (default bench/results.json; bench/results_<step>.json with --only)")
    parser.add_argument("--only", choices=ONLY_STEPS, default=None,
                        help="run one in-process step alone on the --stress file (no browser, no server)")
    args = parser.parse_args(argv)
    if args.only:
        return run_only(args.only, args.stress or 100_000, args.out)
    args.out = args.out or RESULTS
    given = argv if argv is not None else sys.argv[1:]
    n = 4000 if args.quick and "--parcels" not in given else args.parcels
    stress = args.stress or (20_000 if args.quick else 100_000)
    repeats = 3 if args.quick else 5
    sessions = 3 if args.quick else 10
    timeout = 90.0 if args.quick else 100.0
    started = time.perf_counter()
    load = LoadWatch()
    res: dict = {"date": dt.datetime.now().astimezone().isoformat(timespec="seconds"), "machine": machine(),
                 "versions": versions(), "parcels": n, "quick": args.quick, "sessions": sessions,
                 "rerun_repeats": repeats}
    path = ensure_data(n)
    stress_path = ensure_data(stress)
    counts, section_counts = zone_counts(path)
    zone_id = max(counts, key=counts.get)
    res["zone"] = {"zone_id": zone_id, "parcels": counts[zone_id], "sections": section_counts.get(zone_id, 0)}
    log(f"{n} parcels; dashboard shows zone {zone_id} ({counts[zone_id]} parcels)")

    log(f"indicators on {stress} parcels, {INDICATOR_RUNS} runs")
    res["indicators"] = timed_runs(time_indicators, stress_path, INDICATOR_RUNS)
    log(f"indicators: {res['indicators']}")
    log(f"evaluation on {stress} parcels, {EVALUATION_RUNS} runs")
    res["evaluation"] = timed_runs(time_evaluation, stress_path, EVALUATION_RUNS)
    log(f"evaluation: {res['evaluation']}")

    res["dashboard"], res["baseline"] = {}, {}
    log("AppTest: dashboard")
    res["dashboard"]["apptest"] = apptest_dashboard(path, zone_id, repeats)
    log(f"dashboard reruns {res['dashboard']['apptest']['rerun_times_s']}")
    log("AppTest: baseline")
    res["baseline"]["apptest"] = apptest_baseline(path, repeats, warmups=1)
    log(f"baseline reruns {res['baseline']['apptest']['rerun_times_s']}")

    expected_dashboard = counts[zone_id] + section_counts.get(zone_id, 0)  # parcels + interactive sections
    log("browser: dashboard")
    res["dashboard"]["browser"] = browser_runs(
        DASHBOARD, {"ZONE_DATA": str(path)}, f"?view=zone&zone={zone_id}", expected_dashboard, sessions,
        timeout, "dashboard")
    log("browser: baseline")
    res["baseline"]["browser"] = browser_runs(BASELINE, {"BENCH_DATA": str(path)}, "", n, sessions, timeout,
                                              "baseline")
    log("browser: floor (the baseline app with 60 parcels: what any st_folium page costs here)")
    res["floor"] = browser_runs(BASELINE, {"BENCH_DATA": str(ensure_data(FLOOR_PARCELS))}, "", FLOOR_PARCELS, 0,
                                timeout, "floor")
    res["load_average"] = load.summary()
    res["rows"] = table(res)
    res["wall_s"] = round(time.perf_counter() - started, 1)
    args.out.write_text(json.dumps(res, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print()
    print(f"{n} parcels (dashboard: zone view of {zone_id}, {counts[zone_id]} parcels; baseline: all {n}); "
          f"{res['machine']['nproc']} CPUs, {res['machine']['ram_gib']} GiB, {res['machine']['cpu']}")
    print_table(res["rows"])
    la = res["load_average"]
    print(f"\nload average during the run: mean {la['mean']}, max {la['max']} on {la['cpus']} CPUs"
          + ("  (the machine was busy: timings are inflated)" if la["mean"] > la["cpus"] else ""))
    print(f"\nwrote {args.out} in {res['wall_s']} s")
    return res


def run_only(step: str, stress: int, out: Path | None) -> dict:
    """``--only STEP``: one in-process step on the ``stress``-parcel file, printed with its target and
    written to ``out`` (default ``bench/results_<step>.json``)."""
    load = LoadWatch()
    res: dict = {"date": dt.datetime.now().astimezone().isoformat(timespec="seconds"), "machine": machine(),
                 "only": step}
    path = ensure_data(stress)
    if step == "evaluation":
        log(f"evaluation on {stress} parcels, {EVALUATION_RUNS} runs")
        res["evaluation"] = timed_runs(time_evaluation, path, EVALUATION_RUNS)
        rows = evaluation_rows(res["evaluation"])
    else:
        log(f"indicators on {stress} parcels, {INDICATOR_RUNS} runs")
        res["indicators"] = ind = timed_runs(time_indicators, path, INDICATOR_RUNS)
        rows = [{"metric": f"all indicators, {ind['parcels']} parcels (median of {len(ind['runs_total_s'])})",
                 "dashboard": ind["total_s"], "baseline": None, "unit": "s", "ratio": None, "target": "≤ 2 s",
                 "pass": ind["total_s"] <= TARGET_INDICATORS_S},
                {"metric": "  first run in a fresh process", "dashboard": ind["first_run_total_s"], "baseline": None,
                 "unit": "s", "ratio": None, "target": "(info)", "pass": None}]
    log(f"{step}: {res[step]}")
    res["load_average"] = load.summary()
    res["rows"] = rows
    out = out or RESULTS.with_name(f"results_{step}.json")
    out.write_text(json.dumps(res, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print()
    print_table(rows)
    la = res["load_average"]
    print(f"\nload average during the run: mean {la['mean']}, max {la['max']} on {la['cpus']} CPUs"
          + ("  (the machine was busy: timings are inflated)" if la["mean"] > la["cpus"] else ""))
    print(f"wrote {out}")
    return res


if __name__ == "__main__":
    main()

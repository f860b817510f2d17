"""Issue 14 benchmarks: parcels as vector tiles, against the naive app on the same parcels.

``.venv/bin/python -m bench.tiles`` (part of ``make bench``; ≈ 6–10 min on 2 CPUs). Everything in one
run, so the ratios compare figures taken under the same load:

- **tile build**: :func:`geodata.vectortiles.build` of every parcel of the city file, into an empty
  cache (what the first request of a new data version pays once; every later server reads the disk).
- **tile build by PostGIS**: the same parcels loaded into a throwaway PostGIS server, their tiles
  made by the database (:func:`geodata.postgis.mvt.build`, ``ST_AsMVT``), as a PostGIS source has them.
- **floors**, each warm and timed like the page it is the floor of, **interleaved** with it
  (:func:`paired_runs`: both servers up at once, visits alternating): ``floor_zone`` = our zone view of
  a city whose largest zone has 60 parcels (:data:`FLOOR_ZONE_CITY`), ``floor_city`` = our city
  overview with the grade layer on a 60-parcel city, both drawn from tiles as the large ones are
  (``ZONE_TILE_THRESHOLD=0``): the same page with a 60-parcel map, so the difference is what the
  parcels cost. ``floor_bare`` = ``bench/baseline_app.py`` with the 60-parcel file: a bare Streamlit
  page holding only an st_folium map, reported beside them (what our page itself costs).
- **our app is started as ``make run`` starts it** (``python -m dashboard.launch``: the app imported
  and the data's shared tables and default views prepared before the port opens; ``ready_s`` = from
  the process start to its first healthy answer). The cold rows also show a zone that is not the
  default one (its views not prepared) and plain ``streamlit run streamlit_app.py`` (nothing prepared).
- **zone**: the zone view (``?view=zone&zone=<largest>``) on a server whose tile cache already holds
  this version: *cold* = the first visitor after the server starts (reads the GeoPackage, computes
  the zone, registers the tiles), *warm* = the median of the next :data:`WARM_VISITS` visitors (each
  a new browser context; the floor and the naive app are timed the same way). First paint = from ``page.goto`` until
  the map container carries ``data-parcels-drawn`` (set once every tile of the fitted view is
  drawn). **naive**: ``baseline_app.py`` with ``BENCH_ZONE`` = the same zone: the same parcels as one
  folium GeoJSON; first paint = its SVG paths reach the zone's parcel count and stay 0.5 s.
- **city**: the city overview with every parcel of the city coloured by grade (``?view=city&parcels=grade``,
  access control off so that the grade layer is offered), cold and warm as above; then, warm, a pan
  (400 × 200 px) and a zoom in by one level: time from the end of the move to the new view's
  parcels drawn (``data-parcels-seq`` changes with ``data-parcels-drawn`` present), in the page's
  own clock.

- **reruns** of the zone view (AppTest, server time, tiles on disk): the first run, a year change
  (part of the map's cache key) cold and as a cache hit, and a widget outside the map's cache key
  (the trend chart's indicator), apart; the naive app's rerun on the same parcels beside it.

Results go to ``bench/results_tiles.json``; the run ends by printing the issue's targets against the
figures of this run (:func:`headline`), copied by hand into ``BENCHMARKS.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from bench.run import (
    MAP_IFRAME,
    ROOT,
    PaintWatch,
    browser,
    ensure_data,
    log,
    machine,
    offline_context,
    paint_result,
    server,
    versions,
    watch,
    zone_counts,
)

DRAWN_JS = """() => {
  const c = document.querySelector('.leaflet-container');
  if (!c || c.getAttribute('data-parcels-drawn') === null) return null;
  return [Number(c.getAttribute('data-parcels-drawn')), Number(c.getAttribute('data-parcels-total'))];
}"""

MOVE_JS = """(action) => new Promise((resolve) => {
  const m = window.map, box = m.getContainer(), seq0 = box.getAttribute('data-parcels-seq');
  let ended = null;
  m.once('moveend', () => { ended = performance.now(); });
  const obs = new MutationObserver(() => {
    const drawn = box.getAttribute('data-parcels-drawn');
    if (ended === null || box.getAttribute('data-parcels-seq') === seq0 || drawn === null) return;
    obs.disconnect();
    resolve({after_move_end_s: (performance.now() - ended) / 1000, drawn: Number(drawn)});
  });
  obs.observe(box, {attributes: true});
  if (action === 'zoom') m.setZoom(m.getZoom() + 1, {animate: false});
  else m.panBy([400, 200], {animate: false});
  setTimeout(() => { obs.disconnect(); resolve(null); }, 15000);
})"""


def _app_version(path: Path) -> str:
    """The tile version the app computes for ``path`` (``dashboard.pages.data.dataset_key``: the
    file and its modification time and size)."""
    from geodata import vectortiles

    stamp = path.stat()
    return vectortiles.version_key(str(path), (stamp.st_mtime_ns, stamp.st_size))


def tiled_paint(page, url: str, timeout: float) -> dict:
    """From ``goto`` to ``data-parcels-drawn`` on the map container."""
    start = time.perf_counter()
    page.goto(url, wait_until="commit", timeout=timeout * 1000)
    deadline = start + timeout
    while time.perf_counter() < deadline:
        got = None
        try:
            handle = page.query_selector(MAP_IFRAME)
            frame = handle.content_frame() if handle else None
            got = frame.evaluate(DRAWN_JS) if frame else None
        except Exception:  # the iframe is replaced while the page loads
            got = None
        if got:
            return {"paint_s": round(time.perf_counter() - start, 3), "drawn": got[0], "total": got[1]}
        time.sleep(0.05)
    return {"paint_s": None, "drawn": None, "total": None}


#: Warm visitors timed after the cold one (each a new browser context); the median is reported.
WARM_VISITS = 5
#: Parcels of the synthetic city whose largest zone has 60 parcels (bench.synthetic.LARGEST_ZONE_SHARE).
FLOOR_ZONE_CITY = 300


def _visits() -> list[str]:
    return ["cold", *(f"warm{i}" for i in range(1, WARM_VISITS + 1))]


def _median_warm(out: dict) -> None:
    """``paint_warm``: the warm visit of median paint time (all of them kept in ``paint_warm_all``)."""
    warm = [out.pop(f"paint_warm{i}") for i in range(1, WARM_VISITS + 1)]
    out["paint_warm_all"] = [w["paint_s"] for w in warm]
    done = sorted((w for w in warm if w["paint_s"] is not None), key=lambda w: w["paint_s"])
    out["paint_warm"] = done[len(done) // 2] if done else warm[0]


def _visit(b, url: str, label: str, timeout: float, out: dict, name: str, *, moves: bool = False) -> None:
    """One visitor in a new browser context: ``out["paint_<label>"]``; after the last warm visit, with
    ``moves``, a pan and a zoom (``out["after_pan"]``, ``out["after_zoom"]``)."""
    context = offline_context(b)
    page = context.new_page()
    out[f"paint_{label}"] = tiled_paint(page, url, timeout)
    log(f"{name}: {label} {out[f'paint_{label}']}")
    if moves and label == f"warm{WARM_VISITS}":
        frame = page.query_selector(MAP_IFRAME).content_frame()
        time.sleep(1.0)
        for action in ("pan", "zoom"):
            out[f"after_{action}"] = frame.evaluate(MOVE_JS, action)
            log(f"{name}: {action} {out[f'after_{action}']}")
            time.sleep(1.0)
    out.setdefault("blocked", []).extend(context.blocked)
    context.close()


def tiled_runs(env: dict, query: str, timeout: float, name: str, moves: bool = False, *, launch: bool = True,
               cold_only: bool = False) -> dict:
    """Our app: the cold visitor, then :data:`WARM_VISITS` warm ones (``cold_only``: the cold one only).
    ``launch``: started as ``make run`` starts it (``python -m dashboard.launch``: the data prepared
    before the port opens), else plain ``streamlit run streamlit_app.py``; ``ready_s`` = from the
    process start to its first healthy answer."""
    out: dict = {"started_as": "python -m dashboard.launch" if launch else "streamlit run streamlit_app.py"}
    with browser() as b, server(ROOT / "streamlit_app.py", env, name, launch=launch, started=out) as (url, rss):
        for label in (["cold"] if cold_only else _visits()):
            _visit(b, f"{url}/{query}", label, timeout, out, name, moves=moves)
        out["rss_peak_mib"] = round(rss.peak / 2**20, 1)
    if not cold_only:
        _median_warm(out)
    return out


def paired_runs(ours: tuple[dict, str], floor: tuple[dict, str], timeout: float, name: str,
                moves: bool = False) -> tuple[dict, dict]:
    """Our page and its floor, **interleaved**: both servers up at once (started as ``make run`` starts
    them), the cold visitor of ours then of the floor, then :data:`WARM_VISITS` warm visitors to each
    in turn (ours, floor, ours, floor, …), so that both medians see the same machine; with ``moves``,
    a pan and a zoom after our last warm visit. Each side in the format of :func:`tiled_runs`."""
    sides: list[dict] = [{"started_as": "python -m dashboard.launch"}, {"started_as": "python -m dashboard.launch"}]
    with contextlib.ExitStack() as stack:
        b = stack.enter_context(browser())
        urls = []
        for side, (env, _), tag in zip(sides, (ours, floor), ("", "-floor"), strict=True):
            url, rss = stack.enter_context(server(ROOT / "streamlit_app.py", env, f"{name}{tag}", launch=True,
                                                  started=side))
            urls.append((url, rss))
        for label in _visits():
            for i, (side, (_, query)) in enumerate(zip(sides, (ours, floor), strict=True)):
                _visit(b, f"{urls[i][0]}/{query}", label, timeout, side, name if i == 0 else f"{name}-floor",
                       moves=moves and i == 0)
        for side, (_, rss) in zip(sides, urls, strict=True):
            side["rss_peak_mib"] = round(rss.peak / 2**20, 1)
    for side in sides:
        _median_warm(side)
    return sides[0], sides[1]


def sessions_run(env: dict, query: str, sessions: int, timeout: float, name: str, *, launch: bool = True) -> dict:
    """Peak server RSS with one session (cold, painted), then on another fresh server with
    ``sessions`` sessions loading at once (each until its parcels are drawn). ``launch``: both servers
    started as ``make run`` starts them (see :func:`tiled_runs`)."""
    out: dict = {"started_as": "python -m dashboard.launch" if launch else "streamlit run streamlit_app.py"}
    with browser() as b:
        with server(ROOT / "streamlit_app.py", env, f"{name}-1", launch=launch) as (url, rss):
            context = offline_context(b)
            out["one"] = tiled_paint(context.new_page(), f"{url}/{query}", timeout)
            time.sleep(0.5)
            out["rss_1_session_mib"] = round(rss.peak / 2**20, 1)
            context.close()
        with server(ROOT / "streamlit_app.py", env, f"{name}-{sessions}", launch=launch) as (url, rss):
            contexts = [offline_context(b) for _ in range(sessions)]
            pages = [c.new_page() for c in contexts]
            start = time.perf_counter()
            for page in pages:
                page.goto(f"{url}/{query}", wait_until="commit", timeout=timeout * 1000)
            painted: dict[int, float] = {}
            while len(painted) < sessions and time.perf_counter() - start < timeout:
                for i, page in enumerate(pages):
                    if i in painted:
                        continue
                    try:
                        handle = page.query_selector(MAP_IFRAME)
                        frame = handle.content_frame() if handle else None
                        if frame and frame.evaluate(DRAWN_JS):
                            painted[i] = round(time.perf_counter() - start, 2)
                    except Exception:  # the iframe is replaced while the page loads
                        pass
                time.sleep(0.1)
            time.sleep(0.5)
            out[f"rss_{sessions}_sessions_mib"] = round(rss.peak / 2**20, 1)
            out[f"sessions_{sessions}"] = {"painted": len(painted), "of": sessions,
                                           "slowest_s": max(painted.values(), default=None), "timeout_s": timeout}
            for c in contexts:
                c.close()
    out["ratio"] = round(out[f"rss_{sessions}_sessions_mib"] / out["rss_1_session_mib"], 2)
    log(f"{name}: {out}")
    return out


def naive_runs(env: dict, expected: int, timeout: float, name: str) -> dict:
    out: dict = {}
    with browser() as b, server(ROOT / "bench" / "baseline_app.py", env, name) as (url, _):
        for label in _visits():
            context = offline_context(b)
            page = context.new_page()
            w = PaintWatch(page, expected, time.perf_counter())
            page.goto(url, wait_until="commit", timeout=timeout * 1000)
            watch([w], timeout)
            out[f"paint_{label}"] = paint_result(w)
            log(f"{name}: {label} {out[f'paint_{label}']}")
            context.close()
    _median_warm(out)
    return out


def postgis_build(ds, parcels) -> dict:
    """The same city in a throwaway PostGIS server (tests/postgis_server.py), its tiles made by the
    database (:func:`geodata.postgis.mvt.build`) into an empty cache: tiles, size and seconds."""
    from geodata import vectortiles
    from geodata.postgis import dataset_to_postgis, mvt
    from tests import postgis_server

    reason = postgis_server.missing_reason()
    if reason:
        return {"skipped": reason}
    server = postgis_server.PostgresServer.create()
    cache = Path(tempfile.mkdtemp(prefix="bench-tiles-pg-"))
    try:
        dataset_to_postgis(ds, server.url(), schema="bench")
        built = mvt.build(server.url(), list(parcels["parcel_id"]), vectortiles.parcel_order(parcels), "pg",
                          schema="bench", root=cache)
        files = list(built.directory.rglob("*.pbf"))
        return {"seconds": round(built.build_seconds, 1), "tiles": len(files),
                "mib": round(sum(f.stat().st_size for f in files) / 2**20, 1), "parcels": built.parcels}
    finally:
        shutil.rmtree(cache, ignore_errors=True)
        server.destroy()


def zone_reruns(env: dict, zone: str, repeats: int = 5) -> dict:
    """Server time of reruns of the zone view (AppTest, in this process, tiles on disk), three kinds
    kept apart: the **first run** (cold: this process reads the data and builds the zone); a change
    of **year**, which is part of the map's cache key, the first time each year is shown (**cold
    build** of that year's view and map) and again (**cache hit**); and a widget **outside the
    map's cache key** (the trend chart's indicator: the map is unchanged and sent again as it is),
    each value shown once before ``repeats`` timed reruns. Wall and CPU seconds of this process."""
    from streamlit.testing.v1 import AppTest

    from zone_layers.summary import DATED_INDICATORS

    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)

    def timed(action) -> tuple[float, float]:
        t, c = time.perf_counter(), time.process_time()
        action()
        if at.exception:
            raise RuntimeError(f"zone view failed: {[e.value for e in at.exception]}")
        return round(time.perf_counter() - t, 3), round(time.process_time() - c, 3)

    try:
        at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=600)
        at.query_params["view"] = "zone"
        at.query_params["zone"] = zone
        first = timed(at.run)
        years = [y for y in at.selectbox(key="year").options if str(y) != str(at.selectbox(key="year").value)][:2]
        year_cold = [timed(lambda y=y: at.selectbox(key="year").set_value(int(y)).run()) for y in years]
        year_hit = [timed(lambda y=y: at.selectbox(key="year").set_value(int(y)).run()) for y in years]
        keys = list(DATED_INDICATORS)[:3]
        for key in keys:  # each value once: what the timed reruns need is cached
            at.selectbox(key="trend_indicator").set_value(key).run()
        cycle = [keys[i % len(keys)] for i in range(repeats)]
        outside = [timed(lambda k=k: at.selectbox(key="trend_indicator").set_value(k).run()) for k in cycle]
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v

    def median(pairs: list[tuple[float, float]], i: int) -> float:
        return round(statistics.median(p[i] for p in pairs), 3)

    return {"first_run_s": first[0], "year_cold_build_s": [p[0] for p in year_cold],
            "year_cache_hit_s": [p[0] for p in year_hit],
            "outside_map_key_s": [p[0] for p in outside], "outside_map_key_median_s": median(outside, 0),
            "outside_map_key_cpu_median_s": median(outside, 1), "widget": "trend_indicator"}


def naive_reruns(path: Path, zone: str, repeats: int = 5) -> dict:
    """The naive app's reruns on the same zone's parcels (its non-map widget; it rebuilds the map)."""
    from bench.run import apptest_baseline

    os.environ["BENCH_ZONE"] = zone
    try:
        out = apptest_baseline(path, repeats, 1)
    finally:
        os.environ.pop("BENCH_ZONE", None)
    out.pop("payload", None)
    return out


def _paint(run: dict, label: str = "paint_warm") -> float | None:
    got = run.get(label) or {}
    return got.get("paint_s")


def headline(res: dict) -> list[str]:
    """The issue's targets, computed from ``res`` (every figure of the same run): markdown rows."""
    rows = ["| metric | seconds | against | target | result |", "|---|---|---|---|---|"]

    def row(name: str, value: float | None, base: float | None, limit: float, how: str = "plus") -> None:
        if value is None or base is None:
            rows.append(f"| {name} | {value} | {base} | | not measured |")
            return
        if how == "plus":
            diff = value - base
            rows.append(f"| {name} | {value:.2f} | floor {base:.2f} → + {diff:.2f} s | ≤ + {limit:g} s | "
                        f"{'PASS' if diff <= limit else '**FAIL**'} |")
        else:  # "times": base / value ≥ limit
            ratio = base / value
            rows.append(f"| {name} | {value:.2f} | naive {base:.2f} → {ratio:.1f}× faster | ≥ {limit:g}× | "
                        f"{'PASS' if ratio >= limit else '**FAIL**'} |")

    zone_floor, city_floor = _paint(res.get("floor_zone", {})), _paint(res.get("floor_city", {}))
    zone, city = res.get("zone_view", {}), res.get("city_grade", {})
    n = res.get("zone_parcels")
    row(f"zone ({n} parcels), warm", _paint(zone), zone_floor, 1.0)
    row(f"zone ({n} parcels), warm, vs the naive app on the same parcels", _paint(zone),
        _paint(res.get("naive_zone", {})), 4.0, how="times")
    row(f"zone ({n} parcels), cold", _paint(zone, "paint_cold"), zone_floor, 3.0)
    row(f"zone ({res.get('other_zone_parcels')} parcels, not the default zone), cold",
        _paint(res.get("zone_other_cold", {}), "paint_cold"), zone_floor, 3.0)
    row(f"city ({res.get('parcels')} parcels, grade), warm", _paint(city), city_floor, 1.5)
    row(f"city ({res.get('parcels')} parcels, grade), cold", _paint(city, "paint_cold"), city_floor, 4.0)
    for move in ("pan", "zoom"):
        got = city.get(f"after_{move}") or {}
        value = got.get("after_move_end_s")
        rows.append(f"| city, drawn after a {move} ends | {'' if value is None else round(value, 4)} | | ≤ 0.5 s | "
                    f"{'PASS' if value is not None and value <= 0.5 else '**FAIL**'} |")
    build = res.get("tile_build", {}).get("seconds")
    rows.append(f"| tile build, {res.get('parcels')} parcels | {build} | | ≤ 60 s | "
                f"{'PASS' if build is not None and build <= 60 else '**FAIL**'} |")
    got = res.get("zone_sessions")
    if got:
        rows.append(f"| RSS 10 sessions ÷ 1 ({got['started_as']}, as `make run` and `make serve` start it) | "
                    f"{got['ratio']} | | ≤ 1.3 | {'PASS' if got['ratio'] <= 1.3 else '**FAIL**'} |")
    got = res.get("zone_sessions_plain")
    if got:  # listed for comparison: the one-session server holds less when nothing is prepared
        rows.append(f"| RSS 10 sessions ÷ 1 ({got['started_as']}: nothing prepared, not how the app is started) | "
                    f"{got['ratio']} | | | |")
    return rows


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parcels", type=int, default=100_000, help="parcels of the city file (default 100000)")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--skip-naive", action="store_true", help="do not run the naive app on the zone")
    parser.add_argument("--sessions", type=int, default=10, help="concurrent sessions for the memory figure (0: skip)")
    parser.add_argument("--only-sessions", action="store_true", help="build the tiles, then only the sessions")
    parser.add_argument("--skip-postgis", action="store_true", help="do not time the tile build by PostGIS")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results_tiles.json")
    args = parser.parse_args(argv)

    import geopandas as gpd

    from geodata import vectortiles
    from geodata.dataset import dataset_from_gpkg

    path = ensure_data(args.parcels)
    floor_path = ensure_data(60)
    # the floor of the zone page: the same page on a city whose largest zone has 60 parcels
    floor_zone_path = ensure_data(FLOOR_ZONE_CITY)
    parcels_by_zone, _ = zone_counts(path)
    zone = max(parcels_by_zone, key=parcels_by_zone.get)
    other = sorted(parcels_by_zone, key=parcels_by_zone.get)[-2]  # the second largest: not the default zone
    floor_zones, _ = zone_counts(floor_zone_path)
    floor_zone = max(floor_zones, key=floor_zones.get)
    res: dict = {"machine": machine(), "versions": versions(), "data": str(path.relative_to(ROOT)),
                 "parcels": args.parcels, "zone": zone, "zone_parcels": parcels_by_zone[zone],
                 "other_zone": other, "other_zone_parcels": parcels_by_zone[other],
                 "floor_zone_parcels": floor_zones[floor_zone],
                 "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "load_before": os.getloadavg()}

    # the tile cache of this run: the build timed here, then emptied; the first server builds again
    cache = Path(tempfile.mkdtemp(prefix="bench-tiles-"))
    try:
        ds = dataset_from_gpkg(path)
        version = _app_version(path)
        parcels: gpd.GeoDataFrame = ds.parcels[["parcel_id", "zone_id", "geometry"]]
        built = vectortiles.build(parcels, version, root=cache)
        files = list(built.directory.rglob("*.pbf"))
        res["tile_build"] = {"seconds": round(built.build_seconds, 1), "tiles": len(files),
                             "mib": round(sum(f.stat().st_size for f in files) / 2**20, 1),
                             "zooms": [built.min_zoom, built.max_zoom]}
        log(f"tile build {res['tile_build']}")
        if not args.skip_postgis:
            res["tile_build_postgis"] = postgis_build(ds, parcels)
            log(f"tile build by PostGIS {res['tile_build_postgis']}")
        shutil.rmtree(built.directory)  # the first server below builds them again, as a new version would
        del ds, parcels
        app_env = {"ZONE_DATA": str(path), "ZONE_TILE_CACHE": str(cache), "ZONE_ACCESS_CONTROL": "0"}

        if args.only_sessions:
            vectortiles.build(dataset_from_gpkg(path).parcels[["parcel_id", "zone_id", "geometry"]], version,
                              root=cache)
            res["zone_sessions"] = sessions_run(app_env, f"?view=zone&zone={zone}", args.sessions or 10,
                                                args.timeout * 2, "zone-sessions")
            args.out.write_text(json.dumps(res, indent=1, ensure_ascii=False))
            return res
        # floors: a bare Streamlit page with a 60-parcel st_folium map, and our own pages with 60 parcels
        # drawn the same way as the large ones (tiles: ZONE_TILE_THRESHOLD=0)
        res["floor_bare"] = naive_runs({"BENCH_DATA": str(floor_path)}, 60, args.timeout, "floor-bare")
        floor_env = {"ZONE_TILE_CACHE": str(cache), "ZONE_ACCESS_CONTROL": "0", "ZONE_TILE_THRESHOLD": "0"}
        # cold with no tiles on disk: this first server builds them (then every server finds them)
        res["zone_first_server_with_build"] = tiled_runs(app_env, f"?view=zone&zone={zone}", args.timeout * 2,
                                                         "zone-build", cold_only=True)
        res["zone_view"], res["floor_zone"] = paired_runs(
            (app_env, f"?view=zone&zone={zone}"),
            ({**floor_env, "ZONE_DATA": str(floor_zone_path)}, f"?view=zone&zone={floor_zone}"), args.timeout, "zone")
        res["zone_other_cold"] = tiled_runs(app_env, f"?view=zone&zone={other}", args.timeout, "zone-other",
                                            cold_only=True)
        res["zone_plain_cold"] = tiled_runs(app_env, f"?view=zone&zone={zone}", args.timeout, "zone-plain",
                                            launch=False, cold_only=True)
        res["city_grade"], res["floor_city"] = paired_runs(
            (app_env, "?view=city&parcels=grade"),
            ({**floor_env, "ZONE_DATA": str(floor_path)}, "?view=city&parcels=grade"), args.timeout, "city", moves=True)
        res["city_plain_cold"] = tiled_runs(app_env, "?view=city&parcels=grade", args.timeout, "city-plain",
                                            launch=False, cold_only=True)
        if args.sessions:
            res["zone_sessions"] = sessions_run(app_env, f"?view=zone&zone={zone}", args.sessions, args.timeout * 2,
                                                "zone-sessions")
            res["zone_sessions_plain"] = sessions_run(app_env, f"?view=zone&zone={zone}", args.sessions,
                                                      args.timeout * 2, "zone-sessions-plain", launch=False)
        res["zone_reruns"] = zone_reruns(app_env, zone)
        log(f"zone reruns {res['zone_reruns']}")
        if not args.skip_naive:
            res["naive_zone_reruns"] = naive_reruns(path, zone)
            log(f"naive reruns {res['naive_zone_reruns']}")
            res["naive_zone"] = naive_runs({"BENCH_DATA": str(path), "BENCH_ZONE": zone}, parcels_by_zone[zone],
                                           args.timeout, "naive-zone")
        res["load_after"] = os.getloadavg()
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    res["headline"] = headline(res)
    args.out.write_text(json.dumps(res, indent=1, ensure_ascii=False))
    log(f"written {args.out}")
    print("\n".join(res["headline"]))
    return res


if __name__ == "__main__":
    main()

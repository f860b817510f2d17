"""A bounded load test of the dashboard: N concurrent sessions against one local Streamlit.

``python -m bench.loadtest [--sessions 20] [--seconds 120] [--browsers 2] [--think 5] [--ramp 0]
[--target URL] [--out bench/loadtest.json]``

Starts ``streamlit run streamlit_app.py`` on 127.0.0.1 (a free port, via ``tests/browser.py``), or
uses the server at ``--target`` (e.g. the proxy of ``make serve``), and lets each session loop until
the time is up: load the zone view, switch the tax year and the parcel layer
in the sidebar, the 全市开发区总览 (city) view and back to 开发区详情 (zone). ``--browsers`` of the
sessions are Debian Chromium tabs (every request that is not local is aborted); the others speak
Streamlit's websocket protocol from Python (:mod:`bench.wsclient`): real sessions and script runs
for the server, without a browser per session competing with the server for the same CPUs.

Every step (the action, the rerun it causes, the map) has one deadline: :data:`LOAD_TIMEOUT_MS` for a
page load, :data:`STEP_TIMEOUT_MS` for a widget change; a step that misses it is an error and the
session starts its loop again with a fresh page load. Errors counted: exceptions in the page
(``pageerror``), Streamlit error elements (``stException``, ``stAlertContentError``; over the
protocol: exception and error elements), runs without a map, protocol errors and timeouts.
The server's RSS (with its children) is sampled every second with psutil; the CPU seconds of the
server and of the browser are recorded. The result is printed and written as JSON; the exit code is
0 when there were no errors. Everything stops by itself: the loops end at ``--seconds`` and a global
deadline of ``--seconds`` + :data:`GRACE_S` cancels whatever is still running.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import psutil

from tests.browser import CHROMIUM, CHROMIUM_ARGS, VECTOR, is_local, streamlit_server

MAP = 'iframe[title="streamlit_folium.st_folium"]'
ERROR_ELEMENTS = '[data-testid="stException"], [data-testid="stAlertContentError"]'
#: Bounded waits (ms): a page load with its map, one rerun after a widget change.
LOAD_TIMEOUT_MS = 90_000
STEP_TIMEOUT_MS = 60_000
#: Seconds allowed after ``--seconds`` for the running interactions to finish before they are cancelled.
GRACE_S = 120.0
#: Years the sessions switch between: the bundled sample's (the year selector offers the data's years).
YEARS = ("2023", "2024", "2025")
LAYERS = ("用地类别", "容积率", "低效用地")  # not confidential: offered to every role
VIEW_CITY, VIEW_ZONE = "全市开发区总览", "开发区详情"
OUT = Path(__file__).with_name("loadtest.json")


@dataclass
class Stats:
    interactions: int = 0
    page_loads: int = 0
    first_load_at: float | None = None
    errors: int = 0
    timeouts: int = 0
    page_exceptions: int = 0
    error_elements: int = 0
    error_samples: list[str] = field(default_factory=list)
    step_seconds: dict[str, list[float]] = field(default_factory=dict)
    #: protocol sessions whose server closed the connection (a replica that died): with
    #: ``disconnects_are_errors`` False they reconnect through the proxy and carry on, not errors
    disconnects: int = 0
    disconnects_are_errors: bool = True
    #: errors after the first disconnect (``error_samples`` says which)
    errors_after_disconnect: int = 0
    first_disconnect_at: float | None = None

    def disconnect(self, where: str, text: str) -> None:
        """A session lost its server: an error, or (behind a proxy of replicas) a reconnect."""
        self.disconnects += 1
        if self.first_disconnect_at is None:
            self.first_disconnect_at = time.monotonic()
        if self.disconnects_are_errors:
            self.error(f"protocol error ({where})", text)

    def error(self, kind: str, text: str) -> None:
        if self.first_disconnect_at is not None:
            self.errors_after_disconnect += 1
        self.errors += 1
        if len(self.error_samples) < 30:
            self.error_samples.append(f"{kind}: {text[:300]}")


class RssSampler(threading.Thread):
    """Samples the RSS (MiB) of a process and its children every ``interval`` seconds until stopped."""

    def __init__(self, pid: int, interval: float = 1.0) -> None:
        super().__init__(daemon=True)
        self.proc = psutil.Process(pid)
        self.interval = interval
        self.samples: list[float] = []
        self.times: list[float] = []
        self._halt = threading.Event()

    def rss_mib(self) -> float:
        procs = [self.proc, *self.proc.children(recursive=True)]
        total = 0
        for p in procs:
            try:
                total += p.memory_info().rss
            except psutil.Error:
                continue
        return total / 2**20

    def run(self) -> None:
        while not self._halt.is_set():
            try:
                self.samples.append(self.rss_mib())
                self.times.append(time.monotonic())
            except psutil.Error:
                return
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=5)


def _server_pid(url: str) -> int:
    """The pid of the ``streamlit run`` child of this process serving ``url``."""
    port = url.rsplit(":", 1)[1]
    for child in psutil.Process().children(recursive=True):
        try:
            cmd = child.cmdline()
        except psutil.Error:
            continue
        if "streamlit" in " ".join(cmd) and port in cmd:
            return child.pid
    msg = f"no streamlit child process serves {url}"
    raise RuntimeError(msg)


#: Counts the script runs the page starts (``window.__zmRuns``), so a step can wait for *its* run.
_COUNT_RUNS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || window.__zmRuns !== undefined) return;
  window.__zmRuns = 0;
  new MutationObserver(() => {
    if (app.getAttribute('data-test-script-state') === 'running') window.__zmRuns += 1;
  }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""


async def _runs(page: Any) -> int:
    await page.evaluate(_COUNT_RUNS)
    return int(await page.evaluate("() => window.__zmRuns || 0"))


async def _wait_idle(page: Any, timeout_ms: int, *, runs_before: int | None = None) -> None:
    """Wait until the script run has finished and the map iframe holds drawn features; with
    ``runs_before``, first until a run after that count has started (the step's own rerun)."""
    if runs_before is not None:
        await page.wait_for_function("(n) => (window.__zmRuns || 0) > n", arg=runs_before, timeout=timeout_ms)
    await page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', state="attached",
                                 timeout=timeout_ms)
    await page.frame_locator(MAP).last.locator(VECTOR).first.wait_for(timeout=timeout_ms)


async def _check_errors(page: Any, stats: Stats, step: str) -> None:
    found = page.locator(ERROR_ELEMENTS)
    n = await found.count()
    if n:
        stats.error_elements += n
        text = await found.first.inner_text()
        stats.error(f"error element after {step}", text)


async def _choose(page: Any, label: str, option: str) -> None:
    box = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]', has_text=label)
    await box.locator("div[role=combobox], input").first.click(timeout=STEP_TIMEOUT_MS)
    await page.get_by_role("option", name=option, exact=True).click(timeout=STEP_TIMEOUT_MS)


async def _radio(page: Any, label: str) -> None:
    radio = page.locator('[data-testid="stSidebar"] [data-testid="stRadio"] label', has_text=label)
    await radio.first.click(timeout=STEP_TIMEOUT_MS)


async def _session(browser: Any, url: str, index: int, stop_at: float, stats: Stats, *, delay: float) -> None:
    from playwright.async_api import Error as PlaywrightError
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    await asyncio.sleep(delay)  # ramp-up: sessions start ``--ramp`` seconds apart

    context = await browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")

    async def route(r: Any) -> None:
        if is_local(r.request.url):
            await r.continue_()
        else:
            await r.abort()

    await context.route("**/*", route)
    page = await context.new_page()

    def on_page_error(exc: Any) -> None:
        stats.page_exceptions += 1
        stats.error(f"page exception (session {index})", str(exc))

    page.on("pageerror", on_page_error)
    loop = 0
    try:
        while time.monotonic() < stop_at:
            year, layer = YEARS[(index + loop) % len(YEARS)], LAYERS[(index + loop) % len(LAYERS)]
            steps: list[tuple[str, Callable[[], Awaitable[Any]], int]] = [
                ("load", partial(page.goto, f"{url}/?view=zone", timeout=LOAD_TIMEOUT_MS), LOAD_TIMEOUT_MS),
                ("year", partial(_choose, page, "评价年度", year), STEP_TIMEOUT_MS),
                ("layer", partial(_choose, page, "宗地图层", layer), STEP_TIMEOUT_MS),
                ("city", partial(_radio, page, VIEW_CITY), STEP_TIMEOUT_MS),
                ("zone", partial(_radio, page, VIEW_ZONE), STEP_TIMEOUT_MS),
            ]
            for name, action, timeout in steps:
                if time.monotonic() >= stop_at:
                    break
                started = time.monotonic()
                async def step(action: Callable[[], Awaitable[Any]] = action, timeout: int = timeout,
                               name: str = name) -> None:
                    before = None if name == "load" else await _runs(page)
                    await action()
                    await _wait_idle(page, timeout, runs_before=before)
                    if name == "load":
                        await _runs(page)  # count the runs of this page from now on

                try:  # one deadline for the whole step (action + rerun + map)
                    await asyncio.wait_for(step(), timeout / 1000)
                except (PlaywrightTimeout, TimeoutError) as exc:
                    stats.timeouts += 1
                    detail = (str(exc).splitlines() or [f"step deadline of {timeout / 1000:g} s"])[0]
                    stats.error(f"timeout in {name} (session {index}, loop {loop})", detail)
                    break  # start the loop again with a fresh page load
                except PlaywrightError as exc:
                    stats.error(f"playwright error in {name} (session {index})", str(exc).splitlines()[0])
                    break
                stats.step_seconds.setdefault(f"browser {name}", []).append(time.monotonic() - started)
                stats.interactions += 1
                stats.page_loads += name == "load"
                if name == "load" and stats.first_load_at is None:
                    stats.first_load_at = time.monotonic()
                await _check_errors(page, stats, name)
            loop += 1
    finally:
        await context.close()


async def _protocol_session(url: str, index: int, stop_at: float, stats: Stats, *, delay: float,
                            think: float) -> None:
    """One session over Streamlit's websocket (:mod:`bench.wsclient`): the same loop as a browser
    session (load the zone view, change year and layer, city view, zone view), ``think`` seconds
    between steps like a person reading the page. Each loop is a new session (a page load)."""
    from bench.wsclient import ProtocolError, ProtocolSession

    await asyncio.sleep(delay)
    loop = 0
    while time.monotonic() < stop_at:
        year, layer = YEARS[(index + loop) % len(YEARS)], LAYERS[(index + loop) % len(LAYERS)]
        step_s = STEP_TIMEOUT_MS / 1000
        steps: list[tuple[str, tuple[str, str] | None, float]] = [
            ("load", None, LOAD_TIMEOUT_MS / 1000), ("year", ("评价年度", year), step_s),
            ("layer", ("宗地图层", layer), step_s), ("city", ("视图", VIEW_CITY), step_s),
            ("zone", ("视图", VIEW_ZONE), step_s)]
        try:
            async with ProtocolSession(url) as session:
                for name, choice, timeout in steps:
                    if time.monotonic() >= stop_at:
                        break
                    if choice:
                        session.choose(*choice)
                    result = await session.run("view=zone", timeout=timeout)
                    stats.step_seconds.setdefault(f"protocol {name}", []).append(result.seconds)
                    stats.interactions += 1
                    stats.page_loads += name == "load"
                    if name == "load" and stats.first_load_at is None:
                        stats.first_load_at = time.monotonic()
                    for error in result.errors:
                        stats.error_elements += 1
                        stats.error(f"error element after {name} (protocol session {index})", error)
                    if not result.maps:
                        stats.error(f"no map after {name} (protocol session {index})", str(result.elements))
                    await asyncio.sleep(think)
        except TimeoutError as exc:
            stats.timeouts += 1
            stats.error(f"timeout (protocol session {index}, loop {loop})", str(exc))
        except (ProtocolError, OSError) as exc:
            stats.disconnect(f"session {index}", str(exc))
        loop += 1


async def _run_sessions(url: str, sessions: int, seconds: float, stats: Stats, *, ramp: float,
                        browsers: int, think: float) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            stop_at = time.monotonic() + seconds
            tasks = [asyncio.create_task(
                _session(browser, url, i, stop_at, stats, delay=i * ramp) if i < browsers else
                _protocol_session(url, i, stop_at, stats, delay=i * ramp, think=think))
                for i in range(sessions)]
            done, pending = await asyncio.wait(tasks, timeout=seconds + GRACE_S)
            for task in pending:
                task.cancel()
                stats.error("global deadline", "a session was still running and was cancelled")
            await asyncio.gather(*pending, return_exceptions=True)
            for task in done:
                if task.exception() is not None:
                    stats.error("session crashed", repr(task.exception()))
        finally:
            await browser.close()


def _percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2)


def _cpu_seconds(procs: list[psutil.Process]) -> float:
    total = 0.0
    for p in procs:
        try:
            times = p.cpu_times()
            total += times.user + times.system
        except psutil.Error:
            continue
    return total


@contextmanager
def _own_server() -> Iterator[tuple[str, list[int]]]:
    with streamlit_server(env={"ZONE_DATA": ""}) as url:
        yield url, [_server_pid(url)]


@contextmanager
def _given(url: str, pids: list[int]) -> Iterator[tuple[str, list[int]]]:
    yield url.rstrip("/"), pids


def run(sessions: int, seconds: float, out: Path | None, *, ramp: float = 0.0, browsers: int = 2,
        think: float = 5.0, target: str | None = None, server_pids: list[int] | None = None,
        disconnects_are_errors: bool = True, during: Callable[[], None] | None = None) -> dict[str, Any]:
    """Run the load test; return (and write to ``out``) the result.

    ``target``: the base URL of a server already running (e.g. the replicas' proxy) instead of one
    started here; ``server_pids`` its processes, whose memory and CPU are then measured (none: not
    measured). ``disconnects_are_errors`` False: a session whose server closes the connection starts
    again with a new page load, counted in ``disconnects``, not in ``errors``. ``during`` runs in a
    thread while the sessions loop (e.g. killing a replica halfway)."""
    stats = Stats(disconnects_are_errors=disconnects_are_errors)
    started = time.monotonic()
    serving = _given(target, server_pids or []) if target else _own_server()
    with serving as (url, pids):
        server = psutil.Process(pids[0]) if pids else psutil.Process()
        sampler = RssSampler(server.pid)
        if pids:
            sampler.start()
        server_cpu = _cpu_seconds([psutil.Process(p) for p in pids])
        client_cpu = _cpu_seconds([psutil.Process()])  # this process: Playwright's client and the protocol sessions
        browser_cpu: dict[int, float] = {}  # pid → last CPU seconds seen (Chromium's processes come and go)
        done = threading.Event()

        def watch_browsers() -> None:
            while not done.is_set():
                for child in psutil.Process().children(recursive=True):
                    if child.pid not in pids:
                        browser_cpu[child.pid] = _cpu_seconds([child]) or browser_cpu.get(child.pid, 0.0)
                done.wait(1)

        watcher = threading.Thread(target=watch_browsers, daemon=True)
        watcher.start()
        side = threading.Thread(target=during, daemon=True) if during else None
        if side:
            side.start()
        try:
            asyncio.run(_run_sessions(url, sessions, seconds, stats, ramp=ramp, browsers=min(browsers, sessions),
                                      think=think))
        finally:
            done.set()
            watcher.join(timeout=5)
            if side:
                side.join(timeout=60)
            server_cpu = _cpu_seconds([psutil.Process(p) for p in pids if psutil.pid_exists(p)]) - server_cpu
            client_cpu = _cpu_seconds([psutil.Process()]) - client_cpu
            if pids:
                sampler.stop()
    rss = sampler.samples or [float("nan")]
    # the first page load reads the dataset into the cache: growth is measured from then on
    warm = next((i for i, t in enumerate(sampler.times) if stats.first_load_at and t >= stats.first_load_at), 0)
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": psutil.cpu_count(), "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
                    "platform": platform.platform(), "python": platform.python_version()},
        "target": target or "a server started for the test",
        "sessions": sessions,
        "browser_sessions": min(browsers, sessions),
        "protocol_sessions": sessions - min(browsers, sessions),
        "think_s": think,
        "duration_s": round(seconds, 1),
        "ramp_s": ramp,
        "wall_s": round(time.monotonic() - started, 1),
        "interactions": stats.interactions,
        "interactions_per_s": round(stats.interactions / seconds, 3),
        "disconnects": stats.disconnects,
        "errors_after_disconnect": stats.errors_after_disconnect,
        "page_loads": stats.page_loads,
        "errors": stats.errors,
        "timeouts": stats.timeouts,
        "page_exceptions": stats.page_exceptions,
        "error_elements": stats.error_elements,
        "error_samples": stats.error_samples,
        # by client kind: a browser step ends when the map is drawn, a protocol step when the run ends
        "step_seconds_p50_p95_n": {k: [_percentile(v, 0.5), _percentile(v, 0.95), len(v)]
                                   for k, v in sorted(stats.step_seconds.items())},
        "cpu_s": {"server": round(server_cpu, 1), "browser_and_driver": round(sum(browser_cpu.values()), 1),
                  "load_test_process": round(client_cpu, 1),
                  "load_avg_1m_at_end": round(os.getloadavg()[0], 2)},
        "rss_mib": {"start": round(rss[0], 1), "after_first_load": round(rss[warm], 1), "peak": round(max(rss), 1),
                    "end": round(rss[-1], 1), "growth": round(rss[-1] - rss[0], 1),
                    "growth_after_first_load": round(rss[-1] - rss[warm], 1), "samples": len(sampler.samples)},
    }
    if out is not None:
        out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.loadtest", description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20, help="concurrent sessions (default 20)")
    parser.add_argument("--seconds", type=float, default=120, help="how long each session loops (default 120)")
    parser.add_argument("--ramp", type=float, default=0.0,
                        help="seconds between the starts of two sessions (default 0: all at once)")
    parser.add_argument("--browsers", type=int, default=2,
                        help="how many of the sessions are Chromium tabs; the others speak Streamlit's websocket "
                             "protocol from Python (default 2)")
    parser.add_argument("--think", type=float, default=5.0,
                        help="seconds a protocol session waits between steps, a person reading the page (default 5)")
    parser.add_argument("--target", default=None, metavar="URL",
                        help="load this running server (e.g. http://127.0.0.1:8501, the proxy of make serve) "
                             "instead of starting one; its memory and CPU are then not measured")
    parser.add_argument("--out", type=Path, default=OUT, help=f"JSON result (default {OUT})")
    args = parser.parse_args(argv)
    if args.sessions < 1 or args.seconds <= 0 or args.browsers < 0 or args.think < 0:
        parser.error("--sessions must be ≥ 1, --seconds > 0, --browsers and --think ≥ 0")
    result = run(args.sessions, args.seconds, args.out, ramp=args.ramp, browsers=args.browsers, think=args.think,
                 target=args.target)
    print(json.dumps({k: v for k, v in result.items() if k != "error_samples"}, ensure_ascii=False, indent=1))
    for sample in result["error_samples"]:
        print("  ", sample, file=sys.stderr)
    return 0 if result["errors"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""One replica against two behind the proxy, and a replica killed under load: ``make loadtest-replicas``.

``python -m bench.loadtest_replicas [--sessions 20] [--seconds 120] [--think 5]`` runs, one after the
other on this machine, with the bundled sample and the same protocol sessions (:mod:`bench.loadtest`,
no browsers: on two cores the browsers would take the CPU the servers need):

1. ``deploy/serve.py --replicas 1`` (nginx + one app process) under the load;
2. ``deploy/serve.py --replicas 2`` under the same load: the ratio of interactions completed in
   the same time, and p95 of every step;
3. two replicas again, replica 1 killed halfway: sessions that lose their server reconnect through
   the proxy (a new page load, as the browser does) and carry on; counted are the disconnects, the
   errors after them, and how long the dead replica took to be healthy again.

4. capacity: the same sessions with no reading time (``--capacity-think``, default 0: each session
   asks for its next step as soon as the last one has finished) against one replica, then two. With
   reading time, sessions ask for at most ``sessions × seconds / think`` steps, and once one replica
   serves that many the ratio of two to one says nothing about capacity; without it, the servers
   are saturated and the ratio is the capacity the second replica adds.

Each server is started fresh and warmed by one page load before the clock starts, so both sides do
the same work. Results: ``bench/loadtest_replicas.json``; the figures are written up in
``bench/LOADTEST.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psutil

from bench import loadtest
from tests.browser import free_port

ROOT = Path(__file__).resolve().parents[1]
OUT = Path(__file__).with_name("loadtest_replicas.json")


def _pid(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def _replica_port(pid: int) -> int | None:
    try:
        connections = psutil.Process(pid).net_connections(kind="tcp")
        ports = [c.laddr.port for c in connections if c.status == psutil.CONN_LISTEN]
    except psutil.Error:
        return None
    return ports[0] if ports else None


@contextmanager
def serving(replicas: int, run_dir: Path) -> Iterator[tuple[str, Path]]:
    """``deploy/serve.py --replicas N`` on a free port, healthy and warmed by one page load."""
    port = free_port()
    run_dir.mkdir(parents=True, exist_ok=True)
    log = (run_dir / "serve.log").open("w")
    proc = subprocess.Popen([sys.executable, str(ROOT / "deploy" / "serve.py"), "--replicas", str(replicas),
                             "--port", str(port), "--run-dir", str(run_dir)], cwd=ROOT,
                            env={**os.environ, "ZONE_DATA": ""}, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while not all(_replica_healthy(run_dir, n) for n in range(1, replicas + 1)):
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError(f"the replicas did not start; see {run_dir / 'serve.log'}")
            time.sleep(0.5)
        _warm(url, replicas)
        yield url, run_dir
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def _replica_healthy(run_dir: Path, n: int) -> bool:
    pid = _pid(run_dir / f"replica-{n}.pid")
    port = _replica_port(pid) if pid else None
    return bool(port) and _healthy(f"http://127.0.0.1:{port}/_stcore/health")


def _warm(url: str, replicas: int) -> None:
    """One page load per replica (fresh cookies until each has served one), so neither side of the
    comparison pays for reading the dataset inside the measured time."""
    import asyncio

    from bench.wsclient import ProtocolSession

    async def load() -> None:
        async with ProtocolSession(url) as session:
            await session.run("view=zone", timeout=120)

    for _ in range(4 * replicas):
        asyncio.run(load())


def _pids(run_dir: Path, replicas: int) -> list[int]:
    return [p for n in range(1, replicas + 1) if (p := _pid(run_dir / f"replica-{n}.pid"))]


def measure(replicas: int, *, sessions: int, seconds: float, think: float, run_dir: Path,
            kill_halfway: bool = False) -> dict[str, Any]:
    """One load test against ``replicas`` app processes behind the proxy."""
    with serving(replicas, run_dir) as (url, _):
        killed: dict[str, Any] = {}

        def kill() -> None:
            time.sleep(seconds / 2)
            victim = _pid(run_dir / "replica-1.pid")
            if victim is None:
                return
            psutil.Process(victim).kill()
            at = time.monotonic()
            killed["pid"] = victim
            while time.monotonic() - at < 60:
                pid = _pid(run_dir / "replica-1.pid")
                if pid and pid != victim and _replica_healthy(run_dir, 1):
                    killed["back_healthy_after_s"] = round(time.monotonic() - at, 1)
                    killed["new_pid"] = pid
                    return
                time.sleep(0.2)

        result = loadtest.run(sessions, seconds, None, browsers=0, think=think, target=url,
                              server_pids=_pids(run_dir, replicas), disconnects_are_errors=not kill_halfway,
                              during=kill if kill_halfway else None)
    result["replicas"] = replicas
    if kill_halfway:
        result["killed_replica"] = killed
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.loadtest_replicas", description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--think", type=float, default=5.0)
    parser.add_argument("--capacity-think", type=float, default=0.0,
                        help="reading time of the capacity runs (default 0: saturate the servers)")
    parser.add_argument("--capacity-seconds", type=float, default=60)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    base = ROOT / ".run" / "loadtest"
    runs = {
        "one": measure(1, sessions=args.sessions, seconds=args.seconds, think=args.think, run_dir=base / "one"),
        "two": measure(2, sessions=args.sessions, seconds=args.seconds, think=args.think, run_dir=base / "two"),
        "two_kill": measure(2, sessions=args.sessions, seconds=args.seconds, think=args.think,
                            run_dir=base / "kill", kill_halfway=True),
        "one_capacity": measure(1, sessions=args.sessions, seconds=args.capacity_seconds, think=args.capacity_think,
                                run_dir=base / "one_capacity"),
        "two_capacity": measure(2, sessions=args.sessions, seconds=args.capacity_seconds, think=args.capacity_think,
                                run_dir=base / "two_capacity"),
    }
    summary = {
        "interactions": {k: r["interactions"] for k, r in runs.items()},
        "ceiling_with_think": round(args.sessions * args.seconds / args.think) if args.think else None,
        "ratio_two_over_one": round(runs["two"]["interactions"] / max(runs["one"]["interactions"], 1), 2),
        "capacity_ratio_two_over_one": round(runs["two_capacity"]["interactions"]
                                             / max(runs["one_capacity"]["interactions"], 1), 2),
        "p95_by_step": {k: {step: v[1] for step, v in r["step_seconds_p50_p95_n"].items()} for k, r in runs.items()},
        "errors": {k: r["errors"] for k, r in runs.items()},
        "kill": {"disconnects": runs["two_kill"]["disconnects"],
                 "errors_after_disconnect": runs["two_kill"]["errors_after_disconnect"],
                 **runs["two_kill"].get("killed_replica", {})},
    }
    args.out.write_text(json.dumps({"summary": summary, "runs": runs}, ensure_ascii=False, indent=1) + "\n",
                        encoding="utf-8")
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    ok = (summary["capacity_ratio_two_over_one"] >= 1.6
          and all(v <= 3.0 for v in summary["p95_by_step"]["two"].values())
          and summary["kill"]["errors_after_disconnect"] == 0
          and summary["kill"].get("back_healthy_after_s", 99) <= 10)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""Two app replicas behind nginx (deploy/serve.py): sticky sessions, a replica killed and restarted,
its sessions carrying on through the proxy (issue 15). Real processes, a real nginx."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

from bench.wsclient import ProtocolError, ProtocolSession, page_cookie
from tests.browser import free_port

ROOT = Path(__file__).resolve().parents[1]
NGINX = Path("/usr/sbin/nginx")
SESSIONS = 10

pytestmark = pytest.mark.skipif(not NGINX.exists(), reason="nginx missing: apt-get install nginx "
                                                          "(tests/install_system_deps.sh does)")


def wait_for(check, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"{what}: not within {timeout:g} s")


def read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


@pytest.fixture
def served(tmp_path):
    """``deploy/serve.py --replicas 2`` on a free port with its own run directory."""
    port = free_port()
    run_dir = tmp_path / "run"
    log = (tmp_path / "serve.log").open("w")
    env = {**os.environ, "ZONE_DATA": ""}
    proc = subprocess.Popen([sys.executable, str(ROOT / "deploy" / "serve.py"), "--replicas", "2", "--port", str(port),
                             "--run-dir", str(run_dir)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: answers(f"{url}/_stcore/health"), 90, "the proxy and a replica answer")
        for n in (1, 2):
            pid = wait_for(lambda n=n: read_pid(run_dir / f"replica-{n}.pid"), 10, f"replica-{n}.pid")
            port_n = next(c.laddr.port for c in wait_for(lambda pid=pid: _listening(pid), 60, f"replica {n} listens"))
            wait_for(lambda p=port_n: answers(f"http://127.0.0.1:{p}/_stcore/health"), 90, f"replica {n} healthy")
        yield url, run_dir, proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        log.close()


def _listening(pid: int) -> list:
    try:
        return [c for c in psutil.Process(pid).net_connections(kind="tcp") if c.status == psutil.CONN_LISTEN]
    except psutil.Error:
        return []


async def _step(url: str, cookie: str, session: ProtocolSession | None) -> tuple[ProtocolSession, bool, list[str]]:
    """One script run of a session; on a closed connection, reconnect through the proxy (as the page
    does) and run again. Returns the session, whether it had to reconnect, and the errors shown."""
    if session is not None:
        try:
            result = await session.run("view=zone", timeout=90)
            return session, False, result.errors + ([] if result.maps else ["no map"])
        except ProtocolError:
            await session.__aexit__(None, None, None)
    fresh = ProtocolSession(url, cookie=cookie)
    await fresh.__aenter__()
    result = await fresh.run("view=zone", timeout=90)
    return fresh, session is not None, result.errors + ([] if result.maps else ["no map"])


def test_sessions_survive_a_dead_replica_which_comes_back(served):
    url, run_dir, supervisor = served
    assert read_pid(run_dir / "proxy.pid") is not None
    cookies = [page_cookie(url) for _ in range(SESSIONS)]
    assert all(c.startswith("zone_replica=") for c in cookies) and len(set(cookies)) == SESSIONS

    async def scenario() -> tuple[list[bool], list[list[str]], float]:
        sessions: list[ProtocolSession | None] = [None] * SESSIONS
        first = await asyncio.gather(*(_step(url, c, None) for c in cookies))
        sessions = [s for s, _, _ in first]
        assert [e for _, _, e in first] == [[]] * SESSIONS
        victim = read_pid(run_dir / "replica-1.pid")
        psutil.Process(victim).kill()
        killed_at = time.monotonic()
        await asyncio.sleep(1.0)
        second = await asyncio.gather(*(_step(url, c, s) for c, s in zip(cookies, sessions, strict=True)))
        for s, _, _ in second:
            await s.__aexit__(None, None, None)
        return [r for _, r, _ in second], [e for _, _, e in second], killed_at

    log = run_dir.parent / "serve.log"
    # each replica builds the default views once as soon as it answers, before users wait for them
    wait_for(lambda: all(f"replica {n} warmed" in log.read_text() for n in (1, 2)), 120, "both replicas warmed")
    victim = read_pid(run_dir / "replica-1.pid")
    reconnected, errors, killed_at = asyncio.run(scenario())
    # sticky sessions were spread over both replicas, so some lost theirs, and every session carries on
    assert 0 < sum(reconnected) < SESSIONS
    assert errors == [[]] * SESSIONS
    # the dead replica is back: a new pid in its file, healthy, within 10 s of the kill
    new_pid = wait_for(lambda: (p := read_pid(run_dir / "replica-1.pid")) != victim and p, 10, "a new replica-1.pid")
    assert psutil.pid_exists(new_pid)
    port = wait_for(lambda: _listening(new_pid), 30, "the restarted replica listens")[0].laddr.port
    wait_for(lambda: answers(f"http://127.0.0.1:{port}/_stcore/health"), 30, "the restarted replica is healthy")
    back_after = time.monotonic() - killed_at
    print(f"replica 1 back (healthy) {back_after:.1f} s after the kill")
    assert back_after < 60
    # … and warmed again, with the pages run without error
    wait_for(lambda: log.read_text().count("replica 1 warmed") == 2, 120, "the restarted replica warmed")
    assert "warm-up failed" not in log.read_text()
    # Ctrl-C stops everything and removes the pid files
    pids = [read_pid(run_dir / f"replica-{n}.pid") for n in (1, 2)] + [read_pid(run_dir / "proxy.pid")]
    supervisor.send_signal(signal.SIGINT)
    supervisor.wait(timeout=30)
    assert not any(psutil.pid_exists(p) and psutil.Process(p).status() != psutil.STATUS_ZOMBIE for p in pids)
    assert not list(run_dir.glob("*.pid"))


def test_warm_a_replica_as_systemd_does(tmp_path):
    """``serve.py --warm PORT`` (the systemd unit's ExecStartPost): waits for the replica, runs the
    warm-up pages in it, says so; a port where nothing answers is reported, not hung on."""
    from tests.browser import streamlit_server

    with streamlit_server({"ZONE_DATA": ""}) as url:
        port = url.rsplit(":", 1)[1]
        done = subprocess.run([sys.executable, str(ROOT / "deploy" / "serve.py"), "--warm", port], cwd=ROOT,
                              capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert f"replica on port {port} warmed in" in done.stdout and "view=zone, view=city" in done.stdout
    nobody = free_port()
    refused = subprocess.run([sys.executable, str(ROOT / "deploy" / "serve.py"), "--warm", str(nobody), "--wait", "2"],
                             cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert refused.returncode == 1
    assert f"the replica on port {nobody} did not answer within 2 s" in refused.stderr


def test_the_server_site_file_is_valid_nginx(tmp_path):
    """deploy/nginx-zone-efficiency.conf, included in an http block as the system's nginx does."""
    conf = tmp_path / "nginx.conf"
    conf.write_text(f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
                    f"http {{\n include {ROOT / 'deploy' / 'nginx-zone-efficiency.conf'};\n}}\n")
    check = subprocess.run([str(NGINX), "-t", "-c", str(conf), "-p", str(tmp_path)], capture_output=True, text=True,
                           check=False)
    assert check.returncode == 0, check.stderr
    assert "syntax is ok" in check.stderr

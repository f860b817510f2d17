"""Several app processes behind nginx: ``make serve REPLICAS=n`` (``python deploy/serve.py``).

One ``streamlit run`` is one Python process, and Streamlit keeps each session's state in the process
that serves its websocket. To serve more people at once, this starts ``n`` replicas of the app on
local ports and nginx in front of them on ``$STREAMLIT_SERVER_PORT`` (default 8501):

* **sticky sessions**: nginx gives each browser a ``zone_replica`` cookie and hashes it to a replica,
  so the page, its websocket and its media files (downloads) reach the same process;
* **websockets** are upgraded (``Upgrade``/``Connection`` headers, no read timeout);
* **health**: a replica that has exited is noticed within a second; every :data:`HEALTH_EVERY_S`
  seconds each replica's ``/_stcore/health`` is asked (a busy replica may take up to
  :data:`HEALTH_TIMEOUT_S` to answer), and one that fails :data:`UNHEALTHY_AFTER` checks in a row
  (stuck for about a minute) is killed and started again on the same port
  (its new pid replaces the old in ``.run/replica-N.pid``). Meanwhile nginx passes its sessions to
  another replica (passive checks: ``max_fails=1 fail_timeout=5s``); Streamlit's page reconnects by
  itself and starts a new session there;
* **warm-up**: a replica that answers its first health check (at start, or after a restart) is asked
  for :data:`WARM_PAGES` once by the supervisor, so it has read the data and built the default views
  before a user waits for them ("replica N warmed in … s" in the log).

Pids: ``.run/replica-N.pid`` (N from 1) and ``.run/proxy.pid`` (nginx's master); logs beside them.
Ctrl-C (or SIGTERM) stops nginx and every replica. Every replica reads the same data (``$ZONE_DATA``:
the same file or the same PostGIS database) and shares the edit store and the audit log
(:mod:`geodata.store`); nothing a user does lives in one process only.

The same set-up on a server, with systemd and the system's nginx: ``deploy/README.md``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Where pid files, logs and nginx's own files go (``--run-dir``).
RUN_DIR = ROOT / ".run"
NGINX = "/usr/sbin/nginx"
#: Seconds between two health checks of a running replica, and how long one may take: a replica busy
#: building pages for many users answers slowly, and restarting it would only drop their sessions.
HEALTH_EVERY_S = 5.0
HEALTH_TIMEOUT_S = 10.0
#: Failed health checks in a row after which a running replica is restarted (stuck for about a minute).
UNHEALTHY_AFTER = 6
#: Seconds a new replica may take to answer its first health check: it prepares the data before its
#: port opens (``dashboard.launch``: ≈ 10 s for 100 000 parcels, more for a province's parcels).
START_GRACE_S = 300.0
#: Pages a replica builds once as soon as it answers, before a user can wait for them: reading the
#: data and building the default zone view and the city overview (a replica restarted after a crash
#: would otherwise make its first user wait for all of that). Query strings of the app's URL.
WARM_PAGES = ("view=zone", "view=city")


@dataclass
class Replica:
    """One app process on a local port."""

    index: int
    port: int
    proc: subprocess.Popen | None = None
    started: float = 0.0
    healthy_once: bool = False
    failures: int = 0
    restarts: int = 0
    log: object = field(default=None, repr=False)


def warm(port: int, pages: tuple[str, ...] = WARM_PAGES) -> float:
    """Open one session on the replica on ``port`` and run ``pages`` in it, like a browser would
    (Streamlit's websocket protocol: :mod:`bench.wsclient`); the seconds it took."""
    import asyncio

    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from bench.wsclient import ProtocolSession

    async def visit() -> None:
        async with ProtocolSession(f"http://127.0.0.1:{port}", cookie="") as session:
            for query in pages:
                await session.run(query, timeout=600)

    started = time.monotonic()
    asyncio.run(visit())
    return time.monotonic() - started


def warm_when_up(port: int, wait: float = START_GRACE_S) -> int:
    """Wait up to ``wait`` seconds for the replica on ``port`` to answer, then :func:`warm` it;
    0 when it was warmed, 1 (with the reason on stderr) when not."""
    deadline = time.monotonic() + wait
    while not healthy(port, timeout=1.0):
        if time.monotonic() > deadline:
            print(f"the replica on port {port} did not answer within {wait:g} s", file=sys.stderr)
            return 1
        time.sleep(0.5)
    try:
        seconds = warm(port)
    except Exception as exc:  # the replica stays up; its first user builds the pages instead
        print(f"warm-up of the replica on port {port} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    say(f"replica on port {port} warmed in {seconds:.1f} s ({', '.join(WARM_PAGES)})")
    return 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def nginx_conf(run_dir: Path, *, port: int, address: str, replica_ports: list[int]) -> str:
    """nginx's configuration: one ``http`` block proxying ``address:port`` to the replicas."""
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in replica_ports)
    temp = run_dir / "nginx"
    return f"""# written by deploy/serve.py; the server set-up is deploy/nginx-zone-efficiency.conf
worker_processes 1;
pid {run_dir / "proxy.pid"};
error_log {run_dir / "proxy-error.log"} warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {temp}/client;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    # websocket upgrade
    map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
    # sticky sessions: a browser keeps its replica through the zone_replica cookie
    map $cookie_zone_replica $zone_sticky {{ "" $request_id; default $cookie_zone_replica; }}
    upstream zone_app {{
        hash $zone_sticky consistent;
{servers}
    }}
    server {{
        listen {address}:{port};
        client_max_body_size 200m;
        location / {{
            proxy_pass http://zone_app;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_connect_timeout 2s;
            proxy_read_timeout 1d;
            proxy_next_upstream error timeout http_502 http_503;
            add_header Set-Cookie "zone_replica=$zone_sticky; Path=/; HttpOnly; SameSite=Lax" always;
        }}
    }}
}}
"""


def healthy(port: int, timeout: float = HEALTH_TIMEOUT_S) -> bool:
    """True when the replica on ``port`` answers ``/_stcore/health`` with 200."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=timeout) as r:
            return r.status == 200
    except OSError:
        return False


class Supervisor:
    """Starts, watches and stops the replicas and the proxy."""

    def __init__(self, replicas: int, *, port: int, address: str, run_dir: Path, env: dict[str, str]) -> None:
        self.run_dir = run_dir
        self.port = port
        self.address = address
        self.env = env
        self.replicas = [Replica(i + 1, free_port()) for i in range(replicas)]
        self.proxy: subprocess.Popen | None = None
        self.stopping = False
        self.last_health = 0.0

    def pid_file(self, replica: Replica) -> Path:
        return self.run_dir / f"replica-{replica.index}.pid"

    def start_replica(self, replica: Replica) -> None:
        # dashboard.launch: `streamlit run streamlit_app.py` with the data prepared before the port opens
        cmd = [sys.executable, "-m", "dashboard.launch",
               "--server.address", "127.0.0.1", "--server.port", str(replica.port),
               "--server.headless", "true", "--browser.gatherUsageStats", "false",
               # no source watching in service: it re-resolves every module's path after every run
               # (a fifth of a loaded replica's CPU); a new version of the code means a restart
               "--server.fileWatcherType", "none"]
        log = (self.run_dir / f"replica-{replica.index}.log").open("a")
        replica.proc = subprocess.Popen(cmd, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        replica.log = log
        replica.started = time.monotonic()
        replica.healthy_once = False
        replica.failures = 0
        self.pid_file(replica).write_text(f"{replica.proc.pid}\n")
        say(f"replica {replica.index}: pid {replica.proc.pid} on 127.0.0.1:{replica.port}")

    def stop_replica(self, replica: Replica) -> None:
        proc = replica.proc
        if proc is None:
            return
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        replica.proc = None

    def start_proxy(self) -> None:
        (self.run_dir / "nginx").mkdir(parents=True, exist_ok=True)
        conf = self.run_dir / "nginx.conf"
        conf.write_text(nginx_conf(self.run_dir, port=self.port, address=self.address,
                                   replica_ports=[r.port for r in self.replicas]))
        check = subprocess.run([NGINX, "-t", "-q", "-c", str(conf), "-p", str(self.run_dir)],
                               capture_output=True, text=True, check=False)
        if check.returncode != 0:
            raise SystemExit(f"nginx refuses {conf}: {check.stderr.strip()}")
        self.proxy = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(self.run_dir), "-g", "daemon off;"],
                                      start_new_session=True)
        say(f"proxy: nginx pid {self.proxy.pid} on http://{self.address}:{self.port}")

    def check(self) -> None:
        """Every second: restart a replica that has exited; every :data:`HEALTH_EVERY_S`: ask each
        running one for its health and restart one that failed :data:`UNHEALTHY_AFTER` in a row."""
        ask = time.monotonic() - self.last_health >= HEALTH_EVERY_S
        if ask:
            self.last_health = time.monotonic()
        for replica in self.replicas:
            proc = replica.proc
            if proc is None or proc.poll() is not None:
                code = None if proc is None else proc.returncode
                say(f"replica {replica.index} exited (code {code}): starting it again")
                replica.restarts += 1
                self.start_replica(replica)
                continue
            if not ask and replica.healthy_once:
                continue
            if healthy(replica.port, timeout=HEALTH_TIMEOUT_S if ask else 1.0):
                if not replica.healthy_once:  # new (or restarted): fills its caches before users wait for them
                    threading.Thread(target=self.warm_replica, args=(replica, replica.proc), daemon=True).start()
                replica.healthy_once = True
                replica.failures = 0
                continue
            if not ask:
                continue
            if not replica.healthy_once and time.monotonic() - replica.started < START_GRACE_S:
                continue  # still starting
            replica.failures += 1
            if replica.failures >= UNHEALTHY_AFTER:
                say(f"replica {replica.index} failed {replica.failures} health checks: restarting it")
                self.stop_replica(replica)
                replica.restarts += 1
                self.start_replica(replica)
        if self.proxy is not None and self.proxy.poll() is not None and not self.stopping:
            say(f"proxy exited (code {self.proxy.returncode}): starting it again")
            self.start_proxy()

    def warm_replica(self, replica: Replica, proc: subprocess.Popen | None) -> None:
        """:func:`warm` a replica that has just answered its first health check (in a thread)."""
        try:
            seconds = warm(replica.port)
        except Exception as exc:  # a replica that died meanwhile, or a page that failed: users will see
            if replica.proc is proc and not self.stopping:
                say(f"replica {replica.index}: warm-up failed ({type(exc).__name__}: {exc})")
            return
        if replica.proc is proc:
            say(f"replica {replica.index} warmed in {seconds:.1f} s ({', '.join(WARM_PAGES)})")

    def stop(self) -> None:
        self.stopping = True
        if self.proxy is not None and self.proxy.poll() is None:
            self.proxy.send_signal(signal.SIGQUIT)  # nginx's graceful stop
            try:
                self.proxy.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proxy.kill()
        for replica in self.replicas:
            self.stop_replica(replica)
            self.pid_file(replica).unlink(missing_ok=True)
        (self.run_dir / "proxy.pid").unlink(missing_ok=True)
        say("stopped")

    def run(self) -> None:
        for replica in self.replicas:
            self.start_replica(replica)
        self.start_proxy()
        while not self.stopping:
            time.sleep(1.0)
            if not self.stopping:
                self.check()


def say(text: str) -> None:
    print(f"[serve {time.strftime('%H:%M:%S')}] {text}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python deploy/serve.py", description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=int(os.environ.get("REPLICAS", "2") or 2),
                        help="app processes (default 2, or $REPLICAS)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("STREAMLIT_SERVER_PORT", "8501") or 8501),
                        help="the proxy's port (default $STREAMLIT_SERVER_PORT or 8501)")
    parser.add_argument("--address", default="127.0.0.1",
                        help="the proxy's address (default 127.0.0.1; 0.0.0.0 to serve the network)")
    parser.add_argument("--run-dir", type=Path, default=RUN_DIR, help="pid files and logs (default .run/)")
    parser.add_argument("--warm", type=int, default=None, metavar="PORT",
                        help="only warm the replica on PORT: wait until it answers, run the warm-up pages, exit "
                             "(systemd's ExecStartPost in deploy/zone-efficiency@.service)")
    parser.add_argument("--wait", type=float, default=START_GRACE_S,
                        help=f"with --warm: seconds to wait for the replica to answer (default {START_GRACE_S:g})")
    args = parser.parse_args(argv)
    if args.warm is not None:
        return warm_when_up(args.warm, args.wait)
    if args.replicas < 1:
        parser.error(f"--replicas must be at least 1, got {args.replicas}")
    if not Path(NGINX).exists() or shutil.which(NGINX) is None:
        print(f"{NGINX} is missing: install Debian's nginx (make serve does: tests/install_system_deps.sh)",
              file=sys.stderr)
        return 1
    args.run_dir.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "STREAMLIT_SERVER_PORT"}
    supervisor = Supervisor(args.replicas, port=args.port, address=args.address, run_dir=args.run_dir.resolve(),
                            env=env)

    def on_signal(signum: int, _frame: object) -> None:
        supervisor.stopping = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        supervisor.run()
    finally:
        supervisor.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

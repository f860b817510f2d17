"""A throwaway PostgreSQL 15 + PostGIS server for the tests, on 127.0.0.1 and a free port.

The cluster lives in a temporary directory, listens only on 127.0.0.1 (its Unix socket stays in
that directory), has one password-protected superuser and a database with the PostGIS
extension. :meth:`PostgresServer.stop` and :meth:`PostgresServer.start` let fault tests take it
down and bring it back on the same port; :meth:`PostgresServer.destroy` stops it and deletes
everything. When running as root, ``initdb``/``pg_ctl`` run as the ``postgres`` system user
(PostgreSQL refuses to run as root). The system cluster (port 5432) is never touched.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg

BIN_DIR = Path("/usr/lib/postgresql/15/bin")
POSTGIS_CONTROL = Path("/usr/share/postgresql/15/extension/postgis.control")
DEBIAN_PACKAGES = "postgresql postgresql-15-postgis-3"
USER = "zone_test"
#: A password with characters that need quoting or percent-encoding in a URL, to test redaction.
PASSWORD = "S3cr3t-pw_@zone:x"
DATABASE = "zones"


def missing_reason() -> str | None:
    """Why no test server can be started here, or ``None`` when everything needed is present."""
    absent = [str(p) for p in (BIN_DIR / "initdb", BIN_DIR / "pg_ctl", POSTGIS_CONTROL) if not p.exists()]
    if absent:
        return (f"PostgreSQL 15 + PostGIS not installed ({', '.join(absent)} missing): "
                f"apt-get install {DEBIAN_PACKAGES} (or run tests/install_system_deps.sh)")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root but there is no 'postgres' system user to run the server as"
    return None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PostgresServer:
    """One temporary cluster; create with :meth:`create`, clean up with :meth:`destroy`."""

    host = "127.0.0.1"

    def __init__(self, base: Path, port: int) -> None:
        self.base = base
        self.data = base / "data"
        self.logfile = base / "server.log"
        self.port = port
        self.running = False

    # -- lifecycle ---------------------------------------------------------------------------------

    @classmethod
    def create(cls) -> PostgresServer:
        """initdb a new cluster in a temp dir, start it, create the database and PostGIS."""
        reason = missing_reason()
        if reason:
            raise RuntimeError(reason)
        base = Path(tempfile.mkdtemp(prefix="zone-pg-"))
        server = cls(base, free_port())
        try:
            server._init()
            server.start()
            server._create_database()
        except BaseException:
            server.destroy()
            raise
        return server

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        cmd = list(args)
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        result = subprocess.run(cmd, cwd=self.base, capture_output=True, text=True, timeout=120, check=False)
        if result.returncode:
            log = self.logfile.read_text(errors="replace")[-2000:] if self.logfile.exists() else ""
            msg = f"{' '.join(args)} failed ({result.returncode}): {result.stderr.strip()}\n{log}"
            raise RuntimeError(msg)
        return result

    def _init(self) -> None:
        pwfile = self.base / "pw"
        pwfile.write_text(PASSWORD + "\n")
        if os.geteuid() == 0:
            pg = pwd.getpwnam("postgres")
            os.chown(self.base, pg.pw_uid, pg.pw_gid)
            os.chown(pwfile, pg.pw_uid, pg.pw_gid)
        pwfile.chmod(0o600)
        self._run(str(BIN_DIR / "initdb"), "-D", str(self.data), "-U", USER, f"--pwfile={pwfile}",
                  "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C", "--no-sync")
        pwfile.unlink()
        settings = (f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                    f"unix_socket_directories = '{self.base}'\n"
                    "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n")
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(settings)

    def start(self) -> None:
        """Start the server (again) on the same port and wait until it accepts connections."""
        self._run(str(BIN_DIR / "pg_ctl"), "-D", str(self.data), "-l", str(self.logfile), "-w", "-t", "60",
                  "start")
        self.running = True

    def stop(self) -> None:
        """Stop the server (fast shutdown: open connections are cut)."""
        if self.running:
            self._run(str(BIN_DIR / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop")
            self.running = False

    def destroy(self) -> None:
        """Stop the server and delete its directory."""
        try:
            self.stop()
        finally:
            shutil.rmtree(self.base, ignore_errors=True)

    def _create_database(self) -> None:
        with psycopg.connect(self.dsn("postgres"), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {DATABASE}")
        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            conn.execute("CREATE EXTENSION postgis")

    # -- addresses -----------------------------------------------------------------------------------

    def dsn(self, database: str = DATABASE, *, password: str | None = PASSWORD) -> str:
        """A key/value DSN (the password quoted as libpq wants it)."""
        quoted = "" if password is None else " password='{}'".format(password.replace("\\", "\\\\")
                                                                     .replace("'", "\\'"))
        return f"host={self.host} port={self.port} dbname={database} user={USER}{quoted}"

    def url(self, *, with_password: bool = True) -> str:
        """A ``postgresql://`` URL, optionally with the (percent-encoded) password in it."""
        from urllib.parse import quote

        secret = f":{quote(PASSWORD, safe='')}" if with_password else ""
        return f"postgresql://{USER}{secret}@{self.host}:{self.port}/{DATABASE}"

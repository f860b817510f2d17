"""PostGIS connections: recognise and redact DSNs, describe the target, open one transaction.

Every message names host, port and database through :func:`redact_dsn`, never the password
(:func:`_scrub` removes every spelling of it from driver messages). Connections time out after
:data:`CONNECT_TIMEOUT_S` seconds, so a stopped server fails fast instead of hanging the app; each
call opens its own connection (no pool), so the app recovers by itself when a server comes back.
"""

from __future__ import annotations

import getpass
import logging
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from urllib.parse import unquote, unquote_plus

import psycopg
import sqlalchemy as sa
from psycopg.conninfo import conninfo_to_dict
from sqlalchemy import exc as sa_exc
from sqlalchemy.pool import NullPool

from geodata import settings
from geodata.errors import ZoneDataError

log = logging.getLogger(__name__)

#: Seconds to wait for a server before giving up (libpq ``connect_timeout``).
CONNECT_TIMEOUT_S: int = 3
#: URL schemes that name a PostgreSQL database.
URL_SCHEMES: tuple[str, ...] = ("postgresql://", "postgres://")
#: SQLAlchemy dialect and driver used for every connection (psycopg 3).
SQLALCHEMY_SCHEME: str = "postgresql+psycopg"
#: Default PostgreSQL schema (namespace) holding the tables.
DEFAULT_SCHEMA: str = "public"
#: A schema name we accept: plain lower-case SQL identifier, at most 63 bytes (PostgreSQL's limit).
SCHEMA_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
#: Shown instead of a password.
MASK = "***"


class PostGISError(ZoneDataError):
    """The PostGIS store cannot be reached, or does not hold a dataset in the canonical layout."""


# --- DSNs: recognise, redact, describe ------------------------------------------------------------

def is_postgis_source(text: str) -> bool:
    """True when ``text`` is a ``postgresql://`` or ``postgres://`` URL (any case)."""
    return str(text).strip().lower().startswith(URL_SCHEMES)


def sqlalchemy_url(dsn: str) -> str:
    """``dsn`` with its scheme turned into SQLAlchemy's ``postgresql+psycopg://`` (psycopg 3).

    Users write plain ``postgresql://`` (or ``postgres://``) URLs; SQLAlchemy would pick the
    psycopg2 driver for those. A URL that already names a driver is returned as it is.

    Examples
    --------
    >>> sqlalchemy_url("postgresql://zone@db:5432/zones")
    'postgresql+psycopg://zone@db:5432/zones'
    """
    text = str(dsn).strip()
    if is_postgis_source(text):
        return f"{SQLALCHEMY_SCHEME}://{text.partition('://')[2]}"
    return text


_KV_PASSWORD = re.compile(r"(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|\S*)", re.IGNORECASE)
_QUERY_PASSWORD = re.compile(r"([?&]password=)([^&#]*)", re.IGNORECASE)


def redact_dsn(dsn: str) -> str:
    """``dsn`` with any password replaced by ``***``; safe to show, log and put in messages.

    Both URLs (``postgresql://user:secret@host/db``, ``...?password=secret``) and key/value
    strings (``host=h password='se cret'``) are handled.

    Examples
    --------
    >>> redact_dsn("postgresql://zone:s3cret@db.example:5432/zones")
    'postgresql://zone:***@db.example:5432/zones'
    >>> redact_dsn("host=db password=s3cret dbname=zones")
    'host=db password=*** dbname=zones'
    """
    text = str(dsn).strip()
    if is_postgis_source(text):
        scheme, _, rest = text.partition("://")
        netloc, sep, tail = rest.partition("/")
        if "?" in netloc and not sep:  # postgresql://host?password=x (no path)
            netloc, q, query = netloc.partition("?")
            tail, sep = q + query, ""
        userinfo, at, hostport = netloc.rpartition("@")
        if at and ":" in userinfo:
            userinfo = f"{userinfo.partition(':')[0]}:{MASK}"
        rest = f"{userinfo}{at}{hostport}{sep}{tail}"
        return f"{scheme}://{_QUERY_PASSWORD.sub(lambda m: m.group(1) + MASK, rest)}"
    return _KV_PASSWORD.sub(lambda m: m.group(1) + MASK, text)


def _secrets(dsn: str, password: str | None = None) -> set[str]:
    """Every spelling of a password in ``dsn`` (raw, percent-decoded, unquoted), to scrub from text."""
    found: set[str] = set()
    text = str(dsn)
    if is_postgis_source(text):
        netloc = text.partition("://")[2].partition("/")[0].partition("?")[0]
        userinfo, at, _ = netloc.rpartition("@")
        if at and ":" in userinfo:
            raw = userinfo.partition(":")[2]
            found |= {raw, unquote(raw)}
        for m in _QUERY_PASSWORD.finditer(text):
            found |= {m.group(2), unquote(m.group(2)), unquote_plus(m.group(2))}
    for m in _KV_PASSWORD.finditer(text):
        raw = m.group(2)
        found |= {raw, raw.strip("'"), re.sub(r"\\(.)", r"\1", raw.strip("'"))}
    with suppress(psycopg.Error):  # what libpq itself takes for the password (may differ in odd URLs)
        found.add(str(conninfo_to_dict(text).get("password") or ""))
    if password:
        found.add(password)
    return {s for s in found if s}


def _scrub(text: str, dsn: str, password: str | None = None) -> str:
    """``text`` with every spelling of the password replaced by ``***`` and whitespace collapsed."""
    for secret in sorted(_secrets(dsn, password), key=len, reverse=True):
        text = text.replace(secret, MASK)
    return " ".join(text.split())


@dataclass(frozen=True)
class Target:
    """Where a DSN points: shown in every message (never with the password)."""

    dsn: str
    host: str
    port: str
    database: str
    user: str

    @classmethod
    def from_dsn(cls, dsn: str, *, password: str | None = None) -> Target:
        """Parse ``dsn`` (URL or key/value); libpq's environment defaults fill what is absent."""
        if is_postgis_source(dsn) and dsn.partition("://")[2].partition("/")[0].count("@") > 1:
            msg = (f"{redact_dsn(dsn)}: the user or password in this URL contains '@', which splits the URL "
                   "in the wrong place; percent-encode it as %40, or better, take the password out of the "
                   f"URL in {settings.DATA_ENV_VAR} and put it in PGPASSWORD or ~/.pgpass")
            raise PostGISError(msg)
        try:
            parts = conninfo_to_dict(dsn)
        except psycopg.Error as exc:
            reason = _scrub(str(exc), dsn, password)
            msg = (f"{redact_dsn(dsn)}: not a valid PostgreSQL connection string ({reason}); expected "
                   f"e.g. postgresql://user@host:5432/database in {settings.DATA_ENV_VAR}")
            raise PostGISError(msg) from None
        user = str(parts.get("user") or os.environ.get("PGUSER") or _os_user())
        return cls(
            dsn=dsn,
            host=str(parts.get("host") or parts.get("hostaddr") or os.environ.get("PGHOST") or "local socket"),
            port=str(parts.get("port") or os.environ.get("PGPORT") or 5432),
            database=str(parts.get("dbname") or os.environ.get("PGDATABASE") or user),
            user=user,
        )

    @property
    def where(self) -> str:
        """E.g. ``PostGIS database zones on 127.0.0.1:5432 (user zone)``."""
        return f"PostGIS database {self.database} on {self.host}:{self.port} (user {self.user})"


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "?"


# --- connections and errors -----------------------------------------------------------------------

def check_schema_name(name: str) -> str:
    """``name`` if it is a plain lower-case schema name, else :class:`PostGISError` saying why."""
    if not isinstance(name, str) or not SCHEMA_NAME.fullmatch(name):
        msg = (f"PostGIS schema name {name!r} is refused: expected a plain lower-case name of letters "
               "a-z, digits and _ (not starting with a digit, at most 63 characters), e.g. public or "
               "zones_2024")
        raise PostGISError(msg)
    return name


def _engine(dsn: str, *, password: str | None) -> sa.Engine:
    """An engine that opens one new psycopg connection per use and keeps none (``NullPool``).

    libpq parses ``dsn`` itself (URLs and key/value strings alike, as everywhere else in this
    module), through ``creator``; the password never enters SQLAlchemy's URL, so its reprs and
    logs cannot show it.
    """
    options: dict[str, object] = {"connect_timeout": CONNECT_TIMEOUT_S,
                                  "application_name": "zone-land-efficiency"}
    if password is not None:
        options["password"] = password

    def connect() -> psycopg.Connection:
        return psycopg.connect(dsn, **options)  # type: ignore[arg-type]

    return sa.create_engine(f"{SQLALCHEMY_SCHEME}://", creator=connect, poolclass=NullPool)


def _driver_error(exc: BaseException) -> BaseException:
    """The psycopg error behind a SQLAlchemy one (or ``exc`` itself)."""
    orig = getattr(exc, "orig", None)
    return orig if isinstance(orig, BaseException) else exc


@contextmanager
def transaction(dsn: str, *, password: str | None, action: str,
                read_only: bool = False) -> Iterator[tuple[sa.Connection, Target]]:
    """A fresh SQLAlchemy connection in one transaction (committed on success) and its target.

    Every driver error becomes a :class:`PostGISError` naming host, port and database, with the
    password scrubbed from the driver's text. ``read_only`` reads in one ``REPEATABLE READ``
    read-only snapshot, so all layers come from the same moment.
    """
    target = Target.from_dsn(dsn, password=password)
    hint = (f"Is the server running and reachable from here? Check {settings.DATA_ENV_VAR} "
            f"(now {redact_dsn(dsn)}) and the password (PGPASSWORD or ~/.pgpass)")
    engine = _engine(dsn, password=password)
    log.debug("%s: connecting to %s", action, redact_dsn(dsn))
    try:
        try:
            conn = engine.connect()
        except (sa_exc.DBAPIError, psycopg.Error) as exc:
            msg = f"{target.where}: cannot connect ({_scrub(str(_driver_error(exc)), dsn, password)}). {hint}"
            raise PostGISError(msg) from None
        try:
            with conn:
                if read_only:
                    conn = conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
                with conn.begin():
                    yield conn, target
        except (sa_exc.DBAPIError, psycopg.Error) as exc:
            driver = _driver_error(exc)
            reason = _scrub(str(driver), dsn, password)
            if isinstance(driver, psycopg.OperationalError):
                msg = f"{target.where}: {action} failed, the connection was lost ({reason}). {hint}"
            else:
                msg = f"{target.where}: {action} failed ({reason})"
            raise PostGISError(msg) from None
        except sa_exc.SQLAlchemyError as exc:
            msg = f"{target.where}: {action} failed ({_scrub(str(exc), dsn, password)})"
            raise PostGISError(msg) from None
    finally:
        engine.dispose()

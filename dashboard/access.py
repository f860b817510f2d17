"""Who may see parcel-level tax: access control for the confidential enterprise figures.

Secure by default: access control is **on** for every dataset that is not marked illustrative
(everyone is a viewer until signed in as an analyst); the bundled illustrative sample stays open.
Only an explicit ``ZONE_ACCESS_CONTROL=0`` in the environment turns it off for real data, and then
every page says so in a banner. ``ZONE_ACCESS_CONTROL=1`` (or ``enabled = true``) turns it on for
illustrative data too. Users and roles are configured in ``.streamlit/secrets.toml`` (never
committed):

.. code-block:: toml

    [access]
    enabled = true                      # or env ZONE_ACCESS_CONTROL=1
    # offline intranet: named users with PBKDF2 password hashes (python -m dashboard hash-password)
    [access.users.zhangsan]
    role = "analyst"
    password_hash = "pbkdf2_sha256$600000$<salt hex>$<hash hex>"
    # with an identity provider (Streamlit's [auth] section, OIDC via st.login): roles by e-mail
    [access.roles]
    "analyst@example.gov.cn" = "analyst"

Roles: ``viewer`` (also anyone not signed in) sees zone and section aggregates only, under disclosure
control (:mod:`zone_layers.disclosure`); ``analyst`` sees parcel- and enterprise-level figures.
Where an ``[auth]`` section exists, Streamlit's built-in OIDC login is used; otherwise the
hashed-password fallback, which works on an offline intranet.

Fails closed: the ``[access]`` section is checked by the typed model :class:`AccessSection` (see
"Configuration files" in ``geodata/README.md``). A secrets file that cannot be parsed, an unknown
key, an unknown role, a user without a valid hash or an unknown ``ZONE_ACCESS_CONTROL`` value puts
the whole app in viewer mode (nobody can sign in as analyst) with a message for the administrator
on the page and in the log, naming the key path but never a secret.

Sign-ins, failed sign-ins and analyst exports go to the audit log (:mod:`geodata.store`); after
:data:`MAX_FAILED_SIGN_INS` failed sign-ins of one user name within :data:`THROTTLE_MINUTES`
minutes, that name cannot sign in until the window has passed.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

import streamlit as st
from pydantic import Field
from streamlit.errors import StreamlitSecretNotFoundError

from dashboard.i18n import t
from geodata.config_model import Choice, ConfigModel, validate_config
from geodata.errors import ConfigError, ZoneDataError
from geodata.store import AuditLog

LOG = logging.getLogger(__name__)

ROLES: tuple[str, ...] = ("viewer", "analyst")
ENV_VAR = "ZONE_ACCESS_CONTROL"
ITERATIONS = 600_000


def hash_password(password: str, *, iterations: int = ITERATIONS, salt: bytes | None = None) -> str:
    """A PBKDF2-SHA256 hash to store in the secrets file (never the password itself)."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return f"pbkdf2_sha256${iterations}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    """True when ``password`` matches ``stored`` (constant-time comparison)."""
    try:
        scheme, iterations, salt, digest = stored.split("$")
        if scheme != "pbkdf2_sha256":
            return False
        candidate = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), bytes.fromhex(salt),
                                        int(iterations))
    except ValueError:
        return False
    return hmac.compare_digest(candidate.hex(), digest)


@dataclass(frozen=True)
class AccessConfig:
    """The access settings read from secrets and the environment."""

    enabled: bool = False
    users: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (role, hash)
    oidc: bool = False
    roles_by_email: dict[str, str] = field(default_factory=dict)
    #: why the configuration cannot be trusted (then nobody may sign in: viewer mode), for the administrator
    problem: str | None = None
    #: access control was switched off by ``ZONE_ACCESS_CONTROL=0`` for data that is not illustrative
    switched_off: bool = False


#: Where the access configuration is read from, as named in error messages.
SECRETS_SOURCE = ".streamlit/secrets.toml"
Role = Annotated[str, Choice(ROLES, "a role")]
#: Values of ``ZONE_ACCESS_CONTROL`` that switch access control on / off.
ENV_ON = frozenset({"1", "true", "yes", "on"})
ENV_OFF = frozenset({"0", "false", "no", "off"})
#: Failed sign-ins of one user name within :data:`THROTTLE_MINUTES` after which that name is refused.
MAX_FAILED_SIGN_INS = 5
THROTTLE_MINUTES = 15


class UserTable(ConfigModel):
    """``[access.users.<name>]``: a named user of the offline password sign-in."""

    role: Role = "viewer"
    password_hash: str = Field(
        repr=False, pattern=r"^pbkdf2_sha256\$[1-9][0-9]*\$([0-9a-f]{2})+\$([0-9a-f]{2})+$",
        description='a PBKDF2 hash made by python -m dashboard hash-password, e.g. '
                    '"pbkdf2_sha256$600000$<salt hex>$<hash hex>" (never the password itself)')


class AccessSection(ConfigModel):
    """The ``[access]`` section of the secrets file."""

    enabled: bool = False
    users: dict[str, UserTable] = Field(default_factory=dict)
    roles: dict[str, Role] = Field(default_factory=dict)


def _secrets() -> dict[str, Any]:
    """The secrets as plain dicts; ``{}`` only when there is no secrets file at all.

    A secrets file that cannot be parsed raises :class:`geodata.errors.ZoneDataError`: it may hold
    the access configuration, so reading it as "no configuration" would switch access control off.
    """
    try:
        return st.secrets.to_dict()
    except StreamlitSecretNotFoundError as exc:
        if getattr(exc, "error_id", None) == "no-secrets-found":
            return {}
        reason = str(exc).splitlines()[0][:200]
        msg = (f"{SECRETS_SOURCE}: the secrets file cannot be read, so the access configuration is unknown "
               f"({reason}); fix the file (TOML: key = \"value\" lines and [tables]), then reload")
        raise ZoneDataError(msg) from None


def access_config(*, illustrative: bool = False) -> AccessConfig:
    """Read the configuration (see the module docstring) for data that is ``illustrative`` or not.

    Never raises for a bad configuration: it fails closed, returning a configuration that is on,
    has no user who can sign in, and says why in ``problem`` (the key path of every problem of the
    ``[access]`` section, the parse error of the secrets file, or the unknown environment value;
    never a secret).
    """
    env = os.environ.get(ENV_VAR, "").strip().lower()
    try:
        if env and env not in ENV_ON | ENV_OFF:
            msg = (f"{ENV_VAR}={env[:20]!r} is neither on (1, true, yes) nor off (0, false, no), so whether "
                   "access control is wanted is unknown")
            raise ZoneDataError(msg)
        conf = _secrets()
        section = validate_config(
            AccessSection, conf.get("access", {}), source=SECRETS_SOURCE, prefix=("access",),
            error=lambda found: ConfigError(SECRETS_SOURCE, found, what="the access configuration",
                                            hint="format: dashboard/access.py"))
    except ZoneDataError as exc:
        LOG.error("access control fails closed, everyone is a viewer: %s", exc)
        return AccessConfig(enabled=True, problem=str(exc))
    users = {name: (user.role, user.password_hash) for name, user in section.users.items()}
    roles = {email.lower(): role for email, role in section.roles.items()}
    wanted = section.enabled or env in ENV_ON or not illustrative
    off = env in ENV_OFF
    return AccessConfig(enabled=wanted and not off, users=users, oidc="auth" in conf, roles_by_email=roles,
                        switched_off=off and not illustrative)


def current_role(lang: str, *, illustrative: bool = False, audit: AuditLog | None = None) -> str:
    """The role of this session; draws the sign-in controls in the sidebar when access is on, and
    the banners: access control switched off, or a configuration that failed closed. Sign-ins and
    failed sign-ins are written to ``audit`` when given."""
    cfg = access_config(illustrative=illustrative)
    if cfg.switched_off:
        st.warning(t("access_off_banner", lang, var=ENV_VAR), icon="🔓")
    if not cfg.enabled:
        return "analyst"
    if cfg.problem:
        st.error(t("access_failed_closed", lang, problem=cfg.problem), icon="🔒")
    with st.sidebar:
        st.markdown(f"**{t('access_title', lang)}**")
        if cfg.problem:
            st.caption(t("viewer_note", lang))
            return "viewer"
        if cfg.oidc:
            return _oidc_role(cfg, lang, audit)
        return _password_role(cfg, lang, audit)


def signed_in_user() -> str | None:
    """The name (or e-mail) of the user signed in in this session, None when nobody is."""
    user = st.session_state.get("_user")
    if user:
        return str(user)
    try:
        return str(st.user.get("email")) if st.user.is_logged_in else None
    except Exception:  # no identity provider configured: st.user has nothing to say
        return None


def export_stamp(lang: str) -> str | None:
    """Who exports and when, for the footer of an analyst's export (``导出：li · 2026-11-30 03:12 UTC``);
    None when nobody is signed in (access control off)."""
    user = signed_in_user()
    if not user:
        return None
    return t("export_stamp", lang, user=user, at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))


def record_export(audit: AuditLog, *, view: str, what: str) -> None:
    """Write an analyst's export to the audit log (user, time, view, what); nothing when nobody is
    signed in (access control off: there is no user to name)."""
    user = signed_in_user()
    if user:
        audit.append("export", user, view=view, what=what)


def _oidc_role(cfg: AccessConfig, lang: str, audit: AuditLog | None) -> str:
    if not st.user.is_logged_in:
        st.button(t("sign_in", lang), on_click=st.login)
        st.caption(t("viewer_note", lang))
        return "viewer"
    email = str(st.user.get("email", "")).lower()
    role = cfg.roles_by_email.get(email, "viewer")
    if audit is not None and st.session_state.get("_audited_oidc") != email:
        audit.append("sign_in", email, role=role, method="oidc")
        st.session_state["_audited_oidc"] = email
    st.caption(f"{email} · {t(f'role_{role}', lang)}")
    st.button(t("sign_out", lang), on_click=st.logout)
    return role


def throttled(audit: AuditLog | None, name: str, *, now: datetime | None = None) -> bool:
    """True when ``name`` has failed to sign in :data:`MAX_FAILED_SIGN_INS` times within the last
    :data:`THROTTLE_MINUTES` minutes (counted in the shared audit log, so on every app process)."""
    if audit is None:
        return False
    since = (now or datetime.now(UTC)) - timedelta(minutes=THROTTLE_MINUTES)
    failures = audit.entries(event="sign_in_failed", user=name, since=since.isoformat(timespec="seconds"))
    return len(failures) >= MAX_FAILED_SIGN_INS


def _password_role(cfg: AccessConfig, lang: str, audit: AuditLog | None) -> str:
    role = st.session_state.get("_role")
    user = st.session_state.get("_user")
    if role in ROLES and user in cfg.users:
        st.caption(f"{user} · {t(f'role_{role}', lang)}")
        if st.button(t("sign_out", lang)):
            st.session_state.pop("_role", None)
            st.session_state.pop("_user", None)
            st.rerun()
        return str(role)
    with st.form("sign-in", clear_on_submit=True):
        name = st.text_input(t("user_name", lang), key="sign_in_user")
        password = st.text_input(t("password", lang), type="password", key="sign_in_password")
        submitted = st.form_submit_button(t("sign_in", lang), key="sign_in")
    if submitted:
        name = name.strip()[:100]
        if throttled(audit, name):
            if audit is not None:
                audit.append("sign_in_refused", name, reason="throttled")
            st.error(t("sign_in_throttled", lang, n=MAX_FAILED_SIGN_INS, minutes=THROTTLE_MINUTES))
        else:
            entry = cfg.users.get(name)
            if entry and verify_password(password, entry[1]):
                if audit is not None:
                    audit.append("sign_in", name, role=entry[0], method="password")
                st.session_state["_role"], st.session_state["_user"] = entry[0], name
                st.rerun()
            if audit is not None:
                audit.append("sign_in_failed", name, known_user=entry is not None)
            st.error(t("sign_in_failed", lang))
    st.caption(t("viewer_note", lang))
    return "viewer"

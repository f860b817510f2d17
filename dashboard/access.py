"""Who may see parcel-level tax: access control for the confidential enterprise figures.

Off by default (the bundled sample is invented). Switched on by configuration, in
``.streamlit/secrets.toml`` (never committed) or the environment:

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

Roles: ``viewer`` (also anyone not signed in) sees zone and section aggregates only; ``analyst``
sees parcel- and enterprise-level figures. Where an ``[auth]`` section exists, Streamlit's built-in
OIDC login is used; otherwise the hashed-password fallback, which works on an offline intranet.

The ``[access]`` section is checked by the typed model :class:`AccessSection` (see "Configuration
files" in ``geodata/README.md``): an unknown key, an unknown role, ``enabled = "false"`` or a
malformed hash is an error naming its key path, and so is a secrets file that cannot be parsed. The
page shows the error and stops; a broken configuration never means "access control off".
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass, field
from typing import Annotated, Any

import streamlit as st
from pydantic import Field
from streamlit.errors import StreamlitSecretNotFoundError

from dashboard.i18n import t
from geodata.config_model import Choice, ConfigModel, validate_config
from geodata.errors import ConfigError, ZoneDataError

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


#: Where the access configuration is read from, as named in error messages.
SECRETS_SOURCE = ".streamlit/secrets.toml"
Role = Annotated[str, Choice(ROLES, "a role")]


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
        msg = (f"{SECRETS_SOURCE}: the secrets file cannot be read, so the access configuration is unknown and "
               f"the app stops here ({exc}); fix the file (TOML: key = \"value\" lines and [tables]), then reload")
        raise ZoneDataError(msg) from None


def access_config() -> AccessConfig:
    """Read the configuration (see the module docstring).

    Raises
    ------
    ZoneDataError
        A :class:`geodata.errors.ConfigError` listing every problem of the ``[access]`` section
        (unknown keys, ``enabled`` that is not true/false, unknown roles, malformed password
        hashes), each with its key path, e.g. ``access.users.zhangsan.role``; or the secrets file
        cannot be parsed. Never an access configuration that is silently off.
    """
    conf = _secrets()
    section = validate_config(
        AccessSection, conf.get("access", {}), source=SECRETS_SOURCE, prefix=("access",),
        error=lambda found: ConfigError(SECRETS_SOURCE, found, what="the access configuration",
                                        hint="the app stops until it is fixed; format: dashboard/access.py"))
    enabled = section.enabled or os.environ.get(ENV_VAR, "").strip() in {"1", "true", "yes"}
    users = {name: (user.role, user.password_hash) for name, user in section.users.items()}
    roles = {email.lower(): role for email, role in section.roles.items()}
    return AccessConfig(enabled=enabled, users=users, oidc="auth" in conf, roles_by_email=roles)


def current_role(lang: str) -> str:
    """The role of this session; draws the sign-in controls in the sidebar when access is on."""
    cfg = access_config()
    if not cfg.enabled:
        return "analyst"
    with st.sidebar:
        st.markdown(f"**{t('access_title', lang)}**")
        if cfg.oidc:
            return _oidc_role(cfg, lang)
        return _password_role(cfg, lang)


def _oidc_role(cfg: AccessConfig, lang: str) -> str:
    if not st.user.is_logged_in:
        st.button(t("sign_in", lang), on_click=st.login)
        st.caption(t("viewer_note", lang))
        return "viewer"
    email = str(st.user.get("email", "")).lower()
    role = cfg.roles_by_email.get(email, "viewer")
    st.caption(f"{email} · {t(f'role_{role}', lang)}")
    st.button(t("sign_out", lang), on_click=st.logout)
    return role


def _password_role(cfg: AccessConfig, lang: str) -> str:
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
        entry = cfg.users.get(name)
        if entry and verify_password(password, entry[1]):
            st.session_state["_role"], st.session_state["_user"] = entry[0], name
            st.rerun()
        st.error(t("sign_in_failed", lang))
    st.caption(t("viewer_note", lang))
    return "viewer"

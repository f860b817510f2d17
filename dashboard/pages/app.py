"""The Streamlit page: a city overview of the development zones and a zone view.

``run()`` is the only entry point (called by ``streamlit_app.py``). It is also the one place that
turns errors into messages: :class:`geodata.errors.ZoneDataError` shows its own text (it names the
file, row and field); anything else is logged and shown as a short apology, never a traceback.
"""

from __future__ import annotations

import logging

import streamlit as st

from dashboard import access
from dashboard.i18n import LANGS, t
from dashboard.map import assets, basemaps, mapview
from dashboard.pages import (
    city_page,
    data,
    dataset_notes,
    round_page,
    upload_page,
    view_state,
    widget_words,
    zone_page,
    zone_tabs,
)
from dashboard.shown_names import names_of
from geodata.errors import ZoneDataError

LOG = logging.getLogger(__name__)

#: Tighter top margin than Streamlit's default, so the map is visible without scrolling.
PAGE_CSS = "<style>.block-container {padding-top: 2.2rem;} h1 {padding-top: 0.2rem;}</style>"


def run() -> None:
    """Build the page for this rerun."""
    st.set_page_config(page_title="开发区土地效率地图", page_icon="🗺️", layout="wide")
    assets.ensure_served()  # the map's files, also when declared before the server started (dashboard.launch)
    lang = _lang()
    st.markdown(PAGE_CSS, unsafe_allow_html=True)  # the app's own constant CSS, no data in it
    widget_words.add(lang, upload_types=(upload_page.PARCEL_TYPES, upload_page.TABLE_TYPES))  # issue 19
    try:
        _page(lang)
    except ZoneDataError as exc:
        st.error(f"**{t('load_error', lang)}**\n\n{exc}")
    except Exception:
        LOG.exception("unexpected error while building the page")
        st.error(t("unexpected_error", lang))


def _lang() -> str:
    """The UI language: the sidebar's choice, seeded once from ``?lang=en``."""
    if "lang" not in st.session_state:
        wanted = st.query_params.get("lang", "zh")
        st.session_state["lang"] = wanted if wanted in LANGS else "zh"
    return str(st.session_state["lang"])


def _page(lang: str) -> None:
    dataset = data.load_dataset()
    st.title(t("app_title", lang))
    zone_ids = data.zones_with_parcels(dataset)
    names = names_of(dataset.zones, "zone_id", lang)
    views = ["city", "zone", "upload", "round"] if zone_ids else ["city", "upload", "round"]
    config = data.grading_config()
    registry = view_state.params(views=views, zone_ids=zone_ids, presets=[p.key for p in config.presets],
                                 default_preset=config.default_preset, years=data.years(),
                                 target_years=dataset.target_years)
    view_state.seed_from_url(registry)
    opened = st.session_state.pop(upload_page.OPEN_ZONE_KEY, None)
    if opened in zone_ids:  # a dataset was just opened from the import page: show its zone
        st.session_state["view"], st.session_state["zone_id"] = "zone", opened
    with st.sidebar:
        st.radio("语言 · Language", LANGS, key="lang", horizontal=True,
                 format_func=lambda code: {"zh": "中文", "en": "English"}[code])
    role = access.current_role(lang, illustrative=dataset.illustrative, audit=data.audit_log())
    with st.sidebar:
        view = st.radio(t("view", lang), views, key="view",
                        format_func=lambda v: t(f"view_{v}", lang))
        if view == "zone":
            st.selectbox(t("zone", lang), zone_ids, key="zone_id", placeholder=t("choose", lang),
                         format_func=lambda z: names.get(z, z))
            zone_page.sidebar(lang, config, role=role)
        else:
            st.selectbox(t("target_year", lang), dataset.target_years, key="target_year", placeholder=t("choose", lang))
        st.selectbox(t("basemap", lang), [b.key for b in basemaps.BASEMAPS], key="basemap",
                     placeholder=t("choose", lang),
                     format_func=lambda k: basemaps.basemap(k).name(lang))
        st.caption(f"{t('data_source', lang)}: "
                   f"{data.source_label() or t('sample_source', lang)}")
        st.caption(t("about", lang))
    # a new view or zone fits its own content (not the last map's centre and zoom)
    mapview.follow_view((view, st.session_state.get("zone_id") if view == "zone" else None))
    for note in dataset.notes:  # e.g. parcels rejected while assembling a datasets.toml
        st.warning(dataset_notes.note_text(note, lang), icon="⚠️")
    stale = data.is_stale()
    if stale:
        st.warning(t("dataset_stale", lang, error=stale), icon="⚠️")
    held = data.session_data()
    if held is not None:  # the user's own data opened from the import page, for this session only
        st.info(t("session_data.notice", lang, file=held["file"], zones=held["zones"], parcels=held["parcels"]),
                icon="📂")
        if st.button(t("session_data.close", lang), key="session_data_close"):
            data.close_session_dataset()
            st.rerun()
    if dataset.illustrative and view != "upload":  # the upload page shows the user's own data
        st.warning(t("illustrative_notice", lang), icon="⚠️")
    if view in ("zone", "city") and not data.has_firm_figures():  # parcels only: no firm tables
        st.info(zone_tabs.no_firms_text("notice", lang), icon="ℹ️")
    if view == "upload":
        if role == "analyst":
            upload_page.render(lang)
        else:
            st.info(t("analyst_only", lang))
    elif view == "round":
        round_page.render(lang, role=role)
    elif view == "zone":
        zone_page.render(st.session_state["zone_id"], lang, illustrative=dataset.illustrative, role=role)
    else:
        city_page.render(dataset, lang, role=role)
    view_state.mirror_to_url(registry, view=view, lang=lang)  # after the page: it may pick a section



"""The Streamlit page: a city overview of the development zones and a zone view.

``run()`` is the only entry point (called by ``streamlit_app.py``). It is also the one place that
turns errors into messages: :class:`geodata.errors.ZoneDataError` shows its own text (it names the
file, row and field); anything else is logged and shown as a short apology, never a traceback.
"""

from __future__ import annotations

import logging

import altair as alt
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from dashboard import data, fmt, maps
from dashboard.i18n import LANGS, t
from geodata import settings
from geodata.errors import ZoneDataError
from zone_layers.indicators import INDICATORS, get_indicator

LOG = logging.getLogger(__name__)

MAP_HEIGHT = 580

#: Tighter top margin than Streamlit's default, so the map is visible without scrolling.
PAGE_CSS = "<style>.block-container {padding-top: 2.2rem;} h1 {padding-top: 0.2rem;}</style>"


def run() -> None:
    """Build the page for this rerun."""
    st.set_page_config(page_title="开发区土地效率地图", page_icon="🗺️", layout="wide")
    lang = _lang()
    st.markdown(PAGE_CSS, unsafe_allow_html=True)  # the app's own constant CSS, no data in it
    try:
        _page(lang)
    except ZoneDataError as exc:
        st.error(f"**{t('load_error', lang)}**\n\n{exc}")
    except Exception:
        LOG.exception("unexpected error while building the page")
        st.error(t("unexpected_error", lang))


def _lang() -> str:
    lang = st.query_params.get("lang", "zh")
    return lang if lang in LANGS else "zh"


def _page(lang: str) -> None:
    dataset = data.load_dataset()
    st.title(t("app_title", lang))
    if dataset.illustrative:
        st.warning(t("illustrative_notice", lang), icon="⚠️")
    zone_ids = data.zones_with_parcels(dataset)
    names = dict(zip(dataset.zones["zone_id"], dataset.zones["name"], strict=True))
    views = ["city", "zone"] if zone_ids else ["city"]
    _init_state(views, zone_ids)
    with st.sidebar:
        view = st.radio(t("view", lang), views, key="view",
                        format_func=lambda v: t(f"view_{v}", lang))
        if view == "zone":
            st.selectbox(t("zone", lang), zone_ids, key="zone_id",
                         format_func=lambda z: names.get(z, z))
            st.selectbox(t("year", lang), settings.TAX_YEARS, key="year")
            st.number_input(f"{t('benchmark', lang)}(万元/亩)", min_value=0.0, step=0.5,
                            key="benchmark")
        else:
            st.selectbox(t("target_year", lang), (2024, 2025, 2026), key="target_year")
        st.caption(f"{t('data_source', lang)}: "
                   f"{t('sample_source', lang) if _is_sample() else settings.dataset_path().name}")
        st.caption(t("about", lang))
    st.query_params.update({"view": view, "lang": lang,
                            **({"zone": st.session_state["zone_id"],
                                "year": str(st.session_state["year"])} if view == "zone" else {})})
    if view == "zone":
        _zone_page(st.session_state["zone_id"], lang, illustrative=dataset.illustrative)
    else:
        _city_page(dataset, lang)


def _is_sample() -> bool:
    return settings.dataset_path().resolve() == settings.SAMPLE_PATH.resolve()


def _init_state(views: list[str], zone_ids: list[str]) -> None:
    """Seed widget state from the URL once per session (``?view=zone&zone=...&year=...``)."""
    if "view" in st.session_state:
        return
    params = st.query_params
    st.session_state["view"] = params.get("view") if params.get("view") in views else views[-1]
    if zone_ids:
        wanted = params.get("zone")
        st.session_state["zone_id"] = wanted if wanted in zone_ids else zone_ids[0]
    year = params.get("year", "")
    st.session_state["year"] = int(year) if year.isdigit() and int(year) in settings.TAX_YEARS \
        else settings.TAX_YEARS[-1]
    st.session_state["benchmark"] = float(settings.TAX_BENCHMARK_WAN_PER_MU)
    st.session_state["target_year"] = 2026


# --- zone view --------------------------------------------------------------------------------

def _zone_page(zone_id: str, lang: str, *, illustrative: bool) -> None:
    year = int(st.session_state["year"])
    benchmark = float(st.session_state["benchmark"])
    zv = data.zone_view(zone_id, year=year, benchmark=benchmark)
    z = zv.summary
    st.subheader(f"{z['name']} · {zv.zone['level']} · {zv.zone['county']}")
    _zone_kpis(z, lang, year=year, benchmark=benchmark)
    if not len(zv.parcels):
        st.info(t("no_sections", lang))
        return
    left, right = st.columns([7, 3], gap="medium")
    with left:
        fmap = maps.zone_map(zv.zone, zv.sections, zv.sections_table, zv.parcels, year=year,
                             lang=lang, illustrative=illustrative)
        state = st_folium(fmap, key=f"zone-map-{zone_id}-{lang}", height=MAP_HEIGHT,
                          use_container_width=True, returned_objects=["last_active_drawing"])
        st.caption(t("map_hint", lang))
    clicked = maps.clicked_properties(state).get("section_id")
    section_ids = list(zv.sections["section_id"])
    if clicked in section_ids and clicked != st.session_state.get("_last_click"):
        st.session_state["_last_click"] = clicked
        st.session_state["section_id"] = clicked
    if st.session_state.get("section_id") not in section_ids:
        st.session_state["section_id"] = section_ids[0]
    with right:
        _section_panel(zv, lang, year=year, benchmark=benchmark)
    _section_comparison(zv.sections_table, lang, year=year, benchmark=benchmark)


def _zone_kpis(z: dict, lang: str, *, year: int, benchmark: float) -> None:
    declared = t("declared", lang)
    mu = 1500  # 亩 per km²
    first, second = st.columns(3), st.columns(3)
    plain = {"delta_color": "off", "delta_arrow": "off", "border": True}
    first[0].metric(f"{t('kpi_planned', lang)}(km²)", fmt.num(z["planned_area_km2"]),
                    delta=f"{fmt.num(z['planned_area_km2'] * mu, 0)} 亩", help=declared, **plain)
    first[1].metric(f"{t('kpi_computed', lang)}(km²)", fmt.num(z["area_km2"]),
                    delta=f"{fmt.num(z['area_km2'] * mu, 0)} 亩", help=t("about", lang), **plain)
    first[2].metric(f"{t('kpi_built', lang)}(km²)", fmt.num(z["built_km2"]),
                    delta=f"{declared} {fmt.num(z['declared_built_km2'])} km²", help="A1–A6",
                    **plain)
    _metric(second[0], "industrial_land_ratio", z, lang)
    tax = z["industrial_tax_per_mu"]
    _metric(second[1], "industrial_tax_per_mu", z, lang, suffix=f" · {year}",
            delta=None if fmt.is_missing(tax) else
            f"{tax - benchmark:+.2f} {t('vs_benchmark', lang)} {benchmark:g}")
    _metric(second[2], "industrial_investment_intensity_wan_per_mu", z, lang)


def _metric(col: st.delta_generator.DeltaGenerator, key: str, values: dict | pd.Series,
            lang: str, *, suffix: str = "", delta: str | None = None) -> None:
    """One KPI card labelled (with its unit), formatted and explained from the registry."""
    ind = get_indicator(key)
    value = values[key]
    shown = fmt.num(value * 100 if ind.percent and not fmt.is_missing(value) else value,
                    ind.decimals)
    col.metric(ind.label(lang, short=True) + suffix, shown, delta=delta,
               help=f"{ind.zh if lang == 'zh' else ind.en}: {ind.formula}\n\n{ind.source}",
               border=True)


def _section_panel(zv: data.ZoneView, lang: str, *, year: int, benchmark: float) -> None:
    names = dict(zip(zv.sections["section_id"], zv.sections["name"], strict=True))
    st.markdown(f"#### {t('section_detail', lang)}")
    sid = st.selectbox(t("choose_section", lang), list(names), key="section_id",
                       format_func=lambda s: names[s])
    row = zv.sections_table.set_index("section_id").loc[sid]
    st.caption(fmt.esc(row["function"]))
    a, b = st.columns(2)
    a.metric(f"{t('tip_area', lang)}(km²)", fmt.num(row["area_km2"]),
             delta=f"{fmt.num(row['area_mu'], 0)} 亩", delta_color="off", delta_arrow="off",
             border=True)
    b.metric(t("col_enterprises", lang), int(row["n_enterprises"] or 0), border=True)
    keys = ["built_up_rate", "industrial_land_ratio", "far", "building_density",
            "industrial_tax_per_mu", "industrial_investment_intensity_wan_per_mu",
            "idle_land_rate"]
    rows = []
    for key in keys:
        ind = get_indicator(key)
        value = row[key]
        shown = fmt.pct(value, ind.decimals) if ind.percent else \
            f"{fmt.num(value, ind.decimals)} {ind.unit}".strip()
        rows.append({t("col_indicator", lang): ind.zh if lang == "zh" else ind.en,
                     t("col_value", lang): shown})
    tax = row["industrial_tax_per_mu"]
    if not fmt.is_missing(tax):
        rows.append({t("col_indicator", lang): f"{t('vs_benchmark', lang)} {benchmark:g} ({year})",
                     t("col_value", lang): f"{tax - benchmark:+.2f} 万元/亩"})
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def _section_comparison(table: pd.DataFrame, lang: str, *, year: int, benchmark: float) -> None:
    st.markdown(f"#### {t('section_compare', lang)}")
    keys = ["industrial_land_ratio", "built_up_rate", "far", "industrial_tax_per_mu",
            "industrial_investment_intensity_wan_per_mu", "idle_land_rate"]
    shown = pd.DataFrame({
        t("col_section", lang): table["name"],
        t("col_area_km2", lang): table["area_km2"],
        t("col_area_mu", lang): table["area_mu"].round(0),
        t("col_built_km2", lang): table["built_km2"],
        t("col_enterprises", lang): table["n_enterprises"].fillna(0).astype(int),
    })
    config = {t("col_area_km2", lang): st.column_config.NumberColumn(format="%.2f"),
              t("col_area_mu", lang): st.column_config.NumberColumn(format="localized"),
              t("col_built_km2", lang): st.column_config.NumberColumn(format="%.2f")}
    for key in keys:
        ind = get_indicator(key)
        label = ind.label(lang, short=True)
        shown[label] = table[key] * (100 if ind.percent else 1)
        config[label] = st.column_config.NumberColumn(format=f"%.{ind.decimals}f",
                                                      help=f"{ind.formula}（{ind.source}）")
    # numbers stay numbers (sortable); missing values show as — (never 0, never "None")
    st.dataframe(shown, hide_index=True, width="stretch", column_config=config,
                 placeholder=fmt.MISSING)
    chart_data = pd.DataFrame({"section": table["name"], "value": table["industrial_tax_per_mu"]})
    bars = alt.Chart(chart_data).mark_bar(color="#1f5f8b").encode(
        x=alt.X("section:N", sort="-y", title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title="万元/亩"),
        tooltip=[alt.Tooltip("section:N"), alt.Tooltip("value:Q", format=".2f")],
    )
    rule = alt.Chart(pd.DataFrame({"b": [benchmark]})).mark_rule(
        color="#d55e00", strokeDash=[6, 4], size=2).encode(y="b:Q")
    st.markdown(f"**{t('chart_title', lang)}** ({year})")
    st.altair_chart((bars + rule).properties(height=260), width="stretch")
    with st.expander(t("formula_help", lang)):
        st.dataframe(_definitions(lang), hide_index=True, width="stretch")


def _definitions(lang: str) -> pd.DataFrame:
    """The indicator registry as a table: name, unit, formula, source."""
    return pd.DataFrame([{
        t("col_indicator", lang): ind.zh if lang == "zh" else ind.en,
        t("col_unit", lang): "%" if ind.percent else ind.unit,
        t("col_formula", lang): ind.formula,
        t("col_source", lang): ind.source,
    } for ind in INDICATORS])


def _open_zone(zone_id: str) -> None:
    st.session_state["view"] = "zone"
    st.session_state["zone_id"] = zone_id


# --- city view --------------------------------------------------------------------------------

def _city_page(dataset: data.ZoneDataset, lang: str) -> None:
    target_year = int(st.session_state["target_year"])
    table = data.city_table()
    names = dict(zip(dataset.zones["zone_id"], dataset.zones["name"], strict=True))
    cols = st.columns(4)
    cols[0].metric(t("kpi_zones", lang), len(table), border=True)
    cols[1].metric(f"{t('kpi_planned_total', lang)}(km²)",
                   fmt.num(table["planned_area_km2"].sum(), 1), border=True)
    for col, year in zip(cols[2:], (2024, 2026), strict=True):
        stars = table.get(f"star_{year}", pd.Series(dtype=object)).fillna("").str.len().gt(0)
        col.metric(t("kpi_star_zones", lang, year=year), int(stars.sum()), border=True)
    fmap = maps.city_map(dataset.zones, table, target_year=target_year, lang=lang,
                         illustrative=dataset.illustrative)
    state = st_folium(fmap, key=f"city-map-{target_year}-{lang}", height=MAP_HEIGHT,
                      use_container_width=True, returned_objects=["last_active_drawing"])
    clicked = maps.clicked_properties(state).get("zone_id")
    if clicked in data.zones_with_parcels(dataset):
        st.button(t("open_zone", lang, name=names[clicked]), on_click=_open_zone,
                  args=(clicked,), type="primary")
    else:
        st.caption(t("city_hint", lang))
    st.markdown(f"#### {t('city_table', lang)}")
    shown = pd.DataFrame({
        t("col_zone", lang): table["name"],
        t("col_county", lang): table["county"],
        t("col_level", lang): table["level"],
        t("col_planned_km2", lang): table["planned_area_km2"].round(2),
        t("col_computed_km2", lang): table["area_km2"].round(2),
    })
    for year in (2024, 2025, 2026):
        star = table.get(f"star_{year}", pd.Series("", index=table.index)).fillna("")
        tier = table.get(f"tier_{year}", pd.Series("", index=table.index)).fillna("")
        shown[t("col_target", lang, year=year)] = (star + " " + tier).str.strip()
    st.dataframe(shown, hide_index=True, width="stretch", placeholder=fmt.MISSING)
    if len(dataset.cluster_targets):
        st.markdown(f"#### {t('cluster_table', lang)}")
        wide = dataset.cluster_targets.pivot_table(index=["zone_id", "cluster"], columns="year",
                                                   values="revenue_target_yi", aggfunc="first")
        wide = wide.reset_index()
        wide.insert(0, t("col_zone", lang), wide.pop("zone_id").map(names))
        wide = wide.rename(columns={"cluster": t("col_cluster", lang)})
        wide.columns = [str(c) for c in wide.columns]
        st.dataframe(wide, hide_index=True, width="stretch", placeholder=fmt.MISSING)

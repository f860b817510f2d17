"""The zone view: KPI cards, the map with its parcel layers, the section panel, and the tabs
(section comparison and trends, enterprise evaluation, targets, definitions)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import folium
import pandas as pd
import streamlit as st

from dashboard import access, fmt
from dashboard.i18n import (
    ShownStyle,
    grade_names,
    indicator_help,
    indicator_label,
    indicator_name,
    localize_style,
    t,
    unit_text,
    value_text,
)
from dashboard.map import basemaps, maps, mapview, parceltiles, tools
from dashboard.pages import data, firm_profile, land_tab, parcel_tiles, progress, transitions, zone_tabs
from dashboard.shown_names import name_of, names_of, row_text, shown_value, value_names
from geodata import settings
from zone_layers import classify, confidential, grading, metrics, summary
from zone_layers.indicators import get_indicator
from zone_layers.layers import get_layer, style_parcels

if TYPE_CHECKING:
    from dashboard.export import brief

#: Tall enough to be the page's centre of gravity, short enough to leave the KPIs' last row in view
#: at 1400×1000.
MAP_HEIGHT = 680
#: Parcel layers whose values compare with the sidebar's benchmark (万元/亩): the ``benchmark`` scheme.
BENCHMARK_LAYERS = frozenset({"tax_per_mu"})
#: Layers drawn from the firms' figures (tax, revenue, grade): empty on data without firm tables.
FIRM_FIGURE_LAYERS = frozenset({"tax_per_mu", "revenue_per_mu", "grade"})
#: Session-state key of the open tab below the map (its label).
TABS_KEY = "zone_tab"


def sidebar(lang: str, config: grading.GradingConfig, *, role: str) -> None:
    """The zone view's own controls (their values live in ``st.session_state``). A viewer is not
    offered the layers built from confidential figures."""
    from zone_layers.layers import PARCEL_LAYERS

    st.selectbox(t("year", lang), data.years(), key="year", placeholder=t("choose", lang))
    st.number_input(f"{t('benchmark', lang)}({unit_text('wan_per_mu', lang)})", min_value=0.0, step=0.5,
                    key="benchmark")
    keys = [layer.key for layer in PARCEL_LAYERS if role == "analyst" or not layer.confidential]
    if st.session_state.get("layer") not in keys:
        st.session_state["layer"] = "land_class"
    st.selectbox(t("parcel_layer", lang), keys, key="layer", placeholder=t("choose", lang),
                 format_func=lambda k: t(get_layer(k).term.key, lang))
    layer = get_layer(st.session_state["layer"])
    if layer.key in FIRM_FIGURE_LAYERS and not data.has_firm_figures():  # parcels only: an empty layer
        st.caption(zone_tabs.no_firms_text("layer", lang))
    if layer.kind == "choropleth":
        # classes around the benchmark only where there is one: the per-mu tax
        schemes = [s.key for s in classify.SCHEMES if s.key != "benchmark" or layer.key in BENCHMARK_LAYERS]
        if st.session_state.get("scheme") not in schemes:
            st.session_state["scheme"] = "quantiles"
        st.selectbox(t("scheme", lang), schemes, key="scheme", placeholder=t("choose", lang),
                     format_func=lambda k: t(f"scheme.{k}", lang))
        if st.session_state["scheme"] == "user_defined":
            st.text_input(t("breaks", lang), key="breaks", help=t("breaks_help", lang))
        elif st.session_state["scheme"] == "benchmark":
            st.caption(t("scheme.benchmark_help", lang, shares=" / ".join(
                f"{100 * s:.0f} %" for s in classify.BENCHMARK_SHARES)))
        else:
            st.slider(t("classes", lang), classify.MIN_CLASSES, classify.MAX_CLASSES, key="k")
    if role == "analyst":
        presets = grading.preset_choices(config, lang=lang)
        st.selectbox(t("preset", lang), list(presets), key="preset",
                     placeholder=t("choose", lang), format_func=lambda k: presets[k])


def user_breaks(lang: str, *, warn: bool) -> list[float] | None:
    """The sidebar's breaks (``"5, 11，20"`` -> [5.0, 11.0, 20.0]), or None when they cannot be used:
    not numbers, NaN or infinite, none, or more than ``classify.MAX_BREAKS``; with ``warn``, a
    warning names the offending value and says that quantiles are shown instead."""
    text = str(st.session_state.get("breaks", ""))
    try:
        return list(classify.breaks_from_text(text))
    except classify.BreaksError as exc:
        if warn:
            st.warning(breaks_message(exc, text, lang))
        return None


def breaks_message(exc: classify.BreaksError, text: str, lang: str) -> str:
    """The catalogue text for a :class:`classify.BreaksError` of the breaks ``text``."""
    if exc.code == "empty":
        return t("breaks_invalid", lang, text=text)
    return t(f"breaks_{exc.code}", lang, value=exc.value, limit=exc.limit, classes=exc.limit + 1)


def render(zone_id: str, lang: str, *, illustrative: bool, role: str) -> None:
    """Build the zone view for ``zone_id`` as ``role`` may see it."""
    year = int(st.session_state["year"])
    benchmark = float(st.session_state["benchmark"])
    preset = st.session_state["preset"]
    zv = data.zone_view(zone_id, year=year, benchmark=benchmark, preset=preset, role=role)
    z = zv.summary
    st.subheader(f"{name_of(zv.zone, lang)} · {value_text('level', zv.zone['level'], lang)} · "
                 f"{row_text(zv.zone, 'county', lang)}")
    _kpis(z, lang, year=year, benchmark=benchmark)
    if not len(zv.parcels):
        st.info(t("no_sections", lang))
        return
    _selection_from_table(zv)
    style = _layer_style(zv, lang)
    basemap_key = st.session_state["basemap"]
    shown = data.zone_display(zone_id, year=year, benchmark=benchmark, preset=preset, lang=lang, role=role,
                              basemap_key=basemap_key)

    # a large zone's parcels come as vector tiles (issue 14); not over a GCJ-02 basemap (tiles are WGS84).
    # The tile set is made ready here (a first build shows its progress bar outside the map's cache);
    # the colour lookup and, without tiles, the parcels' payload only when the map is built
    tileable = not basemaps.basemap(basemap_key).gcj02 and len(shown.parcels) >= parceltiles.tile_threshold()
    if tileable:
        parcel_tiles.source(lang)

    def build() -> folium.Map:  # only when the map's content changed (mapview caches it)
        steps = progress.Steps(lang, ["map_draw", "map_tools"])
        steps.at("map_draw", what=t("progress.what_parcels", lang, n=f"{len(shown.parcels):,}"))
        tiled = parcel_tiles.layer_for(shown.parcels, style, lang) if tileable else None
        fmap = maps.zone_map(shown.zone, shown.sections, zv.sections_table, shown.parcels, style=style,
                             features=None if tiled else shown.features, year=year, lang=lang,
                             illustrative=illustrative, tiles=tiled)
        steps.at("map_tools")
        add_basemap_and_tools(fmap, basemap_key, lang, shown.search_index)
        steps.done()
        return fmap

    # the map is the page's centre of gravity: the full content width; the section panel below it
    basemap_note(basemap_key, lang)
    selected = st.session_state.get("parcel_id")
    mapview.show_map(build, key=f"zone-map-{zone_id}-{lang}", height=MAP_HEIGHT,
                     content_key=(shown.key, style_fingerprint(style), illustrative,
                                  basemaps.content_token(basemap_key)),
                     focus=maps.focus(shown.parcels, selected),
                     highlight=firm_profile.highlight(zv, shown.parcels, selected, lang=lang),
                     on_state=lambda state: _selection_from_map(zv, state, lang))
    st.caption(t("map_hint", lang))
    _section_panel(zv, lang, year=year, benchmark=benchmark)
    _national(zv, lang, year=year)
    _brief_export(zv, lang, year=year, benchmark=benchmark, role=role)
    # only the open tab is built and sent (the evaluation table of a large zone alone is ≈ 0.35 MB)
    firm_profile.open_pending_tab(TABS_KEY, lang)  # a click on a firm's parcel opens its profile
    tabs = st.tabs([t("tab_sections", lang), t("tab_evaluation", lang), t("tab_transitions", lang),
                    t("tab_targets", lang), t("formula_help", lang), t("tab_land", lang)], key=TABS_KEY,
                   on_change="rerun")
    with tabs[0]:
        if tabs[0].open:
            zone_tabs.section_comparison(zv, lang, year=year, benchmark=benchmark)
    with tabs[1]:
        if tabs[1].open:
            if not data.has_firm_figures():  # parcels only: nothing to evaluate
                st.info(zone_tabs.no_firms_text("grades", lang))
            elif role == "analyst":
                zone_tabs.evaluation(zv, lang, year=year)
            else:
                st.info(t("analyst_only", lang))
    with tabs[2]:
        if tabs[2].open:
            if data.has_firm_figures():
                transitions.render(zv, lang)
            else:
                st.info(zone_tabs.no_firms_text("grades", lang))
    with tabs[3]:
        if tabs[3].open:
            zone_tabs.targets(zv, lang, year=year, benchmark=benchmark)
    with tabs[4]:
        if tabs[4].open:
            st.dataframe(zone_tabs.definitions(lang), hide_index=True, width="stretch")
    with tabs[5]:
        if tabs[5].open:
            land_tab.render(zv, lang, role=role)


def add_basemap_and_tools(fmap: folium.Map, basemap_key: str, lang: str, index: list[dict]) -> None:
    """The chosen basemap's tiles (when it can be shown: see :func:`basemap_note`) and the map tools."""
    basemaps.add_basemap(fmap, basemap_key, lang=lang)
    tools.add_tools(fmap, lang=lang, search_index=index, gcj02=basemaps.basemap(basemap_key).gcj02)


def basemap_note(basemap_key: str, lang: str) -> None:
    """Why the chosen basemap cannot be shown (Tianditu without a key), on every run (the map itself
    is cached)."""
    note = basemaps.unavailable(basemap_key, lang=lang)
    if note:
        st.info(note)


def style_fingerprint(style: ShownStyle) -> tuple:
    """What of a layer style the map draws: legend and every parcel's colour (part of the map's cache key)."""
    return style.title, tuple(style.legend), style.note, hash(tuple(style.fill))


def _layer_style(zv: data.ZoneView, lang: str) -> ShownStyle:
    layer = get_layer(st.session_state["layer"])
    scheme, breaks, reference = st.session_state["scheme"], None, None
    if layer.kind == "choropleth" and scheme == "user_defined":
        breaks = user_breaks(lang, warn=True)
        if not breaks:
            scheme = "quantiles"
    elif layer.kind == "choropleth" and scheme == "benchmark":  # <50 %, 50–<100 %, … of the benchmark
        reference = zv.benchmark
        breaks = list(classify.benchmark_breaks(reference)) if reference > 0 else None
        if not breaks:
            st.warning(t("scheme.benchmark_zero", lang))
            scheme = "quantiles"
    return localize_style(style_parcels(zv.parcels, layer.key, scheme=scheme, k=int(st.session_state["k"]),
                         breaks=breaks, grades=zv.parcels[["grade"]], low=zv.parcels,
                         grade_names=grade_names(data.grading_config(), zv.preset, lang=lang),
                         grade_colors=grading.GRADE_COLORS, reference=reference,
                         register_status=land_tab.parcel_status(zv, zv.role) if layer.kind == "register" else None),
                          lang)


# --- selection: map click <-> panel and evaluation table ------------------------------------------

def _selection_from_map(zv: data.ZoneView, state: dict | None, lang: str) -> None:
    """A new click on the map selects that parcel and its section."""
    props = parcel_tiles.clicked(maps.clicked_properties(state), lang)
    click = (props.get("parcel_id"), props.get("section_id"), props.get("credit_code"))
    if click == (None, None, None) or click == st.session_state.get("_last_click"):
        return
    st.session_state["_last_click"] = click
    if click[1] is None and click[0] is not None:  # a tiled parcel sends its ID only
        sid = zv.parcels.loc[zv.parcels["parcel_id"].astype(str) == str(click[0]), "section_id"]
        click = (click[0], sid.iloc[0] if len(sid) else None, click[2])
    if click[1] in set(zv.sections["section_id"]):
        st.session_state["section_id"] = click[1]
    if click[0] is not None:
        st.session_state["parcel_id"] = click[0]
        firm_profile.select_from_click(zv, props)  # the firm's profile (analysts)
    st.rerun()  # the whole page: the panel, the table row and the map's focus follow the click


def _selection_from_table(zv: data.ZoneView) -> None:
    """A row chosen in the evaluation table (last run) selects that parcel before the map draws."""
    state = st.session_state.get(zone_tabs.table_key())
    rows = getattr(getattr(state, "selection", None), "rows", None) if state is not None else None
    shown = st.session_state.get("_eval_rows")
    if not rows or shown is None:
        return
    pid = shown[rows[0]] if rows[0] < len(shown) else None
    firm_profile.select_from_table(rows[0])
    if pid and pid != st.session_state.get("parcel_id"):
        st.session_state["parcel_id"] = pid
        sid = zv.parcels.loc[zv.parcels["parcel_id"] == pid, "section_id"]
        if len(sid):
            st.session_state["section_id"] = sid.iloc[0]


# --- blocks ---------------------------------------------------------------------------------

def _kpis(z: dict, lang: str, *, year: int, benchmark: float) -> None:
    declared = t("declared", lang)
    mu = settings.M2_PER_KM2 * settings.M2_PER_MU_DENOMINATOR / settings.M2_PER_MU_NUMERATOR
    first, second = st.columns(3), st.columns(3)
    def plain(col: st.delta_generator.DeltaGenerator, label: str, value: str, delta: str, help_text: str) -> None:
        """An area card: its second line (亩, the declared figure) is a note, not a change."""
        col.metric(label, value, delta=delta, help=help_text, delta_color="off", delta_arrow="off", border=True)

    plain(first[0], f"{t('kpi_planned', lang)}(km²)", fmt.num(z["planned_area_km2"]),
          f"{fmt.num(z['planned_area_km2'] * mu, 0)} {unit_text('mu', lang)}", declared)
    plain(first[1], f"{t('kpi_computed', lang)}(km²)", fmt.num(z["area_km2"]),
          f"{fmt.num(z['area_km2'] * mu, 0)} {unit_text('mu', lang)}", t("about", lang))
    plain(first[2], f"{t('kpi_built', lang)}(km²)", fmt.num(z["built_km2"]),
          f"{declared} {fmt.num(z['declared_built_km2'])} km²", "A1–A6")
    metric(second[0], "industrial_land_ratio", z, lang)
    tax = z["industrial_tax_per_mu"]
    metric(second[1], "industrial_tax_per_mu", z, lang, suffix=f" · {year}",
           delta=None if fmt.is_missing(tax) else f"{tax - benchmark:+.2f} {t('vs_benchmark', lang)} {benchmark:g}")
    metric(second[2], "industrial_investment_intensity_wan_per_mu", z, lang)
    # what the firm figures rest on: the land of the firms that reported them, and how many did
    covered = [f"{indicator_name(k, lang, short=True)}: {coverage_text(k, z, lang)}"
               for k in ("industrial_tax_per_mu", "industrial_investment_intensity_wan_per_mu")
               if coverage_text(k, z, lang)]
    if covered:
        st.caption(t("list_separator", lang).join(covered), help=t("coverage.note", lang))


def coverage_text(key: str, values: dict | pd.Series, lang: str) -> str | None:
    """The coverage of a firm-figure aggregate («覆盖 87 % 工业用地，131/144 家»), the firm counts alone
    where the share is hidden (a viewer's suppressed figure), None for an indicator without one."""
    if key not in metrics.INDICATOR_COVERAGE:
        return None
    prefix, total_column = metrics.INDICATOR_COVERAGE[key]
    share, firms, total = (values.get(c) for c in (f"{prefix}_coverage", f"{prefix}_firms", total_column))
    if fmt.is_missing(firms) or fmt.is_missing(total):
        return None
    counts = {"firms": int(firms), "total": int(total)}  # type: ignore[arg-type]  # checked not missing above
    if fmt.is_missing(share):
        return t("coverage.firms_only", lang, **counts)
    land = t(f"coverage.land.{metrics.COVERAGE[prefix][0]}", lang)
    return t("coverage.text", lang, share=fmt.pct(share, 0), land=land, **counts)


def metric(col: st.delta_generator.DeltaGenerator, key: str, values: dict | pd.Series, lang: str, *,
           suffix: str = "", delta: str | None = None) -> None:
    """One KPI card labelled (with its unit), formatted and explained from the registry (with its
    coverage, for an aggregate of firm figures)."""
    ind = get_indicator(key)
    value = values[key]
    shown = fmt.num(value * 100 if ind.percent and not fmt.is_missing(value) else value, ind.decimals)
    covered = coverage_text(key, values, lang)
    help_text = indicator_help(key, lang) + (f"\n\n{covered}" if covered else "")
    col.metric(indicator_label(key, lang, short=True) + suffix, shown, delta=delta, help=help_text, border=True)


def _value(key: str, value: object, lang: str) -> str:
    ind = get_indicator(key)
    if ind.percent:
        return fmt.pct(value, ind.decimals)
    return f"{fmt.num(value, ind.decimals)} {unit_text(ind.unit, lang)}".strip()


def _section_panel(zv: data.ZoneView, lang: str, *, year: int, benchmark: float) -> None:
    names = names_of(zv.sections, "section_id", lang)
    if st.session_state.get("section_id") not in names:
        st.session_state["section_id"] = next(iter(names))
    # two columns under the full-width map: what the section is, and its indicators (a table wide
    # enough for its values in either language)
    left, right = st.columns([2, 3], gap="medium")
    left.markdown(f"#### {t('section_detail', lang)}")
    sid = left.selectbox(t("choose_section", lang), list(names), key="section_id",
                         placeholder=t("choose", lang), format_func=lambda s: names[s])
    row = zv.sections_table.set_index("section_id").loc[sid]
    left.caption(fmt.esc(shown_value(row["function"], value_names(zv.sections, "function", lang))))
    a, b = left.columns(2)
    a.metric(f"{t('tip_area', lang)}(km²)", fmt.num(row["area_km2"]),
             delta=f"{fmt.num(row['area_mu'], 0)} {unit_text('mu', lang)}", delta_color="off", delta_arrow="off",
             border=True)
    b.metric(t("col_enterprises", lang), int(row["n_enterprises"] or 0), border=True)
    with left:
        _parcel_card(zv, lang)
    keys = ["built_up_rate", "industrial_land_ratio", "far", "building_density", "industrial_tax_per_mu",
            "industrial_investment_intensity_wan_per_mu", "idle_land_rate"]
    rows = [{t("col_indicator", lang): indicator_name(k, lang),
             t("col_value", lang): _value(k, row[k], lang)} for k in keys]
    tax = row["industrial_tax_per_mu"]
    if not fmt.is_missing(tax):
        rows.append({t("col_indicator", lang): f"{t('vs_benchmark', lang)} {benchmark:g} ({year})",
                     t("col_value", lang): f"{tax - benchmark:+.2f} {unit_text('wan_per_mu', lang)}"})
    right.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def _parcel_card(zv: data.ZoneView, lang: str) -> None:
    """The selected parcel pinned: what its tooltip shows, with a way to its firm's profile
    (analysts) and to let it go."""
    pid = st.session_state.get("parcel_id")
    hit = zv.parcels.loc[zv.parcels["parcel_id"] == pid] if isinstance(pid, str) else zv.parcels.iloc[:0]
    if hit.empty:
        return
    rows = maps.parcel_card_rows(hit.iloc[[0]], names_of(zv.sections, "section_id", lang), year=int(st.session_state[
        "year"]), lang=lang, figures=zv.role == "analyst")
    with st.container(border=True, key="parcel_card"):
        st.markdown(f"**{t('card.title', lang, parcel=fmt.esc(pid))}**")
        st.dataframe(pd.DataFrame(rows, columns=[t("col_indicator", lang), t("col_value", lang)]), hide_index=True,
                     width="stretch", height=(len(rows) + 1) * 35 + 3)
        a, b = st.columns(2)
        if firm_profile.selected_firm(zv):  # analysts, on a parcel a firm uses
            a.button(t("card.profile", lang), key="card_profile", type="primary", on_click=_open_profile)
        b.button(t("card.clear", lang), key="card_clear", on_click=_clear_selection)


def _open_profile() -> None:
    """The card's button: the evaluation tab, where the firm's profile is, opens on this run."""
    st.session_state[firm_profile.OPEN_TAB_KEY] = firm_profile.PROFILE_TAB


def _clear_selection() -> None:
    for key in ("parcel_id", firm_profile.FIRM_KEY, firm_profile.FIRM_PARCEL_KEY):
        st.session_state.pop(key, None)


def national_table(zv: data.ZoneView, lang: str) -> pd.DataFrame:
    """The zone's national indicators (开发率, 供应率, 建成率, 综合地均税收, 闲置率) as shown: value, the
    national figure, the land each is measured on and how much of it the data covers."""
    rows = summary.national_indicators(zv.parcels, zv.summary, parcel_area_m2=zv.parcels["area_m2"])
    bases = {item.key: item for item in summary.NATIONAL_INDICATORS}
    out = []
    for row in rows.to_dict("records"):
        key, item = row["indicator"], bases[row["indicator"]]
        classes = " + ".join(c.removesuffix("_m2") for c in item.base)
        base = t("national.base", lang, classes=classes, km2=fmt.num(row["base_m2"] / settings.M2_PER_KM2),
                 share=fmt.pct(row["base_share"], 0))
        if item.flags:
            flags = t("national.flag_join", lang).join(t(f"national.flag.{f}", lang) for f in item.flags)
            covered = t("national.flags", lang, flags=flags, share=fmt.pct(row["flags_known"], 0))
        else:
            covered = coverage_text(key, zv.summary, lang) or t("national.classes", lang)
        out.append({t("col_indicator", lang): indicator_label(key, lang),
                    t("national.col_value", lang): _plain(key, row["value"]),
                    t("national.col_national", lang, year=summary.NATIONAL_YEAR): _plain(key, row["national"]),
                    t("national.col_base", lang): base, t("national.col_coverage", lang): covered})
    return pd.DataFrame(out)


def _plain(key: str, value: object) -> str | None:
    """A value of indicator ``key`` for a column whose label carries the unit; None when missing."""
    if value is None or fmt.is_missing(value):
        return None
    ind = get_indicator(key)
    return fmt.num(float(value) * (100 if ind.percent else 1), ind.decimals)  # type: ignore[arg-type]


def _national(zv: data.ZoneView, lang: str, *, year: int) -> None:
    st.markdown(f"**{t('national.title', lang, year=year)}**")
    table = national_table(zv, lang)
    st.dataframe(table, hide_index=True, width="stretch", placeholder=fmt.MISSING, height=(len(table) + 1) * 35 + 3)
    st.caption(t("national.note", lang, year=summary.NATIONAL_YEAR))


BRIEF_SIZES = {"1920×1080": (1920, 1080), "3840×2160": (3840, 2160), "A4 横向 3508×2480": (3508, 2480)}


def _brief_export(zv: data.ZoneView, lang: str, *, year: int, benchmark: float, role: str) -> None:
    """「导出简报图」: the current view as a print-quality map (PNG, PDF or SVG) to download."""
    with st.expander(t("brief_export", lang)):
        c1, c2 = st.columns(2)
        size = c1.selectbox(t("brief_size", lang), list(BRIEF_SIZES), key="brief_size", placeholder=t("choose", lang))
        suffix = c2.selectbox(t("brief_format", lang), ["png", "pdf", "svg"], key="brief_format",
                              placeholder=t("choose", lang))
        review = st.text_input(t("brief_review", lang), key="brief_review", help=t("brief_review_help", lang))
        breaks = user_breaks(lang, warn=False) if st.session_state["scheme"] == "user_defined" else None
        # what the brief shows: the one made for it is offered again on later runs (a click on the
        # download button reruns the page) until any of this changes
        shown = (zv.zone["zone_id"], st.session_state["layer"], year, benchmark, zv.preset, size, suffix,
                 review, lang, role, st.session_state["scheme"], int(st.session_state["k"]),
                 tuple(breaks or ()), st.session_state.get("basemap", "none"), data.dataset_key())
        if st.button(t("brief_make", lang), key="brief_make"):
            content = _make_brief(zv, lang, year=year, benchmark=benchmark, role=role, size=size,
                                  suffix=suffix, review=review, breaks=breaks)
            st.session_state[BRIEF_KEY] = (shown, content) if content is not None else None
        made = st.session_state.get(BRIEF_KEY)
        if made is None or made[0] != shown:
            return
        mime = {"png": "image/png", "pdf": "application/pdf", "svg": "image/svg+xml"}[suffix]
        st.download_button(t("brief_download", lang), made[1],
                           f"{zv.zone['zone_id']}-{st.session_state['layer']}-{year}.{suffix}", mime=mime,
                           key="brief_download", type="primary")


#: Session-state key of the last brief made: (what it shows, its bytes).
BRIEF_KEY = "_brief_made"


def _make_brief(zv: data.ZoneView, lang: str, *, year: int, benchmark: float, role: str, size: str,
                suffix: str, review: str, breaks: list[float] | None) -> bytes | None:
    """The brief's file, or None after telling why it could not be made."""
    from dashboard.export import brief, tiles  # matplotlib: imported by the first brief, not by every page

    dataset = data.load_dataset()
    if role != "analyst":  # the picture is made from the same redacted figures the viewer sees
        dataset = confidential.redact_dataset(dataset)
    steps = progress.Steps(lang, ["brief_draw", "brief_file"])
    steps.at("brief_draw", size=size)
    try:
        fig = _render_brief_for(dataset, zv, year=year, benchmark=benchmark, size=BRIEF_SIZES[size],
                                review=review, breaks=breaks, lang=lang)
    except (tiles.TileError, ValueError) as exc:  # tiles unreachable, Tianditu key missing
        steps.done()
        st.error(str(exc))
        return None
    steps.at("brief_file", format=suffix.upper())
    content = brief.brief_bytes(fig, suffix)
    steps.done("brief_done", format=suffix.upper())
    if role == "analyst":
        access.record_export(data.audit_log(), view=f"{zv.zone['zone_id']} {st.session_state['layer']} {year}",
                             what=f"brief.{suffix}")
    return content


def _render_brief_for(dataset: data.ZoneDataset, zv: data.ZoneView, *, year: int, benchmark: float,
                      size: tuple[int, int], review: str, breaks: list[float] | None, lang: str) -> brief.BriefFigure:
    """The brief of the current view (layer, classification, preset, basemap)."""
    from dashboard.export import brief

    scheme = st.session_state["scheme"]
    return brief.render_brief(
        dataset, zone_id=zv.zone["zone_id"], layer=st.session_state["layer"], year=year, size=size,
        review_line=review, benchmark=benchmark, preset=zv.preset,
        scheme=scheme if breaks or scheme != "user_defined" else "quantiles", k=int(st.session_state["k"]),
        breaks=breaks, lang=lang, basemap=st.session_state.get("basemap", "none"),
        stamp=access.export_stamp(lang) if zv.role == "analyst" else None,
        as_of=st.session_state.get(land_tab.AS_OF_KEY), register_statuses=land_tab.statuses())



"""The zone view: KPI cards, the map with its parcel layers, the section panel, and the tabs
(section comparison and trends, enterprise evaluation, targets, definitions)."""

from __future__ import annotations

from dataclasses import replace

import folium
import pandas as pd
import streamlit as st
from streamlit.elements.arrow import DataframeStateInput

from dashboard import fmt
from dashboard.export import brief, tables, tiles
from dashboard.i18n import (
    ShownStyle,
    grade_names,
    indicator_help,
    indicator_label,
    indicator_name,
    localize_style,
    met_text,
    reason_text,
    share_missed_texts,
    t,
    target_problem_texts,
    unit_text,
    value_text,
)
from dashboard.map import basemaps, maps, mapview, tools
from dashboard.pages import data, firm_profile, transitions
from geodata import settings
from zone_layers import classify, confidential, grading, metrics, summary
from zone_layers.indicators import INDICATORS, get_indicator
from zone_layers.layers import get_layer, style_parcels

MAP_HEIGHT = 580
#: Session-state key of the open tab below the map (its label).
TABS_KEY = "zone_tab"
#: Sections' comparison columns, from the indicator registry.
SECTION_KEYS = ["industrial_land_ratio", "built_up_rate", "far", "industrial_tax_per_mu",
                "industrial_investment_intensity_wan_per_mu", "idle_land_rate"]


def sidebar(lang: str, config: grading.GradingConfig, *, role: str) -> None:
    """The zone view's own controls (their values live in ``st.session_state``). A viewer is not
    offered the layers built from confidential figures."""
    from zone_layers.layers import PARCEL_LAYERS

    st.selectbox(t("year", lang), data.years(), key="year")
    st.number_input(f"{t('benchmark', lang)}({unit_text('wan_per_mu', lang)})", min_value=0.0, step=0.5,
                    key="benchmark")
    keys = [layer.key for layer in PARCEL_LAYERS if role == "analyst" or not layer.confidential]
    if st.session_state.get("layer") not in keys:
        st.session_state["layer"] = "land_class"
    st.selectbox(t("parcel_layer", lang), keys, key="layer",
                 format_func=lambda k: t(get_layer(k).term.key, lang))
    layer = get_layer(st.session_state["layer"])
    if layer.kind == "choropleth":
        st.selectbox(t("scheme", lang), [s.key for s in classify.SCHEMES], key="scheme",
                     format_func=lambda k: t(f"scheme.{k}", lang))
        if st.session_state["scheme"] == "user_defined":
            st.text_input(t("breaks", lang), key="breaks", help=t("breaks_help", lang))
        else:
            st.slider(t("classes", lang), classify.MIN_CLASSES, classify.MAX_CLASSES, key="k")
    if role == "analyst":
        presets = grading.preset_choices(config, lang=lang)
        st.selectbox(t("preset", lang), list(presets), key="preset", format_func=lambda k: presets[k])


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
    st.subheader(f"{z['name']} · {value_text('level', zv.zone['level'], lang)} · {zv.zone['county']}")
    _kpis(z, lang, year=year, benchmark=benchmark)
    if not len(zv.parcels):
        st.info(t("no_sections", lang))
        return
    _selection_from_table(zv)
    style = _layer_style(zv, lang)
    basemap_key = st.session_state["basemap"]
    shown = data.zone_display(zone_id, year=year, benchmark=benchmark, preset=preset, lang=lang, role=role,
                              basemap_key=basemap_key)
    left, right = st.columns([7, 3], gap="medium")
    with left:
        def build() -> folium.Map:
            fmap = maps.zone_map(shown.zone, shown.sections, zv.sections_table, shown.parcels, style=style,
                                 features=shown.features, year=year, lang=lang, illustrative=illustrative)
            add_basemap_and_tools(fmap, basemap_key, lang, shown.search_index)
            return fmap

        basemap_note(basemap_key, lang)
        selected = st.session_state.get("parcel_id")
        mapview.show_map(build, key=f"zone-map-{zone_id}-{lang}", height=MAP_HEIGHT,
                         content_key=(shown.key, style_fingerprint(style), illustrative,
                                      basemaps.content_token(basemap_key)),
                         focus=maps.focus(shown.parcels, selected),
                         highlight=firm_profile.highlight(zv, shown.parcels, selected, lang=lang),
                         on_state=lambda state: _selection_from_map(zv, state))
        st.caption(t("map_hint", lang))
        _brief_export(zv, lang, year=year, benchmark=benchmark, role=role)
    with right:
        _section_panel(zv, lang, year=year, benchmark=benchmark)
    # only the open tab is built and sent (the evaluation table of a large zone alone is ≈ 0.35 MB)
    firm_profile.open_pending_tab(TABS_KEY, lang)  # a click on a firm's parcel opens its profile
    tabs = st.tabs([t("tab_sections", lang), t("tab_evaluation", lang), t("tab_transitions", lang),
                    t("tab_targets", lang), t("formula_help", lang)], key=TABS_KEY, on_change="rerun")
    with tabs[0]:
        if tabs[0].open:
            _section_comparison(zv, lang, year=year, benchmark=benchmark)
    with tabs[1]:
        if tabs[1].open:
            if role == "analyst":
                _evaluation(zv, lang, year=year)
            else:
                st.info(t("analyst_only", lang))
    with tabs[2]:
        if tabs[2].open:
            transitions.render(zv, lang)
    with tabs[3]:
        if tabs[3].open:
            _targets(zv, lang, year=year, benchmark=benchmark)
    with tabs[4]:
        if tabs[4].open:
            st.dataframe(_definitions(lang), hide_index=True, width="stretch")


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
    scheme, breaks = st.session_state["scheme"], None
    if layer.kind == "choropleth" and scheme == "user_defined":
        breaks = user_breaks(lang, warn=True)
        if not breaks:
            scheme = "quantiles"
    return localize_style(style_parcels(zv.parcels, layer.key, scheme=scheme, k=int(st.session_state["k"]),
                         breaks=breaks, grades=zv.parcels[["grade"]], low=zv.parcels,
                         grade_names=grade_names(data.grading_config(), zv.preset, lang=lang),
                         grade_colors=grading.GRADE_COLORS), lang)


# --- selection: map click <-> panel and evaluation table ------------------------------------------

def _selection_from_map(zv: data.ZoneView, state: dict | None) -> None:
    """A new click on the map selects that parcel and its section."""
    props = maps.clicked_properties(state)
    click = (props.get("parcel_id"), props.get("section_id"), props.get("credit_code"))
    if click == (None, None, None) or click == st.session_state.get("_last_click"):
        return
    st.session_state["_last_click"] = click
    if click[1] in set(zv.sections["section_id"]):
        st.session_state["section_id"] = click[1]
    if click[0] is not None:
        st.session_state["parcel_id"] = click[0]
        firm_profile.select_from_click(zv, props)  # the firm's profile (analysts)
    st.rerun()  # the whole page: the panel, the table row and the map's focus follow the click


def _table_key() -> str:
    return f"eval-table-{st.session_state.get('parcel_id')}"


def _selection_from_table(zv: data.ZoneView) -> None:
    """A row chosen in the evaluation table (last run) selects that parcel before the map draws."""
    state = st.session_state.get(_table_key())
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
    names = dict(zip(zv.sections["section_id"], zv.sections["name"], strict=True))
    if st.session_state.get("section_id") not in names:
        st.session_state["section_id"] = next(iter(names))
    st.markdown(f"#### {t('section_detail', lang)}")
    sid = st.selectbox(t("choose_section", lang), list(names), key="section_id", format_func=lambda s: names[s])
    row = zv.sections_table.set_index("section_id").loc[sid]
    st.caption(fmt.esc(row["function"]))
    a, b = st.columns(2)
    a.metric(f"{t('tip_area', lang)}(km²)", fmt.num(row["area_km2"]),
             delta=f"{fmt.num(row['area_mu'], 0)} {unit_text('mu', lang)}", delta_color="off", delta_arrow="off",
             border=True)
    b.metric(t("col_enterprises", lang), int(row["n_enterprises"] or 0), border=True)
    keys = ["built_up_rate", "industrial_land_ratio", "far", "building_density", "industrial_tax_per_mu",
            "industrial_investment_intensity_wan_per_mu", "idle_land_rate"]
    rows = [{t("col_indicator", lang): indicator_name(k, lang),
             t("col_value", lang): _value(k, row[k], lang)} for k in keys]
    tax = row["industrial_tax_per_mu"]
    if not fmt.is_missing(tax):
        rows.append({t("col_indicator", lang): f"{t('vs_benchmark', lang)} {benchmark:g} ({year})",
                     t("col_value", lang): f"{tax - benchmark:+.2f} {unit_text('wan_per_mu', lang)}"})
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def _section_comparison(zv: data.ZoneView, lang: str, *, year: int, benchmark: float) -> None:
    table = zv.sections_table
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
    for key in SECTION_KEYS:
        ind = get_indicator(key)
        label = indicator_label(key, lang, short=True)
        shown[label] = table[key] * (100 if ind.percent else 1)
        config[label] = st.column_config.NumberColumn(format=f"%.{ind.decimals}f", help=indicator_help(key, lang))
        if key in metrics.INDICATOR_COVERAGE:  # its coverage beside it: share of the land, firms reporting
            prefix, total = metrics.INDICATOR_COVERAGE[key]
            name = indicator_name(key, lang, short=True)
            share_label = t("coverage.col", lang, name=name)
            firms_label = t("coverage.col_firms", lang, name=name)
            shown[share_label] = table[f"{prefix}_coverage"] * 100
            shown[firms_label] = [None if fmt.is_missing(n) or fmt.is_missing(m) else f"{int(n)}/{int(m)}"
                                  for n, m in zip(table[f"{prefix}_firms"], table[total], strict=True)]
            config[share_label] = st.column_config.NumberColumn(format="%.0f", help=t("coverage.note", lang))
    # numbers stay numbers (sortable); missing values show as — (never 0, never "None")
    st.dataframe(shown, hide_index=True, width="stretch", column_config=config, placeholder=fmt.MISSING)
    download_table(shown, f"{zv.zone['zone_id']}-sections-{year}", lang)
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('chart_title', lang)}** ({year})")
        chart = pd.DataFrame({"section": table["name"], "value": table["industrial_tax_per_mu"]})
        st.vega_lite_chart(chart, {
            "height": 260,
            "layer": [
                {"mark": {"type": "bar", "color": "#1f5f8b"},
                 "encoding": {"x": {"field": "section", "type": "nominal", "sort": "-y", "title": None,
                                    "axis": {"labelAngle": 0}},
                              "y": {"field": "value", "type": "quantitative", "title": unit_text("wan_per_mu", lang)},
                              "tooltip": [{"field": "section", "type": "nominal"},
                                          {"field": "value", "type": "quantitative", "format": ".2f"}]}},
                {"mark": {"type": "rule", "color": "#d55e00", "strokeDash": [6, 4], "size": 2},
                 "encoding": {"y": {"datum": benchmark, "type": "quantitative"}}},
            ]}, width="stretch")
    with right:
        _trend(zv, lang, year=year)


def _trend(zv: data.ZoneView, lang: str, *, year: int) -> None:
    """Any dated indicator of each section over the years of the data (selector ``trend_indicator``),
    and the like-for-like growth of its figure into ``year`` (the firms reporting in both years)."""
    st.markdown(f"**{t('trend.title', lang)}**")
    keys = list(summary.DATED_INDICATORS)
    if st.session_state.get("trend_indicator") not in keys:
        st.session_state["trend_indicator"] = keys[0]
    key = st.selectbox(t("trend.indicator", lang), keys, key="trend_indicator",
                       format_func=lambda k: indicator_name(k, lang))
    ind = get_indicator(key)
    spec = line_chart("year", key, unit_text(ind.unit, lang), series="name")
    if key in metrics.INDICATOR_COVERAGE:  # each point says how much land and how many firms it covers
        prefix, _ = metrics.INDICATOR_COVERAGE[key]
        spec["encoding"]["tooltip"] += [{"field": f"{prefix}_coverage", "type": "quantitative", "format": ".0%"},
                                        {"field": f"{prefix}_firms", "type": "quantitative"}]
    st.vega_lite_chart(zv.trend, spec, width="stretch")
    years = [y for y in data.years() if y < year]
    if not years:
        return
    figure, land = summary.DATED_INDICATORS[key]
    firms = data.firms()
    codes = summary.firms_on(firms, zv.parcels, land=land)
    fy = firms.firm_years.loc[firms.firm_years["credit_code"].isin(codes)]
    change = summary.growth(fy, figure, years[-1], year)
    row = change.loc["all"] if "all" in change.index else None
    span = {"year_from": years[-1], "year_to": year}
    if row is None or row["n_firms"] < confidential.MIN_FIRMS:
        st.caption(t("trend.growth_hidden", lang, min=confidential.MIN_FIRMS, **span))
    else:
        st.caption(t("trend.growth", lang, n=int(row["n_firms"]), growth=fmt.pct(row["growth"], 1), **span))


def _evaluation(zv: data.ZoneView, lang: str, *, year: int) -> None:
    """The firms using the zone's land, one row each (a firm on several parcels is one firm), graded
    for ``year``; choosing a row selects the firm's largest parcel here."""
    firms = zv.firms
    if firms.empty:
        return
    names = grade_names(data.grading_config(), zv.preset, lang=lang)
    if len(zv.class_targets):  # a class that missed its quota (ties at its boundary) says so
        tie_rule = data.grading_config().preset(zv.preset).tie_rule
        for text in share_missed_texts(zv.class_targets, names=names, tie_rule=tie_rule, lang=lang):
            st.warning(text)
    counts = grading.grade_summary(firms)["count"]
    counts = counts[[g for g in counts.index if g in names]]  # only the preset's own grades
    cols = st.columns(len(counts))
    for col, (grade, n) in zip(cols, counts.items(), strict=True):
        col.metric(names.get(grade, grade), int(n), border=True)
    f1, f2, f3 = st.columns(3)
    grades = f1.multiselect(t("filter_grade", lang), list(counts.index), key="f_grade",
                            format_func=lambda g: names.get(g, g))
    section_names = dict(zip(zv.sections["section_id"], zv.sections["name"], strict=True))
    sections = f2.multiselect(t("filter_section", lang), list(section_names), key="f_section",
                              format_func=lambda s: section_names[s])
    industries = f3.multiselect(t("filter_industry", lang), sorted(firms["industry"].dropna().unique()),
                                key="f_industry")
    view = firms
    if grades:
        view = view.loc[view["grade"].isin(grades)]
    if sections:
        view = view.loc[view["section_id"].isin(sections)]
    if industries:
        view = view.loc[view["industry"].isin(industries)]
    reasons = [reason_text(r if isinstance(r, dict) else g, lang)
               for r, g in zip(view["reason"], view["grade_reason"], strict=True)]
    table = pd.DataFrame({
        t("col_credit_code", lang): view["credit_code"],
        t("tip_enterprise", lang): view["name"],
        t("tip_industry", lang): view["industry"],
        t("col_section", lang): view["section_id"].map(section_names),
        t("col_area_mu", lang): view["land_mu"],
        f"{indicator_label('tax_per_mu', lang)} {year}": view["tax_per_mu"],
        t("col_gap", lang): view["tax_per_mu"] - zv.benchmark,
        indicator_label("revenue_per_mu", lang): view["revenue_per_mu"],
        indicator_label("investment_intensity", lang): view["investment_intensity"],
        indicator_label("floor_area_ratio", lang): view["floor_area_ratio"],
        t("col_score", lang): view["score"],
        t("tip_grade", lang): view["grade"].map(lambda g: names.get(g, g)),
        t("col_grade_reason", lang): reasons,
    })
    number = st.column_config.NumberColumn(format="%.2f")
    config = {c: number for c in table.columns[4:11]}
    config[t("col_area_mu", lang)] = st.column_config.NumberColumn(format="%.1f")
    st.session_state["_eval_rows"] = list(view["parcel_id"])
    st.session_state["_eval_firms"] = list(view["credit_code"])  # the profile's firm (firm_profile)
    selected = st.session_state.get("parcel_id")
    default: DataframeStateInput | None = (
        {"selection": {"rows": [list(view["parcel_id"]).index(selected)]}}
        if selected in set(view["parcel_id"]) else None)
    st.dataframe(table, hide_index=True, width="stretch", column_config=config, placeholder=fmt.MISSING,
                 key=_table_key(), on_select="rerun", selection_mode="single-row", selection_default=default)
    st.caption(t("evaluation_hint", lang, n=len(view), total=len(firms)))
    download_table(table, f"{zv.zone['zone_id']}-evaluation-{year}", lang)
    if isinstance(selected, str) and selected in set(zv.parcels["parcel_id"]):
        _parcel_trend(zv, selected, lang)
    firm_profile.render(zv, lang)


def _parcel_trend(zv: data.ZoneView, parcel_id: str, lang: str) -> None:
    row = zv.parcels.loc[zv.parcels["parcel_id"] == parcel_id].iloc[0]
    trend = summary.parcel_trend(row)
    who = parcel_id if fmt.is_missing(row["enterprise"]) else row["enterprise"]
    st.markdown(f"**{t('parcel_trend', lang)}: {fmt.esc(who)}**")
    if trend["tax_per_mu"].notna().any():
        st.vega_lite_chart(trend, line_chart("year", "tax_per_mu", indicator_label("tax_per_mu", lang),
                                             height=200, extra_tooltip=("tax_wan", ",.1f")), width="stretch")
    else:
        st.caption(t("no_tax_data", lang))


def line_chart(x: str, y: str, y_title: str, *, series: str | None = None, height: int = 260,
               extra_tooltip: tuple[str, str] | None = None) -> dict:
    """A Vega-Lite line chart with points: ``y`` by year ``x``, one line per ``series``.

    Written as a plain spec (not with altair, whose schema validation costs ≈ 25 ms per chart on
    every rerun)."""
    tooltip = [{"field": x, "type": "ordinal"}, {"field": y, "type": "quantitative", "format": ".2f"}]
    encoding: dict = {"x": {"field": x, "type": "ordinal", "title": None},
                      "y": {"field": y, "type": "quantitative", "title": y_title}}
    mark: dict = {"type": "line", "point": True}
    if series:
        encoding["color"] = {"field": series, "type": "nominal", "title": None, "legend": {"orient": "bottom"}}
        tooltip.insert(0, {"field": series, "type": "nominal"})
    else:
        mark["color"] = "#1f5f8b"
    if extra_tooltip:
        tooltip.append({"field": extra_tooltip[0], "type": "quantitative", "format": extra_tooltip[1]})
    encoding["tooltip"] = tooltip
    return {"height": height, "mark": mark, "encoding": encoding}


def _targets(zv: data.ZoneView, lang: str, *, year: int, benchmark: float) -> None:
    dataset = data.load_dataset()
    zone_id = zv.zone["zone_id"]
    tax = zv.summary["industrial_tax_per_mu"]
    a, b = st.columns(2)
    a.metric(t("target_tax", lang), f"{fmt.num(tax)} / {benchmark:g}",
             delta=None if fmt.is_missing(tax) else f"{tax - benchmark:+.2f} {unit_text('wan_per_mu', lang)}",
             border=True, help=t("target_tax_help", lang, year=dataset.target_years[-1] if dataset.target_years
                                 else fmt.MISSING))
    tiers = dataset.zone_targets.loc[dataset.zone_targets["zone_id"] == zone_id].sort_values("year")
    shown = [f"{int(r.year)}: {maps.targets_text(r.star, r.tier, lang)}".strip() for r in tiers.itertuples()]
    b.metric(t("tip_targets", lang), shown[-1] if shown else fmt.MISSING,
             help=t("list_separator", lang).join(shown) or None, border=True)
    _indicator_targets(dataset.targets, zv, lang, year=year)
    gaps = zv.cluster_gaps
    if len(gaps):
        st.markdown(f"**{t('cluster_gap_title', lang)}**")
        final = int(gaps["final_year"].max())
        targets = [c for c in gaps.columns if c.startswith("target_")]
        st.dataframe(gaps.drop(columns=["n_firms", "final_year"], errors="ignore").rename(columns={
            "cluster": t("col_cluster", lang), "revenue_yi": t("col_revenue_now", lang),
            **{c: t("col_target_yi", lang, year=c.removeprefix("target_")) for c in targets},
            "gap": t("col_gap_final", lang, year=final)}), hide_index=True, width="stretch", placeholder=fmt.MISSING)
        st.caption(t("cluster_gap_note", lang))


def _indicator_targets(targets: pd.DataFrame, zv: data.ZoneView, lang: str, *, year: int) -> None:
    """The zone's indicator targets of the data (table ``targets``) against its figures of ``year``
    as this viewer sees them (a suppressed figure leaves its current value and gap blank), and
    every row of the table that is not used as it stands."""
    for text in target_problem_texts(summary.target_problems(targets), summary.target_indicators(), lang):
        st.warning(text)
    rows = summary.indicator_targets(targets, zv.summary, zone_id=zv.zone["zone_id"], year=year)
    st.markdown(f"**{t('indicator_targets.title', lang, year=year)}**")
    if not len(rows):
        st.caption(t("indicator_targets.none", lang))
        return
    table = pd.DataFrame({
        t("col_indicator", lang): [indicator_label(k, lang) for k in rows["indicator"]],
        t("target_year", lang): rows["target_year"].astype(int).to_numpy(),
        t("indicator_targets.col_target", lang): [target_number(k, v) for k, v in zip(rows["indicator"],
                                                                                     rows["target"], strict=True)],
        t("indicator_targets.col_current", lang, year=year): [
            target_number(k, v) for k, v in zip(rows["indicator"], rows["current"], strict=True)],
        t("indicator_targets.col_gap", lang): [target_number(k, v, sign=True)
                                               for k, v in zip(rows["indicator"], rows["gap"], strict=True)],
        t("indicator_targets.col_met", lang): [met_text(m, lang) for m in rows["met"]],
    })
    st.dataframe(table, hide_index=True, width="stretch", placeholder=fmt.MISSING)
    lower = t("list_separator", lang).join(indicator_name(ind.key, lang) for ind in INDICATORS
                                           if ind.level == "zone" and ind.better == "lower")
    st.caption(t("indicator_targets.note", lang, lower=lower))


def target_number(key: str, value: float | None, *, sign: bool = False) -> str:
    """A target, current value or gap of indicator ``key`` as shown beside its label (which carries
    the unit): percent indicators ×100, the registry's decimals, — when missing."""
    if value is None or fmt.is_missing(value):
        return fmt.MISSING
    ind = get_indicator(key)
    number = float(value) * (100 if ind.percent else 1)
    return f"{number:{'+' if sign else ''},.{ind.decimals}f}"


def download_table(table: pd.DataFrame, stem: str, lang: str) -> None:
    """XLSX and CSV download buttons for a table as shown (units are already in its headers)."""
    a, b, _ = st.columns([1, 1, 4])
    # the files are built only when a button is clicked, not on every rerun
    a.download_button(t("download_xlsx", lang), lambda: tables.to_xlsx_bytes({stem[:31]: table}), f"{stem}.xlsx",
                      mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"x-{stem}")
    b.download_button(t("download_csv", lang), lambda: tables.to_csv_bytes(table), f"{stem}.csv",
                      mime="text/csv", key=f"c-{stem}")


BRIEF_SIZES = {"1920×1080": (1920, 1080), "3840×2160": (3840, 2160), "A4 横向 3508×2480": (3508, 2480)}


def _brief_export(zv: data.ZoneView, lang: str, *, year: int, benchmark: float, role: str) -> None:
    """「导出简报图」: the current view as a print-quality map (PNG, PDF or SVG) to download."""
    with st.expander(t("brief_export", lang)):
        c1, c2 = st.columns(2)
        size = c1.selectbox(t("brief_size", lang), list(BRIEF_SIZES), key="brief_size")
        suffix = c2.selectbox(t("brief_format", lang), ["png", "pdf", "svg"], key="brief_format")
        review = st.text_input(t("brief_review", lang), key="brief_review", help=t("brief_review_help", lang))
        if not st.button(t("brief_make", lang), key="brief_make"):
            return
        dataset = data.load_dataset()
        if role != "analyst":  # the picture is made from the same redacted figures the viewer sees
            dataset = replace(dataset, parcels=confidential.redact(dataset.parcels))
        breaks = user_breaks(lang, warn=False) if st.session_state["scheme"] == "user_defined" else None
        with st.spinner(t("brief_working", lang)):
            try:
                fig = _render_brief_for(dataset, zv, year=year, benchmark=benchmark, size=BRIEF_SIZES[size],
                                        review=review, breaks=breaks, lang=lang)
            except (tiles.TileError, ValueError) as exc:  # tiles unreachable, Tianditu key missing
                st.error(str(exc))
                return
            content = brief.brief_bytes(fig, suffix)
        mime = {"png": "image/png", "pdf": "application/pdf", "svg": "image/svg+xml"}[suffix]
        st.download_button(t("brief_download", lang), content,
                           f"{zv.zone['zone_id']}-{st.session_state['layer']}-{year}.{suffix}", mime=mime,
                           key="brief_download", type="primary")


def _render_brief_for(dataset: data.ZoneDataset, zv: data.ZoneView, *, year: int, benchmark: float,
                      size: tuple[int, int], review: str, breaks: list[float] | None, lang: str) -> brief.BriefFigure:
    """The brief of the current view (layer, classification, preset, basemap)."""
    scheme = st.session_state["scheme"]
    return brief.render_brief(
        dataset, zone_id=zv.zone["zone_id"], layer=st.session_state["layer"], year=year, size=size,
        review_line=review, benchmark=benchmark, preset=zv.preset,
        scheme=scheme if breaks or scheme != "user_defined" else "quantiles", k=int(st.session_state["k"]),
        breaks=breaks, lang=lang, basemap=st.session_state.get("basemap", "none"))


def _definitions(lang: str) -> pd.DataFrame:
    """The indicator registry as a table: name, unit, formula, source (words from the catalogue)."""
    return pd.DataFrame([{
        t("col_indicator", lang): indicator_name(ind.key, lang),
        t("col_unit", lang): unit_text(ind.unit, lang),
        t("col_formula", lang): t(f"indicator.{ind.key}.formula", lang),
        t("col_source", lang): t(f"indicator.{ind.key}.source", lang),
    } for ind in INDICATORS])

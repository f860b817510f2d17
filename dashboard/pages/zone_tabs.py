"""The tabs under the zone map: section comparison and trends, enterprise evaluation, targets and
definitions, with the tables' downloads and the line charts they share."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st
from streamlit.elements.arrow import DataframeStateInput

from dashboard import access, fmt
from dashboard.export import tables
from dashboard.i18n import (
    grade_names,
    indicator_label,
    indicator_name,
    met_text,
    reason_text,
    share_missed_texts,
    t,
    target_problem_texts,
    unit_text,
)
from dashboard.map import maps
from dashboard.pages import data, firm_profile
from dashboard.shown_names import names_of, shown_value, value_names
from geodata import schema, settings
from zone_layers import disclosure, grading, metrics, summary, target_gaps
from zone_layers.indicators import INDICATORS, get_indicator

#: Sections' comparison columns, from the indicator registry.
SECTION_KEYS = ["industrial_land_ratio", "built_up_rate", "far", "industrial_tax_per_mu",
                "industrial_investment_intensity_wan_per_mu", "idle_land_rate"]


def table_key() -> str:
    """The evaluation table's widget key: new when the selected parcel changes, so its selection follows."""
    return f"eval-table-{st.session_state.get('parcel_id')}"


def no_firms_text(key: str, lang: str) -> str:
    """The catalogue's ``nofirms.<key>`` sentence naming the firm tables the data lacks
    (:func:`dashboard.pages.data.missing_firm_tables`), for data of parcels only."""
    names = [t("nofirms.table", lang, layer=name, name=schema.LAYERS[name][0]) for name in data.missing_firm_tables()]
    return t(f"nofirms.{key}", lang, tables=t("nofirms.list_sep", lang).join(names or data.FIRM_TABLES))


def section_comparison(zv: data.ZoneView, lang: str, *, year: int, benchmark: float) -> None:
    """The sections side by side (with coverage of the firm figures), the ranking chart and the trends."""
    table = zv.sections_table
    section_names = table["section_id"].map(names_of(zv.sections, "section_id", lang)).fillna(table["name"])
    shown = pd.DataFrame({
        t("col_section", lang): section_names,
        t("col_area_km2", lang): table["area_km2"],
        t("col_area_mu", lang): table["area_mu"].round(0),
        t("col_built_km2", lang): table["built_km2"],
        t("col_enterprises", lang): table["n_enterprises"].fillna(0).astype(int),
    })
    digits = {t("col_area_km2", lang): 2, t("col_area_mu", lang): 0, t("col_built_km2", lang): 2,
              t("col_enterprises", lang): 0}
    for key in SECTION_KEYS:
        ind = get_indicator(key)
        label = indicator_label(key, lang, short=True)
        shown[label] = table[key] * (100 if ind.percent else 1)
        digits[label] = ind.decimals
        if key in metrics.INDICATOR_COVERAGE:  # its coverage beside it: share of the land, firms reporting
            prefix, total = metrics.INDICATOR_COVERAGE[key]
            name = indicator_name(key, lang, short=True)
            share_label = t("coverage.col", lang, name=name)
            firms_label = t("coverage.col_firms", lang, name=name)
            shown[share_label] = table[f"{prefix}_coverage"] * 100
            shown[firms_label] = [None if fmt.is_missing(n) or fmt.is_missing(m) else f"{int(n)}/{int(m)}"
                                  for n, m in zip(table[f"{prefix}_firms"], table[total], strict=True)]
            digits[share_label] = 0
    # turned for reading (one row per figure with its unit, one column per section): all of it fits
    # the page's width in either language; missing values show as — (never 0, never "None")
    turned = by_figure(shown, digits, lang)
    st.dataframe(turned, hide_index=True, width="stretch", placeholder=fmt.MISSING,
                 height=full_height(len(turned)), column_config={  # the figures' labels in full
                     t("col_indicator", lang): st.column_config.TextColumn(width=LABEL_WIDTH, pinned=True)})
    st.caption(t("sections_table_note", lang))
    if zv.role != "analyst" and data.protection(str(zv.zone["zone_id"]), year).hidden:
        rules = data.disclosure_rules()  # a viewer is told why some figures show as —
        st.caption(t("disclosure_note", lang, n=rules.min_firms, share=f"{rules.dominance * 100:g}"))
    # the files keep one row per section with numbers as numbers (for sorting and sums)
    download_table(shown, f"{zv.zone['zone_id']}-sections-{year}", lang)
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('chart_title', lang)}** ({year})")
        chart = pd.DataFrame({"section": section_names, "value": table["industrial_tax_per_mu"]})
        # bars across: every section's name is read in full, however long (English names are)
        st.vega_lite_chart(chart, {
            "height": 260,
            "layer": [
                {"mark": {"type": "bar", "color": "#1f5f8b"},
                 "encoding": {"y": {"field": "section", "type": "nominal", "sort": "-x", "title": None,
                                    "axis": {"labelLimit": 0}},
                              "x": {"field": "value", "type": "quantitative", "title": unit_text("wan_per_mu", lang)},
                              "tooltip": [{"field": "section", "type": "nominal"},
                                          {"field": "value", "type": "quantitative", "format": ".2f"}]}},
                {"mark": {"type": "rule", "color": "#d55e00", "strokeDash": [6, 4], "size": 2},
                 "encoding": {"x": {"datum": benchmark, "type": "quantitative"}}},
            ]}, width="stretch")
    with right:
        _trend(zv, lang, year=year, benchmark=benchmark)


def by_figure(shown: pd.DataFrame, digits: dict[str, int], lang: str) -> pd.DataFrame:
    """A table of one row per item (its first column names it) turned into one row per figure: the
    first column the figure's label, then one column per item, each value written with the figure's
    ``digits`` (thousands separated) or as it is (text), missing ones left empty."""
    def cell(value: object, label: str) -> str | None:
        if fmt.is_missing(value):
            return None
        if label in digits and not isinstance(value, str):
            return f"{float(value):,.{digits[label]}f}"  # type: ignore[arg-type]  # a number here
        return str(value)

    items = [str(v) for v in shown.iloc[:, 0]]
    rows = [[label, *(cell(v, label) for v in shown[label])] for label in shown.columns[1:]]
    return pd.DataFrame(rows, columns=[t("col_indicator", lang), *items])


#: Pixel width of a table's first column of figure labels: the longest English one in full.
LABEL_WIDTH = 230


def full_height(rows: int) -> int:
    """The pixel height of a ``st.dataframe`` that shows ``rows`` rows and its header without scrolling
    (Streamlit's rows are 35 px, plus a 3 px border)."""
    return (rows + 1) * 35 + 3


def trend_reference(key: str, benchmark: float, lang: str) -> tuple[float, str] | None:
    """The line a trend of indicator ``key`` is read against, with its caption: the sidebar's
    benchmark for the industrial tax per area (万元/亩, ×15 per 公顷), the national figure where the
    national evaluation has one (综合地均税收), else None."""
    unit = unit_text(get_indicator(key).unit, lang)
    if key == "industrial_tax_per_mu":
        return benchmark, t("trend.ref.benchmark", lang, value=f"{benchmark:g}", unit=unit)
    if key == "industrial_tax_per_ha":
        per_ha = benchmark * settings.M2_PER_MU_DENOMINATOR  # 1 公顷 = 15 亩
        return per_ha, t("trend.ref.benchmark", lang, value=f"{per_ha:g}", unit=unit)
    national = {item.key: item.national for item in summary.NATIONAL_INDICATORS}.get(key)
    if national is not None:
        return national, t("trend.ref.national", lang, year=summary.NATIONAL_YEAR, value=f"{national:g}", unit=unit)
    return None


def with_yoy(trend: pd.DataFrame, key: str) -> pd.DataFrame:
    """``trend`` (one row per section and year) with ``yoy``: each section's change of ``key`` on its
    previous year in the data (a fraction; missing for its first year or a missing figure)."""
    ordered = trend.sort_values(["section_id", "year"])
    before = ordered.groupby("section_id")[key].shift(1)
    yoy = (ordered[key] - before) / before.where(before != 0)
    return trend.assign(yoy=yoy.reindex(trend.index))


def _trend(zv: data.ZoneView, lang: str, *, year: int, benchmark: float) -> None:
    """Any dated indicator of each section over the years of the data (selector ``trend_indicator``)
    against its benchmark or national figure, each point with its change on the year before, and
    the like-for-like growth of its figure into ``year`` (the firms reporting in both years)."""
    st.markdown(f"**{t('trend.title', lang)}**")
    keys = list(summary.DATED_INDICATORS)
    if st.session_state.get("trend_indicator") not in keys:
        st.session_state["trend_indicator"] = keys[0]
    key = st.selectbox(t("trend.indicator", lang), keys, key="trend_indicator", placeholder=t("choose", lang),
                       format_func=lambda k: indicator_name(k, lang))
    ind = get_indicator(key)
    spec = line_chart("year", key, unit_text(ind.unit, lang), series="name")
    # the tooltip in the page's language: section, year, value, change on the year before, coverage
    spec["encoding"]["tooltip"] = [
        {"field": "name", "type": "nominal", "title": t("trend.section", lang)},
        {"field": "year", "type": "ordinal", "title": t("trend.year", lang)},
        {"field": key, "type": "quantitative", "format": f",.{ind.decimals}f", "title": indicator_label(key, lang)},
        {"field": "yoy", "type": "quantitative", "format": "+.1%", "title": t("trend.yoy", lang)}]
    if key in metrics.INDICATOR_COVERAGE:  # each point says how much land and how many firms it covers
        prefix, _ = metrics.INDICATOR_COVERAGE[key]
        spec["encoding"]["tooltip"] += [
            {"field": f"{prefix}_coverage", "type": "quantitative", "format": ".0%",
             "title": t("trend.coverage", lang)},
            {"field": f"{prefix}_firms", "type": "quantitative", "title": t("trend.firms", lang)}]
    trend = with_yoy(zv.trend.assign(name=zv.trend["section_id"].map(names_of(zv.sections, "section_id", lang))
                                     .fillna(zv.trend["name"])), key)
    height = spec.pop("height") + 22 * -(-trend["name"].nunique() // 2)  # room for the legend's rows of two
    reference = trend_reference(key, benchmark, lang)
    layers = [spec]
    if reference is not None:  # the line to read the sections against
        layers.append({"mark": {"type": "rule", "color": "#d55e00", "strokeDash": [6, 4], "size": 2},
                       "encoding": {"y": {"datum": reference[0], "type": "quantitative"}}})
    st.vega_lite_chart(trend, {"height": height, "layer": layers}, width="stretch")
    st.caption(reference[1] if reference is not None else t("trend.ref.none", lang))
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
    least = data.disclosure_rules().min_firms
    if row is None or row["n_firms"] < least or (
            zv.role != "analyst" and _growth_dominated(fy, figure, years[-1], year)):
        st.caption(t("trend.growth_hidden", lang, min=least, **span))
    else:
        st.caption(t("trend.growth", lang, n=int(row["n_firms"]), growth=fmt.pct(row["growth"], 1), **span))


def _growth_dominated(firm_years: pd.DataFrame, figure: str, year_from: int, year_to: int) -> bool:
    """True when the like-for-like growth rests on too few firms or one dominant firm in either
    year (disclosure control: it would be that firm's growth)."""
    rules = data.disclosure_rules()
    both = firm_years.loc[firm_years["year"].isin([year_from, year_to]) & firm_years[figure].notna()]
    kept = both.groupby("credit_code")["year"].nunique() == 2
    both = both.loc[both["credit_code"].isin(kept.index[kept])]
    return any(disclosure.sensitive(both.loc[both["year"] == y, figure].astype(float).reset_index(drop=True), rules)
               for y in (year_from, year_to))


def evaluation(zv: data.ZoneView, lang: str, *, year: int) -> None:
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
    versions = firms["rule_version"].dropna().unique() if "rule_version" in firms else []
    if len(versions):  # the rule version that made these grades (issue 16)
        st.caption(f"{t('firm.rule_version', lang)}: {t('list_separator', lang).join(map(str, versions))}")
    official = data.official_rules(year)
    if official is not None and official.rules.version not in set(map(str, versions)):
        # the year's published list uses other rules than the sidebar's preset and benchmark
        st.info(t("round.zone_not_official", lang, year=year, official=official.label))
    counts = grading.grade_summary(firms)["count"]
    counts = counts[[g for g in counts.index if g in names]]  # only the preset's own grades
    cols = st.columns(len(counts))
    for col, (grade, n) in zip(cols, counts.items(), strict=True):
        col.metric(names.get(grade, grade), int(n), border=True)
    f1, f2, f3 = st.columns(3)
    grades = f1.multiselect(t("filter_grade", lang), list(counts.index), key="f_grade", placeholder=t("choose", lang),
                            format_func=lambda g: names.get(g, g))
    section_names = names_of(zv.sections, "section_id", lang)
    sections = f2.multiselect(t("filter_section", lang), list(section_names), key="f_section",
                              placeholder=t("choose", lang),
                              format_func=lambda s: section_names[s])
    industries = f3.multiselect(t("filter_industry", lang), sorted(firms["industry"].dropna().unique()),
                                key="f_industry", placeholder=t("choose", lang))
    view = firms
    if grades:
        view = view.loc[view["grade"].isin(grades)]
    if sections:
        view = view.loc[view["section_id"].isin(sections)]
    if industries:
        view = view.loc[view["industry"].isin(industries)]
    reasons = [reason_text(r if isinstance(r, dict) else g, lang)
               for r, g in zip(view["reason"], view["grade_reason"], strict=True)]
    # the result first (grade, score, reason beside the firm's name, which stays in view when the
    # table scrolls sideways), then the figures it rests on
    numbers = {
        f"{indicator_label('tax_per_mu', lang)} {year}": view["tax_per_mu"],
        t("col_gap", lang): view["tax_per_mu"] - zv.benchmark,
        indicator_label("revenue_per_mu", lang): view["revenue_per_mu"],
        indicator_label("investment_intensity", lang): view["investment_intensity"],
        indicator_label("floor_area_ratio", lang): view["floor_area_ratio"],
    }
    table = pd.DataFrame({
        t("tip_enterprise", lang): view["name"],
        t("tip_grade", lang): view["grade"].map(lambda g: names.get(g, g)),
        t("col_score", lang): view["score"],
        t("col_grade_reason", lang): reasons,
        **numbers,
        t("col_area_mu", lang): view["land_mu"],
        t("tip_industry", lang): view["industry"],
        t("col_section", lang): view["section_id"].map(section_names),
        t("col_credit_code", lang): view["credit_code"],
    })
    number = st.column_config.NumberColumn(format="%.2f")
    config: dict = {c: number for c in [*numbers, t("col_score", lang)]}
    config[t("col_area_mu", lang)] = st.column_config.NumberColumn(format="%.1f")
    config[t("tip_enterprise", lang)] = st.column_config.TextColumn(pinned=True)
    config[t("col_grade_reason", lang)] = st.column_config.TextColumn(width="large")
    st.session_state["_eval_rows"] = list(view["parcel_id"])
    st.session_state["_eval_firms"] = list(view["credit_code"])  # the profile's firm (firm_profile)
    selected = st.session_state.get("parcel_id")
    default: DataframeStateInput | None = (
        {"selection": {"rows": [list(view["parcel_id"]).index(selected)]}}
        if selected in set(view["parcel_id"]) else None)
    st.dataframe(table, hide_index=True, width="stretch", column_config=config, placeholder=fmt.MISSING,
                 key=table_key(), on_select="rerun", selection_mode="single-row", selection_default=default)
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
    encoding: dict = {"x": {"field": x, "type": "ordinal", "title": None, "axis": {"labelAngle": 0}},
                      "y": {"field": y, "type": "quantitative", "title": y_title}}
    mark: dict = {"type": "line", "point": True}
    if series:  # the legend wraps into two columns below the chart, its names never shortened
        encoding["color"] = {"field": series, "type": "nominal", "title": None,
                             "legend": {"orient": "bottom", "columns": 2, "labelLimit": 0}}
        tooltip.insert(0, {"field": series, "type": "nominal"})
    else:
        mark["color"] = "#1f5f8b"
    if extra_tooltip:
        tooltip.append({"field": extra_tooltip[0], "type": "quantitative", "format": extra_tooltip[1]})
    encoding["tooltip"] = tooltip
    return {"height": height, "mark": mark, "encoding": encoding}


def targets(zv: data.ZoneView, lang: str, *, year: int, benchmark: float) -> None:
    """The zone against its targets: the per-mu tax benchmark, star/tier, the indicator targets of
    the data and the cluster revenue targets."""
    dataset = data.load_dataset()
    zone_id = zv.zone["zone_id"]
    tax = zv.summary["industrial_tax_per_mu"]
    a, b = st.columns(2)
    # the difference with its unit and in words (its sign alone was read both ways)
    a.metric(t("target_tax", lang), f"{fmt.num(tax)} / {benchmark:g}",
             delta=None if fmt.is_missing(tax) else (
                 f"{tax - benchmark:+.2f} {unit_text('wan_per_mu', lang)} · {met_text(tax >= benchmark, lang)}"),
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
        # 亿元 with one decimal; the gap to the last target in words: 达成（超出 x 亿元）/ 差 x 亿元
        clusters = value_names(dataset.cluster_targets, "cluster", lang)
        shown = gaps.drop(columns=["n_firms", "final_year"], errors="ignore").assign(
            cluster=[shown_value(c, clusters) for c in gaps["cluster"]],
            gap=[gap_text(g, unit_text("yi", lang), lang) for g in gaps["gap"]])
        config = {t("col_revenue_now", lang): st.column_config.NumberColumn(
            t("col_revenue_yi", lang), format="%.1f")}
        config |= {t("col_target_yi", lang, year=c.removeprefix("target_")): st.column_config.NumberColumn(
            t("col_target_yi_unit", lang, year=c.removeprefix("target_")), format="%.0f") for c in targets}
        st.dataframe(shown.rename(columns={
            "cluster": t("col_cluster", lang), "revenue_yi": t("col_revenue_now", lang),
            **{c: t("col_target_yi", lang, year=c.removeprefix("target_")) for c in targets},
            "gap": t("col_gap_final", lang, year=final)}), hide_index=True, width="stretch", placeholder=fmt.MISSING,
            column_config=config)
        st.caption(t("cluster_gap_note", lang))


def _indicator_targets(targets: pd.DataFrame, zv: data.ZoneView, lang: str, *, year: int) -> None:
    """The zone's indicator targets of the data (table ``targets``) against its figures of ``year``
    as this viewer sees them (a suppressed figure leaves its current value and gap blank), and
    every row of the table that is not used as it stands."""
    for text in target_problem_texts(target_gaps.target_problems(targets), target_gaps.target_indicators(), lang):
        st.warning(text)
    rows = target_gaps.indicator_targets(targets, zv.summary, zone_id=zv.zone["zone_id"], year=year)
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


def gap_text(gap: float | None, unit: str, lang: str, *, digits: int = 1) -> str | None:
    """A figure's difference from its target (figure − target, higher is better) in words with its
    unit: «✓ 达成（超出 92.9 亿元）», «✗ 差 3.7 亿元», «✓ 达成» when equal at ``digits``; None when
    missing."""
    if gap is None or fmt.is_missing(gap):
        return None
    x = f"{abs(float(gap)):,.{digits}f}"
    if float(x.replace(",", "")) == 0:
        return t("target_gap.exact", lang)
    return t("target_gap.met" if gap > 0 else "target_gap.short", lang, x=x, unit=unit)


def target_number(key: str, value: float | None, *, sign: bool = False) -> str:
    """A target, current value or gap of indicator ``key`` as shown beside its label (which carries
    the unit): percent indicators ×100, the registry's decimals, — when missing."""
    if value is None or fmt.is_missing(value):
        return fmt.MISSING
    ind = get_indicator(key)
    number = float(value) * (100 if ind.percent else 1)
    return f"{number:{'+' if sign else ''},.{ind.decimals}f}"


def download_table(table: pd.DataFrame, stem: str, lang: str) -> None:
    """XLSX and CSV download buttons for a table as shown (units are already in its headers); the
    files of an illustrative dataset say so in their first row."""
    a, b, _ = st.columns([1, 1, 4])
    illustrative = t("illustrative_export", lang) if data.load_dataset().illustrative else None

    def note() -> str | None:  # an analyst's file names who exported it and when
        return " · ".join(x for x in (illustrative, access.export_stamp(lang)) if x) or None

    def audited(what: str) -> Callable[[], None]:
        return lambda: access.record_export(data.audit_log(), view=stem, what=what)

    # the files are built only when a button is clicked, not on every rerun
    a.download_button(t("download_xlsx", lang), lambda: tables.to_xlsx_bytes({stem[:31]: table}, note=note()),
                      f"{stem}.xlsx", mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                      key=f"x-{stem}", on_click=audited(f"{stem}.xlsx"))
    b.download_button(t("download_csv", lang), lambda: tables.to_csv_bytes(table, note=note()), f"{stem}.csv",
                      mime="text/csv", key=f"c-{stem}", on_click=audited(f"{stem}.csv"))


def definitions(lang: str) -> pd.DataFrame:
    """The indicator registry as a table: name, unit, formula, source (words from the catalogue)."""
    return pd.DataFrame([{
        t("col_indicator", lang): indicator_name(ind.key, lang),
        t("col_unit", lang): unit_text(ind.unit, lang),
        t("col_formula", lang): t(f"indicator.{ind.key}.formula", lang),
        t("col_source", lang): t(f"indicator.{ind.key}.source", lang),
    } for ind in INDICATORS])

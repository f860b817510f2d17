"""The grade-transitions tab (analysts): how the firms using a zone's land moved between the grades of
two chosen years: a table of counts (rows: earlier grade, columns: later grade), a stacked bar chart
of where each earlier grade's firms went, and the firms that fell two grades or more."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import fmt
from dashboard.i18n import grade_names, t
from dashboard.pages import data
from zone_layers import grading, transitions

#: Colour of :data:`zone_layers.transitions.ABSENT` in the chart (the grades keep theirs).
ABSENT_COLOR = "#6B6B6B"


def state_names(preset: str, lang: str) -> dict[str, str]:
    """Every state of the preset, best first: its grades' names, not graded, no figures."""
    names = grade_names(data.grading_config(), preset, lang=lang)
    states = (*data.grading_config().preset(preset).grades, transitions.ABSENT)
    return {s: t("trans.state.absent", lang) if s == transitions.ABSENT else names.get(s, s) for s in states}


def zone_pairs(zv: data.ZoneView, before: int, after: int) -> pd.DataFrame:
    """:func:`zone_layers.transitions.paired_grades` of the firms using the zone's land with figures in
    ``before`` or ``after``."""
    graded = data.graded_years(benchmark=zv.benchmark, preset=zv.preset, role=zv.role)
    table = data.firms().allocation.table
    here = set(table.loc[table["parcel_id"].isin(set(zv.parcels["parcel_id"])), "credit_code"])
    a, b = (graded[y].loc[graded[y]["credit_code"].isin(here)] for y in (before, after))
    return transitions.paired_grades(a, b)


def flow_chart(flows: pd.DataFrame, names: dict[str, str], *, before: int, after: int, lang: str) -> dict:
    """A Vega-Lite stacked bar per earlier grade, coloured by the later grade (a plain spec, like
    :func:`dashboard.pages.zone_tabs.line_chart`)."""
    order = list(names.values())
    colors = [ABSENT_COLOR if s == transitions.ABSENT else grading.GRADE_COLORS.get(s, ABSENT_COLOR) for s in names]
    return {
        "height": 260,
        "mark": {"type": "bar", "stroke": "#ffffff", "strokeWidth": 0.5},
        "encoding": {
            "x": {"field": "before", "type": "nominal", "sort": order, "title": t("trans.axis_before", lang, a=before),
                  "axis": {"labelAngle": 0}},
            "y": {"field": "count", "type": "quantitative", "title": t("trans.axis_count", lang), "stack": "zero"},
            "color": {"field": "after", "type": "nominal", "title": t("trans.axis_after", lang, b=after),
                      "scale": {"domain": order, "range": colors}, "legend": {"orient": "bottom"}},
            "order": {"field": "rank", "type": "quantitative"},
            "tooltip": [{"field": "before", "type": "nominal", "title": t("trans.axis_before", lang, a=before)},
                        {"field": "after", "type": "nominal", "title": t("trans.axis_after", lang, b=after)},
                        {"field": "count", "type": "quantitative", "title": t("trans.axis_count", lang)}],
        },
    }


def render(zv: data.ZoneView, lang: str) -> None:
    """The tab's content: two year choosers, the matrix, the chart and the firms that fell."""
    if zv.role != "analyst":
        st.info(t("analyst_only", lang))
        return
    years = list(data.years())
    if len(years) < 2:
        st.info(t("trans.same_year", lang))
        return
    c1, c2 = st.columns(2)
    if st.session_state.get("trans_from") not in years:
        st.session_state["trans_from"] = years[-2]
    if st.session_state.get("trans_to") not in years:
        st.session_state["trans_to"] = years[-1]
    before = int(c1.selectbox(t("trans.from_year", lang), years, key="trans_from", placeholder=t("choose", lang)))
    after = int(c2.selectbox(t("trans.to_year", lang), years, key="trans_to", placeholder=t("choose", lang)))
    if before == after:
        st.info(t("trans.same_year", lang))
        return
    names = state_names(zv.preset, lang)
    pairs = zone_pairs(zv, before, after)
    matrix = transitions.transition_matrix(pairs, states=list(names))
    st.caption(t("trans.scope", lang, n=len(pairs)))
    st.markdown(f"**{t('trans.matrix_title', lang, a=before, b=after)}**")
    shown = matrix.rename(index=names, columns=names)
    shown[t("trans.total", lang)] = shown.sum(axis=1)
    shown.loc[t("trans.total", lang)] = shown.sum(axis=0)
    shown.index.name = t("trans.corner", lang, a=before, b=after)
    shown.columns.name = None
    st.dataframe(shown.reset_index(), hide_index=True, width="stretch")
    flows = transitions.flows(matrix)
    rank = {s: i for i, s in enumerate(names)}
    chart = pd.DataFrame({"before": flows["before"].map(names), "after": flows["after"].map(names),
                          "count": flows["count"], "rank": flows["after"].map(rank)})
    st.markdown(f"**{t('trans.chart_title', lang, a=before, b=after)}**")
    st.vega_lite_chart(chart, flow_chart(chart, names, before=before, after=after, lang=lang), width="stretch")
    _fell(pairs, names, before=before, after=after, lang=lang)


def _fell(pairs: pd.DataFrame, names: dict[str, str], *, before: int, after: int, lang: str) -> None:
    st.markdown(f"**{t('trans.fell_title', lang)}**")
    down = transitions.fell(pairs)
    if down.empty:
        st.caption(t("trans.fell_none", lang))
        return
    info = data.firms().firm_years.drop_duplicates("credit_code").set_index("credit_code")
    st.dataframe(pd.DataFrame({
        t("col_credit_code", lang): down["credit_code"],
        t("tip_enterprise", lang): info["name"].reindex(down["credit_code"]).to_numpy(),
        t("tip_industry", lang): info["industry"].reindex(down["credit_code"]).to_numpy(),
        t("trans.col_before", lang, a=before): down["before"].map(names),
        t("trans.col_after", lang, b=after): down["after"].map(names),
        t("trans.col_steps", lang): down["steps"].astype(int),
    }), hide_index=True, width="stretch", placeholder=fmt.MISSING)

"""The enterprise profile (企业画像), for analysts: who the firm is, its land by source with its parcels
outlined on the map, every indicator per year against the zone's and the industry's medians, and its
grade in every year of the data.

Which firm: the one chosen in the evaluation table, or sent by the map search's enterprise hit (a
click on its parcel with its credit code), else the main user of the selected parcel
(:meth:`zone_layers.evaluation.FirmTables.main_user`). A viewer never gets here: the page shows the
profile to analysts only, and :func:`dashboard.pages.data.graded_years` is empty for a viewer.
"""

from __future__ import annotations

import folium
import pandas as pd
import streamlit as st

from dashboard import fmt
from dashboard.i18n import grade_names, grade_text, indicator_label, reason_text, t
from dashboard.map import maps
from dashboard.pages import data
from zone_layers import firm_profile
from zone_layers.indicators import get_indicator

#: Session-state keys: the chosen firm and the parcel selected with it (the choice holds while
#: that parcel stays selected; another parcel selected means its main user).
FIRM_KEY = "firm"
FIRM_PARCEL_KEY = "_firm_parcel"
#: The tab (catalogue key of its label) to open on the next run, before the tabs are drawn.
OPEN_TAB_KEY = "_open_tab"
#: The tab the profile is shown in.
PROFILE_TAB = "tab_evaluation"


def selected_firm(zv: data.ZoneView) -> str | None:
    """The credit code of the firm whose profile is shown (None for a viewer, or nothing selected)."""
    if zv.role != "analyst":
        return None
    parcel = st.session_state.get("parcel_id")
    chosen = st.session_state.get(FIRM_KEY)
    if chosen and st.session_state.get(FIRM_PARCEL_KEY) == parcel:
        return str(chosen)
    if parcel is None:
        return None
    main = data.firms().main_user()
    hit = main.loc[main["parcel_id"] == parcel, "credit_code"]
    return str(hit.iloc[0]) if len(hit) else None


def choose(credit_code: str | None, parcel_id: str | None) -> None:
    """Make ``credit_code`` the profile's firm while ``parcel_id`` stays selected."""
    st.session_state[FIRM_KEY] = credit_code
    st.session_state[FIRM_PARCEL_KEY] = parcel_id


def select_from_table(row: int) -> None:
    """Row ``row`` of the evaluation table (as last shown) chooses its firm and main parcel."""
    codes, parcels = st.session_state.get("_eval_firms"), st.session_state.get("_eval_rows")
    if codes and parcels and row < min(len(codes), len(parcels)):
        choose(codes[row], parcels[row])


def select_from_click(zv: data.ZoneView, props: dict) -> None:
    """A click on a parcel (``props`` of :func:`dashboard.map.maps.clicked_properties`) opens the
    profile of the firm it names (the map search's enterprise hit) or of the parcel's main user."""
    if zv.role != "analyst" or props.get("parcel_id") is None:
        return
    choose(props.get("credit_code"), props.get("parcel_id"))
    if selected_firm(zv):  # a parcel nobody uses opens nothing
        st.session_state[OPEN_TAB_KEY] = PROFILE_TAB


def open_pending_tab(tabs_key: str, lang: str) -> None:
    """Open the tab a click asked for (call before the tabs are drawn)."""
    pending = st.session_state.pop(OPEN_TAB_KEY, None)
    if pending:
        st.session_state[tabs_key] = t(pending, lang)


def zone_firm_parcels(zv: data.ZoneView, credit_code: str | None) -> list[str]:
    """The parcels of this zone that ``credit_code`` uses (owned, leased in or leased out)."""
    if not credit_code:
        return []
    here = set(zv.parcels["parcel_id"])
    return [p for p in firm_profile.firm_parcels(data.firms().allocation, credit_code) if p in here]


def highlight(zv: data.ZoneView, parcels: pd.DataFrame, selected: str | None, *,
              lang: str) -> folium.FeatureGroup | None:
    """The map's outline: every parcel of the profile's firm (the selected one drawn solid), or the
    selected parcel alone when no firm is shown."""
    firm_parcels = zone_firm_parcels(zv, selected_firm(zv))
    if firm_parcels:
        return maps.highlight_parcels(parcels, firm_parcels, lang=lang, primary=selected)
    return maps.highlight(parcels, selected, lang=lang)


def _indicator_value(key: str, value: object) -> str:
    ind = get_indicator(key)
    if ind.percent:
        return fmt.pct(value, ind.decimals)
    return fmt.num(value, ind.decimals)


def render(zv: data.ZoneView, lang: str) -> None:
    """The profile of the selected firm (analysts only), or a hint how to choose one."""
    if zv.role != "analyst":
        st.info(t("analyst_only", lang))
        return
    code = selected_firm(zv)
    dataset = data.load_dataset()
    firm = dataset.enterprises.loc[dataset.enterprises["credit_code"] == code]
    st.markdown(f"#### {t('firm.title', lang)}")
    if firm.empty:
        st.caption(t("firm.none", lang))
        return
    row = firm.iloc[0]
    st.markdown(f"**{fmt.esc(row['name'])}**")
    graded = data.graded_years(benchmark=zv.benchmark, preset=zv.preset, role=zv.role)
    history = firm_profile.grade_history(graded, str(code))
    scale = row.get("above_scale")
    scale_text = (t("firm.unknown", lang) if fmt.is_missing(scale)
                  else t("firm.above_scale" if bool(scale) else "firm.below_scale", lang))
    registered = row.get("registered")
    exempt = row.get("exempt")
    latest = history.dropna(subset=["grade"]).tail(1)
    why = latest["reason"].iloc[0] if len(latest) else None
    exemption = (t("firm.exempt_yes", lang, reason=reason_text(why, lang)) if isinstance(why, dict)
                 else t("firm.exempt_yes", lang, reason=str(exempt)) if not fmt.is_missing(exempt)
                 else t("firm.exempt_no", lang))
    facts = [
        (t("firm.credit_code", lang), str(code)),
        (t("firm.industry", lang), fmt.MISSING if fmt.is_missing(row.get("industry")) else str(row["industry"])),
        (t("firm.scale", lang), scale_text),
        (t("firm.registered", lang), fmt.MISSING if fmt.is_missing(registered) else str(registered)[:10]),
        (t("firm.exemption", lang), exemption),
    ]
    st.markdown("  \n".join(f"**{fmt.esc(label)}**: {fmt.esc(value)}" for label, value in facts))
    _land(zv, str(code), lang)
    _indicators(zv, str(code), lang)
    _grades(history, zv, lang)
    _objections(str(code), lang)


def _names() -> dict[str, str]:
    fy = data.firms().firm_years
    return dict(zip(fy["credit_code"], fy["name"], strict=True))


def _land(zv: data.ZoneView, code: str, lang: str) -> None:
    allocation = data.firms().allocation
    parcels = firm_profile.firm_parcels(allocation, code)
    st.caption(t("firm.parcels", lang, n=len(parcels), ids=t("list_separator", lang).join(parcels)))
    st.markdown(f"**{t('firm.land_title', lang)}**")
    land = firm_profile.land_sources(allocation, code)
    names = _names()
    table = pd.DataFrame({
        t("firm.col_parcel", lang): land["parcel_id"],
        t("firm.col_source", lang): [t(f"firm.source.{s}", lang) for s in land["source"]],
        t("firm.col_area_m2", lang): land["area_m2"],
        t("firm.col_area_mu", lang): land["area_mu"],
        t("firm.col_counterparts", lang): [t("list_separator", lang).join(names.get(c, c) for c in cs)
                                           for cs in land["counterparts"]],
    })
    st.dataframe(table, hide_index=True, width="stretch", placeholder=fmt.MISSING, column_config={
        t("firm.col_area_m2", lang): st.column_config.NumberColumn(format="%.0f"),
        t("firm.col_area_mu", lang): st.column_config.NumberColumn(format="%.2f")})
    total = float((land["area_m2"] * land["sign"]).sum())
    total_mu = float((land["area_mu"] * land["sign"]).sum())
    st.caption(t("firm.land_total", lang, m2=fmt.num(total, 0), mu=fmt.num(total_mu)))


def _indicators(zv: data.ZoneView, code: str, lang: str) -> None:
    st.markdown(f"**{t('firm.indicators_title', lang)}**")
    t_ = data.firms().allocation.table
    peers = t_.loc[t_["parcel_id"].isin(set(zv.parcels["parcel_id"])), "credit_code"].unique()
    frame = firm_profile.indicators_vs_medians(data.firms().firm_years, code, list(peers))
    # one row per indicator and measure (the firm, the zone's median, the industry's), one column a year
    measures = (("value", "firm.col_value"), ("zone_median", "firm.col_zone_median"),
                ("industry_median", "firm.col_industry_median"))
    years = sorted(frame["year"].unique())
    rows = []
    for key in dict.fromkeys(frame["indicator"]):
        of = frame.loc[frame["indicator"] == key].set_index("year")
        for column, label in measures:
            rows.append({t("col_indicator", lang): indicator_label(key, lang),
                         t("firm.col_measure", lang): t(label, lang),
                         **{str(y): _indicator_value(key, of[column].get(y)) for y in years}})
    table = pd.DataFrame(rows)
    st.dataframe(table, hide_index=True, width="stretch", height=36 * min(len(table) + 1, 14))
    st.caption(t("firm.medians_note", lang))


def _grades(history: pd.DataFrame, zv: data.ZoneView, lang: str) -> None:
    st.markdown(f"**{t('firm.grades_title', lang)}**")
    names = grade_names(data.grading_config(), zv.preset, lang=lang)
    table = pd.DataFrame({
        t("firm.col_year", lang): history["year"].astype(str),
        t("tip_grade", lang): [t("firm.no_figures", lang) if fmt.is_missing(g) else grade_text(g, names, lang)
                               for g in history["grade"]],
        t("col_score", lang): history["score"].astype(float),
        t("col_grade_reason", lang): [reason_text(r if isinstance(r, dict) else g, lang)
                                      for r, g in zip(history["reason"], history["grade_reason"], strict=True)],
        t("firm.rule_version", lang): history["rule_version"],
    })
    st.dataframe(table, hide_index=True, width="stretch", placeholder=fmt.MISSING,
                 column_config={t("col_score", lang): st.column_config.NumberColumn(format="%.2f")})


def _objections(code: str, lang: str) -> None:
    """The firm's objections in every version (original and claimed value, decision, who, when)."""
    from dashboard import round_records
    from dashboard.pages.round_page import objection_table

    history = round_records.objection_history(data.edit_store(), code)
    if history.empty:
        return
    st.markdown(f"**{t('round.obj.history', lang)}**")
    st.dataframe(objection_table(history, lang), hide_index=True, width="stretch", placeholder=fmt.MISSING)

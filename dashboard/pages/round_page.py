"""The evaluation round (评价工作), for analysts: the what-if simulator, rule versions (save a draft,
promote one to official), objections with their history, and the publicity and utility downloads.

Everything edited is saved through :mod:`dashboard.round_records` in the shared edit store: the
version a user read is kept in the session (``_round_base:<kind>:<key>``), so when another analyst
saved the record in between, the save is refused with their name (:class:`geodata.store.EditConflict`)
instead of overwriting them. A viewer sees only a notice: no firm, figure or grade.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import access, fmt
from dashboard import round_records as rr
from dashboard.i18n import grade_names, grade_text, indicator_label, indicator_name, t
from dashboard.pages import data, zone_tabs
from geodata.errors import ZoneDataError
from geodata.store import EditStore
from zone_layers import round as rnd
from zone_layers.grading import METHODS, TIE_RULES, UNGRADED

#: Session-state prefix of the record versions a user read (for the conflict check on save).
BASE_PREFIX = "_round_base"


def _base(kind: str, key: str, current: int) -> int:
    """The version of ``(kind, key)`` this session read first (kept until it saves it)."""
    return int(st.session_state.setdefault(f"{BASE_PREFIX}:{kind}:{key}", current))


def _saved(kind: str, key: str, version: int) -> None:
    st.session_state[f"{BASE_PREFIX}:{kind}:{key}"] = version


def _attempt(action: Callable[[], Any], kind: str, key: str) -> Any:
    """Run a save; a conflict or a bad value is shown with its message (the base is then refreshed)."""
    try:
        edit = action()
    except ZoneDataError as exc:
        st.error(str(exc))
        st.session_state.pop(f"{BASE_PREFIX}:{kind}:{key}", None)
        return None
    _saved(kind, key, edit.version)
    return edit


def _user() -> str:
    return access.signed_in_user() or "analyst"


def render(lang: str, *, role: str) -> None:
    """The evaluation round of one year of the current dataset (analysts only)."""
    if role != "analyst":
        st.info(t("round.analysts_only", lang))
        return
    dataset = data.load_dataset()
    if not dataset.years:  # parcels only: a round grades firms, and there are none
        st.info(zone_tabs.no_firms_text("round", lang))
        return
    store = data.edit_store()
    years = list(reversed(dataset.years))
    year = int(st.selectbox(t("year", lang), years, key="round_year"))
    the_round = rr.year_round(dataset, store, year, firms=data.firms(), firm_rules=data.grading_config().evaluation)
    official = the_round.official
    st.markdown(t("round.official", lang, year=year, rule=official.label)
                + ("" if official.name else " " + t("round.official_file", lang)))
    if the_round.overrides:
        st.caption(t("round.obj.corrections", lang, n=len(the_round.overrides)))
    changes, preset = _simulator_inputs(official.rules, lang)
    try:
        sim = the_round.simulate(changes, preset=preset)
    except ZoneDataError as exc:
        st.error(str(exc))
        return
    _results(sim, lang)
    _grade_map(dataset, the_round, sim, lang)
    _rule_versions(store, sim, year, lang)
    _objections(store, the_round, lang)
    _downloads(dataset, store, the_round, sim.official, lang)


# --- the simulator ---------------------------------------------------------------------------------

def _simulator_inputs(official: rnd.Rules, lang: str) -> tuple[list[tuple[str, Any]], str]:
    """Weights, benchmarks, shares, tie rule and free ``KEY=VALUE`` lines; only what differs is a change."""
    st.markdown(f"#### {t('round.sim_title', lang)}")
    config = official.config
    keys = [p.key for p in config.presets]
    shown = {p.key: p.name_zh if lang == "zh" else p.name_en for p in config.presets}
    preset_key = st.selectbox(t("round.preset", lang), keys, index=keys.index(official.preset), key="round_preset",
                              format_func=lambda k: shown[k])
    preset = config.preset(preset_key)
    changes: list[tuple[str, Any]] = []
    cols = st.columns(max(len(preset.criteria), 1))
    for i, (c, col) in enumerate(zip(preset.criteria, cols, strict=False)):
        with col:
            weight = st.number_input(t("round.weight", lang, name=indicator_name(c.indicator, lang)), min_value=0.1,
                                     value=float(c.weight), step=5.0, key=f"round_w_{preset_key}_{i}")
            if weight != c.weight:
                changes.append((f"criteria[{i}].weight", float(weight)))
            if c.indicator == "tax_per_mu":
                bench = st.number_input(t("round.benchmark", lang, name=indicator_label(c.indicator, lang)),
                                        min_value=0.1, value=float(official.benchmark), step=1.0,
                                        key=f"round_b_{preset_key}_{i}")
                if bench != official.benchmark:
                    changes.append(("benchmark", float(bench)))
            elif c.benchmark is not None:
                bench = st.number_input(t("round.benchmark", lang, name=indicator_label(c.indicator, lang)),
                                        min_value=0.001, value=float(c.benchmark), key=f"round_b_{preset_key}_{i}")
                if bench != c.benchmark:
                    changes.append((f"criteria[{i}].benchmark", float(bench)))
    if {m.key: m for m in METHODS}[preset.method].uses_shares:
        cols = st.columns(len(preset.classes) + 1)
        for i, (cls, col) in enumerate(zip(preset.classes, cols, strict=False)):
            with col:
                if cls.share is None:
                    st.caption(t("round.share_rest", lang, grade=cls.label(lang)))
                    continue
                share = st.number_input(t("round.share", lang, grade=cls.label(lang)) + " (%)", min_value=0.5,
                                        max_value=99.5, value=round(cls.share * 100, 4), step=1.0,
                                        key=f"round_s_{preset_key}_{i}")
                if abs(share / 100 - cls.share) > 1e-12:
                    changes.append((f"classes[{i}].share", round(share / 100, 6)))
        with cols[-1]:
            tie = st.selectbox(t("round.tie_rule", lang), TIE_RULES, index=TIE_RULES.index(preset.tie_rule),
                               key=f"round_tie_{preset_key}", format_func=lambda r: t(f"round.tie.{r}", lang))
            if tie != preset.tie_rule:
                changes.append(("tie_rule", tie))
    text = st.text_area(t("round.settings", lang), key="round_settings", help=t("round.settings_help", lang),
                        height=80)
    for line in (ln.strip() for ln in text.splitlines()):
        if line:
            try:
                changes.append(rnd.parse_setting(line))
            except ZoneDataError as exc:
                st.error(str(exc))
    return changes, preset_key


def _results(sim: rnd.Simulation, lang: str) -> None:
    names = grade_names(sim.simulated_rules.config, sim.simulated_rules.preset, lang=lang)
    st.markdown(f"**{t('round.counts_title', lang)}** · {sim.official_rules.version} → {sim.simulated_rules.version}")
    used = sim.counts.loc[sim.counts["grade"].isin([*names, "ungraded"])
                          | (sim.counts["official"] > 0) | (sim.counts["simulated"] > 0)]  # Henan has no D
    counts = pd.DataFrame({
        t("round.col.grade", lang): [grade_text(g, names, lang) for g in used["grade"]],
        t("round.col.official", lang): used["official"],
        t("round.col.simulated", lang): used["simulated"],
    })
    left, right = st.columns([1, 2])
    with left:
        st.dataframe(counts, hide_index=True, width="stretch")
    with right:
        for w in sim.warnings:
            st.warning(_quota_text(w, lang), icon="⚠️")
        if not sim.warnings:
            st.success(t("round.quota_ok", lang))
    moved = sim.moved
    st.markdown(f"**{t('round.moved_title', lang, n=len(moved))}**")
    if moved.empty:
        st.caption(t("round.no_moves", lang))
        return
    table = pd.DataFrame({
        t("round.col.credit_code", lang): moved["credit_code"],
        t("round.col.firm", lang): moved["name"],
        t("round.col.official", lang): [grade_text(g, names, lang) for g in moved["official"]],
        t("round.col.simulated", lang): [grade_text(g, names, lang) for g in moved["simulated"]],
        t("round.col.score_official", lang): moved["score_official"],
        t("round.col.score_simulated", lang): moved["score_simulated"],
        t("round.col.decided_by", lang): [indicator_name(d, lang) if isinstance(d, str)
                                          else t("round.decided.none", lang) for d in moved["decided_by"]],
    })
    st.dataframe(table, hide_index=True, width="stretch", placeholder=fmt.MISSING, column_config={
        t("round.col.score_official", lang): st.column_config.NumberColumn(format="%.3f"),
        t("round.col.score_simulated", lang): st.column_config.NumberColumn(format="%.3f")})


def _quota_text(w: dict[str, Any], lang: str) -> str:
    return t("round.quota_warning", lang, of=t(f"round.of.{w['of']}", lang), grade=w["grade"], count=w["count"],
             n=w["n"], share=f"{w['share'] * 100:.1f}%", bound=t(f"round.bound.{w['bound']}", lang),
             limit=f"{w['limit'] * 100:g}%")


def _grade_map(dataset: Any, the_round: rr.Round, sim: rnd.Simulation, lang: str) -> None:
    """One zone's parcels coloured by the simulated grade of their main user; a moved firm's parcels
    outlined (a static map: drawn only when asked for)."""
    zones = data.zones_with_parcels(dataset)
    if not zones or not st.toggle(t("round.map_title", lang), key="round_map"):
        return
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    from dashboard.export.brief_fonts import brief_context
    from dashboard.shown_names import names_of
    from zone_layers.grading import GRADE_COLORS

    zone_names = names_of(dataset.zones, "zone_id", lang)
    zone = st.selectbox(t("zone", lang), zones, key="round_map_zone", format_func=lambda z: zone_names.get(z, z))
    parcels = dataset.parcels.loc[dataset.parcels["zone_id"] == zone]
    main = the_round.firms.main_user().set_index("parcel_id")["credit_code"]
    user = main.reindex(parcels["parcel_id"]).to_numpy()
    grade = sim.simulated.set_index("credit_code")["grade"]
    shown = grade.reindex(user).to_numpy()
    colours = [GRADE_COLORS.get(str(g), "#f4f4f1") if isinstance(g, str) else "#f4f4f1" for g in shown]
    moved = set(sim.moved["credit_code"])
    edges = ["#000000" if u in moved else "#ffffff" for u in user]
    names = {**grade_names(sim.simulated_rules.config, sim.simulated_rules.preset, lang=lang),
             UNGRADED: t("grade.ungraded", lang)}
    with brief_context():
        fig = Figure(figsize=(8, 6))
        ax = fig.add_subplot()
        parcels.plot(ax=ax, color=colours, edgecolor=edges, linewidth=[1.2 if e == "#000000" else 0.2 for e in edges])
        ax.set_axis_off()
        ax.legend(handles=[Patch(facecolor=GRADE_COLORS[g], label=label) for g, label in names.items()]
                  + [Patch(facecolor="white", edgecolor="black", label=t("round.moved_title", lang, n=len(moved)))],
                  loc="lower left", fontsize=8, frameon=True)
        st.pyplot(fig, width="stretch")


# --- rule versions ---------------------------------------------------------------------------------

def _rule_versions(store: EditStore, sim: rnd.Simulation, year: int, lang: str) -> None:
    st.markdown(f"#### {t('round.save_title', lang)}")
    left, right = st.columns(2)
    with left:
        name = st.text_input(t("round.name", lang), key="round_name", placeholder=f"{year} …")
    with right:
        note = st.text_input(t("round.note", lang), key="round_note")
    if st.button(t("round.save", lang), key="round_save", disabled=not name.strip()):
        try:
            key = rr.rule_key(year, name)
        except ZoneDataError as exc:
            st.error(str(exc))
        else:
            edit = _attempt(lambda: rr.save_rules(store, sim.simulated_rules, year=year, name=name, user=_user(),
                                                  note=note, base_version=0), rr.RULE_KIND, key)
            if edit is not None:
                st.success(t("round.saved", lang, record=edit.key, version=edit.values["version"]))
    st.markdown(f"**{t('round.versions_title', lang)}**")
    versions = rr.rule_versions(store, year)
    pointer = rr.official_record(store, year)
    if not versions:
        st.caption(t("round.no_versions", lang))
        return
    current_official = pointer.values["rule"] if pointer else None
    st.dataframe(pd.DataFrame({
        t("round.col.name", lang): [e.values["name"] for e in versions],
        t("round.col.status", lang): [t("round.status.official" if e.key == current_official else
                                        "round.status.draft", lang) for e in versions],
        t("round.col.version", lang): [e.values["version"] for e in versions],
        t("round.col.dated", lang): [e.values["dated"] for e in versions],
        t("round.note", lang): [e.values.get("note", "") for e in versions],
        t("round.col.user", lang): [e.user for e in versions],
        t("round.col.at", lang): [e.at for e in versions],
    }), hide_index=True, width="stretch")
    base = _base(rr.OFFICIAL_KIND, str(year), pointer.version if pointer else 0)
    chosen = st.selectbox(t("round.promote_pick", lang), [e.key for e in versions], key=f"round_pick_{year}",
                          format_func=lambda k: k.split("/", 1)[1])
    if st.button(t("round.promote", lang), key=f"round_promote_{year}"):
        edit = _attempt(lambda: rr.promote(store, chosen, user=_user(), base_version=base), rr.OFFICIAL_KIND,
                        str(year))
        if edit is not None:
            st.success(t("round.promoted", lang, name=edit.values["name"], year=year))
            st.rerun()


# --- objections ------------------------------------------------------------------------------------

def _objections(store: EditStore, the_round: rr.Round, lang: str) -> None:
    st.markdown(f"#### {t('round.objections_title', lang)}")
    year = the_round.year
    source = the_round.firms.firm_years
    firms = source.loc[source["year"] == year].sort_values("credit_code")
    names = dict(zip(firms["credit_code"], firms["name"], strict=True))
    with st.form("round_objection"):
        cols = st.columns([3, 2, 1])
        with cols[0]:
            code = st.selectbox(t("round.obj.firm", lang), list(names), key="round_obj_firm",
                                format_func=lambda c: f"{names.get(c) or ''} · {c}", placeholder=t("choose", lang))
        with cols[1]:
            field = st.selectbox(t("round.obj.field", lang), rnd.CORRECTABLE, key="round_obj_field",
                                 format_func=lambda f: t(f"round.field.{f}", lang))
        with cols[2]:
            claimed = st.number_input(t("round.obj.claimed", lang), min_value=0.0, value=0.0, key="round_obj_value")
        evidence = st.text_input(t("round.obj.evidence", lang), key="round_obj_evidence")
        submitted = st.form_submit_button(t("round.obj.record", lang))
    if submitted and code:
        key = rr.objection_key(year, code, field)
        # always a new record (base 0): an objection recorded already, by anyone, is refused with who and
        # when (it is decided below, not recorded twice)
        edit = _attempt(lambda: rr.record_objection(store, source, year=year, credit_code=code, field=field,
                                                    claimed=float(claimed), evidence=evidence, user=_user(),
                                                    base_version=0),
                        rr.OBJECTION_KIND, key)
        if edit is not None:
            st.success(t("round.obj.recorded", lang, record=edit.key))
            st.rerun()
    current = rr.objections(store, year)
    if not current:
        st.caption(t("round.obj.none", lang))
        return
    by_key = {e.key: e for e in current}

    def label(k: str) -> str:
        v = by_key[k].values
        field_text, decision_text = t(f"round.field.{v['field']}", lang), t(f"round.decision.{v['decision']}", lang)
        return f"{v.get('name') or ''} · {field_text} · {decision_text}"

    pick = st.selectbox(t("round.obj.pick", lang), list(by_key), key=f"round_obj_pick_{year}", format_func=label)
    edit = by_key[pick]
    base = _base(rr.OBJECTION_KIND, pick, edit.version)
    cols = st.columns([2, 3, 1])
    with cols[0]:
        decision = st.selectbox(t("round.obj.decision", lang), rr.DECISIONS,
                                index=rr.DECISIONS.index(edit.values["decision"]), key=f"round_dec_{pick}",
                                format_func=lambda d: t(f"round.decision.{d}", lang))
    with cols[1]:
        note = st.text_input(t("round.note", lang), value=edit.values.get("note", ""), key=f"round_dec_note_{pick}")
    with cols[2]:
        if st.button(t("round.obj.decide", lang), key=f"round_decide_{pick}"):
            saved = _attempt(lambda: rr.decide(store, pick, decision, user=_user(), base_version=base, note=note),
                             rr.OBJECTION_KIND, pick)
            if saved is not None:
                st.rerun()
    st.markdown(f"**{t('round.obj.history', lang)}**")
    history = rr.objection_history(store, year=year)
    st.dataframe(objection_table(history, lang), hide_index=True, width="stretch", placeholder=fmt.MISSING)


def objection_table(history: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The objection history (:func:`dashboard.round_records.objection_history`) as shown."""
    return pd.DataFrame({
        t("round.col.firm", lang): history["name"],
        t("round.col.credit_code", lang): history["credit_code"],
        t("round.obj.field", lang): [t(f"round.field.{f}", lang) for f in history["field"]],
        t("round.obj.original", lang): history["original"],
        t("round.obj.claimed", lang): history["claimed"],
        t("round.obj.decision", lang): [t(f"round.decision.{d}", lang) for d in history["decision"]],
        t("round.obj.evidence", lang): history["evidence"],
        t("round.note", lang): history["note"],
        t("round.col.version", lang): history["version"],
        t("round.col.user", lang): history["user"],
        t("round.col.at", lang): history["at"],
    })


# --- downloads -------------------------------------------------------------------------------------

def _downloads(dataset: Any, store: EditStore, the_round: rr.Round, graded: pd.DataFrame, lang: str) -> None:
    from dashboard.export import publicity  # matplotlib: imported by the round page, not by every page's first run

    st.markdown(f"#### {t('round.publicity.download', lang)}")
    rules = the_round.official.rules
    names = grade_names(rules.config, rules.preset, lang=lang)
    deadline = st.date_input(t("round.publicity.deadline_input", lang),
                             value=dt.date.today() + dt.timedelta(days=7), key="round_deadline")
    frame = publicity.publicity_frame(rnd.publicity_table(graded), lang, names=names)
    title = t("round.publicity.title", lang, year=the_round.year)
    lines = publicity.header_lines(lang, rule=the_round.official.label, illustrative=dataset.illustrative,
                                   deadline=str(deadline) if deadline else None)
    left, middle, right = st.columns(3)

    def audited(what: str) -> Callable[[], None]:  # an analyst's export goes to the audit log
        return lambda: access.record_export(data.audit_log(), view=f"round {the_round.year}", what=what)

    with left:
        st.download_button("XLSX", lambda: publicity.publicity_xlsx(frame, title=title, lines=lines,
                                                                    sheet=str(the_round.year)),
                           file_name=f"publicity-{the_round.year}.xlsx", key="round_pub_xlsx",
                           on_click=audited(f"publicity-{the_round.year}.xlsx"),
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    with middle:
        st.download_button("PDF", lambda: publicity.publicity_pdf(frame, title=title, lines=lines, lang=lang),
                           file_name=f"publicity-{the_round.year}.pdf", key="round_pub_pdf",
                           on_click=audited(f"publicity-{the_round.year}.pdf"),
                           mime="application/pdf")
    with right:
        def prices() -> bytes:
            lists = rr.price_lists(the_round, dataset, store)
            return publicity.prices_xlsx(lists, lang, names=names, lines=lines[:-1] if deadline else lines,
                                         title=t("round.prices_title", lang) + f" · {the_round.year}")

        st.download_button(t("round.prices_title", lang), prices, file_name=f"prices-{the_round.year}.xlsx",
                           key="round_prices_xlsx", on_click=audited(f"prices-{the_round.year}.xlsx"),
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    st.markdown(f"**{t('round.prices_title', lang)}**")
    lowest = rules.config.preset(rules.preset).classes[-1].grade
    rows = []
    for price in rules.config.prices:
        by_grade = dict(price.by_grade)
        row: dict[str, object] = {
            t("round.price.col.item", lang): price.name_zh if lang == "zh" else price.name_en,
            t("round.price.col.utility", lang): price.utility_zh if lang == "zh" else price.utility_en,
            t("round.price.col.unit", lang): price.unit_text(lang)}
        for grade, label in names.items():
            if grade != UNGRADED:
                row[label] = by_grade.get(grade, 0.0)
        row[t("round.price.col.steps", lang, grade=names.get(lowest, lowest))] = \
            " / ".join(f"+{v:g}" for v in price.lowest_by_years) or fmt.MISSING
        rows.append(row)
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    columns = set(the_round.firm_years.columns)
    for price in rules.config.prices:
        label = price.name_zh if lang == "zh" else price.name_en
        notes = publicity.price_lines(price, {"has_consumption": price.consumption in columns, "total": 0.0,
                                              "firms_known": 0, "firms_with_rate": 0}, lang)
        if price.consumption in columns:  # the total is in the file
            notes = notes[:-1]
        st.caption(f"{label} ({price.unit_text(lang)}): " + " ".join(notes))

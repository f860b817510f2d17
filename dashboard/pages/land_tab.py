"""The zone view's 土地台账 / Land registers tab (issue 17): the registers as of a chosen date, their
XLSX download, and the disposal status and deadline analysts edit (with history; a save based on an
older version than the current one is refused, naming who saved first).

The registers are :func:`zone_layers.registers.zone_registers`; a viewer gets
:func:`zone_layers.registers.redact_registers` (land facts, dates, areas and statuses; no firm tax,
investment or energy figures). Statuses live in the shared edit store (:mod:`dashboard.land_status`).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import access, fmt, land_status
from dashboard.export import tables
from dashboard.i18n import low_reasons_text, t
from dashboard.pages import data
from geodata.errors import ZoneDataError
from geodata.store import EditStore
from zone_layers import registers as reg

#: Session key of the date the registers are shown for.
AS_OF_KEY = "land_as_of"
#: Session key prefix of the version an analyst read of a status being edited.
BASE_PREFIX = "land-base"
#: Session key of the message shown after a save (the page reruns to show the new status).
FLASH_KEY = "land-flash"


def _day(value: object) -> str | None:
    """A date as YYYY-MM-DD; None when missing."""
    if value is None or fmt.is_missing(value):
        return None
    return pd.Timestamp(value).strftime("%Y-%m-%d")


def _num(value: object, digits: int = 1) -> float | None:
    return None if value is None or fmt.is_missing(value) else round(float(value), digits)  # type: ignore[arg-type]


def _status_columns(frame: pd.DataFrame, lang: str) -> dict[str, list]:
    return {
        t("land.col.status", lang): [t(f"land.status.{s}", lang) for s in frame["status"]],
        t("land.col.disposal", lang): [t(f"land.disposal.{d}", lang) if d else None for d in frame["disposal"]],
        t("land.col.deadline", lang): list(frame["deadline"]),
        t("land.col.edited", lang): [f"{u} · {a[:10]}" if u else None for u, a in
                                     zip(frame["edited_by"], frame["edited_at"], strict=True)],
    }


def _reasons(keys: tuple, lang: str) -> str:
    low = [k for k in keys if k != "idle_register"]
    words = [low_reasons_text(low, lang)] if low else []
    if "idle_register" in keys:
        words.append(t("land.reason.idle_register", lang))
    return t("low_rule.separator", lang).join(words)


def _criterion(code: str, below: tuple, lang: str) -> str:
    """The idle criterion in words, with what was under its threshold (stopped land)."""
    text = t(f"land.criterion.{code}", lang)
    if below:
        text += " (" + t("list_separator", lang).join(t(f"land.below.{b}", lang) for b in below) + ")"
    return text


def shown_register(name: str, frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One register with its statuses (:func:`dashboard.land_status.with_status`) as the page shows it."""
    if name == "idle":
        cols = {
            t("land.col.parcel", lang): frame["parcel_id"], t("land.col.contract", lang): frame["contract_no"],
            t("land.col.criterion", lang): [_criterion(c, below, lang) for c, below in
                                            zip(frame["criterion"], frame["below"], strict=True)],
            t("land.col.anchor", lang): frame["anchor"].map(_day),
            t("land.col.idle_from", lang): frame["idle_from"].map(_day),
            t("land.col.days_overdue", lang): frame["days_overdue"].astype("Int64"),
            t("land.col.fee", lang): frame["fee_wan"].map(_num),
            t("land.col.take_back", lang): [t("land.take_back_yes" if b else "land.take_back_no", lang)
                                            for b in frame["take_back_eligible"]],
            t("land.col.area_mu", lang): frame["area_mu"].map(_num),
        }
    elif name == "supplied_not_started":
        cols = {
            t("land.col.parcel", lang): frame["parcel_id"], t("land.col.contract", lang): frame["contract_no"],
            t("land.col.signed", lang): frame["signed"].map(_day),
            t("land.col.agreed_start", lang): frame["agreed_start"].map(_day),
            t("land.col.idle_due", lang): frame["idle_due"].map(_day),
            t("land.col.days_to_idle", lang): frame["days_to_idle"].astype("Int64"),
            t("land.col.area_mu", lang): frame["area_mu"].map(_num),
        }
    elif name == "approved_not_supplied":
        cols = {
            t("land.col.batch", lang): frame["batch_id"] + " " + frame["name"].fillna(""),
            t("land.col.approved", lang): frame["approved"].map(_day),
            t("land.col.age", lang): frame["full_years"].astype("Int64"),
            t("land.col.unsupplied_mu", lang): frame["unsupplied_mu"].map(_num),
            t("land.col.unsupplied_share", lang): [fmt.pct(v, 0) for v in frame["unsupplied_share"]],
        }
    else:  # low_efficiency
        cols = {
            t("land.col.parcel", lang): frame["parcel_id"],
            t("land.col.reasons", lang): [_reasons(tuple(r), lang) for r in frame["reasons"]],
            t("land.col.area_mu", lang): frame["area_mu"].map(_num),
        }
    out = pd.DataFrame({k: list(v) for k, v in cols.items()})
    for k, v in _status_columns(frame, lang).items():
        out[k] = v
    return out


def shown_commitments(frame: pd.DataFrame, lang: str, *, role: str) -> pd.DataFrame:
    """标准地 performance as shown; the firm's actual figures and the gaps for analysts only."""
    out = pd.DataFrame({
        t("land.col.contract", lang): frame["contract_no"], t("land.col.parcel", lang): frame["parcel_id"],
        t("land.col.committed_investment", lang): frame["committed_investment_wan_per_mu"].map(_num),
        t("land.col.committed_tax", lang): frame["committed_tax_wan_per_mu"].map(_num),
        t("land.col.production_due", lang): frame["production_due"].map(_day),
    })
    if role == "analyst":
        out[t("land.col.firm", lang)] = list(frame["name"])
        out[t("land.col.gap_investment", lang)] = list(frame["gap_investment_wan_per_mu"].map(_num))
        out[t("land.col.gap_tax", lang)] = list(frame["gap_tax_wan_per_mu"].map(lambda v: _num(v, 2)))
        out[t("land.col.short", lang)] = [t("list_separator", lang).join(
            t(f"land.commitment.{k}", lang) for k in short) for short in frame["short"]]
        out[t("land.col.commit_status", lang)] = [t(f"land.commit.{s}", lang) for s in frame["status"]]
    return out


@st.cache_resource(show_spinner=False, max_entries=16)
def _registers_by(key: tuple, zone_id: str, as_of: dt.date, role: str) -> reg.Registers:
    """The registers of one dataset version (``key``: :func:`dashboard.pages.data.dataset_key`), zone,
    date and role, worked out once (the tab, the map layer and reruns share them; never mutated)."""
    found = reg.zone_registers(data.load_dataset(), as_of=pd.Timestamp(as_of), zone_id=zone_id, firms=data.firms())
    return found if role == "analyst" else reg.redact_registers(found)


def _registers(zone_id: str, as_of: dt.date, role: str) -> reg.Registers:
    key = (*data.dataset_key(), data.grading_config().evaluation)  # whose land a lease is: the firms' figures
    return _registers_by(key, zone_id, as_of, "analyst" if role == "analyst" else "viewer")


def statuses() -> dict[str, str]:
    """The current disposal status code of every register entry ever edited, by key."""
    return {key: str(e.values.get("status")) for key, e in land_status.current_statuses(data.edit_store()).items()}


def parcel_status(zv: data.ZoneView, role: str) -> pd.Series:
    """The disposal status code of each parcel of the zone view on a land register, as of the tab's
    date (today until one is chosen), on the index of ``zv.parcels``: the map's register layer."""
    as_of = st.session_state.get(AS_OF_KEY) or dt.date.today()
    r = _registers(str(zv.zone["zone_id"]), as_of, role)
    by_parcel = reg.parcel_status(r, statuses())
    return pd.Series(by_parcel.reindex(zv.parcels["parcel_id"]).to_numpy(), index=zv.parcels.index, dtype=object)


def render(zv: data.ZoneView, lang: str, *, role: str) -> None:
    """The tab: date, registers with statuses, 标准地, reviews due, redevelopment, missing dates, download, editor."""
    dataset = data.load_dataset()
    if not (len(dataset.contracts) or len(dataset.approvals)):
        st.info(t("land.none_data", lang))
        return
    as_of = st.date_input(t("land.as_of", lang), value=dt.date.today(), key=AS_OF_KEY, format="YYYY-MM-DD")
    zone_id = str(zv.zone["zone_id"])
    r = _registers(zone_id, as_of, role)
    st.markdown(f"**{t('land.title', lang, date=as_of.isoformat())}**")
    st.caption(t("land.rules", lang))
    if role != "analyst":
        st.caption(t("land.viewer_figures", lang))
    if len(r.flag_mismatch):
        st.warning(flag_mismatch_text(r.flag_mismatch, lang))
    store = data.edit_store()
    statuses = land_status.current_statuses(store)
    sheets: dict[str, pd.DataFrame] = {}
    entries: dict[str, pd.DataFrame] = {}
    for name in reg.REGISTERS:
        frame = land_status.with_status(r.entries(name), name, statuses)
        entries[name] = frame
        shown = shown_register(name, frame, lang)
        _table(t(f"land.register.{name}", lang), shown, lang)
        sheets[t(f"land.register.{name}", lang)] = shown
    extra = {
        "commitments": shown_commitments(r.commitments, lang, role=role),
        "reviews_due": pd.DataFrame({
            t("land.col.contract", lang): r.reviews_due["contract_no"], t("land.col.parcel", lang): r.reviews_due[
                "parcel_id"],
            t("land.col.review", lang): [t(f"land.review.{k}", lang) for k in r.reviews_due["review"]],
            t("land.col.due", lang): r.reviews_due["due"].map(_day),
            t("land.col.days_left", lang): r.reviews_due["days_left"].astype("Int64")}),
        "redevelopment": _redevelopment(r.redevelopment, lang, role=role),
        "missing_dates": pd.DataFrame({
            t("land.col.contract", lang): r.missing_dates["contract_no"],
            t("land.col.parcel", lang): r.missing_dates["parcel_id"],
            t("land.col.reason", lang): [t(f"land.missing.{k}", lang) for k in r.missing_dates["reason"]]}),
    }
    for name, shown in extra.items():
        _table(t(f"land.register.{name}", lang), shown, lang)
        sheets[t(f"land.register.{name}", lang)] = shown
    _download(sheets, f"{zone_id}-registers-{as_of.isoformat()}", lang)
    if role == "analyst":
        _editor(store, entries, lang)
    else:
        st.caption(t("land.edit.viewer", lang))


def flag_mismatch_text(mismatch: pd.DataFrame, lang: str) -> str:
    """The parcels whose idle flag disagrees with the idle register, in words."""
    def ids(frame: pd.DataFrame) -> str:
        shown = t("list_separator", lang).join(frame["parcel_id"].head(5))
        more = " …" if len(frame) > 5 else ""
        return f" ({shown}{more})" if len(frame) else ""

    flagged, registered = mismatch.loc[mismatch["flagged"]], mismatch.loc[mismatch["registered"]]
    return t("land.flag_mismatch", lang, flagged=len(flagged), flagged_ids=ids(flagged),
             registered=len(registered), registered_ids=ids(registered))


def _redevelopment(frame: pd.DataFrame, lang: str, *, role: str) -> pd.DataFrame:
    out = pd.DataFrame({
        t("land.col.rank", lang): frame["rank"], t("land.col.parcel", lang): frame["parcel_id"],
        t("land.col.reasons", lang): [_reasons(tuple(k), lang) for k in frame["reasons"]],
        t("land.col.area_mu", lang): frame["area_mu"].map(_num),
        t("land.col.far_headroom", lang): frame["far_headroom"].map(lambda v: _num(v, 2)),
    })
    if role == "analyst":
        out[t("land.col.tax_potential", lang)] = list(frame["tax_potential_wan"].map(_num))
    return out


def _table(title: str, shown: pd.DataFrame, lang: str) -> None:
    st.markdown(f"**{title}** · {t('land.count', lang, n=len(shown))}")
    if len(shown):
        st.dataframe(shown, hide_index=True, width="stretch", placeholder=fmt.MISSING,
                     height=min(36 * (len(shown) + 1) + 3, 400))


def _download(sheets: dict[str, pd.DataFrame], stem: str, lang: str) -> None:
    illustrative = t("illustrative_export", lang) if data.load_dataset().illustrative else None
    note = " · ".join(x for x in (illustrative, access.export_stamp(lang)) if x) or None

    def audited() -> None:
        access.record_export(data.audit_log(), view=stem, what=f"{stem}.xlsx")

    st.download_button(t("land.download", lang), lambda: tables.to_xlsx_bytes(sheets, note=note), f"{stem}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"x-{stem}",
                       on_click=audited)


def _editor(store: EditStore, entries: dict[str, pd.DataFrame], lang: str) -> None:
    """Edit one entry's status, disposal, deadline and note; the version read is kept until saved."""
    st.markdown(f"**{t('land.edit.title', lang)}**")
    if FLASH_KEY in st.session_state:
        st.success(st.session_state.pop(FLASH_KEY))
    options = [(name, key) for name, frame in entries.items() for key in frame["key"]]
    if not options:
        return
    labels = {key: f"{t(f'land.register.{name}', lang)} · {key.partition(':')[2]}" for name, key in options}
    key = str(st.selectbox(t("land.edit.entry", lang), [k for _, k in options],
                           format_func=lambda k: labels[k], key="land-entry"))
    row = next(frame.loc[frame["key"] == key].iloc[0] for frame in entries.values() if (frame["key"] == key).any())
    base_key = f"{BASE_PREFIX}:{key}"
    base = int(st.session_state.setdefault(base_key, int(row["version"])))
    with st.form(f"land-form-{key}"):
        status = st.selectbox(t("land.col.status", lang), reg.STATUSES, index=reg.STATUSES.index(row["status"]),
                              format_func=lambda s: t(f"land.status.{s}", lang), key=f"land-status-{key}")
        disposals: list[str | None] = [None, *reg.DISPOSALS]
        disposal = st.selectbox(t("land.col.disposal", lang), disposals, index=disposals.index(row["disposal"]),
                                format_func=lambda d: t(f"land.disposal.{d}", lang) if d else "—",
                                key=f"land-disposal-{key}")
        deadline = st.date_input(t("land.col.deadline", lang), value=pd.Timestamp(row["deadline"]).date()
                                 if row["deadline"] else None, format="YYYY-MM-DD", key=f"land-deadline-{key}")
        note = st.text_input(t("land.edit.note", lang), value=row["note"] or "", key=f"land-note-{key}")
        saved = st.form_submit_button(t("land.edit.save", lang))
    if saved:
        values = {"status": status, "disposal": disposal, "note": note,
                  "deadline": deadline.isoformat() if deadline else None}
        _save(store, key, values, base, lang)
    history = land_status.status_history(store, key)
    if history:
        st.markdown(f"**{t('land.edit.history', lang)}**")
        st.dataframe(pd.DataFrame({
            "v": [e.version for e in history], t("land.col.edited", lang): [f"{e.user} · {e.at}" for e in history],
            t("land.col.status", lang): [t(f"land.status.{e.values['status']}", lang) for e in history],
            t("land.col.disposal", lang): [t(f"land.disposal.{e.values['disposal']}", lang)
                                           if e.values.get("disposal") else None for e in history],
            t("land.col.deadline", lang): [e.values.get("deadline") for e in history],
            t("land.edit.note", lang): [e.values.get("note") for e in history]}), hide_index=True, width="stretch")


def _save(store: EditStore, key: str, values: dict, base: int, lang: str) -> None:
    """Save a new version based on ``base``; a conflict says who saved first and forgets ``base``."""
    if "no_disposal" in reg.status_problems(values):
        st.error(t("land.edit.no_disposal", lang))
        return
    try:
        edit = land_status.save_status(store, key, values, user=access.signed_in_user() or "analyst",
                                       base_version=base)
    except ZoneDataError as exc:  # someone saved first: say who, and read again on the next run
        st.session_state.pop(f"{BASE_PREFIX}:{key}", None)
        st.error(t("land.edit.conflict", lang, message=str(exc)))
        return
    st.session_state[f"{BASE_PREFIX}:{key}"] = edit.version
    st.session_state[FLASH_KEY] = t("land.edit.saved", lang, version=edit.version)
    st.rerun()  # the tables above show the new status

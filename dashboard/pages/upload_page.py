"""「导入数据」: check a user's own files (parcels + an attribute table) before they are used.

Everything goes through :func:`geodata.ingest.parcels_from_file`, the same code as
``python -m dashboard check``: the page shows its validation report (what was read, repaired and
rejected, each problem with row, key, field and value), lets the user map columns the alias table
does not know, previews the accepted parcels on the map and offers the report and the cleaned
parcels as downloads. A CSV/XLSX of one enterprise table (firms, their figures by year, their land
use) goes through :func:`geodata.ingest.tables.table_from_file` instead (``check FILE --table``):
the same report, a preview of the normalised table and its download. Uploaded names are never used
as paths: only their suffix is kept.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from dataclasses import replace
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from dashboard import fmt
from dashboard.export.tables import to_csv_bytes
from dashboard.i18n import t, unit_text
from dashboard.map import maps, mapview
from dashboard.pages import data, progress
from dashboard.pages.upload_report import (
    column_label,
    field_label,
    layer_of,
    mapping_table,
    problem_text,
    report_text,
    verdict,
)
from geodata import schema
from geodata.crs import central_meridian_of
from geodata.dataset import dataset_from_layers, normalise_layer
from geodata.errors import ZoneDataError
from geodata.ingest import complete, parcels_from_file
from geodata.ingest.loaders import IngestResult
from geodata.ingest.report import Problem, ValidationReport
from geodata.ingest.tables import FILLABLE, TableResult, table_from_file

PARCEL_TYPES = ["gpkg", "geojson", "json", "zip", "csv", "xlsx"]
TABLE_TYPES = ["csv", "xlsx"]
#: CRS choices offered; "auto" lets the loader honour the file's CRS or infer it.
CRS_CHOICES = {"auto": None, "EPSG:4490": 4490, "EPSG:4326": 4326, "EPSG:4547": 4547, "EPSG:4526": 4526,
               "EPSG:4546": 4546, "EPSG:4548": 4548}
#: Land-use code schemes the loader knows (geodata/land_codes.csv); their names are in the catalogue.
SCHEMES = {"auto": None, "gb21010": "GB/T21010-2017", "guide_2023": "2023"}
IGNORE = "—"
#: What an uploaded file may hold: parcels, or one of the enterprise tables (names in the catalogue).
KINDS: tuple[str, ...] = ("parcels", "enterprises", "enterprise_years", "land_use", "contracts", "progress")
#: Rows of a normalised table shown in the preview (the download holds them all).
PREVIEW_ROWS = 200


def _save(upload: st.runtime.uploaded_file_manager.UploadedFile, folder: Path, stem: str) -> Path:
    suffix = Path(upload.name).suffix.lower()
    target = folder / f"{stem}{suffix}"
    target.write_bytes(upload.getvalue())
    return target


def _digest(*uploads: object) -> str:
    h = hashlib.sha256()
    for u in uploads:
        if u is not None:
            h.update(u.getvalue())  # type: ignore[attr-defined]
    return h.hexdigest()


def _central_meridian() -> int | None:
    """The 3-degree zone of the zones the app shows: assumed for 6-digit Gauss-Kruger eastings."""
    try:
        return central_meridian_of(data.load_dataset().zones)
    except ZoneDataError:  # no dataset in use: the report then asks for the CRS
        return None


def _ingest(parcels_file: object, table_file: object, *, crs: object, gcj02: bool, scheme: str | None,
            overrides: dict[str, str], lang: str | None = None, units: dict[str, str] | None = None) -> IngestResult:
    """Run the loader on temporary copies (cached in the session by content and options); with
    ``lang``, a progress bar says what is being done and, at the end, what was checked."""
    cm = _central_meridian()
    units = dict(units or {})
    cache_key = (_digest(parcels_file, table_file), crs, gcj02, scheme, tuple(sorted(overrides.items())), cm,
                 tuple(sorted(units.items())))
    cached = st.session_state.get("_upload_result")
    if cached and cached[0] == cache_key:
        return cached[1]
    name = parcels_file.name  # type: ignore[attr-defined]
    steps = progress.Steps(lang, ["upload_save", "upload_read"]) if lang else None
    with tempfile.TemporaryDirectory(prefix="upload-") as folder:
        path = _save(parcels_file, Path(folder), "parcels")  # type: ignore[arg-type]
        table = _save(table_file, Path(folder), "attributes") if table_file is not None else None  # type: ignore[arg-type]
        if steps:
            steps.at("upload_read", file=name)
        result = parcels_from_file(path, attributes=table, declared_crs=crs, gcj02=gcj02, land_scheme=scheme,
                                   overrides=overrides, central_meridian=cm, tax_years=data.years(), units=units)
    if steps:
        steps.done("upload_done", file=name, n=result.report.features)
    # the report names the user's files as they uploaded them, not our temporary names
    result.report.file = parcels_file.name  # type: ignore[attr-defined]
    renamed = {path.name: name}
    if table is not None:
        renamed[table.name] = table_file.name  # type: ignore[attr-defined]
    result.report.problems[:] = [_renamed(p, renamed) for p in result.report.problems]
    st.session_state["_upload_result"] = (cache_key, result)
    return result


def _renamed(problem: Problem, names: dict[str, str]) -> Problem:
    """``problem`` naming the user's files where it names our temporary copies (``parcels.zip``)."""
    def swap(text: object) -> object:
        if not isinstance(text, str):
            return text
        for temporary, user in names.items():
            text = text.replace(temporary, user)
        return text

    params = {k: swap(v) for k, v in problem.params.items()} if problem.params is not None else None
    return replace(problem, message=str(swap(problem.message)), params=params)


def render(lang: str) -> None:
    """Build the upload page."""
    st.subheader(t("upload_title", lang))
    kind = st.radio(t("upload_kind", lang), KINDS, key="up_kind", horizontal=True,
                    format_func=lambda k: t(f"upload_kind.{k}", lang))
    if kind != "parcels":
        _render_table(kind, lang)
        return
    st.caption(t("upload_help", lang))
    left, right = st.columns(2)
    parcels_file = left.file_uploader(t("upload_parcels", lang), type=PARCEL_TYPES, key="up_parcels")
    table_file = right.file_uploader(t("upload_table", lang), type=TABLE_TYPES, key="up_table")
    with st.expander(t("upload_options", lang)):
        a, b, c = st.columns(3)
        crs_label = a.selectbox(t("upload_crs", lang), list(CRS_CHOICES), key="up_crs", placeholder=t("choose", lang),
                                help=t("upload_crs_help", lang))
        scheme_label = b.selectbox(t("upload_scheme", lang), list(SCHEMES), key="up_scheme",
                                   placeholder=t("choose", lang),
                                   format_func=lambda key: t(f"land_scheme.{key}", lang))
        gcj02 = c.checkbox(t("upload_gcj02", lang), key="up_gcj02", help=t("upload_gcj02_help", lang))
    if parcels_file is None:
        st.info(t("upload_waiting", lang))
        return
    overrides = {k: v for k, v in st.session_state.get("_upload_overrides", {}).items() if v != IGNORE}
    result = _ingest(parcels_file, table_file, crs=CRS_CHOICES[crs_label], gcj02=gcj02,
                     scheme=SCHEMES[scheme_label], overrides=overrides, lang=lang,
                     units=st.session_state.get(UNITS_KEY, {}))
    _report(result, lang)
    _unit_questions(result.report, lang)
    _unknown_columns(result, lang)
    _fill(result, lang)
    if len(result.parcels):
        _preview(result.parcels, lang)


def _ingest_table(upload: object, table: str, *, year: int | None, lang: str | None = None,
                  units: dict[str, str] | None = None, defaults: dict[str, str] | None = None) -> TableResult:
    """Run the table loader on a temporary copy (cached in the session by content and options); with
    ``lang``, a progress bar as for the parcels (:func:`_ingest`). ``units`` and ``defaults``: the
    user's answers to the unit question and the fill step (:func:`table_from_file`)."""
    units, defaults = dict(units or {}), dict(defaults or {})
    cache_key = (_digest(upload), table, year, tuple(sorted(units.items())), tuple(sorted(defaults.items())))
    cached = st.session_state.get("_upload_table_result")
    if cached and cached[0] == cache_key:
        return cached[1]
    name = Path(upload.name).name  # type: ignore[attr-defined]
    steps = progress.Steps(lang, ["upload_save", "upload_read"]) if lang else None
    with tempfile.TemporaryDirectory(prefix="upload-") as folder:
        path = _save(upload, Path(folder), "table")  # type: ignore[arg-type]
        if steps:
            steps.at("upload_read", file=name)
        # the report names the file as uploaded (its year may be in the name), not our temporary name
        result = table_from_file(path, table, year=year, name=name, units=units, defaults=defaults)
    if steps:
        steps.done("upload_done", file=name, n=result.report.features)
    st.session_state["_upload_table_result"] = (cache_key, result)
    return result


def _render_table(table: str, lang: str) -> None:
    """A CSV/XLSX of one enterprise table: its report, the normalised table and its download."""
    st.caption(t("upload_table_help", lang))
    left, right = st.columns([2, 1])
    upload = left.file_uploader(t("upload_table_file", lang), type=TABLE_TYPES, key=f"up_{table}")
    year = None
    if "year" in {f.name for f in schema.fields_of(table)}:
        chosen = right.number_input(t("upload_year", lang), min_value=1990, max_value=2100, value=None, step=1,
                                    key="up_year", help=t("upload_year_help", lang))
        year = int(chosen) if chosen is not None else None
    if upload is None:
        st.info(t("upload_table_waiting", lang))
        return
    filled = st.session_state.get(TABLE_FILL_KEY, {})
    if filled.get("digest") != _digest(upload):  # answers belong to the file they were given for
        filled = {"digest": _digest(upload)}
        st.session_state[TABLE_FILL_KEY] = filled
        st.session_state.pop(_units_key(table), None)
    result = _ingest_table(upload, table, year=year if year is not None else filled.get("year"), lang=lang,
                           units=st.session_state.get(_units_key(table), {}), defaults=filled.get("defaults", {}))
    r = result.report
    _verdict(r, [], lang)
    cols = st.columns(4)
    cols[0].metric(t("upload_rows", lang), r.features, border=True)
    cols[1].metric(t("upload_accepted", lang), r.accepted, border=True)
    cols[2].metric(t("upload_rejected", lang), r.rejected, border=True)
    cols[3].metric(t("upload_years", lang), ", ".join(map(str, r.years)) or fmt.MISSING, border=True)
    st.caption(t("upload_encoding", lang, encoding=r.encoding or fmt.MISSING))
    _problems(r, lang, key_label=t("upload_col_key", lang))
    if r.mappings:
        with st.expander(t("upload_mappings", lang, n=len(r.mappings))):
            st.dataframe(mapping_table(r, lang), hide_index=True, width="stretch", placeholder=fmt.MISSING)
    _unit_questions(r, lang, key=_units_key(table))
    _fill_table(table, r, lang)
    frame = result.frame
    d1, d2, d3, _ = st.columns([1, 1, 1, 3])
    _report_downloads(r, lang, d1, d2)
    if len(frame):
        d3.download_button(t("upload_table_download", lang), to_csv_bytes(frame), f"{Path(r.file).stem}-{table}.csv",
                           mime="text/csv", key="up_table_csv")
        st.markdown(f"**{t('upload_table_preview', lang, n=min(PREVIEW_ROWS, len(frame)), total=len(frame))}**")
        labels = {f.name: column_label(f, lang) for f in schema.fields_of(table)}
        st.dataframe(frame.head(PREVIEW_ROWS).rename(columns=labels), hide_index=True, width="stretch",
                     placeholder=fmt.MISSING)


def _problems(r: ValidationReport, lang: str, *, key_label: str) -> None:
    """The report's problems as a table, headed in ``lang`` (the messages name file, row and fix)."""
    if not r.problems:
        return
    st.markdown(f"**{t('upload_problems', lang, n=len(r.problems))}**")
    st.dataframe(pd.DataFrame([{
        t("upload_col_severity", lang): t(f"upload_severity.{p.severity}", lang),
        t("upload_col_source", lang): t(f"upload_source.{p.source}" if p.source in ("parcels", "table")
                                        else f"upload_kind.{p.source}", lang),  # a table's own kind
        t("upload_col_row", lang): p.row, key_label: p.key,
        t("upload_col_field", lang): field_label(layer_of(p.source), p.field, lang),
        t("upload_col_value", lang): None if p.value is None else str(p.value),
        t("upload_col_message", lang): problem_text(p, lang)} for p in r.problems]),
        hide_index=True, width="stretch", placeholder=fmt.MISSING)


def _report_downloads(r: ValidationReport, lang: str, json_column: DeltaGenerator,
                      text_column: DeltaGenerator) -> None:
    """The report as JSON and as text, for download."""
    json_column.download_button(t("upload_report_json", lang), json.dumps(r.to_dict(), ensure_ascii=False, indent=1),
                                f"{Path(r.file).stem}-report.json", mime="application/json", key="up_report_json")
    text_column.download_button(t("upload_report_text", lang), report_text(r, lang), f"{Path(r.file).stem}-report.txt",
                                mime="text/plain", key="up_report_text")


def _verdict(r: ValidationReport, missing: list[str], lang: str) -> None:
    kind, text = verdict(r, missing, lang)
    {"error": st.error, "warning": st.warning, "success": st.success}[kind](text)


def _report(result: IngestResult, lang: str) -> None:
    r = result.report
    _verdict(r, complete.missing_fields(result.parcels) if len(result.parcels) else [], lang)
    cols = st.columns(6)
    cols[0].metric(t("upload_features", lang), r.features, border=True)
    cols[1].metric(t("upload_accepted", lang), r.accepted, border=True)
    cols[2].metric(t("upload_repaired", lang), r.repaired, border=True)
    cols[3].metric(t("upload_rejected", lang), r.rejected, border=True)
    cols[4].metric(t("upload_crs_found", lang), str(r.epsg) if r.epsg else fmt.MISSING,
                   delta=t("upload_inferred", lang) if r.crs_inferred else None, delta_color="off",
                   delta_arrow="off", border=True)
    cols[5].metric(t("upload_area", lang), fmt.num(r.total_area_mu, 1), border=True)
    st.caption(t("upload_encoding", lang, encoding=r.encoding or fmt.MISSING))
    _problems(r, lang, key_label=t("tip_parcel", lang))
    if r.unmatched_in_table or r.missing_from_table:
        a, b = st.columns(2)
        a.markdown(f"**{t('upload_unmatched_table', lang, n=len(r.unmatched_in_table))}**")
        a.dataframe(pd.DataFrame({t("tip_parcel", lang): r.unmatched_in_table}), hide_index=True)
        b.markdown(f"**{t('upload_missing_table', lang, n=len(r.missing_from_table))}**")
        b.dataframe(pd.DataFrame({t("tip_parcel", lang): r.missing_from_table}), hide_index=True)
    if r.mappings:
        with st.expander(t("upload_mappings", lang, n=len(r.mappings))):
            st.dataframe(mapping_table(r, lang), hide_index=True, width="stretch", placeholder=fmt.MISSING)
    d1, d2, d3, _ = st.columns([1, 1, 1, 3])
    _report_downloads(r, lang, d1, d2)
    if len(result.parcels):
        d3.download_button(t("upload_cleaned", lang), result.parcels.to_json(drop_id=True),
                           f"{Path(r.file).stem}-checked.geojson", mime="application/geo+json", key="up_cleaned")


def _unknown_columns(result: IngestResult, lang: str) -> None:
    """Columns the alias table did not recognise: the user may map each to a canonical field."""
    known = {f.name for f in schema.PARCEL_INPUT_FIELDS} | {"geometry", "source_row"}
    unknown = [c for c in result.parcels.columns if c not in known]
    if not unknown:
        return
    st.markdown(f"**{t('upload_unknown', lang, n=len(unknown))}**")
    fields = [IGNORE] + [f.name for f in schema.PARCEL_INPUT_FIELDS]
    current = dict(st.session_state.get("_upload_overrides", {}))
    cols = st.columns(min(4, len(unknown)))
    for i, column in enumerate(unknown):
        current[column] = cols[i % len(cols)].selectbox(
            str(column), fields, index=fields.index(current.get(column, IGNORE)), key=f"up_map_{i}",
            placeholder=t("choose", lang),
            format_func=lambda f: f if f == IGNORE else f"{schema.alias('parcels', f, lang=lang)} · {f}")
    if st.button(t("upload_apply_mapping", lang), key="up_apply"):
        st.session_state["_upload_overrides"] = current
        st.rerun()


#: Session-state key of the units the user gave for headers without one ({column: unit}).
UNITS_KEY = "_upload_units"
#: Units offered for a money column whose header says none (the first is what was assumed).
MONEY_UNITS: tuple[str, ...] = ("万元", "元", "亿元")


def _units_key(table: str) -> str:
    """Session-state key of the units given for an enterprise table's headers (:data:`UNITS_KEY`)."""
    return f"{UNITS_KEY}.{table}"


def _unit_questions(report: ValidationReport, lang: str, *, key: str = UNITS_KEY) -> None:
    """A money column whose header says no unit was read in 万元: asked, not assumed silently; an
    answer other than 万元 checks the file again in that unit (a parcel file and its table, or an
    enterprise table: their answers kept under ``key``)."""
    given = dict(st.session_state.get(key, {}))

    def unit_name(unit: str) -> str:
        return {"万元": unit_text("wan", lang), "亿元": unit_text("yi", lang)}.get(unit) or t("upload_units.yuan", lang)

    for column, unit in given.items():  # what was answered before
        st.caption(t("upload_units.read_as", lang, column=column, unit=unit_name(unit)))
    asked = [m for m in report.mappings if m.unit_assumed and m.unit == MONEY_UNITS[0]]
    if not asked:
        return
    with st.form("up_units"):
        st.markdown(f"**{t('upload_units.title', lang)}**")
        for i, m in enumerate(asked):
            given[m.source] = st.radio(t("upload_units.question", lang, column=m.source,
                                         unit=unit_name(MONEY_UNITS[0])), MONEY_UNITS, format_func=unit_name,
                                       key=f"up_unit_{i}", horizontal=True,
                                       index=MONEY_UNITS.index(given.get(m.source, MONEY_UNITS[0])))
        if st.form_submit_button(t("upload_units.apply", lang)):
            st.session_state[key] = given  # 万元 confirmed too: asked no more
            st.rerun()


#: Session-state key of the fill step of an enterprise table: the file's digest, the year chosen
#: for a dated table without one, and the values chosen for fields the file lacks.
TABLE_FILL_KEY = "_upload_table_fill"
#: Values offered for a field filled in for every row (``tables.FILLABLE``): codes of the catalogue.
FILL_VALUES: dict[str, tuple[str, ...]] = {"tenure": ("own", "lease")}


def _fill_table(table: str, r: ValidationReport, lang: str) -> None:
    """What an enterprise table lacks and the user may give for every row: the year of figures whose
    file says none (a year of the data in use, or another), the tenure of a land-use table without
    one; the table is checked again with the answers."""
    codes = {p.code for p in r.problems}
    need_year = "table_no_year" in codes
    missing = [f for f in FILLABLE.get(table, ()) if any(
        p.code == "table_required_missing" and p.field == f for p in r.problems)]
    if not need_year and not missing:
        return
    filled = dict(st.session_state.get(TABLE_FILL_KEY, {}))
    st.markdown(f"**{t('upload_fill.title', lang)}**")
    with st.form("up_fill_table"):
        cols = st.columns(int(need_year) + len(missing))
        chosen: dict[str, str] = dict(filled.get("defaults", {}))
        year = None
        if need_year:
            years = list(reversed(data.years()))
            year = cols[0].selectbox(t("upload_fill.year", lang), years, key="up_fill_year",
                                     placeholder=t("choose", lang), accept_new_options=True)
        for col, name in zip(cols[int(need_year):], missing, strict=True):
            chosen[name] = str(col.selectbox(field_label(table, name, lang) or name, list(FILL_VALUES[name]),
                                             key=f"up_fill_{name}",
                                             format_func=lambda v: t(f"upload_fill.value.{v}", lang)))
        if not st.form_submit_button(t("upload_fill.apply", lang)):
            return
    try:
        filled["year"] = int(year) if year is not None else filled.get("year")
    except ValueError:
        st.error(t("upload_fill.year_invalid", lang, value=year))
        return
    filled["defaults"] = chosen
    st.session_state[TABLE_FILL_KEY] = filled
    st.rerun()


#: Session-state key of the completed parcels layer: (the check it completes, the layer, the fields filled).
FILLED_KEY = "_upload_filled"


def _fill(result: IngestResult, lang: str) -> None:
    """Fields the dashboard needs that the file lacks (a zone, the yes/no flags): the user chooses how
    to fill each; the completed layer is checked again as a dataset's parcels layer and offered as a
    download and to open in the dashboard (kept in the session until another file is checked). A
    file that needs nothing is offered to open as it is."""
    if not len(result.parcels):
        return
    missing = complete.missing_fields(result.parcels)
    if not missing:
        if result.report.schema_complete:
            _open_button(result.parcels, result.report.file, lang)
        return
    st.markdown(f"**{t('upload_fill.title', lang)}**")
    zones = _zone_choices()
    with st.form("up_fill"):
        cols = st.columns(len(missing))
        zone_id = None
        flags: dict[str, complete.FlagRule] = {}
        for col, name in zip(cols, missing, strict=True):
            if name == "zone_id":
                zone_id = col.selectbox(t("upload_fill.zone", lang), list(zones), key="up_fill_zone",
                                        format_func=lambda z: zones.get(z, z), placeholder=t("choose", lang),
                                        accept_new_options=True)
            elif name in complete.FLAGS:
                rules = [r for r in complete.FLAG_RULES if r != "from_class" or name != "idle"]
                flags[name] = col.selectbox(schema.alias("parcels", name, lang=lang), rules, key=f"up_fill_{name}",
                                            index=rules.index(complete.FLAGS[name]), placeholder=t("choose", lang),
                                            format_func=lambda r: t(f"upload_fill.rule.{r}", lang))
        applied = st.form_submit_button(t("upload_fill.apply", lang))
    checked = st.session_state.get("_upload_result", (None,))[0]
    if applied:
        st.session_state.pop(FILLED_KEY, None)
        filled = _completed(result, lang, zone_id=zone_id, flags=flags)
        if filled is None:
            return
        st.session_state[FILLED_KEY] = (checked, filled, missing)
    held = st.session_state.get(FILLED_KEY)
    if not held or held[0] != checked:  # not filled yet, or filled for another file or options
        return
    _, filled, missing = held
    names = t("list_separator", lang).join(schema.alias("parcels", f, lang=lang) for f in missing)
    st.success(t("upload_fill.done", lang, n=len(filled), fields=names))
    left, right, _ = st.columns([1, 1, 2])
    left.download_button(t("upload_fill.download", lang), filled.to_json(drop_id=True),
                         f"{Path(result.report.file).stem}-parcels.geojson", mime="application/geo+json",
                         key="up_filled")
    _open_button(filled, result.report.file, lang, column=right)


def _completed(result: IngestResult, lang: str, *, zone_id: str | None,
               flags: dict[str, complete.FlagRule]) -> gpd.GeoDataFrame | None:
    """The checked parcels with the user's choices filled in, checked as a dataset's parcels layer;
    None (and an error naming what is still missing, by field and row) when they are not enough."""
    filled = complete.complete_parcels(result.parcels, zone_id=zone_id, flags=flags)
    still = complete.missing_fields(filled)
    if still:
        st.error(t("upload_verdict.incomplete", lang, file=result.report.file, features=result.report.features,
                   accepted=result.report.accepted, rejected=result.report.rejected,
                   fields=t("list_separator", lang).join(schema.alias("parcels", f, lang=lang) for f in still)))
        return None
    blank = complete.blank_required(filled)
    if blank:  # a required value some rows lack (a land class the file left blank): named, by row
        name, rows = next(iter(blank.items()))
        st.error(t("upload_fill.blank", lang, file=result.report.file, n=len(rows),
                   field=field_label("parcels", name, lang), rows=", ".join(map(str, rows[:10]))))
        return None
    try:
        normalise_layer("parcels", filled.drop(columns=["source_row"], errors="ignore"), source=result.report.file)
    except ZoneDataError as exc:  # says which field of which row is still not usable
        st.error(str(exc))
        return None
    return filled


def _open_button(parcels: gpd.GeoDataFrame, file: str, lang: str, *, column: DeltaGenerator | None = None) -> None:
    """«Open in the dashboard»: the checked, complete parcels become this session's dataset (its zones
    from the data in use where it names them: :func:`geodata.ingest.complete.dataset_layers`), and
    the page moves to the first of their zones."""
    if not (column or st).button(t("upload_open", lang), key="up_open", type="primary",
                                 help=t("upload_open_help", lang)):
        return
    try:
        known = data.load_dataset().zones
    except ZoneDataError:  # no data in use: the zones are named by their IDs
        known = None
    stem = Path(file).stem
    try:
        layers = {name: normalise_layer(name, frame, source=file)
                  for name, frame in complete.dataset_layers(parcels, known_zones=known, name=stem).items()}
        dataset = dataset_from_layers(layers, source=file)
    except ZoneDataError as exc:  # names the file, layer, row and field
        st.error(str(exc))
        return
    data.open_session_dataset(dataset, file=file)
    st.session_state[OPEN_ZONE_KEY] = str(dataset.zones["zone_id"].iloc[0])
    st.rerun()


#: Session-state key of the zone to show after a dataset was opened (applied before the sidebar is drawn).
OPEN_ZONE_KEY = "_open_zone"


def _zone_choices() -> dict[str, str]:
    """Zone IDs of the data in use and their names (a new ID may be typed)."""
    try:
        zones = data.load_dataset().zones
    except ZoneDataError:
        return {}
    return {str(z): f"{n} · {z}" for z, n in zip(zones["zone_id"], zones["name"], strict=True)}


def _preview(parcels: gpd.GeoDataFrame, lang: str) -> None:
    st.markdown(f"**{t('upload_preview', lang)}**")
    # the compact canvas layer of the zone map: a city's file of tens of thousands of parcels stays usable
    rendered = mapview.render(maps.preview_map(parcels, lang=lang), key="upload-map")
    mapview.draw(rendered, key="upload-map", height=480, returned=[])

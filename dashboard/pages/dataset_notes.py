"""The notes of how the dataset was assembled (:attr:`geodata.dataset.ZoneDataset.notes`) in the
page's language: each coded note (:class:`geodata.errors.Note`) worded from the catalogue
(``note.<code>`` with its params); a note without a code is shown as the loader wrote it."""

from __future__ import annotations

from collections.abc import Sequence

from dashboard.i18n import TEXT, t
from dashboard.pages.upload_report import field_label, problem_text
from geodata import schema
from geodata.ingest.report import Problem


def _listed(values: Sequence[object], lang: str) -> str:
    return t("note.list_sep", lang).join(str(v) for v in values)


def _rows(rows: Sequence[int], n: int, lang: str) -> str:
    shown = _listed(rows, lang)
    if n > len(rows):
        return t("note.rows_more", lang, rows=shown, n=n)
    return t("note.row" if n == 1 else "note.rows", lang, rows=shown)


def _layer(name: str, lang: str) -> str:
    return schema.LAYERS[name][0] if lang == "zh" and name in schema.LAYERS else name


def _legacy_extra(params: dict, lang: str) -> str:
    """The optional clauses of the older layout's note (no name column, undated figures)."""
    extra = t("note.legacy_firms.by_parcel_id", lang) if params.get("by_parcel_id") else ""
    undated = _listed(params.get("undated") or [], lang)
    if undated and params.get("undated_year") is not None:
        extra += t("note.legacy_firms.undated_taken", lang, columns=undated, year=params["undated_year"])
    elif undated:
        extra += t("note.legacy_firms.undated_unused", lang, columns=undated)
    return extra


def note_text(note: str, lang: str) -> str:
    """``note`` in ``lang``: its code's catalogue text with its params, else the note as written."""
    code = getattr(note, "code", "")
    if not code or f"note.{code}" not in TEXT:
        return str(note)
    params = dict(getattr(note, "params", {}))
    if "rows" in params:
        params["rows"] = _rows(params["rows"], int(params.get("n_rows", len(params["rows"]))), lang)
    for key in ("codes", "parcels"):
        if key in params:
            params[key] = _listed(params[key], lang)
    for key in ("columns", "undated"):  # the parcels' firm columns, named as the page names fields
        if key in params:
            params[key] = [field_label("parcels", c, lang) or c for c in params[key]]
    if "columns" in params:
        params["columns"] = _listed(params["columns"], lang)
    if "layer" in params:
        params["table"] = params["layer"]  # the key as the command line takes it
        params["layer"] = _layer(str(params["layer"]), lang)
    if "keys" in params:
        params["keys"] = " + ".join(field_label(params["table"], k, lang) or k for k in params["keys"])
    if "shown" in params:
        params["shown"] = str(params["shown"])
    if isinstance(params.get("first"), Problem):  # the import check's finding, worded as the import page does
        params["first"] = problem_text(params["first"], lang)
    if code == "legacy_firms":
        params["extra"] = _legacy_extra(params, lang)
        params["years"] = params.get("years") or t("note.none", lang)
    return t(f"note.{code}", lang, **params)

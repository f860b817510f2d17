"""The import check's report in the page's language: each problem worded from the catalogue
(``ingest.<code>`` with its params), the fields, units and lists it names, how each column was read,
the one verdict of a checked file and the report as text (the «下载报告 TXT» download).

The loaders (:mod:`geodata.ingest`) speak in codes and params; their English ``message`` is for the
command line. Nothing here draws on the page: :mod:`dashboard.pages.upload_page` shows what these
functions return.
"""

from __future__ import annotations

import pandas as pd

from dashboard import fmt
from dashboard.i18n import TEXT, t, unit_text
from geodata import schema
from geodata.ingest.fields import FieldMapping
from geodata.ingest.report import Problem, ValidationReport

#: Schema units -> unit codes of the catalogue (``unit.<code>``); other units are shown as they are.
UNIT_CODES: dict[str, str] = {"万元": "wan", "亿元": "yi", "吨标煤": "tce", "人": "persons", "万元/亩": "wan_per_mu",
                              "吨标煤/万元": "tce_per_wan", "亩": "mu"}


def unit_label(unit: str, lang: str) -> str | None:
    """A unit as read from a header (万元, 元, 亩 …) in ``lang`` where the catalogue has it, else as written."""
    if unit in UNIT_CODES:
        return unit_text(UNIT_CODES[unit], lang)
    return t("upload_units.yuan", lang) if unit == "元" else unit or None


def column_label(field: schema.Field, lang: str) -> str:
    """A column header of the preview: the field's name in ``lang`` with its unit."""
    name = field.zh if lang == "zh" else field.en
    unit = unit_text(UNIT_CODES[field.unit], lang) if field.unit in UNIT_CODES else field.unit
    return f"{name}({unit})" if unit else name


def mapping_table(r: ValidationReport, lang: str) -> pd.DataFrame:
    """How each column of the file was read, headed and worded in ``lang``: the column as in the
    file, the field (its name in ``lang``), the unit read, the factor to the field's unit, whether the
    unit was assumed, the year from the header and the loader's note."""
    layer = "parcels" if r.table == "parcels" else r.table
    return pd.DataFrame([{
        t("upload_map.source", lang): m.source,
        t("upload_map.field", lang): f"{field_label(layer, m.field, lang)} · {m.field}",
        t("upload_map.unit", lang): unit_label(m.unit, lang),
        t("upload_map.factor", lang): m.factor,
        t("upload_map.assumed", lang): t("upload_map.yes" if m.unit_assumed else "upload_map.no", lang),
        t("upload_map.year", lang): m.year,
        t("upload_map.note", lang): _note(m, r.file, lang)} for m in r.mappings])


def _note(m: FieldMapping, file: str, lang: str) -> str | None:
    """A mapping's note in ``lang`` (its code's catalogue text), else as the loader wrote it."""
    if m.note_code and f"ingest.{m.note_code}" in TEXT:
        return problem_text(Problem(m.note, code=m.note_code,
                                    params={"file": file, "column": m.source, **dict(m.note_params)}), lang)
    return m.note or None


def problem_text(problem: Problem, lang: str) -> str:
    """A problem in the page's language: its code's catalogue text (``ingest.<code>``) with its
    params (a ``field`` or ``fields`` param, canonical names, named as the page names fields), else
    the loader's own message (English; a problem without a code in the catalogue)."""
    if not (problem.code and f"ingest.{problem.code}" in TEXT and problem.params is not None):
        return problem.message
    params = dict(problem.params)
    layer = layer_of(problem.source)
    if isinstance(params.get("field"), str):
        params["field"] = field_label(layer, params["field"], lang)
    if isinstance(params.get("fields"), str) and params["fields"]:
        params["fields"] = t("list_separator", lang).join(field_label(layer, f.strip(), lang) or f.strip()
                                                          for f in params["fields"].split(","))
    if isinstance(params.get("unit"), str):  # a header's unit (万元, 元 …) as the page names units
        params["unit"] = unit_label(params["unit"], lang) or params["unit"]
    for name in LIST_PARAMS & set(params):  # lists written with the page's separator
        if isinstance(params[name], str):
            params[name] = t("list_separator", lang).join(params[name].split(", "))
    return t(f"ingest.{problem.code}", lang, **params)


#: Params of a problem that are lists (``a, b, c``): names of columns, files, layers, units.
LIST_PARAMS: frozenset[str] = frozenset({"columns", "names", "found", "layers", "expected", "valid", "accepted",
                                         "paths", "years", "other"})


def layer_of(source: str) -> str:
    """The layer whose fields a problem's ``source`` names: a table's kind, else the parcels."""
    return source if source in schema.LAYERS and source != "parcels" else "parcels"


#: Report fields that are no field of a layer (what the whole file, its CRS or its text is about).
REPORT_FIELDS: tuple[str, ...] = ("crs", "geometry", "encoding", "header", "columns", "area")


def field_label(layer: str, name: str | None, lang: str) -> str | None:
    """A field a problem names, in ``lang``: a layer's field by its name (unit in ``lang``), the
    report's own (:data:`REPORT_FIELDS`) from the catalogue; a dated tax field with its year."""
    if not name:
        return None
    if name in REPORT_FIELDS:
        return t(f"upload_field.{name}", lang)
    field = next((f for f in (schema.PARCEL_INPUT_FIELDS if layer == "parcels" else schema.fields_of(layer))
                  if f.name == name), None)
    if field is not None:
        return column_label(field, lang)
    if name.startswith("tax_wan_") and name[-4:].isdigit():
        return t("upload_field.tax_year", lang, year=name[-4:], unit=unit_text("wan", lang))
    return name


def report_text(r: ValidationReport, lang: str) -> str:
    """The report as the page shows it, as text in ``lang`` (the CLI's ``to_text`` is bilingual and
    its messages English): the verdict, the counts, the CRS, how each column was read, every problem
    and the keys not joined."""
    sep = t("list_separator", lang)
    lines = [verdict(r, [], lang)[1]]
    if r.table != "parcels":
        lines.append(t("upload_text.rows", lang, features=r.features, accepted=r.accepted, rejected=r.rejected,
                       years=", ".join(map(str, r.years)) or fmt.MISSING, encoding=r.encoding or fmt.MISSING))
    else:
        lines.append(t("upload_text.counts", lang, features=r.features, accepted=r.accepted, repaired=r.repaired,
                       rejected=r.rejected))
        lines.append(t("upload_text.crs", lang, crs=f"EPSG:{r.epsg}" if r.epsg else fmt.MISSING,
                       inferred=t("upload_text.inferred", lang) if r.crs_inferred else "",
                       encoding=r.encoding or fmt.MISSING))
        lines.append(t("upload_text.area", lang, mu=fmt.num(r.total_area_mu, 2), m2=fmt.num(r.total_area_m2, 1)))
    layer = "parcels" if r.table == "parcels" else r.table
    if r.mappings:
        lines.append(t("upload_mappings", lang, n=len(r.mappings)))
        lines += [f"  {m.source} → {field_label(layer, m.field, lang)}"
                  + (f" ({unit_label(m.unit, lang)}, ×{m.factor:g})" if m.factor != 1 else "") for m in r.mappings]
    lines.append(t("upload_problems", lang, n=len(r.problems)))
    lines += [f"  [{t(f'upload_severity.{p.severity}', lang)}] {problem_text(p, lang)}" for p in r.problems]
    if r.unmatched_in_table or r.missing_from_table:
        lines.append(f"{t('upload_unmatched_table', lang, n=len(r.unmatched_in_table))}: "
                     f"{sep.join(r.unmatched_in_table)}")
        lines.append(f"{t('upload_missing_table', lang, n=len(r.missing_from_table))}: "
                     f"{sep.join(r.missing_from_table)}")
    return "\n".join(lines) + "\n"


def verdict(r: ValidationReport, missing: list[str], lang: str) -> tuple[str, str]:
    """The one verdict of a checked file, agreeing with its details: (``error``/``warning``/``success``,
    its text). No record passed: an error; records passed but fields the dashboard needs are
    ``missing`` or some records did not pass: a warning naming them; else a success."""
    counts = {"file": r.file, "features": r.features, "accepted": r.accepted, "rejected": r.rejected}
    if not r.loadable:
        return "error", t("upload_verdict.none", lang, **counts)
    if missing:
        names = t("list_separator", lang).join(schema.alias("parcels", f, lang=lang) for f in missing)
        return "warning", t("upload_verdict.incomplete", lang, fields=names, **counts)
    if r.rejected:
        return "warning", t("upload_verdict.partly", lang, **counts)
    notes = r.count("warning") + r.count("info")
    return "success", t("upload_verdict.all", lang, **counts) + (t("upload_verdict.notes", lang, n=notes)
                                                                  if notes else "")

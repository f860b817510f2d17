"""``table_from_file``: a CSV/XLSX of one enterprise table → the canonical table + a report.

Real firm data arrives as yearly tables from the tax office and the statistics bureau, keyed by
统一社会信用代码, with Chinese headers and units (``税收(元)``, ``使用面积(亩)``). This module reads one
such file into one of the attribute tables of ``geodata/README.md`` (``enterprises``,
``enterprise_years``, ``land_use``, ``targets``) with the parcel loader's pieces: the file is read by
:func:`geodata.ingest.sources.read_table` (UTF-8 or GBK CSV, XLSX), headers are recognised by
:func:`geodata.ingest.fields.map_columns` (``field_aliases.csv``, units converted) and cells parsed by
:func:`geodata.ingest.loaders._values` (numbers as typed, yes/no, negative figures set missing).

What is particular to the tables: the row's key (a credit code with a wrong check character is
kept and reported; a row without a key is not used), the year of dated tables (a column, else the
year the caller gives, else the one year written in the headers, else the file name), tenure
(自有 → own, 租赁 → lease; anything else is reported and the row not used) and repeated keys (the
first row is kept, each later one is reported and kept out). Every row not used has an error line
naming the file, the row, the field, the value and the fix; ``features == accepted + rejected``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from geodata import credit_code, schema
from geodata.dataset import normalise_layer
from geodata.dates import parse_date
from geodata.enterprises import TENURE_VALUES
from geodata.errors import SchemaError
from geodata.ingest import fields as fl
from geodata.ingest.loaders import _map, _values, key_text
from geodata.ingest.numbers import number_or_problem
from geodata.ingest.report import Said, ValidationReport
from geodata.ingest.sources import read_table


@dataclass(frozen=True)
class TableSpec:
    """How one attribute table is read: its key fields, the alias-table fields renamed to its own,
    and what a row is called in messages."""

    keys: tuple[str, ...]
    what: str
    renames: Mapping[str, str] = field(default_factory=dict)
    #: Text fields every row needs besides its key, read like a key but not part of it.
    needed: tuple[str, ...] = ()


#: The tables a CSV/XLSX may hold, by name (``schema.LAYERS``).
TABLES: dict[str, TableSpec] = {
    "enterprises": TableSpec(("credit_code",), "enterprise", {"enterprise": "name"}),
    "enterprise_years": TableSpec(("credit_code", "year"), "enterprise"),
    "land_use": TableSpec(("parcel_id", "credit_code"), "parcel / enterprise"),
    "targets": TableSpec(("zone_id", "year", "indicator"), "target"),
    # the land lifecycle: a date decides whether land is idle, so a bad one keeps the row out
    "contracts": TableSpec(("contract_no",), "contract", {"investment_wan": "total_investment_wan"},
                           needed=("parcel_id",)),
    "progress": TableSpec(("parcel_id", "date"), "parcel / date", {"investment_wan": "invested_wan"}),
}
#: Required fields a user may fill in for every row when the file has no column for them (the page
#: offers the values of ``geodata.enterprises.TENURE_VALUES``); other required fields cannot be guessed.
FILLABLE: dict[str, tuple[str, ...]] = {"land_use": ("tenure",)}
#: Tables whose rows are not used when a date cannot be read (elsewhere the date is set missing).
STRICT_DATES: frozenset[str] = frozenset({"contracts", "progress"})
#: Years a row may be for.
YEAR_RANGE: tuple[int, int] = (1990, 2100)
_NAME_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


@dataclass(frozen=True)
class TableResult:
    """The rows accepted, as the canonical table (``geodata.dataset.normalise_layer``'s columns plus
    ``source_row``, the spreadsheet row), and the file's :class:`ValidationReport`."""

    table: str
    frame: pd.DataFrame
    report: ValidationReport


def _empty(table: str) -> pd.DataFrame:
    frame = pd.DataFrame({f.name: pd.Series([], dtype=object) for f in schema.fields_of(table)})
    frame["source_row"] = pd.Series([], dtype=int)
    return frame


def _spec(table: str) -> TableSpec:
    try:
        return TABLES[table]
    except KeyError:
        msg = f"unknown table {table!r}; a CSV/XLSX may hold one of {', '.join(TABLES)}"
        raise KeyError(msg) from None


def table_from_file(path: str | Path, table: str, *, year: int | None = None,
                    overrides: Mapping[str, str] | None = None, name: str | None = None,
                    units: Mapping[str, str] | None = None, defaults: Mapping[str, str] | None = None) -> TableResult:
    """Read one enterprise table from a CSV/XLSX, check every row, and report every problem.

    Parameters
    ----------
    path
        A ``.csv`` (UTF-8 or GBK) or ``.xlsx`` with one header row.
    table
        ``enterprises``, ``enterprise_years``, ``land_use`` or ``targets`` (:data:`TABLES`).
    year
        The year the figures are for, when the file has no year column (``--year``, the page's
        field); a year column wins, and fills only its blank cells from this.
    overrides
        ``{source column: canonical field}`` for columns the alias table does not know.
    name
        The file name shown in the report (the page passes the uploaded name), default ``path``'s.
    units
        ``{source column: unit}`` for money columns whose header says no unit (万元 is assumed otherwise
        and marked ``unit_assumed`` in the mappings), as for :func:`geodata.ingest.parcels_from_file`.
    defaults
        ``{field: value}`` for a field of :data:`FILLABLE` the file has no column for (the tenure of
        every row of a land-use table, as the user chose): each row gets ``value``, read as a cell of
        that field would be, and the report says so.

    Returns
    -------
    TableResult
        Never raises for problems in the data: an unreadable file gives an empty table and
        ``report.loadable == False``.
    """
    spec = _spec(table)
    path = Path(path)
    file = name or path.name
    report = ValidationReport(file=file, table=table)
    frame = read_table(path, report, source=table)
    if frame is None:
        return TableResult(table, _empty(table), report)
    report.features = len(frame)
    if not len(frame):
        report.add(f"{file}: the table holds no rows; expected one row per {spec.what} under one header row",
                   source=table, code="table_empty", params={"file": file})
        return TableResult(table, _empty(table), report)
    kinds = {f.name: f.kind for f in schema.fields_of(table)}
    mappings = _map(frame.columns, dict(overrides or {}), report, file=file, source=table, fields=set(kinds),
                    renames=spec.renames, undated=True, units=units)
    by_field = {m.field: m for m in mappings}
    for field_name, value in (defaults or {}).items():
        if field_name not in FILLABLE.get(table, ()):
            msg = f"{field_name!r} cannot be filled in for the {table} table; fillable: {FILLABLE.get(table, ())}"
            raise ValueError(msg)
        if field_name in by_field:  # the file has the column: its values win
            continue
        column = _free_column(frame, field_name)
        frame[column] = value
        by_field[field_name] = fl.FieldMapping(column, field_name)
        mappings.append(by_field[field_name])
        report.add(f"{file}: no column for {field_name}; every row was given {value!r} as chosen", field=field_name,
                   value=value, severity="info", source=table, code="table_filled",
                   params={"file": file, "field": field_name, "value": str(value)})
    unused = [str(c) for c in frame.columns if c not in {m.source for m in mappings}]
    if unused:
        report.add(f"{file}: column(s) {', '.join(unused)} are not fields of the {table} table and were not read; "
                   "name them in field_aliases.csv or map them to a field", field="columns", value=", ".join(unused),
                   severity="info", source=table, code="table_fields_unused",
                   params={"file": file, "columns": ", ".join(unused)})
    rows = [int(r) for r in frame.index]
    dated = "year" in kinds
    file_year = _file_year(file, mappings, year, report, table=table, has_column="year" in by_field) if dated else None
    missing = [f for f in schema.fields_of(table) if f.required and f.name not in by_field
               and f.name != "year"]  # the year: a column, or the file's year (its absence reported above)
    if missing:
        wanted = ", ".join(f"{f.name} ({f.zh})" for f in missing)
        report.add(f"{file}: no column for the required field(s) {wanted} of the {table} table; columns found: "
                   f"{', '.join(map(str, frame.columns))}. Name the column as in geodata/README.md (e.g. "
                   f"{missing[0].zh}) or map it to {missing[0].name}", field=missing[0].name, source=table,
                   code="table_required_missing",
                   params={"file": file, "fields_zh": "、".join(f.zh for f in missing),
                           "fields_en": ", ".join(f.en for f in missing),
                           "columns": ", ".join(map(str, frame.columns))})
    if missing or (dated and "year" not in by_field and file_year is None):
        report.rejected = report.features
        return TableResult(table, _empty(table), report)
    keys, rejected = _keys(frame, by_field, rows, report, file=file, table=table, year=file_year)
    _reject_repeated(keys, rejected, rows, report, file=file, table=table)
    accepted = [pos for pos in range(len(frame)) if pos not in rejected]
    report.accepted, report.rejected = len(accepted), len(rejected)
    if not accepted:
        report.add(f"{file}: no row could be used ({len(frame)} read, all rejected); see the problems above",
                   source=table, code="none_accepted", params={"file": file, "n": len(frame)})
        return TableResult(table, _empty(table), report)
    shown = [" / ".join(str(keys[p][k]) for k in spec.keys if k != "year") for p in accepted]
    values = _values(frame.iloc[accepted], [m for m in mappings if m.field not in (*spec.keys, *spec.needed)
                                            and m.field != "tenure"],
                     rows=[rows[p] for p in accepted], keys=shown, report=report, file=file, source=table,
                     land_scheme=None, kinds=kinds, what=spec.what)
    out = pd.DataFrame({**{k: [keys[p][k] for p in accepted] for k in keys[0]}, **values})
    bad_dates = _check_dates(out, kinds, [rows[p] for p in accepted], shown, report, file=file, table=table)
    if bad_dates:  # a lifecycle table: the rows with a date that cannot be read are kept out
        keep = [i for i in range(len(accepted)) if i not in bad_dates]
        out = out.iloc[keep].reset_index(drop=True)
        accepted = [accepted[i] for i in keep]
        report.accepted, report.rejected = len(accepted), report.rejected + len(bad_dates)
        if not accepted:
            report.add(f"{file}: no row could be used ({len(frame)} read, all rejected); see the problems above",
                       source=table, code="none_accepted", params={"file": file, "n": len(frame)})
            return TableResult(table, _empty(table), report)
    try:
        result = normalise_layer(table, out, source=file)
    except SchemaError as exc:  # a value the checks above let through: the file is not usable as it is
        report.add(f"{file}: {exc}", source=table, code="table_schema_failed",
                   params={"file": file, "table": table, "detail": str(exc)})
        return TableResult(table, _empty(table), report)
    result["source_row"] = [rows[p] for p in accepted]
    if dated:
        report.years = sorted({int(y) for y in result["year"].dropna()})
    report.schema_complete = report.loadable = True
    return TableResult(table, result, report)


def _free_column(frame: pd.DataFrame, name: str) -> str:
    """A column name for a filled-in field that no column of ``frame`` uses."""
    column = f"{name} (filled)"
    while column in frame.columns:
        column += "*"
    return column


def _file_year(file: str, mappings: list[fl.FieldMapping], year: int | None, report: ValidationReport, *,
               table: str, has_column: bool) -> int | None:
    """The year of the whole file, for rows without one: given, else written in the headers, else in the
    file name; reported. ``None`` (and an error, without a year column) when none can be told."""
    headers = sorted({m.year for m in mappings if m.year is not None})
    named = _NAME_YEAR.findall(Path(file).stem)
    if year is not None:
        other = sorted({*headers, *map(int, named)} - {year})
        if has_column:
            report.add(f"{file}: the table has a year column, which is used; the year given ({year}) only fills its "
                       "blank cells", field="year", value=year, severity="info", source=table,
                       code="table_year_column_used", params={"file": file, "year": year})
        elif other:
            report.add(f"{file}: the year given ({year}) is used for every row, but the headers or the file name say "
                       f"{', '.join(map(str, other))}; check that the file is {year}'s", field="year", value=year,
                       severity="warning", source=table, code="table_year_contradicted",
                       params={"file": file, "year": year, "other": ", ".join(map(str, other))})
        return year
    if len(headers) > 1:
        columns = ", ".join(m.source for m in mappings if m.year is not None)
        if not has_column:
            report.add(f"{file}: the headers name several years ({', '.join(map(str, headers))}: {columns}) and there "
                       "is no year column; give one file per year, or one row per firm and year with a 年度 column",
                       field="year", value=", ".join(map(str, headers)), source=table, code="table_several_years",
                       params={"file": file, "years": ", ".join(map(str, headers)), "columns": columns})
        return None
    if headers:
        how = f"written in the headers ({', '.join(m.source for m in mappings if m.year is not None)})"
        found = headers[0]
    elif len(set(named)) == 1:
        how, found = f"taken from the file name {file!r}", int(named[0])
    else:
        if not has_column:
            report.add(f"{file}: the figures have no year: no year column (年度), no year in the headers or the file "
                       "name; add a 年度 column, write the year in the headers (e.g. 2024年税收(万元)), or give the "
                       "year (--year 2024, or the year field of the import page)", field="year", source=table,
                       code="table_no_year", params={"file": file})
        return None
    if has_column:
        report.add(f"{file}: year {found} {how} fills the blank cells of the year column", field="year", value=found,
                   severity="info", source=table,
                   code="table_year_fills_from_headers" if headers else "table_year_fills_from_name",
                   params={"file": file, "year": found})
    else:
        report.add(f"{file}: every row is taken as {found}'s figures: the year is {how}; give the year (--year) if "
                   "it is another", field="year", value=found, severity="info", source=table,
                   code="table_year_from_headers" if headers else "table_year_from_name",
                   params={"file": file, "year": found})
    return found


def _keys(frame: pd.DataFrame, by_field: Mapping[str, fl.FieldMapping], rows: list[int], report: ValidationReport, *,
          file: str, table: str, year: int | None) -> tuple[list[dict[str, Any]], set[int]]:
    """Each row's key fields (and tenure), parsed; rows without a usable key are rejected and reported."""
    spec = TABLES[table]
    names = [*spec.keys, *spec.needed, *(["tenure"] if "tenure" in by_field else [])]
    cells = {name: frame[by_field[name].source].to_list() if name in by_field else [None] * len(rows)
             for name in names}
    keys: list[dict[str, Any]] = []
    rejected: set[int] = set()
    for pos, row in enumerate(rows):
        parsed: dict[str, Any] = {}
        for name in names:
            mapping = by_field.get(name)
            value = cells[name][pos]
            result, problem = _key_value(name, value, year=year)
            column = f"column {mapping.source!r} → {name}" if mapping is not None else name
            if problem is not None:
                rejected.add(pos)
                report.add(f"{file}, row {row}, {column}: {problem.text}; the row was not used", row=row, field=name,
                           value=value, source=table, code=f"table_{problem.code}",
                           params={"file": file, "row": row, "column": mapping.source if mapping else name,
                                   "value": "" if value is None else str(value), **problem.params})
            elif name == "credit_code" and (wrong := credit_code.problem(result)):
                report.add(f"{file}, row {row}, {column}: {wrong}; the row is kept: correct the code in the source "
                           "table", row=row, key=result, field=name, value=value, severity="warning", source=table,
                           code="credit_code_wrong", params={"file": file, "row": row, "column": column,
                                                             "value": str(value)})
            parsed[name] = result
        keys.append(parsed)
    return keys, rejected


def _key_value(name: str, value: object, *, year: int | None) -> tuple[Any, Said | None]:
    """One key cell as stored, or ``(None, why it cannot be used)`` (English, with a code and params)."""
    if name == "credit_code":
        code = credit_code.normalise(key_text(value))
        return (code, None) if code else (None, Said("the 统一社会信用代码 is empty; fill it in (18 characters)",
                                                     "credit_code_empty"))
    if name == "year":
        number, problem = number_or_problem(value)
        if number is None and problem is None:
            return (year, None) if year is not None else (None, Said("the year is empty; write it, e.g. 2024",
                                                                     "year_empty"))
        low, high = YEAR_RANGE
        if number is None or not number.is_integer() or not low <= number <= high:
            return None, Said(f"{value!r} is not a year; expected a whole year between {low} and {high}, e.g. 2024",
                              "year_invalid", {"low": low, "high": high})
        return int(number), None
    if name == "tenure":
        text = unicodedata.normalize("NFKC", str(key_text(value) or "")).strip().lower()
        if text in TENURE_VALUES:
            return TENURE_VALUES[text], None
        if not text:
            return None, Said("the tenure (使用方式) is empty; write 自有 (own) or 租赁 (lease)", "tenure_empty")
        return None, Said(f"{value!r} is not a tenure; expected 自有 (own) or 租赁 (lease)", "tenure_invalid")
    key = key_text(value)
    if name == "date":
        day, problem = parse_date(value)
        if problem is not None:
            return None, Said(problem, "date_invalid")
        return (day, None) if day is not None else (None, Said("the date (核查日期) is empty; write it as YYYY-MM-DD",
                                                               "date_empty"))
    field = next(f for fields in (schema.LAND_USE_FIELDS, schema.TARGET_FIELDS, schema.CONTRACT_FIELDS)
                 for f in fields if f.name == name)
    return (key, None) if key else (None, Said(f"the {field.zh} ({name}) is empty; fill it in", "field_empty",
                                               {"field_zh": field.zh, "field_en": field.en}))


def _reject_repeated(keys: list[dict[str, Any]], rejected: set[int], rows: list[int], report: ValidationReport, *,
                     file: str, table: str) -> None:
    """Later rows repeating a key are kept out: the first is used, each later one reported."""
    spec = TABLES[table]
    first: dict[tuple[Any, ...], int] = {}
    for pos, parsed in enumerate(keys):
        if pos in rejected:
            continue
        key = tuple(parsed[k] for k in spec.keys)
        if key in first:
            rejected.add(pos)
            shown = ", ".join(f"{k} {v}" for k, v in zip(spec.keys, key, strict=True))
            report.add(f"{file}, row {rows[pos]}: {shown} already in row {rows[first[key]]}, which was used; this row "
                       f"was kept out. Each {' + '.join(spec.keys)} may appear once: merge or delete the rows",
                       row=rows[pos], key=str(parsed[spec.keys[0]]), field=spec.keys[-1],
                       value=" / ".join(map(str, key)), source=table, code="table_row_repeated",
                       params={"file": file, "row": rows[pos], "first": rows[first[key]],
                               "shown": " / ".join(map(str, key))})
        else:
            first[key] = pos


def _check_dates(out: pd.DataFrame, kinds: Mapping[str, str], rows: list[int], keys: list[str],
                 report: ValidationReport, *, file: str, table: str) -> set[int]:
    """Date cells that cannot be read (:func:`geodata.dates.parse_date`: ``YYYY-MM-DD`` only) are
    reported. In a table of :data:`STRICT_DATES` the row is not used (an error; its position is
    returned); elsewhere the date is set missing and the row kept (a warning)."""
    strict = table in STRICT_DATES
    refused: set[int] = set()
    for name in [n for n, kind in kinds.items() if kind == "date" and n in out.columns and n != "date"]:
        for pos, value in enumerate(out[name]):
            _, problem = parse_date(value)
            if problem is None:  # read again, the same way, by normalise_layer
                continue
            what = "the row was not used" if strict else "set missing; the row is kept"
            report.add(f"{file}, row {rows[pos]} ({keys[pos]}), field {name}: {problem}; {what}", row=rows[pos],
                       key=keys[pos], field=name, value=value, severity="error" if strict else "warning",
                       source=table, code="table_date_refused" if strict else "table_date_unset",
                       params={"file": file, "row": rows[pos], "record": keys[pos], "field": name,
                               "value": "" if value is None else str(value)})
            out.at[pos, name] = None
            if strict:
                refused.add(pos)
    return refused

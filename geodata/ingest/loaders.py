"""``parcels_from_file``: any parcel file users bring → canonical parcels in EPSG:4490 + a report.

Every source (GeoPackage, GeoJSON, Shapefile, zipped Shapefile, CSV/XLSX with WKT) is read raw by
:mod:`geodata.ingest.sources` and then goes through one function, :func:`_normalise`, so all get the
same checks: field mapping, keys, CRS, geometry, values, the attribute-table join. Row-level
problems never raise: the row is repaired or rejected and the report says which and why.
"""

from __future__ import annotations

import math
import tempfile
import unicodedata
import warnings
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import CRS

from geodata import schema, settings
from geodata.crs import area_m2, m2_to_mu
from geodata.dataset import normalise_layer
from geodata.errors import ZoneDataError
from geodata.ingest import fields as fl
from geodata.ingest.complete import blank_required
from geodata.ingest.crs_detect import parse_crs
from geodata.ingest.geometry import check_geometries
from geodata.ingest.numbers import SUFFIX_FACTORS, bool_or_problem, number_or_problem
from geodata.ingest.report import Said, ValidationReport
from geodata.ingest.sources import GEOMETRY_ERRORS, read_source, read_table

#: Generated keys for rows without one: ``ROW-000001`` is the first feature of the file.
GENERATED_KEY = "ROW-{:06d}"
#: Parcel areas (m²) outside this range are reported as implausible (a warning, the row is kept):
#: below 10 m² is a drawing error or wrong units, above 100 km² is a boundary or a wrong CRS.
PLAUSIBLE_AREA_M2: tuple[float, float] = (10.0, 1e8)
_KINDS = {f.name: f.kind for f in schema.PARCEL_INPUT_FIELDS}


@dataclass(frozen=True)
class IngestResult:
    """Accepted parcels (EPSG:4490, canonical columns where recognised, extra columns kept, plus
    ``source_row``) and the :class:`~geodata.ingest.report.ValidationReport` of the file."""

    parcels: gpd.GeoDataFrame
    report: ValidationReport


def key_text(value: object) -> str | None:
    """A key as text: ``1001.0`` → ``"1001"``, full-width → half-width, stripped; blank → ``None``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    return text or None


def _kind(field: str) -> str:
    return "float" if field.startswith("tax_wan_") else _KINDS.get(field, "str")


def parcels_from_file(path: str | Path, *, attributes: str | Path | None = None, key: str | None = None,
                      declared_crs: object = None, gcj02: bool = False, sections: gpd.GeoDataFrame | None = None,
                      overrides: Mapping[str, str] | None = None, land_scheme: str | None = None,
                      central_meridian: int | None = None, tax_years: Sequence[int] = (),
                      units: Mapping[str, str] | None = None) -> IngestResult:
    """Read a parcel file, check everything, and report every problem.

    Parameters
    ----------
    path
        ``.gpkg``, ``.geojson``/``.json``, ``.shp``, ``.zip`` of a shapefile, or ``.csv``/``.xlsx`` with a
        WKT column.
    attributes
        Optional CSV/XLSX table joined to the parcels by key (e.g. tax figures per 宗地编号).
    key
        Name of the key column (in the file and/or the table) when the alias table does not find it.
    declared_crs
        The CRS the user states (EPSG code, ``"EPSG:4547"``, WKT); wins over the file's own.
    gcj02
        True when the user declares the coordinates GCJ-02 (Gaode): converted back to WGS84.
    sections
        Optional section polygons: parcels outside every section are reported (not rejected).
    overrides
        ``{source column: canonical field}`` for columns the alias table does not know.
    units
        ``{source column: unit}`` for columns whose header says no unit (the canonical unit, e.g.
        万元 for tax, is assumed otherwise and marked ``unit_assumed`` in the report's mappings).
    land_scheme
        ``"GB/T21010-2017"`` or ``"2023"``: the code scheme of the land-use column, when the codes are
        ambiguous and the header does not say.
    central_meridian
        The 3-degree Gauss-Kruger zone (°E) of the data already in use (e.g.
        :func:`geodata.crs.central_meridian_of` of the zones shown), assumed for 6-digit eastings when
        neither the file nor ``declared_crs`` states a CRS; without it such a file is reported as
        needing its CRS.
    tax_years
        The years of the data in use: a tax column whose header names no year is taken as the latest
        of them (and the report says so); with none, such a column is reported and not used.

    Returns
    -------
    IngestResult
        Never raises for problems in the data; unreadable files give an empty frame and
        ``report.loadable == False``.
    """
    path = Path(path)
    report = ValidationReport(file=path.name)
    declared: CRS | None = None
    if declared_crs is not None:
        try:
            declared = parse_crs(declared_crs)
        except ValueError as exc:
            report.add(f"{path.name}: declared {exc}; ignored", field="crs", value=str(declared_crs),
                       code="crs_declared_unknown", params={"file": path.name, "value": str(declared_crs)})
    with tempfile.TemporaryDirectory(prefix="ingest-") as workdir, warnings.catch_warnings():
        # shapely warns on NaN coordinates while decoding; those rows are reported and rejected below
        warnings.simplefilter("ignore", RuntimeWarning)
        frame = read_source(path, Path(workdir), report)
    table = read_table(Path(attributes), report, source="table") if attributes is not None else None
    if frame is None:
        return IngestResult(_empty(), report)
    parcels = _normalise(frame, report, file=path.name, table=table,
                         table_name=Path(attributes).name if attributes is not None else "", key=key,
                         declared=declared, gcj02=gcj02, sections=sections, overrides=overrides,
                         land_scheme=land_scheme, central_meridian=central_meridian, tax_years=tuple(tax_years),
                         units=units or {})
    return IngestResult(parcels, report)


def _empty() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"parcel_id": pd.Series([], dtype=object), "source_row": pd.Series([], dtype=int)},
                            geometry=[], crs=settings.STORAGE_EPSG)


def _normalise(frame: gpd.GeoDataFrame, report: ValidationReport, *, file: str, table: pd.DataFrame | None,
               table_name: str, key: str | None, declared: CRS | None, gcj02: bool,
               sections: gpd.GeoDataFrame | None, overrides: Mapping[str, str] | None,
               land_scheme: str | None, central_meridian: int | None = None,
               tax_years: tuple[int, ...] = (), units: Mapping[str, str] | None = None) -> gpd.GeoDataFrame:
    """The one normalising step every source goes through (see the module docstring)."""
    row_numbers = list(frame.attrs.get("row_numbers") or range(1, len(frame) + 1))
    read_errors: dict[int, Said] = dict(frame.attrs.get(GEOMETRY_ERRORS) or {})
    frame = frame.reset_index(drop=True)
    n = report.features = len(frame)
    if n == 0:
        report.add(f"{file}: the file holds no features; expected parcel polygons", code="no_features",
                   params={"file": file})
        return _empty()
    overrides = dict(overrides or {})
    if key is not None:
        if key in frame.columns:
            overrides[key] = "parcel_id"
        elif table is None or key not in table.columns:
            names = ", ".join(map(str, frame.columns))
            report.add(f"{file}: key column {key!r} is not in the file (columns: {names}); "
                       "the key was looked up in the alias table instead", field="parcel_id", value=key,
                       code="key_column_missing", params={"file": file, "column": key, "columns": names})
    mappings = _map(frame.columns, overrides, report, file=file, source="parcels", tax_years=tax_years, units=units)
    by_field = {m.field: m for m in mappings}
    if "parcel_id" in by_field:
        keys: list[str | None] = [key_text(v) for v in frame[by_field["parcel_id"].source]]
    else:
        keys = [None] * n
        report.keys_generated = True
        report.add(f"{file}: no parcel key column (宗地编号/地块编号/DKBM/ZDDM …); keys generated from row numbers "
                   f"({GENERATED_KEY.format(1)} …). Add a key column, name it in field_aliases.csv or pass key=",
                   field="parcel_id", severity="warning", code="keys_generated",
                   params={"file": file, "example": GENERATED_KEY.format(1)})
    for pos, k in enumerate(keys):
        if k is None:
            keys[pos] = GENERATED_KEY.format(row_numbers[pos])
            if not report.keys_generated:
                report.add(f"{file}, row {row_numbers[pos]}: the parcel key is empty; given {keys[pos]}. Fill in "
                           "宗地编号", row=row_numbers[pos], key=keys[pos], field="parcel_id", severity="warning",
                           code="key_empty", params={"file": file, "row": row_numbers[pos], "parcel": keys[pos]})
    key_list = [str(k) for k in keys]
    with warnings.catch_warnings():  # NaN/invalid coordinates warn in shapely; they are reported per row
        warnings.simplefilter("ignore", RuntimeWarning)
        geo = check_geometries(frame.geometry.to_numpy(), rows=row_numbers, keys=key_list, file_crs=frame.crs,
                               declared=declared, gcj02=gcj02, report=report, file=file, read_errors=read_errors,
                               central_meridian=central_meridian)
    _reject_duplicate_keys(key_list, geo.rejected, rows=row_numbers, report=report, file=file)
    accepted = [pos for pos in range(n) if pos not in geo.rejected]
    report.rejected, report.accepted = len(geo.rejected), len(accepted)
    if not accepted:
        report.add(f"{file}: no parcel could be accepted ({n} read, all rejected); see the problems above",
                   severity="error", code="none_accepted", params={"file": file, "n": n})
        return _empty()
    sub = frame.iloc[accepted]
    rows = [row_numbers[p] for p in accepted]
    columns = _values(sub, mappings, rows=rows, keys=[key_list[p] for p in accepted], report=report, file=file,
                      source="parcels", land_scheme=land_scheme)
    columns["parcel_id"] = [key_list[p] for p in accepted]
    mapped_sources = {m.source for m in mappings}
    extras = {str(c): sub[c].to_list() for c in sub.columns
              if c != frame.geometry.name and c not in mapped_sources and str(c) not in columns}
    out = pd.DataFrame({**columns, **extras})
    if table is not None:
        out = _join(out, table, report, file=file, table_name=table_name, key=key, overrides=overrides,
                    land_scheme=land_scheme, tax_years=tax_years, units=units)
    out["source_row"] = rows
    order = [f.name for f in schema.PARCEL_INPUT_FIELDS if f.name in out.columns]
    order += sorted(c for c in out.columns if c.startswith("tax_wan_") and c not in order)
    order += [c for c in out.columns if c not in order]
    parcels = gpd.GeoDataFrame(out[order], geometry=list(geo.geoms[accepted]), crs=settings.STORAGE_EPSG)
    if sections is not None:
        _check_sections(parcels, sections, report, file=file)
    _summarise(parcels, report, file=file)
    return parcels


def _map(columns: Sequence[object] | pd.Index, overrides: Mapping[str, str], report: ValidationReport, *,
         file: str, source: str, tax_years: tuple[int, ...] = (), fields: Collection[str] = fl.PARCEL_FIELD_NAMES,
         renames: Mapping[str, str] | None = None, undated: bool = False,
         units: Mapping[str, str] | None = None) -> list[fl.FieldMapping]:
    """Map the columns (:func:`geodata.ingest.fields.map_columns`); report the unusable ones and the notes."""
    mappings, unusable = fl.map_columns(columns, overrides=overrides, tax_years=tax_years, fields=fields,
                                        renames=renames, undated=undated, units=units)
    for u in unusable:
        report.add(f"{file}: {u.message}", field=u.field, value=u.source, severity="warning", source=source,
                   code=u.code, params={"file": file, **u.params} if u.code and u.params is not None else None)
    for m in mappings:
        if m.note:
            report.add(f"{file}: column {m.source!r} → {m.field}: {m.note}", field=m.field, value=m.source,
                       code=m.note_code, params={"file": file, "column": m.source, **dict(m.note_params)}
                       if m.note_code else None,
                       severity="info", source=source)
    report.mappings.extend(mappings)
    return mappings


def _reject_duplicate_keys(keys: list[str], rejected: set[int], *, rows: Sequence[int], report: ValidationReport,
                           file: str) -> None:
    first: dict[str, int] = {}
    for pos, k in enumerate(keys):
        if pos in rejected:
            continue
        if k in first:
            rejected.add(pos)
            report.add(f"{file}, row {rows[pos]}: parcel key {k!r} already used by row {rows[first[k]]}, which was "
                       "kept; this row was rejected. Give each parcel its own 宗地编号", row=rows[pos], key=k,
                       field="parcel_id", value=k, code="duplicate_key",
                       params={"file": file, "row": rows[pos], "parcel": k, "first": rows[first[k]]})
        else:
            first[k] = pos


def _values(frame: pd.DataFrame, mappings: Sequence[fl.FieldMapping], *, rows: Sequence[int], keys: Sequence[str],
            report: ValidationReport, file: str, source: str, land_scheme: str | None,
            kinds: Mapping[str, str] | None = None, what: str = "parcel") -> dict[str, list[Any]]:
    """Parse every mapped column of ``frame`` into its canonical type and unit; bad values → missing + report.

    ``kinds`` gives the kind of each field of another table than the parcels; ``what`` names a row's
    key in the messages (``parcel``, ``enterprise``).
    """
    where = "table row" if source == "table" else "row"
    out: dict[str, list[Any]] = {}
    for m in mappings:
        if m.field == "parcel_id":
            continue
        values = frame[m.source].to_list()
        kind = kinds.get(m.field, "str") if kinds is not None else _kind(m.field)
        parsed: list[Any] = []
        scheme = land_scheme or (fl.land_class_scheme(m.source, values) if m.field == "land_class" else None)
        for row, k, value in zip(rows, keys, values, strict=True):
            problem: str | None = None
            result: Any
            code = f"value_{kind}"
            if m.field == "land_class":
                result, problem = fl.land_class_of(value, scheme=scheme)
                code = "value_land_class"
            elif kind == "bool":
                result, problem = bool_or_problem(value)
            elif kind == "float":
                number, problem = number_or_problem(value)
                result = number * m.factor if number is not None else None
                if number is not None and number < 0 and fl.non_negative(m.field):
                    expected = f"a number ≥ 0 in {m.unit}" if m.unit else "a number ≥ 0"
                    problem, result = (f"{value!r} is negative; expected {expected} (blank when unknown). "
                                       "Set missing, not used; the row is kept"), None
                    code = "value_negative"
                elif number is not None and (said := _own_multiplier(value, m.unit)):
                    # «3.5万» under 税收(万元): the cell's own 万 on top of the header's 万元
                    report.add(f"{file}, {where} {row} ({what} {k}), column {m.source!r} → {m.field}: {value!r} "
                               f"carries its own {said} under a header already in {m.unit}, so it reads as "
                               f"{result:,.15g} {m.unit}; if {_plain_number(value)} {m.unit} was meant, write "
                               f"{_plain_number(value)}", row=row, key=k, field=m.field, value=value,
                               severity="warning", source=source, code="value_own_multiplier",
                               params={"file": file, "row": row, "parcel": k, "column": m.source, "unit": m.unit,
                                       "value": str(value), "multiplier": said, "read": f"{result:,.15g}",
                                       "plain": _plain_number(value)})
            else:
                result = key_text(value)
            if problem:
                unit = f" in {m.unit}" if kind == "float" and m.unit else ""
                report.add(f"{file}, {where} {row} ({what} {k}), column {m.source!r} → {m.field}{unit}: {problem}",
                           row=row, key=k, field=m.field, value=value, severity="warning", source=source, code=code,
                           params={"file": file, "row": row, "parcel": k, "column": m.source, "unit": m.unit,
                                   "value": str(value)})
            parsed.append(result)
        out[m.field] = parsed if kind != "float" else [np.nan if v is None else float(v) for v in parsed]
    return out


def _own_multiplier(value: object, unit: str) -> str | None:
    """The multiplier (万, 亿, …) a typed cell carries when its column's unit already holds one
    (万元, 亿元, 万人…): «3.5万» under 税收(万元) → 万; None otherwise."""
    if not isinstance(value, str) or not any(s in unit for s in ("万", "亿")):
        return None
    text = value.strip().rstrip("元").strip()
    return next((s for s in sorted(SUFFIX_FACTORS, key=len, reverse=True) if text.endswith(s)), None)


def _plain_number(value: object) -> str:
    """The digits of a typed cell without its multiplier and unit: «3.5万元» → «3.5»."""
    text = str(value).strip().rstrip("元").strip()
    for suffix in sorted(SUFFIX_FACTORS, key=len, reverse=True):
        if text.endswith(suffix):
            return text[: -len(suffix)].strip()
    return text


def _join(out: pd.DataFrame, table: pd.DataFrame, report: ValidationReport, *, file: str, table_name: str,
          key: str | None, overrides: Mapping[str, str], land_scheme: str | None,
          tax_years: tuple[int, ...] = (), units: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Join the attribute table's fields to the parcels by key; report unmatched keys both ways."""
    table_overrides = dict(overrides)
    if key is not None and key in table.columns:
        table_overrides[key] = "parcel_id"
    mappings = _map(table.columns, table_overrides, report, file=table_name, source="table", tax_years=tax_years,
                    units=units)
    unused = [str(c) for c in table.columns if c not in {m.source for m in mappings}]
    if unused:
        report.add(f"{table_name}: column(s) {', '.join(unused)} are not known fields and were not joined; name them "
                   "in field_aliases.csv or pass overrides={column: field}", field="columns", value=", ".join(unused),
                   severity="info", source="table", code="table_columns_unused",
                   params={"file": table_name, "columns": ", ".join(unused)})
    by_field = {m.field: m for m in mappings}
    if "parcel_id" not in by_field:
        report.add(f"{table_name}: no key column found (columns: {', '.join(table.columns)}); expected 宗地编号, "
                   "地块编号, DKBM … or pass key=. The table was not joined", field="parcel_id", source="table",
                   code="table_no_key", params={"file": table_name, "columns": ", ".join(map(str, table.columns))})
        return out
    rows = [int(r) for r in table.index]
    table_keys = [key_text(v) for v in table[by_field["parcel_id"].source]]
    keep: list[int] = []
    seen: dict[str, int] = {}
    for pos, (row, k) in enumerate(zip(rows, table_keys, strict=True)):
        if k is None:
            report.add(f"{table_name}, table row {row}: the key is empty; the row was not joined. Fill in 宗地编号",
                       row=row, field="parcel_id", severity="warning", source="table", code="table_key_empty",
                       params={"file": table_name, "row": row})
        elif k in seen:
            report.add(f"{table_name}, table row {row}: key {k!r} already in table row {seen[k]}, whose values were "
                       "used; merge the two rows", row=row, key=k, field="parcel_id", value=k, severity="warning",
                       source="table", code="table_key_repeated",
                       params={"file": table_name, "row": row, "parcel": k, "first": seen[k]})
        else:
            seen[k] = row
            keep.append(pos)
    sub = table.iloc[keep]
    sub_keys = [str(table_keys[p]) for p in keep]
    values = _values(sub, mappings, rows=[rows[p] for p in keep], keys=sub_keys, report=report, file=table_name,
                     source="table", land_scheme=land_scheme)
    parcel_keys = set(out["parcel_id"])
    report.unmatched_in_table = [k for k in sub_keys if k not in parcel_keys]
    report.missing_from_table = [k for k in out["parcel_id"] if k not in seen]
    unzeroed = {pk.lstrip("0"): pk for pk in report.missing_from_table}
    for k in report.unmatched_in_table:
        near = unzeroed.get(k.lstrip("0")) if k.lstrip("0") else None
        hint = (f"; parcel {near!r} differs only by leading zeros. Keys are compared as text: write them alike in "
                "both files (a spreadsheet that stores keys as numbers drops the zeros: format the column as text)"
                if near else "; check the key")
        report.add(f"{table_name}, table row {seen[k]}: key {k!r} matches no accepted parcel of {file}{hint}",
                   row=seen[k], key=k, field="parcel_id", value=k, severity="warning", source="table",
                   code="table_key_unmatched_zeros" if near else "table_key_unmatched",
                   params={"file": table_name, "row": seen[k], "parcel": k, "parcels": file, "near": near or ""})
    position = {k: i for i, k in enumerate(sub_keys)}
    index = [position.get(k) for k in out["parcel_id"]]
    for field_name, column in values.items():
        joined = [column[i] if i is not None else None for i in index]
        if _kind(field_name) == "float":
            joined = [np.nan if v is None else v for v in joined]
        if field_name in out.columns:
            report.add(f"{file} and {table_name} both give {field_name}; the table's values were used where present",
                       field=field_name, severity="info", source="table", code="both_give",
                       params={"file": file, "table": table_name, "field": field_name})
            old = out[field_name].to_list()
            joined = [o if (n is None or (isinstance(n, float) and math.isnan(n))) else n
                      for o, n in zip(old, joined, strict=True)]
        out[field_name] = joined
    return out


def _check_sections(parcels: gpd.GeoDataFrame, sections: gpd.GeoDataFrame, report: ValidationReport, *,
                    file: str) -> None:
    if sections.crs is None or len(sections) == 0:
        report.add(f"{file}: the sections given have no CRS or no rows; parcels were not checked against them",
                   field="section_id", severity="warning", code="sections_unusable", params={"file": file})
        return
    union = sections.to_crs(epsg=settings.STORAGE_EPSG).geometry.union_all()
    outside = ~parcels.geometry.intersects(union)
    for i in np.flatnonzero(outside.to_numpy()):
        row, k = int(parcels["source_row"].iloc[i]), str(parcels["parcel_id"].iloc[i])
        report.add(f"{file}, row {row} (parcel {k}): lies outside every section of the zone; check its position "
                   "or the section boundaries", row=row, key=k, field="geometry", severity="warning",
                   code="outside_sections", params={"file": file, "row": row, "parcel": k})


def _summarise(parcels: gpd.GeoDataFrame, report: ValidationReport, *, file: str) -> None:
    """Areas, per-parcel figures, and whether the frame is already a complete canonical layer."""
    areas = area_m2(parcels)
    mu = m2_to_mu(areas)
    report.total_area_m2 = float(areas.sum())
    report.total_area_mu = float(mu.sum())
    low, high = PLAUSIBLE_AREA_M2
    for pos in np.flatnonzero(((areas < low) | (areas > high)).to_numpy()):
        row, k = int(parcels["source_row"].iloc[pos]), str(parcels["parcel_id"].iloc[pos])
        value = float(areas.iloc[pos])
        size = f"{value:,.1f} m² ({value / 1e6:,.4g} km², {float(mu.iloc[pos]):,.4g} 亩)"
        report.add(f"{file}, row {row} (parcel {k}): area {size} is outside the plausible range for a parcel "
                   f"({low:g} m² … {high / 1e6:g} km²); check the "
                   "drawing, the CRS and its units, or whether this is a boundary rather than a parcel",
                   row=row, key=k, field="area", value=value, severity="warning", code="area_implausible",
                   params={"file": file, "row": row, "parcel": k, "m2": f"{value:,.1f}",
                           "mu": f"{float(mu.iloc[pos]):,.4g}", "low": f"{low:g}", "high": f"{high / 1e6:g}"})
    numeric = [c for c in parcels.columns if (_kind(c) == "float" and c in _KINDS) or c.startswith("tax_wan_")]
    taxes = sorted(c for c in numeric if c.startswith("tax_wan_"))
    tax_col = next((c for c in reversed(taxes) if parcels[c].notna().any()), taxes[-1] if taxes else None)
    records = []
    for i in range(len(parcels)):
        record: dict[str, Any] = {"parcel_id": parcels["parcel_id"].iloc[i], "row": int(parcels["source_row"].iloc[i]),
                                  "area_m2": float(areas.iloc[i]), "area_mu": float(mu.iloc[i])}
        if "land_class" in parcels.columns:
            record["land_class"] = parcels["land_class"].iloc[i]
        record.update({c: float(parcels[c].iloc[i]) for c in numeric})
        if tax_col is not None:
            tax, area = float(parcels[tax_col].iloc[i]), float(mu.iloc[i])
            record["tax_year"] = int(tax_col[-4:])
            record["tax_per_mu"] = tax / area if area > 0 and math.isfinite(tax) else None
        records.append(record)
    report.parcels = records
    report.loadable = report.accepted > 0
    missing = [f.name for f in schema.PARCEL_INPUT_FIELDS if f.required and f.name not in parcels.columns]
    try:
        normalise_layer("parcels", parcels.copy(), source=file)
        report.schema_complete = True
    except ZoneDataError as exc:
        detail = (f"required field(s) missing: {', '.join(missing)}" if missing
                  else str(exc).splitlines()[1].lstrip("- ") if "\n" in str(exc) else str(exc))
        code, params = "incomplete_layer", dict[str, object](file=file, fields=", ".join(missing))
        blank = {} if missing else blank_required(parcels)
        if blank:  # the columns are there, some rows lack a value
            field_name, blank_rows = next(iter(blank.items()))
            code, params = "incomplete_layer_blank", {"file": file, "field": field_name, "n": len(blank_rows),
                                                      "rows": ", ".join(map(str, blank_rows[:10]))}
        elif not missing:
            code, params = "incomplete_layer_other", {"file": file, "detail": detail}
        report.add(f"{file}: checked and loadable, but not yet a complete parcels layer of a dataset ({detail}); "
                   "add those columns to use it in the dashboard's dataset", severity="info", code=code,
                   params=params)

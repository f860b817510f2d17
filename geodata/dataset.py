"""Reading and writing datasets in the canonical schema.

Every source goes through :func:`normalise_layer`, so a GeoPackage on disk, an upload or (later)
PostGIS get the same checks: required fields present, values of the right kind, known land classes,
unique parcel keys, polygon geometry in EPSG:4490. Problems are collected for the whole layer and
reported together, with row numbers, before anything is rejected; no row is dropped silently.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio

from geodata import enterprises, lifecycle, schema, settings
from geodata.crs import to_storage_crs
from geodata.dates import parse_dates
from geodata.errors import Note, SchemaError, ZoneDataError

#: At most this many problem lines are quoted in one error message.
MAX_QUOTED_PROBLEMS = 20


#: The dtype of an empty column of each kind (the lifecycle layers are typed when empty).
_EMPTY_DTYPES: dict[str, str] = {"str": "object", "float": "float64", "int": "Int64", "bool": "boolean",
                                 "date": "datetime64[ns]"}


def _empty(layer: str) -> pd.DataFrame:
    if layer in schema.LIFECYCLE_LAYERS:  # typed: date comparisons on an empty table work
        frame = pd.DataFrame({f.name: pd.Series([], dtype=_EMPTY_DTYPES[f.kind]) for f in schema.fields_of(layer)})
    else:
        frame = pd.DataFrame({f.name: [] for f in schema.fields_of(layer)})
    if schema.LAYERS[layer][2]:  # a polygon layer stays one when empty (written and read as such)
        return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries([], crs=f"EPSG:{settings.STORAGE_EPSG}"))
    return frame


@dataclass(frozen=True)
class ZoneDataset:
    """The three layers of a dataset plus the enterprise and target tables, all normalised.

    Build one with :func:`dataset_from_layers`, which also turns an older parcels layer carrying
    firm figures into the enterprise tables.
    """

    zones: gpd.GeoDataFrame
    sections: gpd.GeoDataFrame
    parcels: gpd.GeoDataFrame
    zone_targets: pd.DataFrame = field(default_factory=lambda: _empty("zone_targets"))
    cluster_targets: pd.DataFrame = field(default_factory=lambda: _empty("cluster_targets"))
    enterprises: pd.DataFrame = field(default_factory=lambda: _empty("enterprises"))
    enterprise_years: pd.DataFrame = field(default_factory=lambda: _empty("enterprise_years"))
    land_use: pd.DataFrame = field(default_factory=lambda: _empty("land_use"))
    targets: pd.DataFrame = field(default_factory=lambda: _empty("targets"))
    #: The land lifecycle (``geodata/README.md``): land supply contracts, dated construction
    #: progress and the approved batches (polygons); empty when the data has none.
    contracts: pd.DataFrame = field(default_factory=lambda: _empty("contracts"))
    progress: pd.DataFrame = field(default_factory=lambda: _empty("progress"))
    approvals: gpd.GeoDataFrame = field(default_factory=lambda: _empty("approvals"))
    source: str = ""
    #: What the user must know about how the dataset was assembled (e.g. rows rejected on load,
    #: keys generated for an older file); the dashboard shows each, so nothing is lost silently.
    #: Each is a :class:`geodata.errors.Note`: the English sentence, with a code and params the
    #: dashboard words in the page's language.
    notes: tuple[str, ...] = ()

    @property
    def illustrative(self) -> bool:
        """True when any zone of the dataset is marked as illustrative (invented) data."""
        return bool(self.zones["illustrative"].any()) if len(self.zones) else False

    @property
    def years(self) -> tuple[int, ...]:
        """The years the enterprise figures are for, ascending (empty without figures)."""
        years = pd.to_numeric(self.enterprise_years["year"], errors="coerce").dropna()
        return tuple(sorted(int(y) for y in years.unique()))

    @property
    def target_years(self) -> tuple[int, ...]:
        """The years of the zones' star/tier targets, ascending: what the city view offers."""
        years = pd.to_numeric(self.zone_targets["year"], errors="coerce").dropna()
        return tuple(sorted(int(y) for y in years.unique()))

    @property
    def latest_year(self) -> int | None:
        """The default year everywhere: the latest year in the data, None without figures."""
        return self.years[-1] if self.years else None


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def _map_distinct(values: pd.Series, func: Callable[[object], object]) -> pd.Series:
    """``values.map(func)``, calling ``func`` once per distinct value when equal values of the
    dtype are interchangeable (bool and string columns: a file's usual types), else once per row.

    Object columns keep the row-wise map: there ``1``, ``1.0`` and ``True`` compare equal but
    coerce differently.
    """
    if not (pd.api.types.is_bool_dtype(values.dtype) or isinstance(values.dtype, pd.StringDtype)):
        return values.map(func)
    codes, uniques = pd.factorize(values)
    mapped = [func(v) for v in uniques]
    missing = codes < 0
    if missing.any():  # the dtype's missing value, as the row-wise map would see it
        mapped.append(func(values[missing].iloc[0]))
    table = np.empty(len(mapped), dtype=object)
    table[:] = mapped
    return pd.Series(table[codes], index=values.index, dtype=object)


def _coerce(values: pd.Series, kind: schema.Kind, *, where: str, field_name: str,
            problems: list[str]) -> pd.Series:
    """Coerce a column to ``kind``; every value that does not fit is added to ``problems``."""
    if kind == "str":
        if isinstance(values.dtype, pd.StringDtype):  # already text: what the map below gives, faster
            return values.astype(object)
        return values.map(lambda v: None if _is_missing(v) else str(v)).astype(object)
    if kind in ("float", "int"):
        numbers = pd.to_numeric(values, errors="coerce")
        # missing, or not a number: only these need a closer look (in a numeric column, none is bad)
        empty = values[numbers.isna()] if not pd.api.types.is_numeric_dtype(values.dtype) else values[:0]
        for row in empty.index[~empty.map(_is_missing).astype(bool)]:
            problems.append(f"{where}, row {row + 1}, field {field_name}: {values[row]!r} is not a "
                            "number; write plain digits, e.g. 1234.5")
        if kind == "float":
            return numbers.astype(float)
        fraction = numbers.notna() & (numbers % 1 != 0)
        for row in values.index[fraction.to_numpy()]:
            problems.append(f"{where}, row {row + 1}, field {field_name}: {values[row]!r} is not a "
                            "whole number; write an integer, e.g. 2024")
        return numbers.where(~fraction).astype("Int64")
    if kind == "date":  # strictly YYYY-MM-DD, or a date the file stores as one (geodata.dates)
        dates, bad = parse_dates(values)
        for row in values.index[bad]:
            problems.append(f"{where}, row {row + 1}, field {field_name}: {values[row]!r} is not a date; "
                            "write it as YYYY-MM-DD, e.g. 2018-05-20")
        return dates
    truthy = {"1", "true", "t", "yes", "y", "是"}
    falsy = {"0", "false", "f", "no", "n", "否"}
    unknown = object()

    def to_bool(v: object) -> object:
        if _is_missing(v) or str(v).strip() == "":
            return pd.NA  # a blank yes/no is unknown, not "no"
        text = str(v).strip().lower()
        if text in truthy:
            return True
        if text in falsy:
            return False
        return unknown

    parsed = _map_distinct(values, to_bool)
    bad = parsed.map(lambda v: v is unknown).astype(bool)
    for row in values.index[bad]:
        problems.append(f"{where}, row {row + 1}, field {field_name}: {values[row]!r} is not "
                        "true/false; write 1/0, true/false or 是/否 (blank = unknown)")
    return parsed.where(~bad, pd.NA).astype("boolean")


def normalise_layer(layer: str, frame: pd.DataFrame, *, source: str) -> pd.DataFrame:
    """Check ``frame`` against the canonical fields of ``layer`` and return it normalised.

    Field types are coerced, optional fields that are absent are added as missing, geometry is
    moved to EPSG:4490. Every problem in the layer is collected; if there is any,
    :class:`SchemaError` lists them (file, layer, row, field, value and the fix).
    """
    zh, fields, spatial = schema.LAYERS[layer]
    where = f"{source}, layer {layer} ({zh})"
    frame = frame.reset_index(drop=True)
    missing = [f.name for f in fields if f.required and f.name not in frame.columns]
    if missing:
        wanted = ", ".join(f"{f.name} ({f.zh})" for f in fields if f.name in missing)
        msg = (f"{where}: required field(s) missing: {wanted}. Fields present: "
               f"{', '.join(map(str, frame.columns))}. Rename the columns to the canonical names "
               "listed in geodata/README.md.")
        raise SchemaError(msg)
    problems: list[str] = []
    out = frame.copy()
    for f in fields:
        if f.name not in out.columns:
            out[f.name] = pd.Series([None] * len(out), dtype=object if f.kind == "str" else float)
            if f.kind == "bool":
                out[f.name] = pd.Series(pd.NA, index=out.index, dtype="boolean")
            elif f.kind == "date":
                out[f.name] = pd.Series(pd.NaT, index=out.index, dtype="datetime64[ns]")
            continue
        out[f.name] = _coerce(out[f.name], f.kind, where=where, field_name=f.name,
                              problems=problems)
        if f.required and f.kind == "str":
            for row in out.index[out[f.name].isna() | (out[f.name] == "")]:
                problems.append(f"{where}, row {row + 1}, field {f.name} ({f.zh}) is empty; "
                                "every row needs a value")
    if layer == "parcels":
        legacy = [f for f in schema.LEGACY_PARCEL_FIELDS if f.name in out.columns]
        legacy += [schema.Field(c, "float", c, c, "万元") for c in out.columns
                   if isinstance(c, str) and schema.LEGACY_TAX_FIELD.fullmatch(c)]
        for f in legacy:  # an older layout's firm figures: checked like the rest, converted later
            out[f.name] = _coerce(out[f.name], f.kind, where=where, field_name=f.name, problems=problems)
        _check_parcels(out, where=where, problems=problems)
    if spatial:
        if not isinstance(out, gpd.GeoDataFrame) or out.geometry.name not in out:
            msg = f"{where}: no geometry column; this layer must hold polygons"
            raise SchemaError(msg)
        out = to_storage_crs(out, what=where)
        kinds = out.geometry.geom_type
        for row in out.index[out.geometry.isna() | out.geometry.is_empty]:
            problems.append(f"{where}, row {row + 1}: empty geometry; draw the polygon or delete "
                            "the row")
        for row in out.index[~kinds.isin(["Polygon", "MultiPolygon"]) & kinds.notna()]:
            problems.append(f"{where}, row {row + 1}: geometry is a {kinds[row]}; expected a "
                            "Polygon or MultiPolygon")
    if problems:
        head = "\n".join(f"- {p}" for p in problems[:MAX_QUOTED_PROBLEMS])
        more = len(problems) - MAX_QUOTED_PROBLEMS
        tail = f"\n… and {more} more problem(s)" if more > 0 else ""
        msg = f"{where}: {len(problems)} problem(s):\n{head}{tail}"
        raise SchemaError(msg)
    order = [f.name for f in fields] + [c for c in out.columns if c not in {f.name for f in fields}]
    return out[order]


def _check_parcels(parcels: pd.DataFrame, *, where: str, problems: list[str]) -> None:
    bad_class = ~parcels["land_class"].isin(list(schema.LAND_CLASSES))
    for row in parcels.index[bad_class & parcels["land_class"].notna()]:
        problems.append(f"{where}, row {row + 1}, field land_class (用地类别): "
                        f"{parcels.at[row, 'land_class']!r} is not a land class; expected one of "
                        f"{', '.join(schema.LAND_CLASSES)}")
    dup = parcels["parcel_id"].duplicated(keep=False) & parcels["parcel_id"].notna()
    for key, rows in parcels.index[dup].groupby(parcels.loc[dup, "parcel_id"]).items():
        numbers = ", ".join(str(r + 1) for r in rows)
        problems.append(f"{where}, field parcel_id (宗地编号): {key!r} appears in rows {numbers}; "
                        "each parcel needs its own key")
    numeric = [c for c in parcels.columns if pd.api.types.is_float_dtype(parcels[c].dtype)]
    for name in numeric:
        negative = parcels[name] < 0
        for row in parcels.index[negative.fillna(False)]:
            problems.append(f"{where}, row {row + 1}, field {name}: {parcels.at[row, name]} is "
                            "negative; expected 0 or more (leave it blank when unknown)")


def dataset_from_gpkg(path: str | Path) -> ZoneDataset:
    """Read a GeoPackage in the canonical schema (see ``geodata/README.md``)."""
    path = Path(path)
    if not path.is_file():
        msg = f"{path}: no such file; expected a GeoPackage (.gpkg) in the canonical schema"
        raise ZoneDataError(msg)
    try:
        present = {name for name, _ in pyogrio.list_layers(path)}
    except Exception as exc:  # GDAL's errors vary by driver; all mean "not a readable file"
        msg = f"{path.name}: cannot be opened as a GeoPackage ({exc}); expected a .gpkg file"
        raise ZoneDataError(msg) from exc
    absent = [name for name in schema.REQUIRED_LAYERS if name not in present]
    if absent:
        msg = (f"{path.name}: layer(s) {', '.join(absent)} missing; a dataset needs the layers "
               f"{', '.join(schema.REQUIRED_LAYERS)} (found: {', '.join(sorted(present)) or 'none'})")
        raise ZoneDataError(msg)
    layers: dict[str, pd.DataFrame] = {}
    for name, (_, _, spatial) in schema.LAYERS.items():
        if name not in present:
            continue
        # through Arrow: the same frame (types, values, geometry) about four times as fast
        frame = pyogrio.read_dataframe(path, layer=name, read_geometry=spatial, use_arrow=True)
        layers[name] = normalise_layer(name, frame, source=path.name)
    return dataset_from_layers(layers, source=str(path))


def dataset_to_gpkg(dataset: ZoneDataset, path: str | Path) -> Path:
    """Write ``dataset`` as a GeoPackage (layers replaced if the file exists)."""
    path = Path(path)
    path.unlink(missing_ok=True)
    for name in schema.LAYERS:
        frame = getattr(dataset, name)
        if len(frame.columns) == 0 or (name in schema.LIFECYCLE_LAYERS and not len(frame)):
            continue
        pyogrio.write_dataframe(frame, path, layer=name, driver="GPKG")
    return path


def dataset_from_layers(layers: dict[str, pd.DataFrame], *, source: str, notes: tuple[str, ...] = ()) -> ZoneDataset:
    """A dataset from its normalised layers (:func:`normalise_layer`), as every reader builds it.

    Layers that are absent are empty. A parcels layer in the older layout (firm figures on the
    parcels, see :func:`geodata.enterprises.from_legacy_parcels`) becomes the enterprise tables when
    the dataset has none, with a note; the enterprise tables are checked against each other and the
    parcels (:func:`geodata.enterprises.check_tables`).
    """
    full = {name: layers.get(name, _empty(name)) for name in schema.LAYERS}
    parcels = full["parcels"]
    found = list(notes)
    where = Path(source).name if source and "://" not in source else source
    old = enterprises.legacy_columns(parcels)
    if old and not len(full["enterprises"]) and not len(full["enterprise_years"]):
        parcels, tables, note = enterprises.from_legacy_parcels(parcels, source=where)
        full.update(tables)
        found.append(note)
    elif old:
        parcels = parcels.drop(columns=old)
        found.append(Note(f"{where}: the parcels layer also carries firm columns ({', '.join(old)}); the "
                          "enterprise tables are used and those columns ignored", "firm_columns_ignored",
                          {"source": where, "columns": old}))
    full["land_use"] = enterprises.normalise_tenure(full["land_use"], where=where)
    found += enterprises.check_tables(full, parcels, where=where)
    found += lifecycle.check_lifecycle(full, parcels, where=where)
    return ZoneDataset(
        zones=full["zones"], sections=full["sections"], parcels=parcels,
        zone_targets=full["zone_targets"], cluster_targets=full["cluster_targets"],
        enterprises=full["enterprises"], enterprise_years=full["enterprise_years"],
        land_use=full["land_use"], targets=full["targets"], contracts=full["contracts"],
        progress=full["progress"], approvals=full["approvals"], source=source, notes=tuple(found),
    )

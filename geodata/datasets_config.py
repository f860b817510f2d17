"""``datasets.toml``: a dataset described by a small TOML file instead of one GeoPackage.

``$ZONE_DATA`` may name such a file. It either points at a whole dataset in one place::

    source = "zones.gpkg"                  # or "postgresql://user@host:5432/db"
    schema = "public"                      # PostGIS only

or assembles one from separate files, the parcels read by
:func:`geodata.ingest.parcels_from_file` (any format it reads, columns recognised by the alias
table, an attribute table joined by key)::

    [layers]
    zones = "zones.gpkg"                   # layer "zones" (or the file's only layer)
    sections = "zones.gpkg"                # optional: defaults to the zones file
    parcels = "parcels_2024.zip"
    attributes = "tax_2024.xlsx"           # optional

    [mapping]                              # source column -> canonical field
    "DKBM" = "parcel_id"

    [crs]
    parcels = "EPSG:4547"                  # optional declared CRS of the parcel file

Either form may add the enterprise tables from CSV/XLSX files, read by
:func:`geodata.ingest.tables.table_from_file` (one file, or a list such as one per year)::

    [tables]
    enterprises = "firms.xlsx"
    enterprise_years = ["tax_2024.csv", "tax_2025.csv"]
    land_use = "land_use.xlsx"
    contracts = "contracts.xlsx"           # the land lifecycle (geodata/README.md); progress too

    [tables.mapping.enterprise_years]      # source column -> canonical field of that table
    "NSE" = "tax_wan"

Relative paths are relative to the TOML file. Every key is checked and every problem is reported
together, each naming the file, the key, the value and the fix. Every layer passes through
:func:`geodata.dataset.normalise_layer`, as from any other source. The format is documented in
``geodata/README_postgis.md``.
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import geopandas as gpd
import pandas as pd
import pyogrio
from pydantic import AfterValidator, BeforeValidator, Field, ValidationInfo

from geodata import schema as canonical
from geodata.config_model import MISSING, Choice, ConfigModel, Problem, Text, invalid, problems, validate_config
from geodata.dataset import MAX_QUOTED_PROBLEMS, ZoneDataset, dataset_from_gpkg, dataset_from_layers, normalise_layer
from geodata.errors import ConfigError, Note, ZoneDataError
from geodata.ingest import parcels_from_file
from geodata.ingest.crs_detect import parse_crs
from geodata.ingest.tables import TABLES, table_from_file
from geodata.postgis import (
    DEFAULT_SCHEMA,
    PostGISError,
    check_schema_name,
    dataset_from_postgis,
    is_postgis_source,
    postgis_stamp,
    redact_dsn,
)

log = logging.getLogger(__name__)

#: Canonical parcel fields a ``[mapping]`` value may name (plus ``tax_wan_YYYY``).
PARCEL_FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in canonical.PARCEL_INPUT_FIELDS)
_TAX_FIELD = re.compile(r"tax_wan_\d{4}")


@dataclass(frozen=True)
class DatasetsConfig:
    """A checked ``datasets.toml``: either ``source`` or ``layers`` is set, paths are absolute."""

    path: Path
    source: str | None = None
    schema: str = DEFAULT_SCHEMA
    layers: dict[str, Path] = field(default_factory=dict)
    mapping: dict[str, str] = field(default_factory=dict)
    crs: dict[str, str] = field(default_factory=dict)
    #: ``[tables]``: table name -> its CSV/XLSX files; ``[tables.mapping.<table>]``: column -> field.
    tables: dict[str, list[Path]] = field(default_factory=dict)
    table_mapping: dict[str, dict[str, str]] = field(default_factory=dict)

    def references(self) -> list[tuple[str, str]]:
        """``(key, file path or URL)`` of everything the file points at, in a stable order."""
        tables = [(f"tables.{name}[{i}]", str(path)) for name, paths in self.tables.items()
                  for i, path in enumerate(paths)]
        if self.source is not None:
            return [("source", self.source), *tables]
        return [(f"layers.{key}", str(path)) for key, path in self.layers.items()] + tables


# --- reading and checking the file -------------------------------------------------------------------

def _shown(value: object) -> str:
    """``value`` for a message: URLs without their password."""
    return repr(redact_dsn(value)) if isinstance(value, str) and is_postgis_source(value) else repr(value)


def _data_file(value: str, info: ValidationInfo) -> str:
    """An existing data file, relative to the datasets.toml's folder; its absolute path."""
    config = Path((info.context or {}).get("path", "datasets.toml"))
    if is_postgis_source(value):
        raise invalid("a file path: a postgresql:// URL is only accepted as the top-level source")
    target = Path(value).expanduser()
    target = target if target.is_absolute() else config.parent / target
    if target.suffix.lower() == ".toml":
        raise invalid("a data file: a datasets.toml cannot point at another one; name the data files themselves")
    if not target.is_file():
        raise invalid(f"an existing file; no such file: {target} (paths are relative to {config.name}'s folder)")
    return str(target)


def _source(value: str, info: ValidationInfo) -> str:
    return value if is_postgis_source(value) else _data_file(value, info)


def _schema_name(value: str) -> str:
    try:
        return check_schema_name(value)
    except PostGISError as exc:
        raise invalid("a plain lower-case name of letters a-z, digits and _ (not starting with a digit, at "
                      "most 63 characters), e.g. public or zones_2024") from exc


def _parcel_field(value: str) -> str:
    if value not in PARCEL_FIELD_NAMES and not _TAX_FIELD.fullmatch(value):
        raise invalid(f"a canonical parcel field: {', '.join(PARCEL_FIELD_NAMES)} (or tax_wan_YYYY)")
    return value


def _declared_crs(value: object) -> object:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _known_crs(value: str) -> str:
    try:
        parse_crs(value)
    except ValueError as exc:
        raise invalid(f"a CRS that can be read: {exc}") from exc
    return value


DataFile = Annotated[Text, AfterValidator(_data_file)]
_FILE = "the path of a data file in double quotes, relative to this file's folder"


def _one_column_per_field(mapping: dict[str, str]) -> dict[str, str]:
    first: dict[str, str] = {}
    found: list[Problem] = []
    for column, name in mapping.items():
        if name in first:
            found.append(((column,), name, f"one column per field: column {first[name]!r} is already mapped to "
                          f"{name}; remove one of the two"))
        first.setdefault(name, column)
    problems(found)
    return mapping


class LayersTable(ConfigModel):
    """``[layers]``: the files a dataset is assembled from."""

    zones: DataFile = Field(description=_FILE, examples=["zones.gpkg"])
    sections: DataFile | None = Field(None, description=_FILE, examples=["zones.gpkg"])
    parcels: DataFile = Field(description=_FILE, examples=["parcels_2024.zip"])
    attributes: DataFile | None = Field(None, description=_FILE, examples=["tax_2024.xlsx"])


def _one_or_more_files(value: object, info: ValidationInfo) -> object:
    """A single path stands for a list of one (checked here, so an error names the key itself)."""
    if isinstance(value, str):
        return [_data_file(value.strip(), info)] if value.strip() else value
    return value


def _fields_of(table: str) -> Choice:
    return Choice(tuple(f.name for f in canonical.fields_of(table)), f"a field of the {table} table")


TableFiles = Annotated[list[DataFile], BeforeValidator(_one_or_more_files), Field(min_length=1)]
_TABLE_FILES = ("the path of a CSV/XLSX file in double quotes, or a list of them (e.g. one per year), "
                "relative to this file's folder")


class TableMappings(ConfigModel):
    """``[tables.mapping.<table>]``: source column -> canonical field of that table."""

    enterprises: Annotated[dict[str, Annotated[Text, _fields_of("enterprises")]],
                           AfterValidator(_one_column_per_field)] = Field(default_factory=dict)
    enterprise_years: Annotated[dict[str, Annotated[Text, _fields_of("enterprise_years")]],
                                AfterValidator(_one_column_per_field)] = Field(default_factory=dict)
    land_use: Annotated[dict[str, Annotated[Text, _fields_of("land_use")]],
                        AfterValidator(_one_column_per_field)] = Field(default_factory=dict)
    targets: Annotated[dict[str, Annotated[Text, _fields_of("targets")]],
                       AfterValidator(_one_column_per_field)] = Field(default_factory=dict)
    contracts: Annotated[dict[str, Annotated[Text, _fields_of("contracts")]],
                         AfterValidator(_one_column_per_field)] = Field(default_factory=dict)
    progress: Annotated[dict[str, Annotated[Text, _fields_of("progress")]],
                        AfterValidator(_one_column_per_field)] = Field(default_factory=dict)


class TablesTable(ConfigModel):
    """``[tables]``: the enterprise tables as CSV/XLSX files, and the mapping of their columns."""

    enterprises: TableFiles | None = Field(None, description=_TABLE_FILES, examples=["firms.xlsx"])
    enterprise_years: TableFiles | None = Field(None, description=_TABLE_FILES,
                                                examples=[["tax_2024.csv", "tax_2025.csv"]])
    land_use: TableFiles | None = Field(None, description=_TABLE_FILES, examples=["land_use.xlsx"])
    targets: TableFiles | None = Field(None, description=_TABLE_FILES, examples=["targets.csv"])
    contracts: TableFiles | None = Field(None, description=_TABLE_FILES, examples=["contracts.xlsx"])
    progress: TableFiles | None = Field(None, description=_TABLE_FILES, examples=["progress.csv"])
    mapping: TableMappings | None = None

    @classmethod
    def input_rules(cls, data: Mapping[str, Any], context: Any) -> list[Problem]:
        """At least one table; a mapping only for a table that is named."""
        found: list[Problem] = []
        if not any(name in data for name in TABLES):
            found.append(((), MISSING, f"at least one of {', '.join(TABLES)} naming its CSV/XLSX file(s)"))
        mapping = data.get("mapping")
        if isinstance(mapping, Mapping):
            found += [(("mapping", name), value, f"a mapping only for a table named in [tables]: add {name} = "
                       f'"<file>" or remove it') for name, value in mapping.items() if name in TABLES
                      and name not in data]
        return found


class CrsTable(ConfigModel):
    """``[crs]``: the declared CRS of the parcel file."""

    parcels: Annotated[Text, BeforeValidator(_declared_crs), AfterValidator(_known_crs)] | None = Field(
        None, description="an EPSG code or a CRS name", examples=["EPSG:4547"])


class DatasetsFile(ConfigModel):
    """A whole ``datasets.toml``: ``source`` (one dataset) or ``[layers]`` (assembled from files)."""

    source: Annotated[Text, AfterValidator(_source)] | None = Field(
        None, description="a GeoPackage path or a postgresql:// URL in double quotes", examples=["zones.gpkg"])
    schema_: Annotated[Text, AfterValidator(_schema_name)] | None = Field(
        None, alias="schema", description="the PostgreSQL schema of a postgresql:// source", examples=["public"])
    layers: LayersTable | None = None
    mapping: Annotated[dict[str, Annotated[Text, AfterValidator(_parcel_field)]],
                       AfterValidator(_one_column_per_field)] = Field(default_factory=dict)
    crs: CrsTable | None = None
    tables: TablesTable | None = None

    @classmethod
    def input_rules(cls, data: Mapping[str, Any], context: Any) -> list[Problem]:
        """Either ``source`` or ``[layers]``; ``schema`` only with a PostGIS source, the tables only with layers."""
        found: list[Problem] = []
        source = data.get("source", MISSING)
        if "source" in data and "layers" in data:
            found.append((("source",), source, "either source (one whole dataset) or [layers] (assembled from "
                          "files), not both; remove one"))
        elif "source" not in data and "layers" not in data:
            found.append((("source",), MISSING, 'source = "zones.gpkg" (or a postgresql:// URL), or a [layers] '
                          "table with zones and parcels"))
        if "schema" in data and not (isinstance(source, str) and is_postgis_source(source)):
            found.append((("schema",), data["schema"], "no schema: it applies only to a postgresql:// source; "
                          "remove it"))
        found += [((key,), data[key], f"no [{key}] table: it applies only to files assembled under [layers]; "
                   "remove it or use [layers]") for key in ("mapping", "crs") if key in data and "layers" not in data]
        return found


def read_config(path: str | Path) -> DatasetsConfig:
    """Parse and check ``path``; every problem is collected and raised in one :class:`ZoneDataError`.

    Raises
    ------
    ZoneDataError
        The file is missing, not TOML, or any key is unknown, of the wrong type, names a missing
        file or an unknown field; the message lists them all (a :class:`geodata.errors.ConfigError`),
        each with the key path, the value found and what is expected.
    """
    path = Path(path).expanduser()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        msg = f"{path}: cannot read the dataset description ({exc.strerror}); check the path in $ZONE_DATA"
        raise ZoneDataError(msg) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        msg = (f"{path}: not valid TOML ({exc}); write key = \"value\" lines and [tables], see "
               "geodata/README_postgis.md")
        raise ZoneDataError(msg) from exc
    file = validate_config(
        DatasetsFile, data, source=str(path), shown=_shown, context={"path": path},
        error=lambda found: ConfigError(str(path), found, what="the dataset description",
                                        hint="format: geodata/README_postgis.md"))
    layers: dict[str, Path] = {}
    if file.layers is not None:
        layers = {key: Path(value) for key, value in file.layers.model_dump().items() if value is not None}
        layers.setdefault("sections", layers["zones"])
    tables: dict[str, list[Path]] = {}
    table_mapping: dict[str, dict[str, str]] = {}
    if file.tables is not None:
        tables = {name: [Path(p) for p in paths] for name in TABLES
                  if (paths := getattr(file.tables, name)) is not None}
        if file.tables.mapping is not None:
            table_mapping = {name: dict(m) for name in TABLES if (m := getattr(file.tables.mapping, name))}
    return DatasetsConfig(path=path, source=file.source, schema=file.schema_ or DEFAULT_SCHEMA, layers=layers,
                          mapping=dict(file.mapping), crs=file.crs.model_dump(exclude_none=True) if file.crs else {},
                          tables=tables, table_mapping=table_mapping)


# --- reading the dataset ------------------------------------------------------------------------------

def _read_vector(path: Path, layer: str, *, key: str, config: Path) -> pd.DataFrame:
    """Layer ``layer`` of ``path`` (or its only layer), raw, for :func:`normalise_layer`."""
    try:
        names = [str(name) for name, _ in pyogrio.list_layers(path)]
    except Exception as exc:  # GDAL's errors vary by driver; all mean "not a readable file"
        msg = f"{config.name}: {key} = {path.name!r} cannot be opened as a vector file ({exc})"
        raise ZoneDataError(msg) from exc
    if layer in names:
        chosen = layer
    elif len(names) == 1:
        chosen = names[0]
    else:
        msg = (f"{config.name}: {key} = {path.name!r} has no layer named {layer} (layers: "
               f"{', '.join(names) or 'none'}); rename the layer to {layer} or give a file with one layer")
        raise ZoneDataError(msg)
    return pyogrio.read_dataframe(path, layer=chosen, read_geometry=canonical.LAYERS[layer][2])


def _parcels(config: DatasetsConfig, sections: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, list[Note]]:
    """The parcels file through :func:`parcels_from_file`, its problems raised, its fields checked."""
    parcels = config.layers["parcels"]
    attributes = config.layers.get("attributes")
    result = parcels_from_file(parcels, attributes=attributes, declared_crs=config.crs.get("parcels"),
                               overrides=config.mapping or None, sections=sections)
    errors = [p.message for p in result.report.problems if p.severity == "error"]
    if not result.report.loadable:
        head = "\n".join(f"- {m}" for m in errors[:MAX_QUOTED_PROBLEMS])
        more = len(errors) - MAX_QUOTED_PROBLEMS
        tail = f"\n… and {more} more error(s)" if more > 0 else ""
        msg = (f"{config.path.name}: layers.parcels = {parcels.name!r} cannot be loaded, "
               f"{len(errors)} error(s):\n{head or '- no parcel was accepted'}{tail}")
        raise ZoneDataError(msg)
    notes: list[Note] = []
    if errors:
        log.warning("%s: %d parcel(s) of %s rejected (%d error(s)), %d accepted; first: %s", config.path.name,
                    result.report.rejected, parcels.name, len(errors), result.report.accepted, errors[0])
        first = next(p for p in result.report.problems if p.severity == "error")
        notes.append(Note(f"{parcels.name}: {result.report.rejected} parcel(s) rejected, {result.report.accepted} "
                          f"accepted; first problem: {errors[0]} — run `python -m dashboard check {parcels.name}` "
                          "for the full report", "parcels_rejected",
                          {"file": parcels.name, "rejected": result.report.rejected,
                           "accepted": result.report.accepted, "first": first}))
    frame = result.parcels
    missing = [f for f in canonical.PARCEL_INPUT_FIELDS if f.required and f.name not in frame.columns]
    if missing:
        wanted = ", ".join(f"{f.name} ({f.zh})" for f in missing)
        canonical_names = set(PARCEL_FIELD_NAMES) | {"source_row", frame.geometry.name}
        unknown = [str(c) for c in frame.columns if c not in canonical_names and not str(c).startswith("tax_wan_")]
        example = "\n".join(f'"<column with {f.name}>" = "{f.name}"' for f in missing)
        msg = (f"{config.path.name}: the parcels of {parcels.name} have no column for the required field(s) "
               f"{wanted}. Unrecognised columns in the file: {', '.join(unknown) or 'none'}. Name the source "
               f"column of each under [mapping] in {config.path.name}, e.g.\n[mapping]\n{example}")
        raise ZoneDataError(msg)
    return frame, notes


def _table_files(config: DatasetsConfig, name: str) -> tuple[pd.DataFrame, list[Note]]:
    """The files of ``tables.<name>`` through :func:`table_from_file`, concatenated; notes for what was kept out."""
    frames: list[pd.DataFrame] = []
    notes: list[Note] = []
    keys = list(TABLES[name].keys)
    for i, path in enumerate(config.tables[name]):
        result = table_from_file(path, name, overrides=config.table_mapping.get(name))
        report = result.report
        errors = [p.message for p in report.problems if p.severity == "error"]
        if not report.loadable:
            head = "\n".join(f"- {m}" for m in errors[:MAX_QUOTED_PROBLEMS])
            msg = (f"{config.path.name}: tables.{name}[{i}] = {path.name!r} cannot be loaded, {len(errors)} error(s):"
                   f"\n{head or '- no row was accepted'}")
            raise ZoneDataError(msg)
        warnings = [p.message for p in report.problems if p.severity == "warning"]
        if errors or warnings:
            first = (errors or warnings)[0]
            problem = next(p for p in report.problems if p.message == first)
            notes.append(Note(f"{path.name} ({name}): {report.rejected} row(s) kept out, {report.accepted} used, "
                              f"{len(warnings)} warning(s); first: {first} — run `python -m dashboard check "
                              f"{path.name} --table {name}` for the full report", "table_rows_kept_out",
                              {"file": path.name, "layer": name, "rejected": report.rejected,
                               "accepted": report.accepted, "warnings": len(warnings), "first": problem}))
        frame = result.frame.drop(columns=["source_row"])
        if frames:
            earlier = pd.concat(frames, ignore_index=True)
            repeated = frame.set_index(keys).index.isin(earlier.set_index(keys).index)
            if repeated.any():
                shown = ", ".join(" / ".join(map(str, k)) for k in frame.loc[repeated, keys].head(10).itertuples(
                    index=False))
                notes.append(Note(f"{path.name} ({name}): {int(repeated.sum())} row(s) repeat a {' + '.join(keys)} "
                                  f"of an earlier file of tables.{name} ({shown}); the earlier file's rows are used, "
                                  "these kept out", "table_rows_repeated",
                                  {"file": path.name, "layer": name, "n": int(repeated.sum()), "keys": keys,
                                   "shown": shown}))
                frame = frame.loc[~repeated]
        frames.append(frame)
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    files = ", ".join(p.name for p in config.tables[name])
    return normalise_layer(name, frame, source=f"{files} ({config.path.name}, tables.{name})"), notes


def _with_tables(layers: dict[str, pd.DataFrame], config: DatasetsConfig, *, replaced: str) -> list[Note]:
    """Put the ``[tables]`` into ``layers`` (replacing those ``replaced`` held); the notes to show."""
    notes: list[Note] = []
    for name in config.tables:
        frame, found = _table_files(config, name)
        if name in layers and len(layers[name]):
            found.append(Note(f"{config.path.name}: tables.{name} replaces the {name} table of {replaced}",
                              "table_replaced", {"config": config.path.name, "layer": name, "replaced": replaced}))
        layers[name] = frame
        notes += found
    return notes


def _assembled(config: DatasetsConfig) -> ZoneDataset:
    zones_path, sections_path = config.layers["zones"], config.layers["sections"]
    where = f"{config.path.name}"
    zones = normalise_layer("zones", _read_vector(zones_path, "zones", key="layers.zones", config=config.path),
                            source=f"{zones_path.name} ({where}, layers.zones)")
    sections = normalise_layer(
        "sections", _read_vector(sections_path, "sections", key="layers.sections", config=config.path),
        source=f"{sections_path.name} ({where}, layers.sections)")
    parcel_frame, notes = _parcels(config, sections)
    parcels = normalise_layer("parcels", parcel_frame,
                              source=f"{config.layers['parcels'].name} ({where}, layers.parcels)")
    layers: dict[str, pd.DataFrame] = {"zones": zones, "sections": sections, "parcels": parcels}
    present = {str(name) for name, _ in pyogrio.list_layers(zones_path)}
    for name, (_, _, spatial) in canonical.LAYERS.items():  # attribute tables (and approvals) kept with the zones
        if (not spatial or name in canonical.LIFECYCLE_LAYERS) and name in present:
            frame = pyogrio.read_dataframe(zones_path, layer=name, read_geometry=spatial)
            layers[name] = normalise_layer(name, frame, source=f"{zones_path.name} ({where}, layers.zones)")
    notes += _with_tables(layers, config, replaced=zones_path.name)
    return dataset_from_layers(layers, source=str(config.path), notes=tuple(notes))


def dataset_from_toml(path: str | Path, *, password: str | None = None) -> ZoneDataset:
    """Read the dataset a ``datasets.toml`` describes.

    Parameters
    ----------
    path
        The TOML file (format in ``geodata/README_postgis.md``).
    password
        PostGIS only: the database password (e.g. from Streamlit secrets).

    Raises
    ------
    ZoneDataError
        The description is invalid (every problem listed), a file cannot be read, the parcel file is
        not loadable (its first errors listed) or lacks a required field (with the ``[mapping]`` fix).
    SchemaError
        A layer does not follow the canonical schema (from :func:`normalise_layer`).
    """
    config = read_config(path)
    if config.source is None:
        return _assembled(config)
    if is_postgis_source(config.source):
        dataset = dataset_from_postgis(config.source, schema=config.schema, password=password)
    else:
        dataset = dataset_from_gpkg(config.source)
    if not config.tables:
        return dataset
    layers = {name: getattr(dataset, name) for name in canonical.LAYERS}
    notes = _with_tables(layers, config, replaced=_shown(config.source))
    return dataset_from_layers(layers, source=dataset.source, notes=(*dataset.notes, *notes))


# --- the stamp ----------------------------------------------------------------------------------------

def _file_stamp(path: Path, *, key: str, config: Path) -> tuple:
    """``(mtime_ns, size)`` of ``path``, and of a shapefile's side files (same name, other suffix)."""
    members = [path]
    if path.suffix.lower() == ".shp":
        members = sorted(p for p in path.parent.iterdir() if p.stem == path.stem and p.is_file())
    try:
        return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in members)
    except OSError as exc:
        msg = f"{config}: {key} = {path.name!r}: cannot read the file ({exc.strerror})"
        raise ZoneDataError(msg) from exc


def toml_stamp(path: str | Path, *, password: str | None = None) -> tuple:
    """A fingerprint that changes when the TOML file or anything it points at changes.

    Returns
    -------
    tuple
        ``((mtime_ns, size) of the TOML, (key, stamp), ...)``: a file's ``(name, mtime_ns, size)``
        (a shapefile's side files too), a PostGIS source's :func:`geodata.postgis.postgis_stamp`.
    """
    path = Path(path).expanduser()
    try:
        stat = path.stat()
    except OSError as exc:
        msg = f"{path}: cannot read the dataset description ({exc.strerror}); check the path in $ZONE_DATA"
        raise ZoneDataError(msg) from exc
    config = read_config(path)
    parts: list[tuple] = [(stat.st_mtime_ns, stat.st_size)]
    for key, ref in config.references():
        if is_postgis_source(ref):
            parts.append((key, postgis_stamp(ref, schema=config.schema, password=password)))
        else:
            parts.append((key, _file_stamp(Path(ref), key=key, config=path)))
    return tuple(parts)

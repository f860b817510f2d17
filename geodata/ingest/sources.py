"""Reading the files users bring: GeoPackage, GeoJSON, Shapefile (plain or zipped), CSV/XLSX.

Each reader returns a frame or ``None`` and writes what went wrong into the report; none raises on a
bad file. The frames are raw (original column names, original CRS): :func:`geodata.ingest.loaders._normalise`
does the rest.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path, PurePosixPath

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from geodata.ingest.encoding import read_with_encoding
from geodata.ingest.fields import fold
from geodata.ingest.report import ValidationReport

VECTOR_SUFFIXES: tuple[str, ...] = (".gpkg", ".geojson", ".json", ".shp")
TABLE_SUFFIXES: tuple[str, ...] = (".csv", ".txt", ".xlsx", ".xlsm")
#: Encodings tried for CSV text, in order (UTF-8 with or without BOM first, then Chinese Windows).
CSV_ENCODINGS: tuple[str, ...] = ("utf-8-sig", "gb18030")
#: Column names holding WKT geometry in a CSV/XLSX parcel table (folded).
WKT_COLUMNS: tuple[str, ...] = ("wkt", "geometry", "geom", "the_geom", "shape", "几何", "几何图形", "图形")
#: Layer names preferred in a multi-layer GeoPackage or a zip with several files (folded substrings).
PREFERRED_NAMES: tuple[str, ...] = ("parcels", "parcel", "宗地", "地块", "zd", "dk")
#: Key in ``frame.attrs`` of rows whose geometry could not be read: {row index: message}.
GEOMETRY_ERRORS = "geometry_errors"


def _prefer(paths: list[str]) -> str:
    for name in PREFERRED_NAMES:
        for p in paths:
            if name in fold(PurePosixPath(p).stem):
                return p
    return paths[0]


def read_source(path: Path, workdir: Path, report: ValidationReport) -> gpd.GeoDataFrame | None:
    """The features of ``path`` as read (zip archives are extracted into ``workdir``)."""
    name = path.name
    if not path.is_file():
        report.add(f"{name}: no such file; expected a .gpkg, .geojson, .shp, a .zip of a shapefile, or a CSV/XLSX "
                   "with a WKT column")
        return None
    suffix = path.suffix.lower()
    if suffix == ".zip":
        return _read_zip(path, workdir, report)
    if suffix in VECTOR_SUFFIXES:
        return _read_vector(path, report, shown=name)
    if suffix in TABLE_SUFFIXES:
        return _read_wkt_table(path, report)
    report.add(f"{name}: unknown file type {suffix or '(none)'!r}; expected one of "
               f"{', '.join((*VECTOR_SUFFIXES, '.zip', *TABLE_SUFFIXES))}")
    return None


def _read_zip(path: Path, workdir: Path, report: ValidationReport) -> gpd.GeoDataFrame | None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.namelist() if not m.endswith("/")]
            unsafe = [m for m in members if PurePosixPath(m).is_absolute() or ".." in PurePosixPath(m).parts]
            if unsafe:
                report.add(f"{path.name}: the archive holds paths outside itself ({', '.join(unsafe[:3])}); "
                           "re-create the zip from the shapefile's folder")
                return None
            archive.extractall(workdir)
    except (zipfile.BadZipFile, OSError, RuntimeError) as exc:
        report.add(f"{path.name}: cannot be opened as a zip archive ({exc}); zip the .shp, .shx, .dbf, .prj and "
                   ".cpg files together")
        return None
    vectors = sorted(m for m in members if PurePosixPath(m).suffix.lower() in VECTOR_SUFFIXES
                     and not PurePosixPath(m).name.startswith("."))
    if not vectors:
        report.add(f"{path.name}: the archive holds no .shp, .gpkg or .geojson (found: "
                   f"{', '.join(members[:10]) or 'nothing'}); zip the shapefile's .shp, .shx, .dbf and .prj together")
        return None
    chosen = _prefer(vectors)
    if len(vectors) > 1:
        report.add(f"{path.name}: the archive holds {len(vectors)} data files ({', '.join(vectors)}); read {chosen}. "
                   "Put one layer per zip to choose", severity="warning")
    if PurePosixPath(chosen).suffix.lower() == ".shp":
        stem = PurePosixPath(chosen).with_suffix("")
        lower = {m.lower() for m in members}
        missing = [s for s in (".shx", ".dbf") if f"{stem}{s}".lower() not in lower]
        if missing:
            report.add(f"{path.name}: {chosen} comes without its {' and '.join(missing)} file(s); a shapefile needs "
                       ".shp, .shx and .dbf (and .prj for its CRS). Zip them all together")
            return None
    return _read_vector(workdir / chosen, report, shown=f"{path.name}/{chosen}")


def _read_vector(path: Path, report: ValidationReport, *, shown: str) -> gpd.GeoDataFrame | None:
    layer: str | None = None
    try:
        if path.suffix.lower() == ".gpkg":
            layers = [str(n) for n, _ in pyogrio.list_layers(path)]
            if not layers:
                report.add(f"{shown}: the GeoPackage has no layers; expected a layer of parcel polygons")
                return None
            layer = _prefer(layers)
            if len(layers) > 1:
                report.add(f"{shown}: {len(layers)} layers ({', '.join(layers)}); read layer {layer!r}. Name the "
                           "parcel layer 'parcels' to choose", severity="info")
        frame, encoding, notes = read_with_encoding(path, layer=layer) if layer else read_with_encoding(path)
    except Exception as exc:  # GDAL's errors vary by driver and file; all mean "cannot be read"
        report.add(f"{shown}: cannot be read ({exc}); expected a GeoPackage, GeoJSON or Shapefile of parcel polygons")
        return None
    report.encoding = encoding
    for note in notes:
        report.add(note, severity="warning" if "neither" in note else "info", field="encoding")
    return frame


def read_table(path: Path, report: ValidationReport, *, source: str) -> pd.DataFrame | None:
    """A CSV/XLSX table with text cells as typed; the index is the spreadsheet row number (header = 1).

    Empty rows are dropped (they hold nothing to lose). ``source`` is ``"table"`` or ``"parcels"``
    (whose problems it is).
    """
    name = path.name
    if not path.is_file():
        report.add(f"{name}: no such file; expected a CSV or XLSX table with a parcel key column", source=source)
        return None
    suffix = path.suffix.lower()
    try:
        if suffix in (".csv", ".txt"):
            raw = path.read_bytes()
            for encoding in CSV_ENCODINGS:
                try:
                    text = raw.decode(encoding)
                    break
                except UnicodeDecodeError:
                    continue
            else:
                report.add(f"{name}: text is neither UTF-8 nor GB18030; save the CSV as UTF-8", source=source)
                return None
            frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skip_blank_lines=True,
                                sep=None, engine="python")
            if source == "parcels":
                report.encoding = "UTF-8" if encoding == "utf-8-sig" else encoding.upper()
        elif suffix in (".xlsx", ".xlsm"):
            frame = pd.read_excel(path, dtype=object, engine="openpyxl")
        else:
            report.add(f"{name}: unknown table type {suffix or '(none)'!r}; expected .csv or .xlsx "
                       "(save .xls as .xlsx)", source=source)
            return None
    except Exception as exc:  # pandas/openpyxl raise many kinds for broken files
        report.add(f"{name}: cannot be read as a table ({exc}); expected a CSV (UTF-8) or XLSX with one header row",
                   source=source)
        return None
    frame.columns = [str(c).strip() for c in frame.columns]
    frame = frame.astype(object).where(frame.notna(), None)
    frame.index = pd.RangeIndex(2, len(frame) + 2)
    blank = frame.map(lambda v: v is None or (isinstance(v, str) and not v.strip())).all(axis=1)
    return frame.loc[~blank]


def _read_wkt_table(path: Path, report: ValidationReport) -> gpd.GeoDataFrame | None:
    table = read_table(path, report, source="parcels")
    if table is None:
        return None
    columns = [c for c in table.columns if fold(c) in WKT_COLUMNS]
    if not columns:
        report.add(f"{path.name}: a parcel table needs a geometry column with WKT text (named one of "
                   f"{', '.join(WKT_COLUMNS)}); found {', '.join(table.columns)}")
        return None
    column = columns[0]
    texts = table[column].map(lambda v: None if v is None or not str(v).strip() else str(v).strip())
    geoms = shapely.from_wkt(texts.to_numpy(dtype=object), on_invalid="ignore")
    errors = {pos: f"{path.name}: row {i}, column {column!r}: {t[:60]!r} is not readable WKT; expected e.g. "
                   "POLYGON ((x1 y1, x2 y2, x3 y3, x1 y1))"
              for pos, (i, t, g) in enumerate(zip(table.index, texts, geoms, strict=True))
              if t is not None and g is None}
    frame = gpd.GeoDataFrame(table.drop(columns=[column]).reset_index(drop=True),
                             geometry=gpd.GeoSeries(np.asarray(geoms, dtype=object)), crs=None)
    frame.attrs[GEOMETRY_ERRORS] = errors
    frame.attrs["row_numbers"] = [int(i) for i in table.index]
    report.add(f"{path.name}: CSV/XLSX geometry carries no CRS; it is inferred from the coordinates unless declared",
               severity="info", field="crs")
    return frame

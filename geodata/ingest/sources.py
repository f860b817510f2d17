"""Reading the files users bring: GeoPackage, GeoJSON, Shapefile (plain or zipped), CSV/XLSX.

Each reader returns a frame or ``None`` and writes what went wrong into the report; none raises on a
bad file. The frames are raw (original column names, original CRS): :func:`geodata.ingest.loaders._normalise`
does the rest.
"""

from __future__ import annotations

import glob
import io
import zipfile
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from geodata.ingest.encoding import read_with_encoding
from geodata.ingest.fields import fold
from geodata.ingest.report import Said, ValidationReport

VECTOR_SUFFIXES: tuple[str, ...] = (".gpkg", ".geojson", ".json", ".shp")
TABLE_SUFFIXES: tuple[str, ...] = (".csv", ".txt", ".xlsx", ".xlsm")
#: Encodings tried for CSV text, in order (UTF-8 with or without BOM first, then Chinese Windows).
CSV_ENCODINGS: tuple[str, ...] = ("utf-8-sig", "gb18030")
#: Column names holding WKT geometry in a CSV/XLSX parcel table (folded).
WKT_COLUMNS: tuple[str, ...] = ("wkt", "geometry", "geom", "the_geom", "shape", "几何", "几何图形", "图形")
#: Layer names preferred in a multi-layer GeoPackage or a zip with several files (folded substrings).
PREFERRED_NAMES: tuple[str, ...] = ("parcels", "parcel", "宗地", "地块", "zd", "dk")
#: Key in ``frame.attrs`` of rows whose geometry could not be read: {row index: :class:`Said`}.
GEOMETRY_ERRORS = "geometry_errors"
#: Largest file accepted (bytes): the upload limit of ``.streamlit/config.toml`` (``server.maxUploadSize``
#: = 200 MB). Larger data belongs in PostGIS.
MAX_UPLOAD_BYTES: int = 200 * 1024**2
#: Largest total a zip archive may expand to (bytes), judged from the sizes its members declare
#: before anything is extracted (Python's zipfile never reads past a member's declared size).
MAX_UNZIPPED_BYTES: int = 1024**3
#: Largest compression ratio (uncompressed / compressed) of a zip member bigger than
#: :data:`RATIO_CHECK_BYTES`: real shapefiles stay far below it, zip bombs far above (≈ 1 000).
MAX_COMPRESSION_RATIO: float = 200.0
RATIO_CHECK_BYTES: int = 10 * 1024**2
#: Most vertices accepted in one file: a parcel has tens, a whole city a few million; more is an
#: export error or an attack on the geometry checks.
MAX_VERTICES: int = 5_000_000


def _mb(size: int) -> str:
    return f"{size / 1024**2:,.0f} MB" if size >= 1024**2 else f"{size:,} bytes"


def _size_problem(path: Path) -> Said | None:
    """Why ``path`` is refused by its size (empty, or over :data:`MAX_UPLOAD_BYTES`), else ``None``."""
    size = path.stat().st_size
    if size == 0:
        return Said(f"{path.name}: the file is empty (0 bytes); export the data again", "file_empty",
                    {"file": path.name})
    if size > MAX_UPLOAD_BYTES:
        return Said(f"{path.name}: {_mb(size)} is larger than the limit of {_mb(MAX_UPLOAD_BYTES)}; split the file by "
                    "zone, drop unused columns, or load it into PostGIS", "file_too_large",
                    {"file": path.name, "size": _mb(size), "limit": _mb(MAX_UPLOAD_BYTES)})
    return None


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
                   "with a WKT column", code="file_missing", params={"file": name})
        return None
    suffix = path.suffix.lower()
    if suffix not in (*VECTOR_SUFFIXES, ".zip", *TABLE_SUFFIXES):
        expected = ", ".join((*VECTOR_SUFFIXES, ".zip", *TABLE_SUFFIXES))
        report.add(f"{name}: unknown file type {suffix or '(none)'!r}; expected one of {expected}",
                   code="file_type_unknown", params={"file": name, "suffix": suffix or "—", "expected": expected})
        return None
    problem = _size_problem(path)
    if problem:
        report.say(problem)
        return None
    if suffix == ".zip":
        frame = _read_zip(path, workdir, report)
    elif suffix in VECTOR_SUFFIXES:
        frame = _read_vector(path, report, shown=name)
    else:
        frame = _read_wkt_table(path, report)
    if frame is not None and len(frame):
        vertices = int(shapely.get_num_coordinates(frame.geometry.to_numpy()).sum())
        if vertices > MAX_VERTICES:
            report.add(f"{name}: {vertices:,} vertices in {len(frame):,} features, more than the limit of "
                       f"{MAX_VERTICES:,}; simplify the polygons (e.g. to 0.1 m) or split the file",
                       code="too_many_vertices", params={"file": name, "vertices": f"{vertices:,}",
                                                         "features": f"{len(frame):,}", "limit": f"{MAX_VERTICES:,}"})
            return None
    return frame


def _read_zip(path: Path, workdir: Path, report: ValidationReport) -> gpd.GeoDataFrame | None:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = [i for i in archive.infolist() if not i.is_dir()]
            members = [i.filename for i in infos]
            unsafe = [m for m in members if PurePosixPath(m).is_absolute() or ".." in PurePosixPath(m).parts
                      or "\\" in m or (len(m) > 1 and m[1] == ":")]
            if unsafe:
                report.add(f"{path.name}: the archive holds paths outside itself ({', '.join(unsafe[:3])}); "
                           "nothing was extracted. Re-create the zip from the shapefile's folder", code="zip_unsafe",
                           params={"file": path.name, "paths": ", ".join(unsafe[:3])})
                return None
            refused = _zip_bomb(path.name, infos)
            if refused:
                report.say(refused)
                return None
            for info in infos:  # the sizes are checked: extract member by member, each within workdir
                archive.extract(info, workdir)
    except (zipfile.BadZipFile, OSError, RuntimeError, EOFError, ValueError, NotImplementedError) as exc:
        report.add(f"{path.name}: cannot be opened as a zip archive ({exc}); zip the .shp, .shx, .dbf, .prj and "
                   ".cpg files together", code="zip_unreadable", params={"file": path.name, "detail": str(exc)})
        return None
    vectors = sorted(m for m in members if PurePosixPath(m).suffix.lower() in VECTOR_SUFFIXES
                     and not PurePosixPath(m).name.startswith("."))
    if not vectors:
        report.add(f"{path.name}: the archive holds no .shp, .gpkg or .geojson (found: "
                   f"{', '.join(members[:10]) or 'nothing'}); zip the shapefile's .shp, .shx, .dbf and .prj together",
                   code="zip_no_data", params={"file": path.name, "found": ", ".join(members[:10]) or "—"})
        return None
    chosen = _prefer(vectors)
    if len(vectors) > 1:
        report.add(f"{path.name}: the archive holds {len(vectors)} data files ({', '.join(vectors)}); read {chosen}. "
                   "Put one layer per zip to choose", severity="warning", code="zip_several",
                   params={"file": path.name, "n": len(vectors), "found": ", ".join(vectors), "chosen": chosen})
    if PurePosixPath(chosen).suffix.lower() == ".shp":
        stem = PurePosixPath(chosen).with_suffix("")
        lower = {m.lower() for m in members}
        missing = [s for s in (".shx", ".dbf") if f"{stem}{s}".lower() not in lower]
        if missing:
            report.add(f"{path.name}: {chosen} comes without its {' and '.join(missing)} file(s); a shapefile needs "
                       ".shp, .shx and .dbf (and .prj for its CRS). Zip them all together",
                       code="shapefile_incomplete", params={"file": path.name, "shp": chosen,
                                                            "missing": ", ".join(missing)})
            return None
    return _read_vector(workdir / chosen, report, shown=f"{path.name}/{chosen}")


def _zip_bomb(name: str, infos: list[zipfile.ZipInfo]) -> Said | None:
    """Why the archive is refused by the sizes its members declare (before extraction), else ``None``."""
    total = sum(i.file_size for i in infos)
    if total > MAX_UNZIPPED_BYTES:
        return Said(f"{name}: the archive would expand to {_mb(total)} (more than {_mb(MAX_UNZIPPED_BYTES)}); nothing "
                    "was extracted. Zip only the shapefile's .shp, .shx, .dbf, .prj and .cpg", "zip_too_big",
                    {"file": name, "size": _mb(total), "limit": _mb(MAX_UNZIPPED_BYTES)})
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_CHECK_BYTES and ratio > MAX_COMPRESSION_RATIO:
            return Said(f"{name}: member {info.filename} expands {ratio:,.0f}-fold ({_mb(info.compress_size)} → "
                        f"{_mb(info.file_size)}; at most {MAX_COMPRESSION_RATIO:g}-fold accepted): it looks like a zip "
                        "bomb, nothing was extracted. Zip the original files again", "zip_bomb",
                        {"file": name, "member": info.filename, "ratio": f"{ratio:,.0f}",
                         "limit": f"{MAX_COMPRESSION_RATIO:g}"})
    return None


def _prj_of(path: Path) -> Path | None:
    """The ``.prj`` file beside a shapefile (any case of the suffix), if there is one."""
    if path.suffix.lower() != ".shp":
        return None
    return next((p for p in path.parent.glob(f"{glob.escape(path.stem)}.*") if p.suffix.lower() == ".prj"), None)


def _read_vector(path: Path, report: ValidationReport, *, shown: str) -> gpd.GeoDataFrame | None:
    layer: str | None = None
    try:
        if path.suffix.lower() == ".gpkg":
            layers = [str(n) for n, _ in pyogrio.list_layers(path)]
            if not layers:
                report.add(f"{shown}: the GeoPackage has no layers; expected a layer of parcel polygons",
                           code="gpkg_no_layers", params={"file": shown})
                return None
            layer = _prefer(layers)
            if len(layers) > 1:
                report.add(f"{shown}: {len(layers)} layers ({', '.join(layers)}); read layer {layer!r}. Name the "
                           "parcel layer 'parcels' to choose", severity="info", code="gpkg_layers",
                           params={"file": shown, "n": len(layers), "layers": ", ".join(layers), "layer": layer})
        frame, encoding, notes = read_with_encoding(path, layer=layer) if layer else read_with_encoding(path)
    except Exception as exc:  # GDAL's errors vary by driver and file; all mean "cannot be read"
        report.add(f"{shown}: cannot be read ({exc}); expected a GeoPackage, GeoJSON or Shapefile of parcel polygons",
                   code="file_unreadable", params={"file": shown, "detail": str(exc)})
        return None
    prj = _prj_of(path)
    if prj is not None and frame.crs is None:  # GDAL ignores a .prj it cannot parse
        text = prj.read_bytes()[:60].decode("utf-8", "replace")
        report.add(f"{shown}: its {prj.name} is not a readable CRS ({text!r}); ignored, so the CRS is inferred from "
                   "the coordinates. Replace the .prj with the one of the real CRS or pass declared_crs (--crs)",
                   field="crs", value=text, severity="warning", code="prj_unreadable",
                   params={"file": shown, "prj": prj.name, "text": text})
    report.encoding = encoding
    for note in notes:
        report.say(note, severity="warning" if note.code != "encoding_reread" else "info", field="encoding")
    return frame


def read_table(path: Path, report: ValidationReport, *, source: str) -> pd.DataFrame | None:
    """A CSV/XLSX table with text cells as typed; the index is the spreadsheet row number (header = 1).

    Empty rows are dropped (they hold nothing to lose). ``source`` is ``"table"`` or ``"parcels"``
    (whose problems it is).
    """
    name = path.name
    if not path.is_file():
        report.add(f"{name}: no such file; expected a CSV or XLSX table with a parcel key column", source=source,
                   code="file_missing", params={"file": name})
        return None
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        report.add(f"{name}: unknown table type {suffix or '(none)'!r}; expected .csv or .xlsx "
                   "(save .xls as .xlsx)", source=source, code="table_type_unknown",
                   params={"file": name, "suffix": suffix or "—"})
        return None
    problem = _size_problem(path)
    if problem:
        report.say(problem, source=source)
        return None
    try:
        if suffix in (".csv", ".txt"):
            decoded = decode_csv(path.read_bytes(), name=name)
            if decoded is None:
                report.add(f"{name}: text is neither UTF-8 nor GB18030; save the CSV as UTF-8", source=source,
                           code="csv_encoding", params={"file": name})
                return None
            text, encoding, note = decoded
            if note:
                report.say(note, field="encoding", severity="warning", source=source)
            frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skip_blank_lines=True,
                                sep=None, engine="python")
            if source != "table":  # the file checked itself, not a joined attribute table
                report.encoding = {"utf-8-sig": "UTF-8", "mixed": "UTF-8 + GB18030"}.get(encoding, encoding.upper())
        else:
            with zipfile.ZipFile(path) as book:
                refused = _zip_bomb(name, book.infolist())
            if refused:
                report.say(refused, source=source)
                return None
            merged = merged_header_cells(path)
            if merged:
                report.add(f"{name}: header cells are merged ({', '.join(merged[:5])}); a table needs one header row "
                           "with one name per column. Unmerge them and name each column, e.g. 2023年税收(万元). The "
                           "table was not used", field="header", value=", ".join(merged), source=source,
                           code="merged_header", params={"file": name, "cells": ", ".join(merged[:5])})
                return None
            frame = pd.read_excel(path, dtype=object, engine="openpyxl")
    except Exception as exc:  # pandas/openpyxl raise many kinds for broken files
        report.add(f"{name}: cannot be read as a table ({exc}); expected a CSV (UTF-8) or XLSX with one header row",
                   source=source, code="table_unreadable", params={"file": name, "detail": str(exc)})
        return None
    frame.columns = [str(c).strip() for c in frame.columns]
    frame = frame.astype(object).where(frame.notna(), None)
    frame.index = pd.RangeIndex(2, len(frame) + 2)
    blank = frame.map(lambda v: v is None or (isinstance(v, str) and not v.strip())).all(axis=1)
    return frame.loc[~blank]


def decode_csv(raw: bytes, *, name: str) -> tuple[str, str, Said | None] | None:
    """CSV bytes as text: ``(text, encoding, note)``; ``None`` when no encoding reads them.

    The whole file is tried as UTF-8 (BOM or not), then line by line: lines that are valid UTF-8 are
    read as UTF-8 and the others as GB18030, and the note names the lines of each (files pasted together
    from both). A file with no UTF-8 text line is GB18030 throughout.
    """
    try:
        return raw.decode(CSV_ENCODINGS[0]), CSV_ENCODINGS[0], None
    except UnicodeDecodeError:
        pass
    lines = raw.removeprefix(b"\xef\xbb\xbf").splitlines(keepends=True)
    texts: list[str] = []
    utf8_rows: list[int] = []
    gb_rows: list[int] = []
    for number, line in enumerate(lines, start=1):
        try:
            texts.append(line.decode("utf-8"))
            if not line.isascii():
                utf8_rows.append(number)
        except UnicodeDecodeError:
            try:
                texts.append(line.decode("gb18030"))
            except UnicodeDecodeError:
                return None
            gb_rows.append(number)
    if not utf8_rows:
        return "".join(texts), "gb18030", None
    note = Said(f"{name}: mixed text encodings: line(s) {_rows(gb_rows)} are GBK/GB18030, line(s) "
                f"{_rows(utf8_rows)} UTF-8; each line was read in its own encoding. Save the whole file as UTF-8",
                "csv_mixed_encoding", {"file": name, "gb_rows": _rows(gb_rows, numbers_only=True),
                                       "utf8_rows": _rows(utf8_rows, numbers_only=True)})
    return "".join(texts), "mixed", note


def _rows(rows: list[int], *, numbers_only: bool = False) -> str:
    more = "" if len(rows) <= 10 else " …" if numbers_only else f" … ({len(rows)} in all)"
    return ", ".join(map(str, rows[:10])) + more


def merged_header_cells(path: Path) -> list[str]:
    """Merged cell ranges touching the header row (row 1) of the first sheet of an XLSX workbook.

    Read from the sheet's XML (``<mergeCell ref="B1:C1"/>``) by streaming, so large sheets cost
    little; openpyxl only lists merged cells when it loads the whole workbook.
    """
    ns_rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    with zipfile.ZipFile(path) as book:
        workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
        first = next(e for e in workbook.iter() if e.tag.endswith("}sheet"))
        rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
        target = next(e.get("Target", "") for e in rels.iter() if e.get("Id") == first.get(ns_rel))
        member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        ranges: list[str] = []
        with book.open(member) as sheet:
            for _, element in ElementTree.iterparse(sheet):
                if element.tag.endswith("}mergeCell"):
                    ref = element.get("ref", "")
                    start_row = int("".join(ch for ch in ref.split(":")[0] if ch.isdigit()) or 0)
                    if start_row <= 1:
                        ranges.append(ref)
                elif element.tag.endswith("}row"):
                    element.clear()  # cell data is not needed: keep memory flat
        return ranges


def _read_wkt_table(path: Path, report: ValidationReport) -> gpd.GeoDataFrame | None:
    table = read_table(path, report, source="parcels")
    if table is None:
        return None
    columns = [c for c in table.columns if fold(c) in WKT_COLUMNS]
    if not columns:
        report.add(f"{path.name}: a parcel table needs a geometry column with WKT text (named one of "
                   f"{', '.join(WKT_COLUMNS)}); found {', '.join(table.columns)}", code="wkt_column_missing",
                   params={"file": path.name, "names": ", ".join(WKT_COLUMNS), "columns": ", ".join(table.columns)})
        return None
    column = columns[0]
    texts = table[column].map(lambda v: None if v is None or not str(v).strip() else str(v).strip())
    geoms = shapely.from_wkt(texts.to_numpy(dtype=object), on_invalid="ignore")
    errors = {pos: Said(f"{path.name}: row {i}, column {column!r}: {t[:60]!r} is not readable WKT; expected e.g. "
                        "POLYGON ((x1 y1, x2 y2, x3 y3, x1 y1))", "wkt", {"column": column, "text": t[:60]})
              for pos, (i, t, g) in enumerate(zip(table.index, texts, geoms, strict=True))
              if t is not None and g is None}
    frame = gpd.GeoDataFrame(table.drop(columns=[column]).reset_index(drop=True),
                             geometry=gpd.GeoSeries(np.asarray(geoms, dtype=object)), crs=None)
    frame.attrs[GEOMETRY_ERRORS] = errors
    frame.attrs["row_numbers"] = [int(i) for i in table.index]
    report.add(f"{path.name}: CSV/XLSX geometry carries no CRS; it is inferred from the coordinates unless declared",
               severity="info", field="crs", code="wkt_no_crs", params={"file": path.name})
    return frame

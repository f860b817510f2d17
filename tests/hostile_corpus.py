"""A corpus of broken and hostile inputs for ``parcels_from_file``, generated into a directory by code.

Nothing binary is committed: every case is a function ``build(directory) -> kwargs`` that writes its
file(s) into ``directory`` and returns the keyword arguments for
:func:`geodata.ingest.parcels_from_file` (``path`` and, for table cases, ``attributes``). The expected
outcome of each case is written in ``tests/test_hostile_inputs.py``.

The reference parcels are boxes in CGCS2000 / 3-degree Gauss-Kruger CM 114°E (EPSG:4547) near
Zhumadian (x 500 000, y 3 650 000), or in lon/lat (EPSG:4490) around 114°E 33°N.
"""

from __future__ import annotations

import json
import struct
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

X6, Y = 500_000.0, 3_650_000.0
LON, LAT = 114.0, 33.0
Built = dict[str, Any]
Builder = Callable[[Path], Built]
#: name → builder; filled by :func:`case`.
CORPUS: dict[str, Builder] = {}
#: A sparse "upload" of this many bytes (no disk space used) must be refused by size.
HUGE_UPLOAD_BYTES = 300 * 1024**2
FORMULA = '=HYPERLINK("http://evil.example/x","点我")'
HTML = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def case(name: str) -> Callable[[Builder], Builder]:
    """Register a builder under ``name``."""
    def register(fn: Builder) -> Builder:
        assert name not in CORPUS, name
        CORPUS[name] = fn
        return fn
    return register


def boxes(n: int, *, x0: float = X6, y0: float = Y, w: float = 100.0, h: float = 80.0) -> list[shapely.Polygon]:
    """``n`` boxes of ``w`` × ``h`` metres in a row, 10 m apart."""
    return [shapely.box(x0 + i * (w + 10), y0, x0 + i * (w + 10) + w, y0 + h) for i in range(n)]


def write(frame: gpd.GeoDataFrame, path: Path, **kwargs: Any) -> Path:
    """Write quietly (missing CRS and laundered DBF names are intended here)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame.to_file(path, **kwargs)
    return path


def good_frame(n: int = 3, **columns: list[Any]) -> gpd.GeoDataFrame:
    data = {"宗地编号": [f"P{i + 1}" for i in range(n)], **columns}
    return gpd.GeoDataFrame(data, geometry=boxes(n), crs=4547)


def shapefile_parts(directory: Path, stem: str = "parcels") -> list[Path]:
    write(good_frame(), directory / f"{stem}.shp", encoding="utf-8")
    return sorted(directory.glob(f"{stem}.*"))


def zip_of(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def shapefile_zip(directory: Path, *, drop: tuple[str, ...] = ()) -> Path:
    src = directory / "src"
    src.mkdir()
    members = {p.name: p.read_bytes() for p in shapefile_parts(src) if p.suffix.lower() not in drop}
    return zip_of(directory / "parcels.zip", members)


def geojson(directory: Path, features: list[dict[str, Any]], name: str = "p.geojson") -> Path:
    path = directory / name
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False),
                    encoding="utf-8")
    return path


def feature(props: dict[str, Any], geom: shapely.Geometry | None) -> dict[str, Any]:
    return {"type": "Feature", "properties": props,
            "geometry": None if geom is None else shapely.geometry.mapping(geom)}


def lonlat_box(dx: float = 0.0, size: float = 0.001) -> shapely.Polygon:
    return shapely.box(LON + dx, LAT, LON + dx + size, LAT + size)


def parcels_gpkg(directory: Path, keys: list[str], name: str = "parcels.gpkg") -> Path:
    frame = gpd.GeoDataFrame({"宗地编号": keys}, geometry=boxes(len(keys)), crs=4547)
    return write(frame, directory / name, layer="parcels")


# --- archives ---------------------------------------------------------------------------------------

@case("truncated_zip")
def _truncated_zip(d: Path) -> Built:
    data = shapefile_zip(d).read_bytes()
    path = d / "truncated.zip"
    path.write_bytes(data[: len(data) // 2])
    return {"path": path}


@case("zip_not_a_zip")
def _not_a_zip(d: Path) -> Built:
    path = d / "parcels.zip"
    path.write_text("宗地编号,WKT\nthis is a CSV renamed to .zip\n", encoding="utf-8")
    return {"path": path}


@case("zip_missing_shx")
def _missing_shx(d: Path) -> Built:
    return {"path": shapefile_zip(d, drop=(".shx",))}


@case("zip_missing_dbf")
def _missing_dbf(d: Path) -> Built:
    return {"path": shapefile_zip(d, drop=(".dbf",))}


@case("zip_bomb_declared_size")
def _bomb_declared(d: Path) -> Built:
    """A 1 KB zip whose member claims 4 GB: the sizes in both headers are patched (zip64 not needed:
    0xFFFFFFF0 still fits 32 bits)."""
    path = zip_of(d / "bomb.zip", {"parcels.shp": b"\0" * 1000})
    data = bytearray(path.read_bytes())
    declared = 0xFFFF_FFF0
    local = data.find(b"PK\x03\x04")
    struct.pack_into("<I", data, local + 22, declared)           # local header: uncompressed size
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, declared)         # central directory: uncompressed size
    path.write_bytes(bytes(data))
    return {"path": path}


@case("zip_bomb_ratio")
def _bomb_ratio(d: Path) -> Built:
    """200 MB of zeros deflate to ≈ 200 KB (ratio ≈ 1000): refused by the compression ratio."""
    path = d / "ratio.zip"
    chunk = b"\0" * (1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive, archive.open("parcels.dbf", "w") as member:
        for _ in range(200):
            member.write(chunk)
    return {"path": path}


@case("zip_lying_size")
def _lying(d: Path) -> Built:
    """A member that declares 1 000 bytes but holds 5 MB: extraction stops at the declared size (CRC fails)."""
    src = d / "src"
    src.mkdir()
    members = {p.name: p.read_bytes() for p in shapefile_parts(src)}
    members["parcels.dbf"] = b"\0" * 5_000_000
    path = zip_of(d / "lying.zip", members)
    data = bytearray(path.read_bytes())
    start = 0
    while (central := data.find(b"PK\x01\x02", start)) >= 0:   # patch the .dbf entry in the central directory
        name_len = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46: central + 46 + name_len] == b"parcels.dbf":
            struct.pack_into("<I", data, central + 24, 1000)
            local = struct.unpack_from("<I", data, central + 42)[0]
            struct.pack_into("<I", data, local + 22, 1000)
        start = central + 4
    path.write_bytes(bytes(data))
    return {"path": path}


@case("zip_parent_path")
def _zip_parent(d: Path) -> Built:
    (d / "src").mkdir()
    parts = {p.name: p.read_bytes() for p in shapefile_parts(d / "src")}
    members = {f"../../escaped-{name}": data for name, data in parts.items()}
    return {"path": zip_of(d / "evil.zip", members)}


@case("zip_absolute_path")
def _zip_absolute(d: Path) -> Built:
    (d / "src").mkdir()
    parts = {p.name: p.read_bytes() for p in shapefile_parts(d / "src")}
    members = {f"/tmp/hostile-abs-{name}": data for name, data in parts.items()}
    return {"path": zip_of(d / "abs.zip", members)}


@case("huge_upload_sparse")
def _huge(d: Path) -> Built:
    path = d / "huge.zip"
    with path.open("wb") as f:
        f.truncate(HUGE_UPLOAD_BYTES)  # sparse: 300 MB long, no blocks on disk
    return {"path": path}


@case("huge_table_sparse")
def _huge_table(d: Path) -> Built:
    table = d / "huge.csv"
    with table.open("wb") as f:
        f.truncate(HUGE_UPLOAD_BYTES)
    return {"path": parcels_gpkg(d, ["P1"]), "attributes": table}


# --- empty and unreadable files ------------------------------------------------------------------------

@case("empty_file")
def _empty_file(d: Path) -> Built:
    path = d / "empty.geojson"
    path.write_bytes(b"")
    return {"path": path}


@case("empty_layer")
def _empty_layer(d: Path) -> Built:
    frame = gpd.GeoDataFrame({"宗地编号": pd.Series([], dtype=str)}, geometry=gpd.GeoSeries([], crs=4547))
    return {"path": write(frame, d / "empty.gpkg", layer="parcels")}


@case("header_only_csv")
def _header_only(d: Path) -> Built:
    path = d / "header.csv"
    path.write_text("宗地编号,WKT\n", encoding="utf-8")
    return {"path": path}


@case("invalid_json")
def _invalid_json(d: Path) -> Built:
    path = d / "broken.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Pol',
                    encoding="utf-8")
    return {"path": path}


@case("garbage_shp")
def _garbage_shp(d: Path) -> Built:
    path = d / "garbage.shp"
    path.write_bytes(bytes(range(256)) * 8)
    return {"path": path}


@case("unsupported_kml")
def _kml(d: Path) -> Built:
    path = d / "parcels.kml"
    path.write_text('<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"></kml>', encoding="utf-8")
    return {"path": path}


@case("unsupported_dwg")
def _dwg(d: Path) -> Built:
    path = d / "parcels.dwg"
    path.write_bytes(b"AC1032" + b"\0" * 100)
    return {"path": path}


@case("table_not_xlsx")
def _table_not_xlsx(d: Path) -> Built:
    table = d / "tax.xlsx"
    table.write_bytes(b"PK\x03\x04 this is no workbook")
    return {"path": parcels_gpkg(d, ["P1"]), "attributes": table}


# --- geometry -------------------------------------------------------------------------------------------

@case("points")
def _points(d: Path) -> Built:
    frame = gpd.GeoDataFrame({"宗地编号": ["P1", "P2"]}, geometry=[shapely.Point(X6, Y), shapely.Point(X6 + 50, Y)],
                             crs=4547)
    return {"path": write(frame, d / "points.gpkg")}


@case("lines")
def _lines(d: Path) -> Built:
    frame = gpd.GeoDataFrame({"宗地编号": ["P1"]}, geometry=[shapely.LineString([(X6, Y), (X6 + 100, Y + 100)])],
                             crs=4547)
    return {"path": write(frame, d / "lines.gpkg")}


@case("out_of_range")
def _out_of_range(d: Path) -> Built:
    features = [feature({"宗地编号": "ok"}, lonlat_box()),
                feature({"宗地编号": "far"}, shapely.box(-74.0, 40.7, -73.99, 40.71)),    # New York
                feature({"宗地编号": "beyond"}, shapely.box(200.0, 95.0, 200.01, 95.01))]  # not on Earth
    return {"path": geojson(d, features)}


@case("nan_inf_coordinates")
def _nan_inf(d: Path) -> Built:
    path = d / "nan.csv"
    rows = [("ok", lonlat_box().wkt),
            ("nan", f"POLYGON (({LON} {LAT}, nan {LAT}, {LON} {LAT + 0.001}, {LON} {LAT}))"),
            ("inf", f"POLYGON (({LON} {LAT}, inf {LAT}, {LON} {LAT + 0.001}, {LON} {LAT}))")]
    pd.DataFrame(rows, columns=["宗地编号", "WKT"]).to_csv(path, index=False)
    return {"path": path}


@case("million_vertices")
def _million(d: Path) -> Built:
    n = 1_000_000
    angles = np.linspace(0, 2 * np.pi, n, endpoint=False)
    ring = np.column_stack([X6 + 200 * np.cos(angles), Y + 200 * np.sin(angles)])
    frame = gpd.GeoDataFrame({"宗地编号": ["BIG", "small"]}, geometry=[shapely.Polygon(ring), boxes(1, y0=Y + 500)[0]],
                             crs=4547)
    return {"path": write(frame, d / "million.gpkg")}


@case("null_geometries")
def _null_geoms(d: Path) -> Built:
    features = [feature({"宗地编号": "A"}, lonlat_box()), feature({"宗地编号": "B"}, None),
                feature({"宗地编号": "C"}, None)]
    return {"path": geojson(d, features)}


@case("self_intersecting")
def _bow_tie(d: Path) -> Built:
    bow = shapely.Polygon([(X6, Y), (X6 + 100, Y + 100), (X6 + 100, Y), (X6, Y + 100)])
    frame = gpd.GeoDataFrame({"宗地编号": ["BOW", "OK"]}, geometry=[bow, boxes(1, y0=Y + 500)[0]], crs=4547)
    return {"path": write(frame, d / "bow.gpkg")}


@case("absurd_areas")
def _absurd(d: Path) -> Built:
    frame = gpd.GeoDataFrame({"宗地编号": ["TINY", "NORMAL", "HUGE"]},
                             geometry=[shapely.box(X6, Y, X6 + 1, Y + 1),                # 1 m²
                                       shapely.box(X6 + 10, Y, X6 + 310, Y + 200),       # 60 000 m²
                                       shapely.box(X6 - 50_000, Y + 1000, X6 + 50_000, Y + 101_000)],  # 10⁴ km²
                             crs=4547)
    return {"path": write(frame, d / "absurd.gpkg")}


@case("garbage_prj")
def _garbage_prj(d: Path) -> Built:
    frame = gpd.GeoDataFrame({"DKBM": ["P1", "P2"]}, geometry=boxes(2), crs=4547)
    shp = write(frame, d / "p.shp", encoding="utf-8")
    shp.with_suffix(".prj").write_text("this is not a projection ☃ PROJCS[[[", encoding="utf-8")
    # as on the import page: the zones in use (Zhumadian, CM 114°E) say which zone 6-digit eastings are in
    return {"path": shp, "central_meridian": 114}


@case("utf8_cut_field_name")
def _cut_utf8(d: Path) -> Built:
    """宗地编号 takes 12 bytes in UTF-8; a DBF field name holds 10, so the writer cuts it mid-character."""
    frame = gpd.GeoDataFrame({"DKBM": ["P1", "P2"], "宗地编号": ["甲", "乙"]}, geometry=boxes(2), crs=4547)
    return {"path": write(frame, d / "cut.shp", encoding="utf-8")}


# --- keys, values, encodings ---------------------------------------------------------------------------

@case("duplicate_keys")
def _dup_keys(d: Path) -> Built:
    frame = gpd.GeoDataFrame({"宗地编号": ["P1", "P2", "P1", "P1"]}, geometry=boxes(4), crs=4547)
    return {"path": write(frame, d / "dup.gpkg")}


@case("text_in_numeric_column")
def _wrong_types(d: Path) -> Built:
    table = d / "tax.csv"
    table.write_text("宗地编号,税收(万元)\nP1,12.5\nP2,abc\nP3,\n", encoding="utf-8")
    return {"path": parcels_gpkg(d, ["P1", "P2", "P3"]), "attributes": table}


@case("mixed_encodings_csv")
def _mixed(d: Path) -> Built:
    """Lines 2 and 4 were pasted from a GBK file into a UTF-8 one."""
    table = d / "mixed.csv"
    lines = [("宗地编号,企业名称,税收(万元)\n", "utf-8"), ("P1,甲公司,10\n", "gbk"), ("P2,乙公司,20\n", "utf-8"),
             ("P3,丙公司,30\n", "gbk")]
    table.write_bytes(b"".join(text.encode(enc) for text, enc in lines))
    return {"path": parcels_gpkg(d, ["P1", "P2", "P3"]), "attributes": table}


@case("xlsx_merged_header")
def _merged_header(d: Path) -> Built:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["宗地编号", "税收(万元)", None])
    ws.append([None, "2023", "2024"])
    ws.append(["P1", 10, 11])
    ws.append(["P2", 20, 21])
    ws.merge_cells("A1:A2")
    ws.merge_cells("B1:C1")
    table = d / "merged.xlsx"
    wb.save(table)
    return {"path": parcels_gpkg(d, ["P1", "P2"]), "attributes": table}


@case("csv_bom_semicolon")
def _bom_semicolon(d: Path) -> Built:
    table = d / "semi.csv"
    table.write_bytes("宗地编号;税收(万元)\nP1;15\nP2;30\n".encode("utf-8-sig"))
    return {"path": parcels_gpkg(d, ["P1", "P2"]), "attributes": table}


@case("csv_gbk")
def _gbk(d: Path) -> Built:
    table = d / "gbk.csv"
    table.write_bytes("宗地编号,企业名称,税收(万元)\n甲001,驻马店甲公司,15\n乙002,乙公司,30\n".encode("gbk"))
    return {"path": parcels_gpkg(d, ["甲001", "乙002"]), "attributes": table}


@case("formula_injection_names")
def _formula(d: Path) -> Built:
    table = d / "names.csv"
    pd.DataFrame({"宗地编号": ["P1", "P2"], "企业名称": [FORMULA, "@SUM(A1:A9)"],
                  "备注": ["+cmd|' /C calc'!A0", "-2+3"]}).to_csv(table, index=False)
    return {"path": parcels_gpkg(d, ["P1", "P2"]), "attributes": table}


@case("html_in_names")
def _html(d: Path) -> Built:
    frame = gpd.GeoDataFrame({"宗地编号": ["P1", "<b>P2</b>"], "企业名称": [HTML, "A&B <i>公司</i>"]},
                             geometry=boxes(2), crs=4547)
    return {"path": write(frame, d / "html.gpkg")}


@case("leading_zero_keys_xlsx")
def _leading_zeros_xlsx(d: Path) -> Built:
    """Parcel keys are text '0012', '0013'; the spreadsheet stored them as numbers 12, 13."""
    table = d / "keys.xlsx"
    pd.DataFrame({"宗地编号": [12, 13], "税收(万元)": [5, 6]}).to_excel(table, index=False)
    return {"path": parcels_gpkg(d, ["0012", "0013"]), "attributes": table}


@case("leading_zero_keys_csv")
def _leading_zeros_csv(d: Path) -> Built:
    """A CSV keeps '0012' as text: the keys match."""
    table = d / "keys.csv"
    table.write_text("宗地编号,税收(万元)\n0012,5\n13,6\n", encoding="utf-8")
    return {"path": parcels_gpkg(d, ["0012", "0013"]), "attributes": table}


def build(name: str, directory: Path) -> Built:
    """Write case ``name`` into ``directory`` (created) and return the kwargs for ``parcels_from_file``."""
    directory.mkdir(parents=True, exist_ok=True)
    return CORPUS[name](directory)

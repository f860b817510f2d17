"""Geometry checks of ingested parcels: CRS, swapped axes, validity, type, range and duplicates.

:func:`check_geometries` returns the geometries in EPSG:4490 and the rows it rejected; every
rejection and repair is written into the report with the row number and key.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS

from geodata import settings
from geodata.ingest.crs_detect import LAT_RANGE, LON_RANGE, decide_crs
from geodata.ingest.report import Said, Severity, ValidationReport

POLYGONAL = ("Polygon", "MultiPolygon")
#: reject(position, message, value=None): drop one row with a report line.
Reject = Callable[..., None]


@dataclass
class GeometryResult:
    """Geometries in EPSG:4490 (``None`` where rejected) and the rejected positions."""

    geoms: np.ndarray
    rejected: set[int] = field(default_factory=set)
    fatal: bool = False


def polygonal_part(geom: shapely.Geometry) -> shapely.Geometry | None:
    """The polygons of ``geom`` (from a collection too) as one (Multi)Polygon, or ``None``."""
    if geom is None or geom.is_empty:
        return None
    if geom.geom_type in POLYGONAL:
        return geom
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in POLYGONAL]
    polys = [p for part in parts for p in shapely.get_parts(part)]
    if not polys:
        return None
    return polys[0] if len(polys) == 1 else shapely.MultiPolygon(polys)


def check_geometries(geoms: np.ndarray, *, rows: Sequence[int], keys: Sequence[str], file_crs: CRS | None,
                     declared: CRS | None, gcj02: bool, report: ValidationReport, file: str,
                     read_errors: dict[int, Said] | None = None, central_meridian: int | None = None) -> GeometryResult:
    """Check, repair and reproject ``geoms`` (one per row); reject what cannot be used."""
    n = len(geoms)
    out = np.array(geoms, dtype=object)
    result = GeometryResult(out)

    def reject(pos: int, message: str, value: object = None, code: str | None = None, **params: object) -> None:
        result.rejected.add(pos)
        out[pos] = None
        report.add(f"{file}, row {rows[pos]} (parcel {keys[pos]}): {message}", row=rows[pos], key=keys[pos],
                   field="geometry", value=value, code=f"geometry_{code}" if code else None,
                   params={"file": file, "row": rows[pos], "parcel": keys[pos], **params} if code else None)

    read_errors = read_errors or {}
    for pos in range(n):
        geom = out[pos]
        if pos in read_errors:
            error = read_errors[pos]
            reject(pos, error.text.split(": ", 1)[-1] + "; the row was rejected", code=error.code, **error.params)
        elif geom is None or geom.is_empty:
            reject(pos, "the geometry is empty; draw the parcel's polygon or delete the row", code="empty")
        elif not np.isfinite(shapely.get_coordinates(geom)).all():
            reject(pos, "the geometry has NaN or infinite coordinates; redraw it or fix the export", code="not_finite")
        elif geom.geom_type not in POLYGONAL and polygonal_part(geom) is None:
            reject(pos, f"the geometry is a {geom.geom_type}; expected a Polygon or MultiPolygon (a parcel is an "
                        "area: export the parcel polygons, not points or lines)", geom.geom_type,
                   code="not_polygon", kind=geom.geom_type)
        elif geom.geom_type not in POLYGONAL:
            out[pos] = polygonal_part(geom)
            report.repaired += 1
            report.add(f"{file}, row {rows[pos]} (parcel {keys[pos]}): a {geom.geom_type}; its polygons were kept "
                       "and the other parts dropped", row=rows[pos], key=keys[pos], field="geometry",
                       severity="warning", code="geometry_parts_kept",
                       params={"file": file, "row": rows[pos], "parcel": keys[pos], "kind": geom.geom_type})
    live = [pos for pos in range(n) if out[pos] is not None]
    if not live:
        return result
    bounds = shapely.bounds(out[live])  # one representative point per feature: its bounding-box centre
    decision = decide_crs((bounds[:, 0] + bounds[:, 2]) / 2, (bounds[:, 1] + bounds[:, 3]) / 2, file_crs=file_crs,
                          declared=declared, central_meridian=central_meridian)
    report.epsg, report.crs_inferred, report.swapped_xy = decision.epsg, decision.inferred, decision.swapped
    said: tuple[tuple[list[str], Severity], ...] = ((decision.notes, "info"), (decision.warnings, "warning"))
    for texts, severity in said:
        for text in texts:
            code, params = decision.coded.get(text, (None, {}))
            report.add(f"{file}: {text}", field="crs", severity=severity,
                       code=code, params={"file": file, **params} if code else None)
    if decision.crs is None:
        first, last = rows[live[0]], rows[live[-1]]
        code, params = decision.error_code or "crs_undetermined", dict(decision.error_params)
        return _reject_all(result, out, live, report, Said(
            f"{file}: {decision.error}. All {len(live)} remaining feature(s) rejected (rows {first}–{last})", code,
            {"file": file, "n": len(live), "first": first, "last": last, **params}))
    if decision.swapped:
        out[live] = shapely.transform(out[live], lambda xy: xy[:, ::-1])
    _repair_invalid(out, live, rows=rows, keys=keys, report=report, file=file, reject=reject)
    live = [pos for pos in range(n) if out[pos] is not None]
    series = gpd.GeoSeries(out[live], crs=decision.crs)
    try:
        stored = series.to_crs(epsg=settings.STORAGE_EPSG).to_numpy()
    except Exception as exc:  # PROJ errors: every row is unusable in this CRS
        return _reject_all(result, out, live, report, Said(
            f"{file}: coordinates cannot be converted from EPSG:{decision.epsg} to EPSG:{settings.STORAGE_EPSG} "
            f"({exc}); check the declared CRS", "crs_convert_failed",
            {"file": file, "epsg": decision.epsg, "to": settings.STORAGE_EPSG, "detail": str(exc)}))
    if gcj02:
        from geodata.gcj02 import gcj02_to_wgs84  # lazy: display-only module, needed only for this option

        def unshift(xy: np.ndarray) -> np.ndarray:
            lon, lat = gcj02_to_wgs84(xy[:, 0], xy[:, 1])
            return np.column_stack([lon, lat])

        stored = shapely.transform(stored, unshift)
        report.add(f"{file}: coordinates declared GCJ-02 (Gaode/AutoNavi) were converted back to WGS84/CGCS2000",
                   field="crs", severity="info", code="crs_gcj02", params={"file": file})
    for pos, geom in zip(live, stored, strict=True):
        out[pos] = geom
    _check_range(out, live, reject=reject)
    _reject_duplicates(out, rows=rows, reject=reject)
    return result


def _reject_all(result: GeometryResult, out: np.ndarray, live: list[int], report: ValidationReport,
                said: Said) -> GeometryResult:
    """Reject every remaining row with one report line (the file's CRS makes all of them unusable)."""
    for pos in live:
        result.rejected.add(pos)
        out[pos] = None
    report.say(said, field="crs")
    result.fatal = True
    return result


def _repair_invalid(out: np.ndarray, live: list[int], *, rows: Sequence[int], keys: Sequence[str],
                    report: ValidationReport, file: str, reject: Reject) -> None:
    for pos in live:
        geom = out[pos]
        if shapely.is_valid(geom):
            continue
        reason = shapely.is_valid_reason(geom)
        fixed = polygonal_part(shapely.make_valid(geom))
        if fixed is None or fixed.is_empty:
            reject(pos, f"the polygon is invalid ({reason}) and nothing polygonal remains after repair; redraw it",
                   code="unrepairable", reason=reason)
            continue
        out[pos] = fixed
        report.repaired += 1
        report.add(f"{file}, row {rows[pos]} (parcel {keys[pos]}): invalid polygon ({reason}) repaired with "
                   "make_valid (polygonal parts kept); check its shape and area", row=rows[pos], key=keys[pos],
                   field="geometry", value=reason, severity="warning", code="geometry_repaired",
                   params={"file": file, "row": rows[pos], "parcel": keys[pos], "reason": reason})


def _check_range(out: np.ndarray, live: list[int], *, reject: Reject) -> None:
    for pos in live:
        geom = out[pos]
        if geom is None:
            continue
        coords = shapely.get_coordinates(geom)
        if not np.isfinite(coords).all():
            reject(pos, "coordinates became infinite when converted to lon/lat; the CRS does not fit this row",
                   code="converted_infinite")
            continue
        minx, miny, maxx, maxy = geom.bounds
        if minx < LON_RANGE[0] or maxx > LON_RANGE[1] or miny < LAT_RANGE[0] or maxy > LAT_RANGE[1]:
            reject(pos, f"lies outside China (lon {minx:.4f}…{maxx:.4f}, lat {miny:.4f}…{maxy:.4f}; expected lon "
                        f"{LON_RANGE[0]:g}…{LON_RANGE[1]:g}, lat {LAT_RANGE[0]:g}…{LAT_RANGE[1]:g}); check the CRS "
                        "of the file or of this row", f"{minx:.6f},{miny:.6f}", code="outside_china",
                   lon=f"{minx:.4f}…{maxx:.4f}", lat=f"{miny:.4f}…{maxy:.4f}")


def _reject_duplicates(out: np.ndarray, *, rows: Sequence[int], reject: Reject) -> None:
    seen: dict[bytes, int] = {}
    for pos, geom in enumerate(out):
        if geom is None:
            continue
        wkb = shapely.to_wkb(shapely.normalize(geom))
        if wkb in seen:
            reject(pos, f"the same polygon as row {rows[seen[wkb]]}, which was kept; delete the duplicate row",
                   code="duplicate", first=rows[seen[wkb]])
        else:
            seen[wkb] = pos

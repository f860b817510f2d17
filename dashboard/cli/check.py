"""``python -m dashboard check PATH``: validate a parcel file before loading it, and say what is wrong.

``--table enterprises|enterprise_years|land_use|targets`` checks a CSV/XLSX of one enterprise table
instead (:func:`geodata.ingest.tables.table_from_file`), ``--year`` giving the year of its figures.

Wire into ``dashboard/cli/main.py`` with ``check_cmd.add_parser(sub)`` and, for ``args.command == "check"``,
``return check_cmd.run(args)``. Prints the report as text, or one JSON object with ``--json`` (also
when the file is not loadable). Exit code 0 when loadable (warnings allowed), 1 when not. No traceback
ever reaches the user.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from geodata.ingest import parcels_from_file
from geodata.ingest.report import ValidationReport
from geodata.ingest.tables import TABLES, table_from_file


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``check`` sub-command to ``subparsers`` (from ``ArgumentParser.add_subparsers``)."""
    p = subparsers.add_parser(
        "check", help="check a parcel file (Shapefile/zip, GeoPackage, GeoJSON, CSV with WKT) and report problems",
        description="Reads the file like the dashboard would and reports fields recognised, CRS, encoding, "
                    "repaired and rejected rows, unmatched keys and areas. Exit code 0 = loadable, 1 = not.")
    p.add_argument("path", help="parcel file: .shp, .zip of a shapefile, .gpkg, .geojson, or .csv/.xlsx with WKT; "
                                "with --table a CSV/XLSX of that table")
    p.add_argument("--table", choices=list(TABLES), default=None,
                   help="the file is a CSV/XLSX of this enterprise table (keyed by 统一社会信用代码), not parcels")
    p.add_argument("--attributes", metavar="TABLE", default=None,
                   help="CSV or XLSX table joined to the parcels by key (e.g. 宗地编号 + 税收(元))")
    p.add_argument("--key", metavar="FIELD", default=None,
                   help="name of the parcel key column when it is not one of 宗地编号/地块编号/DKBM/ZDDM …")
    p.add_argument("--crs", metavar="EPSG", default=None,
                   help="CRS of the coordinates when the file does not state it, e.g. 4547 (GK 3° CM 114°E)")
    p.add_argument("--central-meridian", metavar="DEG", type=int, default=None,
                   help="3-degree Gauss-Kruger zone (°E, e.g. 114) assumed for 6-digit eastings when the file "
                        "states no CRS; without it or --crs such a file is reported as needing its CRS")
    p.add_argument("--year", type=int, default=None,
                   help="the year of a tax column whose header names none (e.g. 税收(万元)); without it such a "
                        "column is reported and not used. With --table: the year of the figures when the file has "
                        "no 年度 column (else taken from the headers or the file name)")
    p.add_argument("--gcj02", action="store_true",
                   help="the coordinates are GCJ-02 (Gaode/AutoNavi): convert them back to WGS84")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    return p


def run(args: argparse.Namespace) -> int:
    """Handler of ``check``: print the report; 0 when the file is loadable, 1 when not."""
    try:
        if getattr(args, "table", None):
            report = table_from_file(args.path, args.table, year=args.year).report
        else:
            report = parcels_from_file(args.path, attributes=args.attributes, key=args.key,
                                       declared_crs=getattr(args, "crs", None), gcj02=args.gcj02,
                                       central_meridian=args.central_meridian,
                                       tax_years=(args.year,) if args.year else ()).report
    except Exception as exc:  # last resort: the command never shows a traceback
        report = ValidationReport(file=str(args.path))
        report.add(f"{args.path}: cannot be checked ({type(exc).__name__}: {exc}); please report this file")
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=1))
    else:
        print(report.to_text())
    return 0 if report.loadable else 1

"""Ingesting the files users bring (Shapefile, GeoPackage, GeoJSON, CSV/XLSX): recognise fields, read
numbers as typed, find the CRS and the text encoding, check geometry, join attribute tables, and
report every problem (``geodata/README_ingest.md``).

``parcels_from_file(path, ...) -> IngestResult`` is the entry point for parcels;
``table_from_file(path, table, ...) -> TableResult`` for a CSV/XLSX of one enterprise table.
"""

from geodata.ingest.fields import FieldMapping, land_class_of, map_columns, match_header
from geodata.ingest.loaders import IngestResult, parcels_from_file
from geodata.ingest.numbers import number_or_problem, parse_number
from geodata.ingest.report import Problem, ValidationReport
from geodata.ingest.tables import TableResult, table_from_file

__all__ = [
    "FieldMapping",
    "IngestResult",
    "Problem",
    "TableResult",
    "ValidationReport",
    "land_class_of",
    "map_columns",
    "match_header",
    "number_or_problem",
    "parcels_from_file",
    "parse_number",
    "table_from_file",
]

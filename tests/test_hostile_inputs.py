"""Broken and hostile inputs (``tests/hostile_corpus.py``) through ``parcels_from_file``.

Every case must end in seconds with a report, never an exception; nothing may be lost silently
(``features == accepted + rejected`` and every rejected row has an error line naming it); the
expected outcome of each case is written below: a distinctive piece of the message (file, row,
field), or the repaired/kept values.
"""

from __future__ import annotations

import contextlib
import json
import math
import signal
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from geodata.ingest import IngestResult, parcels_from_file
from geodata.ingest import sources as ingest_sources
from tests.hostile_corpus import CORPUS, FORMULA, HTML, build

#: Each case must finish within this many seconds (the build of its files is not counted).
CASE_SECONDS = 10.0


class CaseTimeout(BaseException):
    """Raised by the alarm; a BaseException so that no ``except Exception`` in the loader hides it."""


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` (SIGALRM; the tests run in the main thread)."""
    def expire(signum: int, frame: object) -> None:
        raise CaseTimeout(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass(frozen=True)
class Expect:
    """What a case must give: loadable or not, phrases that must appear in the problems (with the
    severity of the line holding the first one), optional (features, accepted, repaired, rejected), and
    a check of the result."""

    loadable: bool
    says: tuple[str, ...]
    severity: str = "error"
    counts: tuple[int, int, int, int] | None = None
    check: Callable[[IngestResult], None] | None = None


def column(result: IngestResult, name: str) -> list[Any]:
    return result.parcels[name].tolist()


def _merged(r: IngestResult) -> None:
    assert not any(c.startswith("tax_wan_") for c in r.parcels.columns)   # the table was not guessed at


def _formula(r: IngestResult) -> None:
    assert column(r, "enterprise") == [FORMULA, "@SUM(A1:A9)"]           # kept as text, not evaluated
    # 备注 is no known field: a table's unknown columns are not joined, and the report says so
    assert "备注" not in r.parcels.columns
    assert any("names.csv: column(s) 备注 are not known fields" in p.message for p in r.report.problems)


def _html(r: IngestResult) -> None:
    assert column(r, "enterprise") == [HTML, "A&B <i>公司</i>"]            # escaping is the UI's job
    assert column(r, "parcel_id") == ["P1", "<b>P2</b>"]


def _zeros_xlsx(r: IngestResult) -> None:
    # Documented behaviour: keys are compared as text. XLSX stored 12 as a number, so '12' ≠ '0012':
    # nothing joins, both sides are listed, and each table row says the keys differ by leading zeros.
    assert r.report.unmatched_in_table == ["12", "13"]
    assert r.report.missing_from_table == ["0012", "0013"]
    assert all(math.isnan(v) for v in column(r, "tax_wan_2024"))


def _zeros_csv(r: IngestResult) -> None:
    # CSV cells stay text: '0012' joins; the row written as 13 does not match '0013' and is reported.
    assert column(r, "parcel_id") == ["0012", "0013"]
    assert column(r, "tax_wan_2024")[0] == 5.0 and math.isnan(column(r, "tax_wan_2024")[1])
    assert r.report.unmatched_in_table == ["13"]


def _semicolon(r: IngestResult) -> None:
    assert column(r, "tax_wan_2024") == [15.0, 30.0]


def _gbk(r: IngestResult) -> None:
    assert column(r, "enterprise") == ["驻马店甲公司", "乙公司"]
    assert column(r, "tax_wan_2024") == [15.0, 30.0]


def _mixed(r: IngestResult) -> None:
    assert column(r, "enterprise") == ["甲公司", "乙公司", "丙公司"]           # each line in its own encoding
    assert column(r, "tax_wan_2024") == [10.0, 20.0, 30.0]


def _wrong_type(r: IngestResult) -> None:
    tax = column(r, "tax_wan_2024")
    assert tax[0] == 12.5 and math.isnan(tax[1]) and math.isnan(tax[2])   # 'abc' → missing, never 0


def _million(r: IngestResult) -> None:
    big = next(p for p in r.report.parcels if p["parcel_id"] == "BIG")
    assert big["area_m2"] == pytest.approx(math.pi * 200**2, rel=1e-4)    # a circle of radius 200 m


def _bow_tie(r: IngestResult) -> None:
    bow = next(p for p in r.report.parcels if p["parcel_id"] == "BOW")
    assert bow["area_m2"] == pytest.approx(2 * 100 * 50 / 2, rel=1e-6)   # two triangles of base 100, height 50


def _absurd(r: IngestResult) -> None:
    flagged = {p.row: p for p in r.report.problems if p.field == "area"}
    assert set(flagged) == {1, 3}                                          # 60 000 m² is plausible
    assert flagged[1].value == pytest.approx(1.0) and flagged[3].value == pytest.approx(1e10, rel=1e-6)
    assert all(p.severity == "warning" for p in flagged.values())
    assert r.report.accepted == 3                                          # flagged, not dropped


def _dup(r: IngestResult) -> None:
    assert {p.row for p in r.report.problems if p.severity == "error"} == {3, 4}
    assert column(r, "parcel_id") == ["P1", "P2"]


def _cut_utf8(r: IngestResult) -> None:
    assert column(r, "宗地编") == ["甲", "乙"]                               # values intact, name cut by the writer


def _kept_parcels(r: IngestResult) -> None:
    assert column(r, "parcel_id") == ["P1"]            # the table's problem does not sink the parcels


EXPECTED: dict[str, Expect] = {
    # archives
    "truncated_zip": Expect(False, ("truncated.zip: cannot be opened as a zip archive",)),
    "zip_not_a_zip": Expect(False, ("parcels.zip: cannot be opened as a zip archive",)),
    "zip_missing_shx": Expect(False, ("parcels.shp comes without its .shx",)),
    "zip_missing_dbf": Expect(False, ("parcels.shp comes without its .dbf",)),
    "zip_bomb_declared_size": Expect(False, ("bomb.zip: the archive would expand to 4,096 MB",
                                             "nothing was extracted")),
    "zip_bomb_ratio": Expect(False, ("ratio.zip: member parcels.dbf expands", "zip bomb")),
    "zip_lying_size": Expect(False, ("lying.zip: cannot be opened as a zip archive (Bad CRC-32 for file "
                                     "'parcels.dbf')",)),
    "zip_parent_path": Expect(False, ("evil.zip: the archive holds paths outside itself (../../escaped-",)),
    "zip_absolute_path": Expect(False, ("abs.zip: the archive holds paths outside itself (/tmp/hostile-abs-",)),
    "huge_upload_sparse": Expect(False, ("huge.zip: 300 MB is larger than the limit of 200 MB",)),
    "huge_table_sparse": Expect(True, ("huge.csv: 300 MB is larger than the limit of 200 MB",), check=_kept_parcels),
    # empty and unreadable
    "empty_file": Expect(False, ("empty.geojson: the file is empty (0 bytes)",)),
    "empty_layer": Expect(False, ("empty.gpkg: the file holds no features",), counts=(0, 0, 0, 0)),
    "header_only_csv": Expect(False, ("header.csv: the file holds no features",), counts=(0, 0, 0, 0)),
    "invalid_json": Expect(False, ("broken.geojson: cannot be read",)),
    "garbage_shp": Expect(False, ("garbage.shp: cannot be read",)),
    "unsupported_kml": Expect(False, ("parcels.kml: unknown file type '.kml'; expected one of .gpkg, .geojson",
                                      ".shp, .zip, .csv")),
    "unsupported_dwg": Expect(False, ("parcels.dwg: unknown file type '.dwg'; expected one of .gpkg",)),
    "table_not_xlsx": Expect(True, ("tax.xlsx: cannot be read as a table",), check=_kept_parcels),
    # geometry
    "points": Expect(False, ("points.gpkg, row 1 (parcel P1): the geometry is a Point; expected a Polygon",
                             "row 2 (parcel P2): the geometry is a Point"), counts=(2, 0, 0, 2)),
    "lines": Expect(False, ("lines.gpkg, row 1 (parcel P1): the geometry is a LineString",), counts=(1, 0, 0, 1)),
    "out_of_range": Expect(True, ("p.geojson, row 2 (parcel far): lies outside China (lon -74.0000",
                                  "row 3 (parcel beyond): lies outside China (lon 200.0000"), counts=(3, 1, 0, 2)),
    "nan_inf_coordinates": Expect(True, ("nan.csv, row 3 (parcel nan): the geometry has NaN or infinite",
                                         "nan.csv, row 4 (parcel inf): the geometry has NaN or infinite"),
                                  counts=(3, 1, 0, 2)),
    "million_vertices": Expect(True, (), counts=(2, 2, 0, 0), check=_million),
    "null_geometries": Expect(True, ("p.geojson, row 2 (parcel B): the geometry is empty",
                                     "p.geojson, row 3 (parcel C): the geometry is empty"), counts=(3, 1, 0, 2)),
    "self_intersecting": Expect(True, ("bow.gpkg, row 1 (parcel BOW): invalid polygon (Self-intersection",
                                       "repaired with make_valid"), severity="warning", counts=(2, 2, 1, 0),
                                check=_bow_tie),
    "absurd_areas": Expect(True, ("absurd.gpkg, row 1 (parcel TINY): area 1.0 m²",
                                  "absurd.gpkg, row 3 (parcel HUGE): area 10,000,000,000.0 m²",
                                  "plausible range for a parcel (10 m² … 100 km²)"), severity="warning",
                           counts=(3, 3, 0, 0), check=_absurd),
    "garbage_prj": Expect(True, ("p.shp: its p.prj is not a readable CRS ('this is not a projection",
                                 "inferred EPSG:4547"), severity="warning", counts=(2, 2, 0, 0)),
    "utf8_cut_field_name": Expect(True, ("cut.shp: text is UTF-8 but cut inside a character", "fields 宗地编"),
                                  severity="warning", counts=(2, 2, 0, 0), check=_cut_utf8),
    # keys, values, encodings
    "duplicate_keys": Expect(True, ("dup.gpkg, row 3: parcel key 'P1' already used by row 1",), counts=(4, 2, 0, 2),
                             check=_dup),
    "text_in_numeric_column": Expect(True, ("tax.csv, table row 3 (parcel P2), column '税收(万元)' → tax_wan_2024 in "
                                            "万元: 'abc' is not a number",), severity="warning", check=_wrong_type),
    "mixed_encodings_csv": Expect(True, ("mixed.csv: mixed text encodings: line(s) 2, 4 are GBK/GB18030",),
                                  severity="warning", check=_mixed),
    "xlsx_merged_header": Expect(True, ("merged.xlsx: header cells are merged (B1:C1, A1:A2)",), check=_merged),
    "csv_bom_semicolon": Expect(True, (), check=_semicolon),
    "csv_gbk": Expect(True, (), check=_gbk),
    "formula_injection_names": Expect(True, (), check=_formula),
    "html_in_names": Expect(True, (), check=_html),
    "leading_zero_keys_xlsx": Expect(True, ("keys.xlsx, table row 2: key '12' matches no accepted parcel",
                                            "parcel '0012' differs only by leading zeros"), severity="warning",
                                     check=_zeros_xlsx),
    "leading_zero_keys_csv": Expect(True, ("keys.csv, table row 3: key '13' matches no accepted parcel",
                                           "parcel '0013' differs only by leading zeros"), severity="warning",
                                    check=_zeros_csv),
}


def test_the_corpus_is_complete():
    assert len(CORPUS) >= 30
    assert set(CORPUS) == set(EXPECTED)


def escaped_files() -> list[Path]:
    """Files the path-traversal cases would have written outside their extraction folder."""
    tmp = Path(tempfile.gettempdir())
    return [*tmp.glob("escaped-*"), *tmp.glob("hostile-abs-*"), *tmp.parent.glob("escaped-*")]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_input(name, tmp_path):
    kwargs = build(name, tmp_path / "in")
    before = set(escaped_files())
    started = time.monotonic()
    with deadline(CASE_SECONDS):
        # as on the import page, where the data in use holds 2022–2024 (for tax columns without a year)
        result = parcels_from_file(**{"tax_years": (2022, 2023, 2024), **kwargs})  # must not raise, whatever the input
    elapsed = time.monotonic() - started
    assert elapsed < CASE_SECONDS, f"{name} took {elapsed:.1f} s"
    r = result.report
    expect = EXPECTED[name]

    # nothing silently lost
    assert r.features == r.accepted + r.rejected
    assert len(result.parcels) == r.accepted
    rejected_rows = {p.row for p in r.problems if p.severity == "error" and p.row is not None
                     and p.source == "parcels"}
    assert len(rejected_rows) == r.rejected
    assert set(result.parcels["source_row"]).isdisjoint(rejected_rows)
    # every line names the file it is about, and the report serialises
    names = {Path(kwargs["path"]).name} | ({Path(kwargs["attributes"]).name} if "attributes" in kwargs else set())
    assert all(any(n in p.message for n in names) for p in r.problems), [p.message for p in r.problems]
    json.dumps(r.to_dict(), ensure_ascii=False, allow_nan=False)
    assert r.file in r.to_text()

    assert r.loadable is expect.loadable
    if not expect.loadable:
        assert r.count("error") >= 1
    messages = [p.message for p in r.problems]
    for phrase in expect.says:
        assert any(phrase in m for m in messages), f"{phrase!r} not in {messages}"
    if expect.says:
        first = next(p for p in r.problems if expect.says[0] in p.message)
        assert first.severity == expect.severity
    if expect.counts is not None:
        assert (r.features, r.accepted, r.repaired, r.rejected) == expect.counts
    if expect.check is not None:
        expect.check(result)
    assert set(escaped_files()) == before                # nothing was written outside the temp dir


def test_traversal_members_are_never_written(tmp_path):
    """Even the names alone: no file of the archive appears next to or above the input."""
    for name in ("zip_parent_path", "zip_absolute_path"):
        kwargs = build(name, tmp_path / name / "deep" / "er")
        parcels_from_file(**kwargs)
    assert not list(tmp_path.rglob("escaped-*")) and not list(Path("/tmp").glob("hostile-abs-*"))


def test_vertex_limit_refuses_with_a_message(tmp_path, monkeypatch):
    """The limit (5 million by default) is lowered here so that the case stays small. The circle has
    1 000 000 vertices + the closing one, the box 5."""
    monkeypatch.setattr(ingest_sources, "MAX_VERTICES", 1_000)
    kwargs = build("million_vertices", tmp_path)
    r = parcels_from_file(**kwargs).report
    assert not r.loadable
    assert any("million.gpkg: 1,000,006 vertices in 2 features, more than the limit of 1,000" in p.message
               for p in r.problems)

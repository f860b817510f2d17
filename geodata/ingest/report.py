"""The validation report of one ingested file: every problem with its row, and the totals.

Nothing disappears without a line here: ``features == accepted + rejected`` always holds, and every
rejected or repaired row has a problem naming the file, the row, what arrived, what was expected and
how to fix it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

from geodata.ingest.fields import FieldMapping

Severity = Literal["error", "warning", "info"]
#: error: the row was rejected or the file cannot be used; warning: a value was not used or was
#: repaired; info: an assumption the user should know about.
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
SEVERITY_ZH: dict[str, str] = {"error": "错误", "warning": "警告", "info": "说明"}
#: At most this many problems are printed by :meth:`ValidationReport.to_text`.
MAX_TEXT_PROBLEMS = 50


def clean(value: Any) -> Any:
    """JSON-safe scalar: NaN/inf/NA → None, numpy scalars → Python ones, other objects → str."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        try:
            value = value.item()
        except (TypeError, ValueError):
            return str(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, bool | int | str):
        return value
    try:
        if value != value:  # pandas NA, NaT
            return None
    except (TypeError, ValueError):
        return None
    return str(value)


@dataclass(frozen=True)
class Said:
    """A sentence of the loader in English with its code and params, for a presentation layer to
    word in its language: what a helper returns when it cannot write into the report itself."""

    text: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Problem:
    """One line of the report.

    ``row`` is 1-based as the user sees it: the feature number in the parcel file, or the spreadsheet
    row (header = row 1) in the attribute table (``source == "table"``).
    """

    message: str
    row: int | None = None
    key: str | None = None
    field: str | None = None
    value: Any = None
    severity: Severity = "error"
    source: str = "parcels"
    #: what kind of problem it is, for a presentation layer to word it in its language with
    #: ``params`` (the message is English); None for problems not yet coded
    code: str | None = None
    params: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain dict for JSON."""
        return {"row": self.row, "key": self.key, "field": self.field, "value": clean(self.value),
                "message": self.message, "severity": self.severity, "source": self.source, "code": self.code,
                "params": {k: clean(v) for k, v in self.params.items()} if self.params is not None else None}


@dataclass
class ValidationReport:
    """What was read from ``file``, what was accepted, repaired and rejected, and why.

    ``table`` says what the file holds: ``"parcels"``, or one of the enterprise tables
    (:func:`geodata.ingest.tables.table_from_file`), whose rows are counted in ``features`` and whose
    figures are for ``years``; the CRS and area fields then stay empty.
    """

    file: str
    table: str = "parcels"
    years: list[int] = field(default_factory=list)
    features: int = 0
    accepted: int = 0
    repaired: int = 0
    rejected: int = 0
    epsg: int | None = None
    crs_inferred: bool = False
    swapped_xy: bool = False
    encoding: str | None = None
    total_area_m2: float = 0.0
    total_area_mu: float = 0.0
    keys_generated: bool = False
    schema_complete: bool = False
    loadable: bool = False
    problems: list[Problem] = field(default_factory=list)
    mappings: list[FieldMapping] = field(default_factory=list)
    unmatched_in_table: list[str] = field(default_factory=list)
    missing_from_table: list[str] = field(default_factory=list)
    parcels: list[dict[str, Any]] = field(default_factory=list)

    def add(self, message: str, *, row: int | None = None, key: str | None = None, field: str | None = None,
            value: Any = None, severity: Severity = "error", source: str = "parcels", code: str | None = None,
            params: dict[str, Any] | None = None) -> None:
        """Append one problem (``message`` already names the file, what arrived and the fix; ``code`` and
        ``params`` say the same for a catalogue)."""
        self.problems.append(Problem(message, row, key, field, value, severity, source, code, params))

    def say(self, said: Said, **kwargs: Any) -> None:
        """Append ``said`` as one problem (``kwargs`` as for :meth:`add`)."""
        self.add(said.text, code=said.code, params=dict(said.params), **kwargs)

    def count(self, severity: Severity) -> int:
        """Number of problems of ``severity``."""
        return sum(p.severity == severity for p in self.problems)

    def to_dict(self) -> dict[str, Any]:
        """The report as one JSON-ready object (the keys of ``python -m dashboard check --json``)."""
        return {
            "file": self.file, "table": self.table, "years": list(self.years), "loadable": self.loadable,
            "features": self.features, "accepted": self.accepted,
            "repaired": self.repaired, "rejected": self.rejected, "epsg": self.epsg,
            "crs_inferred": self.crs_inferred, "swapped_xy": self.swapped_xy, "encoding": self.encoding,
            "total_area_m2": clean(self.total_area_m2), "total_area_mu": clean(self.total_area_mu),
            "keys_generated": self.keys_generated, "schema_complete": self.schema_complete,
            "mappings": [m.to_dict() for m in self.mappings],
            "problems": [p.to_dict() for p in self.problems],
            "unmatched_keys": {"in_table": list(self.unmatched_in_table),
                               "missing_from_table": list(self.missing_from_table)},
            "parcels": [{k: clean(v) for k, v in p.items()} for p in self.parcels],
        }

    def to_text(self) -> str:
        """Readable report, Chinese first: totals, CRS, field mapping, problems, unmatched keys."""
        verdict = "可以载入 loadable" if self.loadable else "无法载入 NOT loadable"
        crs = f"EPSG:{self.epsg}" if self.epsg else "未知 unknown"
        how = "（由坐标推断 inferred from coordinates）" if self.crs_inferred else ""
        if self.table != "parcels":
            years = ", ".join(map(str, self.years)) or "—"
            lines = [
                f"文件 {self.file} (表 table {self.table}): {verdict}",
                f"  行 rows {self.features} · 接受 accepted {self.accepted} · 拒绝 rejected {self.rejected}",
                f"  年度 years {years} · 编码 encoding {self.encoding or '—'}",
            ]
        else:
            lines = [
                f"文件 {self.file}: {verdict}",
                f"  要素 features {self.features} · 接受 accepted {self.accepted} · 修复 repaired {self.repaired} · "
                f"拒绝 rejected {self.rejected}",
                f"  坐标系 CRS {crs}{how}{' · XY 已对调 swapped' if self.swapped_xy else ''} · "
                f"编码 encoding {self.encoding or '—'}",
                f"  总面积 total area {self.total_area_mu:,.2f} 亩 ({self.total_area_m2:,.1f} m²)",
            ]
        if self.mappings:
            lines.append("字段对应 fields:")
            lines += [f"  {m.source} → {m.field}" + (f" ({m.unit}, ×{m.factor:g})" if m.factor != 1 else "")
                      + (f" — {m.note}" if m.note else "") for m in self.mappings]
        counts = " · ".join(f"{SEVERITY_ZH[s]} {self.count(s)}" for s in SEVERITIES)
        lines.append(f"问题 problems ({counts}):" if self.problems else "问题 problems: 无 none")
        for p in self.problems[:MAX_TEXT_PROBLEMS]:  # messages already name the file and row
            lines.append(f"  [{SEVERITY_ZH[p.severity]}] {p.message}")
        if len(self.problems) > MAX_TEXT_PROBLEMS:
            lines.append(f"  … 另有 {len(self.problems) - MAX_TEXT_PROBLEMS} 条 more (use --json for all)")
        if self.unmatched_in_table or self.missing_from_table:
            lines.append(f"属性表中无对应宗地 keys in the table with no parcel ({len(self.unmatched_in_table)}): "
                         + ", ".join(self.unmatched_in_table[:20]))
            lines.append(f"宗地无属性表行 parcels with no table row ({len(self.missing_from_table)}): "
                         + ", ".join(self.missing_from_table[:20]))
        return "\n".join(lines)

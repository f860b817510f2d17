"""Recognising columns: Chinese/English/code names → canonical parcel fields, with their units.

The alias table is ``geodata/field_aliases.csv`` (users extend it); the land-use code table is
``geodata/land_codes.csv``. Header matching ignores case, spaces, ``_``/``-``, full-width/half-width
differences and a trailing unit in brackets, which is converted to the canonical unit
(``税收(元)`` → ÷ 10 000 → 万元). A four-digit year in a tax header picks the tax year.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from geodata import schema, settings

DATA_DIR = Path(__file__).resolve().parents[1]
#: The user-extendable alias table (``canonical,alias``; lines starting with ``#`` are comments).
ALIASES_PATH: Path = DATA_DIR / "field_aliases.csv"
#: National land-use codes and names → the land classes of docs/definitions.md (``code,name,scheme,land_class,note``).
LAND_CODES_PATH: Path = DATA_DIR / "land_codes.csv"

#: Virtual canonical field: "tax of the year written in the header".
TAX = "tax_wan"

#: Quantity measured by each numeric canonical field.
QUANTITY: dict[str, str] = {
    "floor_area_m2": "area", "footprint_m2": "area", "building_footprint_m2": "area", "investment_wan": "money",
    TAX: "money",
    "revenue_wan": "money", "value_added_wan": "money", "energy_tce": "energy", "employees": "count",
    "rd_wan": "money", "area_m2": "area", "land_price_wan": "money", "total_investment_wan": "money",
    "invested_wan": "money", "developed_area_m2": "area",
}
#: Fields the enterprise tables bring besides the parcel fields (``geodata/schema.py``).
TABLE_FIELDS: tuple[schema.Field, ...] = (schema.ENTERPRISE_FIELDS + schema.ENTERPRISE_YEAR_FIELDS
                                          + schema.LAND_USE_FIELDS + schema.TARGET_FIELDS
                                          + schema.CONTRACT_FIELDS + schema.PROGRESS_FIELDS)
#: Canonical fields a parcel file's columns may name (the alias table also knows the tables' fields).
PARCEL_FIELD_NAMES: frozenset[str] = frozenset(f.name for f in schema.PARCEL_INPUT_FIELDS) | {TAX}
#: Fields whose negative values are impossible and are set missing (all numeric fields are); the
#: tax of a year (``tax_wan_2024``) through :data:`TAX`: use :func:`non_negative`.
NON_NEGATIVE: frozenset[str] = frozenset(QUANTITY)


def non_negative(field: str) -> bool:
    """Whether canonical ``field`` cannot be negative: amounts of money (tax of any year, revenue,
    value added, investment), floor areas and footprints, energy and head counts."""
    return field in NON_NEGATIVE or re.fullmatch(r"tax_wan_\d{4}", field) is not None

_MU = settings.M2_PER_MU_NUMERATOR / settings.M2_PER_MU_DENOMINATOR
#: Units accepted in a header, per quantity: factor to the canonical unit (first entry).
UNITS: dict[str, dict[str, float]] = {
    "money": {"万元": 1.0, "万": 1.0, "元": 1e-4, "千元": 0.1, "百万元": 100.0, "亿元": 1e4, "亿": 1e4,
              "yuan": 1e-4, "10k yuan": 1.0, "rmb": 1e-4, "cny": 1e-4},
    "area": {"m2": 1.0, "平方米": 1.0, "平米": 1.0, "sqm": 1.0, "公顷": float(settings.M2_PER_HA),
             "ha": float(settings.M2_PER_HA), "hm2": float(settings.M2_PER_HA), "亩": _MU, "mu": _MU,
             "km2": float(settings.M2_PER_KM2), "平方公里": float(settings.M2_PER_KM2),
             "平方千米": float(settings.M2_PER_KM2)},
    "energy": {"吨标煤": 1.0, "吨标准煤": 1.0, "t标煤": 1.0, "tce": 1.0, "千克标煤": 1e-3, "公斤标煤": 1e-3,
               "kg标煤": 1e-3, "kgce": 1e-3, "万吨标煤": 1e4},
    "count": {"人": 1.0, "名": 1.0, "个": 1.0, "persons": 1.0},
}

_BRACKET_UNIT = re.compile(r"[(\[【<{]\s*([^()\[\]【】<>{}]*?)\s*[)\]】>}]\s*$")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:年度|年)?(?!\d)")
_PUNCT = re.compile(r"[\s_\-·.:：/\\()\[\]【】<>{}'\"]+")


def fold(text: object) -> str:
    """The matching form of a name: NFKC, case-folded, without spaces, brackets and punctuation."""
    return _PUNCT.sub("", unicodedata.normalize("NFKC", str(text))).casefold()


@dataclass(frozen=True)
class FieldMapping:
    """One recognised column: ``source`` (as in the file) → canonical ``field``.

    ``factor`` converts the header's ``unit`` to the canonical unit (``税收(元)``: 0.0001);
    ``note`` says what was assumed (e.g. the tax year); ``year`` is the year written in the header
    when the caller reads dated tables (``undated=True`` in :func:`match_header`).
    """

    source: str
    field: str
    unit: str = ""
    factor: float = 1.0
    note: str = ""
    year: int | None = None
    #: the header says no unit: the canonical one was assumed (to be confirmed: ``units=`` of
    #: :func:`map_columns`)
    unit_assumed: bool = False
    #: the kind of ``note`` and its params, for a presentation layer to word it
    note_code: str | None = None
    note_params: tuple[tuple[str, object], ...] = ()

    def to_dict(self) -> dict[str, object]:
        """Plain dict for JSON."""
        return {"source": self.source, "field": self.field, "unit": self.unit, "factor": self.factor,
                "note": self.note, "year": self.year, "unit_assumed": self.unit_assumed}


@dataclass(frozen=True)
class Unrecognised:
    """A column whose header names a canonical field but cannot be used, and why."""

    source: str
    field: str
    message: str
    #: the kind of problem and its params, for a presentation layer to word it (the message is English)
    code: str | None = None
    params: dict[str, object] | None = None


def _read_csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        lines = [line for line in handle if not line.lstrip().startswith("#") and line.strip()]
    return list(csv.DictReader(lines))


@lru_cache(maxsize=4)
def alias_table(path: Path = ALIASES_PATH) -> dict[str, str]:
    """Folded alias → canonical field: the CSV plus every canonical name and its schema label (the
    parcel fields' first, then those of the enterprise tables)."""
    table: dict[str, str] = {}
    for f in schema.PARCEL_INPUT_FIELDS:
        if not f.name.startswith("tax_wan_"):
            table[fold(f.name)] = f.name
            table[fold(f.zh)] = f.name
    table[fold(TAX)] = TAX
    for f in TABLE_FIELDS:
        table.setdefault(fold(f.name), f.name)
        table.setdefault(fold(f.zh), f.name)
    for row in _read_csv_rows(path):
        canonical, name = (row.get("canonical") or "").strip(), (row.get("alias") or "").strip()
        if canonical and name:
            table[fold(name)] = canonical
    return table


def _split_unit(header: str) -> tuple[str, str]:
    """``税收(万元)`` → (``税收``, ``万元``); no bracket → (header, "")."""
    text = unicodedata.normalize("NFKC", header).strip()
    match = _BRACKET_UNIT.search(text)
    if not match:
        return text, ""
    return text[: match.start()].strip(), match.group(1).strip()


def _unit_factor(quantity: str, unit: str) -> float | None:
    units = {fold(k): v for k, v in UNITS[quantity].items()}
    return units.get(fold(unit))


def _strip_glued_unit(key: str, table: Mapping[str, str]) -> tuple[str, str] | None:
    """``税收万元`` (unit glued on without brackets) → (``税收``, ``万元``) when the rest is an alias."""
    for quantity_units in UNITS.values():
        for unit in sorted(quantity_units, key=len, reverse=True):
            u = fold(unit)
            if key.endswith(u) and key[: -len(u)] in table and QUANTITY.get(table[key[: -len(u)]]):
                return key[: -len(u)], unit
    return None


def match_header(header: str, *, table: Mapping[str, str] | None = None,
                 tax_years: Iterable[int] | None = None, undated: bool = False) -> FieldMapping | Unrecognised | None:
    """The canonical field a column header names, or ``None`` when it names none.

    Tries the whole header first (``占地面积(建筑)``), then without a trailing bracketed unit, then
    without a unit glued on. A tax header's year picks ``tax_wan_<year>``; no year means the latest
    of ``tax_years`` (the years of the data in use, said in the note); with none known, the header
    is not used and the report asks for the year. ``undated=True`` (tables with a year of their own,
    ``enterprise_years``): tax is the plain field ``tax_wan`` and a header's year is returned in
    :attr:`FieldMapping.year` for the caller to use.
    """
    table = alias_table() if table is None else table
    years = tuple(() if tax_years is None else tax_years)
    text = unicodedata.normalize("NFKC", str(header)).strip()
    year: int | None = None
    year_match = _YEAR.search(text)
    if year_match:
        year = int(year_match.group(1))
        text = (text[: year_match.start()] + text[year_match.end():]).strip()
        text = re.sub(r"[(\[【]\s*[)\]】]", "", text)
    candidates: list[tuple[str, str]] = [(fold(text), "")]
    name, unit = _split_unit(text)
    if unit:
        candidates.append((fold(name), unit))
    for key, cand_unit in candidates:
        if key in table:
            return _mapping(str(header), table[key], cand_unit, year, years, undated=undated)
    glued = _strip_glued_unit(candidates[-1][0], table)
    if glued:
        return _mapping(str(header), table[glued[0]], glued[1], year, years, undated=undated)
    return None


def _mapping(header: str, field: str, unit: str, year: int | None,
             years: tuple[int, ...], *, undated: bool = False) -> FieldMapping | Unrecognised:
    note = ""
    said: tuple[str, tuple[tuple[str, object], ...]] = ("", ())  # the note's code and params
    quantity = QUANTITY.get(field)
    if undated:  # the caller dates the row (FieldMapping.year); tax is the plain field tax_wan
        pass
    elif field == TAX:
        if year is None and not years:
            return Unrecognised(header, field, f"column {header!r} holds tax but says no year; write the year in "
                                               "the header, e.g. 2024年税收(万元)", "tax_without_year",
                                {"column": header})
        if year is None:
            year = max(years)
            note = (f"no year in the header; taken as {year} (the latest tax year). Write the year in the header, "
                    f"e.g. {year}年税收, if it is another year")
            said = ("tax_year_assumed", (("year", year),))
        field = f"tax_wan_{year}"
        if years and year not in years:
            note = f"year {year} is not one of the years of the data in use ({', '.join(map(str, years))}); kept"
            said = ("tax_year_not_in_data", (("year", year), ("years", ", ".join(map(str, years)))))
    elif year is not None:
        note = f"year {year} in the header ignored: {field} has no year"
        said = ("year_ignored", (("year", year),))
    dated = year if undated else None
    code, params = said[0] or None, said[1]
    if quantity is None:
        return FieldMapping(header, field, unit, 1.0, note, dated, note_code=code, note_params=params)
    canonical_unit = next(iter(UNITS[quantity]))
    if not unit:
        return FieldMapping(header, field, canonical_unit, 1.0, note, dated, True, note_code=code, note_params=params)
    factor = _unit_factor(quantity, unit)
    if factor is None:
        accepted = ", ".join(UNITS[quantity])
        return Unrecognised(header, field, f"unit {unit!r} in column {header!r} is not known for {field}; "
                                           f"accepted units: {accepted}. Rename the header, e.g. "
                                           f"{_split_unit(header)[0]}({canonical_unit})", "unit_unknown",
                            {"column": header, "unit": unit, "accepted": accepted,
                             "example": f"{_split_unit(header)[0]}({canonical_unit})"})
    return FieldMapping(header, field, unit, factor, note, dated, note_code=code, note_params=params)


def map_columns(columns: Iterable[object], *, overrides: Mapping[str, str] | None = None,
                table: Mapping[str, str] | None = None, tax_years: Iterable[int] = (),
                fields: Collection[str] = PARCEL_FIELD_NAMES, renames: Mapping[str, str] | None = None,
                undated: bool = False, units: Mapping[str, str] | None = None,
                ) -> tuple[list[FieldMapping], list[Unrecognised]]:
    """Map every column: recognised ones → :class:`FieldMapping`, unusable ones → :class:`Unrecognised`.

    ``overrides`` ({source column: canonical field}) wins over the alias table (the UI uses it when a
    user maps an unknown column); a unit in that column's header is still converted. Two columns for
    the same field: the first is used, the second is reported and kept as an extra column.
    ``tax_years``: the years of the data in use, for tax headers without a year (:func:`match_header`).
    ``fields``: the canonical fields of the table being read (default: a parcel file's); a header
    naming another field is left unmapped. ``renames`` turns an alias-table field into the table's
    own (``{"enterprise": "name"}`` for the enterprises table); ``undated`` as in :func:`match_header`.
    ``units`` ({source column: unit}) gives the unit of a column whose header says none (the user's
    answer to the assumed one, e.g. ``{"税收": "元"}``); an unknown unit is reported as unusable.
    """
    overrides = dict(overrides or {})
    renames = dict(renames or {})
    valid = set(fields)
    what = "a parcel field" if valid == PARCEL_FIELD_NAMES else "a field of this table"
    mappings: list[FieldMapping] = []
    unusable: list[Unrecognised] = []
    taken: dict[str, str] = {}
    for col in columns:
        header = str(col)
        if header == "geometry":
            continue
        result: FieldMapping | Unrecognised | None
        if header in overrides:
            target = overrides[header]
            dated_tax = TAX in valid and not undated and re.fullmatch(r"tax_wan_\d{4}", target)
            if target not in valid and not dated_tax:
                unusable.append(Unrecognised(header, target, f"override {header!r} → {target!r}: {target!r} is "
                                                             f"not {what}; valid: {', '.join(sorted(valid))}",
                                             "override_invalid", {"column": header, "target": target,
                                                                  "valid": ", ".join(sorted(valid))}))
                continue
            _, unit = _split_unit(header)
            base = TAX if target.startswith("tax_wan") else target
            result = _mapping(header, base, unit, int(target[-4:]) if target[-4:].isdigit() else None,
                              tuple(tax_years), undated=undated)
        else:
            result = match_header(header, table=table, tax_years=tax_years, undated=undated)
            if isinstance(result, FieldMapping | Unrecognised) and result.field in renames:
                result = replace(result, field=renames[result.field])
            if result is not None and result.field not in valid and not (
                    TAX in valid and re.fullmatch(r"tax_wan_\d{4}", result.field)):
                result = None  # a field of another table: left as an extra column
        if result is None:
            continue
        if isinstance(result, FieldMapping) and result.unit_assumed and header in (units or {}):
            result = _with_unit(result, (units or {})[header])
        if isinstance(result, Unrecognised):
            unusable.append(result)
            continue
        if result.field in taken:
            unusable.append(Unrecognised(header, result.field, f"column {header!r} also names {result.field}, "
                                         f"already taken from column {taken[result.field]!r}; kept as an extra "
                                         "column. Rename one of them or map it explicitly", "column_field_taken",
                                         {"column": header, "field": result.field, "first": taken[result.field]}))
            continue
        taken[result.field] = header
        mappings.append(result)
    return mappings, unusable


def _with_unit(mapping: FieldMapping, unit: str) -> FieldMapping | Unrecognised:
    """``mapping`` read in ``unit`` (the user's answer for a header without one)."""
    quantity = QUANTITY.get(TAX if mapping.field.startswith(TAX) else mapping.field)
    factor = _unit_factor(quantity, unit) if quantity else None
    if factor is None:
        accepted = ", ".join(UNITS[quantity]) if quantity else ""
        return Unrecognised(mapping.source, mapping.field, f"unit {unit!r} given for column {mapping.source!r} is "
                                                           f"not known for {mapping.field}; accepted units: {accepted}",
                            "unit_given_unknown", {"column": mapping.source, "unit": unit, "accepted": accepted})
    return replace(mapping, unit=unit, factor=factor, unit_assumed=False)


# --- land classes --------------------------------------------------------------------------------

#: Scheme names in ``land_codes.csv``.
SCHEME_2017 = "GB/T21010-2017"
SCHEME_2023 = "2023"
#: Header hints naming the code scheme of a land-use column (folded text contained in the header).
SCHEME_HINTS: dict[str, str] = {"ydyh": SCHEME_2023, "用地用海": SCHEME_2023, "dlbm": SCHEME_2017,
                                "dlmc": SCHEME_2017, "地类": SCHEME_2017, "21010": SCHEME_2017}


@dataclass(frozen=True)
class LandCode:
    """One row of ``land_codes.csv``."""

    code: str
    name: str
    scheme: str
    land_class: str
    note: str = ""


@lru_cache(maxsize=4)
def land_code_table(path: Path = LAND_CODES_PATH) -> tuple[LandCode, ...]:
    """The rows of ``land_codes.csv``; a land class not in ``schema.LAND_CLASSES`` is skipped."""
    rows = _read_csv_rows(path)
    return tuple(LandCode((r.get("code") or "").strip(), (r.get("name") or "").strip(),
                          (r.get("scheme") or "").strip(), (r.get("land_class") or "").strip(),
                          (r.get("note") or "").strip())
                 for r in rows if (r.get("land_class") or "").strip() in schema.LAND_CLASSES)


def _pad_code(code: str) -> str:
    """Codes lose their leading zero in numeric columns (601 → 0601): pad to an even length."""
    return code.zfill(len(code) + 1) if len(code) % 2 else code


def _split_code(value: object) -> tuple[str, str]:
    """``"0601 工业用地"`` → (``0601``, ``工业用地``); ``601.0`` → (``0601``, "")."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    match = re.match(r"^(\d{1,6})(?:\.0)?", text)
    code = _pad_code(match.group(1)) if match else ""
    rest = text[match.end():] if match else text
    return code, fold(rest)


def land_class_scheme(header: str, values: Iterable[object]) -> str | None:
    """The code scheme of a land-use column: from a header hint, else from codes that exist in one
    scheme only (majority); ``None`` when undecided."""
    folded = fold(header)
    for hint, scheme in SCHEME_HINTS.items():
        if hint in folded:
            return scheme
    by_code: dict[str, set[str]] = {}
    for row in land_code_table():
        if row.code:
            by_code.setdefault(row.code, set()).add(row.scheme)
    votes = {SCHEME_2017: 0, SCHEME_2023: 0}
    for value in values:
        code, _ = _split_code(value)
        schemes = by_code.get(code, set())
        if len(schemes) == 1:
            votes[next(iter(schemes))] += 1
    if votes[SCHEME_2017] == votes[SCHEME_2023]:
        return None
    return max(votes, key=lambda s: votes[s])


def land_class_of(value: object, *, scheme: str | None = None) -> tuple[str | None, str | None]:
    """The land class (docs/definitions.md) of one cell, or ``(None, problem)``; blank gives ``(None, None)``.

    A canonical class (``A2``) passes; otherwise the Chinese name, then the code (in ``scheme`` when
    the two schemes disagree) is looked up in ``land_codes.csv``. Nothing is guessed.
    """
    if value is None or (isinstance(value, float) and value != value):
        return None, None
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if text in {"", "-", "—", "无"}:
        return None, None
    if text.upper() in schema.LAND_CLASSES:
        return text.upper(), None
    code, name = _split_code(value)
    rows = land_code_table()
    if name:
        by_name = {r.land_class for r in rows if fold(r.name) == name}
        if len(by_name) == 1:
            return next(iter(by_name)), None
    if code:
        by_scheme = {r.scheme: r.land_class for r in rows if r.code == code}
        classes = set(by_scheme.values())
        if len(classes) == 1:
            return next(iter(classes)), None
        if scheme in by_scheme:
            return by_scheme[scheme], None
        if len(classes) > 1:
            meanings = "; ".join(f"{s}: {c}" for s, c in sorted(by_scheme.items()))
            return None, (f"code {code!r} means different classes in the two national schemes ({meanings}); "
                          "write the land class (e.g. A2) or the Chinese name instead, or name the scheme in "
                          "the header (地类编码 for GB/T 21010-2017, 用地用海代码 for 2023)")
    accepted = ", ".join(schema.LAND_CLASSES)
    return None, (f"{value!r} is not a known land class; expected one of {accepted}, a GB/T 21010-2017 or "
                  "2023 用地用海 code (e.g. 0601, 1001) or a name such as 工业用地 (geodata/land_codes.csv "
                  "lists them all; add a line there for a local name)")

"""The enterprise tables of a dataset: checks across tables, and reading an older one-firm layout.

A dataset's firms live in three attribute tables (``geodata/README.md``): ``enterprises`` (keyed by
统一社会信用代码), ``enterprise_years`` (dated figures) and ``land_use`` (who uses which parcel).
:func:`check_tables` reports what is wrong across them (a mistyped credit code, a land-use row
naming no known parcel or firm) as notes, and keeps every row. :func:`from_legacy_parcels` reads
the older layout, where each parcel carried one firm's name and the tax of each year in
``tax_wan_<year>`` columns, as one firm per parcel with generated keys, and says so.
"""

from __future__ import annotations

import pandas as pd

from geodata import credit_code, schema
from geodata.errors import Note, SchemaError

#: Tenure values accepted in ``land_use.tenure``, mapped to the stored code.
TENURE_VALUES: dict[str, str] = {"own": "own", "自有": "own", "lease": "lease", "租赁": "lease", "租用": "lease"}
#: Administrative division used in generated credit codes ("000000" is no real division).
GENERATED_DIVISION: str = "000000"
#: At most this many rows are quoted per note.
MAX_QUOTED = 10


def _rows(rows: pd.Index) -> str:
    shown = ", ".join(str(r + 1) for r in rows[:MAX_QUOTED])
    return shown + (f" … ({len(rows)} rows)" if len(rows) > MAX_QUOTED else "")


def row_params(rows: pd.Index) -> dict[str, object]:
    """The rows of a note's params (:class:`geodata.errors.Note`): the first :data:`MAX_QUOTED`
    1-based, and how many in all."""
    return {"rows": [int(r) + 1 for r in rows[:MAX_QUOTED]], "n_rows": len(rows)}


def legacy_columns(parcels: pd.DataFrame) -> list[str]:
    """The firm columns of the older layout present in ``parcels`` (``enterprise``, ``tax_wan_<year>`` …)."""
    names = [f.name for f in schema.LEGACY_PARCEL_FIELDS if f.name in parcels.columns]
    return names + sorted(c for c in parcels.columns if isinstance(c, str) and schema.LEGACY_TAX_FIELD.fullmatch(c))


def from_legacy_parcels(parcels: pd.DataFrame, *, source: str) -> tuple[pd.DataFrame, dict[str, pd.DataFrame], Note]:
    """Split an older parcels layer into land-only parcels and the three enterprise tables.

    Each parcel with a non-blank ``enterprise`` becomes one firm with a generated credit code
    (:func:`geodata.credit_code.make_code`, division ``000000``); its ``tax_wan_<year>`` columns
    become dated figures; undated ``revenue_wan``, ``value_added_wan``, ``energy_tce`` and
    ``employees`` are taken as the latest tax year's. Returns ``(parcels, tables, note)``.
    """
    tax_columns = sorted(c for c in parcels.columns if isinstance(c, str) and schema.LEGACY_TAX_FIELD.fullmatch(c))
    years = [int(c[-4:]) for c in tax_columns]
    figures = [c for c in legacy_columns(parcels) if c not in ("enterprise", "industry")]
    if "enterprise" in parcels.columns:
        names = parcels["enterprise"].fillna("").astype(str).str.strip()
    else:  # figures without firm names: each parcel reporting one is a firm named by its parcel
        reported = parcels[figures].notna().any(axis=1) if figures else pd.Series(False, index=parcels.index)
        names = parcels["parcel_id"].astype(str).where(reported, "")
    firm = names != ""
    rows = parcels.loc[firm]
    codes = [credit_code.make_code(i + 1, division=GENERATED_DIVISION) for i in range(len(rows))]
    industry = rows["industry"] if "industry" in rows else pd.Series(None, index=rows.index, dtype=object)
    enterprises = pd.DataFrame({
        "credit_code": codes, "name": names[firm].to_numpy(),
        "industry": industry.to_numpy(), "above_scale": pd.array([pd.NA] * len(rows), dtype="boolean"),
        "registered": pd.Series(pd.NaT, index=range(len(rows)), dtype="datetime64[ns]"),
        "exempt": pd.Series([None] * len(rows), dtype=object),
    })
    undated = [f for f in ("revenue_wan", "value_added_wan", "energy_tce", "employees") if f in rows.columns]
    frames = []
    for year, column in zip(years, tax_columns, strict=True):
        frame = pd.DataFrame({"credit_code": codes, "year": year, "tax_wan": rows[column].to_numpy(dtype=float)})
        for f in ("revenue_wan", "value_added_wan", "energy_tce", "employees", "rd_wan"):
            latest = year == max(years) and f in undated
            frame[f] = rows[f].to_numpy(dtype=float) if latest else float("nan")
        frames.append(frame)
    enterprise_years = (pd.concat(frames, ignore_index=True) if frames else
                        pd.DataFrame({f.name: [] for f in schema.ENTERPRISE_YEAR_FIELDS}))
    enterprise_years["year"] = enterprise_years["year"].astype("Int64")
    land_use = pd.DataFrame({"parcel_id": rows["parcel_id"].to_numpy(), "credit_code": codes,
                             "tenure": "own", "area_m2": float("nan")})
    land_only = parcels.drop(columns=legacy_columns(parcels))
    span = f"{min(years)}–{max(years)}" if len(years) > 1 else (str(years[0]) if years else "none")
    note = (f"{source}: the parcels carry firm figures in the older layout (enterprise, tax_wan_<year>); read as "
            f"one firm per parcel ({len(rows)} firms) with generated 统一社会信用代码 (91{GENERATED_DIVISION}…), "
            f"tax years {span}")
    if "enterprise" not in parcels.columns:
        note += "; without an enterprise column each parcel reporting a figure is named by its parcel ID"
    if undated and years:
        note += f"; the undated {', '.join(undated)} taken as {max(years)}'s"
    elif undated:
        note += f"; the undated {', '.join(undated)} have no year and are not used"
    note += (". Supply the tables enterprises, enterprise_years and land_use (geodata/README.md) to evaluate "
             "firms on several parcels and tenants.")
    tables = {"enterprises": enterprises, "enterprise_years": enterprise_years, "land_use": land_use}
    return land_only, tables, Note(note, "legacy_firms", {
        "source": source, "firms": len(rows), "prefix": f"91{GENERATED_DIVISION}", "years": span if years else None,
        "by_parcel_id": "enterprise" not in parcels.columns, "undated": undated,
        "undated_year": max(years) if undated and years else None})


def normalise_tenure(land_use: pd.DataFrame, *, where: str) -> pd.DataFrame:
    """``tenure`` as ``own``/``lease`` (自有/租赁 accepted); any other value raises :class:`SchemaError`."""
    text = land_use["tenure"].astype("string").str.strip().str.lower()
    mapped = text.map(TENURE_VALUES)
    bad = land_use.index[mapped.isna()]
    if len(bad):
        values = ", ".join(sorted({repr(v) for v in land_use.loc[bad, "tenure"]})[:MAX_QUOTED])
        msg = (f"{where}, layer land_use, field tenure (使用方式): rows {_rows(bad)} hold {values}; "
               "expected own (自有) or lease (租赁)")
        raise SchemaError(msg)
    out = land_use.copy()
    out["tenure"] = mapped.astype(object)
    return out


def _duplicates(frame: pd.DataFrame, keys: list[str], *, where: str, layer: str) -> None:
    dup = frame.duplicated(keys, keep=False)
    if dup.any():
        first = frame.loc[dup, keys].drop_duplicates().head(MAX_QUOTED)
        shown = "; ".join(", ".join(f"{k}={v}" for k, v in zip(keys, row, strict=True))
                          for row in first.itertuples(index=False))
        msg = (f"{where}, layer {layer}: {int(dup.sum())} rows repeat a key ({shown}), rows {_rows(frame.index[dup])}; "
               f"each {' + '.join(keys)} may appear once")
        raise SchemaError(msg)


def check_tables(tables: dict[str, pd.DataFrame], parcels: pd.DataFrame, *, where: str) -> list[Note]:
    """Check the enterprise tables against each other and the parcels.

    Raises :class:`SchemaError` for repeated keys (a credit code twice in ``enterprises``, a firm
    and year twice in ``enterprise_years``). Returns notes for what is kept but suspect: credit codes
    with a wrong check character, figures or land use of firms missing from ``enterprises``,
    land use of unknown parcels, idle parcels not marked supplied.
    """
    enterprises, years, land_use = tables["enterprises"], tables["enterprise_years"], tables["land_use"]
    _duplicates(enterprises, ["credit_code"], where=where, layer="enterprises")
    _duplicates(years, ["credit_code", "year"], where=where, layer="enterprise_years")
    notes = []
    generated = enterprises["credit_code"].astype(str).str[2:8] == GENERATED_DIVISION
    checked = credit_code.problems(enterprises["credit_code"].tolist())  # valid codes found as an array
    problems = [(row, p) for row, p, gen in zip(enterprises.index, checked, generated, strict=True) if not gen and p]
    for row, problem in problems[:MAX_QUOTED]:
        notes.append(Note(f"{where}, layer enterprises, row {row + 1}, field credit_code (统一社会信用代码): "
                          f"{problem}; the firm is kept", "credit_code_invalid",
                          {"source": where, "row": int(row) + 1, "value": str(enterprises.at[row, "credit_code"])}))
    if len(problems) > MAX_QUOTED:
        notes.append(Note(f"{where}, layer enterprises: {len(problems) - MAX_QUOTED} more credit codes are not valid",
                          "credit_code_more_invalid", {"source": where, "n": len(problems) - MAX_QUOTED}))
    known = set(enterprises["credit_code"])
    for layer, frame in (("enterprise_years", years), ("land_use", land_use)):
        stray = frame.index[~frame["credit_code"].isin(known)]
        if len(stray):
            shown = sorted(set(frame.loc[stray, "credit_code"].astype(str)))[:MAX_QUOTED]
            notes.append(Note(f"{where}, layer {layer}, rows {_rows(stray)}: credit code(s) {', '.join(shown)} "
                              "are not in enterprises; their rows are kept but belong to no named firm",
                              "firm_unknown", {"source": where, "layer": layer, "codes": shown, **row_params(stray)}))
    lost = land_use.index[~land_use["parcel_id"].isin(set(parcels["parcel_id"]))]
    if len(lost):
        shown = sorted(set(land_use.loc[lost, "parcel_id"].astype(str)))[:MAX_QUOTED]
        notes.append(Note(f"{where}, layer land_use, rows {_rows(lost)}: parcel(s) {', '.join(shown)} "
                          "are not in the parcels layer; that land is not counted",
                          "land_use_parcel_unknown", {"source": where, "parcels": shown, **row_params(lost)}))
    idle_unsupplied = parcels.index[parcels["idle"].eq(True) & ~parcels["supplied"].eq(True)]
    if len(idle_unsupplied):
        notes.append(Note(f"{where}, layer parcels, rows {_rows(idle_unsupplied)}: marked idle (闲置) but not supplied "
                          "(已供应); idle land is supplied land by definition: check the flags",
                          "idle_not_supplied", {"source": where, **row_params(idle_unsupplied)}))
    return notes

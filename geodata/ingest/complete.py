"""Fields a parcel file lacks but a dataset's parcels layer needs, filled in as the user chooses.

A file from a surveyor often has keys, land classes and geometry but no zone and none of the
yes/no flags of the national evaluation (已供应, 已建成, 闲置). :func:`missing_fields` names what is
missing; :func:`complete_parcels` fills each with the user's choice, saying in ``filled`` what was
assumed, so the layer can be checked again and used.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import geopandas as gpd
import pandas as pd

from geodata import schema

#: How a missing yes/no flag is filled: from the land class (built land A* = yes, else no), all yes, all no.
FlagRule = Literal["from_class", "yes", "no"]
FLAG_RULES: tuple[FlagRule, ...] = ("from_class", "yes", "no")
#: The flags a file may lack, and the rule offered first (闲置 is not read from a land class).
FLAGS: dict[str, FlagRule] = {"supplied": "from_class", "built": "from_class", "idle": "no"}


def missing_fields(parcels: pd.DataFrame) -> list[str]:
    """The required fields of the parcels layer that ``parcels`` lacks (or holds blank in every row)."""
    return [f.name for f in schema.PARCEL_INPUT_FIELDS
            if f.required and (f.name not in parcels.columns or parcels[f.name].isna().all())]


def blank_required(parcels: pd.DataFrame) -> dict[str, list[int]]:
    """Rows (``source_row`` when present, else 1-based positions) whose required text field is blank,
    or whose land class is not one of the classes, by field: what keeps a layer whose required
    columns are all there from being a dataset's parcels layer."""
    rows = (parcels["source_row"] if "source_row" in parcels.columns
            else pd.Series(range(1, len(parcels) + 1), index=parcels.index))
    out: dict[str, list[int]] = {}
    for f in schema.PARCEL_INPUT_FIELDS:
        if not f.required or f.kind != "str" or f.name not in parcels.columns:
            continue
        values = parcels[f.name]
        bad = values.isna() | (values.astype(str).str.strip() == "")
        if f.name == "land_class":
            bad |= ~values.isin(list(schema.LAND_CLASSES))
        if bad.any():
            out[f.name] = [int(r) for r in rows[bad]]
    return out


def complete_parcels(parcels: gpd.GeoDataFrame, *, zone_id: str | None = None,
                     flags: Mapping[str, FlagRule] | None = None) -> gpd.GeoDataFrame:
    """``parcels`` with its missing ``zone_id`` and flags filled in (columns present are left as they are).

    ``zone_id`` is given to every parcel; each flag of ``flags`` is filled by its rule: ``from_class``
    (yes for built land, A1–A6; no otherwise: unbuilt B and C land; ``idle`` is never read from a
    class), ``yes`` or ``no``. Raises ``ValueError`` naming a rule or field that is not known.
    """
    out = parcels.copy()
    missing = set(missing_fields(parcels))
    if zone_id is not None and "zone_id" in missing:
        out["zone_id"] = str(zone_id)
    for name, rule in (flags or {}).items():
        if name not in FLAGS:
            msg = f"flag {name!r} is not one the parcels layer needs; expected one of {', '.join(FLAGS)}"
            raise ValueError(msg)
        if rule not in FLAG_RULES or (rule == "from_class" and name == "idle"):
            msg = f"flag {name!r} cannot be filled by {rule!r}; expected one of yes, no" + (
                "" if name == "idle" else ", from_class")
            raise ValueError(msg)
        if name not in missing:
            continue
        if rule == "from_class":
            out[name] = out["land_class"].isin(schema.BUILT_CLASSES)
        else:
            out[name] = rule == "yes"
    return out


#: Zone fields copied from the data in use when the user's parcels name one of its zones.
ZONE_COPIED: tuple[str, ...] = ("name", "name_en", "short_name", "county", "county_en", "level",
                                "planned_area_km2", "built_area_km2", "leading_industries")


def dataset_layers(parcels: gpd.GeoDataFrame, *, known_zones: pd.DataFrame | None = None,
                   name: str) -> dict[str, pd.DataFrame]:
    """The ``zones``, ``sections`` and ``parcels`` layers of a dataset that holds only ``parcels``.

    ``parcels`` is a complete parcels layer (:func:`missing_fields` empty, e.g. after
    :func:`complete_parcels`). Each zone it names gets the outline of its parcels (their convex
    hull: the user's data says nothing of the zone's boundary) and, when ``known_zones`` (the zones
    of the data in use) holds its ID, that zone's name, county, level and declared areas; otherwise
    its ID as its name, its county and level unknown («—») and no planned area. ``illustrative`` is
    false: this is the user's data, access control applies to it as to any real data. Each section
    the parcels name gets the outline of its parcels; parcels without one go into one section per
    zone named ``name`` (the file they came from), ID ``<zone_id>-<name>``.
    """
    out = parcels.drop(columns=["source_row"], errors="ignore").copy()
    if "section_id" not in out.columns:
        out["section_id"] = None
    blank = out["section_id"].isna() | (out["section_id"].astype(str).str.strip() == "")
    out.loc[blank, "section_id"] = out.loc[blank, "zone_id"].astype(str) + f"-{name}"
    known = known_zones.set_index(known_zones["zone_id"].astype(str)) if known_zones is not None else None
    zones = []
    for zone_id, group in out.groupby("zone_id", sort=True):
        row: dict[str, object] = {"zone_id": str(zone_id), "name": str(zone_id), "county": "—", "level": "—",
                                  "planned_area_km2": float("nan")}
        if known is not None and str(zone_id) in known.index:
            found = known.loc[str(zone_id)]
            row.update({f: found[f] for f in ZONE_COPIED if f in found.index})
        row["illustrative"] = False
        row["geometry"] = group.geometry.union_all().convex_hull
        zones.append(row)
    sections = []
    for (zone_id, section_id), group in out.groupby(["zone_id", "section_id"], sort=True):
        generated = str(section_id) == f"{zone_id}-{name}"
        sections.append({"section_id": str(section_id), "zone_id": str(zone_id),
                         "name": name if generated else str(section_id),
                         "geometry": group.geometry.union_all().convex_hull})
    crs = out.crs
    return {"zones": gpd.GeoDataFrame(zones, geometry="geometry", crs=crs),
            "sections": gpd.GeoDataFrame(sections, geometry="geometry", crs=crs), "parcels": out}

"""Land-use and 亩均 efficiency metrics: pure, vectorised functions on parcel GeoDataFrames.

Parcel functions take the ``parcels`` layer of the canonical schema and return a Series on its
index; aggregate functions return one row per group. Land area always comes from the geometry
(:func:`land_area_m2`), never from a column. A missing input gives a missing result (NaN), never 0,
and so does a zero area.

Definitions follow the national evaluation of intensive land use in development zones
(TD/T 1029) and the 亩均效益评价 practice (docs/definitions.md, "Zone-level indicators").
"""

from __future__ import annotations

from collections.abc import Iterable

import geopandas as gpd
import numpy as np
import pandas as pd

from geodata import schema, settings
from geodata.crs import area_m2, m2_to_mu

#: Zone type thresholds: ``industry_led`` (工业主导型) when A2/A > 30 % and A1/A < 25 %, else ``mixed_use``
#: (产城融合型) (docs/definitions.md,
#: "Zone-level indicators": *unconfirmed*, seen in third-party code; change here or per call site).
ZONE_TYPE_A2_MIN: float = 0.30
ZONE_TYPE_A1_MAX: float = 0.25


def land_area_m2(parcels: gpd.GeoDataFrame) -> pd.Series:
    """Land area of each parcel in m², measured in Gauss-Kruger (see :func:`geodata.crs.area_m2`)."""
    return area_m2(parcels)


def land_area_mu(parcels: gpd.GeoDataFrame) -> pd.Series:
    r"""Land area of each parcel in 亩.

    .. math:: \text{area}_{亩} = \text{area}_{m^2} \times 15 / 10000
    """
    return m2_to_mu(land_area_m2(parcels))


def _m2(parcels: gpd.GeoDataFrame, area_m2: pd.Series | None) -> pd.Series:
    """Land area in m²: ``area_m2`` when the caller computed it from this geometry already (it is
    never read from a data column), else computed here."""
    return land_area_m2(parcels) if area_m2 is None else area_m2


def _mu(parcels: gpd.GeoDataFrame, area_m2: pd.Series | None) -> pd.Series:
    return m2_to_mu(_m2(parcels, area_m2))


def _per(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """Ratio with NaN (not inf, not 0) where the denominator is 0 or either side is missing."""
    den = denominator.astype(float).where(denominator > 0)
    return numerator.astype(float) / den


#: Firm figures a parcel carries per year as ``<figure>_<year>`` (older files: undated ``<figure>``).
DATED_FIGURES: tuple[str, ...] = ("revenue_wan", "value_added_wan", "energy_tce", "employees", "rd_wan")


def tax_column(year: int) -> str:
    """Name of the annual tax field for ``year`` (``tax_wan_2024``)."""
    return f"tax_wan_{year}"


def years_of(columns: Iterable[object]) -> tuple[int, ...]:
    """The years with a tax column (``tax_wan_<year>``) among ``columns``, ascending."""
    return tuple(sorted(int(c[-4:]) for c in columns
                        if isinstance(c, str) and len(c) == 12 and c.startswith("tax_wan_") and c[-4:].isdigit()))


def for_year(parcels: pd.DataFrame, year: int) -> pd.DataFrame:
    """``parcels`` with the figures of ``year`` under their plain names (``revenue_wan`` = the
    column ``revenue_wan_<year>``; an older file's undated column stays as it is).

    Raises ``KeyError`` naming the years the data holds when ``year`` has no tax column.
    """
    if tax_column(year) not in parcels.columns:
        held = ", ".join(map(str, years_of(parcels.columns))) or "none"
        msg = f"no figures for {year}; the data holds the years {held}"
        raise KeyError(msg)
    dated = {f: parcels[f"{f}_{year}"] for f in DATED_FIGURES if f"{f}_{year}" in parcels.columns}
    return parcels.assign(**dated) if dated else parcels


def tax_per_mu(parcels: gpd.GeoDataFrame, *, year: int = 2024, area_m2: pd.Series | None = None) -> pd.Series:
    r"""亩均税收: annual tax per 亩 of land, 万元/亩.

    .. math:: \frac{\text{tax}_{year}}{\text{area}_{亩}}
    """
    return _per(for_year(parcels, year)[tax_column(year)], _mu(parcels, area_m2))


def revenue_per_mu(parcels: gpd.GeoDataFrame, *, area_m2: pd.Series | None = None) -> pd.Series:
    r"""亩均营业收入: main-business revenue per 亩, 万元/亩.

    .. math:: \frac{\text{revenue}}{\text{area}_{亩}}
    """
    return _per(parcels["revenue_wan"], _mu(parcels, area_m2))


def value_added_per_mu(parcels: gpd.GeoDataFrame, *, area_m2: pd.Series | None = None) -> pd.Series:
    r"""亩均增加值: industrial value added per 亩, 万元/亩.

    .. math:: \frac{\text{value added}}{\text{area}_{亩}}
    """
    return _per(parcels["value_added_wan"], _mu(parcels, area_m2))


def investment_intensity(parcels: gpd.GeoDataFrame, *, area_m2: pd.Series | None = None) -> pd.Series:
    r"""投资强度: cumulative fixed-asset investment per 亩, 万元/亩.

    .. math:: \frac{\text{investment}}{\text{area}_{亩}}
    """
    return _per(parcels["investment_wan"], _mu(parcels, area_m2))


def floor_area_ratio(parcels: gpd.GeoDataFrame, *, area_m2: pd.Series | None = None) -> pd.Series:
    r"""容积率 (FAR): total floor area over land area, dimensionless.

    .. math:: \frac{\text{floor area}_{m^2}}{\text{area}_{m^2}}
    """
    return _per(parcels["floor_area_m2"], _m2(parcels, area_m2))


def building_coefficient(parcels: gpd.GeoDataFrame, *, area_m2: pd.Series | None = None) -> pd.Series:
    r"""建筑系数: footprint of buildings, structures and open yards over land area, as a fraction.

    .. math:: \frac{\text{footprint}_{m^2}}{\text{area}_{m^2}}
    """
    return _per(parcels["footprint_m2"], _m2(parcels, area_m2))


def value_added_per_energy(parcels: gpd.GeoDataFrame) -> pd.Series:
    r"""单位能耗增加值: value added per tonne of standard coal, 万元/吨标煤.

    .. math:: \frac{\text{value added}}{\text{energy}_{tce}}
    """
    return _per(parcels["value_added_wan"], parcels["energy_tce"])


def tax_per_energy(parcels: gpd.GeoDataFrame, *, year: int = 2024) -> pd.Series:
    r"""单位能耗税收: annual tax per tonne of standard coal, 万元/吨标煤.

    .. math:: \frac{\text{tax}_{year}}{\text{energy}_{tce}}
    """
    return _per(parcels[tax_column(year)], parcels["energy_tce"])


def labour_productivity(parcels: gpd.GeoDataFrame) -> pd.Series:
    r"""全员劳动生产率: value added per employee, 万元/人.

    .. math:: \frac{\text{value added}}{\text{employees}}
    """
    return _per(parcels["value_added_wan"], parcels["employees"])


# --- aggregates -------------------------------------------------------------------------------

#: Columns of :func:`land_accounts`.
ACCOUNT_COLUMNS: tuple[str, ...] = (
    "total_m2", "A_m2", "A1_m2", "A2_m2", "B_m2", "B21_m2", "C_m2", "D_m2", "G_m2",
    "floor_A_m2", "footprint_A_m2", "floor_A2_m2", "footprint_A2_m2",
    "investment_A2_wan", "tax_A2_wan", "tax_wan", "n_parcels", "n_enterprises",
)


def has_enterprise(parcels: pd.DataFrame) -> pd.Series:
    """True where a parcel names an enterprise (blank names count as none)."""
    return parcels["enterprise"].fillna("").astype(str).str.strip() != ""


def _group_sum(values: pd.Series, keys: pd.Series | None) -> pd.Series:
    """Sum of ``values`` per key (skipping NaN); NaN where a group has no value at all."""
    if keys is None:
        return pd.Series([values.sum(min_count=1)], index=pd.Index(["all"]), dtype=float)
    return values.groupby(keys, sort=True).sum(min_count=1).astype(float)


def land_accounts(parcels: gpd.GeoDataFrame, *, by: str | None = None,
                  year: int = 2024, area_m2: pd.Series | None = None) -> pd.DataFrame:
    """Area and money totals per group that every aggregate indicator is a ratio of.

    Parameters
    ----------
    parcels
        The ``parcels`` layer.
    by
        Column to group by (``"section_id"``, ``"zone_id"``); ``None`` for one row, ``"all"``.
    year
        Year of the tax figures.

    Returns
    -------
    pandas.DataFrame
        One row per group with :data:`ACCOUNT_COLUMNS`: areas in m² of all land, A (built), A1, A2,
        B (unbuilt), B21, C, D (supplied), G (idle); floor area and footprint on A and on A2;
        cumulative investment and annual tax on A2; annual tax on all parcels. Sums skip missing
        values; a group where every value is missing gets NaN.
    """
    area = _m2(parcels, area_m2)
    cls = parcels["land_class"]
    built = cls.isin(schema.BUILT_CLASSES)
    a2 = cls == "A2"
    tax = for_year(parcels, year)[tax_column(year)]
    values = pd.DataFrame({
        "total_m2": area,
        "A_m2": area.where(built, 0.0),
        "A1_m2": area.where(cls == "A1", 0.0),
        "A2_m2": area.where(a2, 0.0),
        "B_m2": area.where(cls.isin(["B21", "B22"]), 0.0),
        "B21_m2": area.where(cls == "B21", 0.0),
        "C_m2": area.where(cls == "C", 0.0),
        "D_m2": area.where(parcels["supplied"].eq(True), 0.0),  # a blank flag is unknown, not supplied
        "G_m2": area.where(parcels["idle"].eq(True), 0.0),
        "floor_A_m2": parcels["floor_area_m2"].where(built),
        "footprint_A_m2": parcels["footprint_m2"].where(built),
        "floor_A2_m2": parcels["floor_area_m2"].where(a2),
        "footprint_A2_m2": parcels["footprint_m2"].where(a2),
        "investment_A2_wan": parcels["investment_wan"].where(a2),
        "tax_A2_wan": tax.where(a2),
        "tax_wan": tax,
        "n_parcels": pd.Series(1.0, index=parcels.index),
        "n_enterprises": has_enterprise(parcels).astype(float),
    }, index=parcels.index)
    if by:  # one grouping for all columns: the keys are factorised once
        out = values.groupby(parcels[by], sort=True).sum(min_count=1).astype(float)
    else:
        out = pd.DataFrame({name: _group_sum(col, None) for name, col in values.items()})
    out.index.name = by or "scope"
    return out


def _ratio(num: pd.Series, den: pd.Series) -> pd.Series:
    return num / den.where(den > 0)


def zone_indicators(accounts: pd.DataFrame) -> pd.DataFrame:
    r"""The national evaluation's zone-level indicators from :func:`land_accounts`.

    Each indicator has its own denominator (docs/definitions.md, "Zone-level indicators"; TD/T 1029):

    .. math::
        \text{development rate} = (A + B_{21}) / (A + B) \qquad
        \text{supply rate} = D / (A + B_{21}) \qquad
        \text{built-up rate} = A / D \\
        \text{industrial land ratio} = A_2 / A \qquad
        \text{FAR} = F_A / A \qquad \text{building density} = S_A / A \\
        \text{industrial FAR} = F_{A2} / A_2 \qquad
        \text{investment intensity} = I_{A2} / A_2 \qquad
        \text{industrial tax per area} = T_{A2} / A_2 \\
        \text{overall tax per area} = T / A \qquad \text{idle land rate} = G / D

    Ratios are fractions; money per area is in 万元/公顷 (``_per_ha``) and 万元/亩 (``_per_mu``).
    ``zone_type`` is a code, ``industry_led`` or ``mixed_use`` (see :data:`ZONE_TYPE_A2_MIN`), None
    without built land.
    """
    acc = accounts
    ha = settings.M2_PER_HA
    a_plus_b = acc["A_m2"] + acc["B_m2"]
    out = pd.DataFrame(index=acc.index)
    out["development_rate"] = _ratio(acc["A_m2"] + acc["B21_m2"], a_plus_b)
    out["supply_rate"] = _ratio(acc["D_m2"], acc["A_m2"] + acc["B21_m2"])
    out["built_up_rate"] = _ratio(acc["A_m2"], acc["D_m2"])
    out["industrial_land_ratio"] = _ratio(acc["A2_m2"], acc["A_m2"])
    out["far"] = _ratio(acc["floor_A_m2"], acc["A_m2"])
    out["building_density"] = _ratio(acc["footprint_A_m2"], acc["A_m2"])
    out["industrial_far"] = _ratio(acc["floor_A2_m2"], acc["A2_m2"])
    out["industrial_building_coefficient"] = _ratio(acc["footprint_A2_m2"], acc["A2_m2"])
    out["industrial_investment_intensity_wan_per_ha"] = _ratio(acc["investment_A2_wan"],
                                                               acc["A2_m2"] / ha)
    out["industrial_tax_per_ha"] = _ratio(acc["tax_A2_wan"], acc["A2_m2"] / ha)
    out["overall_tax_per_ha"] = _ratio(acc["tax_wan"], acc["A_m2"] / ha)
    out["idle_land_rate"] = _ratio(acc["G_m2"], acc["D_m2"])
    per_mu = settings.M2_PER_MU_DENOMINATOR  # 1 ha = 15 亩
    out["industrial_investment_intensity_wan_per_mu"] = (
        out["industrial_investment_intensity_wan_per_ha"] / per_mu)
    out["industrial_tax_per_mu"] = out["industrial_tax_per_ha"] / per_mu
    out["zone_type"] = np.where(
        (out["industrial_land_ratio"] > ZONE_TYPE_A2_MIN)
        & (_ratio(acc["A1_m2"], acc["A_m2"]) < ZONE_TYPE_A1_MAX),
        "industry_led", "mixed_use")
    out.loc[~(acc["A_m2"] > 0), "zone_type"] = None
    return out

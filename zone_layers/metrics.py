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


def tax_per_mu(parcels: gpd.GeoDataFrame, *, year: int, area_m2: pd.Series | None = None) -> pd.Series:
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


def building_density(parcels: gpd.GeoDataFrame, *, area_m2: pd.Series | None = None) -> pd.Series:
    r"""建筑密度: footprint of the buildings alone (``building_footprint_m2``) over land area, as a
    fraction; unlike :func:`building_coefficient` it leaves out structures and open yards.

    .. math:: \frac{\text{building footprint}_{m^2}}{\text{area}_{m^2}}
    """
    return _per(parcels["building_footprint_m2"], _m2(parcels, area_m2))


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


def tax_per_energy(parcels: gpd.GeoDataFrame, *, year: int) -> pd.Series:
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
    "floor_A_m2", "building_footprint_A_m2", "footprint_A_m2", "floor_A2_m2", "footprint_A2_m2",
    "investment_A2_wan", "tax_A2_wan", "tax_A_wan", "revenue_A2_wan", "tax_wan", "n_parcels", "n_enterprises",
    # the land whose figure is known (docs/definitions.md, "Coverage") and the firms behind it
    "A2_tax_m2", "A_tax_m2", "A2_revenue_m2", "A2_investment_m2",
    "firms", "tax_firms", "A_firms", "A_tax_firms", "A2_firms", "A2_tax_firms", "A2_revenue_firms",
    "A2_investment_firms",
)

#: Firm figures of a year whose coverage :func:`land_accounts` counts (columns of the ``users`` table).
REPORTED_FIGURES: tuple[str, ...] = ("tax_wan", "revenue_wan")


def parcel_users(parcels: pd.DataFrame, *, year: int, area_m2: pd.Series | None = None) -> pd.DataFrame:
    """The users table of :func:`land_accounts` read from the parcels alone: one user per parcel
    naming an enterprise (``credit_code``, else ``enterprise``), using the whole parcel, with the
    parcel's figures of ``year``. The way of an older parcels layer (one firm per parcel); data
    with a land-use table gives the exact table (:meth:`zone_layers.evaluation.FirmTables.users`)."""
    dated = for_year(parcels, year)
    firm = parcels["credit_code"] if "credit_code" in parcels.columns else parcels["enterprise"]
    named = has_enterprise(parcels) & firm.notna()
    area = _m2(parcels, area_m2) if len(parcels) else pd.Series(dtype=float)
    out = pd.DataFrame({"parcel_id": parcels["parcel_id"], "credit_code": firm.astype(object),
                        "area_m2": area.astype(float)})
    out["tax_wan"] = dated[tax_column(year)].astype(float)
    out["revenue_wan"] = dated["revenue_wan"].astype(float) if "revenue_wan" in dated.columns else np.nan
    return out.loc[named].reset_index(drop=True)



def has_enterprise(parcels: pd.DataFrame) -> pd.Series:
    """True where a parcel names an enterprise (blank names count as none)."""
    return parcels["enterprise"].fillna("").astype(str).str.strip() != ""


def _group_sum(values: pd.Series, keys: pd.Series | None) -> pd.Series:
    """Sum of ``values`` per key (skipping NaN); NaN where a group has no value at all."""
    if keys is None:
        return pd.Series([values.sum(min_count=1)], index=pd.Index(["all"]), dtype=float)
    return values.groupby(keys, sort=True).sum(min_count=1).astype(float)


def land_accounts(parcels: gpd.GeoDataFrame, *, by: str | None = None,
                  year: int, area_m2: pd.Series | None = None,
                  users: pd.DataFrame | None = None) -> pd.DataFrame:
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

        Coverage (docs/definitions.md, "Coverage"): ``A2_tax_m2``, ``A_tax_m2``, ``A2_revenue_m2``,
        ``A2_investment_m2`` are the A2 (A) land whose figure is known: all of it less the land of
        the firms that did not report the figure for ``year`` (land no firm uses has no firm
        figure to miss and stays in). ``<land>_firms`` count the distinct firms using that land,
        ``<land>_<figure>_firms`` those of them that reported the figure (``firms``,
        ``tax_firms``: on any land; a firm on two parcels of a group is one firm).
    users
        Who uses which parcel: ``parcel_id``, ``credit_code``, ``area_m2`` (the part it uses) and
        the firm's figures of ``year`` (:data:`REPORTED_FIGURES`, missing = not reported).
        Default :func:`parcel_users` (one firm per parcel, from the parcels' own columns).
    """
    area = _m2(parcels, area_m2)
    cls = parcels["land_class"]
    built = cls.isin(schema.BUILT_CLASSES)
    a2 = cls == "A2"
    dated = for_year(parcels, year)
    tax = dated[tax_column(year)]
    revenue = dated["revenue_wan"] if "revenue_wan" in dated.columns else pd.Series(np.nan, index=parcels.index)
    if users is None:
        users = parcel_users(parcels, year=year, area_m2=area)
    # each user's parcel as a position in ``parcels`` (one hash pass; users of other parcels are
    # left out): the sums and counts below group integer positions, not strings
    pid = parcels["parcel_id"]
    pos = pd.Index(pid.to_numpy()).get_indexer(users["parcel_id"].to_numpy())
    mine = pos >= 0
    pos = pos[mine]
    user_area = users["area_m2"].to_numpy(dtype=float)[mine]
    reported = {f: users[f].notna().to_numpy()[mine] for f in REPORTED_FIGURES}

    def unreported_m2(figure: str) -> pd.Series:
        """Land of each parcel used by firms that did not report ``figure`` (m², at most the parcel)."""
        missing = pd.Series(np.where(reported[figure], 0.0, user_area)).groupby(pos).sum()
        per_parcel = np.zeros(len(parcels))
        per_parcel[missing.index.to_numpy()] = missing.to_numpy(dtype=float)
        return pd.Series(per_parcel, index=parcels.index).clip(upper=area)

    used = pd.Series(np.bincount(pos, minlength=len(parcels)) > 0, index=parcels.index)
    known_tax = area - unreported_m2("tax_wan")
    known_investment = area.where(~(used & parcels["investment_wan"].isna()), 0.0)
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
        "building_footprint_A_m2": parcels["building_footprint_m2"].where(built),
        "footprint_A_m2": parcels["footprint_m2"].where(built),
        "floor_A2_m2": parcels["floor_area_m2"].where(a2),
        "footprint_A2_m2": parcels["footprint_m2"].where(a2),
        "investment_A2_wan": parcels["investment_wan"].where(a2),
        "tax_A2_wan": tax.where(a2),
        "tax_A_wan": tax.where(built),
        "revenue_A2_wan": revenue.where(a2),
        "tax_wan": tax,
        "n_parcels": pd.Series(1.0, index=parcels.index),
        "A2_tax_m2": known_tax.where(a2, 0.0),
        "A_tax_m2": known_tax.where(built, 0.0),
        "A2_revenue_m2": (area - unreported_m2("revenue_wan")).where(a2, 0.0),
        "A2_investment_m2": known_investment.where(a2, 0.0),
    }, index=parcels.index)
    if by:  # one grouping for all columns: the keys are factorised once
        out = values.groupby(parcels[by], sort=True).sum(min_count=1).astype(float)
    else:
        out = pd.DataFrame({name: _group_sum(col, None) for name, col in values.items()})
    out.index.name = by or "scope"
    # distinct firms per group: a firm using two parcels of a group counts once (firm and group
    # as integer codes; a missing credit code or group key counts nowhere, as in a groupby)
    if by:
        group_of, groups = pd.factorize(parcels[by], sort=True)
    else:
        group_of, groups = np.zeros(len(parcels), dtype=np.intp), pd.Index(["all"])
    ukey = group_of[pos]
    firm, firms = pd.factorize(users["credit_code"].to_numpy()[mine])
    ucls = cls.to_numpy()[pos]
    on_a, on_a2 = np.isin(ucls, list(schema.BUILT_CLASSES)), ucls == "A2"
    invested = parcels["investment_wan"].notna().to_numpy()[pos]
    counted = (firm >= 0) & (ukey >= 0)
    # the users sorted once by (group, firm): a pair is counted at its first row among those chosen
    width = max(len(firms), 1)
    pair = ukey.astype(np.int64) * width + firm
    order = np.argsort(pair, kind="stable")
    pair = pair[order]
    for name, mask in (("firms", np.ones(len(pos), dtype=bool)), ("tax_firms", reported["tax_wan"]),
                       ("A_firms", on_a), ("A_tax_firms", on_a & reported["tax_wan"]),
                       ("A2_firms", on_a2), ("A2_tax_firms", on_a2 & reported["tax_wan"]),
                       ("A2_revenue_firms", on_a2 & reported["revenue_wan"]),
                       ("A2_investment_firms", on_a2 & invested)):
        chosen = pair[(mask & counted)[order]]
        first = np.ones(len(chosen), dtype=bool)
        first[1:] = chosen[1:] != chosen[:-1]
        counts = pd.Series(np.bincount(chosen[first] // width, minlength=len(groups)), index=groups)
        out[name] = counts.reindex(out.index).fillna(0).astype(float).to_numpy()
    out["n_enterprises"] = out["firms"]  # distinct firms using the group's land, not parcels naming one
    return out


#: Coverage of the firm-figure indicators: prefix -> (land class of the accounts, figure), giving
#: ``<prefix>_coverage`` = ``<land>_<figure>_m2 / <land>_m2`` and ``<prefix>_firms`` =
#: ``<land>_<figure>_firms`` in :func:`zone_indicators`.
COVERAGE: dict[str, tuple[str, str]] = {
    "industrial_tax": ("A2", "tax"),
    "overall_tax": ("A", "tax"),
    "industrial_revenue": ("A2", "revenue"),
    "industrial_investment": ("A2", "investment"),
}
#: The coverage prefix of each indicator over firm figures, and the column of all firms on its land.
INDICATOR_COVERAGE: dict[str, tuple[str, str]] = {
    "industrial_tax_per_ha": ("industrial_tax", "industrial_firms"),
    "industrial_tax_per_mu": ("industrial_tax", "industrial_firms"),
    "overall_tax_per_ha": ("overall_tax", "built_firms"),
    "industrial_revenue_per_mu": ("industrial_revenue", "industrial_firms"),
    "industrial_investment_intensity_wan_per_ha": ("industrial_investment", "industrial_firms"),
    "industrial_investment_intensity_wan_per_mu": ("industrial_investment", "industrial_firms"),
}


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
        \text{overall tax per area} = T_A / A \qquad \text{idle land rate} = G / D

    A firm figure (tax, revenue, investment) is a ratio over the land whose figure is known: the
    land of firms that did not report it is left out of numerator and denominator alike
    (``A2_tax_m2`` in place of A2, …; docs/definitions.md, "Coverage"). Each such indicator
    carries its coverage (:data:`COVERAGE`): ``<prefix>_coverage`` (known land ÷ all of the land,
    a fraction), ``<prefix>_firms`` (firms on that land reporting the figure) of
    ``industrial_firms`` (A2) or ``built_firms`` (A); ``tax_firms`` of ``firms`` on any land.
    ``building_density`` is the footprint of buildings alone (``building_footprint_m2``) over A.

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
    out["building_density"] = _ratio(acc["building_footprint_A_m2"], acc["A_m2"])
    out["industrial_far"] = _ratio(acc["floor_A2_m2"], acc["A2_m2"])
    out["industrial_building_coefficient"] = _ratio(acc["footprint_A2_m2"], acc["A2_m2"])
    out["industrial_investment_intensity_wan_per_ha"] = _ratio(acc["investment_A2_wan"],
                                                               acc["A2_investment_m2"] / ha)
    out["industrial_tax_per_ha"] = _ratio(acc["tax_A2_wan"], acc["A2_tax_m2"] / ha)
    out["overall_tax_per_ha"] = _ratio(acc["tax_A_wan"], acc["A_tax_m2"] / ha)
    out["idle_land_rate"] = _ratio(acc["G_m2"], acc["D_m2"])
    per_mu = settings.M2_PER_MU_DENOMINATOR  # 1 ha = 15 亩
    out["industrial_investment_intensity_wan_per_mu"] = (
        out["industrial_investment_intensity_wan_per_ha"] / per_mu)
    out["industrial_tax_per_mu"] = out["industrial_tax_per_ha"] / per_mu
    out["industrial_revenue_per_mu"] = _ratio(acc["revenue_A2_wan"], acc["A2_revenue_m2"] / ha) / per_mu
    # coverage: the share of the indicator's land whose figure is known, and the firms behind it
    for prefix, (land, figure) in COVERAGE.items():
        out[f"{prefix}_coverage"] = _ratio(acc[f"{land}_{figure}_m2"], acc[f"{land}_m2"])
        out[f"{prefix}_firms"] = acc[f"{land}_{figure}_firms"]
    out["industrial_firms"] = acc["A2_firms"]
    out["built_firms"] = acc["A_firms"]
    out["tax_firms"] = acc["tax_firms"]
    out["firms"] = acc["firms"]
    out["zone_type"] = np.where(
        (out["industrial_land_ratio"] > ZONE_TYPE_A2_MIN)
        & (_ratio(acc["A1_m2"], acc["A_m2"]) < ZONE_TYPE_A1_MAX),
        "industry_led", "mixed_use")
    out.loc[~(acc["A_m2"] > 0), "zone_type"] = None
    return out

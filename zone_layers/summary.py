"""Tables the dashboard shows: parcels with their indicators, sections and zones with aggregates.

Pure functions of the canonical layers. Aggregates are area-weighted (sums over sums, via
:func:`zone_layers.metrics.land_accounts`), never means of parcel ratios.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geodata import settings
from geodata.crs import area_m2, m2_to_mu
from zone_layers import metrics

#: Parcel indicator key -> function computing it (year-dependent ones take ``year``).
_PARCEL_METRICS = {
    "revenue_per_mu": metrics.revenue_per_mu,
    "value_added_per_mu": metrics.value_added_per_mu,
    "investment_intensity": metrics.investment_intensity,
    "floor_area_ratio": metrics.floor_area_ratio,
    "building_coefficient": metrics.building_coefficient,
    "value_added_per_energy": metrics.value_added_per_energy,
    "labour_productivity": metrics.labour_productivity,
}


def parcel_indicators(parcels: gpd.GeoDataFrame, *, year: int = 2024,
                      benchmark: float | None = None) -> gpd.GeoDataFrame:
    """``parcels`` with land area and every parcel indicator added as columns.

    Adds ``area_m2``, ``area_mu``, ``tax_wan`` (the chosen year's tax), ``tax_per_mu``, the
    indicators of :data:`_PARCEL_METRICS` and ``tax_gap_per_mu`` (亩均税收 minus the benchmark,
    万元/亩; the benchmark defaults to ``settings.TAX_BENCHMARK_WAN_PER_MU``).
    """
    bench = settings.TAX_BENCHMARK_WAN_PER_MU if benchmark is None else benchmark
    out = parcels.copy()
    out["area_m2"] = metrics.land_area_m2(parcels)
    out["area_mu"] = m2_to_mu(out["area_m2"])
    out["tax_wan"] = parcels[metrics.tax_column(year)]
    out["tax_per_mu"] = metrics.tax_per_mu(parcels, year=year)
    out["tax_per_energy"] = metrics.tax_per_energy(parcels, year=year)
    for key, func in _PARCEL_METRICS.items():
        out[key] = func(parcels)
    out["tax_gap_per_mu"] = out["tax_per_mu"] - bench
    return out


def section_table(sections: gpd.GeoDataFrame, parcels: gpd.GeoDataFrame, *,
                  year: int = 2024) -> pd.DataFrame:
    """One row per section: its area (from its own outline) and the aggregate indicators.

    Columns: ``section_id``, ``name``, ``function``, ``area_km2``, ``area_mu``, ``built_km2``
    (class A), ``industrial_km2`` (A2), ``n_enterprises``, ``tax_wan``, and every zone-level
    indicator of :func:`zone_layers.metrics.zone_indicators`.
    """
    accounts = metrics.land_accounts(parcels, by="section_id", year=year)
    indicators = metrics.zone_indicators(accounts)
    outline_m2 = area_m2(sections)
    base = pd.DataFrame({
        "section_id": sections["section_id"].to_numpy(),
        "name": sections["name"].to_numpy(),
        "function": sections["function"].to_numpy(),
        "area_km2": (outline_m2 / settings.M2_PER_KM2).to_numpy(),
        "area_mu": m2_to_mu(outline_m2).to_numpy(),
    })
    extra = pd.DataFrame({
        "built_km2": accounts["A_m2"] / settings.M2_PER_KM2,
        "industrial_km2": accounts["A2_m2"] / settings.M2_PER_KM2,
        "n_enterprises": accounts["n_enterprises"],
        "tax_wan": accounts["tax_wan"],
    }).join(indicators)
    return base.merge(extra, left_on="section_id", right_index=True, how="left")


def zone_summary(zone: pd.Series, parcels: gpd.GeoDataFrame, *, year: int = 2024) -> dict:
    """Key figures of one zone: declared and computed areas, land accounts and indicators.

    ``zone`` is one row of the ``zones`` layer (with geometry); ``parcels`` are that zone's parcels.
    Areas are in km²; ratios are fractions; money per area as in the indicator registry.
    """
    outline = gpd.GeoSeries([zone.geometry], crs=settings.STORAGE_EPSG)
    accounts = metrics.land_accounts(parcels, year=year)
    indicators = metrics.zone_indicators(accounts).iloc[0]
    km2 = settings.M2_PER_KM2
    return {
        "zone_id": zone["zone_id"],
        "name": zone["name"],
        "planned_area_km2": zone["planned_area_km2"],
        "declared_built_km2": zone["built_area_km2"],
        "area_km2": float(area_m2(outline).iloc[0]) / km2,
        "built_km2": float(accounts["A_m2"].iloc[0]) / km2,
        "industrial_km2": float(accounts["A2_m2"].iloc[0]) / km2,
        "n_parcels": int(accounts["n_parcels"].iloc[0]),
        "n_enterprises": int(accounts["n_enterprises"].iloc[0]),
        "tax_wan": float(accounts["tax_wan"].iloc[0]),
        "investment_A2_wan": float(accounts["investment_A2_wan"].iloc[0]),
        **indicators.to_dict(),
    }


def city_table(zones: gpd.GeoDataFrame, zone_targets: pd.DataFrame) -> pd.DataFrame:
    """One row per zone: declared and computed area and its star/tier targets per year.

    Columns ``star_<year>`` and ``tier_<year>`` come from ``zone_targets`` (empty when absent).
    """
    out = pd.DataFrame({
        "zone_id": zones["zone_id"].to_numpy(),
        "name": zones["name"].to_numpy(),
        "county": zones["county"].to_numpy(),
        "level": zones["level"].to_numpy(),
        "planned_area_km2": zones["planned_area_km2"].to_numpy(),
        "area_km2": (area_m2(zones) / settings.M2_PER_KM2).to_numpy(),
    })
    if len(zone_targets):
        wide = zone_targets.pivot_table(index="zone_id", columns="year",
                                        values=["star", "tier"], aggfunc="first")
        wide.columns = [f"{what}_{year}" for what, year in wide.columns]
        out = out.merge(wide, left_on="zone_id", right_index=True, how="left")
    return out

"""Tables the dashboard shows: parcels with their indicators, sections and zones with aggregates.

Pure functions of the canonical layers. Aggregates are area-weighted (sums over sums, via
:func:`zone_layers.metrics.land_accounts`), never means of parcel ratios.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import geopandas as gpd
import numpy as np
import pandas as pd

from geodata import enterprises, schema, settings
from geodata.crs import area_m2, m2_to_mu
from geodata.dataset import ZoneDataset
from geodata.errors import ZoneDataError
from zone_layers import efficiency, evaluation, grading, metrics

#: Parcel indicators over land area: key -> function (takes the area computed once).
_PER_AREA_METRICS = {
    "revenue_per_mu": metrics.revenue_per_mu,
    "value_added_per_mu": metrics.value_added_per_mu,
    "investment_intensity": metrics.investment_intensity,
    "floor_area_ratio": metrics.floor_area_ratio,
    "building_coefficient": metrics.building_coefficient,
    "parcel_building_density": metrics.building_density,
}
#: The other parcel indicators (their denominators are not areas).
_OTHER_METRICS = {
    "value_added_per_energy": metrics.value_added_per_energy,
    "labour_productivity": metrics.labour_productivity,
}


def parcel_indicators(parcels: gpd.GeoDataFrame, *, year: int, benchmark: float | None = None,
                      area_m2: pd.Series | None = None) -> gpd.GeoDataFrame:
    """``parcels`` with land area and every parcel indicator added as columns.

    Adds ``area_m2``, ``area_mu``, ``tax_wan`` (the chosen year's tax), ``tax_per_mu``, the
    indicators of :data:`_PER_AREA_METRICS` and :data:`_OTHER_METRICS` and ``tax_gap_per_mu``
    (亩均税收 minus the benchmark,
    万元/亩; the benchmark defaults to ``settings.TAX_BENCHMARK_WAN_PER_MU``). ``area_m2``: the
    parcels' areas when measured from this geometry already (on the index of ``parcels``, e.g. the
    areas :func:`dataset_firms` was given), else measured here.
    """
    bench = settings.TAX_BENCHMARK_WAN_PER_MU if benchmark is None else benchmark
    parcels = metrics.for_year(parcels, year)  # revenue_wan etc. of that year
    out = parcels.copy()
    # once: every per-area indicator below reuses it
    area = metrics.land_area_m2(parcels) if area_m2 is None else area_m2
    out["area_m2"] = area
    out["area_mu"] = m2_to_mu(area)
    out["tax_wan"] = parcels[metrics.tax_column(year)]
    out["tax_per_mu"] = metrics.tax_per_mu(parcels, year=year, area_m2=area)
    out["tax_per_energy"] = metrics.tax_per_energy(parcels, year=year)
    for key, per_area in _PER_AREA_METRICS.items():
        out[key] = per_area(parcels, area_m2=area)
    for key, other in _OTHER_METRICS.items():
        out[key] = other(parcels)
    out["tax_gap_per_mu"] = out["tax_per_mu"] - bench
    return out


def _users(firms: evaluation.FirmTables | None, year: int) -> pd.DataFrame | None:
    """Who uses which parcel in ``year`` (:meth:`FirmTables.users`); None: read from the parcels."""
    return None if firms is None else firms.users(year)


def section_table(sections: gpd.GeoDataFrame, parcels: gpd.GeoDataFrame, *,
                  year: int, parcel_area_m2: pd.Series | None = None,
                  firms: evaluation.FirmTables | None = None) -> pd.DataFrame:
    """One row per section: its area (from its own outline) and the aggregate indicators.

    Columns: ``section_id``, ``name``, ``function``, ``area_km2``, ``area_mu``, ``built_km2``
    (class A), ``industrial_km2`` (A2), ``n_enterprises``, ``tax_wan``, and every zone-level
    indicator of :func:`zone_layers.metrics.zone_indicators` with its coverage columns. ``firms``
    (:func:`dataset_firms`) says who uses which parcel; without it each parcel's main user is
    taken as its only user (:func:`zone_layers.metrics.parcel_users`).
    """
    accounts = metrics.land_accounts(parcels, by="section_id", year=year, area_m2=parcel_area_m2,
                                     users=_users(firms, year))
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


def zone_summary(zone: pd.Series, parcels: gpd.GeoDataFrame, *, year: int,
                 parcel_area_m2: pd.Series | None = None, firms: evaluation.FirmTables | None = None) -> dict:
    """Key figures of one zone: declared and computed areas, land accounts and indicators.

    ``zone`` is one row of the ``zones`` layer (with geometry); ``parcels`` are that zone's parcels.
    Areas are in km²; ratios are fractions; money per area as in the indicator registry; the
    coverage columns and ``firms`` as in :func:`section_table`.
    """
    outline = gpd.GeoSeries([zone.geometry], crs=settings.STORAGE_EPSG)
    accounts = metrics.land_accounts(parcels, year=year, area_m2=parcel_area_m2, users=_users(firms, year))
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


#: Zone-level indicators whose figures are dated (one value per year): key -> (the firm figure
#: of ``enterprise_years`` it rests on, the land class it is counted over). What a trend shows.
DATED_INDICATORS: dict[str, tuple[str, str]] = {
    "industrial_tax_per_mu": ("tax_wan", "A2"),
    "industrial_tax_per_ha": ("tax_wan", "A2"),
    "overall_tax_per_ha": ("tax_wan", "A"),
    "industrial_revenue_per_mu": ("revenue_wan", "A2"),
}


def section_trend(sections: gpd.GeoDataFrame, parcels: gpd.GeoDataFrame, *,
                  indicator: str | None = "industrial_tax_per_mu", parcel_area_m2: pd.Series | None = None,
                  firms: evaluation.FirmTables | None = None) -> pd.DataFrame:
    """A zone-level indicator of each section in every year of the data: columns ``section_id``,
    ``name``, ``year``, ``indicator`` and the indicator's coverage columns (each year over the land
    of the firms reporting that year, as in :func:`section_table`).

    ``indicator`` is a key of :func:`zone_layers.metrics.zone_indicators`, e.g.
    ``industrial_tax_per_mu`` (default), ``overall_tax_per_ha``, ``industrial_revenue_per_mu``
    (:data:`DATED_INDICATORS`); None keeps every indicator. An unknown key raises ``KeyError``.
    """
    frames = []
    for year in metrics.years_of(parcels.columns):
        accounts = metrics.land_accounts(parcels, by="section_id", year=year, area_m2=parcel_area_m2,
                                         users=_users(firms, year))
        ind = metrics.zone_indicators(accounts)
        if indicator is not None:
            if indicator not in ind.columns:
                msg = f"unknown zone indicator {indicator!r}; valid: {', '.join(map(str, ind.columns))}"
                raise KeyError(msg)
            keep = [indicator]
            if indicator in metrics.INDICATOR_COVERAGE:
                prefix, total = metrics.INDICATOR_COVERAGE[indicator]
                keep += [f"{prefix}_coverage", f"{prefix}_firms", total]
            ind = ind[keep]
        frames.append(ind.rename_axis("section_id").reset_index().assign(year=year))
    names = dict(zip(sections["section_id"], sections["name"], strict=True))
    out = pd.concat(frames, ignore_index=True)
    out.insert(1, "name", out["section_id"].map(names))
    out.insert(2, "year", out.pop("year"))
    return out


def growth(firm_years: pd.DataFrame, figure: str, year_from: int, year_to: int, *,
           by: str | pd.Series | None = None) -> pd.DataFrame:
    r"""Growth of a firm figure between two years over the SAME firms: those reporting ``figure``
    in both years (docs/definitions.md, "Coverage"). A firm entering (or leaving, or not reporting)
    in one of the years is left out of both sums, so it neither inflates nor deflates the rate.

    .. math:: g = \frac{\sum_{f \in F} x_{f,\,to}}{\sum_{f \in F} x_{f,\,from}} - 1, \quad
              F = \{f : x_{f,\,from},\ x_{f,\,to} \text{ both reported}\}

    Parameters
    ----------
    firm_years
        One row per firm and year: ``credit_code``, ``year`` and ``figure``.
    by
        A column of ``firm_years`` to group by, or a Series mapping ``credit_code`` to a group;
        None for one row ``"all"``.

    Returns
    -------
    pandas.DataFrame
        One row per group: ``n_firms`` (reporting in both years), ``n_from`` and ``n_to`` (reporting
        in each year), ``value_from`` and ``value_to`` (sums over the ``n_firms``), ``growth``
        (a fraction; missing where ``value_from`` is not above 0).
    """
    def year_values(year: int) -> pd.Series:
        rows = firm_years.loc[(firm_years["year"] == year) & firm_years[figure].notna()]
        return rows.drop_duplicates("credit_code").set_index("credit_code")[figure].astype(float)

    start, end = year_values(year_from), year_values(year_to)
    codes = pd.Index(sorted(set(start.index) | set(end.index)), name="credit_code")
    if by is None:
        group = pd.Series("all", index=codes)
    elif isinstance(by, str):
        group = firm_years.drop_duplicates("credit_code").set_index("credit_code")[by].reindex(codes)
    else:
        group = by.reindex(codes)
    frame = pd.DataFrame({"from": start.reindex(codes), "to": end.reindex(codes), "group": group})
    both = frame["from"].notna() & frame["to"].notna()
    grouped = frame.groupby("group", sort=True)
    out = pd.DataFrame({
        "n_firms": both.groupby(frame["group"], sort=True).sum(),
        "n_from": grouped["from"].count(),
        "n_to": grouped["to"].count(),
        "value_from": frame["from"].where(both).groupby(frame["group"], sort=True).sum(min_count=1),
        "value_to": frame["to"].where(both).groupby(frame["group"], sort=True).sum(min_count=1),
    })
    out["growth"] = out["value_to"] / out["value_from"].where(out["value_from"] > 0) - 1.0
    out.index.name = "group"
    return out.astype({"n_firms": int, "n_from": int, "n_to": int})


def firms_on(firms: evaluation.FirmTables, parcels: pd.DataFrame, *, land: str = "A2") -> pd.Index:
    """Credit codes of the firms using any of ``parcels`` of land class ``land`` (``"A2"``, or
    ``"A"`` for any built class)."""
    cls = parcels["land_class"]
    chosen = cls.isin(schema.BUILT_CLASSES) if land == "A" else cls == land
    t = firms.allocation.table
    return pd.Index(sorted(t.loc[t["parcel_id"].isin(set(parcels.loc[chosen, "parcel_id"])), "credit_code"].unique()))


def parcel_trend(parcel: pd.Series) -> pd.DataFrame:
    """Annual tax and 亩均税收 of one parcel (a row of :func:`parcel_indicators`) per tax year."""
    years = list(metrics.years_of(parcel.index))
    tax = [parcel[metrics.tax_column(y)] for y in years]
    area_mu = parcel["area_mu"]
    per_mu = [np.nan if pd.isna(v) or not area_mu > 0 else v / area_mu for v in tax]
    return pd.DataFrame({"year": years, "tax_wan": tax, "tax_per_mu": per_mu}, dtype=float).astype({"year": int})


class NationalIndicator(NamedTuple):
    """A zone indicator of the national evaluation shown together (TD/T 1029): the land it is
    measured on (its denominator, :func:`zone_layers.metrics.land_accounts` columns summed), the
    parcel flags it reads beyond the land class, and the national figure of the MNR's monitoring
    of :data:`NATIONAL_YEAR` (a fraction for a percent indicator; None where there is none)."""

    key: str
    base: tuple[str, ...]
    flags: tuple[str, ...]
    national: float | None


#: The year of the national figures (MNR monitoring of the national development zones).
NATIONAL_YEAR = 2020
#: 开发率, 供应率, 建成率, 综合地均税收, 闲置率 (docs/definitions.md, "Zone-level indicators").
NATIONAL_INDICATORS: tuple[NationalIndicator, ...] = (
    NationalIndicator("development_rate", ("A_m2", "B_m2"), (), 0.895),
    NationalIndicator("supply_rate", ("A_m2", "B21_m2"), ("supplied",), 0.927),
    NationalIndicator("built_up_rate", ("D_m2",), ("supplied",), 0.928),
    NationalIndicator("overall_tax_per_ha", ("A_m2",), (), 540.0),
    NationalIndicator("idle_land_rate", ("D_m2",), ("supplied", "idle"), None),
)


def national_indicators(parcels: pd.DataFrame, figures: Mapping[str, object], *,
                        parcel_area_m2: pd.Series | None = None) -> pd.DataFrame:
    """The zone's national indicators with what they rest on, one row per :data:`NATIONAL_INDICATORS`.

    ``figures`` are the zone's figures (:func:`zone_summary`, as the viewer sees them); areas are
    ``parcel_area_m2``, else the parcels' ``area_m2``, else measured. Columns:
    ``indicator``, ``value`` (from ``figures``), ``national``, ``base_m2`` (the land it is measured
    on: A + B, A + B21, D, A, D), ``base_share`` (of all the parcels' land), ``flags_known``
    (share of all the parcels' land whose ``supplied``/``idle`` flags the indicator reads are filled
    in; a blank flag counts as not supplied / not idle, so the indicator is only as good as this;
    None for one that reads none), and for a figure of the firms (综合地均税收) ``coverage`` (share of
    A whose firms reported it), ``firms`` and ``total`` (reporting firms of all on A); else None.
    """
    if parcel_area_m2 is None:
        parcel_area_m2 = parcels["area_m2"] if "area_m2" in parcels.columns else area_m2(parcels.geometry)
    area = parcel_area_m2.astype(float)
    cls = parcels["land_class"]
    land = {
        "A_m2": area.where(cls.isin(schema.BUILT_CLASSES), 0.0).sum(),
        "B_m2": area.where(cls.isin(["B21", "B22"]), 0.0).sum(),
        "B21_m2": area.where(cls == "B21", 0.0).sum(),
        "D_m2": area.where(parcels["supplied"].eq(True), 0.0).sum(),  # as land_accounts: blank = not supplied
    }
    total = float(area.sum())
    rows = []
    for item in NATIONAL_INDICATORS:
        base = float(sum(land[c] for c in item.base))
        known = None
        if item.flags:
            filled = pd.concat([parcels[f].notna() for f in item.flags], axis=1).all(axis=1)
            known = float(area.where(filled, 0.0).sum()) / total if total else None
        coverage = firms = of = None
        if item.key in metrics.INDICATOR_COVERAGE:
            prefix, all_firms = metrics.INDICATOR_COVERAGE[item.key]
            coverage, firms, of = (figures.get(c) for c in (f"{prefix}_coverage", f"{prefix}_firms", all_firms))
        rows.append({"indicator": item.key, "value": figures.get(item.key), "national": item.national,
                     "base_m2": base, "base_share": base / total if total else None, "flags_known": known,
                     "coverage": coverage, "firms": firms, "total": of})
    return pd.DataFrame(rows)


def evaluate_parcels(parcels: gpd.GeoDataFrame, config: grading.GradingConfig | None, *, year: int,
                     benchmark: float | None = None, preset: str | None = None,
                     firms: evaluation.FirmTables | None = None,
                     area_m2: pd.Series | None = None, graded: pd.DataFrame | None = None) -> gpd.GeoDataFrame:
    """Everything known about each parcel: :func:`parcel_indicators`, the grade of the firm using
    it (``score``, ``grade``, ``grade_reason``, ``rule_version``) and the low-efficiency flags and
    ``reasons``.

    The one place the dashboard, the briefs and the command line evaluate parcels. Firms are graded
    as firms (:func:`zone_layers.evaluation.evaluate_year` over ``firms``, the dataset's
    :func:`dataset_firms`; two parcels of one firm are one firm) and each parcel shows the grade of
    its main user. Without ``firms``, the parcels' own firm columns (older layout) are read as one
    firm per parcel. ``config=None`` grades nothing (the grade columns stay missing), for users who
    may not see the figures grades are made of. ``area_m2``: the parcels' areas when measured
    already (on the index of ``parcels``), as :func:`parcel_indicators` takes them. ``graded``: the
    firms graded already (:func:`evaluate_firms` of ``firms``, ``config``, ``year``, ``benchmark``
    and ``preset``), else graded here.
    """
    bench = settings.TAX_BENCHMARK_WAN_PER_MU if benchmark is None else benchmark
    ind = parcel_indicators(parcels, year=year, benchmark=bench, area_m2=area_m2)
    grades = pd.DataFrame({"score": np.nan, "grade": None, "grade_reason": None, "rule_version": None},
                          index=ind.index)
    if config is not None:
        if firms is None:
            firms = _parcel_firms(parcels)
        if graded is None:
            graded = evaluate_firms(firms, config, year=year, benchmark=bench, preset=preset)
        graded = graded.set_index("credit_code")
        main = firms.main_user().set_index("parcel_id")["credit_code"].reindex(ind["parcel_id"]).to_numpy()
        for col in ("score", "grade", "grade_reason", "rule_version"):
            grades[col] = graded[col].reindex(main).to_numpy()
        # a firm not evaluated shows why (exempt, too new, …) in place of a grade reason
        reason = graded["reason"].reindex(main).to_numpy()
        grades["grade_reason"] = [r if isinstance(r, dict) else g
                                  for r, g in zip(reason, grades["grade_reason"], strict=True)]
    return ind.join(grades).join(efficiency.low_efficiency(ind, benchmark=bench))


def evaluate_firms(firms: evaluation.FirmTables, config: grading.GradingConfig, *, year: int,
                   benchmark: float | None = None, preset: str | None = None) -> pd.DataFrame:
    """Every firm of ``year`` graded (:func:`zone_layers.evaluation.evaluate_year`), with the per-mu
    tax benchmark (万元/亩, default the setting) as the grading's tax benchmark and who is evaluated
    from the configuration's ``[evaluation]`` (``config.evaluation``)."""
    bench = settings.TAX_BENCHMARK_WAN_PER_MU if benchmark is None else benchmark
    return evaluation.evaluate_year(firms.firm_years, year, config, preset=preset, rules=config.evaluation,
                                    benchmarks={"tax_per_mu": bench})


def firms_in(graded: pd.DataFrame, firms: evaluation.FirmTables, parcels: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``graded`` (:func:`evaluate_firms`) of firms using any of ``parcels``, each with
    the ``parcel_id`` and ``section_id`` of the largest part it uses among them, and ``n_parcels``."""
    t = firms.allocation.table
    here = t.loc[t["parcel_id"].isin(set(parcels["parcel_id"]))].sort_values(
        ["credit_code", "area_m2", "parcel_id"], ascending=[True, False, True], kind="stable")
    main = here.drop_duplicates("credit_code").set_index("credit_code")["parcel_id"]
    count = here.groupby("credit_code")["parcel_id"].nunique()
    out = graded.loc[graded["credit_code"].isin(main.index)].copy()
    out["parcel_id"] = main.reindex(out["credit_code"]).to_numpy()
    out["n_parcels"] = count.reindex(out["credit_code"]).to_numpy()
    sections = parcels.set_index("parcel_id")["section_id"]
    out["section_id"] = sections.reindex(out["parcel_id"]).to_numpy()
    return out.reset_index(drop=True)


def dataset_firms(dataset: ZoneDataset, *, area_m2: pd.Series | None = None,
                  rules: grading.EvaluationRules | None = None) -> evaluation.FirmTables:
    """The firms of ``dataset`` worked out once (land allocation, firm-years): compute it once per
    dataset version and pass it to :func:`evaluate_parcels` and :func:`with_firm_figures`.
    ``area_m2``: the parcels' areas (:func:`zone_layers.metrics.land_area_m2` of ``dataset.parcels``)
    when the caller measured them already, else measured here; ``rules``: the grading
    configuration's (whose land a lease is), default the defaults."""
    area = metrics.land_area_m2(dataset.parcels) if area_m2 is None else area_m2
    return evaluation.firm_tables(dataset.enterprises, dataset.enterprise_years, dataset.land_use,
                                  dataset.parcels, area, rules=rules)


def with_firm_figures(parcels: gpd.GeoDataFrame, firms: evaluation.FirmTables) -> gpd.GeoDataFrame:
    """``parcels`` with the firm figures they carry on the map (:func:`zone_layers.evaluation.parcel_figures`)."""
    extra = evaluation.parcel_figures(parcels, firms)
    return parcels.drop(columns=[c for c in extra.columns if c in parcels.columns]).join(extra)


def with_unknown_year(parcels: gpd.GeoDataFrame, year: int) -> gpd.GeoDataFrame:
    """``parcels`` with every firm figure of ``year`` (:data:`zone_layers.evaluation.YEAR_FIGURES`)
    they do not carry added as missing: data of parcels only (no firm tables) evaluated for a year,
    its tax indicators unknown instead of a ``KeyError``."""
    absent = [f"{figure}_{year}" for figure in evaluation.YEAR_FIGURES if f"{figure}_{year}" not in parcels.columns]
    return parcels.assign(**dict.fromkeys(absent, np.nan)) if absent else parcels


def resolve_year(dataset: ZoneDataset, year: int | None) -> int:
    """``year`` if the data holds figures for it, else the latest year when ``year`` is None.

    Raises :class:`ZoneDataError` naming the years the data holds.
    """
    years = dataset.years
    if not years:
        absent = [name for name in ("enterprises", "enterprise_years", "land_use") if not len(getattr(dataset, name))]
        lacking = f"; it lacks the table(s) {', '.join(absent)}" if absent else ""
        msg = (f"{dataset.source or 'the dataset'} holds no enterprise figures (table enterprise_years, or "
               f"tax_wan_<year> columns of an older parcels layer){lacking}: there is no year to evaluate and "
               "no firm to grade. Add the firm tables (geodata/README.md); the land registers (registers) and "
               "the dashboard's land indicators work without them")
        raise ZoneDataError(msg)
    if year is None:
        return years[-1]
    if year not in years:
        msg = f"no enterprise figures for {year}; the data holds the years {', '.join(map(str, years))}"
        raise ZoneDataError(msg)
    return int(year)


def parcels_with_firms(dataset: ZoneDataset) -> gpd.GeoDataFrame:
    """Every parcel of ``dataset`` with the firm figures it carries (:func:`with_firm_figures`)."""
    return with_firm_figures(dataset.parcels, dataset_firms(dataset))


def zone_parcels(dataset: ZoneDataset, zone_id: str, firms: evaluation.FirmTables) -> gpd.GeoDataFrame:
    """The parcels of ``zone_id`` with the firm figures they carry (:func:`with_firm_figures`)."""
    parcels = dataset.parcels.loc[dataset.parcels["zone_id"] == zone_id].reset_index(drop=True)
    return with_firm_figures(parcels, firms)


class ZoneParts(NamedTuple):
    """One zone of a dataset as the CLI and the briefs evaluate it."""

    zone_id: str
    zone: pd.Series
    sections: gpd.GeoDataFrame
    #: the zone's parcels with the firm figures they carry
    parcels: gpd.GeoDataFrame
    #: the dataset's firms (a firm's land may lie in several zones)
    firms: evaluation.FirmTables


def zone_parts(dataset: ZoneDataset, zone_id: str | None, *, rules: grading.EvaluationRules) -> ZoneParts:
    """The zone ``zone_id`` (or the only zone with parcels: :func:`choose_zone`), its sections, its
    parcels with their firm figures and the dataset's firms worked out under ``rules``."""
    zid = choose_zone(dataset, zone_id)
    zone = dataset.zones.loc[dataset.zones["zone_id"] == zid].iloc[0]
    firms = dataset_firms(dataset, rules=rules)
    sections = dataset.sections.loc[dataset.sections["zone_id"] == zid].reset_index(drop=True)
    return ZoneParts(zid, zone, sections, zone_parcels(dataset, zid, firms), firms)


def _parcel_firms(parcels: gpd.GeoDataFrame) -> evaluation.FirmTables:
    """Firm tables of parcels in the older one-firm-per-parcel layout (tests, single files)."""
    _, tables, _ = enterprises.from_legacy_parcels(parcels, source="parcels")
    area = metrics.land_area_m2(parcels)
    return evaluation.firm_tables(tables["enterprises"], tables["enterprise_years"], tables["land_use"],
                                  parcels, area)

def choose_zone(dataset: ZoneDataset, zone_id: str | None) -> str:
    """The zone to report: ``zone_id`` or the only zone with parcels."""
    with_parcels = [z for z in dataset.zones["zone_id"] if (dataset.parcels["zone_id"] == z).any()]
    if zone_id is not None:
        if zone_id not in set(dataset.zones["zone_id"]):
            msg = f"zone {zone_id!r} is not in the dataset; zones: {', '.join(dataset.zones['zone_id'])}"
            raise ZoneDataError(msg)
        return zone_id
    if len(with_parcels) == 1:
        return with_parcels[0]
    if not with_parcels:
        msg = "no zone of the dataset has parcels; nothing to evaluate"
        raise ZoneDataError(msg)
    msg = f"several zones have parcels ({', '.join(with_parcels)}); choose one with --zone"
    raise ZoneDataError(msg)

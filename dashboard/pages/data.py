"""The tables every page needs, derived once per dataset version from the dataset served
(:mod:`dashboard.pages.data_source`: which dataset, which version, the last good copy).

``st.cache_resource`` keeps one copy in memory shared by all sessions; the cache keys include the
dataset's source and version, so a dataset replaced is picked up without a restart.
Cached frames are shared: callers must not modify them.
"""

from __future__ import annotations

import datetime
import logging
import weakref
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TypeVar

import geopandas as gpd
import numpy as np
import pandas as pd
import streamlit as st

from dashboard import round_records
from dashboard.grading_config import load_grading_config
from dashboard.map import basemaps, maps, tools
from dashboard.pages.data_source import _current, _per_version, _read, _stamp, edit_store, load_dataset, session_data

# the dataset served, as the pages reach it through this module (``x as x``: re-exported)
from dashboard.pages.data_source import audit_log as audit_log
from dashboard.pages.data_source import close_session_dataset as close_session_dataset
from dashboard.pages.data_source import dataset_key as dataset_key
from dashboard.pages.data_source import is_session_source as is_session_source
from dashboard.pages.data_source import is_stale as is_stale
from dashboard.pages.data_source import open_session_dataset as open_session_dataset
from dashboard.pages.data_source import postgis_password as postgis_password
from dashboard.pages.data_source import source_label as source_label
from dashboard.shown_names import names_of, with_shown_names
from geodata import settings
from geodata.config_files import grading_config_path
from geodata.dataset import ZoneDataset
from zone_layers import confidential, disclosure, evaluation, grading, metrics, summary, target_gaps
from zone_layers import round as rnd

LOG = logging.getLogger(__name__)
T = TypeVar("T")


@_per_version(4)
def _firms_by(source: str, stamp: tuple, rules: grading.EvaluationRules) -> evaluation.FirmTables:
    return summary.dataset_firms(_read(source, stamp), rules=rules, area_m2=_areas(source, stamp))


@_per_version(4)
def _areas(source: str, stamp: tuple) -> pd.Series:
    """The land area (m²) of every parcel of the version, on the dataset's parcel index, measured
    once (GEOS after projection: ≈ 0.25 s for 100 000 parcels) for the firm tables and every view."""
    return metrics.land_area_m2(_read(source, stamp).parcels)


def _areas_of(source: str, stamp: tuple, parcels: pd.DataFrame, rows: np.ndarray) -> pd.Series:
    """The areas of ``parcels`` (rows ``rows`` of :func:`_parcels`, index reset), by position."""
    return pd.Series(_areas(source, stamp).to_numpy()[rows], index=parcels.index)


def _firms(source: str, stamp: tuple) -> evaluation.FirmTables:
    """The dataset's firms worked out once per version and land rules (whose land a lease is, from
    the grading configuration): land allocation and firm-year indicators."""
    return _firms_by(source, stamp, grading_config().evaluation)


@_per_version(4)
def _parcels_by(source: str, stamp: tuple, rules: grading.EvaluationRules) -> gpd.GeoDataFrame:
    parcels = summary.with_firm_figures(_read(source, stamp).parcels, _firms_by(source, stamp, rules))
    if _read(source, stamp).years:
        return parcels
    # parcels without firm figures (a session's own, or shared data without the firm tables): unknown
    # in each year offered (see years())
    unknown = {f"{figure}_{y}": float("nan") for y in years() for figure in evaluation.YEAR_FIGURES}
    return parcels.assign(**{c: v for c, v in unknown.items() if c not in parcels.columns})


def _parcels(source: str, stamp: tuple) -> gpd.GeoDataFrame:
    """The dataset's parcels with the firm figures they carry on the map (every year)."""
    return _parcels_by(source, stamp, grading_config().evaluation)


@_per_version(4)
def _years(source: str, stamp: tuple) -> tuple[int, ...]:
    return _read(source, stamp).years


def years() -> tuple[int, ...]:
    """The years of the enterprise figures in the data, ascending: what every year selector offers
    (worked out once per data version, not on every run). A session's own data without firm figures
    (parcels only, opened from the import page) offers the years of the deployment's data: its
    figures are then unknown in every one of them. Data without firm figures anywhere (parcels only:
    no enterprise tables) offers the last calendar year, the year an evaluation under way covers,
    with its figures unknown (:func:`has_firm_figures` is then False and the pages say so)."""
    found = _years(*_current())
    if found:
        return found
    if session_data() is not None:
        shared = _years(*_current(shared=True))
        if shared:
            return shared
    return (datetime.date.today().year - 1,)


def has_firm_figures() -> bool:
    """Whether the data served now has firm figures (enterprise tables with at least one year): data
    of parcels only has none, and the pages say so instead of grading or showing tax."""
    return bool(_years(*_current()))


#: The firm tables (layers of :mod:`geodata.schema`) without which there is no firm figure to show.
FIRM_TABLES: tuple[str, ...] = ("enterprises", "enterprise_years", "land_use")


def missing_firm_tables() -> tuple[str, ...]:
    """The firm tables (:data:`FIRM_TABLES`) the data served now lacks (absent or empty), for the
    pages to name when :func:`has_firm_figures` is False."""
    dataset = load_dataset()
    return tuple(name for name in FIRM_TABLES if not len(getattr(dataset, name)))


def firms() -> evaluation.FirmTables:
    """The current dataset's :class:`zone_layers.evaluation.FirmTables` (cached per version)."""
    return _firms(*_current())


@st.cache_resource(show_spinner=False, max_entries=4)
def _grading(path: str, stamp: tuple[int, int]) -> grading.GradingConfig:
    return load_grading_config(Path(path))


def grading_config() -> grading.GradingConfig:
    """The grading configuration (``$GRADING_CONFIG`` or the bundled file), validated, re-read
    when the file changes."""
    path = grading_config_path()
    return _grading(str(path), _stamp(path))


def corrections(role: str) -> tuple[tuple[str, int], ...]:
    """The objections of the evaluation round saved so far, as (record, version): an analyst's grades
    take the accepted ones into account (:func:`_graded_firms`), so this is part of their cache keys.
    Empty for a viewer, who sees no grade."""
    if role != "analyst":
        return ()
    store = edit_store()
    if not round_records.has_records(store):
        return ()
    return tuple((e.key, e.version) for e in store.current(round_records.OBJECTION_KIND))


def official_rules(year: int) -> round_records.Official | None:
    """The official rule version of ``year`` saved in the evaluation round, None when the year has
    none (its grades then follow the grading file, as the zone page's)."""
    store = edit_store()
    if not round_records.has_records(store):
        return None
    official = round_records.official_rules(store, year)
    return official if official.name else None


@st.cache_resource(show_spinner=False, max_entries=8)
def _graded_firms(source: str, stamp: tuple, objections: tuple) -> evaluation.FirmTables:
    """The firm tables the grading uses: the figures and land areas corrected by the accepted
    objections of the evaluation round (recorded overrides; the source data is never edited)."""
    tables = _firms(source, stamp)
    if not objections:
        return tables
    overrides = round_records.accepted_overrides(edit_store())
    if not overrides:
        return tables
    return replace(tables, firm_years=rnd.apply_overrides(tables.firm_years, overrides))


@st.cache_resource(show_spinner=False, max_entries=32)
def _graded_year(source: str, stamp: tuple, year: int, benchmark: float, preset: str,
                 config_stamp: tuple[int, int], objections: tuple = ()) -> pd.DataFrame:
    """Every firm graded in ``year`` (:func:`zone_layers.summary.evaluate_firms`), once for the zone
    views, the city map and :func:`graded_years`."""
    return summary.evaluate_firms(_graded_firms(source, stamp, objections), grading_config(), year=year,
                                  benchmark=benchmark, preset=preset)


@st.cache_resource(show_spinner=False, max_entries=8)
def _graded_years(source: str, stamp: tuple, benchmark: float, preset: str,
                  config_stamp: tuple[int, int], objections: tuple = ()) -> dict[int, pd.DataFrame]:
    tables = _graded_firms(source, stamp, objections)
    return {year: _graded_year(source, stamp, int(year), benchmark, preset, config_stamp, objections)
            for year in tables.years}


def graded_years(*, benchmark: float, preset: str, role: str) -> dict[int, pd.DataFrame]:
    """Every firm of the data graded in every year of the data (:func:`zone_layers.summary.evaluate_firms`
    per year), cached per data version, benchmark, preset and grading file; empty for a viewer, who
    never sees a firm's figures or grade. Cached frames are shared: do not modify them."""
    if role != "analyst":
        return {}
    source, stamp = _current()
    return _graded_years(source, stamp, float(benchmark), preset, _stamp(grading_config_path()), corrections(role))


@dataclass(frozen=True)
class ZoneView:
    """Everything the zone view shows for one zone, tax year, benchmark and grading preset."""

    zone: pd.Series
    sections: gpd.GeoDataFrame
    #: parcels with indicator columns (summary.parcel_indicators), ``score``/``grade``/
    #: ``grade_reason`` and the low-efficiency columns (efficiency.low_efficiency)
    parcels: gpd.GeoDataFrame
    sections_table: pd.DataFrame
    summary: dict
    preset: str
    role: str
    #: aggregates every role may see, computed from the full (unredacted) parcels; for a viewer,
    #: those disclosure control hides are blanked (zone_layers.disclosure; here and in
    #: ``sections_table`` and ``summary``); every zone indicator of each section and year
    #: (summary.section_trend with indicator=None)
    trend: pd.DataFrame
    cluster_gaps: pd.DataFrame
    #: the firms using the zone's land, graded for the year (summary.firms_in); empty for a viewer
    firms: pd.DataFrame
    #: the per-mu tax benchmark of this view, 万元/亩
    benchmark: float
    #: each class's quota and count in the grading of all firms (evaluation.class_targets); empty for
    #: a viewer
    class_targets: pd.DataFrame = field(default_factory=pd.DataFrame)


def disclosure_rules() -> disclosure.DisclosureRules:
    """The thresholds of disclosure control (:mod:`zone_layers.disclosure`): ``[disclosure]`` of
    the grading configuration."""
    return grading_config().disclosure


@st.cache_resource(show_spinner=False, max_entries=256)
def _protection(path: str, stamp: tuple, zone_id: str, year: int,
                rules: disclosure.DisclosureRules) -> disclosure.Protection:
    """The cells of a zone's section table of ``year`` a viewer may not see (cached per data version)."""
    ds = _read(path, stamp)
    everywhere = _parcels(path, stamp)
    raw = everywhere.loc[everywhere["zone_id"] == zone_id].reset_index(drop=True)
    tables = _firms(path, stamp)
    shown = ds.sections.loc[ds.sections["zone_id"] == zone_id, "section_id"]
    return disclosure.protect(raw, year=year, by="section_id", shown_groups=shown, users=tables.users(year),
                              firm_land_m2=tables.land["land_m2"], rules=rules)


def protection(zone_id: str, year: int) -> disclosure.Protection:
    """The cached :class:`zone_layers.disclosure.Protection` of a zone's sections in ``year``."""
    path, stamp = _current()
    return _protection(path, stamp, zone_id, year, disclosure_rules())


@st.cache_resource(show_spinner=False, max_entries=64)
def _zone_view(path: str, stamp: tuple, zone_id: str, year: int, benchmark: float,
               preset: str, config_stamp: tuple[int, int], role: str, objections: tuple = ()) -> ZoneView:
    ds = _read(path, stamp)
    zone = ds.zones.loc[ds.zones["zone_id"] == zone_id].iloc[0]
    sections = ds.sections.loc[ds.sections["zone_id"] == zone_id].reset_index(drop=True)
    everywhere = _parcels(path, stamp)
    rows = np.flatnonzero((everywhere["zone_id"] == zone_id).to_numpy())
    raw = everywhere.iloc[rows].reset_index(drop=True)
    analyst = role == "analyst"
    # a viewer's parcels carry no confidential figure at all: nothing built from them can leak one
    shown = raw if analyst else confidential.redact(raw)
    firm_tables = _firms(path, stamp)
    # grades take the accepted objections into account; the aggregates stay those of the source data
    grading_tables = _graded_firms(path, stamp, objections) if analyst else firm_tables
    graded = (_graded_year(path, stamp, year, benchmark, preset, config_stamp, objections) if analyst
              else None)
    parcels = summary.evaluate_parcels(shown, grading_config() if analyst else None, year=year,
                                       benchmark=benchmark, preset=preset, firms=grading_tables,
                                       area_m2=_areas_of(path, stamp, raw, rows), graded=graded)
    firms = summary.firms_in(graded, firm_tables, raw) if graded is not None else pd.DataFrame()
    targets = (evaluation.class_targets(graded, grading_config(), preset=preset) if graded is not None
               else pd.DataFrame())
    area = parcels["area_m2"]
    # firm figures over the land of the firms that reported them, with their coverage
    sections_table = summary.section_table(sections, raw, year=year, parcel_area_m2=area, firms=firm_tables)
    zone_summary = summary.zone_summary(zone, raw, year=year, parcel_area_m2=area, firms=firm_tables)
    trend = summary.section_trend(sections, raw, indicator=None, parcel_area_m2=area, firms=firm_tables)
    gaps = target_gaps.cluster_gaps(raw, ds.cluster_targets, zone_id=zone_id, year=year)
    if not ds.years:  # parcels only: no land has a known firm figure (not "no firm, nothing to miss")
        sections_table, trend = _no_coverage(sections_table), _no_coverage(trend)
        zone_summary = {**zone_summary, **_no_coverage(pd.DataFrame([zone_summary])).iloc[0].to_dict()}
    if not analyst:  # disclosure control: no firm's figure by reading or by arithmetic
        rules = disclosure_rules()
        now = _protection(path, stamp, zone_id, year, rules)
        sections_table = disclosure.apply_table(sections_table, now)
        zone_summary = disclosure.apply_summary(zone_summary, now)
        trend = pd.concat([disclosure.apply_table(part, _protection(path, stamp, zone_id, int(y), rules))
                           for y, part in trend.groupby("year", sort=True)], ignore_index=True)
        if len(gaps):
            hide = disclosure.protect_series(gaps["revenue_yi"], gaps["n_firms"], gaps["largest_share"], rules)
            gaps = gaps.assign(revenue_yi=gaps["revenue_yi"].mask(hide), gap=gaps["gap"].mask(hide))
    return ZoneView(
        zone=zone,
        sections=sections,
        parcels=parcels,
        sections_table=sections_table,
        summary=zone_summary,
        trend=trend,
        cluster_gaps=gaps,
        firms=firms,
        class_targets=targets,
        benchmark=benchmark,
        preset=preset,
        role=role,
    )


def _no_coverage(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with the coverage of every indicator over reported firm figures (tax, revenue:
    :data:`zone_layers.metrics.COVERAGE`) set to 0: data without firm tables knows none of them."""
    columns = [f"{prefix}_coverage" for prefix, (_, figure) in metrics.COVERAGE.items()
               if figure in ("tax", "revenue") and f"{prefix}_coverage" in table.columns]
    return table.assign(**dict.fromkeys(columns, 0.0)) if columns else table


def zone_view(zone_id: str, *, year: int, benchmark: float, preset: str, role: str) -> ZoneView:
    """The cached :class:`ZoneView` of ``zone_id`` as ``role`` may see it (aggregates are always
    computed from the full data; a viewer's parcels are redacted)."""
    path, stamp = _current()
    return _zone_view(path, stamp, zone_id, year, benchmark, preset, _stamp(grading_config_path()), role,
                      corrections(role))


@st.cache_resource(show_spinner=False, max_entries=8)
def _city_parcels(path: str, stamp: tuple, zone_ids: tuple[str, ...], year: int, benchmark: float, preset: str,
                  config_stamp: tuple[int, int], role: str, objections: tuple = ()) -> gpd.GeoDataFrame:
    everywhere = _parcels(path, stamp)
    zone_of = pd.Categorical(everywhere["zone_id"], categories=list(zone_ids))
    # the zones' parcels in the order of zone_ids, each zone's in the dataset's order (as the zone views')
    rows = np.flatnonzero(zone_of.codes >= 0)
    rows = rows[np.argsort(zone_of.codes[rows], kind="stable")]
    raw = everywhere.iloc[rows].reset_index(drop=True)
    analyst = role == "analyst"
    shown = raw if analyst else confidential.redact(raw)
    grading_tables = _graded_firms(path, stamp, objections) if analyst else _firms(path, stamp)
    graded = _graded_year(path, stamp, year, benchmark, preset, config_stamp, objections) if analyst else None
    return summary.evaluate_parcels(shown, grading_config() if analyst else None, year=year, benchmark=benchmark,
                                    preset=preset, firms=grading_tables, area_m2=_areas_of(path, stamp, raw, rows),
                                    graded=graded)


def city_parcels(zone_ids: list[str], *, year: int, benchmark: float, preset: str, role: str) -> gpd.GeoDataFrame:
    """Every parcel of ``zone_ids`` evaluated as their zone views show them to ``role``
    (:func:`zone_layers.summary.evaluate_parcels`: a viewer's redacted and ungraded), in one pass over
    the city instead of one :func:`zone_view` per zone (the city map's parcel layers, issue 14). Cached
    per data version, zones, year, benchmark, preset, grading file and accepted objections."""
    path, stamp = _current()
    return _city_parcels(path, stamp, tuple(zone_ids), int(year), float(benchmark), preset,
                         _stamp(grading_config_path()), role, corrections(role))


def grading_key(role: str) -> tuple:
    """What besides the data version changes ``role``'s grades: the grading file's stamp and the
    accepted objections (for cache keys of what is built from :func:`city_parcels`)."""
    return _stamp(grading_config_path()), corrections(role)


@_per_version(4)
def _city_table(path: str, stamp: tuple) -> pd.DataFrame:
    ds = _read(path, stamp)
    return summary.city_table(ds.zones, ds.zone_targets)


def city_table() -> pd.DataFrame:
    """The cached :func:`zone_layers.summary.city_table` of the current dataset."""
    return _city_table(*_current())


def _zones_present(dataset: ZoneDataset) -> list[str]:
    present = set(dataset.sections["zone_id"]) | set(dataset.parcels["zone_id"])
    return [z for z in dataset.zones["zone_id"] if z in present]


@st.cache_resource(show_spinner=False, max_entries=4)
def _zones_with_parcels(dataset_id: int, _dataset: ZoneDataset) -> tuple[weakref.ref, list[str]]:
    return weakref.ref(_dataset), _zones_present(_dataset)


def zones_with_parcels(dataset: ZoneDataset) -> list[str]:
    """Zone IDs that have sections or parcels, in the order of the zones layer (once per dataset
    object: the cached dataset is asked on every run)."""
    held, zones = _zones_with_parcels(id(dataset), dataset)
    return list(zones) if held() is dataset else _zones_present(dataset)


def on_basemap(gdf: gpd.GeoDataFrame, basemap_key: str) -> gpd.GeoDataFrame:
    """``gdf`` as drawn over ``basemap_key``: a shifted copy for a GCJ-02 basemap (Gaode), else
    ``gdf`` itself. Display only: the stored data never changes."""
    if not basemaps.basemap(basemap_key).gcj02:
        return gdf
    return gdf.set_geometry(basemaps.display_geometry(gdf, basemap_key).to_numpy(), crs=gdf.crs)


@dataclass(frozen=True)
class ZoneDisplay:
    """A zone's geometries as drawn over one basemap, and the map's search index."""

    zone: pd.Series
    sections: gpd.GeoDataFrame
    parcels: gpd.GeoDataFrame
    search_index: list[dict]
    #: what this display was built from (data version, zone, year, …): part of the map's cache key
    key: tuple
    #: the sections' names, the year, language and whether tooltips show firm figures (``features``)
    section_names: dict[str, str]
    year: int
    lang: str
    figures: bool

    @cached_property
    def features(self) -> dict:
        """The parcels as one compact payload with their tooltips (:func:`dashboard.map.maps.parcel_features`),
        made on first use: a zone drawn from vector tiles (issue 14) never needs it."""
        return maps.parcel_features(self.parcels, self.section_names, year=self.year, lang=self.lang,
                                    figures=self.figures)


@st.cache_resource(show_spinner=False, max_entries=32)
def _zone_display(path: str, stamp: tuple, zone_id: str, year: int, benchmark: float, preset: str,
                  config_stamp: tuple[int, int], lang: str, role: str, basemap_key: str,
                  objections: tuple = ()) -> ZoneDisplay:
    zv = _zone_view(path, stamp, zone_id, year, benchmark, preset, config_stamp, role, objections)
    zone_frame = gpd.GeoDataFrame([zv.zone], geometry="geometry", crs=settings.STORAGE_EPSG)
    zone = on_basemap(zone_frame, basemap_key).iloc[0]
    sections = on_basemap(zv.sections, basemap_key)
    parcels = on_basemap(zv.parcels, basemap_key)
    names = names_of(zv.sections, "section_id", lang)
    index = tools.search_index(zones=with_shown_names(zone_frame.set_geometry([zone.geometry], crs=zone_frame.crs),
                                                      lang),
                               sections=with_shown_names(sections, lang), parcels=parcels, firm_keys=role == "analyst")
    key = (path, stamp, zone_id, year, benchmark, preset, config_stamp, lang, role, basemap_key, objections)
    return ZoneDisplay(zone, sections, parcels, index, key, names, year, lang, role == "analyst")


def zone_display(zone_id: str, *, year: int, benchmark: float, preset: str, lang: str, role: str,
                 basemap_key: str) -> ZoneDisplay:
    """The cached :class:`ZoneDisplay` of ``zone_id`` (geometry shifted for GCJ-02 basemaps)."""
    path, stamp = _current()
    return _zone_display(path, stamp, zone_id, year, benchmark, preset, _stamp(grading_config_path()), lang, role,
                         basemap_key, corrections(role))

"""Static, print-quality map briefs of one zone (PNG, PDF, SVG), drawn with matplotlib.

A brief is the map a planner pastes into a slide or prints for a meeting: the zone's parcels
coloured by one layer of :data:`zone_layers.layers.PARCEL_LAYERS`, section outlines and labels, a
title and subtitle, a legend with counts, a north arrow, a metric scale bar, the data source and
date, a 审图号 line, and a "示意数据" watermark when the data is illustrative.

The map is drawn in the zone's CGCS2000 3-degree Gauss-Kruger projection
(:func:`geodata.crs.area_crs`): conformal, metres on both axes, so the scale bar is true. Colours
are drawn exactly as the legend gives them (no transparency on parcel fills). Text uses Noto Sans
CJK SC (Debian package ``fonts-noto-cjk``); PDFs embed it (``pdf.fonttype`` 42) and SVGs carry
text as paths, so Chinese never turns into empty boxes on another machine. Rendering uses the Agg
canvas directly (no pyplot, no global backend or rcParams change). The parts live beside this module:
brief_fonts.py (font and rc settings), brief_layout.py (layout, limits, labels, scale), brief_draw.py
(the map, header, footer and panel) and brief_basemap.py (tiles under the map)::

    fig = render_brief(dataset_from_gpkg(path), layer="tax_per_mu", year=2024)
    save_brief(fig, "brief.pdf")
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from dashboard import land_status
from dashboard.export.brief_basemap import draw_basemap, tile_sources
from dashboard.export.brief_draw import (
    RULE,
    WATERMARK_ALPHA,
    WATERMARK_COLOR,
    BriefFigure,
    ZoneData,
    draw_header_footer,
    draw_map,
    draw_panel,
)
from dashboard.export.brief_fonts import brief_context
from dashboard.export.brief_layout import map_limits, north_angle, page_layout, place_labels
from dashboard.grading_config import load_grading_config
from dashboard.i18n import grade_names, localize_style, t
from dashboard.shown_names import name_of
from geodata import settings
from geodata.crs import area_crs, gk3_central_meridian
from geodata.dataset import ZoneDataset
from geodata.errors import ZoneDataError
from geodata.gcj02 import geoseries_to_gcj02
from geodata.store import open_store
from zone_layers import classify, grading, registers, summary
from zone_layers.evaluation import FirmTables
from zone_layers.layers import get_layer, style_parcels

#: Output formats of :func:`save_brief`, by file suffix.
FORMATS: dict[str, str] = {".png": "png", ".pdf": "pdf", ".svg": "svg"}


# --- data -----------------------------------------------------------------------------------------

def _register_status(dataset: ZoneDataset, ind: pd.DataFrame, *, zone_id: str, firms: FirmTables,
                     as_of: dt.date, statuses: Mapping[str, str] | None) -> pd.Series:
    """Each parcel's disposal status on the land registers as of ``as_of`` (on the index of ``ind``);
    ``statuses`` (entry key -> status) default: the edit store of the dataset's file."""
    if statuses is None:
        statuses = {k: str(e.values.get("status")) for k, e in
                    land_status.current_statuses(open_store(dataset.source)).items()}
    found = registers.zone_registers(dataset, as_of=pd.Timestamp(as_of), zone_id=zone_id, firms=firms)
    by_parcel = registers.parcel_status(found, dict(statuses))
    return pd.Series(by_parcel.reindex(ind["parcel_id"]).to_numpy(), index=ind.index, dtype=object)


def _zone_data(dataset: ZoneDataset, *, zone_id: str | None, layer: str, year: int, benchmark: float | None,
               preset: str | None, scheme: str, k: int, breaks: Sequence[float] | None, lang: str,
               as_of: dt.date | None = None, statuses: Mapping[str, str] | None = None) -> ZoneData:
    """The chosen zone's sections, parcels with indicators, grades and low-efficiency flags, and style."""
    config = load_grading_config()
    zid, zone, sections, parcels, firms = summary.zone_parts(dataset, zone_id, rules=config.evaluation)
    if parcels.empty:
        msg = f"zone {zid!r} has no parcels; a brief needs parcels to colour (choose another zone)"
        raise ZoneDataError(msg)
    bench = settings.TAX_BENCHMARK_WAN_PER_MU if benchmark is None else benchmark
    parcels = summary.with_unknown_year(parcels, year)
    ind = summary.evaluate_parcels(parcels, config, year=year, benchmark=bench, preset=preset, firms=firms)
    chosen = config.preset(preset)
    reference = None
    if scheme == "benchmark":  # classes around the benchmark (<50 %, 50–<100 %, …)
        if layer != "tax_per_mu":
            msg = f"classes around the benchmark are for the tax_per_mu layer (万元/亩), not {layer!r}"
            raise ValueError(msg)
        breaks, reference = classify.benchmark_breaks(bench), bench
    status = _register_status(dataset, ind, zone_id=zid, firms=firms, as_of=as_of or dt.date.today(),
                              statuses=statuses) if get_layer(layer).kind == "register" else None
    style = localize_style(style_parcels(ind, layer, scheme=scheme, k=k, breaks=breaks, grades=ind, low=ind,
                                         grade_names=grade_names(config, preset, lang=lang),
                                         grade_colors=grading.GRADE_COLORS, reference=reference,
                                         register_status=status), lang)
    sections = sections.assign(name=[name_of(row, lang) for row in sections.to_dict("records")])  # as labelled
    versions = ind["rule_version"].dropna().unique()  # a brief of grades names the rule version (issue 16)
    name = chosen.name_zh if lang == "zh" else chosen.name_en
    return ZoneData(zone, sections, ind, style, f"{name} ({versions[0]})" if len(versions) else name, bench)


def _subtitle(data: ZoneData, layer_key: str, *, year: int, scheme: str, k: int, lang: str,
              as_of: dt.date | None = None) -> str:
    layer = get_layer(layer_key)
    what = "indicator" if layer.kind == "choropleth" else "layer"
    parts = [t(f"brief.{what}", lang, name=data.style.title), t("brief.year", lang, year=year)]
    if layer.kind == "choropleth":
        if scheme == "user_defined":
            parts.append(t("brief.scheme_user", lang))
        else:
            sch = classify.get_scheme(scheme)
            n = len(data.style.classification.counts) if data.style.classification else k
            parts.append(t("brief.scheme", lang, scheme=t(f"scheme.{sch.key}", lang), k=n))
    elif layer.kind == "land_class":
        parts.append(t("brief.land_scheme", lang))
    elif layer.kind == "grade":
        parts.append(t("brief.grade_scheme", lang, preset=data.preset_name))
    elif layer.kind == "register":
        parts.append(t("land.title", lang, date=(as_of or dt.date.today()).isoformat()))
    else:
        parts.append(t("brief.low_scheme", lang, bench=data.bench, far=settings.FAR_MIN_INDUSTRIAL,
                        coef=settings.BUILDING_COEFFICIENT_MIN * 100))
    return ("；" if lang == "zh" else "; ").join(parts)


# --- the public API -------------------------------------------------------------------------------

def render_brief(dataset: ZoneDataset, *, zone_id: str | None = None, layer: str = "land_class",
                 year: int | None = None,
                 title: str | None = None, subtitle: str | None = None, size: tuple[int, int] = (1920, 1080),
                 dpi: int = 200, review_line: str = "", source_line: str | None = None,
                 benchmark: float | None = None, preset: str | None = None, scheme: str = "quantiles", k: int = 5,
                 breaks: Sequence[float] | None = None, lang: str = "zh", basemap: str = "none",
                 tile_url: str | None = None, stamp: str | None = None, as_of: dt.date | None = None,
                 register_statuses: Mapping[str, str] | None = None) -> BriefFigure:
    """A print-quality map of one zone coloured by one parcel layer.

    Parameters
    ----------
    dataset
        The dataset (:func:`geodata.dataset.dataset_from_gpkg`).
    zone_id
        The zone to draw; default the only zone with parcels.
    layer
        Key of :data:`zone_layers.layers.PARCEL_LAYERS` (``land_class``, ``tax_per_mu``, ``grade``, …).
    year
        Year of the enterprise figures; default the latest in the data.
    title, subtitle
        Default: zone name · layer name; indicator, year and classification.
    size, dpi
        Pixel size of the raster output and its resolution (figure size = size / dpi inches).
    review_line
        The map review line (e.g. ``审图号：豫S（2025）012号``), printed in the footer.
    source_line
        Footer text; default ``数据来源：…；制图日期：YYYY-MM-DD`` (today).
    benchmark, preset
        Per-mu tax benchmark (万元/亩) and grading preset, as in the dashboard.
    scheme, k, breaks
        Classification of choropleth layers (:data:`zone_layers.classify.SCHEMES`).
    lang
        ``zh`` or ``en``.
    stamp
        Who made the brief and when (``导出：li · 2026-11-30 03:12 UTC``), printed in the footer under
        the source: an analyst's brief carries it (:func:`dashboard.access.export_stamp`).
    as_of, register_statuses
        The ``register_status`` layer only: the date of the land registers (default today) and each
        entry's disposal status by key (default: read from the edit store of ``dataset.source``).

    Returns
    -------
    BriefFigure
        A figure on an Agg canvas; ``brief_axes.transData`` maps map metres to pixels.

    Raises
    ------
    ValueError
        For a size, dpi or language that cannot be drawn.
    KeyError
        For an unknown layer key (listing the valid ones).
    ZoneDataError
        For an unknown zone, or a zone without parcels.
    FontMissingError
        When Noto Sans CJK SC is not installed.
    """
    width_px, height_px = size
    if not (isinstance(width_px, int) and isinstance(height_px, int) and width_px >= 320 and height_px >= 180):
        msg = f"brief size {size!r} is too small or not whole pixels; expected at least 320×180, e.g. (1920, 1080)"
        raise ValueError(msg)
    if not dpi > 0:
        msg = f"dpi must be a positive number, got {dpi!r}; e.g. 200"
        raise ValueError(msg)
    if lang not in ("zh", "en"):
        msg = f"language {lang!r} is not available; use 'zh' or 'en'"
        raise ValueError(msg)
    get_layer(layer)
    # data of parcels only (no firm tables) is drawn for the year asked, its figures unknown
    year = summary.resolve_year(dataset, year) if dataset.years or year is None else int(year)
    sources, gcj02 = tile_sources(basemap, tile_url)
    with brief_context():
        data = _zone_data(dataset, zone_id=zone_id, layer=layer, year=year, benchmark=benchmark, preset=preset,
                          scheme=scheme, k=k, breaks=breaks, lang=lang, as_of=as_of, statuses=register_statuses)
        if gcj02:  # Gaode tiles are in GCJ-02: shift the drawing (only the drawing) onto them
            data = replace(data, parcels=data.parcels.set_geometry(geoseries_to_gcj02(data.parcels.geometry)),
                           sections=data.sections.set_geometry(geoseries_to_gcj02(data.sections.geometry)),
                           zone=data.zone.copy())
            data.zone["geometry"] = geoseries_to_gcj02(
                gpd.GeoSeries([data.zone.geometry], crs=data.parcels.crs)).iloc[0]
        zone_gdf = gpd.GeoSeries([data.zone.geometry], crs=data.parcels.crs)
        crs = area_crs(zone_gdf)
        fig = BriefFigure(figsize=(width_px / dpi, height_px / dpi), dpi=dpi, facecolor="white")
        canvas = FigureCanvasAgg(fig)
        layout = page_layout(fig.get_figwidth(), fig.get_figheight())
        fig.brief_crs = crs
        fig.brief_style = data.style

        ax = fig.add_axes(layout.map_rect, gid="map")
        box_w_in = layout.map_rect[2] * fig.get_figwidth()
        box_h_in = layout.map_rect[3] * fig.get_figheight()
        bounds = np.asarray(zone_gdf.to_crs(crs).total_bounds)
        xlim, ylim = map_limits(bounds, box_w_in, box_h_in)
        ax.set_xlim(xlim)
        ax.set_ylim(ylim)
        ax.set_aspect("equal", adjustable="datalim")
        ax.set_xticks([])
        ax.set_yticks([])
        for spine in ax.spines.values():
            spine.set_edgecolor(RULE)
            spine.set_linewidth(0.8 * layout.unit)
        ax.set_facecolor("white")
        fig.brief_axes = ax
        fig.brief_basemap = None
        if sources:
            fig.brief_basemap = draw_basemap(ax, sources, crs, width_px=int(layout.map_rect[2] * width_px))
        draw_map(fig, ax, data, crs, layout)

        zone_name = name_of(data.zone, lang)
        layer_name = t(get_layer(layer).term.key, lang)
        fig.brief_title = title if title is not None else f"{zone_name} · {layer_name}"
        sub = subtitle if subtitle is not None else _subtitle(data, layer, year=year, scheme=scheme, k=k, lang=lang,
                                                                     as_of=as_of)
        if source_line is None:
            bundled = dataset.illustrative and Path(dataset.source).resolve() == settings.SAMPLE_PATH.resolve()
            src = t("brief.sample", lang) if bundled else (Path(dataset.source).name or "—")
            source_line = t("brief.source", lang, source=src, date=dt.date.today().isoformat())
        left = [source_line, *([stamp] if stamp else []),
                *([t("brief.illustrative", lang)] if dataset.illustrative else [])]
        cm = int(gk3_central_meridian(data.zone.geometry.centroid.x))
        right = [r for r in (review_line.strip(), t("brief.crs", lang, cm=cm, epsg=crs.to_epsg())) if r]
        draw_header_footer(fig, layout, title=fig.brief_title, subtitle=sub, left_lines=left, right_lines=right)
        m_per_in = (xlim[1] - xlim[0]) / box_w_in
        draw_panel(fig, layout, data, m_per_in=m_per_in, north_deg=north_angle(data.zone.geometry, crs),
                   words=lambda key: t(f"brief.{key}", lang))

        fig.brief_watermark = None
        if dataset.illustrative:
            fig.brief_watermark = ax.text(
                0.5, 0.5, t("brief.watermark", lang), transform=ax.transAxes, ha="center", va="center",
                fontsize=(64 if lang == "zh" else 40) * layout.unit, fontweight="bold", color=WATERMARK_COLOR,
                alpha=WATERMARK_ALPHA, rotation=28, rotation_mode="anchor", zorder=10, gid="watermark")

        place_labels(ax, fig.brief_labels, canvas.get_renderer(), gap_px=2 * layout.unit * dpi / 72)
        canvas.draw()
    return fig


def save_brief(fig: Figure, path: str | Path) -> Path:
    """Write ``fig`` as PNG, PDF or SVG, chosen by the suffix of ``path``; returns the path.

    The raster keeps the figure's exact pixel size (no tight bounding box); the PDF embeds the CJK
    font; the SVG carries text as paths.
    """
    out = Path(path)
    fmt = FORMATS.get(out.suffix.lower())
    if fmt is None:
        msg = (f"{out.name}: cannot write a brief with suffix {out.suffix or '(none)'!r}; "
               f"use one of {', '.join(FORMATS)}")
        raise ValueError(msg)
    _save(fig, out, fmt)
    return out


def brief_bytes(fig: Figure, fmt: str) -> bytes:
    """The brief as the bytes of a ``png``, ``pdf`` or ``svg`` file (for a download button)."""
    if fmt not in FORMATS.values():
        msg = f"cannot write a brief as {fmt!r}; use one of {', '.join(sorted(set(FORMATS.values())))}"
        raise ValueError(msg)
    buffer = io.BytesIO()
    _save(fig, buffer, fmt)
    return buffer.getvalue()


def _save(fig: Figure, target: Path | io.BytesIO, fmt: str) -> None:
    title = getattr(fig, "brief_title", "")
    metadata: dict[str, str] = {"Title": title} if title else {}
    if fmt == "pdf":
        metadata["Creator"] = "zone-land-efficiency brief"
    with brief_context():  # the CJK font and its embedding apply while writing too
        fig.savefig(target, format=fmt, dpi=fig.dpi, facecolor=fig.get_facecolor(), metadata=metadata)


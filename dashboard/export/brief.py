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
canvas directly (no pyplot, no global backend or rcParams change)::

    fig = render_brief(dataset_from_gpkg(path), layer="tax_per_mu", year=2024)
    save_brief(fig, "brief.pdf")
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import geopandas as gpd
import matplotlib
import numpy as np
import pandas as pd
import shapely
import shapely.ops
from matplotlib import font_manager, patheffects
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, PathPatch, Polygon, Rectangle
from matplotlib.path import Path as MplPath
from matplotlib.text import Text
from matplotlib.transforms import Affine2D, Bbox
from matplotlib.typing import RcKeyType
from pyproj import CRS, Transformer
from shapely.geometry.polygon import orient

from dashboard.export import tiles
from dashboard.grading_config import load_grading_config
from dashboard.map import basemaps
from geodata import settings
from geodata.crs import area_crs, gk3_central_meridian
from geodata.dataset import ZoneDataset
from geodata.errors import ZoneDataError
from geodata.gcj02 import geoseries_to_gcj02
from zone_layers import classify, grading, summary
from zone_layers.layers import LayerStyle, get_layer, style_parcels
from zone_layers.styles import section_colors

#: Family name of the CJK font every text of a brief uses, and the file name it is searched by.
CJK_FAMILY: str = "Noto Sans CJK SC"
CJK_FILE_HINT: str = "NotoSansCJK"
CJK_PACKAGE: str = "fonts-noto-cjk"

#: Output formats of :func:`save_brief`, by file suffix.
FORMATS: dict[str, str] = {".png": "png", ".pdf": "pdf", ".svg": "svg"}

#: Basemaps a static brief can draw: ``none`` (no network needed) and the tile basemaps of
#: dashboard/map/basemaps.py, fetched when reachable (a base map that leaves the bureau needs its 审图号).
BASEMAPS: tuple[str, ...] = tuple(b.key for b in basemaps.BASEMAPS)

#: Size the layout is designed for, in inches (1920 × 1080 px at 200 dpi); other sizes scale it.
DESIGN_INCHES: tuple[float, float] = (9.6, 5.4)

#: Round lengths a scale bar may take: these × 10ⁿ metres.
NICE_STEPS: tuple[int, ...] = (1, 2, 5)

INK = "#222222"
MUTED = "#5f6368"
RULE = "#b0b0b0"
ZONE_OUTLINE = "#1a1a1a"
WATERMARK_COLOR = "#c0392b"
WATERMARK_ALPHA = 0.2
PARCEL_EDGE = "#ffffff"


class FontMissingError(RuntimeError):
    """The CJK font is not installed; the message names the package that provides it."""


_TEXT: dict[str, tuple[str, str]] = {
    "source": ("数据来源：{source}；制图日期：{date}", "Data: {source}; map date: {date}"),
    "sample": ("内置示意数据（驻马店经济技术开发区）", "bundled illustrative sample (Zhumadian ETDZ)"),
    "illustrative": ("示意数据：地块、企业与税收均为虚构示例，并非真实测绘或纳税信息",
                     "illustrative data: parcels, firms and taxes are invented"),
    "watermark": ("示意数据", "示意数据 · ILLUSTRATIVE"),
    "year": ("{year}年", "{year}"),
    "indicator": ("指标：{name}", "Indicator: {name}"),
    "layer": ("图层：{name}", "Layer: {name}"),
    "scheme": ("分级：{scheme}{k}级", "Classes: {k} {scheme}"),
    "scheme_user": ("分级：自定义断点", "Classes: user-defined breaks"),
    "land_scheme": ("分类：开发区土地集约利用评价用地分类（TD/T 1029）",
                    "Classes: land classes of TD/T 1029"),
    "grade_scheme": ("评价方法：{preset}", "Grading: {preset}"),
    "low_scheme": ("判定：亩均税收＜{bench:g}万元/亩、容积率＜{far:g}、建筑系数＜{coef:g}%、闲置及已供未建",
                   "Rules: tax per mu < {bench:g}, FAR < {far:g}, building coefficient < {coef:g}%, "
                   "idle, supplied not built"),
    "count": ("宗数", "Parcels"),
    "zone_outline": ("开发区范围", "Zone boundary"),
    "section_outline": ("功能分区界线", "Section boundary"),
    "north": ("北", "N"),
    "crs": ("坐标系：CGCS2000 / 3度带高斯-克吕格投影 中央经线{cm}°E（EPSG:{epsg}）",
            "CRS: CGCS2000 / 3-degree Gauss-Kruger, CM {cm}°E (EPSG:{epsg})"),
    "scale": ("比例尺", "Scale"),
}


def _t(key: str, lang: str, **values: object) -> str:
    zh, en = _TEXT[key]
    return (zh if lang == "zh" else en).format(**values)


# --- fonts and rc settings ------------------------------------------------------------------------

def cjk_font_path() -> Path:
    """The file of the Noto Sans CJK SC font, registered with matplotlib's font manager.

    Looks among the fonts matplotlib knows first, then scans the system font files for
    ``NotoSansCJK`` (a font installed after matplotlib built its cache).

    Raises
    ------
    FontMissingError
        Naming the Debian package ``fonts-noto-cjk`` when no such font is installed.
    """
    for entry in font_manager.fontManager.ttflist:
        if entry.name == CJK_FAMILY:
            return Path(entry.fname)
    for fname in font_manager.findSystemFonts():
        if CJK_FILE_HINT.lower() in Path(fname).name.replace("-", "").lower():
            font_manager.fontManager.addfont(fname)
    for entry in font_manager.fontManager.ttflist:
        if entry.name == CJK_FAMILY:
            return Path(entry.fname)
    msg = (f"font {CJK_FAMILY!r} not found (searched matplotlib's font list and the system font files "
           f"for {CJK_FILE_HINT}*); install it with `apt-get install {CJK_PACKAGE}` (Debian/Ubuntu), "
           "then run the command again")
    raise FontMissingError(msg)


def brief_rc() -> dict[RcKeyType, Any]:
    """rcParams of a brief: the CJK font, embedded TrueType/CID fonts in PDF, text as paths in SVG."""
    cjk_font_path()
    return {
        "font.family": [CJK_FAMILY],
        "font.sans-serif": [CJK_FAMILY, "DejaVu Sans"],
        "axes.unicode_minus": False,
        "pdf.fonttype": 42,
        "ps.fonttype": 42,
        "svg.fonttype": "path",
        "svg.hashsalt": "zone-brief",
        "path.simplify": False,
    }


@contextmanager
def _brief_context() -> Iterator[None]:
    with matplotlib.rc_context(brief_rc()):
        yield


# --- results exposed for tests and callers --------------------------------------------------------

@dataclass(frozen=True)
class ScaleBar:
    """The drawn scale bar: its length in map metres, its label and its end points in pixels."""

    length_m: float
    label: str
    x0_px: float
    x1_px: float
    y_px: float


class BriefFigure(Figure):
    """A :class:`~matplotlib.figure.Figure` that also keeps the parts of the brief it draws.

    Attributes
    ----------
    brief_axes
        The map axes; its ``transData`` maps projected metres (``brief_crs``) to pixels.
    brief_crs
        The Gauss-Kruger CRS the map is drawn in.
    brief_style
        The layer's fill colours and legend rows.
    brief_labels
        Section name labels, in section order.
    brief_watermark
        The "示意数据" watermark, or ``None`` when the data is not illustrative.
    brief_scalebar
        The scale bar as drawn.
    brief_title
        The title text (also written to the file's metadata).
    """

    brief_axes: Axes
    brief_crs: CRS
    brief_style: LayerStyle
    brief_labels: list[Text]
    brief_watermark: Text | None
    brief_scalebar: ScaleBar
    brief_title: str


# --- geometry helpers -----------------------------------------------------------------------------

def _rings_path(geom: shapely.Geometry) -> MplPath:
    """One compound path of a (Multi)Polygon: exteriors counter-clockwise, holes clockwise."""
    parts = list(geom.geoms) if hasattr(geom, "geoms") else [geom]
    rings: list[MplPath] = []
    for part in parts:
        if part.is_empty:
            continue
        poly = orient(part, sign=1.0)
        rings.append(MplPath(np.asarray(poly.exterior.coords), closed=True))
        rings.extend(MplPath(np.asarray(hole.coords), closed=True) for hole in poly.interiors)
    return MplPath.make_compound_path(*rings)


def _label_point(geom: shapely.Geometry) -> tuple[float, float]:
    """A point well inside ``geom`` (pole of inaccessibility of its largest part)."""
    parts = list(geom.geoms) if hasattr(geom, "geoms") else [geom]
    largest = max(parts, key=lambda p: p.area)
    point = shapely.ops.polylabel(largest, tolerance=max(math.sqrt(largest.area) / 200, 0.5))
    return point.x, point.y


def nice_length(max_m: float) -> float:
    """The longest round length (1, 2 or 5 × 10ⁿ metres) not exceeding ``max_m``.

    >>> nice_length(3_700), nice_length(1_999), nice_length(999)
    (2000.0, 1000.0, 500.0)
    """
    if not max_m > 0:
        msg = f"scale bar: the longest allowed length must be positive metres, got {max_m!r}"
        raise ValueError(msg)
    exp = math.floor(math.log10(max_m))
    best = 0.0
    for e in (exp - 1, exp):
        for step in NICE_STEPS:
            value = step * 10.0 ** e
            if value <= max_m * (1 + 1e-12):
                best = max(best, value)
    return best


def _km_text(metres: float) -> str:
    return f"{metres / 1000:g}"


# --- data -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _ZoneData:
    zone: pd.Series
    sections: gpd.GeoDataFrame
    parcels: gpd.GeoDataFrame
    style: LayerStyle
    preset_name: str
    bench: float


def _zone_data(dataset: ZoneDataset, *, zone_id: str | None, layer: str, year: int, benchmark: float | None,
               preset: str | None, scheme: str, k: int, breaks: Sequence[float] | None, lang: str) -> _ZoneData:
    """The chosen zone's sections, parcels with indicators, grades and low-efficiency flags, and style."""
    zid = summary.choose_zone(dataset, zone_id)
    zone = dataset.zones.loc[dataset.zones["zone_id"] == zid].iloc[0]
    parcels = dataset.parcels.loc[dataset.parcels["zone_id"] == zid].reset_index(drop=True)
    sections = dataset.sections.loc[dataset.sections["zone_id"] == zid].reset_index(drop=True)
    if parcels.empty:
        msg = f"zone {zid!r} has no parcels; a brief needs parcels to colour (choose another zone)"
        raise ZoneDataError(msg)
    bench = settings.TAX_BENCHMARK_WAN_PER_MU if benchmark is None else benchmark
    config = load_grading_config()
    ind = summary.evaluate_parcels(parcels, config, year=year, benchmark=bench, preset=preset)
    chosen = config.preset(preset)
    style = style_parcels(ind, layer, lang=lang, scheme=scheme, k=k, breaks=breaks, grades=ind, low=ind,
                          grade_names=grading.grade_names(config, preset, lang=lang),
                          grade_colors=grading.GRADE_COLORS)
    return _ZoneData(zone, sections, ind, style, chosen.name_zh if lang == "zh" else chosen.name_en, bench)


def _subtitle(data: _ZoneData, layer_key: str, *, year: int, scheme: str, k: int, lang: str) -> str:
    layer = get_layer(layer_key)
    what = "indicator" if layer.kind == "choropleth" else "layer"
    parts = [_t(what, lang, name=data.style.title), _t("year", lang, year=year)]
    if layer.kind == "choropleth":
        if scheme == "user_defined":
            parts.append(_t("scheme_user", lang))
        else:
            sch = classify.get_scheme(scheme)
            n = len(data.style.classification.breaks) if data.style.classification else k
            parts.append(_t("scheme", lang, scheme=sch.zh if lang == "zh" else sch.en, k=n))
    elif layer.kind == "land_class":
        parts.append(_t("land_scheme", lang))
    elif layer.kind == "grade":
        parts.append(_t("grade_scheme", lang, preset=data.preset_name))
    else:
        parts.append(_t("low_scheme", lang, bench=data.bench, far=settings.FAR_MIN_INDUSTRIAL,
                        coef=settings.BUILDING_COEFFICIENT_MIN * 100))
    return ("；" if lang == "zh" else "; ").join(parts)


# --- layout ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Layout:
    """Figure fractions of the parts of a brief, and the unit (font scale) of the figure."""

    unit: float
    margin_x: float
    header_rule: float
    footer_rule: float
    map_rect: tuple[float, float, float, float]
    panel_rect: tuple[float, float, float, float]


def _layout(width_in: float, height_in: float) -> _Layout:
    unit = min(width_in / DESIGN_INCHES[0], height_in / DESIGN_INCHES[1])
    mx = 0.28 * unit / width_in
    header_rule = 1 - 0.78 * unit / height_in
    footer_rule = 0.52 * unit / height_in
    gap_y = 0.12 * unit / height_in
    panel_w = 2.35 * unit / width_in
    gap_x = 0.22 * unit / width_in
    top, bottom = header_rule - gap_y, footer_rule + gap_y
    map_rect = (mx, bottom, 1 - 2 * mx - panel_w - gap_x, top - bottom)
    panel_rect = (1 - mx - panel_w, bottom, panel_w, top - bottom)
    return _Layout(unit, mx, header_rule, footer_rule, map_rect, panel_rect)


def _map_limits(bounds: np.ndarray, box_w_in: float, box_h_in: float,
                pad: float = 0.04) -> tuple[tuple[float, float], tuple[float, float]]:
    """x and y limits (metres) showing ``bounds`` with equal scale on both axes in a box of that size."""
    minx, miny, maxx, maxy = bounds
    w, h = (maxx - minx) * (1 + 2 * pad), (maxy - miny) * (1 + 2 * pad)
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    m_per_in = max(w / box_w_in, h / box_h_in)
    half_w, half_h = m_per_in * box_w_in / 2, m_per_in * box_h_in / 2
    return (cx - half_w, cx + half_w), (cy - half_h, cy + half_h)


def _boxes_overlap(a: Bbox, b: Bbox, gap: float = 0.0) -> bool:
    return a.x0 < b.x1 + gap and b.x0 < a.x1 + gap and a.y0 < b.y1 + gap and b.y0 < a.y1 + gap


def _place_labels(ax: Axes, labels: list[Text], renderer: RendererBase, *, gap_px: float) -> None:
    """Move (then shrink) labels until no two bounding boxes overlap and each stays in the axes.

    Each label tries its anchor, then offsets of ½, 1, 1½, 2 label heights in eight directions; when
    none fits it is shrunk by 10 % (at most four times) and tried again.
    """
    frame = ax.get_window_extent(renderer)
    placed: list[Bbox] = []
    directions = [(0, 1), (0, -1), (1, 0), (-1, 0), (1, 1), (-1, 1), (1, -1), (-1, -1)]
    def move(label: Text, x: float, y: float) -> None:
        dx, dy = ax.transData.inverted().transform((x, y))
        label.set_position((float(dx), float(dy)))

    for label in labels:
        anchor = ax.transData.transform(label.get_position())
        done = False
        for _ in range(5):
            box = label.get_window_extent(renderer)
            step = box.height
            offsets = [(0.0, 0.0)] + [(dx * step * r * (box.width / box.height if dx and not dy else 1.0) * 0.5,
                                       dy * step * r) for r in (0.5, 1, 1.5, 2) for dx, dy in directions]
            for ox, oy in offsets:
                move(label, anchor[0] + ox, anchor[1] + oy)
                box = label.get_window_extent(renderer)
                inside = (box.x0 >= frame.x0 and box.x1 <= frame.x1 and box.y0 >= frame.y0 and box.y1 <= frame.y1)
                if inside and not any(_boxes_overlap(box, other, gap_px) for other in placed):
                    done = True
                    break
            if done:
                break
            label.set_fontsize(float(label.get_fontsize()) * 0.9)
        if not done:  # keep it at its anchor, smallest size: overlapping beats losing the name
            move(label, anchor[0], anchor[1])
        placed.append(label.get_window_extent(renderer))


# --- drawing --------------------------------------------------------------------------------------

def _draw_map(fig: BriefFigure, ax: Axes, data: _ZoneData, crs: CRS, layout: _Layout) -> None:
    u = layout.unit
    parcels = data.parcels.to_crs(crs)
    sections = data.sections.to_crs(crs)
    zone = gpd.GeoSeries([data.zone.geometry], crs=data.parcels.crs).to_crs(crs)
    fills = data.style.fill.reindex(data.parcels.index).tolist()
    patches = [PathPatch(_rings_path(g)) for g in parcels.geometry]
    ax.add_collection(PatchCollection(patches, facecolors=fills, edgecolors=PARCEL_EDGE,
                                      linewidths=0.25 * u, antialiased=True, zorder=1))
    colors = _section_colors(data.sections)
    for sid, geom in zip(sections["section_id"], sections.geometry, strict=True):
        ax.add_patch(PathPatch(_rings_path(geom), facecolor="none", edgecolor=colors[sid],
                               linewidth=1.6 * u, joinstyle="round", zorder=3))
    ax.add_patch(PathPatch(_rings_path(zone.iloc[0]), facecolor="none", edgecolor=ZONE_OUTLINE,
                           linewidth=1.3 * u, linestyle=(0, (5, 2.5)), zorder=4))
    halo = [patheffects.withStroke(linewidth=2.6 * u, foreground="white")]
    fig.brief_labels = []
    for sid, name, geom in zip(sections["section_id"], sections["name"], sections.geometry, strict=True):
        x, y = _label_point(geom)
        fig.brief_labels.append(ax.text(
            x, y, str(name), ha="center", va="center", fontsize=9.5 * u, fontweight="bold", color=INK,
            zorder=6, path_effects=halo,
            bbox={"boxstyle": "round,pad=0.25", "facecolor": "white", "edgecolor": colors[sid],
                  "linewidth": 1.2 * u, "alpha": 0.9}, gid=f"label-{sid}"))


def _section_colors(sections: pd.DataFrame) -> dict[str, str]:
    return section_colors([str(s) for s in sections["section_id"]])


def _draw_header_footer(fig: BriefFigure, layout: _Layout, *, title: str, subtitle: str,
                        left_lines: Sequence[str], right_lines: Sequence[str]) -> None:
    """Title, subtitle and rule above the map; two footer lines on each side below it."""
    u, mx = layout.unit, layout.margin_x
    height_in = fig.get_figheight()
    fig.text(mx, 1 - 0.2 * u / height_in, title, ha="left", va="top", fontsize=15 * u, fontweight="bold",
             color=INK, gid="title")
    fig.text(mx, layout.header_rule + 0.1 * u / height_in, subtitle, ha="left", va="bottom", fontsize=8 * u,
             color=MUTED, gid="subtitle")
    fig.add_artist(LineCollection([[(mx, layout.header_rule), (1 - mx, layout.header_rule)]],
                                  colors=INK, linewidths=1.0 * u, transform=fig.transFigure))
    fig.add_artist(LineCollection([[(mx, layout.footer_rule), (1 - mx, layout.footer_rule)]],
                                  colors=RULE, linewidths=0.6 * u, transform=fig.transFigure))
    lines = (layout.footer_rule * 0.66, layout.footer_rule * 0.28)
    for y, text in zip(lines, left_lines, strict=False):
        fig.text(mx, y, text, ha="left", va="center", fontsize=6.5 * u, color=MUTED, gid="source")
    for y, text in zip(lines, right_lines, strict=False):
        fig.text(1 - mx, y, text, ha="right", va="center", fontsize=6.5 * u, color=MUTED, gid="review")


def _draw_panel(fig: BriefFigure, layout: _Layout, data: _ZoneData, *, m_per_in: float, north_deg: float,
                lang: str) -> Axes:
    """Legend box, boundary key, north arrow and scale bar in the right-hand panel (inch coordinates)."""
    u = layout.unit
    left, bottom, width, height = layout.panel_rect
    w_in, h_in = width * fig.get_figwidth(), height * fig.get_figheight()
    pa = fig.add_axes((left, bottom, width, height), gid="panel")
    pa.set_xlim(0, w_in)
    pa.set_ylim(0, h_in)
    pa.set_axis_off()

    style = data.style
    rows = style.legend
    tools_h = 1.05 * u  # north arrow + scale bar at the bottom
    key_h = 0.62 * u  # boundary key
    head_h = 0.50 * u
    avail = h_in - tools_h - key_h - head_h - 0.25 * u
    row_h = min(0.25 * u, avail / max(len(rows), 1))
    box_h = head_h + row_h * len(rows) + 0.12 * u
    top = h_in
    pa.add_patch(FancyBboxPatch((0.02 * u, top - box_h), w_in - 0.04 * u, box_h - 0.02 * u,
                                boxstyle=f"round,pad=0,rounding_size={0.06 * u}", facecolor="#fafafa",
                                edgecolor=RULE, linewidth=0.7 * u))
    pad = 0.14 * u
    pa.text(pad, top - 0.2 * u, style.title, ha="left", va="center", fontsize=9 * u, fontweight="bold", color=INK,
            gid="legend-title")
    pa.text(w_in - pad, top - 0.4 * u, _t("count", lang), ha="right", va="center", fontsize=6.5 * u,
            color=MUTED)
    font = 7.2 * u if row_h >= 0.2 * u else max(5.0, 7.2 * u * row_h / (0.2 * u))
    sw_w, sw_h = 0.32 * u, min(0.16 * u, row_h * 0.7)
    for i, (color, label, count) in enumerate(rows):
        yc = top - head_h - row_h * (i + 0.5)
        pa.add_patch(Rectangle((pad, yc - sw_h / 2), sw_w, sw_h, facecolor=color, edgecolor="#8a8a8a",
                               linewidth=0.4 * u))
        pa.text(pad + sw_w + 0.1 * u, yc, label, ha="left", va="center", fontsize=font, color=INK)
        pa.text(w_in - pad, yc, "" if count is None else f"{count:,}", ha="right", va="center", fontsize=font,
                color=INK)

    # boundary key: zone outline and section outlines (one short stroke per section colour)
    ky = top - box_h - 0.25 * u
    pa.plot([pad, pad + sw_w], [ky, ky], color=ZONE_OUTLINE, linewidth=1.3 * u, linestyle=(0, (5, 2.5)))
    pa.text(pad + sw_w + 0.1 * u, ky, _t("zone_outline", lang), ha="left", va="center", fontsize=7.2 * u,
            color=INK)
    ky -= 0.26 * u
    colors = list(_section_colors(data.sections).values())
    seg = sw_w / max(len(colors), 1)
    for i, c in enumerate(colors):
        pa.plot([pad + i * seg, pad + (i + 1) * seg], [ky, ky], color=c, linewidth=1.8 * u,
                solid_capstyle="butt")
    pa.text(pad + sw_w + 0.1 * u, ky, _t("section_outline", lang), ha="left", va="center", fontsize=7.2 * u,
            color=INK)

    # north arrow, rotated to true north (grid convergence of the Gauss-Kruger projection)
    ax_x, ax_y, ah = pad + 0.22 * u, 0.22 * u, 0.62 * u
    ang = math.radians(north_deg)
    rot = np.array([[math.cos(ang), math.sin(ang)], [-math.sin(ang), math.cos(ang)]])
    half = 0.16 * u

    def pts(seq: list[tuple[float, float]]) -> np.ndarray:
        return np.asarray(seq) @ rot.T + (ax_x, ax_y + ah * 0.35)

    tip, base = (0.0, ah * 0.55), (0.0, -ah * 0.25)
    pa.add_patch(Polygon(pts([tip, (-half, -ah * 0.45), base]), closed=True, facecolor="white", edgecolor=INK,
                         linewidth=0.8 * u))
    pa.add_patch(Polygon(pts([tip, (half, -ah * 0.45), base]), closed=True, facecolor=INK, edgecolor=INK,
                         linewidth=0.8 * u))
    nx, ny = pts([(0.0, ah * 0.55 + 0.14 * u)])[0]
    pa.text(nx, ny, _t("north", lang), ha="center", va="bottom", fontsize=9 * u, fontweight="bold", color=INK,
            rotation=-north_deg, gid="north-arrow")

    # scale bar: a round length, drawn at the map's metres per inch
    sx0 = pad + 0.62 * u
    max_in = w_in - sx0 - 0.45 * u
    length_m = nice_length(max_in * m_per_in)
    bar_in = length_m / m_per_in
    sy, bh = 0.3 * u, 0.07 * u
    n_seg = 4
    for i in range(n_seg):
        pa.add_patch(Rectangle((sx0 + i * bar_in / n_seg, sy), bar_in / n_seg, bh,
                               facecolor=INK if i % 2 == 0 else "white", edgecolor=INK, linewidth=0.6 * u))
    for frac in (0.0, 0.5, 1.0):
        text = _km_text(length_m * frac)
        pa.text(sx0 + bar_in * frac, sy + bh + 0.05 * u, text, ha="center", va="bottom", fontsize=6.5 * u,
                color=INK)
    pa.text(sx0 + bar_in + 0.06 * u, sy + bh / 2, "km", ha="left", va="center", fontsize=6.5 * u, color=INK,
            gid="scalebar-unit")
    pa.text(sx0, sy - 0.05 * u, _t("scale", lang), ha="left", va="top", fontsize=6 * u, color=MUTED)
    x0_px, y_px = pa.transData.transform((sx0, sy))
    x1_px, _ = pa.transData.transform((sx0 + bar_in, sy))
    fig.brief_scalebar = ScaleBar(length_m, f"{_km_text(length_m)} km", float(x0_px), float(x1_px), float(y_px))
    return pa


def _north_angle(zone_geom: shapely.Geometry, crs: CRS) -> float:
    """Angle (degrees, clockwise from grid up) of true north at the zone's centre, in ``crs``."""
    c = zone_geom.centroid
    to_map = Transformer.from_crs(settings.STORAGE_EPSG, crs, always_xy=True)
    x0, y0 = to_map.transform(c.x, c.y)
    x1, y1 = to_map.transform(c.x, c.y + 0.01)
    return math.degrees(math.atan2(x1 - x0, y1 - y0))


# --- the public API -------------------------------------------------------------------------------

def _tile_sources(basemap: str, tile_url: str | None) -> tuple[list[tuple[str, str]], bool]:
    """(URL template, subdomains) of each tile layer to draw, and whether they are GCJ-02."""
    if tile_url:
        return [(tile_url, "")], False
    if basemap == "none":
        return [], False
    item = basemaps.basemap(basemap)
    key = basemaps.tianditu_key() if item.needs_key else None
    if item.needs_key and key is None:
        msg = (f"basemap {basemap!r} needs a Tianditu key: set TIANDITU_KEY (or .streamlit/secrets.toml), "
               "or use --basemap none")
        raise ValueError(msg)
    sources = [(s.url.replace(basemaps.KEY_PLACEHOLDER, key or ""), s.subdomains) for s in item.tiles]
    return sources, item.gcj02


def _draw_basemap(ax: Axes, sources: list[tuple[str, str]], crs: CRS, *, width_px: int) -> str:
    """Draw the tiles under the map. Tiles are Web Mercator; over a zone the change to Gauss-Kruger
    is affine to well under a metre, so each mosaic is placed with the affine map fitted on its
    corners. Returns the host the tiles came from."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    to_lonlat = Transformer.from_crs(crs, 4490, always_xy=True)
    lons, lats = to_lonlat.transform([x0, x1, x1, x0], [y0, y0, y1, y1])
    bbox = (min(lons), min(lats), max(lons), max(lats))
    to_map = Transformer.from_crs(3857, crs, always_xy=True)
    host = ""
    for template, subdomains in sources:
        image, (left, right, bottom, top) = tiles.mosaic(template, bbox, width_px=width_px, subdomains=subdomains)
        corners_m = np.array([[left, bottom], [right, bottom], [left, top]])
        gx, gy = to_map.transform(corners_m[:, 0], corners_m[:, 1])
        # affine taking the image's unit square (0..1) to the map: origin, then the two edge vectors
        matrix = np.array([[gx[1] - gx[0], gx[2] - gx[0], gx[0]],
                           [gy[1] - gy[0], gy[2] - gy[0], gy[0]],
                           [0.0, 0.0, 1.0]])
        ax.imshow(image, extent=(0, 1, 0, 1), origin="upper", interpolation="bilinear", zorder=0,
                  transform=Affine2D(matrix) + ax.transData, clip_on=True)
        host = urlparse(template.replace("{s}", (subdomains or "a")[0])).hostname or ""
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    return host


def render_brief(dataset: ZoneDataset, *, zone_id: str | None = None, layer: str = "land_class", year: int = 2024,
                 title: str | None = None, subtitle: str | None = None, size: tuple[int, int] = (1920, 1080),
                 dpi: int = 200, review_line: str = "", source_line: str | None = None,
                 benchmark: float | None = None, preset: str | None = None, scheme: str = "quantiles", k: int = 5,
                 breaks: Sequence[float] | None = None, lang: str = "zh", basemap: str = "none",
                 tile_url: str | None = None) -> BriefFigure:
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
        Tax year of the tax indicators.
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
    tile_sources, gcj02 = _tile_sources(basemap, tile_url)
    with _brief_context():
        data = _zone_data(dataset, zone_id=zone_id, layer=layer, year=year, benchmark=benchmark, preset=preset,
                          scheme=scheme, k=k, breaks=breaks, lang=lang)
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
        layout = _layout(fig.get_figwidth(), fig.get_figheight())
        fig.brief_crs = crs
        fig.brief_style = data.style

        ax = fig.add_axes(layout.map_rect, gid="map")
        box_w_in = layout.map_rect[2] * fig.get_figwidth()
        box_h_in = layout.map_rect[3] * fig.get_figheight()
        bounds = np.asarray(zone_gdf.to_crs(crs).total_bounds)
        xlim, ylim = _map_limits(bounds, box_w_in, box_h_in)
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
        if tile_sources:
            fig.brief_basemap = _draw_basemap(ax, tile_sources, crs, width_px=int(layout.map_rect[2] * width_px))
        _draw_map(fig, ax, data, crs, layout)

        zone_name = str(data.zone["name"])
        layer_name = get_layer(layer).label(lang)
        fig.brief_title = title if title is not None else f"{zone_name} · {layer_name}"
        sub = subtitle if subtitle is not None else _subtitle(data, layer, year=year, scheme=scheme, k=k, lang=lang)
        if source_line is None:
            bundled = dataset.illustrative and Path(dataset.source).resolve() == settings.SAMPLE_PATH.resolve()
            src = _t("sample", lang) if bundled else (Path(dataset.source).name or "—")
            source_line = _t("source", lang, source=src, date=dt.date.today().isoformat())
        left = [source_line] + ([_t("illustrative", lang)] if dataset.illustrative else [])
        cm = int(gk3_central_meridian(data.zone.geometry.centroid.x))
        right = [r for r in (review_line.strip(), _t("crs", lang, cm=cm, epsg=crs.to_epsg())) if r]
        _draw_header_footer(fig, layout, title=fig.brief_title, subtitle=sub, left_lines=left, right_lines=right)
        m_per_in = (xlim[1] - xlim[0]) / box_w_in
        _draw_panel(fig, layout, data, m_per_in=m_per_in, north_deg=_north_angle(data.zone.geometry, crs),
                    lang=lang)

        fig.brief_watermark = None
        if dataset.illustrative:
            fig.brief_watermark = ax.text(
                0.5, 0.5, _t("watermark", lang), transform=ax.transAxes, ha="center", va="center",
                fontsize=(64 if lang == "zh" else 40) * layout.unit, fontweight="bold", color=WATERMARK_COLOR,
                alpha=WATERMARK_ALPHA, rotation=28, rotation_mode="anchor", zorder=10, gid="watermark")

        _place_labels(ax, fig.brief_labels, canvas.get_renderer(), gap_px=2 * layout.unit * dpi / 72)
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
    with _brief_context():  # the CJK font and its embedding apply while writing too
        fig.savefig(target, format=fmt, dpi=fig.dpi, facecolor=fig.get_facecolor(), metadata=metadata)


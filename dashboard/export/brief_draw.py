"""Drawing a brief: the parcels and outlines on the map, the header and footer, the side panel.

:class:`BriefFigure` is the figure :func:`dashboard.export.brief.render_brief` returns, keeping the
parts it draws for tests and callers; :class:`ZoneData` is what is drawn (one zone's sections and
styled parcels). The panel (legend with counts, boundary key, north arrow, scale bar) is drawn in
inches; its words come from the ``text`` function the caller passes (brief.py holds them).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, PathPatch, Polygon, Rectangle
from matplotlib.text import Text
from pyproj import CRS

from dashboard.export.brief_layout import Layout, km_text, label_point, nice_length, rings_path
from dashboard.i18n import ShownStyle
from zone_layers.styles import section_colors

INK = "#222222"
MUTED = "#5f6368"
RULE = "#b0b0b0"
ZONE_OUTLINE = "#1a1a1a"
WATERMARK_COLOR = "#c0392b"
WATERMARK_ALPHA = 0.2
PARCEL_EDGE = "#ffffff"


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
    brief_basemap
        The host the basemap tiles came from, or ``None`` without a basemap.
    """

    brief_axes: Axes
    brief_crs: CRS
    brief_style: ShownStyle
    brief_labels: list[Text]
    brief_watermark: Text | None
    brief_scalebar: ScaleBar
    brief_title: str
    brief_basemap: str | None


@dataclass(frozen=True)
class ZoneData:
    """What a brief draws: the zone, its sections, its parcels with indicators and their style, and
    the grading preset's name and tax benchmark the subtitle names."""

    zone: pd.Series
    sections: gpd.GeoDataFrame
    parcels: gpd.GeoDataFrame
    style: ShownStyle
    preset_name: str
    bench: float


# --- drawing --------------------------------------------------------------------------------------

def draw_map(fig: BriefFigure, ax: Axes, data: ZoneData, crs: CRS, layout: Layout) -> None:
    """Parcels filled by the layer's colours, section and zone outlines, and section name labels."""
    u = layout.unit
    parcels = data.parcels.to_crs(crs)
    sections = data.sections.to_crs(crs)
    zone = gpd.GeoSeries([data.zone.geometry], crs=data.parcels.crs).to_crs(crs)
    fills = data.style.fill.reindex(data.parcels.index).tolist()
    patches = [PathPatch(rings_path(g)) for g in parcels.geometry]
    ax.add_collection(PatchCollection(patches, facecolors=fills, edgecolors=PARCEL_EDGE,
                                      linewidths=0.25 * u, antialiased=True, zorder=1))
    colors = _section_colors(data.sections)
    for sid, geom in zip(sections["section_id"], sections.geometry, strict=True):
        ax.add_patch(PathPatch(rings_path(geom), facecolor="none", edgecolor=colors[sid],
                               linewidth=1.6 * u, joinstyle="round", zorder=3))
    ax.add_patch(PathPatch(rings_path(zone.iloc[0]), facecolor="none", edgecolor=ZONE_OUTLINE,
                           linewidth=1.3 * u, linestyle=(0, (5, 2.5)), zorder=4))
    halo = [patheffects.withStroke(linewidth=2.6 * u, foreground="white")]
    fig.brief_labels = []
    for sid, name, geom in zip(sections["section_id"], sections["name"], sections.geometry, strict=True):
        x, y = label_point(geom)
        fig.brief_labels.append(ax.text(
            x, y, str(name), ha="center", va="center", fontsize=9.5 * u, fontweight="bold", color=INK,
            zorder=6, path_effects=halo,
            bbox={"boxstyle": "round,pad=0.25", "facecolor": "white", "edgecolor": colors[sid],
                  "linewidth": 1.2 * u, "alpha": 0.9}, gid=f"label-{sid}"))


def _section_colors(sections: pd.DataFrame) -> dict[str, str]:
    return section_colors([str(s) for s in sections["section_id"]])


def draw_header_footer(fig: BriefFigure, layout: Layout, *, title: str, subtitle: str,
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


def draw_panel(fig: BriefFigure, layout: Layout, data: ZoneData, *, m_per_in: float, north_deg: float,
               words: Callable[[str], str]) -> Axes:
    """Legend box, boundary key, north arrow and scale bar in the right-hand panel (inch coordinates).

    ``words(key)`` gives the panel's words (``count``, ``zone_outline``, ``section_outline``, ``north``,
    ``scale``) in the brief's language.
    """
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
    pa.text(w_in - pad, top - 0.4 * u, words("count"), ha="right", va="center", fontsize=6.5 * u,
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
    pa.text(pad + sw_w + 0.1 * u, ky, words("zone_outline"), ha="left", va="center", fontsize=7.2 * u,
            color=INK)
    ky -= 0.26 * u
    colors = list(_section_colors(data.sections).values())
    seg = sw_w / max(len(colors), 1)
    for i, c in enumerate(colors):
        pa.plot([pad + i * seg, pad + (i + 1) * seg], [ky, ky], color=c, linewidth=1.8 * u,
                solid_capstyle="butt")
    pa.text(pad + sw_w + 0.1 * u, ky, words("section_outline"), ha="left", va="center", fontsize=7.2 * u,
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
    pa.text(nx, ny, words("north"), ha="center", va="bottom", fontsize=9 * u, fontweight="bold", color=INK,
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
        text = km_text(length_m * frac)
        pa.text(sx0 + bar_in * frac, sy + bh + 0.05 * u, text, ha="center", va="bottom", fontsize=6.5 * u,
                color=INK)
    pa.text(sx0 + bar_in + 0.06 * u, sy + bh / 2, "km", ha="left", va="center", fontsize=6.5 * u, color=INK,
            gid="scalebar-unit")
    pa.text(sx0, sy - 0.05 * u, words("scale"), ha="left", va="top", fontsize=6 * u, color=MUTED)
    x0_px, y_px = pa.transData.transform((sx0, sy))
    x1_px, _ = pa.transData.transform((sx0 + bar_in, sy))
    fig.brief_scalebar = ScaleBar(length_m, f"{km_text(length_m)} km", float(x0_px), float(x1_px), float(y_px))
    return pa


"""Layout of a brief: where the header, map, panel and footer go, the map's limits, label placement.

Sizes are in inches of a figure designed at :data:`DESIGN_INCHES` and scaled by :attr:`Layout.unit`
for other sizes. The map is drawn in metres of the zone's Gauss-Kruger projection, so
:func:`map_limits` keeps equal scale on both axes, :func:`nice_length` picks a round scale-bar length
and :func:`north_angle` turns the north arrow to true north.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely
import shapely.ops
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.path import Path as MplPath
from matplotlib.text import Text
from matplotlib.transforms import Bbox
from pyproj import CRS, Transformer
from shapely.geometry.polygon import orient

from geodata import settings

#: Size the layout is designed for, in inches (1920 × 1080 px at 200 dpi); other sizes scale it.
DESIGN_INCHES: tuple[float, float] = (9.6, 5.4)

#: Round lengths a scale bar may take: these × 10ⁿ metres.
NICE_STEPS: tuple[int, ...] = (1, 2, 5)


@dataclass(frozen=True)
class Layout:
    """Figure fractions of the parts of a brief, and the unit (font scale) of the figure."""

    unit: float
    margin_x: float
    header_rule: float
    footer_rule: float
    map_rect: tuple[float, float, float, float]
    panel_rect: tuple[float, float, float, float]


def page_layout(width_in: float, height_in: float) -> Layout:
    """The layout of a figure of that size (inches): the design layout scaled by the smaller ratio."""
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
    return Layout(unit, mx, header_rule, footer_rule, map_rect, panel_rect)


def map_limits(bounds: np.ndarray, box_w_in: float, box_h_in: float,
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


def place_labels(ax: Axes, labels: list[Text], renderer: RendererBase, *, gap_px: float) -> None:
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



# --- geometry helpers -----------------------------------------------------------------------------

def rings_path(geom: shapely.Geometry) -> MplPath:
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


def label_point(geom: shapely.Geometry) -> tuple[float, float]:
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


def km_text(metres: float) -> str:
    """``metres`` as kilometres for a scale-bar label: 2500 -> ``2.5``."""
    return f"{metres / 1000:g}"


def north_angle(zone_geom: shapely.Geometry, crs: CRS) -> float:
    """Angle (degrees, clockwise from grid up) of true north at the zone's centre, in ``crs``."""
    c = zone_geom.centroid
    to_map = Transformer.from_crs(settings.STORAGE_EPSG, crs, always_xy=True)
    x0, y0 = to_map.transform(c.x, c.y)
    x1, y1 = to_map.transform(c.x, c.y + 0.01)
    return math.degrees(math.atan2(x1 - x0, y1 - y0))


"""Colour registries for the map layers (data only: ``dashboard/`` turns them into Leaflet styles).

Land-class colours follow the conventions of Chinese land-use planning maps (residential yellow,
industrial brown, commercial red, green space green, roads grey, water blue), softened so that
labels stay readable on top. Section colours are Okabe-Ito, safe for colour-blind readers.
"""

from __future__ import annotations

from dataclasses import dataclass

from geodata import schema


@dataclass(frozen=True)
class Category:
    """One legend entry: a value, the catalogue key of its label and its fill colour."""

    value: str
    key: str
    color: str


_LAND_CLASS_COLORS: dict[str, str] = {
    "A1": "#f3dc6b",   # residential: yellow
    "A2": "#b4875a",   # industrial & warehousing: brown
    "A31": "#c9c9c9",  # roads: light grey
    "A32": "#8f8f8f",  # transport facilities: grey
    "A4": "#e0605a",   # commercial: red
    "A51": "#6dbb63",  # parks and green space: green
    "A52": "#e694c0",  # public services: pink
    "A6": "#c8b99a",   # other built land: sand
    "B21": "#f2efe6",  # unbuilt, ready for supply: off-white
    "B22": "#dcd6c6",  # unbuilt, not ready: light khaki
    "C": "#8ec3e6",    # cannot be built on (water, protected): blue
}

LAND_CLASS_STYLES: tuple[Category, ...] = tuple(
    Category(code, f"land_class.{code}", _LAND_CLASS_COLORS[code]) for code in schema.LAND_CLASSES
)

#: Okabe-Ito colours, in the order functional sections are listed.
SECTION_PALETTE: tuple[str, ...] = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999",
)

#: Target tiers of the Zhumadian action plan, strongest first (sequential blues).
TIER_STYLES: tuple[Category, ...] = (
    Category("一档", "tier.一档", "#08519c"),
    Category("二档", "tier.二档", "#4292c6"),
    Category("三档", "tier.三档", "#9ecae1"),
    Category("", "tier.none", "#d9d9d9"),
)


def land_class_color(code: str) -> str:
    """Fill colour of a land class; an unknown code raises ``KeyError`` listing the valid ones."""
    try:
        return _LAND_CLASS_COLORS[code]
    except KeyError:
        msg = f"unknown land class {code!r}; valid: {', '.join(_LAND_CLASS_COLORS)}"
        raise KeyError(msg) from None


def section_colors(section_ids: list[str]) -> dict[str, str]:
    """A stable colour per section, in the given order (cycling after eight sections)."""
    return {sid: SECTION_PALETTE[i % len(SECTION_PALETTE)] for i, sid in enumerate(section_ids)}


def tier_color(tier: str | None) -> str:
    """Fill colour of a target tier (一档/二档/三档); anything else is grey."""
    for category in TIER_STYLES:
        if category.value == (tier or ""):
            return category.color
    return TIER_STYLES[-1].color

"""The indicator registry: one entry per indicator, read by the UI help, legends, exports and CLI.

Each :class:`Indicator` carries codes and numbers only: its key (the column name produced by
:mod:`zone_layers.metrics`), its unit code, level, whether it is a percentage and how many decimals
it is shown with, and which way is better (``better``: ``"higher"`` for most, ``"lower"`` for the
idle-land rate; what a target is met by). Values are stored as computed (ratios as fractions);
``percent`` says to show them ×100 with a % sign. Names, formulas, sources and unit texts live in
the dashboard's text catalogue (``indicator.<key>.name``, ``.short``, ``.formula``, ``.source`` and ``unit.<code>``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from zone_layers.registry import lookup

Level = Literal["parcel", "zone"]
#: Which way an indicator is better: a value at or above (``higher``) or at or below (``lower``) a
#: target meets it.
Better = Literal["higher", "lower"]

#: Unit codes (the catalogue's ``unit.<code>`` words them: wan_per_mu -> 万元/亩, 10k CNY/mu);
#: "" is a ratio without unit.
UNITS: tuple[str, ...] = ("", "percent", "wan", "yi", "mu", "wan_per_mu", "wan_per_ha", "wan_per_tce",
                          "wan_per_person", "tce", "persons", "tce_per_wan")


@dataclass(frozen=True)
class Indicator:
    """One indicator's definition (its words are in the text catalogue under ``indicator.<key>``)."""

    key: str
    unit: str
    level: Level
    percent: bool = False
    decimals: int = 2
    better: Better = "higher"

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            msg = f"indicator {self.key!r}: unknown unit code {self.unit!r}; valid: {', '.join(UNITS[1:])}"
            raise ValueError(msg)


INDICATORS: tuple[Indicator, ...] = (
    # parcel / enterprise level (亩均效益评价)
    Indicator("tax_per_mu", "wan_per_mu", "parcel"),
    Indicator("revenue_per_mu", "wan_per_mu", "parcel"),
    Indicator("value_added_per_mu", "wan_per_mu", "parcel"),
    Indicator("investment_intensity", "wan_per_mu", "parcel", decimals=0),
    Indicator("floor_area_ratio", "", "parcel"),
    Indicator("building_coefficient", "percent", "parcel", percent=True, decimals=1),
    Indicator("parcel_building_density", "percent", "parcel", percent=True, decimals=1),
    Indicator("value_added_per_energy", "wan_per_tce", "parcel"),
    Indicator("tax_per_energy", "wan_per_tce", "parcel"),
    Indicator("labour_productivity", "wan_per_person", "parcel"),
    Indicator("rd_share", "percent", "parcel", percent=True, decimals=1),
    # zone / section level (national evaluation, TD/T 1029)
    Indicator("development_rate", "percent", "zone", percent=True, decimals=1),
    Indicator("supply_rate", "percent", "zone", percent=True, decimals=1),
    Indicator("built_up_rate", "percent", "zone", percent=True, decimals=1),
    Indicator("industrial_land_ratio", "percent", "zone", percent=True, decimals=1),
    Indicator("far", "", "zone"),
    Indicator("building_density", "percent", "zone", percent=True, decimals=1),
    Indicator("industrial_far", "", "zone"),
    Indicator("industrial_building_coefficient", "percent", "zone", percent=True, decimals=1),
    Indicator("industrial_investment_intensity_wan_per_ha", "wan_per_ha", "zone", decimals=0),
    Indicator("industrial_investment_intensity_wan_per_mu", "wan_per_mu", "zone", decimals=0),
    Indicator("industrial_tax_per_ha", "wan_per_ha", "zone", decimals=1),
    Indicator("industrial_tax_per_mu", "wan_per_mu", "zone"),
    Indicator("industrial_revenue_per_mu", "wan_per_mu", "zone", decimals=1),
    Indicator("overall_tax_per_ha", "wan_per_ha", "zone", decimals=1),
    Indicator("idle_land_rate", "percent", "zone", percent=True, decimals=1, better="lower"),
)


def get_indicator(key: str) -> Indicator:
    """The registry entry for ``key``; an unknown key raises ``KeyError`` listing the valid ones."""
    return lookup(INDICATORS, key, what="indicator")

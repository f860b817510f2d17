"""Low-efficiency land: the reasons the bureau checks, one boolean column per reason.

Each rule is an entry of :data:`RULES`; a parcel's tooltip lists every reason that applies. Only
industrial firms (A2 with an enterprise) are tested against the tax, FAR and building-coefficient
thresholds; a missing figure never triggers a rule (it is missing, not low).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geodata import settings
from zone_layers.metrics import has_enterprise


@dataclass(frozen=True)
class Rule:
    """One low-efficiency reason."""

    key: str
    zh: str
    en: str
    color: str

    @property
    def column(self) -> str:
        """Name of this rule's boolean column in :func:`low_efficiency` (``low_<key>``)."""
        return f"low_{self.key}"


RULES: tuple[Rule, ...] = (
    Rule("idle", "闲置土地", "Idle land", "#762a83"),
    Rule("supplied_unbuilt", "已供未建", "Supplied, not built", "#c2a5cf"),
    Rule("below_benchmark", "亩均税收低于基准", "Tax per mu below benchmark", "#d73027"),
    Rule("far_low", "容积率低于下限", "FAR below minimum", "#fc8d59"),
    Rule("coefficient_low", "建筑系数低于下限", "Building coefficient below minimum", "#fee090"),
)


def low_efficiency(parcels: pd.DataFrame, *, benchmark: float | None = None,
                   far_min: float | None = None, coefficient_min: float | None = None) -> pd.DataFrame:
    """Which low-efficiency reasons apply to each parcel.

    Parameters
    ----------
    parcels
        Output of :func:`zone_layers.summary.parcel_indicators` (needs ``tax_per_mu``,
        ``floor_area_ratio``, ``building_coefficient`` and the flags).
    benchmark, far_min, coefficient_min
        Thresholds; default to ``settings.TAX_BENCHMARK_WAN_PER_MU``, ``FAR_MIN_INDUSTRIAL`` and
        ``BUILDING_COEFFICIENT_MIN``.

    Returns
    -------
    pandas.DataFrame
        One boolean column per rule (:attr:`Rule.column`, e.g. ``low_idle``), ``n_reasons`` and
        ``reasons`` (Chinese names joined by "、", empty when none), on the index of ``parcels``.
    """
    bench = settings.TAX_BENCHMARK_WAN_PER_MU if benchmark is None else benchmark
    far = settings.FAR_MIN_INDUSTRIAL if far_min is None else far_min
    coef = settings.BUILDING_COEFFICIENT_MIN if coefficient_min is None else coefficient_min
    firm = (parcels["land_class"] == "A2") & has_enterprise(parcels)
    flags = {
        "idle": parcels["idle"].astype(bool),
        "supplied_unbuilt": parcels["supplied"].astype(bool) & ~parcels["built"].astype(bool)
        & ~parcels["idle"].astype(bool),
        "below_benchmark": firm & (parcels["tax_per_mu"] < bench).fillna(False),
        "far_low": firm & (parcels["floor_area_ratio"] < far).fillna(False),
        "coefficient_low": firm & (parcels["building_coefficient"] < coef).fillna(False),
    }
    out = pd.DataFrame({r.column: flags[r.key] for r in RULES}, index=parcels.index).astype(bool)
    out["n_reasons"] = out[[r.column for r in RULES]].sum(axis=1)
    columns = [np.where(out[r.column].to_numpy(), r.zh, "") for r in RULES]
    out["reasons"] = ["、".join(filter(None, names)) for names in zip(*columns, strict=True)]
    return out

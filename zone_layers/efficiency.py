"""Low-efficiency land: the reasons the bureau checks, one boolean column per reason.

Each rule is an entry of :data:`RULES` (a key and a map colour; its name is in the dashboard's text
catalogue under ``low_rule.<key>``); a parcel's tooltip lists every reason that applies. Only
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
    color: str

    @property
    def column(self) -> str:
        """Name of this rule's boolean column in :func:`low_efficiency` (``low_<key>``)."""
        return f"low_{self.key}"


RULES: tuple[Rule, ...] = (
    Rule("idle", "#762a83"),
    Rule("supplied_unbuilt", "#c2a5cf"),
    Rule("below_benchmark", "#d73027"),
    Rule("far_low", "#fc8d59"),
    Rule("coefficient_low", "#fee090"),
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
        ``reasons`` (the keys of the rules that apply, in :data:`RULES` order, as a tuple such as
        ``("far_low", "coefficient_low")``; ``()`` when none), on the index of ``parcels``.
    """
    bench = settings.TAX_BENCHMARK_WAN_PER_MU if benchmark is None else benchmark
    far = settings.FAR_MIN_INDUSTRIAL if far_min is None else far_min
    coef = settings.BUILDING_COEFFICIENT_MIN if coefficient_min is None else coefficient_min
    firm = (parcels["land_class"] == "A2") & has_enterprise(parcels)
    flags = {
        # a blank flag is unknown: it neither makes a parcel idle nor unbuilt
        "idle": parcels["idle"].eq(True),
        "supplied_unbuilt": parcels["supplied"].eq(True) & parcels["built"].eq(False) & ~parcels["idle"].eq(True),
        "below_benchmark": firm & (parcels["tax_per_mu"] < bench).fillna(False),
        "far_low": firm & (parcels["floor_area_ratio"] < far).fillna(False),
        "coefficient_low": firm & (parcels["building_coefficient"] < coef).fillna(False),
    }
    out = pd.DataFrame({r.column: flags[r.key] for r in RULES}, index=parcels.index).astype(bool)
    out["n_reasons"] = out[[r.column for r in RULES]].sum(axis=1)
    # one tuple per combination of flags (2**5 at most), looked up by the combination's bit pattern
    flags_matrix = out[[r.column for r in RULES]].to_numpy(dtype=bool)
    pattern = flags_matrix @ (1 << np.arange(len(RULES)))
    table = np.empty(1 << len(RULES), dtype=object)
    table[:] = [tuple(r.key for i, r in enumerate(RULES) if bits >> i & 1) for bits in range(1 << len(RULES))]
    out["reasons"] = pd.Series(table[pattern], index=parcels.index, dtype=object)
    return out

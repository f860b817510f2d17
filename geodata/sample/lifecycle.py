"""The sample's land lifecycle (issue 17): invented contracts, progress and approved batches of the ETDZ.

Built by :func:`geodata.sample.generate.build_sample` from the finished parcels (EPSG:4547, with their
IDs, classes and flags) and enterprise tables, with a random generator of its own, so that the rest of
the sample is drawn exactly as before. Every date is chosen so that, as of :data:`REFERENCE` (the
date the tests and ``geodata/sample/README.md`` use), each register has entries of every kind:

- the 7 parcels flagged idle hold contracts idle by the regulation: 5 never started (agreed starts
  2022–2025, three of them two full years or more ago: may be taken back) and 2 started and stopped
  for over a year (one with under 1/3 of the area developed, one under 25 % of the investment);
- the other supplied, unbuilt B21 parcels without a firm: 6 supplied not started (agreed starts in
  the year before :data:`REFERENCE`, not yet idle), 4 under construction, 2 stopped for less than a
  year; the 3 projects under construction (在建 firms) are 标准地 building their plants;
- 11 firms on one A2 plant of their own hold 标准地 contracts (commitments of investment, 亩均税收, FAR,
  energy) checked against their figures: met and failed at a 达产 date already past, on track and
  behind before it, two 达产 reviews within 90 days of :data:`REFERENCE`;
- 6 older plants with low floor-area ratios hold ordinary contracts with a planned maximum FAR (the
  redevelopment headroom), and one utility's 划拨 contract has no agreed start (listed under missing
  dates, never guessed);
- 3 approved batches (2019, 2021, 2023) over the unbuilt land of the new sections, each partly
  supplied, so that part of each is 批而未供.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geodata import settings

#: The date the sample's registers are described for (tests, README).
REFERENCE: pd.Timestamp = pd.Timestamp("2026-06-30")
_MU = settings.M2_PER_MU_DENOMINATOR / settings.M2_PER_MU_NUMERATOR  # 亩 per m²
#: Land price of industrial land, 万元/亩 (invented, of the order of Henan's minimum prices).
LAND_PRICE_PER_MU: tuple[float, float] = (14.0, 22.0)
#: Agreed total investment, 万元/亩.
INVESTMENT_PER_MU: tuple[float, float] = (260.0, 420.0)
#: Agreed starts of the idle parcels never started, and of the two stopped ones: (start, stopped since,
#: developed share of the area, invested share of the total).
IDLE_STARTS: tuple[str, ...] = ("2022-03-15", "2023-05-10", "2024-04-30", "2024-10-08", "2025-05-20")
IDLE_STOPPED: tuple[tuple[str, str, float, float], ...] = (("2023-03-01", "2024-08-01", 0.20, 0.40),
                                                           ("2023-06-15", "2025-03-01", 0.55, 0.15))
#: Batches: (ID, name, approval date, section).
BATCHES: tuple[tuple[str, str, str, str], ...] = (
    ("ZMD-PC-2019-03", "驻马店市2019年度第3批次城镇建设用地", "2019-06-18", "etdz_logistics"),
    ("ZMD-PC-2021-07", "驻马店市2021年度第7批次城镇建设用地", "2021-09-30", "etdz_energy"),
    ("ZMD-PC-2023-02", "驻马店市2023年度第2批次城镇建设用地", "2023-04-12", "etdz_energy"),
)
#: 标准地 performance the 11 plants are given: (commitment ÷ actual for investment, for tax; 达产 date).
STANDARD_CASES: tuple[tuple[float, float, str], ...] = (
    (0.85, 0.80, "2024-12-31"), (0.90, 0.75, "2025-06-30"), (0.80, 0.90, "2025-12-31"), (0.95, 0.85, "2023-12-31"),
    (0.90, 1.30, "2025-12-31"), (0.85, 1.45, "2025-09-30"),            # failed: the tax fell short
    (0.80, 0.85, "2027-06-30"), (0.90, 0.70, "2026-08-31"),            # on track; a review within 90 days
    (0.85, 0.95, "2027-12-31"),
    (1.20, 1.25, "2026-09-15"), (0.90, 1.40, "2027-06-30"),            # behind; a review within 90 days
)


def _day(text: str, days: int = 0) -> pd.Timestamp:
    return pd.Timestamp(text) + pd.Timedelta(days=days)


def _contract(no: int, parcel_id: str, credit_code: str | None, signed: pd.Timestamp, start: pd.Timestamp | None,
              area_m2: float, rng: np.random.Generator, **extra: object) -> dict[str, object]:
    mu = area_m2 * _MU
    row: dict[str, object] = {
        "contract_no": f"驻开出让〔{signed.year}〕{no:03d}号", "parcel_id": parcel_id, "credit_code": credit_code,
        "signed": signed, "land_price_wan": round(mu * rng.uniform(*LAND_PRICE_PER_MU), 1),
        "agreed_start": start, "agreed_completion": None if start is None else start + pd.DateOffset(years=2),
        "total_investment_wan": round(mu * rng.uniform(*INVESTMENT_PER_MU), -1),
    }
    row.update(extra)
    return row


def lifecycle_tables(parcels: gpd.GeoDataFrame, tables: dict[str, pd.DataFrame],
                     rng: np.random.Generator) -> dict[str, pd.DataFrame]:
    """The tables ``contracts``, ``progress`` and ``approvals`` (EPSG:4547) of the sample's ETDZ.

    ``parcels`` are the finished parcels (EPSG:4547, ``parcel_id``, ``section_id``, ``land_class``,
    ``supplied``, ``idle``, ``floor_area_m2``, ``investment_wan``); ``tables`` the enterprise tables.
    """
    area = pd.Series(parcels.area.to_numpy(), index=parcels["parcel_id"])
    cls = parcels.set_index("parcel_id")["land_class"]
    land_use = tables["land_use"]
    users = land_use.groupby("parcel_id")["credit_code"].agg(list)
    contracts: list[dict[str, object]] = []
    progress: list[dict[str, object]] = []
    serial = iter(range(1, 1000))

    def observe(pid: str, date: str | pd.Timestamp, **values: object) -> None:
        progress.append({"parcel_id": pid, "date": pd.Timestamp(date), **values})

    # idle: never started, and started then stopped for over a year
    idle = sorted(parcels.loc[parcels["idle"], "parcel_id"])
    for pid, start in zip(idle[:len(IDLE_STARTS)], IDLE_STARTS, strict=True):
        begin = pd.Timestamp(start)
        contracts.append(_contract(next(serial), pid, None, begin - pd.Timedelta(days=int(rng.integers(120, 240))),
                                   begin, area[pid], rng))
        observe(pid, _day("2025-11-20", int(rng.integers(0, 20))), started=False)
    for pid, (start, since, developed, invested) in zip(idle[len(IDLE_STARTS):], IDLE_STOPPED, strict=True):
        begin = pd.Timestamp(start)
        row = _contract(next(serial), pid, None, begin - pd.Timedelta(days=150), begin, area[pid], rng)
        contracts.append(row)
        observe(pid, _day(start, 40), started=True, developed_area_m2=round(0.05 * area[pid]),
                invested_wan=round(0.05 * float(row["total_investment_wan"])))  # type: ignore[arg-type]
        observe(pid, _day("2025-10-15"), started=True, developed_area_m2=round(developed * area[pid]),
                invested_wan=round(invested * float(row["total_investment_wan"])),  # type: ignore[arg-type]
                stopped_since=pd.Timestamp(since))
    # the other supplied, unbuilt B21 land: without a firm, then the firms building their plants
    sold = parcels.loc[(parcels["land_class"] == "B21") & parcels["supplied"] & ~parcels["idle"], "parcel_id"]
    building = sorted(p for p in sold if p in users.index)
    vacant = [str(p) for p in rng.permutation(sorted(p for p in sold if p not in users.index))]
    for k, pid in enumerate(vacant):
        if k < 6:  # supplied, not started: agreed starts in the year before REFERENCE
            begin = _day("2025-07-15", int(rng.integers(0, 300)))
            contracts.append(_contract(next(serial), pid, None, begin - pd.Timedelta(days=180), begin, area[pid], rng))
            if k % 2 == 0:
                observe(pid, _day("2026-03-10", k), started=False)
        else:  # started: still building, or stopped for less than a year
            begin = _day("2024-09-01", int(rng.integers(0, 200)))
            row = _contract(next(serial), pid, None, begin - pd.Timedelta(days=200), begin, area[pid], rng)
            contracts.append(row)
            observe(pid, begin + pd.Timedelta(days=int(rng.integers(10, 60))), started=True)
            stop = {"stopped_since": _day("2025-10-01", k)} if k >= len(vacant) - 2 else {}
            observe(pid, _day("2026-04-20", k), started=True, developed_area_m2=round(0.25 * area[pid]),
                    invested_wan=round(0.2 * float(row["total_investment_wan"])), **stop)  # type: ignore[arg-type]
    registered = tables["enterprises"].set_index("credit_code")["registered"].map(pd.Timestamp)
    for pid in building:  # 在建 firms: 标准地, started, 达产 after 2027
        code = users[pid][0]
        signed = max(registered[code], pd.Timestamp("2023-06-01")) + pd.Timedelta(days=60)
        begin = signed + pd.Timedelta(days=120)
        contracts.append(_contract(next(serial), pid, code, signed, begin, area[pid], rng, investment_wan_per_mu=350.0,
                                   tax_wan_per_mu=20.0, far_min=1.2, energy_tce_per_wan=0.8,
                                   production_due=begin + pd.DateOffset(years=3)))
        observe(pid, begin + pd.Timedelta(days=20), started=True, developed_area_m2=round(0.5 * area[pid]))
    contracts += _standard_plants(parcels, tables, area, serial, rng, observe)
    contracts += _older_plants(parcels, tables, area, serial, rng, observe)
    utility = sorted(p for p in users.index if cls.get(p) == "A6")
    if utility:  # an old 划拨 contract without an agreed start: listed under missing dates
        code = users[utility[0]][0]
        contracts.append({"contract_no": "驻开划拨〔2009〕004号", "parcel_id": utility[0], "credit_code": code,
                          "signed": pd.Timestamp("2009-04-16"), "land_price_wan": None, "agreed_start": None,
                          "agreed_completion": None, "total_investment_wan": None})
    return {"contracts": pd.DataFrame(contracts), "progress": pd.DataFrame(progress),
            "approvals": _batches(parcels)}


def _single_plants(parcels: gpd.GeoDataFrame, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """A2 parcels with one owner, no tenant and no other parcel of that owner: ``parcel_id``,
    ``credit_code``, the owner's ``registered`` date and 2025 tax."""
    lu = tables["land_use"]
    a2 = set(parcels.loc[parcels["land_class"] == "A2", "parcel_id"])
    rows_per_parcel = lu.groupby("parcel_id").size()
    rows_per_firm = lu.groupby("credit_code").size()
    own = lu.loc[(lu["tenure"] == "own") & lu["parcel_id"].isin(a2)]
    own = own.loc[own["parcel_id"].map(rows_per_parcel).eq(1) & own["credit_code"].map(rows_per_firm).eq(1)]
    ent = tables["enterprises"].set_index("credit_code")
    years = tables["enterprise_years"]
    tax = years.loc[years["year"] == 2025].set_index("credit_code")["tax_wan"]
    out = own[["parcel_id", "credit_code"]].copy()
    out["registered"] = ent["registered"].reindex(out["credit_code"]).map(pd.Timestamp).to_numpy()
    out["exempt"] = ent["exempt"].reindex(out["credit_code"]).to_numpy()
    out["tax_2025"] = tax.reindex(out["credit_code"]).to_numpy(dtype=float)
    return out.sort_values("parcel_id").reset_index(drop=True)


def _standard_plants(parcels: gpd.GeoDataFrame, tables: dict[str, pd.DataFrame], area: pd.Series,
                     serial: Iterator[int], rng: np.random.Generator,
                     observe: Callable[..., None]) -> list[dict[str, object]]:
    """标准地 contracts of the youngest plants with 2025 figures (:data:`STANDARD_CASES`)."""
    plants = _single_plants(parcels, tables)
    plants = plants.loc[plants["exempt"].isna() & (plants["tax_2025"] > 0)]
    plants = plants.sort_values(["registered", "parcel_id"], ascending=[False, True]).head(len(STANDARD_CASES))
    by_id = parcels.set_index("parcel_id")
    rows = []
    for (_, plant), (inv_ratio, tax_ratio, due) in zip(plants.iterrows(), STANDARD_CASES, strict=True):
        pid, mu = plant["parcel_id"], area[plant["parcel_id"]] * _MU
        production = pd.Timestamp(due)
        begin = production - pd.DateOffset(years=3)
        signed = begin - pd.Timedelta(days=int(rng.integers(90, 200)))
        invest = float(by_id.at[pid, "investment_wan"]) / mu
        far = float(by_id.at[pid, "floor_area_m2"]) / area[pid]
        rows.append(_contract(next(serial), pid, plant["credit_code"], signed, begin, area[pid], rng,
                              investment_wan_per_mu=float(round(invest * inv_ratio, -1)),
                              tax_wan_per_mu=float(round(plant["tax_2025"] / mu * tax_ratio, 1)),
                              far_min=float(min(1.2, np.floor(far * 10) / 10)), far_max=2.5, energy_tce_per_wan=1.0,
                              production_due=production))
        done = begin + pd.DateOffset(years=2) - pd.Timedelta(days=int(rng.integers(0, 90)))
        observe(pid, begin + pd.Timedelta(days=15), started=True)
        if done <= REFERENCE:
            observe(pid, done + pd.Timedelta(days=30), started=True, developed_area_m2=round(area[pid]),
                    completed=done)
    return rows


def _older_plants(parcels: gpd.GeoDataFrame, tables: dict[str, pd.DataFrame], area: pd.Series,
                  serial: Iterator[int], rng: np.random.Generator,
                  observe: Callable[..., None]) -> list[dict[str, object]]:
    """Ordinary contracts of 6 older plants of low floor-area ratio, with the planned maximum FAR."""
    plants = _single_plants(parcels, tables)
    by_id = parcels.set_index("parcel_id")
    far = by_id["floor_area_m2"].reindex(plants["parcel_id"]).to_numpy(dtype=float) / area.reindex(
        plants["parcel_id"]).to_numpy()
    old = plants.loc[(far < 0.8) & (plants["registered"] < pd.Timestamp("2016-01-01"))].head(6)
    rows = []
    for _, plant in old.iterrows():
        signed = plant["registered"] + pd.Timedelta(days=int(rng.integers(30, 200)))
        begin = signed + pd.Timedelta(days=180)
        rows.append(_contract(next(serial), plant["parcel_id"], plant["credit_code"], signed, begin,
                              area[plant["parcel_id"]], rng, far_max=float(rng.choice([1.8, 2.0, 2.5]))))
        done = begin + pd.Timedelta(days=int(rng.integers(400, 700)))
        observe(plant["parcel_id"], done + pd.Timedelta(days=20), started=True,
                developed_area_m2=round(area[plant["parcel_id"]]), completed=done)
    return rows


def _batches(parcels: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The approved batches: in each batch's section, a supplied B21 parcel and the unbuilt B parcels
    nearest to it (five), drawn as their union (EPSG:4547)."""
    geoms = parcels.geometry.to_numpy()
    centres = shapely.centroid(geoms)
    unbuilt = parcels["land_class"].isin(["B21", "B22"]).to_numpy()
    used: set[int] = set()
    rows = []
    for batch_id, name, approved, section in BATCHES:
        here = np.flatnonzero(unbuilt & (parcels["section_id"] == section).to_numpy())
        here = np.array([r for r in here if r not in used])
        sold = [r for r in here if parcels["supplied"].iloc[r]]
        seed = sold[0] if sold else here[0]
        near = sorted(here, key=lambda r: (shapely.distance(centres[r], centres[seed]), r))[:5]
        used.update(int(r) for r in near)
        rows.append({"batch_id": batch_id, "name": name, "zone_id": "zmd_etdz", "approved": pd.Timestamp(approved),
                     "geometry": shapely.union_all(geoms[near])})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=parcels.crs)

"""The land lifecycle registers (zone_layers/registers.py, issue 17): hand-dated cases on each side of
every boundary of 《闲置土地处置办法》 and the year counting of 民法典 arts. 201–202."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geodata import schema
from geodata.dataset import dataset_from_layers, normalise_layer
from zone_layers import registers as reg

T = pd.Timestamp
AREA = pd.Series({"P1": 12_000.0, "P2": 12_000.0})   # exact areas in m²: the 1/3 boundary is 4 000 m²


def contracts(**over) -> pd.DataFrame:
    """One contract HT-1 on P1: land price 800 万元, agreed start 2025-06-29, total investment 12 000 万元."""
    row = {"contract_no": "HT-1", "parcel_id": "P1", "credit_code": "C1", "signed": "2025-01-10",
           "land_price_wan": 800.0, "agreed_start": "2025-06-29", "agreed_completion": "2027-06-29",
           "total_investment_wan": 12_000.0}
    row.update(over)
    return normalise_layer("contracts", pd.DataFrame([row]), source="t")


def progress(*rows: dict) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), columns=[f.name for f in schema.PROGRESS_FIELDS])
    return normalise_layer("progress", frame, source="t")


def states(c: pd.DataFrame, p: pd.DataFrame, as_of: str) -> pd.DataFrame:
    return reg.contract_states(c, p, AREA, T(as_of))


# --- counting a year ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("start", "years", "end"), [
    ("2025-06-29", 1, "2026-06-29"),       # the corresponding day
    ("2024-02-29", 1, "2025-02-28"),       # none in 2025: the month's last day
    ("2024-02-29", 4, "2028-02-29"),
    ("2023-06-01", 1, "2024-06-01"),       # across 2024-02-29: 366 days
    ("2025-01-31", 2, "2027-01-31"),
])
def test_add_years(start, years, end):
    assert reg.add_years(pd.Series([T(start)]), years).iloc[0] == T(end)


def test_a_year_across_29_february_is_366_days():
    assert (T("2024-06-01") - T("2023-06-01")).days == 366
    c = contracts(agreed_start="2023-06-01", signed="2023-01-01")
    assert states(c, progress(), "2024-06-01")["criterion"].iloc[0] is None        # its last day: not idle yet
    day_after = states(c, progress(), "2024-06-02")
    assert day_after["criterion"].iloc[0] == "not_started" and day_after["days_overdue"].iloc[0] == 1


def test_start_agreed_on_29_february():
    c = contracts(agreed_start="2024-02-29", signed="2024-01-01")
    assert states(c, progress(), "2025-02-28")["criterion"].iloc[0] is None
    s = states(c, progress(), "2025-03-01")
    assert s["criterion"].iloc[0] == "not_started" and s["idle_from"].iloc[0] == T("2025-03-01")


# --- not started for a full year ----------------------------------------------------------------------

@pytest.mark.parametrize(("as_of", "idle", "overdue", "to_idle"), [
    ("2026-06-28", False, None, 2),       # the day before the year's last day
    ("2026-06-29", False, None, 1),       # the last day of the year: one full year at its end
    ("2026-06-30", True, 1, None),        # the first idle day
    ("2026-12-31", True, 185, None),      # 2026-06-29 + 185 days
])
def test_not_started_one_full_year_after_the_agreed_start(as_of, idle, overdue, to_idle):
    c = contracts()
    p = progress({"parcel_id": "P1", "date": "2026-01-15", "started": False})
    s = states(c, p, as_of)
    assert (s["criterion"].iloc[0] == "not_started") is idle
    register = reg.idle_register(s, T(as_of))
    waiting = reg.supplied_not_started(s, T(as_of))
    if idle:
        row = register.iloc[0]
        assert row["days_overdue"] == overdue and row["fee_wan"] == pytest.approx(160)    # 20 % of 800 万元
        assert row["anchor"] == T("2025-06-29") and not row["take_back_eligible"]
        assert row["take_back_from"] == T("2027-06-30") and waiting.empty
    else:
        assert register.empty
        assert list(waiting["parcel_id"]) == ["P1"] and waiting["days_to_idle"].iloc[0] == to_idle
        assert waiting["idle_due"].iloc[0] == T("2026-06-29")


@pytest.mark.parametrize(("as_of", "eligible"), [("2027-06-29", False), ("2027-06-30", True)])
def test_take_back_after_two_full_years(as_of, eligible):
    s = states(contracts(), progress(), as_of)
    row = reg.idle_register(s, T(as_of)).iloc[0]
    assert bool(row["take_back_eligible"]) is eligible


def test_no_land_price_no_fee_and_a_start_observed_later_does_not_count():
    c = contracts(land_price_wan=None)
    p = progress({"parcel_id": "P1", "date": "2026-08-01", "started": True})   # after the date asked for
    row = reg.idle_register(states(c, p, "2026-07-15"), T("2026-07-15")).iloc[0]
    assert np.isnan(row["fee_wan"]) and row["criterion"] == "not_started"
    assert reg.idle_register(states(c, p, "2026-08-01"), T("2026-08-01")).empty      # started by then


# --- started, then stopped for a full year ------------------------------------------------------------

def stopped(developed: float | None, invested: float | None, since: str = "2025-09-30") -> pd.DataFrame:
    return progress({"parcel_id": "P1", "date": "2025-08-01", "started": True},
                    {"parcel_id": "P1", "date": "2026-03-01", "started": True, "developed_area_m2": developed,
                     "invested_wan": invested, "stopped_since": since})


@pytest.mark.parametrize(("developed", "invested", "below"), [
    (3_999.0, 6_000.0, ("area",)),             # under 1/3 of 12 000 m² (4 000), investment 50 %
    (4_000.0, 6_000.0, None),                  # exactly 1/3: not under it
    (8_000.0, 2_999.0, ("investment",)),       # under 25 % of 12 000 万元 (3 000)
    (8_000.0, 3_000.0, None),                  # exactly 25 %
    (1_000.0, 1_000.0, ("area", "investment")),
    (None, None, None),                        # neither known: not judged idle
])
def test_stopped_criterion_one_third_of_the_area_or_a_quarter_of_the_investment(developed, invested, below):
    s = states(contracts(), stopped(developed, invested), "2026-10-01")    # stopped 2025-09-30: a year ended 09-30
    if below is None:
        assert s["criterion"].iloc[0] is None
        # known shares at or over the thresholds: not idle; both unknown: listed, not guessed
        unknown = developed is None
        assert s["missing"].iloc[0] == ("stopped_share_unknown" if unknown else None)
    else:
        assert s["criterion"].iloc[0] == "stopped" and s["below"].iloc[0] == below
        assert s["days_overdue"].iloc[0] == 1 and s["fee_wan"].iloc[0] == pytest.approx(160)
    assert reg.supplied_not_started(s, T("2026-10-01")).empty        # started: not 供而未用


def test_stopped_for_less_than_a_full_year_is_not_idle():
    s = states(contracts(), stopped(1_000.0, 1_000.0), "2026-09-30")
    assert s["criterion"].iloc[0] is None
    s = states(contracts(), stopped(1_000.0, 1_000.0), "2027-09-30")
    assert s["criterion"].iloc[0] == "stopped" and not s["take_back_eligible"].iloc[0]
    s = states(contracts(), stopped(1_000.0, 1_000.0), "2027-10-01")
    assert s["take_back_eligible"].iloc[0]                               # two full years stopped


def test_completed_land_and_resumed_work_are_not_idle():
    done = progress({"parcel_id": "P1", "date": "2026-03-01", "started": True, "completed": "2026-02-01"})
    assert states(contracts(), done, "2028-01-01")["criterion"].iloc[0] is None
    resumed = stopped(1_000.0, 1_000.0)
    resumed = pd.concat([resumed, progress({"parcel_id": "P1", "date": "2026-09-01", "started": True,
                                            "developed_area_m2": 2_000.0})], ignore_index=True)
    assert states(contracts(), resumed, "2026-12-01")["criterion"].iloc[0] is None


# --- what is not judged -------------------------------------------------------------------------------

def test_a_contract_without_dates_is_reported_not_guessed():
    c = contracts(agreed_start=None, signed=None)
    s = states(c, progress(), "2030-01-01")
    assert reg.idle_register(s, T("2030-01-01")).empty
    assert reg.supplied_not_started(s, T("2030-01-01")).empty
    missing = reg.missing_dates(s)
    assert missing.to_dict("records") == [{"parcel_id": "P1", "contract_no": "HT-1", "credit_code": "C1",
                                           "signed": pd.NaT, "reason": "no_agreed_start"}]


def test_a_contract_signed_after_the_date_is_not_yet_supplied():
    s = states(contracts(signed="2025-01-10"), progress(), "2025-01-09")
    assert s.empty


# --- 批而未供 ---------------------------------------------------------------------------------------------

def projected(*boxes: tuple[float, float, float, float]) -> gpd.GeoSeries:
    """Boxes in metres of EPSG:4547 (Gauss-Kruger, CM 114°E, as the tiny zone), stored in EPSG:4490."""
    x0, y0 = 500_000.0, 3_650_000.0
    return gpd.GeoSeries([shapely.box(x0 + a, y0 + b, x0 + c, y0 + d) for a, b, c, d in boxes],
                         crs=4547).to_crs(4490)


def test_approved_not_supplied_area_and_age():
    parcels = gpd.GeoDataFrame({"parcel_id": ["P1", "P2", "P3"], "supplied": [True, False, True]},
                               geometry=projected((0, 0, 100, 100), (100, 0, 200, 100), (0, 100, 100, 200)))
    batches = gpd.GeoDataFrame({"batch_id": ["B1", "B2"], "name": ["一批", "二批"], "zone_id": [None, None],
                                "approved": [T("2023-03-01"), T("2026-06-01")]},
                               geometry=projected((0, 0, 200, 200), (300, 0, 400, 100)))
    # P1 has a contract signed before the date; P3 one signed after it (not yet supplied, although
    # flagged supplied today); P2 neither
    c = pd.concat([contracts(), contracts(contract_no="HT-3", parcel_id="P3", signed="2026-02-01")],
                  ignore_index=True)
    out = reg.approved_not_supplied(batches, parcels, c, T("2026-01-31"))
    assert list(out["batch_id"]) == ["B1"]                        # B2 was approved later
    row = out.iloc[0]
    # 200 m × 200 m approved, P1's 100 m × 100 m supplied: 30 000 m² = 45 亩 left (drawn in Gauss-Kruger)
    assert row["approved_m2"] == pytest.approx(40_000, rel=1e-6)
    assert row["unsupplied_m2"] == pytest.approx(30_000, rel=1e-6)
    assert row["unsupplied_mu"] == pytest.approx(45, rel=1e-6)
    assert row["unsupplied_share"] == pytest.approx(0.75, rel=1e-6)
    assert row["age_days"] == 1067 and row["full_years"] == 2        # 2023-03-01 → 2026-01-31
    later = reg.approved_not_supplied(batches, parcels, c, T("2026-06-01")).set_index("batch_id")
    # P3 signed by then (its edges, reprojected, leave slivers of 0.03 m²)
    assert later.at["B1", "unsupplied_m2"] == pytest.approx(20_000, rel=1e-5)
    assert later.at["B2", "unsupplied_m2"] == pytest.approx(10_000, rel=1e-6) and later.at["B2", "full_years"] == 0


@pytest.mark.parametrize(("as_of", "years"), [("2026-02-28", 2), ("2026-02-27", 1), ("2025-02-28", 1)])
def test_full_years_from_29_february(as_of, years):
    assert reg.full_years(pd.Series([T("2024-02-29")]), T(as_of)).iloc[0] == years


# --- 标准地 履约 -----------------------------------------------------------------------------------------

def firm_years(tax_per_mu: float, year: int = 2025) -> pd.DataFrame:
    return pd.DataFrame({"credit_code": ["C1"], "name": ["甲公司"], "year": [year], "tax_per_mu": [tax_per_mu],
                         "investment_intensity": [400.0], "floor_area_ratio": [1.3], "energy_tce": [500.0],
                         "value_added_wan": [1_000.0]})


def standard(**over) -> pd.DataFrame:
    return contracts(investment_wan_per_mu=350.0, tax_wan_per_mu=25.0, far_min=1.2, energy_tce_per_wan=0.6,
                     production_due="2026-12-31", **over)


@pytest.mark.parametrize(("tax", "as_of", "status", "short"), [
    (25.0, "2026-06-01", "on_track", ()),                    # exactly the commitment
    (20.0, "2026-06-01", "behind", ("tax_wan_per_mu",)),     # before the 达产 date
    (20.0, "2027-01-01", "failed", ("tax_wan_per_mu",)),     # after it
    (26.0, "2027-01-01", "met", ()),
])
def test_commitments_against_the_firms_figures(tax, as_of, status, short):
    out = reg.commitments(standard(), firm_years(tax), T(as_of)).iloc[0]
    assert out["status"] == status and out["short"] == short
    assert out["gap_tax_wan_per_mu"] == pytest.approx(tax - 25)          # 万元/亩
    assert out["gap_investment_wan_per_mu"] == pytest.approx(50)         # 400 − 350 万元/亩
    assert out["actual_energy_tce_per_wan"] == pytest.approx(0.5)        # 500 tce / 1 000 万元 ≤ 0.6
    assert out["figures_year"] == 2025


def test_commitments_use_figures_of_ended_years_only_and_skip_ordinary_land():
    fy = pd.concat([firm_years(30.0, 2025), firm_years(10.0, 2026)], ignore_index=True)
    out = reg.commitments(standard(), fy, T("2026-12-31")).iloc[0]
    assert out["figures_year"] == 2025 and out["actual_tax_wan_per_mu"] == 30
    assert reg.commitments(contracts(), fy, T("2026-12-31")).empty     # no commitment: not 标准地
    none = reg.commitments(standard(), fy.iloc[0:0], T("2026-01-01")).iloc[0]
    assert none["status"] == "no_figures"


@pytest.mark.parametrize(("as_of", "due"), [
    ("2026-10-02", ["production"]),       # 2026-12-31 is 90 days after 2026-10-02
    ("2026-10-01", []),                   # 91 days
    ("2027-03-31", ["completion"]),       # agreed completion 2027-06-29: 90 days
    ("2025-06-29", ["start"]),            # the day itself
])
def test_reviews_due_within_90_days(as_of, due):
    out = reg.reviews_due(standard(), T(as_of))
    assert list(out["review"]) == due
    if due:
        assert 0 <= out["days_left"].iloc[0] <= 90


# --- the whole zone ------------------------------------------------------------------------------------

def test_zone_registers_on_the_tiny_zone(tiny_dataset):
    layers = {name: getattr(tiny_dataset, name) for name in schema.LAYERS}
    layers["contracts"] = pd.concat([contracts(parcel_id="P5", credit_code=None, far_max=2.0),
                                     contracts(contract_no="HT-2", parcel_id="P6", agreed_start=None)],
                                    ignore_index=True)
    ds = dataset_from_layers(layers, source="t")
    r = reg.zone_registers(ds, as_of=T("2026-07-01"))
    # P5 is unbuilt (no floor area: FAR 0) under a planned maximum of 2.0: 24 000 m² of floor to build
    p5 = r.redevelopment.set_index("parcel_id").loc["P5"]
    assert p5["far_headroom"] == 2.0 and p5["floor_headroom_m2"] == pytest.approx(24_000, rel=1e-6)
    assert list(r.idle["parcel_id"]) == ["P5"] and r.idle["days_overdue"].iloc[0] == 2
    # P5 is 100 m × 120 m = 12 000 m² = 18 亩 (drawn in Gauss-Kruger)
    assert r.idle["area_mu"].iloc[0] == pytest.approx(18, rel=1e-6)
    assert list(r.missing_dates["contract_no"]) == ["HT-2"]
    assert "P5" in set(r.redevelopment["parcel_id"])
    assert r.redevelopment.set_index("parcel_id").at["P5", "reasons"][-1] == "idle_register"
    assert reg.entry_key("idle", r.idle.iloc[0]) == "idle:P5"
    with pytest.raises(KeyError, match="the registers are idle, supplied_not_started"):
        r.entries("idel")


def test_viewers_get_land_facts_without_firm_figures():
    fy = firm_years(20.0)
    r = reg.Registers(T("2026-06-01"), pd.DataFrame(), pd.DataFrame(), gpd.GeoDataFrame(), pd.DataFrame(),
                      reg.commitments(standard(), fy, T("2026-06-01")), pd.DataFrame(),
                      pd.DataFrame({"rank": [1, 2], "parcel_id": ["P1", "P2"], "reasons": [("far_low",),
                                                                                   ("below_benchmark",)],
                                    "area_mu": [18.0, 9.0], "tax_wan": [10.0, 1.0], "tax_per_mu": [0.5, 0.1],
                                    "median_tax_per_mu": [11.0, 11.0], "tax_potential_wan": [188.0, 98.0]}),
                      pd.DataFrame())
    seen = reg.redact_registers(r)
    row = seen.commitments.iloc[0]
    assert row["committed_tax_wan_per_mu"] == 25 and row["production_due"] == T("2026-12-31")
    assert row["actual_tax_wan_per_mu"] is None and row["gap_investment_wan_per_mu"] is None
    assert row["status"] is None
    # the reason "below the tax benchmark" tells the firm's tax: P2, listed only for it, is left out
    assert list(seen.redevelopment["parcel_id"]) == ["P1"]
    assert seen.redevelopment["area_mu"].iloc[0] == 18 and seen.redevelopment[
        ["tax_wan", "tax_per_mu", "median_tax_per_mu", "tax_potential_wan"]].isna().all(axis=None)


# --- disposal statuses in the edit store --------------------------------------------------------------

@pytest.fixture(params=["file", "postgis"])
def edit_store(request, tmp_path):
    """The edit store of a file dataset (SQLite beside it), or of a PostGIS dataset (the throwaway server)."""
    from geodata.store import open_store

    if request.param == "file":
        return open_store(str(tmp_path / "data.gpkg"))
    import psycopg

    pg = request.getfixturevalue("pg")
    if not pg.running:
        pg.start()
    with psycopg.connect(pg.url(), autocommit=True) as conn:  # emptied first, as tests/test_store.py does
        conn.execute("DROP TABLE IF EXISTS zone_edits")
    return open_store(pg.url())


def test_status_edits_keep_history_and_refuse_a_concurrent_overwrite(edit_store):
    from dashboard import land_status
    from geodata.store import EditConflict

    store = edit_store
    assert land_status.current_statuses(store) == {}
    entries = pd.DataFrame({"parcel_id": ["P5", "P6"], "days_overdue": [3, 1]})
    shown = land_status.with_status(entries, "idle", {})
    assert list(shown["key"]) == ["idle:P5", "idle:P6"] and list(shown["status"]) == ["pending", "pending"]
    assert list(shown["version"]) == [0, 0]
    first = land_status.save_status(store, "idle:P5", {"status": "in_progress", "deadline": "2026-12-31"},
                                    user="张三", base_version=0)
    assert first.version == 1 and first.before is None
    # 李四 opened version 1 too; 张三 closes the case first, then 李四's save is refused, naming 张三
    second = land_status.save_status(store, "idle:P5", {"status": "closed", "disposal": "taken_back",
                                                        "deadline": "2026-12-31"}, user="张三", base_version=1)
    with pytest.raises(EditConflict, match=r"张三 saved a newer version \(version 2"):
        land_status.save_status(store, "idle:P5", {"status": "in_progress", "deadline": "2027-03-31"},
                                user="李四", base_version=1)
    history = land_status.status_history(store, "idle:P5")
    assert [(e.version, e.user, e.values["status"]) for e in history] == [(1, "张三", "in_progress"),
                                                                          (2, "张三", "closed")]
    assert second.before == {"status": "in_progress", "disposal": None, "deadline": "2026-12-31", "note": ""}
    shown = land_status.with_status(entries, "idle", land_status.current_statuses(store)).set_index("parcel_id")
    assert shown.at["P5", "status"] == "closed" and shown.at["P5", "disposal"] == "taken_back"
    assert shown.at["P5", "version"] == 2 and shown.at["P5", "edited_by"] == "张三"
    assert shown.at["P6", "status"] == "pending"


@pytest.mark.parametrize(("values", "problems"), [
    ({"status": "closed"}, ["no_disposal"]),
    ({"status": "done"}, ["unknown_status"]),
    ({"status": "pending", "deadline": "2026/12/31"}, ["bad_deadline"]),
    ({"status": "pending", "deadline": "2026-02-30"}, ["bad_deadline"]),
    ({"status": "closed", "disposal": "sold"}, ["unknown_disposal"]),
    ({"status": "closed", "disposal": "extended", "deadline": "2027-06-30"}, []),
])
def test_status_records_are_checked(values, problems, tmp_path):
    from dashboard import land_status
    from geodata.store import open_store

    record = {**reg.DEFAULT_STATUS, **values}
    assert reg.status_problems(record) == problems
    if problems:
        with pytest.raises(ValueError, match="nothing was saved"):
            land_status.save_status(open_store(str(tmp_path / "d.gpkg")), "idle:P1", values, user="u",
                                    base_version=0)


# --- the map layer --------------------------------------------------------------------------------------

def test_parcel_status_and_the_register_layer():
    from zone_layers.layers import NOT_EVALUATED_COLOR, REGISTER_STATUS_COLORS, Term, style_parcels

    r = reg.Registers(T("2026-06-30"), pd.DataFrame({"parcel_id": ["P1", "P2"]}),
                      pd.DataFrame({"parcel_id": ["P3"]}), gpd.GeoDataFrame({"batch_id": ["B1"]}),
                      pd.DataFrame({"parcel_id": ["P2", "P4"]}), pd.DataFrame(), pd.DataFrame(), pd.DataFrame(),
                      pd.DataFrame())
    # P2 is idle and low-efficiency: its idle entry decides; P4's low-efficiency entry was closed
    status = reg.parcel_status(r, {"idle:P2": "in_progress", "low_efficiency:P2": "closed",
                                   "low_efficiency:P4": "closed"})
    assert status.to_dict() == {"P1": "pending", "P2": "in_progress", "P3": "pending", "P4": "closed"}
    parcels = pd.DataFrame({"parcel_id": ["P1", "P2", "P3", "P4", "P5"]})
    style = style_parcels(parcels, "register_status",
                          register_status=pd.Series(status.reindex(parcels["parcel_id"]).to_numpy()))
    assert list(style.fill) == [REGISTER_STATUS_COLORS["pending"], REGISTER_STATUS_COLORS["in_progress"],
                                REGISTER_STATUS_COLORS["pending"], REGISTER_STATUS_COLORS["closed"],
                                NOT_EVALUATED_COLOR]
    assert [(label, n) for _, label, n in style.legend] == [
        (Term("land.status.pending"), 2), (Term("land.status.in_progress"), 1), (Term("land.status.closed"), 1),
        (Term("legend.not_in_register"), 1)]
    with pytest.raises(ValueError, match="register_status layer needs"):
        style_parcels(parcels, "register_status")


def test_the_bare_idle_flag_against_the_register(tiny_dataset):
    """P5 is flagged idle in the tiny zone; with a contract not yet a year old it is not idle by the
    register, and P6 (not flagged) is: both disagree. P7 has no contract: not compared."""
    layers = {name: getattr(tiny_dataset, name) for name in schema.LAYERS}
    layers["contracts"] = pd.concat([contracts(parcel_id="P5", credit_code=None, agreed_start="2026-01-10"),
                                     contracts(contract_no="HT-2", parcel_id="P6", credit_code=None)],
                                    ignore_index=True)
    ds = dataset_from_layers(layers, source="t")
    r = reg.zone_registers(ds, as_of=T("2026-07-01"))
    assert r.flag_mismatch.to_dict("records") == [{"parcel_id": "P5", "flagged": True, "registered": False},
                                                  {"parcel_id": "P6", "flagged": False, "registered": True}]


@pytest.mark.parametrize(("developed", "invested", "criterion", "missing"), [
    (8_000.0, None, None, "stopped_share_unknown"),     # 2/3 developed, investment unknown: may be idle
    (1_000.0, None, "stopped", None),                   # under 1/3 developed: idle, whatever was invested
    (None, 1_000.0, "stopped", None),                   # under 25 % invested: idle, whatever was developed
])
def test_stopped_land_with_one_share_unknown(developed, invested, criterion, missing):
    s = states(contracts(), stopped(developed, invested), "2026-10-01")
    assert (s["criterion"].iloc[0], s["missing"].iloc[0]) == (criterion, missing)
    listed = reg.missing_dates(s)
    assert list(listed["reason"]) == ([missing] if missing else [])

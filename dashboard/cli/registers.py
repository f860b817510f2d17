"""``python -m dashboard registers PATH [--as-of YYYY-MM-DD] [--zone Z] [--lang en] [--json]``: the land registers.

Computes the land lifecycle registers of :mod:`zone_layers.registers` as of a date (default today)
exactly as the dashboard's 土地台账 tab does, with each entry's disposal status from the shared edit
store (:mod:`dashboard.land_status`; ``pending`` when never edited). ``--json`` prints one object
with codes: ``as_of``, ``idle`` (each with ``parcel_id``, ``criterion`` — ``not_started`` or
``stopped`` —, ``days_overdue``, ``fee_wan``, ``take_back_eligible`` …), ``supplied_not_started``,
``approved_not_supplied``, ``low_efficiency``, ``commitments``, ``reviews_due``, ``redevelopment`` and
``missing_dates``; the text is in ``--lang``, words from the catalogue. Errors go to stderr with exit
code 1; no traceback. The command line is an analyst's tool: firm figures are included.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

import pandas as pd

from dashboard import land_status
from dashboard.cli.output import json_safe, print_report
from dashboard.i18n import t
from geodata.dataset import ZoneDataset
from geodata.dates import parse_date
from geodata.sources import dataset_from_source
from geodata.store import open_store
from zone_layers import registers as reg
from zone_layers import summary

#: Lists of the JSON object, in order.
LISTS: tuple[str, ...] = ("idle", "supplied_not_started", "approved_not_supplied", "low_efficiency", "commitments",
                          "reviews_due", "redevelopment", "missing_dates")


def as_of_date(text: str) -> pd.Timestamp:
    """``--as-of``: a date written ``YYYY-MM-DD`` (:func:`geodata.dates.parse_date`), else a usage error."""
    day, problem = parse_date(text)
    if day is None:
        msg = f"--as-of {problem or 'is empty; write it as YYYY-MM-DD, e.g. 2026-06-30'}"
        raise argparse.ArgumentTypeError(msg)
    return day


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``registers`` sub-command to ``subparsers`` (from ``ArgumentParser.add_subparsers``)."""
    p = subparsers.add_parser(
        "registers", help="land registers as of a date: idle land, 供而未用, 批而未供, 标准地 commitments",
        description="The land lifecycle registers (闲置土地 by the two criteria, 供而未用, 批而未供, 低效用地, "
                    "标准地 performance, redevelopment potential) with each entry's disposal status.")
    p.add_argument("path", help="GeoPackage, datasets.toml or postgresql:// URL in the canonical schema")
    p.add_argument("--as-of", type=as_of_date, default=None, dest="as_of",
                   help="the date of the registers, YYYY-MM-DD (default: today)")
    p.add_argument("--zone", default=None, help="only this zone_id (default: the whole dataset)")
    p.add_argument("--lang", default="zh", choices=["zh", "en"],
                   help="language of the text output (default zh); the JSON output holds codes either way")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    return p


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    columns = [c for c in frame.columns if c != "geometry"]
    return [{c: json_safe(v) for c, v in zip(columns, row, strict=True)}
            for row in frame[columns].itertuples(index=False, name=None)]


def registers_report(dataset: ZoneDataset, *, as_of: pd.Timestamp | None = None, zone_id: str | None = None,
                     statuses: dict[str, Any] | None = None) -> dict[str, Any]:
    """The object the command prints. ``statuses``: the current disposal records by key
    (:func:`dashboard.land_status.current_statuses`), default none edited."""
    day = pd.Timestamp(as_of if as_of is not None else dt.date.today()).normalize()
    if zone_id is not None:
        zone_id = summary.choose_zone(dataset, zone_id)  # an unknown zone is an error naming the zones
    r = reg.zone_registers(dataset, as_of=day, zone_id=zone_id)
    out: dict[str, Any] = {"illustrative": dataset.illustrative, "as_of": day.strftime("%Y-%m-%d"), "zone": zone_id,
                           "figures_year": r.year}
    out["idle_flag_mismatch"] = _records(r.flag_mismatch)
    for name in LISTS:
        frame = getattr(r, name)
        if name in reg.REGISTERS:
            frame = land_status.with_status(frame, name, statuses or {}).drop(
                columns=["version", "edited_by", "edited_at"])
        out[name] = _records(frame)
    return out


def _money(value: float | None) -> str:
    return "—" if value is None else f"{value:,.1f}"


def render_text(report: dict[str, Any], lang: str = "zh") -> str:
    """The registers as readable text in ``lang``: one heading and one line per entry."""
    lines = [t("cli.registers.heading", lang, date=report["as_of"])]
    if report.get("illustrative"):
        lines.insert(0, t("illustrative_export", lang))

    def section(name: str, rows: list[str]) -> None:
        lines.extend(["", t("cli.registers.section", lang, name=t(f"land.register.{name}", lang), n=len(rows))])
        lines.extend(f"  {r}" for r in rows)

    def idle_row(e: dict[str, Any]) -> str:
        status = e["status"]
        return t("cli.registers.idle_row", lang, parcel=e["parcel_id"],
                 criterion=t(f"land.criterion.{e['criterion']}", lang), days=e["days_overdue"],
                 fee=_money(e["fee_wan"]),
                 take_back=t("land.take_back_yes" if e["take_back_eligible"] else "land.take_back_no", lang)) \
            + f"  [{t(f'land.status.{status}', lang)}]"

    section("idle", [idle_row(e) for e in report["idle"]])
    section("supplied_not_started", [t("cli.registers.waiting_row", lang, parcel=e["parcel_id"],
                                       start=e["agreed_start"], days=e["days_to_idle"])
                                     for e in report["supplied_not_started"]])
    section("approved_not_supplied", [t("cli.registers.batch_row", lang, batch=e["batch_id"], approved=e["approved"],
                                        mu=f"{e['unsupplied_mu']:,.1f}", share=f"{e['unsupplied_share']:.0%}")
                                      for e in report["approved_not_supplied"]])
    section("commitments", [t("cli.registers.commit_row", lang, contract=e["contract_no"], parcel=e["parcel_id"],
                              status=t(f"land.commit.{e['status']}", lang),
                              gap="—" if e["gap_tax_wan_per_mu"] is None else f"{e['gap_tax_wan_per_mu']:+.2f}")
                            for e in report["commitments"]])
    section("reviews_due", [t("cli.registers.review_row", lang, contract=e["contract_no"], parcel=e["parcel_id"],
                              review=t(f"land.review.{e['review']}", lang), due=e["due"], days=e["days_left"])
                            for e in report["reviews_due"]])
    section("missing_dates", [t("cli.registers.missing_row", lang, contract=e["contract_no"], parcel=e["parcel_id"],
                                reason=t(f"land.missing.{e['reason']}", lang)) for e in report["missing_dates"]])
    lines.extend(["", t("cli.registers.section", lang, name=t("land.register.low_efficiency", lang),
                        n=len(report["low_efficiency"]))])
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Handler of ``registers``: print the report; 1 with a message on stderr when it cannot be made."""
    def make() -> dict[str, Any]:
        statuses = land_status.current_statuses(open_store(str(args.path)))
        return registers_report(dataset_from_source(args.path), as_of=args.as_of, zone_id=args.zone,
                                statuses=statuses)

    code, _ = print_report(make, render_text, as_json=args.json, lang=args.lang)
    return code

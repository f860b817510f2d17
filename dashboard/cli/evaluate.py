"""``python -m dashboard evaluate PATH [--year Y] [--preset P] [--zone Z] [--lang en] [--json]``: the firms' evaluation.

Grades every enterprise of a GeoPackage for one year as the evaluation round does (land allocation,
firm-year indicators and :func:`zone_layers.evaluation.evaluate_year`, by the year's official rules:
its official rule version in the edit store, else ``grading.toml``; accepted objections' corrections
applied, ``corrected`` naming the fields, ``corrections`` counting them) and prints one row per
firm: its land in 亩, tax, 亩均税收, whether it is evaluated (and why not) and its grade. ``--json``
prints one object with codes (``year``, ``years``, ``rule_version``, ``enterprises``); the text table is in ``--lang``,
words from the catalogue. Errors (a file it cannot read, a year not in the data, an unknown zone
or preset) go to stderr with exit code 1; no traceback.

Wire into ``dashboard/cli/main.py`` with ``evaluate_cmd.add_parser(sub)`` and, for
``args.command == "evaluate"``, ``return evaluate_cmd.run(args)``.
"""

from __future__ import annotations

import argparse
import unicodedata
from typing import Any

from dashboard import round_records
from dashboard.cli.output import json_safe, print_report
from dashboard.grading_config import load_grading_config
from dashboard.i18n import grade_names, grade_text, reason_text, t
from geodata.crs import m2_to_mu
from geodata.dataset import ZoneDataset, dataset_from_gpkg
from geodata.store import open_store
from zone_layers import round as rnd
from zone_layers import summary

#: Columns of each enterprise in the JSON output: (output key, column of evaluate_year's table).
FIRM_COLUMNS: tuple[tuple[str, str], ...] = (
    ("credit_code", "credit_code"), ("name", "name"), ("industry", "industry"), ("above_scale", "above_scale"),
    ("area_mu", "land_mu"), ("own_mu", "own_mu"), ("leased_out_mu", "leased_out_mu"),
    ("leased_in_mu", "leased_in_mu"), ("industrial_mu", "industrial_mu"), ("tenant", "tenant"),
    ("tax_wan", "tax_wan"), ("revenue_wan", "revenue_wan"), ("tax_per_mu", "tax_per_mu"),
    ("revenue_per_mu", "revenue_per_mu"), ("value_added_per_mu", "value_added_per_mu"),
    ("investment_intensity", "investment_intensity"), ("floor_area_ratio", "floor_area_ratio"),
    ("evaluated", "evaluated"), ("reason", "reason"), ("score", "score"), ("grade", "grade"),
    ("grade_reason", "grade_reason"), ("corrected", "corrected"),
)


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``evaluate`` sub-command to ``subparsers`` (from ``ArgumentParser.add_subparsers``)."""
    p = subparsers.add_parser(
        "evaluate", help="grade the enterprises of a GeoPackage for one year (亩均效益评价)",
        description="One row per enterprise: land (亩), tax, 亩均税收, evaluated or why not, grade. "
                    "Exit code 1 for a file that cannot be read or a year not in the data.")
    p.add_argument("path", help="GeoPackage in the canonical schema (see geodata/README.md)")
    p.add_argument("--year", type=int, default=None, help="year of the figures (default: the latest in the data)")
    p.add_argument("--preset", default=None, help="grading preset of the grading configuration")
    p.add_argument("--zone", default=None, help="only the firms using land of this zone_id (default: all firms)")
    p.add_argument("--lang", default="zh", choices=["zh", "en"],
                   help="language of the text output (default zh); the JSON output holds codes either way")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    return p


def evaluate_report(dataset: ZoneDataset, *, year: int | None = None, preset: str | None = None,
                    zone_id: str | None = None) -> dict[str, Any]:
    """The ``{"illustrative", "year", "years", "rule_version", "preset", "zone", "enterprises": [...]}``
    object of the command (``year``: default the latest in the data; ``zone_id``: only firms using that zone's land).

    Raises :class:`ZoneDataError` for a year not in the data or an unknown zone (naming the valid
    ones), ``KeyError`` for an unknown preset.
    """
    year = summary.resolve_year(dataset, year)
    # the year's official rules (its official rule version in the edit store, else grading.toml) and
    # the accepted objections' corrections, as the publicity list has them (issue 16)
    the_round = round_records.year_round(dataset, open_store(dataset.source), year)
    rules = the_round.official.rules
    if preset is not None:
        rules = rnd.changed_rules(rules, [], preset=preset)
    firms = the_round.firms
    graded = rules.grade(the_round.firm_years, year)
    if zone_id is not None:
        zone_id = summary.choose_zone(dataset, zone_id)  # an unknown zone is an error naming the zones
        parcels = dataset.parcels.loc[dataset.parcels["zone_id"] == zone_id]
        graded = summary.firms_in(graded, firms, parcels)
    for column in ("own", "leased_out", "leased_in", "industrial"):
        graded[f"{column}_mu"] = m2_to_mu(graded[f"{column}_m2"])
    versions = graded["rule_version"].dropna().unique()
    enterprises = [{key: json_safe(value) for (key, _), value in zip(FIRM_COLUMNS, row, strict=True)}
                   for row in graded[[column for _, column in FIRM_COLUMNS]].itertuples(index=False)]
    return {
        "illustrative": dataset.illustrative,
        "year": year,
        "years": list(dataset.years),
        "rule_version": str(versions[0]) if len(versions) else None,
        "preset": rules.preset,
        "rule_name": the_round.official.name if preset in (None, the_round.official.rules.preset) else None,
        "corrections": len(the_round.overrides),
        "zone": zone_id,
        "enterprises": enterprises,
    }


def _number(value: float | None, decimals: int) -> str:
    return "—" if value is None else f"{value:,.{decimals}f}"


def render_text(report: dict[str, Any], lang: str = "zh") -> str:
    """The report as a readable table in ``lang``: headings, grades and reasons from the catalogue."""
    names = grade_names(load_grading_config(), report["preset"], lang=lang)
    firms = report["enterprises"]
    evaluated = sum(1 for f in firms if f["evaluated"])
    lines = [t("cli.evaluate.heading", lang, year=report["year"],
               years=t("list_separator", lang).join(map(str, report["years"])), rule=report["rule_version"] or "—"),
             t("cli.evaluate.counts", lang, n=len(firms), evaluated=evaluated, not_evaluated=len(firms) - evaluated),
             ""]
    if report.get("illustrative"):
        lines.insert(0, t("illustrative_export", lang))
    header = [t("cli.evaluate.col_code", lang), t("cli.evaluate.col_name", lang), t("cli.evaluate.col_area", lang),
              t("cli.evaluate.col_tax", lang), t("cli.evaluate.col_tax_per_mu", lang),
              t("cli.evaluate.col_grade", lang), t("cli.evaluate.col_reason", lang)]
    rows = [header]
    for f in firms:
        reason = f["reason"] if not f["evaluated"] else f["grade_reason"]
        rows.append([f["credit_code"], f["name"] or "", _number(f["area_mu"], 2), _number(f["tax_wan"], 1),
                     _number(f["tax_per_mu"], 2), grade_text(f["grade"], names, lang) or "—",
                     reason_text(reason, lang)])
    widths = [max(_width(r[i]) for r in rows) for i in range(len(header) - 1)]
    for r in rows:
        cells = [_pad(c, w, right=2 <= i <= 4) for i, (c, w) in enumerate(zip(r, widths, strict=False))]
        lines.append("  ".join([*cells, r[-1]]).rstrip())
    return "\n".join(lines)


def _width(text: str) -> int:
    """Columns a text takes in a terminal: wide (CJK) and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def _pad(text: str, width: int, *, right: bool = False) -> str:
    fill = " " * (width - _width(text))
    return fill + text if right else text + fill


def run(args: argparse.Namespace) -> int:
    """Handler of ``evaluate``: print the report; 1 with a message on stderr when it cannot be made."""
    code, _ = print_report(lambda: evaluate_report(dataset_from_gpkg(args.path), year=args.year, preset=args.preset,
                                                   zone_id=args.zone),
                           render_text, as_json=args.json, lang=args.lang)
    return code

"""Command line for batch work: ``python -m dashboard indicators PATH [--year Y] [--lang en] [--json]``.

Reads a GeoPackage in the canonical schema, computes the zone, section and parcel indicators
exactly as the dashboard does (same registry, same functions) and prints a readable table (in
``--lang``, words from the text catalogue) or one JSON object (codes, whatever the language).
Errors go to stderr with exit code 1 (2 for wrong arguments); no traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from dashboard.cli import check as check_cmd
from dashboard.cli import evaluate as evaluate_cmd
from dashboard.cli import registers as registers_cmd
from dashboard.cli import round as round_cmd
from dashboard.cli.output import json_safe, print_report
from dashboard.grading_config import load_grading_config
from dashboard.i18n import grade_text, indicator_name, met_text, t, target_problem_texts, unit_text
from geodata import settings
from geodata.dataset import ZoneDataset, dataset_from_gpkg
from geodata.errors import ZoneDataError
from zone_layers import classify, confidential, disclosure, metrics, summary, target_gaps
from zone_layers.grading import grade_summary
from zone_layers.indicators import INDICATORS, get_indicator

#: Coverage of the firm-figure aggregates (share of the land, reporting firms, all firms on it).
COVERAGE_KEYS = frozenset({f"{p}_coverage" for p in metrics.COVERAGE} | {f"{p}_firms" for p in metrics.COVERAGE}
                          | {total for _, total in metrics.INDICATOR_COVERAGE.values()})
#: Zone-level keys printed and exported, in this order.
ZONE_KEYS = [ind.key for ind in INDICATORS if ind.level == "zone"]
PARCEL_KEYS = ["tax_per_mu", "revenue_per_mu", "value_added_per_mu", "investment_intensity",
               "floor_area_ratio", "building_coefficient", "value_added_per_energy", "tax_per_energy",
               "labour_productivity"]


def _records(frame: pd.DataFrame, columns: Sequence[str]) -> list[dict[str, Any]]:
    return [{c: json_safe(row[c]) for c in columns} for _, row in frame.iterrows()]




def indicators_report(dataset: ZoneDataset, *, zone_id: str | None = None, year: int | None = None,
                      benchmark: float | None = None, preset: str | None = None,
                      role: str = "analyst") -> dict[str, Any]:
    """The ``{"illustrative": bool, "zone": ..., "targets": [...], "target_problems": [...],
    "sections": [...], "parcels": [...]}`` object of the CLI (``year``: default the latest in the data;
    ``illustrative``: the dataset is invented data). ``targets`` are the zone's indicator targets against
    its figures of ``year`` (:func:`zone_layers.target_gaps.indicator_targets`: target, current and gap
    stored like the zone figures, fractions for percent indicators); ``target_problems`` the rows
    of the targets table not used as they stand (:func:`zone_layers.target_gaps.target_problems`).

    ``role="viewer"`` gives exactly what a viewer of the dashboard may see: no parcel's or firm's
    confidential figure, score or grade, and the aggregates under disclosure control
    (:mod:`zone_layers.disclosure`), hidden values as missing (null in JSON)."""
    year = summary.resolve_year(dataset, year)
    config = load_grading_config()
    zid, zone, sections, parcels, firms = summary.zone_parts(dataset, zone_id, rules=config.evaluation)
    bench = settings.TAX_BENCHMARK_WAN_PER_MU if benchmark is None else benchmark
    analyst = role == "analyst"
    ind = summary.evaluate_parcels(parcels if analyst else confidential.redact(parcels), config if analyst else None,
                                   year=year, benchmark=bench, preset=preset, firms=firms)
    zone_figures = summary.zone_summary(zone, parcels, year=year, firms=firms)
    section_rows = summary.section_table(sections, parcels, year=year, firms=firms)
    if not analyst:
        hidden = disclosure.protect(parcels, year=year, by="section_id", shown_groups=sections["section_id"],
                                    users=firms.users(year), firm_land_m2=firms.land["land_m2"],
                                    rules=config.disclosure)
        zone_figures = disclosure.apply_summary(zone_figures, hidden)
        section_rows = disclosure.apply_table(section_rows, hidden)
    targets = target_gaps.indicator_targets(dataset.targets, zone_figures, zone_id=zid, year=year)
    problems = target_gaps.target_problems(dataset.targets)
    return {
        "illustrative": dataset.illustrative,
        "role": role,
        "zone": {k: json_safe(v) for k, v in zone_figures.items()} | {"year": year, "benchmark_tax_per_mu": bench},
        "targets": _records(targets, list(targets.columns)),
        "target_problems": _records(problems, list(problems.columns)),
        "sections": _records(section_rows, ["section_id", "name", "area_km2", "area_mu", "built_km2",
                                            "n_enterprises", "tax_wan", *ZONE_KEYS, "zone_type",
                                            *(c for c in section_rows.columns if c in COVERAGE_KEYS)]),
        "parcels": _records(ind, ["parcel_id", "section_id", "land_class", "enterprise", "area_m2",
                                  "area_mu", "tax_wan", *PARCEL_KEYS, "tax_gap_per_mu", "score", "grade",
                                  "grade_reason"]),
    }


def _fmt(key: str, value: Any, lang: str = "zh") -> str:
    if value is None:
        return "—"
    ind = get_indicator(key)
    if ind.percent:
        return f"{value * 100:.{ind.decimals}f}%"
    return f"{value:,.{ind.decimals}f} {unit_text(ind.unit, lang)}".strip()


def render_text(report: dict[str, Any], lang: str = "zh") -> str:
    """The report as readable text in ``lang``: names, units, zone type and grades from the catalogue."""
    z = report["zone"]
    zone_type = t(f"zone_type.{z['zone_type']}", lang) if z["zone_type"] else "—"
    lines = [t("cli.heading", lang, name=z["name"], zone_id=z["zone_id"], year=z["year"]),
             "  " + t("cli.areas", lang, planned=f"{z['planned_area_km2']:.2f}", computed=f"{z['area_km2']:.2f}",
                      built=f"{z['built_km2']:.2f}", zone_type=zone_type), ""]
    if report.get("illustrative"):
        lines.insert(0, t("illustrative_export", lang))
    width = max(len(indicator_name(k, lang)) for k in ZONE_KEYS) + 2
    lines += [f"  {indicator_name(k, lang):<{width}}{_fmt(k, z[k], lang)}" for k in ZONE_KEYS]
    if report["targets"]:
        lines += ["", t("cli.targets", lang, year=z["year"])]
        for r in report["targets"]:
            key = r["indicator"]
            gap = "—" if r["gap"] is None else ("+" if r["gap"] > 0 else "") + _fmt(key, r["gap"], lang)
            lines.append(f"  {indicator_name(key, lang):<{width}}" + t(
                "cli.target_row", lang, year=r["target_year"], target=_fmt(key, r["target"], lang),
                current=_fmt(key, r["current"], lang), gap=gap, met=met_text(r["met"], lang)))
    lines += ["", t("cli.sections", lang)]
    ratio_name, tax_name = indicator_name("industrial_land_ratio", lang), indicator_name("industrial_tax_per_mu", lang)
    for s in report["sections"]:
        ratio = _fmt("industrial_land_ratio", s["industrial_land_ratio"], lang)
        tax = _fmt("industrial_tax_per_mu", s["industrial_tax_per_mu"], lang)
        lines.append(f"  {s['name']:<8}{s['area_km2']:6.2f} km²  {ratio_name} {ratio}  {tax_name} {tax}")
    graded = pd.DataFrame([p for p in report["parcels"] if p["grade"]], columns=["grade"])
    counts = grade_summary(graded)["count"]
    shown = t("list_separator", lang).join(f"{grade_text(g, {}, lang)} {n}" for g, n in counts.items() if n)
    lines += ["", t("cli.firms", lang, n=len(graded), grades=shown)]
    return "\n".join(lines)


def parse_size(text: str) -> tuple[int, int]:
    """``1920x1080`` (also ``1920×1080``, ``1920X1080``) as (width, height) pixels, for ``--size``."""
    parts = text.lower().replace("×", "x").split("x")
    try:
        width, height = (int(p.strip()) for p in parts)
    except ValueError:
        msg = f"size {text!r} is not WIDTHxHEIGHT in whole pixels; write e.g. 1920x1080"
        raise argparse.ArgumentTypeError(msg) from None
    if width < 320 or height < 180:
        msg = f"size {text!r} is too small; a brief needs at least 320x180 pixels, e.g. 1920x1080"
        raise argparse.ArgumentTypeError(msg)
    return width, height


def _basemap(text: str) -> str:
    from dashboard.map.basemaps import BASEMAPS

    keys = [b.key for b in BASEMAPS]
    if text not in keys:
        msg = f"unknown basemap {text!r}; valid: {', '.join(keys)} (none needs no network)"
        raise argparse.ArgumentTypeError(msg)
    return text


def _add_brief_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    from zone_layers.layers import PARCEL_LAYERS

    p = sub.add_parser("brief", help="render a print-quality map brief (PNG, PDF or SVG) of one zone")
    p.add_argument("path", nargs="?", default=None,
                   help="GeoPackage in the canonical schema (default: the bundled illustrative sample)")
    p.add_argument("--view", metavar="URL",
                   help="a dashboard URL (or just its ?query) to draw the same view: zone, layer, year, scheme, "
                        "k, breaks, preset, benchmark, lang; the options below override it")
    p.add_argument("--zone", help="zone_id to draw (default: the only zone with parcels)")
    p.add_argument("--layer", default=None, choices=[la.key for la in PARCEL_LAYERS],
                   help="parcel layer to colour (default land_class)")
    p.add_argument("--year", type=int, default=None, help="year of the figures (default: the latest in the data)")
    p.add_argument("--scheme", default=None, help="classification: quantiles, natural_breaks, equal_interval, "
                                                  "user_defined")
    p.add_argument("--k", type=int, default=None, help="number of classes (default 5)")
    p.add_argument("--breaks", default=None, help="user-defined breaks, e.g. '5, 11, 20, 30'")
    p.add_argument("--lang", default=None, choices=["zh", "en"])
    p.add_argument("--basemap", type=_basemap, default=None,
                   help="none (default, works offline), osm, tianditu_vec, tianditu_img, gaode_vec, gaode_img: "
                        "tiles are fetched, so this needs the tile server to be reachable")
    p.add_argument("--tile-url", default=None, metavar="TEMPLATE",
                   help="your own XYZ tile server instead, e.g. http://tiles.intranet/{z}/{x}/{y}.png")
    p.add_argument("--title", default=None, help="title (default: zone name · layer name)")
    p.add_argument("--review-line", default="", help="map review line printed in the footer, e.g. 审图号：…")
    p.add_argument("--size", type=parse_size, default=(1920, 1080), help="pixels, WIDTHxHEIGHT (default 1920x1080)")
    p.add_argument("--dpi", type=int, default=200, help="resolution, dots per inch (default 200)")
    p.add_argument("--benchmark", type=float, default=None,
                   help=f"per-mu tax benchmark, 万元/亩 (default {settings.TAX_BENCHMARK_WAN_PER_MU:g})")
    p.add_argument("--preset", default=None, help="grading preset of the grading configuration")
    p.add_argument("--out", required=True, help="output file: .png, .pdf or .svg")
    return p


#: The view keys the brief takes from a dashboard URL (the same names as in the URL).
BRIEF_VIEW_KEYS = ("zone", "layer", "year", "scheme", "k", "breaks", "preset", "benchmark", "lang", "basemap")


def view_options(args: argparse.Namespace) -> dict[str, str]:
    """The brief's view: the keys of ``--view URL`` overridden by the explicit options."""
    from urllib.parse import parse_qs, urlsplit

    view: dict[str, str] = {}
    if args.view:
        query = urlsplit(args.view).query or args.view.lstrip("?")
        view = {k: v[-1] for k, v in parse_qs(query).items() if k in BRIEF_VIEW_KEYS}
    for key in BRIEF_VIEW_KEYS:
        value = getattr(args, key, None)
        if value is not None:
            view[key] = str(value)
    return view


def brief_command(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Handler of ``python -m dashboard brief``: render and save; data errors exit 1."""
    from dashboard.export import brief, tiles
    from dashboard.export.brief_fonts import FontMissingError

    if Path(args.out).suffix.lower() not in brief.FORMATS:
        parser.error(f"--out {args.out}: unknown suffix {Path(args.out).suffix or '(none)'!r}; "
                     f"use one of {', '.join(brief.FORMATS)}")
    if args.dpi <= 0:
        parser.error(f"--dpi {args.dpi}: expected a positive number, e.g. 200")
    path = args.path or str(settings.SAMPLE_PATH)
    view = view_options(args)
    try:
        breaks = list(classify.breaks_from_text(str(view["breaks"]))) if view.get("breaks") else None
        fig = brief.render_brief(dataset_from_gpkg(path), zone_id=view.get("zone"),
                                 layer=view.get("layer") or "land_class",
                                 year=int(view["year"]) if view.get("year") else None, title=args.title,
                                 size=args.size, dpi=args.dpi, review_line=args.review_line,
                                 benchmark=float(view["benchmark"]) if view.get("benchmark") else None,
                                 preset=view.get("preset"), scheme=view.get("scheme") or "quantiles",
                                 k=int(view.get("k") or 5), breaks=breaks, lang=view.get("lang") or "zh",
                                 basemap=view.get("basemap") or "none", tile_url=args.tile_url)
        out = brief.save_brief(fig, args.out)
    except (ZoneDataError, KeyError, ValueError, FontMissingError, OSError, tiles.TileError) as exc:
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
        print(f"error: {message}", file=sys.stderr)
        return 1
    print(out)
    return 0


def _hash_password() -> int:
    """Read a password (no echo on a terminal) and print its hash; the password is never printed."""
    import getpass

    from dashboard.access import hash_password  # imports streamlit: only for this command

    password = getpass.getpass("password: ") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
    if not password:
        print("error: empty password", file=sys.stderr)
        return 1
    print(hash_password(password))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m dashboard``."""
    parser = argparse.ArgumentParser(prog="python -m dashboard", description="开发区土地效率: batch tools")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("indicators", help="compute zone, section and parcel indicators of a GeoPackage")
    p.add_argument("path", help="GeoPackage in the canonical schema (see geodata/README.md)")
    p.add_argument("--year", type=int, default=None, help="year of the figures (default: the latest in the data)")
    p.add_argument("--zone", help="zone_id to report (default: the only zone with parcels)")
    p.add_argument("--benchmark", type=float, default=None,
                   help=f"per-mu tax benchmark, 万元/亩 (default {settings.TAX_BENCHMARK_WAN_PER_MU:g})")
    p.add_argument("--preset", default=None, help="grading preset of the grading configuration")
    p.add_argument("--lang", default="zh", choices=["zh", "en"],
                   help="language of the text output (default zh); the JSON output holds codes either way")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    p.add_argument("--role", default="analyst", choices=["analyst", "viewer"],
                   help="print what this role may see (default analyst: everything); viewer: no firm's figures, "
                        "aggregates under disclosure control, hidden values as null")
    brief_parser = _add_brief_parser(sub)
    check_cmd.add_parser(sub)
    evaluate_cmd.add_parser(sub)
    registers_cmd.add_parser(sub)
    round_cmd.add_parsers(sub)
    sub.add_parser("hash-password", help="print a PBKDF2 hash of a password (read from stdin without echo) "
                                         "for [access.users.NAME] password_hash in .streamlit/secrets.toml")
    args = parser.parse_args(argv)
    if args.command == "brief":
        return brief_command(args, brief_parser)
    if args.command == "hash-password":
        return _hash_password()
    if args.command == "check":
        return check_cmd.run(args)
    if args.command == "evaluate":
        return evaluate_cmd.run(args)
    if args.command == "registers":
        return registers_cmd.run(args)
    if args.command in ("simulate", "publicity", "prices"):
        return round_cmd.run(args, parser)
    code, report = print_report(lambda: indicators_report(dataset_from_gpkg(args.path), zone_id=args.zone,
                                                          year=args.year, benchmark=args.benchmark,
                                                          preset=args.preset, role=args.role),
                                render_text, as_json=args.json, lang=args.lang)
    if report is not None and not args.json:
        problems = pd.DataFrame(report["target_problems"], columns=["row", "zone_id", "year", "indicator", "problem"])
        for text in target_problem_texts(problems, target_gaps.target_indicators(), args.lang):
            print(f"warning: {text}", file=sys.stderr)
    return code

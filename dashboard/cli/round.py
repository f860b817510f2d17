"""The evaluation round on the command line: ``simulate``, ``publicity`` and ``prices``.

``python -m dashboard simulate PATH --year Y [--preset P] [--set KEY=VALUE ...] [--json] [--lang en]``
grades the year's firms by the official rules of that year (its official rule version in the edit
store, else ``grading.toml``; accepted objections' corrections applied) and by those rules with the
changes, and prints ``rule_version``, ``counts`` (``official`` and ``simulated`` per grade),
``quota_warnings`` and ``moved`` (``credit_code``, ``name``, ``official``, ``simulated``,
``decided_by`` …). Without ``--set`` the two gradings are the same and ``moved`` is empty.

``python -m dashboard publicity PATH --year Y --out FILE.xlsx|FILE.pdf [--deadline DATE] [--lang en]``
writes the grade list (公示) with the rule version, the 示意数据 line of invented data and the
objection deadline. ``python -m dashboard prices PATH --year Y --out FILE.xlsx`` writes one sheet
per utility: firms with grade and rate, and the total only where consumption is reported.

A wrong key or value of ``--set`` names its key path and what is expected; errors go to stderr with
exit code 1, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from dashboard import round_records as rr
from dashboard.cli.evaluate import _pad, _width
from dashboard.cli.output import print_report
from dashboard.i18n import grade_names, grade_text, indicator_name, t
from geodata.dataset import dataset_from_gpkg
from geodata.errors import ZoneDataError
from geodata.store import open_store
from zone_layers import round as rnd

PUBLICITY_FORMATS = (".xlsx", ".pdf")


def add_parsers(subparsers: Any) -> None:
    """Add ``simulate``, ``publicity`` and ``prices`` to ``subparsers``."""
    p = subparsers.add_parser("simulate", help="grade a year by the official rules and by changed ones (what-if)",
                              description="Counts per grade, quota warnings and the firms that move. "
                                          "Exit code 1 for a file that cannot be read or a bad --set.")
    p.add_argument("path", help="GeoPackage in the canonical schema (see geodata/README.md)")
    p.add_argument("--year", type=int, default=None, help="year of the figures (default: the latest in the data)")
    p.add_argument("--preset", default=None, help="grade the simulation by this preset (default: the official one)")
    p.add_argument("--set", dest="settings", action="append", default=[], metavar="KEY=VALUE",
                   help="a change, e.g. criteria[0].weight=60, presets.huaian.classes[0].share=0.25, "
                        "quotas.henan.A.max=0.2, tie_rule=by_tax, benchmark=12 (万元/亩); repeat for more")
    p.add_argument("--lang", default="zh", choices=["zh", "en"], help="language of the text output (default zh)")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    for name, what in (("publicity", "write the grade list for public notice (公示) as XLSX or PDF"),
                       ("prices", "write the utilities' lists of firms with grade and rate (XLSX)")):
        q = subparsers.add_parser(name, help=what)
        q.add_argument("path", help="GeoPackage in the canonical schema (see geodata/README.md)")
        q.add_argument("--year", type=int, default=None, help="year of the figures (default: the latest)")
        q.add_argument("--out", required=True, help="output file: " + (".xlsx or .pdf" if name == "publicity"
                                                                       else ".xlsx"))
        q.add_argument("--lang", default="zh", choices=["zh", "en"], help="language of the list (default zh)")
        if name == "publicity":
            q.add_argument("--deadline", default=None, help="objection deadline printed on the list, e.g. 2025-04-30")


def simulate_report(path: str, *, year: int | None, preset: str | None, settings: list[str]) -> dict[str, Any]:
    """The JSON object of ``simulate`` (see the module docstring)."""
    changes = [rnd.parse_setting(s) for s in settings]
    dataset = dataset_from_gpkg(path)
    the_round = rr.year_round(dataset, open_store(path), year)
    sim = the_round.simulate(changes, preset=preset)
    counts = sim.counts.set_index("grade")
    return rr.as_json({
        "illustrative": dataset.illustrative,
        "year": the_round.year,
        "rule_version": the_round.official.rules.version,
        "rule_name": the_round.official.name,
        "simulated_rule_version": sim.simulated_rules.version,
        "preset": {"official": sim.official_rules.preset, "simulated": sim.simulated_rules.preset},
        "settings": [{"key": k, "value": v} for k, v in changes],
        "overrides": len(the_round.overrides),
        "counts": {"official": counts["official"].to_dict(), "simulated": counts["simulated"].to_dict()},
        "quota_warnings": sim.warnings,
        "moved": sim.moved.to_dict("records"),
    })


def render_simulation(report: dict[str, Any], lang: str = "zh") -> str:
    """The report as text in ``lang``."""
    from dashboard.grading_config import load_grading_config

    config = load_grading_config()
    presets = {p.key for p in config.presets}
    names = grade_names(config, report["preset"]["simulated"], lang=lang) \
        if report["preset"]["simulated"] in presets else {}
    official = f"{report['rule_name']} ({report['rule_version']})" if report["rule_name"] else report["rule_version"]
    lines = [t("illustrative_export", lang)] if report["illustrative"] else []
    lines.append(t("round.cli.heading", lang, year=report["year"], official=official,
                   simulated=report["simulated_rule_version"]))
    if report["overrides"]:
        lines.append(t("round.cli.overrides", lang, n=report["overrides"]))
    rows = [[t("round.col.grade", lang), t("round.col.official", lang), t("round.col.simulated", lang)]]
    rows += [[grade_text(grade, names, lang), str(n), str(report["counts"]["simulated"][grade])]
             for grade, n in report["counts"]["official"].items()
             if grade in names or grade == "ungraded" or n or report["counts"]["simulated"][grade]]
    widths = [max(_width(r[i]) for r in rows) for i in range(3)]
    lines.append("")
    lines += ["  ".join(_pad(c, w, right=i > 0) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
              for r in rows]
    lines.append("")
    for w in report["quota_warnings"]:
        lines.append(quota_text(w, lang))
    if not report["quota_warnings"]:
        lines.append(t("round.quota_ok", lang))
    lines += ["", t("round.moved_title", lang, n=len(report["moved"]))]
    for m in report["moved"]:
        decided = indicator_name(m["decided_by"], lang) if m["decided_by"] else t("round.decided.none", lang)
        lines.append("  " + t("round.cli.moved_row", lang, code=m["credit_code"], name=m["name"] or "",
                              official=grade_text(m["official"], names, lang),
                              simulated=grade_text(m["simulated"], names, lang), decided=decided))
    return "\n".join(lines)


def quota_text(warning: dict[str, Any], lang: str) -> str:
    """One quota warning as a sentence."""
    return t("round.quota_warning", lang, of=t(f"round.of.{warning['of']}", lang), grade=warning["grade"],
             count=warning["count"], n=warning["n"], share=f"{warning['share'] * 100:.1f}%",
             bound=t(f"round.bound.{warning['bound']}", lang), limit=f"{warning['limit'] * 100:g}%")


def _names(rules: rnd.Rules, lang: str) -> dict[str, str]:
    return grade_names(rules.config, rules.preset, lang=lang)


def write_publicity(path: str, out: str, *, year: int | None, lang: str, deadline: str | None) -> Path:
    """Write the publicity list of ``year`` to ``out`` (.xlsx or .pdf)."""
    from dashboard.export import publicity

    dataset = dataset_from_gpkg(path)
    the_round = rr.year_round(dataset, open_store(path), year)
    rules = the_round.official.rules
    frame = publicity.publicity_frame(rnd.publicity_table(the_round.graded()), lang, names=_names(rules, lang))
    title = t("round.publicity.title", lang, year=the_round.year)
    lines = publicity.header_lines(lang, rule=the_round.official.label, illustrative=dataset.illustrative,
                                   deadline=deadline)
    target = Path(out)
    if target.suffix.lower() == ".pdf":
        data = publicity.publicity_pdf(frame, title=title, lines=lines, lang=lang)
    else:
        data = publicity.publicity_xlsx(frame, title=title, lines=lines, sheet=str(the_round.year))
    target.write_bytes(data)
    return target


def write_prices(path: str, out: str, *, year: int | None, lang: str) -> Path:
    """Write the utilities' lists of ``year`` to ``out`` (.xlsx)."""
    from dashboard.export import publicity

    dataset = dataset_from_gpkg(path)
    store = open_store(path)
    the_round = rr.year_round(dataset, store, year)
    lists = rr.price_lists(the_round, dataset, store)
    lines = publicity.header_lines(lang, rule=the_round.official.label, illustrative=dataset.illustrative,
                                   deadline=None)
    data = publicity.prices_xlsx(lists, lang, names=_names(the_round.official.rules, lang),
                                 title=t("round.prices_title", lang) + f" · {the_round.year}", lines=lines)
    target = Path(out)
    target.write_bytes(data)
    return target


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Handler of the three commands: print or write; 1 with a message on stderr when refused."""
    if args.command == "simulate":
        code, _ = print_report(lambda: simulate_report(args.path, year=args.year, preset=args.preset,
                                                       settings=args.settings),
                               render_simulation, as_json=args.json, lang=args.lang)
        return code
    suffix = Path(args.out).suffix.lower()
    allowed = PUBLICITY_FORMATS if args.command == "publicity" else (".xlsx",)
    if suffix not in allowed:
        parser.error(f"--out {args.out}: unknown suffix {suffix or '(none)'!r}; use one of {', '.join(allowed)}")
    from dashboard.export.brief_fonts import FontMissingError

    try:
        if args.command == "publicity":
            written = write_publicity(args.path, args.out, year=args.year, lang=args.lang, deadline=args.deadline)
        else:
            written = write_prices(args.path, args.out, year=args.year, lang=args.lang)
    except (ZoneDataError, KeyError, OSError, FontMissingError) as exc:
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
        print(f"error: {message}", file=sys.stderr)
        return 1
    print(written)
    return 0

"""Definitions and sources cited by the code live in the repository (docs/definitions.md)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFINITIONS = ROOT / "docs" / "definitions.md"
OUTSIDE = re.compile(r"DOMAIN\.md|FIELD_NOTES\.md|STYLE\.md|\.\./shared/")
CITATION = re.compile(r'docs/definitions\.md,\s*"([^"]+)"')


def tracked_text_files() -> list[Path]:
    names = subprocess.run(["git", "ls-files", "*.py", "*.md", "*.csv", "*.toml", "*.js", "*.css"], cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout.split()
    return [ROOT / n for n in names if (ROOT / n).exists()]


def test_nothing_cites_a_file_outside_the_repository():
    offenders = [f"{p.relative_to(ROOT)}:{i}" for p in tracked_text_files() if p.name != "test_docs.py"
                 for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if OUTSIDE.search(line)]
    assert not offenders, f"cite docs/definitions.md instead: {offenders}"


def test_every_cited_section_exists():
    headings = {line.lstrip("#").strip() for line in DEFINITIONS.read_text(encoding="utf-8").splitlines()
                if line.startswith("## ")}
    cited = {(m.group(1), str(p.relative_to(ROOT))) for p in tracked_text_files()
             for m in CITATION.finditer(p.read_text(encoding="utf-8"))}
    assert cited, "no file cites a section of docs/definitions.md"
    missing = sorted((section, where) for section, where in cited
                     if not any(h == section or h.startswith(section + " ") for h in headings))
    assert not missing, f"sections cited but absent from docs/definitions.md: {missing}"


def test_the_checks_catch_what_they_look_for():
    assert OUTSIDE.search("see ../shared/DOMAIN.md")
    assert CITATION.search('(docs/definitions.md, "Thresholds")').group(1) == "Thresholds"

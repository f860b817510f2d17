"""Imports flow dashboard -> zone_layers -> geodata; only dashboard/ imports the UI libraries."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
UI = {"streamlit", "streamlit_folium", "folium", "branca"}
#: package -> project packages it must not import
FORBIDDEN = {"geodata": {"zone_layers", "dashboard"}, "zone_layers": {"dashboard"}}


def imported_top_levels(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", ["geodata", "zone_layers"])
def test_lower_layers_import_no_ui_and_nothing_above(package):
    files = sorted((ROOT / package).rglob("*.py"))
    assert files
    for path in files:
        bad = imported_top_levels(path) & (UI | FORBIDDEN[package])
        assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


def test_the_check_itself_catches_a_leak(tmp_path):
    leak = tmp_path / "leak.py"
    leak.write_text("import folium\nfrom dashboard.pages.app import run\n")
    assert imported_top_levels(leak) >= {"folium", "dashboard"}


def test_entry_script_only_uses_dashboard():
    assert imported_top_levels(ROOT / "streamlit_app.py") == {"dashboard"}


def test_top_level_layout():
    required = {"dashboard", "geodata", "zone_layers", "tests", "streamlit_app.py",
                "requirements.txt", "README.md", "Makefile", "pyproject.toml", ".ci",
                ".streamlit"}
    present = {p.name for p in ROOT.iterdir()}
    assert required <= present


#: dashboard subpackage -> sibling subpackages it must not import (pages sit on top of map and
#: export; the CLI uses export and map but never a page; map and export never reach up).
DASHBOARD_FORBIDDEN = {
    "map": {"pages", "export", "cli"},
    "export": {"pages", "cli"},
    "cli": {"pages"},
    "pages": {"cli"},
}


def dashboard_subpackages(path: Path) -> set[str]:
    """The ``dashboard.<sub>`` packages ``path`` imports (any depth, also inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    subs: set[str] = set()
    for node in ast.walk(tree):
        modules = []
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        for module in modules:
            parts = module.split(".")
            if parts[0] == "dashboard" and len(parts) > 1:
                subs.add(parts[1])
    return subs


@pytest.mark.parametrize("sub", sorted(DASHBOARD_FORBIDDEN))
def test_dashboard_subpackages_do_not_reach_sideways_or_up(sub):
    files = sorted((ROOT / "dashboard" / sub).rglob("*.py"))
    assert files, f"dashboard/{sub}/ is missing"
    for path in files:
        bad = dashboard_subpackages(path) & DASHBOARD_FORBIDDEN[sub]
        assert not bad, f"{path.relative_to(ROOT)} imports dashboard.{sorted(bad)}"


def test_shared_dashboard_modules_import_no_subpackage():
    """i18n, fmt, access and grading_config serve every subpackage, so they import none (the entry
    points, ``python -m dashboard`` and ``python -m dashboard.launch``, start the pages)."""
    subs = {p.name for p in (ROOT / "dashboard").iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    for path in sorted((ROOT / "dashboard").glob("*.py")):
        if path.name in ("__main__.py", "launch.py"):
            continue
        bad = dashboard_subpackages(path) & subs
        assert not bad, f"{path.relative_to(ROOT)} imports dashboard.{sorted(bad)}"


def test_the_sideways_check_catches_a_cycle(tmp_path):
    leak = tmp_path / "leak.py"
    leak.write_text("def f():\n    from dashboard.cli import main\n    from dashboard import pages\n")
    assert dashboard_subpackages(leak) == {"cli", "pages"}


def test_every_dashboard_subpackage_says_what_it_holds():
    for init in sorted((ROOT / "dashboard").glob("*/__init__.py")):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and len(doc) > 20, f"{init.relative_to(ROOT)} has no docstring saying what it holds"

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
    leak.write_text("import folium\nfrom dashboard.app import run\n")
    assert imported_top_levels(leak) >= {"folium", "dashboard"}


def test_entry_script_only_uses_dashboard():
    assert imported_top_levels(ROOT / "streamlit_app.py") == {"dashboard"}


def test_top_level_layout():
    required = {"dashboard", "geodata", "zone_layers", "tests", "streamlit_app.py",
                "requirements.txt", "README.md", "Makefile", "pyproject.toml", ".ci",
                ".streamlit"}
    present = {p.name for p in ROOT.iterdir()}
    assert required <= present

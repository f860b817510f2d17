"""Lint and type checks run with the tests, so CI holds the house style."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


@pytest.mark.parametrize("cmd", [["ruff", "check", "--quiet", "."], ["mypy"]])
def test_tool_is_clean(cmd):
    exe = BIN / cmd[0]
    if not exe.exists() and shutil.which(cmd[0]) is None:
        pytest.skip(f"{cmd[0]} not installed (tests/requirements.txt installs it)")
    result = subprocess.run([str(exe if exe.exists() else cmd[0]), *cmd[1:]], cwd=ROOT,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def _public_without_docstring(root: Path) -> list[str]:
    """Public module-level functions and classes, and public methods of public classes, that have no
    docstring (numpydoc: what it is, with units where it returns a quantity)."""
    import ast

    missing = []
    for package in ("geodata", "zone_layers", "dashboard"):
        for path in sorted((root / package).rglob("*.py")):
            if "sample" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in tree.body:
                if not isinstance(node, (ast.FunctionDef, ast.ClassDef)) or node.name.startswith("_"):
                    continue
                if any(isinstance(d, ast.Name) and d.id == "overload" for d in node.decorator_list):
                    continue  # a typing stub; the implementation below it carries the docstring
                if not ast.get_docstring(node):
                    missing.append(f"{path.relative_to(root)}:{node.name}")
                if isinstance(node, ast.ClassDef):
                    missing += [f"{path.relative_to(root)}:{node.name}.{sub.name}" for sub in node.body
                                if isinstance(sub, ast.FunctionDef) and not sub.name.startswith("_")
                                and not ast.get_docstring(sub)]
    return missing


def test_public_functions_have_docstrings():
    assert _public_without_docstring(ROOT) == []


def test_the_docstring_check_sees_a_missing_one(tmp_path):
    (tmp_path / "geodata").mkdir()
    (tmp_path / "zone_layers").mkdir()
    (tmp_path / "dashboard").mkdir()
    (tmp_path / "geodata" / "m.py").write_text('def f():\n    return 1\n\n\nclass C:\n    """C."""\n\n'
                                               '    def g(self):\n        return 2\n', encoding="utf-8")
    assert _public_without_docstring(tmp_path) == ["geodata/m.py:f", "geodata/m.py:C.g"]

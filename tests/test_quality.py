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

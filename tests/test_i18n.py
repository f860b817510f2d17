"""Every UI string exists in Chinese and English."""

from __future__ import annotations

import re
from pathlib import Path

from dashboard.i18n import LANGS, TEXT, t


def test_every_key_in_every_language():
    missing = [(key, lang) for key, entry in TEXT.items() for lang in LANGS if not entry.get(lang)]
    assert missing == []


def test_every_key_used_in_code_exists():
    code = "\n".join(p.read_text(encoding="utf-8")
                     for p in (Path(__file__).resolve().parents[1] / "dashboard").glob("*.py"))
    used = set(re.findall(r"""\bt\(\s*["']([a-z_0-9]+)["']""", code))
    assert used, "the scan found no t() calls"
    assert sorted(used - set(TEXT)) == []


def test_formatting_values():
    assert t("col_target", "zh", year=2026) == "2026年目标"
    assert t("col_target", "en", year=2026) == "2026 target"

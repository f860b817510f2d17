"""geodata/README.md documents the schema the code actually has."""

from __future__ import annotations

from pathlib import Path

from geodata import schema

README = Path(__file__).resolve().parents[1] / "geodata" / "README.md"


def test_readme_tables_are_current():
    assert schema.markdown_tables() in README.read_text(encoding="utf-8")


def test_every_field_has_a_chinese_alias():
    for layer in schema.LAYERS:
        for field in schema.fields_of(layer):
            assert field.zh and any("\u4e00" <= ch <= "\u9fff" for ch in field.zh), field

"""Small helpers shared by several test modules."""

from __future__ import annotations

import re


def decoded(text: str) -> str:
    """A rendered page or component payload with JSON/JS string escapes undone (\\uXXXX, \\", \\/)."""
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
    return text.replace('\\"', '"').replace("\\/", "/")

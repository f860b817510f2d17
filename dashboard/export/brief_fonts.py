"""The font and matplotlib settings of a brief: Noto Sans CJK SC, embedded in PDF, paths in SVG.

Every text of a brief uses Noto Sans CJK SC (Debian package ``fonts-noto-cjk``); PDFs embed it
(``pdf.fonttype`` 42) and SVGs carry text as paths, so Chinese never turns into empty boxes on another
machine. :func:`brief_context` applies these settings while a brief is drawn or written, without
changing matplotlib's global rcParams.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib import font_manager
from matplotlib.typing import RcKeyType

#: Family name of the CJK font every text of a brief uses, and the file name it is searched by.
CJK_FAMILY: str = "Noto Sans CJK SC"
CJK_FILE_HINT: str = "NotoSansCJK"
CJK_PACKAGE: str = "fonts-noto-cjk"


class FontMissingError(RuntimeError):
    """The CJK font is not installed; the message names the package that provides it."""


def cjk_font_path() -> Path:
    """The file of the Noto Sans CJK SC font, registered with matplotlib's font manager.

    Looks among the fonts matplotlib knows first, then scans the system font files for
    ``NotoSansCJK`` (a font installed after matplotlib built its cache).

    Raises
    ------
    FontMissingError
        Naming the Debian package ``fonts-noto-cjk`` when no such font is installed.
    """
    for entry in font_manager.fontManager.ttflist:
        if entry.name == CJK_FAMILY:
            return Path(entry.fname)
    for fname in font_manager.findSystemFonts():
        if CJK_FILE_HINT.lower() in Path(fname).name.replace("-", "").lower():
            font_manager.fontManager.addfont(fname)
    for entry in font_manager.fontManager.ttflist:
        if entry.name == CJK_FAMILY:
            return Path(entry.fname)
    msg = (f"font {CJK_FAMILY!r} not found (searched matplotlib's font list and the system font files "
           f"for {CJK_FILE_HINT}*); install it with `apt-get install {CJK_PACKAGE}` (Debian/Ubuntu), "
           "then run the command again")
    raise FontMissingError(msg)


def brief_rc() -> dict[RcKeyType, Any]:
    """rcParams of a brief: the CJK font, embedded TrueType/CID fonts in PDF, text as paths in SVG."""
    cjk_font_path()
    return {
        "font.family": [CJK_FAMILY],
        "font.sans-serif": [CJK_FAMILY, "DejaVu Sans"],
        "axes.unicode_minus": False,
        "pdf.fonttype": 42,
        "ps.fonttype": 42,
        "svg.fonttype": "path",
        "svg.hashsalt": "zone-brief",
        "path.simplify": False,
    }


@contextmanager
def brief_context() -> Iterator[None]:
    """Apply :func:`brief_rc` inside the ``with`` block only."""
    with matplotlib.rc_context(brief_rc()):
        yield

"""Shapefile text encodings: detect GBK text read as Latin-1 (mojibake) and read it again properly.

GDAL takes a shapefile's encoding from its ``.cpg`` file or the DBF language byte; with neither it
assumes ISO-8859-1, and GBK text comes back as ``×ÚµØ±àºÅ`` instead of ``宗地编号``
(docs/definitions.md, "Areas and coordinate systems"). :func:`read_with_encoding` reads with
GDAL's default, looks for that pattern in the column names and text values, and re-reads with
each of :data:`FALLBACK_ENCODINGS` until the text is clean.
"""

from __future__ import annotations

import glob
import re
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio

from geodata.ingest.report import Said

#: Encodings tried, in order, when the default read gives mojibake.
FALLBACK_ENCODINGS: tuple[str, ...] = ("gbk", "gb18030")
#: Two or more characters in U+0080–U+00FF in a row: how GBK bytes look when decoded as Latin-1.
_MOJIBAKE = re.compile(r"[\u0080-\u00ff]{2,}")
#: At most this many text values per column are inspected.
SAMPLE_VALUES = 200


def _texts(frame: gpd.GeoDataFrame) -> Iterable[str]:
    yield from (str(c) for c in frame.columns)
    for col in frame.columns:
        if col == frame.geometry.name or not (frame[col].dtype == object or pd.api.types.is_string_dtype(frame[col])):
            continue
        for value in frame[col].head(SAMPLE_VALUES):
            if isinstance(value, str):
                yield value


def _is_cjk_mojibake(text: str) -> bool:
    """True when ``text`` has Latin-1 runs that decode as GB18030 into CJK characters."""
    for run in _MOJIBAKE.findall(text):
        try:
            decoded = run.encode("latin-1").decode("gb18030")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if any("\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"
               for ch in decoded):
            return True
    return False


def looks_like_mojibake(texts: Iterable[str]) -> bool:
    """True when any text looks like GBK/GB18030 bytes decoded as Latin-1 (``×ÚµØ±àºÅ``)."""
    return any(_is_cjk_mojibake(t) for t in texts)


def has_replacement_chars(frame: gpd.GeoDataFrame) -> bool:
    """True when a decoder replaced bytes it could not read (U+FFFD)."""
    return any("\ufffd" in t for t in _texts(frame))


def _read_cut_utf8(path: Path, **kwargs: Any) -> tuple[gpd.GeoDataFrame, str, list[Said]]:
    """Read a UTF-8 shapefile whose field names or values are cut inside a character.

    A DBF field name holds at most 10 bytes, and 宗地编号 takes 12 in UTF-8: writers cut it, and GDAL
    then fails to decode the name. The file is read byte for byte (a copy without its ``.cpg``, so GDAL
    takes ISO-8859-1) and each text decoded as UTF-8 with the cut character dropped.
    """
    def fix(text: str, errors: str = "ignore") -> str:
        try:
            return text.encode("latin-1").decode("utf-8", errors)
        except (UnicodeEncodeError, UnicodeDecodeError):  # not byte-for-byte text, or not UTF-8: leave it
            return text

    with tempfile.TemporaryDirectory(prefix="cututf8-") as folder:
        for part in path.parent.glob(f"{glob.escape(path.stem)}.*"):
            if part.suffix.lower() != ".cpg":
                shutil.copy(part, Path(folder) / part.name)
        frame = pyogrio.read_dataframe(Path(folder) / path.name, **kwargs)  # no .cpg: GDAL reads ISO-8859-1
    renamed = {c: fix(c) for c in frame.columns if c != frame.geometry.name}
    cut = [new for old, new in renamed.items() if fix(old, "strict") == old and new != old]
    frame = frame.rename(columns=renamed)
    for col in renamed.values():
        if frame[col].dtype == object or pd.api.types.is_string_dtype(frame[col]):
            frame[col] = frame[col].map(lambda v: fix(v) if isinstance(v, str) else v)
    note = Said(f"{path.name}: text is UTF-8 but cut inside a character (a DBF field name holds at most 10 bytes; "
                f"宗地编号 needs 12 in UTF-8), so it could not be decoded; read byte by byte and the cut characters "
                f"dropped{': fields ' + ', '.join(cut) if cut else ''}. Rename the fields to at most 3 Chinese "
                "characters, or save the shapefile as GBK with a .cpg file", "encoding_cut_utf8",
                {"file": path.name, "fields": ", ".join(cut) or "—"})
    return frame, "UTF-8", [note]


def read_with_encoding(path: Path | str, **kwargs: Any) -> tuple[gpd.GeoDataFrame, str, list[Said]]:
    """Read a vector file, re-reading a shapefile whose text is mojibake with GBK, then GB18030.

    Returns
    -------
    (frame, encoding, notes)
        ``encoding`` is the one used (GDAL's report, e.g. ``UTF-8`` or ``ISO-8859-1``, or the fallback
        that gave clean text); ``notes`` explain a re-read (English, with a code and params).
    """
    path = Path(path)
    try:
        frame = pyogrio.read_dataframe(path, **kwargs)
    except UnicodeDecodeError:
        if path.suffix.lower() != ".shp":
            raise
        return _read_cut_utf8(path, **kwargs)
    try:
        encoding = str(pyogrio.read_info(path, layer=kwargs.get("layer")).get("encoding") or "UTF-8")
    except Exception:  # read_info failing after a good read changes nothing: fall back to the default
        encoding = "UTF-8"
    if path.suffix.lower() != ".shp" or not looks_like_mojibake(_texts(frame)):
        return frame, encoding, []
    has_cpg = path.with_suffix(".cpg").exists() or path.with_suffix(".CPG").exists()
    for candidate in FALLBACK_ENCODINGS:
        try:
            again = pyogrio.read_dataframe(path, encoding=candidate, **kwargs)
        except Exception:  # a decoding error in GDAL/pyogrio: try the next encoding
            continue
        if not looks_like_mojibake(_texts(again)) and not has_replacement_chars(again):
            why = "its .cpg file names another encoding" if has_cpg else "it has no .cpg file"
            said = Said(f"{path.name}: text read as {encoding} was garbled (e.g. '×ÚµØ±àºÅ' for 宗地编号) "
                        f"because {why}; re-read as {candidate.upper()}. Add a .cpg file containing "
                        f"{candidate.upper()} next to the .shp to make this explicit", "encoding_reread",
                        {"file": path.name, "encoding": encoding, "reread": candidate.upper()})
            return again, candidate.upper(), [said]
    note = Said(f"{path.name}: text looks garbled and neither {', '.join(FALLBACK_ENCODINGS)} reads it cleanly; "
                f"kept as read ({encoding}). Add a .cpg file naming the encoding the file was written in",
                "encoding_garbled", {"file": path.name, "encoding": encoding,
                                     "tried": ", ".join(FALLBACK_ENCODINGS)})
    return frame, encoding, [note]

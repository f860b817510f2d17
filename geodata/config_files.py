"""Reading the project's TOML configuration files (the grading presets) with clear error messages.

File access only: what the values mean is checked by the module that uses them, against its typed
model through :func:`geodata.config_model.validate_config` (for grading,
:func:`zone_layers.grading.config_from_dict`). The dashboard loads the grading configuration in
two steps, so that ``geodata`` never imports ``zone_layers``::

    path = config_files.grading_config_path()
    config = grading.config_from_dict(config_files.read_toml(path), source=str(path))
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

from geodata.errors import ZoneDataError

#: Environment variable naming a grading configuration to use instead of the bundled one.
GRADING_ENV_VAR: str = "GRADING_CONFIG"

#: The bundled default grading configuration (presets henan, huaian, zhejiang), editable by the bureau.
GRADING_CONFIG_PATH: Path = Path(__file__).resolve().parent / "grading.toml"

_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def grading_config_path() -> Path:
    """Path of the grading configuration: ``$GRADING_CONFIG`` when set, else the bundled file."""
    value = os.environ.get(GRADING_ENV_VAR, "").strip()
    return Path(value).expanduser() if value else GRADING_CONFIG_PATH


def read_toml(path: str | Path) -> dict:
    """The contents of a TOML file as a dict.

    Parameters
    ----------
    path
        The file, UTF-8 encoded.

    Returns
    -------
    dict
        The parsed document (tables become dicts, arrays of tables lists of dicts).

    Raises
    ------
    ZoneDataError
        When the file is missing, is not UTF-8, or is not valid TOML. A syntax error names the
        line and column and quotes the line.
    """
    p = Path(path)
    if not p.is_file():
        what = "is a directory, not a file" if p.is_dir() else "does not exist"
        msg = (f"{p}: configuration file {what}; check the path, or unset ${GRADING_ENV_VAR} to use "
               f"the bundled {GRADING_CONFIG_PATH.name}")
        raise ZoneDataError(msg)
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        msg = (f"{p}: byte {exc.start} is not UTF-8 text; save the file as UTF-8 (in Notepad: "
               "另存为 → 编码 UTF-8)")
        raise ZoneDataError(msg) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        reason = str(exc)
        match = _POSITION.search(reason)
        if match is None:
            msg = f"{p}: not valid TOML: {reason}"
            raise ZoneDataError(msg) from None
        line, column = int(match.group(1)), int(match.group(2))
        lines = text.splitlines()
        quoted = lines[line - 1] if 0 < line <= len(lines) else ""
        msg = (f"{p}: TOML syntax error at line {line}, column {column}: "
               f"{_POSITION.sub('', reason).strip()}\n    {line}| {quoted}\n"
               "fix that line: text values need double quotes (name_zh = \"河南\"), every key needs "
               "'=' and a value (weight = 50), tables are written [presets.name]")
        raise ZoneDataError(msg) from None

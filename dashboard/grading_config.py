"""Loading the grading configuration: the TOML file (``$GRADING_CONFIG`` or the bundled one) read by
geodata and validated by zone_layers — the two steps every caller needs, in one place."""

from __future__ import annotations

from pathlib import Path

from geodata.config_files import grading_config_path, read_toml
from zone_layers.grading import GradingConfig, config_from_dict


def load_grading_config(path: Path | None = None) -> GradingConfig:
    """The validated grading configuration at ``path`` (default: ``grading_config_path()``)."""
    path = path or grading_config_path()
    return config_from_dict(read_toml(path), source=str(path))

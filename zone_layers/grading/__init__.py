"""Enterprise grading (亩均效益分类评价, "亩均论英雄"): a weighted score, then classes A/B/C(/D).

Pure functions; the presets (weights, benchmarks, shares, thresholds) are configuration, read from
``geodata/grading.toml`` by the caller in two steps (file access stays in ``geodata``)::

    from geodata import config_files
    path = config_files.grading_config_path()
    config = config_from_dict(config_files.read_toml(path), source=str(path))
    grades = grade_enterprises(summary.parcel_indicators(parcels, year=2024), config)

The rules (ties, missing data, small groups, ungraded firms) are documented in
``zone_layers/README.md`` and in :func:`grade_enterprises`.
"""

from zone_layers.grading.config import config_from_dict
from zone_layers.grading.evaluate import (
                                         class_targets,
                                         grade_enterprises,
                                         grade_names,
                                         grade_summary,
                                         preset_choices,
                                         resolve_benchmarks,
                                         weighted_score,
)
from zone_layers.grading.methods import METHODS
from zone_layers.grading.model import (
                                         DEFAULT_GRADE_NAMES,
                                         GRADE_COLORS,
                                         GRADES,
                                         HENAN_GRADE_NAMES,
                                         PARCEL_INDICATORS,
                                         SCORE_TOLERANCE,
                                         TIE_BREAK,
                                         TIE_RULES,
                                         UNGRADED,
                                         Criterion,
                                         EvaluationRules,
                                         GradeClass,
                                         GradingConfig,
                                         GradingConfigError,
                                         Method,
                                         Preset,
)

__all__ = [
                                         "DEFAULT_GRADE_NAMES",
                                         "GRADES",
                                         "GRADE_COLORS",
                                         "HENAN_GRADE_NAMES",
                                         "METHODS",
                                         "PARCEL_INDICATORS",
                                         "SCORE_TOLERANCE",
                                         "TIE_BREAK",
                                         "TIE_RULES",
                                         "UNGRADED",
                                         "Criterion",
                                         "EvaluationRules",
                                         "GradeClass",
                                         "GradingConfig",
                                         "GradingConfigError",
                                         "Method",
                                         "Preset",
                                         "class_targets",
                                         "config_from_dict",
                                         "grade_enterprises",
                                         "grade_names",
                                         "grade_summary",
                                         "preset_choices",
                                         "resolve_benchmarks",
                                         "weighted_score",
]

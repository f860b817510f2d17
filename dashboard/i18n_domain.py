"""The words for the domain's codes: grade and low-efficiency reasons, layers, legend terms, grades.

Part of the one text catalogue: :mod:`dashboard.i18n` merges :data:`DOMAIN_TEXT` into its ``TEXT``
(one key space, looked up with ``t()``; a key defined twice is an error). ``zone_layers`` returns
codes (``{"rule": "score_at_least", "score": 1.23, "min": 1.0}``, ``("idle", "far_low")``,
``Term("legend.no_data")``); ``dashboard.i18n.reason_text`` and friends word them with these entries.

Keys are ``<topic>.<code>``: ``reason.<rule>`` (a grade reason, see ``zone_layers/README.md``),
``low_rule.<key>`` (:data:`zone_layers.efficiency.RULES`), ``layer.<key>``
(:data:`zone_layers.layers.PARCEL_LAYERS`), ``legend.*``, ``grade.ungraded``, ``method.<key>``
(:data:`zone_layers.grading.METHODS`), and, derived from the registries that also document them,
``land_class.<code>`` (:data:`geodata.schema.LAND_CLASSES`); ``scheme.<key>``
(:data:`zone_layers.classify.SCHEMES`), ``zone_type.<code>`` (:func:`zone_layers.metrics.zone_indicators`),
``tier.none``; the indicators' names, formulas, sources and units (``indicator.<key>.*``, ``unit.<code>``)
come from :mod:`dashboard.i18n_indicators`.

Data values with known words: ``level.<value>``, ``star.<value>`` and ``tier.<value>`` word the
values of the zones and targets tables (国家级, 二星, 一档) for the English page;
``dashboard.i18n.value_text`` shows any other value as it is.
"""

from __future__ import annotations

from dashboard.i18n_indicators import INDICATOR_TEXT
from geodata import schema

_WORDS: dict[str, dict[str, str]] = {
    # grade reasons (zone_layers.grading): {"rule": ..., **parameters}
    "reason.rank_top": {"zh": "得分排名前{share}", "en": "score in the top {share}"},
    "reason.rank_bottom": {"zh": "得分排名后{share}", "en": "score in the bottom {share}"},
    "reason.rank_between": {"zh": "得分排名{lo}–{hi}", "en": "score ranked {lo}–{hi}"},
    "reason.henan_top": {"zh": "得分居前半且{pick}领先（前{share}）",
                         "en": "top half by score, highest {pick} (top {share})"},
    "reason.henan_bottom": {"zh": "得分居后半且{pick}最低（后{share}）",
                            "en": "bottom half by score, lowest {pick} (bottom {share})"},
    "reason.henan_bottom_missing": {"zh": "得分居后半且未报{pick}数据（后{share}）",
                                    "en": "bottom half by score, no {pick} reported (bottom {share})"},
    "reason.henan_rest": {"zh": "其余企业", "en": "all other firms"},
    "reason.score_at_least": {"zh": "得分{score}≥{min}", "en": "score {score} ≥ {min}"},
    "reason.score_below": {"zh": "得分{score}<{min}", "en": "score {score} < {min}"},
    "reason.small_group": {"zh": "样本不足{n}家，按基准绝对值评价：{reason}",
                           "en": "fewer than {n} firms, graded on absolute thresholds: {reason}"},
    "reason.tied": {"zh": "{reason}，与较优一档末位并列",
                    "en": "{reason}; tied with the last firm of the better class"},
    "reason.tied_down": {"zh": "{reason}，与较差一档的企业并列（并列归较差档）",
                         "en": "{reason}; tied with a firm of the worse class (ties go to the worse class)"},
    # a class of a share-based preset that did not get its quota (zone_layers.grading.class_targets)
    "grading.share_missed": {"zh": "{group}{n} 家参评企业中，{grade} {actual} 家，按比例 {share} 应为 {target} 家"
                                   "（分界处并列；并列规则：{tie_rule}）。",
                             "en": "{group}Of the {n} firms graded, {grade} has {actual}; its share of {share} "
                                   "gives {target} (firms tie at the boundary; tie rule: {tie_rule})."},
    "grading.group.tenants": {"zh": "承租企业组：", "en": "Tenants' group: "},
    "grading.group.owners": {"zh": "自有用地企业组：", "en": "Group of firms with land of their own: "},
    "tie_rule.better": {"zh": "并列归较优档", "en": "ties join the better class"},
    "tie_rule.worse": {"zh": "并列归较差档", "en": "ties drop to the worse class"},
    "tie_rule.by_tax": {"zh": "按亩均税收、再按信用代码", "en": "by tax per mu, then credit code"},
    "reason.ungraded_no_primary": {"zh": "未评价：缺少主要指标（{indicator}）",
                                   "en": "Not graded: main indicator missing ({indicator})"},
    "reason.ungraded_no_tax": {"zh": "未评价：无税收数据", "en": "Not graded: no tax figures"},
    "reason.ungraded_exempt": {"zh": "未评价：{exempt}", "en": "Not graded: exempt ({exempt})"},
    "reason.ungraded_no_land": {"zh": "未评价：无用地", "en": "Not graded: no land"},
    "reason.ungraded_too_new": {"zh": "未评价：{registered_year}年成立，不足{min_years}年",
                                "en": "Not graded: registered {registered_year}, under {min_years} years"},
    "reason.ungraded_small": {"zh": "未评价：规下企业用地{area_mu}亩，不足{min_mu:g}亩",
                              "en": "Not graded: below designated size on {area_mu} mu, under {min_mu:g} mu"},
    "reason.ungraded_not_built": {"zh": "未评价：在建", "en": "Not graded: under construction"},
    "reason.ungraded_industry": {"zh": "未评价：{industry}", "en": "Not graded: industry {industry}"},
    "reason.ungraded_no_score": {"zh": "未评价：无法计算得分（缺少有效基准）",
                                 "en": "Not graded: no score (no usable benchmark)"},
    "grade.ungraded": {"zh": "未评价", "en": "Not graded"},
    # grading methods (zone_layers.grading.METHODS)
    "method.henan_three_class": {"zh": "河南三类（前半取税收领先、后半取能效最低）",
                                 "en": "Henan three classes (top half by tax, bottom half by energy efficiency)"},
    "method.percentile": {"zh": "按得分排名比例分档", "en": "Classes by percentile of the score"},
    "method.weighted_benchmark": {"zh": "按基准得分阈值分档", "en": "Classes by score thresholds against benchmarks"},
    # low-efficiency rules (zone_layers.efficiency.RULES)
    "low_rule.idle": {"zh": "闲置土地", "en": "Idle land"},
    "low_rule.supplied_unbuilt": {"zh": "已供未建", "en": "Supplied, not built"},
    "low_rule.below_benchmark": {"zh": "亩均税收低于基准", "en": "Tax per mu below benchmark"},
    "low_rule.far_low": {"zh": "容积率低于下限", "en": "FAR below minimum"},
    "low_rule.coefficient_low": {"zh": "建筑系数低于下限", "en": "Building coefficient below minimum"},
    "low_rule.separator": {"zh": "、", "en": "; "},
    # parcel layers (zone_layers.layers.PARCEL_LAYERS) and their legends
    "layer.land_class": {"zh": "用地类别", "en": "Land class"},
    "layer.tax_per_mu": {"zh": "亩均税收", "en": "Tax per mu"},
    "layer.investment_intensity": {"zh": "投资强度", "en": "Investment intensity"},
    "layer.floor_area_ratio": {"zh": "容积率", "en": "Floor-area ratio"},
    "layer.revenue_per_mu": {"zh": "亩均营业收入", "en": "Revenue per mu"},
    "layer.grade": {"zh": "企业评价等级", "en": "Enterprise grade"},
    "layer.low_efficiency": {"zh": "低效用地", "en": "Low-efficiency land"},
    "legend.not_evaluated": {"zh": "不参评（非企业用地）", "en": "Not evaluated (no enterprise)"},
    "legend.no_data": {"zh": "无数据", "en": "No data"},
    "legend.no_reason": {"zh": "未见低效情形", "en": "No low-efficiency reason"},
    "legend.first_reason": {"zh": "有多种情形的宗地按上列顺序中的第一种着色并计数",
                            "en": "A parcel with several reasons is coloured and counted by the first in this order"},
    # classification schemes (zone_layers.classify.SCHEMES)
    "scheme.quantiles": {"zh": "分位数", "en": "Quantiles"},
    "scheme.natural_breaks": {"zh": "自然断点", "en": "Natural breaks"},
    "scheme.equal_interval": {"zh": "等间距", "en": "Equal interval"},
    "scheme.user_defined": {"zh": "自定义断点", "en": "User-defined breaks"},
    "scheme.benchmark": {"zh": "按基准分级", "en": "Around the benchmark"},
    "scheme.benchmark_help": {"zh": "分级点为侧栏亩均税收基准的 {shares}（每级含下限）。",
                              "en": "Classes break at {shares} of the sidebar's tax-per-mu benchmark (each class "
                                    "includes its lower bound)."},
    "scheme.benchmark_zero": {"zh": "基准为 0，无法按基准分级；暂按分位数显示。",
                              "en": "The benchmark is 0, so there are no classes around it; showing quantiles."},
    # zone types (zone_layers.metrics.zone_indicators)
    "zone_type.industry_led": {"zh": "工业主导型", "en": "Industry-led"},
    "zone_type.mixed_use": {"zh": "产城融合型", "en": "Mixed industry and city"},
    # data values of the zones and targets tables with known words (dashboard.i18n.value_text)
    "level.国家级": {"zh": "国家级", "en": "National-level"},
    "level.省级": {"zh": "省级", "en": "Provincial-level"},
    "star.一星": {"zh": "一星", "en": "1 star"},
    "star.二星": {"zh": "二星", "en": "2 stars"},
    "star.三星": {"zh": "三星", "en": "3 stars"},
    "star.四星": {"zh": "四星", "en": "4 stars"},
    "star.五星": {"zh": "五星", "en": "5 stars"},
    "tier.一档": {"zh": "一档", "en": "Tier 1"},
    "tier.二档": {"zh": "二档", "en": "Tier 2"},
    "tier.三档": {"zh": "三档", "en": "Tier 3"},
    "tier.none": {"zh": "未定档", "en": "No tier"},
}

_LAND_CLASSES = {f"land_class.{code}": {"zh": f"{code} {zh}", "en": f"{code} {en}"}
                 for code, (zh, en) in schema.LAND_CLASSES.items()}

DOMAIN_TEXT: dict[str, dict[str, str]] = {**_WORDS, **_LAND_CLASSES, **INDICATOR_TEXT}

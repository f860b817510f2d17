"""Every UI string exists in Chinese and English, in one catalogue; the domain's codes are worded."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from dashboard import i18n_brief, i18n_domain, i18n_indicators
from dashboard.i18n import (
    LANGS,
    TEXT,
    grade_text,
    indicator_help,
    indicator_label,
    indicator_name,
    label_text,
    low_reasons_text,
    reason_text,
    share_missed_texts,
    t,
    unit_text,
    value_text,
)
from geodata import schema
from zone_layers import classify, efficiency, grading, styles
from zone_layers.indicators import INDICATORS, UNITS
from zone_layers.layers import PARCEL_LAYERS, Term

#: Han characters and CJK punctuation / full-width forms.
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
#: Chinese words an English text may carry on purpose: the illustrative-data label required on
#: every map and page, the official name of a map's review number and an example of one.
ALLOWED_IN_ENGLISH = ("示意数据", "审图号", "豫S（2025）012号")


def test_every_key_in_every_language():
    missing = [(key, lang) for key, entry in TEXT.items() for lang in LANGS if not entry.get(lang)]
    assert missing == []


def test_the_catalogue_is_one_key_space_holding_every_part():
    assert set(i18n_domain.DOMAIN_TEXT) <= set(TEXT) and set(i18n_brief.BRIEF_TEXT) <= set(TEXT)
    assert set(i18n_indicators.INDICATOR_TEXT) <= set(i18n_domain.DOMAIN_TEXT)
    assert not set(i18n_domain.DOMAIN_TEXT) & set(i18n_brief.BRIEF_TEXT)


def test_the_missing_key_check_catches_a_gap(monkeypatch):
    monkeypatch.setitem(TEXT, "only_chinese", {"zh": "仅中文"})
    missing = [(key, lang) for key, entry in TEXT.items() for lang in LANGS if not entry.get(lang)]
    assert missing == [("only_chinese", "en")]


def english_with_cjk(text: dict[str, dict[str, str]]) -> list[str]:
    def stripped(en: str) -> str:
        for word in ALLOWED_IN_ENGLISH:
            en = en.replace(word, "")
        return en
    return [key for key, entry in text.items() if CJK.search(stripped(entry.get("en", "")))]


def test_no_chinese_in_english_texts():
    assert english_with_cjk(TEXT) == []
    assert english_with_cjk({"bad": {"zh": "无", "en": "Tax（万元）"}}) == ["bad"]  # the check can fail


def test_every_domain_code_has_words():
    wanted = ({f"low_rule.{r.key}" for r in efficiency.RULES} | {layer.term.key for layer in PARCEL_LAYERS}
              | {f"method.{m.key}" for m in grading.METHODS}
              | {f"indicator.{i.key}.{part}" for i in INDICATORS for part in ("name", "formula", "source")}
              | {f"unit.{u}" for u in UNITS if u} | {f"scheme.{s.key}" for s in classify.SCHEMES}
              | {c.key for c in styles.TIER_STYLES + styles.LAND_CLASS_STYLES}
              | {f"zone_type.{z}" for z in ("industry_led", "mixed_use")}
              | {f"land_class.{c}" for c in schema.LAND_CLASSES} | {f"grade.{grading.UNGRADED}"}
              | {f"legend.{k}" for k in ("not_evaluated", "no_data", "no_reason", "first_reason")}
              | {f"tie_rule.{r}" for r in grading.TIE_RULES} | {"reason.tied_down", "grading.share_missed"}
              | {f"grading.group.{g}" for g in ("tenants", "owners")})
    assert sorted(wanted - set(TEXT)) == []
    # short names only for indicators of the registry
    shorts = {k.split(".")[1] for k in TEXT if k.startswith("indicator.") and k.endswith(".short")}
    assert shorts and shorts <= {i.key for i in INDICATORS}


def test_every_indicator_text_is_an_indicator_of_the_registry():
    keys = {i.key for i in INDICATORS}
    strays = [k for k in TEXT if k.startswith("indicator.") and k.split(".")[1] not in keys]
    assert strays == []
    assert sorted(k.split(".")[1] for k in TEXT if k.startswith("unit.")) == sorted(u for u in UNITS if u)


def test_every_key_used_in_code_exists():
    code = "\n".join(p.read_text(encoding="utf-8")
                     for p in (Path(__file__).resolve().parents[1] / "dashboard").rglob("*.py"))
    used = set(re.findall(r"""\bt\(\s*["']([a-z_0-9.]+)["']""", code))
    assert len(used) > 100, "the scan found too few t() calls"
    assert sorted(used - set(TEXT)) == []


@pytest.mark.parametrize(("key", "short", "zh", "en"), [
    ("tax_per_mu", False, "亩均税收(万元/亩)", "Tax per mu(10k CNY/mu)"),
    ("industrial_tax_per_mu", True, "工业亩均税收(万元/亩)", "Ind. tax/mu(10k CNY/mu)"),
    ("industrial_tax_per_mu", False, "工业用地亩均税收(万元/亩)", "Industrial tax per mu(10k CNY/mu)"),
    ("built_up_rate", True, "土地建成率(%)", "Built-up rate(%)"),          # no short name: the name
    ("far", False, "综合容积率", "Overall floor-area ratio"),               # no unit: no brackets
    ("value_added_per_energy", False, "单位能耗增加值(万元/吨标煤)", "Value added per energy(10k CNY/tce)"),
])
def test_indicator_labels(key, short, zh, en):
    assert indicator_label(key, "zh", short=short) == zh
    assert indicator_label(key, "en", short=short) == en


def test_indicator_formula_and_source_in_both_languages():
    assert indicator_help("tax_per_mu", "en") == (
        "Tax per mu: annual tax ÷ land area in mu\n\nPer-mu performance evaluation of firms (e.g. Henan's "
        "classified comprehensive evaluation of firms in industrial clusters)")
    assert indicator_help("idle_land_rate", "zh") == (
        "土地闲置率: G ÷ D\n\n《开发区土地集约利用评价规程》TD/T 1029；自然资源部开发区土地集约利用监测统计")
    assert t("indicator.idle_land_rate.source", "en").startswith("TD/T 1029 Rules for evaluating intensive land use")
    assert indicator_name("tax_per_mu", "en", short=True) == "Tax per mu"


def test_units_and_data_values_with_known_words():
    assert unit_text("wan_per_mu", "zh") == "万元/亩" and unit_text("wan_per_mu", "en") == "10k CNY/mu"
    assert unit_text("percent", "en") == "%" and unit_text("", "en") == ""
    assert [value_text("level", v, "en") for v in ("国家级", "省级")] == ["National-level", "Provincial-level"]
    assert value_text("star", "二星", "en") == "2 stars" and value_text("tier", "一档", "en") == "Tier 1"
    assert value_text("tier", "一档", "zh") == "一档" and value_text("level", "国家级", "zh") == "国家级"
    # unknown values stay as they are; missing ones are empty
    assert value_text("level", "市级", "en") == "市级" and value_text("star", "六星", "en") == "六星"
    assert [value_text("tier", v, "en") for v in (None, float("nan"), "")] == ["", "", ""]
    assert value_text("land_class", "A2", "en") == "A2 Industrial & warehousing"
    assert t("tier.none", "en") == "No tier" and t("scheme.natural_breaks", "en") == "Natural breaks"


def test_formatting_values():
    assert t("col_target", "zh", year=2026) == "2026年目标"
    assert t("col_target", "en", year=2026) == "2026 target"


# --- the domain's codes in both languages (hand-written expectations) ---------------------------

@pytest.mark.parametrize(("reason", "zh", "en"), [
    ({"rule": "score_at_least", "score": 1.234, "min": 1.0}, "得分1.23≥1", "score 1.23 ≥ 1"),
    # just below the threshold never reads as reaching it: 0.3999999 is shown as 0.39, not 0.40
    ({"rule": "score_below", "score": 0.3999999, "min": 0.4}, "得分0.39<0.4", "score 0.39 < 0.4"),
    ({"rule": "score_below", "score": 0.3, "min": 0.4, "small_group": 10},
     "样本不足10家，按基准绝对值评价：得分0.30<0.4",
     "fewer than 10 firms, graded on absolute thresholds: score 0.30 < 0.4"),
    ({"rule": "rank_top", "share": 0.15}, "得分排名前15%", "score in the top 15%"),
    ({"rule": "rank_between", "from": 0.6, "to": 0.95}, "得分排名60%–95%", "score ranked 60%–95%"),
    ({"rule": "rank_bottom", "share": 0.05}, "得分排名后5%", "score in the bottom 5%"),
    ({"rule": "henan_top", "pick": "tax_per_mu", "share": 0.15, "tied": True},
     "得分居前半且亩均税收领先（前15%），与较优一档末位并列",
     "top half by score, highest Tax per mu (top 15%); tied with the last firm of the better class"),
    ({"rule": "rank_between", "from": 0.2, "to": 0.6, "tied_down": True},
     "得分排名20%–60%，与较差一档的企业并列（并列归较差档）",
     "score ranked 20%–60%; tied with a firm of the worse class (ties go to the worse class)"),
    ({"rule": "henan_bottom", "pick": "value_added_per_energy", "share": 0.1},
     "得分居后半且单位能耗增加值最低（后10%）", "bottom half by score, lowest Value added per energy (bottom 10%)"),
    ({"rule": "henan_bottom_missing", "pick": "value_added_per_energy", "share": 0.1},
     "得分居后半且未报单位能耗增加值数据（后10%）",
     "bottom half by score, no Value added per energy reported (bottom 10%)"),
    ({"rule": "henan_rest"}, "其余企业", "all other firms"),
    ({"rule": "ungraded_no_tax"}, "未评价：无税收数据", "Not graded: no tax figures"),
    ({"rule": "ungraded_not_built"}, "未评价：在建", "Not graded: under construction"),
    ({"rule": "ungraded_no_primary", "indicator": "tax_per_mu"}, "未评价：缺少主要指标（亩均税收）",
     "Not graded: main indicator missing (Tax per mu)"),
    # the industry is data: it stays as it is in both languages
    ({"rule": "ungraded_industry", "industry": "公用事业"}, "未评价：公用事业", "Not graded: industry 公用事业"),
    ({"rule": "ungraded_no_score"}, "未评价：无法计算得分（缺少有效基准）",
     "Not graded: no score (no usable benchmark)"),
])
def test_reason_text_in_both_languages(reason, zh, en):
    assert reason_text(reason, "zh") == zh
    assert reason_text(reason, "en") == en


def test_empty_codes_render_as_nothing():
    assert reason_text(None, "en") == "" and low_reasons_text(None, "en") == "" and low_reasons_text((), "zh") == ""
    assert low_reasons_text(("idle", "far_low"), "zh") == "闲置土地、容积率低于下限"
    assert low_reasons_text(("idle", "far_low"), "en") == "Idle land; FAR below minimum"


def test_grades_and_legend_labels():
    names = {"A": "A 优先发展"}
    assert grade_text(grading.UNGRADED, names, "zh") == "未评价"
    assert grade_text(grading.UNGRADED, names, "en") == "Not graded"
    assert grade_text("A", names, "zh") == "A 优先发展" and grade_text(None, names, "en") == ""
    assert label_text(Term("legend.no_data"), "en") == "No data" and label_text("≤ 10.00", "en") == "≤ 10.00"
    assert label_text(Term("land_class.A2"), "zh") == "A2 工业仓储用地"
    assert t("layer.grade", "en") == "Enterprise grade"


def test_share_missed_warnings_in_both_languages():
    # Henan, N = 10, the bottom half tied on energy: C (quota round(0.10 × 10) = 1) got 0 firms
    targets = pd.DataFrame({"group": ["all"] * 3, "n": [10] * 3, "grade": ["A", "B", "C"],
                            "share": [0.15, float("nan"), 0.1], "target": [2, 7, 1], "actual": [2, 8, 0],
                            "missed": [False, False, True]})
    names = {"A": "A 优先发展", "B": "B 鼓励提升", "C": "C 倒逼转型"}
    assert share_missed_texts(targets, names=names, tie_rule="better", lang="zh") == [
        "10 家参评企业中，C 倒逼转型 0 家，按比例 10% 应为 1 家（分界处并列；并列规则：并列归较优档）。"]
    en_names = {"A": "A Priority development", "B": "B Encouraged to improve", "C": "C Pressed to transform"}
    assert share_missed_texts(targets, names=en_names, tie_rule="better", lang="en") == [
        "Of the 10 firms graded, C Pressed to transform has 0; its share of 10% gives 1 (firms tie at the "
        "boundary; tie rule: ties join the better class)."]
    # graded in groups (tenants apart): the group is named; nothing missed → no warning
    grouped = targets.assign(group="tenants")
    assert share_missed_texts(grouped, names=en_names, tie_rule="worse", lang="en")[0].startswith(
        "Tenants' group: Of the 10 firms graded")
    assert share_missed_texts(targets.assign(missed=False), names=names, tie_rule="by_tax", lang="zh") == []

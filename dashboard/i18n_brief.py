"""The briefing map's words (title line, legend, footer, watermark): part of the one text catalogue.

:mod:`dashboard.i18n` merges :data:`BRIEF_TEXT` into its ``TEXT``; keys are ``brief.<name>``, looked
up with ``t()`` like every other string.
"""

from __future__ import annotations

BRIEF_TEXT: dict[str, dict[str, str]] = {
    "brief.source": {"zh": "数据来源：{source}；制图日期：{date}", "en": "Data: {source}; map date: {date}"},
    "brief.sample": {"zh": "内置示意数据（驻马店经济技术开发区）",
                     "en": "bundled illustrative sample (Zhumadian ETDZ)"},
    "brief.illustrative": {"zh": "示意数据：地块、企业与税收均为虚构示例，并非真实测绘或纳税信息",
                           "en": "illustrative data: parcels, firms and taxes are invented"},
    "brief.watermark": {"zh": "示意数据", "en": "示意数据 · ILLUSTRATIVE"},
    "brief.year": {"zh": "{year}年", "en": "{year}"},
    "brief.indicator": {"zh": "指标：{name}", "en": "Indicator: {name}"},
    "brief.layer": {"zh": "图层：{name}", "en": "Layer: {name}"},
    "brief.scheme": {"zh": "分级：{scheme}{k}级", "en": "Classes: {k} {scheme}"},
    "brief.scheme_user": {"zh": "分级：自定义断点", "en": "Classes: user-defined breaks"},
    "brief.land_scheme": {"zh": "分类：开发区土地集约利用评价用地分类（TD/T 1029）",
                          "en": "Classes: land classes of TD/T 1029"},
    "brief.grade_scheme": {"zh": "评价方法：{preset}", "en": "Grading: {preset}"},
    "brief.low_scheme": {"zh": "判定：亩均税收＜{bench:g}万元/亩、容积率＜{far:g}、建筑系数＜{coef:g}%、闲置及已供未建",
                         "en": "Rules: tax per mu < {bench:g}, FAR < {far:g}, building coefficient < {coef:g}%, "
                               "idle, supplied not built"},
    "brief.count": {"zh": "宗数", "en": "Parcels"},
    "brief.zone_outline": {"zh": "开发区范围", "en": "Zone boundary"},
    "brief.section_outline": {"zh": "功能分区界线", "en": "Section boundary"},
    "brief.north": {"zh": "北", "en": "N"},
    "brief.crs": {"zh": "坐标系：CGCS2000 / 3度带高斯-克吕格投影 中央经线{cm}°E（EPSG:{epsg}）",
                  "en": "CRS: CGCS2000 / 3-degree Gauss-Kruger, CM {cm}°E (EPSG:{epsg})"},
    "brief.scale": {"zh": "比例尺", "en": "Scale"},
}

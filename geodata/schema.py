"""The canonical schema: three layers of a dataset, their fields and the Chinese aliases users see.

A dataset is a GeoPackage with the layers ``zones`` (开发区), ``sections`` (功能分区) and ``parcels``
(宗地: land only), and optionally the attribute tables ``enterprises``, ``enterprise_years`` (dated
firm figures), ``land_use`` (who uses which parcel), ``targets``, ``zone_targets`` and
``cluster_targets``, and the land lifecycle: ``contracts`` (出让合同, one per land supply),
``progress`` (dated observations of construction) and the polygon layer ``approvals`` (批次 approved
for construction). The same
registry documents the schema (``geodata/README.md``), labels table columns in the UI and drives
validation, so the three never disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["str", "float", "int", "bool", "date"]


@dataclass(frozen=True)
class Field:
    """One field of a layer."""

    name: str
    kind: Kind
    zh: str
    en: str
    unit: str = ""
    required: bool = True
    doc: str = ""


#: Land classes of the national evaluation (docs/definitions.md, "Land classes"), code -> (Chinese, English).
LAND_CLASSES: dict[str, tuple[str, str]] = {
    "A1": ("居住用地", "Residential"),
    "A2": ("工业仓储用地", "Industrial & warehousing"),
    "A31": ("道路用地", "Roads"),
    "A32": ("交通设施用地", "Transport facilities"),
    "A4": ("商服用地", "Commercial"),
    "A51": ("公园绿地", "Parks & green space"),
    "A52": ("公共管理与服务用地", "Public services"),
    "A6": ("其他建设用地", "Other built land"),
    "B21": ("未建成·具备供地条件", "Unbuilt, ready for supply"),
    "B22": ("未建成·不具备供地条件", "Unbuilt, not ready for supply"),
    "C": ("不可建设用地", "Cannot be built on"),
}

#: Built urban land (class A in docs/definitions.md).
BUILT_CLASSES: tuple[str, ...] = ("A1", "A2", "A31", "A32", "A4", "A51", "A52", "A6")

LEVELS: tuple[str, ...] = ("国家级", "省级")

ZONE_FIELDS: tuple[Field, ...] = (
    Field("zone_id", "str", "开发区编号", "Zone ID"),
    Field("name", "str", "开发区名称", "Zone name"),
    Field("name_en", "str", "英文名称", "English name", required=False,
          doc="shown on English pages; the name when empty"),
    Field("short_name", "str", "简称", "Short name", required=False,
          doc="map label, e.g. 经开区; the name when empty"),
    Field("county", "str", "所在县区", "County"),
    Field("county_en", "str", "所在县区(英文)", "County in English", required=False,
          doc="shown on English pages; the county when empty"),
    Field("level", "str", "级别", "Level", doc="国家级 or 省级"),
    Field("planned_area_km2", "float", "规划面积", "Planned area", "km²", doc="declared, not computed"),
    Field("built_area_km2", "float", "建成面积(申报)", "Built area (declared)", "km²", required=False),
    Field("leading_industries", "str", "主导产业", "Leading industries", required=False),
    Field("illustrative", "bool", "示意数据", "Illustrative", doc="true for invented data"),
)

SECTION_FIELDS: tuple[Field, ...] = (
    Field("section_id", "str", "分区编号", "Section ID"),
    Field("zone_id", "str", "开发区编号", "Zone ID"),
    Field("name", "str", "分区名称", "Section name"),
    Field("name_en", "str", "英文名称", "English name", required=False,
          doc="shown on English pages; the name when empty"),
    Field("function", "str", "功能定位", "Function", required=False),
    Field("function_en", "str", "功能定位(英文)", "Function in English", required=False,
          doc="shown on English pages; the function when empty"),
)

PARCEL_FIELDS: tuple[Field, ...] = (
    Field("parcel_id", "str", "宗地编号", "Parcel ID", doc="unique"),
    Field("zone_id", "str", "开发区编号", "Zone ID"),
    Field("section_id", "str", "分区编号", "Section ID", required=False),
    Field("land_class", "str", "用地类别", "Land class", doc=", ".join(LAND_CLASSES)),
    Field("supplied", "bool", "已供应", "Supplied", doc="state land supplied (D); blank = unknown"),
    Field("built", "bool", "已建成", "Built", doc="construction completed; blank = unknown"),
    Field("idle", "bool", "闲置", "Idle", doc="idle land (G); implies supplied; blank = unknown"),
    Field("floor_area_m2", "float", "总建筑面积", "Floor area", "m²", required=False),
    Field("building_footprint_m2", "float", "建筑物基底面积", "Building footprint", "m²", required=False,
          doc="buildings only, for the building density (建筑密度)"),
    Field("footprint_m2", "float", "建筑系数用地面积", "Buildings, structures and yards", "m²", required=False,
          doc="buildings, structures and open yards, for the building coefficient (建筑系数)"),
    Field("investment_wan", "float", "累计固定资产投资", "Cumulative fixed-asset investment", "万元",
          required=False),
)

#: Firm figures an older parcels layer may carry (one firm per parcel, undated except the tax of
#: each year in ``tax_wan_<year>``): read and turned into the enterprise tables, with a note.
LEGACY_PARCEL_FIELDS: tuple[Field, ...] = (
    Field("enterprise", "str", "企业名称", "Enterprise", required=False),
    Field("industry", "str", "所属行业", "Industry", required=False),
    Field("revenue_wan", "float", "营业收入", "Revenue", "万元", required=False),
    Field("value_added_wan", "float", "工业增加值", "Value added", "万元", required=False),
    Field("energy_tce", "float", "综合能耗", "Energy use", "吨标煤", required=False),
    Field("employees", "float", "从业人数", "Employees", "人", required=False),
)
#: Fields a parcel file may bring: the land, and the firm figures of the older one-firm layout.
PARCEL_INPUT_FIELDS: tuple[Field, ...] = PARCEL_FIELDS + LEGACY_PARCEL_FIELDS
#: ``tax_wan_<year>`` columns of an older parcels layer (any year).
LEGACY_TAX_FIELD = re.compile(r"tax_wan_(\d{4})")

ENTERPRISE_FIELDS: tuple[Field, ...] = (
    Field("credit_code", "str", "统一社会信用代码", "Unified social credit code",
          doc="18 characters (GB 32100); the key; a wrong check character is reported, not dropped"),
    Field("name", "str", "企业名称", "Enterprise name"),
    Field("industry", "str", "所属行业", "Industry", required=False),
    Field("above_scale", "bool", "规上企业", "Above designated size", required=False,
          doc="规上; blank = unknown"),
    Field("registered", "date", "成立日期", "Registered", required=False, doc="YYYY-MM-DD"),
    Field("exempt", "str", "不参评原因", "Exempt because", required=False,
          doc="e.g. 公用事业, 在建; blank = evaluated"),
)

ENTERPRISE_YEAR_FIELDS: tuple[Field, ...] = (
    Field("credit_code", "str", "统一社会信用代码", "Unified social credit code"),
    Field("year", "int", "年度", "Year", doc="the year the figures are for"),
    Field("tax_wan", "float", "实缴税收", "Tax paid", "万元", required=False),
    Field("revenue_wan", "float", "营业收入", "Revenue", "万元", required=False),
    Field("value_added_wan", "float", "工业增加值", "Value added", "万元", required=False),
    Field("energy_tce", "float", "综合能耗", "Energy use", "吨标煤", required=False),
    Field("employees", "float", "年平均从业人数", "Average employees", "人", required=False),
    Field("rd_wan", "float", "研发经费", "R&D spending", "万元", required=False),
)

LAND_USE_FIELDS: tuple[Field, ...] = (
    Field("parcel_id", "str", "宗地编号", "Parcel ID"),
    Field("credit_code", "str", "统一社会信用代码", "Unified social credit code"),
    Field("tenure", "str", "使用方式", "Tenure", doc="own (自有) or lease (租赁)"),
    Field("area_m2", "float", "使用面积", "Area used", "m²", required=False,
          doc="blank: owners share the parcel equally"),
)

TARGET_FIELDS: tuple[Field, ...] = (
    Field("zone_id", "str", "开发区编号", "Zone ID"),
    Field("year", "int", "年份", "Year"),
    Field("indicator", "str", "指标", "Indicator",
          doc="a zone-level key of the indicator registry, e.g. industrial_tax_per_mu; other keys are reported"),
    Field("value", "float", "目标值", "Target value",
          doc="in the indicator's unit as shown: 万元/亩, or percent for a % indicator (62 = 62 %)"),
)

ZONE_TARGET_FIELDS: tuple[Field, ...] = (
    Field("zone_id", "str", "开发区编号", "Zone ID"),
    Field("year", "int", "年份", "Year"),
    Field("star", "str", "星级目标", "Star target", required=False,
          doc="一星/二星/三星, empty for none"),
    Field("tier", "str", "档级目标", "Tier target", doc="一档/二档/三档"),
)

CLUSTER_TARGET_FIELDS: tuple[Field, ...] = (
    Field("zone_id", "str", "开发区编号", "Zone ID"),
    Field("cluster", "str", "特色产业集群", "Industry cluster"),
    Field("cluster_en", "str", "特色产业集群(英文)", "Industry cluster in English", required=False,
          doc="shown on English pages; the cluster when empty"),
    Field("year", "int", "年份", "Year"),
    Field("revenue_target_yi", "float", "营业收入目标", "Revenue target", "亿元"),
)

CONTRACT_FIELDS: tuple[Field, ...] = (
    Field("contract_no", "str", "合同编号", "Contract No.", doc="the key: one row per land supply"),
    Field("parcel_id", "str", "宗地编号", "Parcel ID"),
    Field("credit_code", "str", "统一社会信用代码", "Unified social credit code", required=False,
          doc="the land user; blank when the firm is not in enterprises"),
    Field("signed", "date", "签订日期", "Signed", required=False, doc="YYYY-MM-DD"),
    Field("land_price_wan", "float", "出让价款", "Land price", "万元", required=False,
          doc="the base of the idle-land fee (20 %)"),
    Field("agreed_start", "date", "约定动工日期", "Agreed start", required=False,
          doc="YYYY-MM-DD; blank: the contract is listed under missing dates, never guessed"),
    Field("agreed_completion", "date", "约定竣工日期", "Agreed completion", required=False, doc="YYYY-MM-DD"),
    Field("total_investment_wan", "float", "约定总投资", "Agreed total investment", "万元", required=False,
          doc="the base of the 25 % investment criterion"),
    Field("investment_wan_per_mu", "float", "承诺投资强度", "Committed investment intensity", "万元/亩",
          required=False, doc="标准地 only (as every commitment below): blank for other land"),
    Field("tax_wan_per_mu", "float", "承诺亩均税收", "Committed tax per mu", "万元/亩", required=False),
    Field("far_min", "float", "承诺容积率下限", "Committed minimum FAR", required=False),
    Field("far_max", "float", "规划容积率上限", "Planned maximum FAR", required=False,
          doc="for the redevelopment headroom; blank = unknown"),
    Field("energy_tce_per_wan", "float", "承诺单位增加值能耗", "Committed energy per value added", "吨标煤/万元",
          required=False),
    Field("production_due", "date", "约定达产日期", "Agreed full production", required=False,
          doc="YYYY-MM-DD: the 达产 review of a 标准地; blank = no review date agreed"),
)

PROGRESS_FIELDS: tuple[Field, ...] = (
    Field("parcel_id", "str", "宗地编号", "Parcel ID"),
    Field("date", "date", "核查日期", "Observed on", doc="YYYY-MM-DD; one row per parcel and date"),
    Field("started", "bool", "已动工", "Started", doc="construction started; blank = unknown"),
    Field("developed_area_m2", "float", "已开发面积", "Developed area", "m²", required=False,
          doc="for the 1/3 criterion"),
    Field("invested_wan", "float", "已完成投资", "Invested", "万元", required=False, doc="for the 25 % criterion"),
    Field("stopped_since", "date", "停工日期", "Stopped since", required=False,
          doc="YYYY-MM-DD; blank: work is going on"),
    Field("completed", "date", "竣工日期", "Completed", required=False, doc="YYYY-MM-DD; blank: not completed"),
)

APPROVAL_FIELDS: tuple[Field, ...] = (
    Field("batch_id", "str", "批次编号", "Batch ID", doc="one polygon (or multipolygon) per batch"),
    Field("name", "str", "批次名称", "Batch name", required=False),
    Field("zone_id", "str", "开发区编号", "Zone ID", required=False),
    Field("approved", "date", "批准日期", "Approved", doc="YYYY-MM-DD (农转用/征收 approval)"),
)

#: Layer name -> (Chinese name, fields, spatial?).
LAYERS: dict[str, tuple[str, tuple[Field, ...], bool]] = {
    "zones": ("开发区", ZONE_FIELDS, True),
    "sections": ("功能分区", SECTION_FIELDS, True),
    "parcels": ("宗地", PARCEL_FIELDS, True),
    "zone_targets": ("星级档级目标", ZONE_TARGET_FIELDS, False),
    "cluster_targets": ("特色产业集群目标", CLUSTER_TARGET_FIELDS, False),
    "enterprises": ("企业", ENTERPRISE_FIELDS, False),
    "enterprise_years": ("企业年度指标", ENTERPRISE_YEAR_FIELDS, False),
    "land_use": ("宗地使用", LAND_USE_FIELDS, False),
    "targets": ("指标目标", TARGET_FIELDS, False),
    "contracts": ("供地合同", CONTRACT_FIELDS, False),
    "progress": ("开发进度", PROGRESS_FIELDS, False),
    "approvals": ("批次用地", APPROVAL_FIELDS, True),
}

#: The land lifecycle's layers: optional, left out of a file when empty.
LIFECYCLE_LAYERS: tuple[str, ...] = ("contracts", "progress", "approvals")

#: Layers a dataset must have.
REQUIRED_LAYERS: tuple[str, ...] = ("zones", "sections", "parcels")


def fields_of(layer: str) -> tuple[Field, ...]:
    """Fields of ``layer``; an unknown layer raises ``KeyError`` naming the valid ones."""
    try:
        return LAYERS[layer][1]
    except KeyError:
        msg = f"unknown layer {layer!r}; the canonical layers are {', '.join(LAYERS)}"
        raise KeyError(msg) from None


def alias(layer: str, name: str, *, lang: str = "zh") -> str:
    """The label users see for field ``name`` of ``layer``, with its unit, e.g. ``2024年税收(万元)``."""
    fields = PARCEL_INPUT_FIELDS if layer == "parcels" else fields_of(layer)
    for field in fields:
        if field.name == name:
            label = field.zh if lang == "zh" else field.en
            return f"{label}({field.unit})" if field.unit else label
    tax = LEGACY_TAX_FIELD.fullmatch(name) if layer == "parcels" else None
    if tax:
        return f"{tax.group(1)}年税收(万元)" if lang == "zh" else f"Tax {tax.group(1)}(万元)"
    return name


def markdown_tables() -> str:
    """The schema as Markdown tables, one per layer (kept in ``geodata/README.md``; a test checks
    that the README is current)."""
    parts = []
    for layer, (zh, fields, spatial) in LAYERS.items():
        kind = "polygons, EPSG:4490" if spatial else "attribute table"
        rows = ["| field | 中文别名 | English | type | unit | required | notes |",
                "|---|---|---|---|---|---|---|"]
        rows += [f"| `{f.name}` | {f.zh} | {f.en} | {f.kind} | {f.unit} | "
                 f"{'yes' if f.required else 'no'} | {f.doc} |" for f in fields]
        parts.append(f"### `{layer}` ({zh}; {kind})\n\n" + "\n".join(rows))
    return "\n\n".join(parts) + "\n"

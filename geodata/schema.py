"""The canonical schema: three layers of a dataset, their fields and the Chinese aliases users see.

A dataset is a GeoPackage with the layers ``zones`` (开发区), ``sections`` (功能分区) and ``parcels``
(宗地), and optionally the attribute tables ``zone_targets`` and ``cluster_targets``. The same
registry documents the schema (``geodata/README.md``), labels table columns in the UI and drives
validation, so the three never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["str", "float", "int", "bool"]


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
    Field("short_name", "str", "简称", "Short name", required=False,
          doc="map label, e.g. 经开区; the name when empty"),
    Field("county", "str", "所在县区", "County"),
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
    Field("function", "str", "功能定位", "Function", required=False),
)

PARCEL_FIELDS: tuple[Field, ...] = (
    Field("parcel_id", "str", "宗地编号", "Parcel ID", doc="unique"),
    Field("zone_id", "str", "开发区编号", "Zone ID"),
    Field("section_id", "str", "分区编号", "Section ID", required=False),
    Field("land_class", "str", "用地类别", "Land class", doc=", ".join(LAND_CLASSES)),
    Field("supplied", "bool", "已供应", "Supplied", doc="state land supplied (D)"),
    Field("built", "bool", "已建成", "Built", doc="construction completed"),
    Field("idle", "bool", "闲置", "Idle", doc="idle land (G); implies supplied"),
    Field("enterprise", "str", "企业名称", "Enterprise", required=False),
    Field("industry", "str", "所属行业", "Industry", required=False),
    Field("floor_area_m2", "float", "总建筑面积", "Floor area", "m²", required=False),
    Field("footprint_m2", "float", "建筑基底面积", "Building footprint", "m²", required=False,
          doc="buildings, structures and open yards, for the building coefficient"),
    Field("investment_wan", "float", "累计固定资产投资", "Cumulative fixed-asset investment", "万元",
          required=False),
    Field("tax_wan_2022", "float", "2022年税收", "Tax 2022", "万元", required=False),
    Field("tax_wan_2023", "float", "2023年税收", "Tax 2023", "万元", required=False),
    Field("tax_wan_2024", "float", "2024年税收", "Tax 2024", "万元", required=False),
    Field("revenue_wan", "float", "营业收入", "Revenue", "万元", required=False),
    Field("value_added_wan", "float", "工业增加值", "Value added", "万元", required=False),
    Field("energy_tce", "float", "综合能耗", "Energy use", "吨标煤", required=False),
    Field("employees", "float", "从业人数", "Employees", "人", required=False),
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
    Field("year", "int", "年份", "Year"),
    Field("revenue_target_yi", "float", "营业收入目标", "Revenue target", "亿元"),
)

#: Layer name -> (Chinese name, fields, spatial?).
LAYERS: dict[str, tuple[str, tuple[Field, ...], bool]] = {
    "zones": ("开发区", ZONE_FIELDS, True),
    "sections": ("功能分区", SECTION_FIELDS, True),
    "parcels": ("宗地", PARCEL_FIELDS, True),
    "zone_targets": ("星级档级目标", ZONE_TARGET_FIELDS, False),
    "cluster_targets": ("特色产业集群目标", CLUSTER_TARGET_FIELDS, False),
}

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
    for field in fields_of(layer):
        if field.name == name:
            label = field.zh if lang == "zh" else field.en
            return f"{label}({field.unit})" if field.unit else label
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

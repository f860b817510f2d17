"""The UI text catalogue: Chinese (default) and English, one key per string.

``t(key, lang)`` looks a string up; ``?lang=en`` in the URL switches the language. A test checks
that every key exists in both languages. The words for the domain's codes (grade reasons,
low-efficiency rules, layers, legends) are in :mod:`dashboard.i18n_domain`, merged into the same
``TEXT``, and so are the briefing map's (:mod:`dashboard.i18n_brief`) and the indicators' names,
formulas, sources and units (:mod:`dashboard.i18n_indicators`); :func:`reason_text`,
:func:`low_reasons_text`, :func:`label_text`, :func:`localize_style`, :func:`indicator_label`,
:func:`unit_text` and :func:`value_text` render those codes.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from dashboard.i18n_brief import BRIEF_TEXT
from dashboard.i18n_domain import DOMAIN_TEXT
from dashboard.i18n_firms import FIRM_TEXT
from dashboard.i18n_frame import FRAME_TEXT
from dashboard.i18n_land import LAND_TEXT
from dashboard.i18n_round import ROUND_TEXT
from dashboard.i18n_upload import UPLOAD_TEXT
from zone_layers.classify import Classification
from zone_layers.grading import SCORE_TOLERANCE, UNGRADED, GradingConfig
from zone_layers.grading import grade_names as _config_grade_names
from zone_layers.indicators import get_indicator
from zone_layers.layers import Label, LayerStyle, Term

LANGS: tuple[str, ...] = ("zh", "en")

TEXT: dict[str, dict[str, str]] = {
    "app_title": {"zh": "开发区土地效率地图", "en": "Development-zone land efficiency map"},
    "illustrative_notice": {
        "zh": "示意数据：本页开发区边界与规划面积、地块、企业与税收均为按公开数据校准的虚构示例，"
              "并非真实测绘、规划或纳税信息，不是审定地图。",
        "en": "示意数据 (illustrative data): zone outlines and planned areas, parcels, firms and taxes on this "
              "page are invented, calibrated to published figures; not surveyed, not a plan, not real tax "
              "records, not an approved map.",
    },
    "illustrative_export": {
        "zh": "示意数据：开发区边界与规划面积、地块、企业与税收均为虚构示例，并非真实测绘、规划或纳税信息。",
        "en": "示意数据 (illustrative data): zone outlines and planned areas, parcels, firms and taxes are "
              "invented; not surveyed, not a plan, not real tax records.",
    },
    "illustrative_badge": {"zh": "示意数据", "en": "示意数据 · illustrative"},
    "view": {"zh": "视图", "en": "View"},
    "choose": {"zh": "请选择", "en": "Choose"},
    "view_city": {"zh": "全市开发区总览", "en": "City overview"},
    "view_zone": {"zh": "开发区详情", "en": "Zone view"},
    "zone": {"zh": "开发区", "en": "Zone"},
    "year": {"zh": "评价年度", "en": "Year"},
    "land_scheme.auto": {"zh": "自动识别", "en": "Detect"},
    "land_scheme.gb21010": {"zh": "土地利用现状分类 GB/T 21010-2017", "en": "Land use classification GB/T 21010-2017"},
    "land_scheme.guide_2023": {"zh": "国土空间调查、规划、用途管制用地用海分类指南（2023）",
                               "en": "Land and sea use classification guide for territorial surveys (2023)"},
    "target_year": {"zh": "目标年度", "en": "Target year"},
    "data_source": {"zh": "数据来源", "en": "Data source"},
    "sample_source": {"zh": "内置示意数据（驻马店经济技术开发区）",
                      "en": "Bundled illustrative sample (Zhumadian ETDZ)"},
    "load_error": {"zh": "数据无法加载", "en": "The data cannot be loaded"},
    "unexpected_error": {
        "zh": "出现意外错误，已记录在服务器日志中。请刷新页面；若仍出现，请联系管理员。",
        "en": "Something unexpected went wrong; it has been logged on the server. Reload the page "
              "and contact the administrator if it happens again.",
    },
    "no_sections": {"zh": "该开发区尚无功能分区与宗地数据。", "en": "This zone has no sections or parcels yet."},
    # KPI cards
    "kpi_planned": {"zh": "规划面积", "en": "Planned area"},
    "kpi_computed": {"zh": "计算面积", "en": "Computed area"},
    "kpi_built": {"zh": "建成面积(A)", "en": "Built land (A)"},
    "kpi_industrial_share": {"zh": "工业用地率", "en": "Industrial share"},
    "kpi_tax_per_mu": {"zh": "工业用地亩均税收", "en": "Industrial tax per mu"},
    "kpi_investment": {"zh": "工业用地投资强度", "en": "Industrial investment intensity"},
    "declared": {"zh": "申报", "en": "declared"},
    "vs_benchmark": {"zh": "对比基准", "en": "vs benchmark"},
    # map
    "layer_zone": {"zh": "开发区边界", "en": "Zone boundary"},
    "layer_sections": {"zh": "功能分区", "en": "Functional sections"},
    "layer_parcels": {"zh": "宗地·用地类别", "en": "Parcels by land class"},
    "layer_parcels_by": {"zh": "宗地·", "en": "Parcels: "},
    "layer_selected": {"zh": "选中宗地", "en": "Selected parcel"},
    "tip_grade": {"zh": "评价等级", "en": "Grade"},
    "tip_low": {"zh": "低效情形", "en": "Low efficiency"},
    "layer_zones": {"zh": "开发区（按目标档级）", "en": "Zones by target tier"},
    "layer_labels": {"zh": "标注", "en": "Labels"},
    "legend_land": {"zh": "用地类别", "en": "Land class"},
    "legend_sections": {"zh": "功能分区", "en": "Sections"},
    "legend_tier": {"zh": "目标档级", "en": "Target tier"},
    "reset_view": {"zh": "回到全图", "en": "Reset view"},
    "map_hint": {"zh": "点击宗地或分区查看分区详情；右上角可切换图层。",
                 "en": "Click a parcel or section for its section details; switch layers top right."},
    # tooltip rows
    "tip_parcel": {"zh": "宗地", "en": "Parcel"},
    "tiles_building": {"zh": "正在为本版数据生成宗地矢量切片（每版数据只生成一次）……",
                       "en": "Building the parcels' vector tiles for this data version (once per version)…"},
    "tip_area": {"zh": "面积", "en": "Area"},
    "tip_planned": {"zh": "规划面积", "en": "Planned area"},
    "tip_county": {"zh": "所在县区", "en": "County"},
    "tip_level": {"zh": "级别", "en": "Level"},
    "tip_targets": {"zh": "星级档级目标", "en": "Star / tier targets"},
    "tip_function": {"zh": "功能定位", "en": "Function"},
    "tip_section": {"zh": "所属分区", "en": "Section"},
    "tip_class": {"zh": "用地类别", "en": "Land class"},
    "tip_enterprise": {"zh": "企业", "en": "Enterprise"},
    "tip_industry": {"zh": "行业", "en": "Industry"},
    "tip_tax": {"zh": "税收", "en": "Tax"},
    "tip_tax_per_mu": {"zh": "亩均税收", "en": "Tax per mu"},
    "tip_far": {"zh": "容积率", "en": "FAR"},
    "tip_investment": {"zh": "投资强度", "en": "Investment intensity"},
    "tip_status": {"zh": "状态", "en": "Status"},
    "status_idle": {"zh": "闲置", "en": "idle"},
    "status_supplied_unbuilt": {"zh": "已供未建", "en": "supplied, unbuilt"},
    "none_target": {"zh": "无", "en": "none"},
    # section panel and table
    "section_detail": {"zh": "分区详情", "en": "Section details"},
    "card.title": {"zh": "已选宗地 {parcel}", "en": "Selected parcel {parcel}"},
    "card.profile": {"zh": "查看企业档案", "en": "Open the firm's profile"},
    "card.clear": {"zh": "取消选择", "en": "Clear the selection"},
    "choose_section": {"zh": "选择分区", "en": "Choose a section"},
    "parcel_layer": {"zh": "宗地图层", "en": "Parcel layer"},
    "scheme": {"zh": "分级方法", "en": "Classification"},
    "classes": {"zh": "分级数", "en": "Classes"},
    "breaks": {"zh": "断点(逗号分隔)", "en": "Breaks (comma-separated)"},
    "breaks_help": {"zh": "分级点，每级含下限：例如以亩均税收基准 11 为界输入 5, 11, 20，"
                          "分为 <5、5–<11、11–<20、≥20 四级（正好 11 的宗地属于 ≥11 一级）",
                    "en": "Class thresholds, each class including its lower one: e.g. around the benchmark 11, "
                          "5, 11, 20 make <5, 5–<11, 11–<20 and ≥20 (a parcel at exactly 11 is in 11–<20)"},
    "breaks_invalid": {"zh": "断点「{text}」无法识别，请输入以逗号分隔的数字，例如 5, 11, 20；暂按分位数显示。",
                       "en": "Breaks '{text}' are not numbers; write e.g. 5, 11, 20. Showing quantiles."},
    "breaks_not_a_number": {"zh": "断点「{value}」不是数字，请输入以逗号分隔的数字，例如 5, 11, 20；暂按分位数显示。",
                            "en": "Break '{value}' is not a number; write e.g. 5, 11, 20. Showing quantiles."},
    "breaks_not_finite": {"zh": "断点「{value}」不是有限数值，请输入例如 5, 11, 20；暂按分位数显示。",
                          "en": "Break '{value}' is not a finite number; write e.g. 5, 11, 20. Showing quantiles."},
    "breaks_too_many": {"zh": "共 {value} 个断点，最多 {limit} 个（{classes} 级）；暂按分位数显示。",
                        "en": "{value} breaks given, at most {limit} ({classes} classes); showing quantiles."},
    "preset": {"zh": "评价方案", "en": "Grading preset"},
    "tab_sections": {"zh": "功能分区对比", "en": "Sections"},
    "tab_evaluation": {"zh": "企业评价", "en": "Enterprise evaluation"},
    "tab_targets": {"zh": "目标差距", "en": "Targets"},
    "filter_grade": {"zh": "等级", "en": "Grade"},
    "filter_section": {"zh": "分区", "en": "Section"},
    "filter_industry": {"zh": "行业", "en": "Industry"},
    "col_gap": {"zh": "与基准差距(万元/亩)", "en": "Gap to benchmark (10k CNY/mu)"},
    "col_score": {"zh": "综合得分", "en": "Score"},
    "col_grade_reason": {"zh": "评价说明", "en": "Grading note"},
    "col_credit_code": {"zh": "统一社会信用代码", "en": "Credit code"},
    "evaluation_hint": {"zh": "显示 {n} / {total} 家企业；选中一行可在地图上定位该宗地，"
                              "点击地图上的宗地也会选中对应行。",
                        "en": "{n} of {total} firms; select a row to find its parcel on the map, or click a parcel."},
    "parcel_trend": {"zh": "亩均税收趋势", "en": "Tax per mu by year"},
    "no_tax_data": {"zh": "该宗地无税收数据。", "en": "No tax figures for this parcel."},
    "target_tax": {"zh": "工业用地亩均税收 / 省定基准(万元/亩)", "en": "Industrial tax per mu / benchmark"},
    "target_tax_help": {"zh": "{year} 年各开发区应达到全省开发区工业项目亩均税收推荐值"
                              "（数值未公布，默认按河南 11 万元/亩，可在侧栏修改）。",
                        "en": "By {year} every zone should reach the provincial recommended tax per mu for industrial "
                              "projects (value unpublished; default Henan's 11, editable in the sidebar)."},
    "cluster_gap_title": {"zh": "特色产业集群营业收入与目标（亿元）", "en": "Cluster revenue vs targets (100M CNY)"},
    "col_revenue_now": {"zh": "园区企业营业收入", "en": "Revenue of the zone's firms"},
    "col_target_yi": {"zh": "{year}年目标", "en": "{year} target"},
    "col_gap_final": {"zh": "距{year}年目标", "en": "Against the {year} target"},
    "col_revenue_yi": {"zh": "园区企业营业收入（亿元）", "en": "Revenue of the zone's firms (100M CNY)"},
    "col_target_yi_unit": {"zh": "{year}年目标（亿元）", "en": "{year} target (100M CNY)"},
    "target_gap.met": {"zh": "✓ 达成（超出 {x} {unit}）", "en": "✓ met ({x} {unit} above)"},
    "target_gap.exact": {"zh": "✓ 达成", "en": "✓ met"},
    "target_gap.short": {"zh": "✗ 差 {x} {unit}", "en": "✗ short by {x} {unit}"},
    "cluster_gap_note": {"zh": "营业收入为本数据集中该行业企业的合计，仅为集群规模的近似。",
                         "en": "Revenue is the sum over this dataset's firms of the industry: an approximation."},
    # indicator targets of the data (table targets) against the zone's figures
    "indicator_targets.title": {"zh": "指标目标与{year}年现状", "en": "Indicator targets against {year}"},
    "indicator_targets.col_target": {"zh": "目标值", "en": "Target"},
    "indicator_targets.col_current": {"zh": "{year}年现状", "en": "Current ({year})"},
    "indicator_targets.col_gap": {"zh": "差距（现状−目标）", "en": "Gap (current − target)"},
    "indicator_targets.col_met": {"zh": "是否达标", "en": "Met"},
    "indicator_targets.met": {"zh": "✓ 已达标", "en": "✓ met"},
    "indicator_targets.not_met": {"zh": "✗ 未达标", "en": "✗ not met"},
    "indicator_targets.no_figure": {"zh": "— 无现状值", "en": "— no current figure"},
    "indicator_targets.none": {"zh": "数据中没有本开发区的指标目标（targets 表）。",
                               "en": "The data holds no indicator targets for this zone (table targets)."},
    "indicator_targets.note": {
        "zh": "目标来自数据的指标目标表（targets）。{lower}以不高于目标为达标，其余指标以不低于目标为达标；"
              "现状值不公开（企业数不足）时差距同样不显示。",
        "en": "Targets come from the data's table targets. {lower}: at or below the target meets it; every other "
              "indicator: at or above. Where the current figure is not shown (too few firms), neither is the gap."},
    "indicator_targets.problem.unknown_indicator": {
        "zh": "指标目标表（targets）第 {row} 行（{zone_id}，{year}年）：“{indicator}”不是指标库中的指标键，该行未使用。"
              "可填写的键：{valid}",
        "en": "Table targets, row {row} ({zone_id}, {year}): '{indicator}' is not a key of the indicator registry; "
              "the row is not used. Valid keys: {valid}"},
    "indicator_targets.problem.parcel_indicator": {
        "zh": "指标目标表（targets）第 {row} 行（{zone_id}，{year}年）：“{indicator}”是宗地/企业指标，"
              "开发区没有该指标值，该行未使用。可填写的键：{valid}",
        "en": "Table targets, row {row} ({zone_id}, {year}): '{indicator}' is a parcel or firm indicator, which a "
              "zone has no figure of; the row is not used. Valid keys: {valid}"},
    "indicator_targets.problem.repeated": {
        "zh": "指标目标表（targets）第 {row} 行（{zone_id}，{year}年，{indicator}）与前面一行重复；"
              "两行都显示，请删去其中一行。",
        "en": "Table targets, row {row} ({zone_id}, {year}, {indicator}) repeats an earlier row; both are shown: "
              "delete one of them."},
    "cli.targets": {"zh": "指标目标（对比{year}年现状）:", "en": "Indicator targets (against {year}):"},
    "cli.target_row": {"zh": "{year}年目标 {target}，现状 {current}，差距 {gap}，{met}",
                       "en": "{year} target {target}, current {current}, gap {gap}, {met}"},
    "access_title": {"zh": "登录", "en": "Sign in"},
    "sign_in": {"zh": "登录", "en": "Sign in"},
    "sign_out": {"zh": "退出登录", "en": "Sign out"},
    "user_name": {"zh": "用户名", "en": "User name"},
    "password": {"zh": "密码", "en": "Password"},
    "sign_in_failed": {"zh": "用户名或密码不正确。", "en": "Wrong user name or password."},
    "sign_in_throttled": {"zh": "该用户名 {minutes} 分钟内登录失败已达 {n} 次，暂停登录，请稍后再试或联系管理员。",
                          "en": "This user name failed to sign in {n} times within {minutes} minutes: signing in "
                                "is paused; try again later or ask the administrator."},
    "disclosure_note": {"zh": "“—”表示该数值涉及企业涉密数据而不公开：参与汇总的企业少于 {n} 家、单一企业占 {share}% "
                               "及以上，或可由其他公开数值加减、比率乘面积推算出它们。",
                        "en": "“—”: not shown to protect firms' confidential figures: fewer than {n} firms, one "
                              "firm making {share}% or more, or a figure that other shown figures would give back "
                              "by adding, subtracting or multiplying a rate by an area."},
    "export_stamp": {"zh": "导出：{user} · {at} · 内部资料，含涉密企业数据", "en": "Exported by {user} · {at} · "
                     "internal: contains confidential firm data"},
    "access_off_banner": {"zh": "访问控制已关闭（{var}=0）：任何打开本页的人都能看到企业的涉密税收数据。",
                          "en": "Access control is switched off ({var}=0): anyone who opens this page sees the "
                                "firms' confidential tax figures."},
    "access_failed_closed": {"zh": "访问控制配置有误，本应用已转为浏览模式（任何人都无法以分析员登录），"
                                   "请管理员修正：{problem}",
                             "en": "The access configuration has a problem, so the app runs in viewer mode "
                                   "(nobody can sign in as analyst); for the administrator to fix: {problem}"},
    "viewer_note": {"zh": "未登录时仅显示开发区和分区汇总指标；宗地和企业的税收等涉密数据需分析员权限。",
                    "en": "Without signing in you see zone and section aggregates only; parcel and firm "
                          "figures need the analyst role."},
    "role_viewer": {"zh": "浏览者", "en": "viewer"},
    "role_analyst": {"zh": "分析员", "en": "analyst"},
    "analyst_only": {"zh": "企业评价含涉密的纳税信息，仅分析员可见。请在侧栏登录。",
                     "en": "The enterprise evaluation uses confidential tax data: analysts only. "
                           "Sign in in the sidebar."},
    "download_xlsx": {"zh": "下载 XLSX", "en": "Download XLSX"},
    "download_csv": {"zh": "下载 CSV", "en": "Download CSV"},
    "brief_export": {"zh": "导出简报图", "en": "Export a briefing map"},
    "brief_size": {"zh": "尺寸(像素)", "en": "Size (pixels)"},
    "brief_format": {"zh": "格式", "en": "Format"},
    "brief_review": {"zh": "审图号", "en": "Map review number (审图号)"},
    "brief_review_help": {"zh": "对外提供的地图须使用审图号，例如：豫S（2025）012号",
                          "en": "Maps leaving the bureau need an approved review number, e.g. 豫S（2025）012号"},
    "brief_make": {"zh": "生成简报图", "en": "Make the map"},
    "brief_download": {"zh": "下载简报图", "en": "Download the map"},
    # map tools (dashboard/map/static/tools.js) and basemaps
    "tool_fullscreen": {"zh": '全屏', "en": 'Full screen'},
    "tool_exit_fullscreen": {"zh": '退出全屏', "en": 'Exit full screen'},
    "tool_measure": {"zh": '量测距离和面积', "en": 'Measure distance and area'},
    "tool_measure_finish": {"zh": '结束量测', "en": 'Finish measuring'},
    "tool_measure_hint": {
        "zh": (
            '在地图上单击添加点，双击或再次点按钮结束，按 Esc 清除。'
        ),
        "en": (
            'Click on the map to add points; double-click or press the button to finish; Esc '
            'clears.'
        ),
    },
    "tool_measure_hint_short": {
        "zh": (
            '双击或点按钮结束；Esc 清除'
        ),
        "en": (
            'Double-click or press the button to finish; Esc clears'
        ),
    },
    "tool_length": {"zh": '长度', "en": 'Length'},
    "tool_area": {"zh": '面积', "en": 'Area'},
    "tool_search_placeholder": {
        "zh": (
            '搜索开发区、分区、企业、宗地编号'
        ),
        "en": (
            'Search zones, sections, enterprises, parcel IDs'
        ),
    },
    "tool_no_results": {"zh": '无匹配结果', "en": 'No match'},
    "tool_kind_zone": {"zh": '开发区', "en": 'Zone'},
    "tool_kind_section": {"zh": '分区', "en": 'Section'},
    "tool_kind_enterprise": {"zh": '企业', "en": 'Enterprise'},
    "tool_kind_parcel": {"zh": '宗地', "en": 'Parcel'},
    "tool_coords_gcj02": {"zh": '（GCJ-02）', "en": ' (GCJ-02)'},
    "basemap_needs_key": {
        "zh": (
            '“{name}”底图需要天地图密钥（tk），当前未设置，地图暂不显示底图。请在 {cons'
            'ole} 注册并申请“浏览器端”密钥（白名单填写本应用的域名），然后设置环境变量 {var'
            '}，或在 .streamlit/secrets.toml 中写入 {var} = "您的密'
            '钥"，再重启应用。'
        ),
        "en": (
            'The “{name}” basemap needs a Tianditu key (tk) and none is set, so the map shows'
            ' no basemap. Register at {console} and create a browser key (whitelist this '
            'app\'s domain), then set the environment variable {var} or add {var} = "your key"'
            ' to .streamlit/secrets.toml, and restart the app.'
        ),
    },
    "basemap": {"zh": "底图", "en": "Basemap"},
    "basemap_offline": {"zh": "“{name}”底图无法加载（离线或未授权），已显示无底图的地图",
                        "en": "The “{name}” basemap cannot be loaded (offline or not authorised); "
                              "the map is shown without it"},
    "view_upload": {"zh": "导入数据检查", "en": "Check your own data"},
    # progress bars of long work (dashboard/pages/progress.py)
    "progress.upload_save": {"zh": "正在接收上传的文件…", "en": "Receiving the uploaded file…"},
    "progress.upload_read": {"zh": "正在读取并检查 {file}：编码、坐标系、字段、几何与数值…",
                             "en": "Reading and checking {file}: encoding, CRS, fields, geometry and values…"},
    "progress.upload_done": {"zh": "已读取并检查 {file}：{n} 条记录，用时 {seconds} 秒",
                             "en": "{file} read and checked: {n} records in {seconds} s"},
    "progress.map_data": {"zh": "正在准备地图数据…", "en": "Preparing the map's data…"},
    "progress.map_draw": {"zh": "正在绘制地图：{what}…", "en": "Drawing the map: {what}…"},
    "progress.map_tools": {"zh": "正在添加底图与地图工具…", "en": "Adding the basemap and the map tools…"},
    "progress.what_zones": {"zh": "各开发区范围与目标档级", "en": "the zones and their target tiers"},
    "progress.what_parcels": {"zh": "{n} 宗地、分区与图例", "en": "{n} parcels, sections and the legend"},
    "progress.brief_data": {"zh": "正在准备简报数据（宗地、评价、图层）…",
                            "en": "Preparing the brief's data (parcels, grades, layer)…"},
    "progress.brief_draw": {"zh": "正在绘制简报图（{size}）…", "en": "Drawing the brief ({size})…"},
    "progress.brief_file": {"zh": "正在写出 {format} 文件…", "en": "Writing the {format} file…"},
    "progress.brief_done": {"zh": "简报已生成（{format}，用时 {seconds} 秒）",
                            "en": "Brief ready ({format}, {seconds} s)"},
    # one verdict of a checked file that agrees with its details (dashboard/pages/upload_page.py verdict)
    # problems of an uploaded file with a code (geodata.ingest.report.Problem.code), in the page's language
    # how each column was read (dashboard/pages/upload_page.py mapping_table)
    # a money column without a unit in its header: asked (dashboard/pages/upload_page.py _unit_questions)
    # filling in what the dashboard needs (geodata.ingest.complete)
    "dataset_stale": {"zh": "数据文件已更新但无法读取（可能仍在写入），继续显示上一版本。原因：{error}",
                      "en": "The dataset file changed but cannot be read (still being written?); showing the "
                            "previous version. Reason: {error}"},
    "col_indicator": {"zh": "指标", "en": "Indicator"},
    "sections_table_note": {"zh": "每行一项指标，每列一个分区；下载的表格每行一个分区。各指标的口径见「指标定义」。",
                            "en": "One row per indicator, one column per section; the downloaded table has one "
                                  "row per section. Each indicator's definition is under «Definitions»."},
    "col_value": {"zh": "数值", "en": "Value"},
    "col_formula": {"zh": "口径", "en": "Definition"},
    "col_unit": {"zh": "单位", "en": "Unit"},
    "col_source": {"zh": "依据", "en": "Source"},
    "section_compare": {"zh": "功能分区对比", "en": "Section comparison"},
    "chart_title": {"zh": "各分区工业用地亩均税收（万元/亩），虚线为基准",
                    "en": "Industrial tax per mu by section (10k CNY/mu); dashed line: benchmark"},
    "benchmark": {"zh": "亩均税收基准", "en": "Tax-per-mu benchmark"},
    "col_section": {"zh": "分区", "en": "Section"},
    "col_function": {"zh": "功能定位", "en": "Function"},
    "col_area_km2": {"zh": "面积(km²)", "en": "Area (km²)"},
    "col_area_mu": {"zh": "面积(亩)", "en": "Area (mu)"},
    "col_built_km2": {"zh": "建成面积(km²)", "en": "Built (km²)"},
    "col_enterprises": {"zh": "企业数", "en": "Firms"},
    "col_zone": {"zh": "开发区", "en": "Zone"},
    "col_county": {"zh": "县区", "en": "County"},
    "col_level": {"zh": "级别", "en": "Level"},
    "col_planned_km2": {"zh": "规划面积(km²)", "en": "Planned (km²)"},
    "col_computed_km2": {"zh": "计算面积(km²)", "en": "Computed (km²)"},
    "col_target": {"zh": "{year}年目标", "en": "{year} target"},
    "kpi_zones": {"zh": "开发区数量", "en": "Zones"},
    "kpi_planned_total": {"zh": "规划面积合计", "en": "Total planned area"},
    "kpi_star_zones": {"zh": "{year}年星级目标开发区", "en": "Zones with a star target, {year}"},
    "open_zone": {"zh": "打开「{name}」详情", "en": "Open {name}"},
    "city_parcel_layer": {"zh": "全市宗地图层", "en": "Parcels of the city"},
    "city_layer_none": {"zh": "不显示宗地（仅开发区）", "en": "None (zones only)"},
    "city_layer_unavailable": {"zh": "全市宗地图层暂不可用：宗地与本版矢量切片不一致。",
                               "en": "The city's parcel layer is unavailable: the parcels do not match this "
                                     "version's vector tiles."},
    "city_hint": {"zh": "点击有宗地数据的开发区（如经开区）可打开其详情。",
                  "en": "Click a zone with parcel data (e.g. the ETDZ) to open it."},
    "city_table": {"zh": "各开发区星级档级目标", "en": "Star / tier targets of the zones"},
    "cluster_table": {"zh": "特色产业集群营业收入目标（亿元）",
                      "en": "Industry-cluster revenue targets (100M CNY)"},
    "col_cluster": {"zh": "产业集群", "en": "Cluster"},
    "formula_help": {"zh": "指标定义", "en": "Definitions"},
    "about": {
        "zh": "面积按 CGCS2000 三度带高斯-克吕格投影计算（1 亩 = 10000/15 m²）；指标口径见各指标说明。",
        "en": "Areas are computed in CGCS2000 3-degree Gauss-Kruger (1 mu = 10000/15 m²); see each "
              "indicator's definition.",
    },
    "list_separator": {"zh": "，", "en": ", "},
    # the text output of `python -m dashboard indicators` (dashboard/cli/main.py)
    "cli.heading": {"zh": "{name} ({zone_id}) · {year}年", "en": "{name} ({zone_id}) · {year}"},
    "cli.areas": {"zh": "规划面积 {planned} km² · 计算面积 {computed} km² · 建成(A) {built} km² · "
                        "开发区类型 {zone_type}",
                  "en": "planned {planned} km² · computed {computed} km² · built (A) {built} km² · "
                        "zone type {zone_type}"},
    "cli.sections": {"zh": "功能分区:", "en": "Sections:"},
    "cli.firms": {"zh": "企业 {n} 家，等级: {grades}", "en": "{n} firms, grades: {grades}"},
    # the text output of `python -m dashboard evaluate` (dashboard/cli/evaluate.py)
    "cli.evaluate.heading": {"zh": "{year}年企业亩均效益评价（数据年度：{years}；规则版本 {rule}）",
                             "en": "Enterprise evaluation {year} (years in the data: {years}; rule version {rule})"},
    "cli.evaluate.counts": {"zh": "企业 {n} 家：参评 {evaluated} 家，未评价 {not_evaluated} 家",
                            "en": "{n} firms: {evaluated} evaluated, {not_evaluated} not evaluated"},
    "cli.evaluate.col_code": {"zh": "统一社会信用代码", "en": "Credit code"},
    "cli.evaluate.col_name": {"zh": "企业名称", "en": "Enterprise"},
    "cli.evaluate.col_area": {"zh": "用地(亩)", "en": "Land (mu)"},
    "cli.evaluate.col_tax": {"zh": "税收(万元)", "en": "Tax (10k CNY)"},
    "cli.evaluate.col_tax_per_mu": {"zh": "亩均税收(万元/亩)", "en": "Tax per mu (10k CNY/mu)"},
    "cli.evaluate.col_grade": {"zh": "等级", "en": "Grade"},
    "cli.evaluate.col_reason": {"zh": "依据 / 未评价原因", "en": "Reason"},
}

# one key space: a key defined twice is an error
for _part in (DOMAIN_TEXT, BRIEF_TEXT, FIRM_TEXT, ROUND_TEXT, UPLOAD_TEXT, LAND_TEXT, FRAME_TEXT):
    _clashes = set(TEXT) & set(_part)
    assert not _clashes, f"catalogue keys defined twice: {sorted(_clashes)}"
    TEXT.update(_part)


def t(key: str, lang: str = "zh", **values: object) -> str:
    """The text for ``key`` in ``lang`` (falls back to Chinese), formatted with ``values``."""
    entry = TEXT[key]
    text = entry.get(lang) or entry["zh"]
    return text.format(**values) if values else text


# --- rendering the domain's codes -----------------------------------------------------------------

def unit_text(unit: str, lang: str = "zh") -> str:
    """A unit code (:data:`zone_layers.indicators.UNITS`) as shown: ``wan_per_mu`` is 万元/亩 in
    Chinese, "10k CNY/mu" in English; "" (no unit) stays ""."""
    return t(f"unit.{unit}", lang) if unit else ""


def indicator_name(key: str, lang: str = "zh", *, short: bool = False) -> str:
    """An indicator's name (``short``: its short name where it has one), e.g. 工业亩均税收."""
    if short and f"indicator.{key}.short" in TEXT:
        return t(f"indicator.{key}.short", lang)
    return t(f"indicator.{key}.name", lang)


def indicator_label(key: str, lang: str = "zh", *, short: bool = False) -> str:
    """Name with unit, e.g. ``亩均税收(万元/亩)``, ``Tax per mu(10k CNY/mu)``; ``short`` as above."""
    name = indicator_name(key, lang, short=short)
    unit = unit_text(get_indicator(key).unit, lang)
    return f"{name}({unit})" if unit else name


def indicator_help(key: str, lang: str = "zh") -> str:
    """Name, formula and source of an indicator, for a help tooltip."""
    return (f"{t(f'indicator.{key}.name', lang)}: {t(f'indicator.{key}.formula', lang)}\n\n"
            f"{t(f'indicator.{key}.source', lang)}")


def value_text(topic: str, value: object, lang: str = "zh") -> str:
    """A data value with known words (``level``: 国家级, ``star``: 二星, ``tier``: 一档) in ``lang``;
    an unknown value is shown as it is, a missing one as ""."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)) or value == "":
        return ""
    key = f"{topic}.{value}"
    return t(key, lang) if key in TEXT else str(value)


def _pct(share: float) -> str:
    return f"{round(share * 100, 6):g}%"


def _score(score: float) -> str:
    # two decimals rounded down, so that a score just below a threshold never reads as reaching it
    return f"{math.floor((score + SCORE_TOLERANCE) * 100) / 100:.2f}"


def reason_text(reason: Mapping[str, Any] | None, lang: str = "zh") -> str:
    """A grade reason of ``zone_layers.grading`` (``{"rule": ..., **parameters}``) in ``lang``; "" for None.

    Shares read as percentages, scores with two decimals (rounded down), indicator keys as their
    names; data values (an industry name) are shown as they are.
    """
    if not reason:
        return ""
    rule = reason["rule"]
    values: dict[str, object] = {}
    if "share" in reason:
        values["share"] = _pct(reason["share"])
    if rule == "rank_between":
        values |= {"lo": _pct(reason["from"]), "hi": _pct(reason["to"])}
    if "pick" in reason:
        values["pick"] = indicator_name(reason["pick"], lang)
    if "indicator" in reason:
        values["indicator"] = indicator_name(reason["indicator"], lang)
    if "score" in reason:
        values |= {"score": _score(reason["score"]), "min": f"{reason['min']:g}"}
    if "industry" in reason:
        values["industry"] = reason["industry"]
    # the other parameters (exempt, registered_year, area_mu, …) go into the text as they are
    flags = ("rule", "tied", "tied_down", "small_group")
    values |= {k: v for k, v in reason.items() if k not in values and k not in flags}
    text = t(f"reason.{rule}", lang, **values) if values else t(f"reason.{rule}", lang)
    if reason.get("small_group"):
        text = t("reason.small_group", lang, n=reason["small_group"], reason=text)
    if reason.get("tied"):
        text = t("reason.tied", lang, reason=text)
    if reason.get("tied_down"):
        text = t("reason.tied_down", lang, reason=text)
    return text


def share_missed_texts(targets: pd.DataFrame, *, names: Mapping[str, str], tie_rule: str,
                       lang: str = "zh") -> list[str]:
    """One warning per class that missed its quota, from ``zone_layers.evaluation.class_targets``
    (rows with ``missed``); ``names`` are the preset's grade labels, ``tie_rule`` its code."""
    out = []
    for row in targets.loc[targets["missed"].astype(bool)].itertuples(index=False):
        group = "" if row.group == "all" else t(f"grading.group.{row.group}", lang)
        out.append(t("grading.share_missed", lang, group=group, n=int(row.n), grade=names.get(row.grade, row.grade),
                     actual=int(row.actual), share=_pct(float(row.share)), target=int(row.target),
                     tie_rule=t(f"tie_rule.{tie_rule}", lang)))
    return out


def met_text(met: object, lang: str = "zh") -> str:
    """Whether a target is met (``zone_layers.target_gaps.indicator_targets``' ``met``) in words, with ✓/✗."""
    if met is None or met is pd.NA or (isinstance(met, float) and math.isnan(met)):
        return t("indicator_targets.no_figure", lang)
    return t("indicator_targets.met" if met else "indicator_targets.not_met", lang)


def target_problem_texts(problems: pd.DataFrame, valid: Iterable[str], lang: str = "zh") -> list[str]:
    """One line per row of ``zone_layers.target_gaps.target_problems``, naming the row, the key and the
    valid keys."""
    keys = ", ".join(valid)
    return [t(f"indicator_targets.problem.{row.problem}", lang, row=int(row.row), zone_id=row.zone_id,
              year=row.year, indicator=row.indicator, valid=keys)
            for row in problems.itertuples(index=False)]


def low_reasons_text(keys: Iterable[str] | None, lang: str = "zh") -> str:
    """Low-efficiency rule keys (``("far_low", "coefficient_low")``) as their names; "" for none."""
    if keys is None or isinstance(keys, float):  # None or NaN: no low-efficiency table
        return ""
    return t("low_rule.separator", lang).join(t(f"low_rule.{k}", lang) for k in keys)


def grade_text(grade: str | None, names: Mapping[str, str], lang: str = "zh") -> str:
    """A grade value as shown: the preset's configured name, ``未评价``/``Not graded`` for ungraded."""
    if grade is None:
        return ""
    if grade == UNGRADED:
        return t("grade.ungraded", lang)
    return names.get(grade, grade)


def grade_names(config: GradingConfig, preset: str | None = None, *, lang: str = "zh") -> dict[str, str]:
    """Grade -> legend label of a preset (configured names), plus the catalogue's name for ungraded."""
    return {**_config_grade_names(config, preset, lang=lang), UNGRADED: t("grade.ungraded", lang)}


def label_text(label: Label | None, lang: str = "zh") -> str:
    """A legend label of ``zone_layers.layers``: a :class:`Term` looked up, data (a ``str``) as it is."""
    if label is None:
        return ""
    return t(label.key, lang) if isinstance(label, Term) else label


@dataclasses.dataclass(frozen=True)
class ShownStyle:
    """A :class:`zone_layers.layers.LayerStyle` worded in one language: what maps and briefs draw."""

    fill: pd.Series
    #: the layer's name with its unit, e.g. ``亩均税收(万元/亩)``
    title: str
    #: (colour, label, parcels drawn in it or None)
    legend: list[tuple[str, str, int | None]]
    #: a line under the legend rows ("" when none)
    note: str
    classification: Classification | None = None


def localize_style(style: LayerStyle, lang: str = "zh") -> ShownStyle:
    """``style`` with its title (plus unit), legend labels and note as text in ``lang``."""
    title = label_text(style.title, lang)
    unit = unit_text(style.unit, lang) if style.unit else ""
    return ShownStyle(fill=style.fill, title=f"{title}({unit})" if unit else title,
                      legend=[(color, label_text(label, lang), n) for color, label, n in style.legend],
                      note=label_text(style.note, lang), classification=style.classification)

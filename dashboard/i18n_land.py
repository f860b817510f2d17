"""The words of the land lifecycle registers (土地台账, issue 17): part of the one text catalogue.

:mod:`dashboard.i18n` merges :data:`LAND_TEXT` into its ``TEXT`` (one key space, looked up with
``t()``; a key defined twice is an error). Keys: ``land.*`` for the registers' tab, its columns and
the codes of :mod:`zone_layers.registers` (``land.register.<name>``, ``land.criterion.<code>``,
``land.below.<code>``, ``land.missing.<code>``, ``land.status.<code>``, ``land.disposal.<code>``,
``land.commit.<code>``, ``land.review.<code>``, ``land.commitment.<field>``), ``cli.registers.*``
for ``python -m dashboard registers``.
"""

from __future__ import annotations

LAND_TEXT: dict[str, dict[str, str]] = {
    "tab_land": {"zh": "土地台账", "en": "Land registers"},
    "layer.register_status": {"zh": "土地台账处置状态", "en": "Land register status"},
    "legend.not_in_register": {"zh": "不在台账中", "en": "not on a register"},
    "upload_kind.contracts": {"zh": "供地合同", "en": "Land contracts"},
    "upload_kind.progress": {"zh": "开发进度", "en": "Construction progress"},
    "unit.tce_per_wan": {"zh": "吨标煤/万元", "en": "tce/10k CNY"},
    "land.title": {"zh": "土地台账（截至 {date}）", "en": "Land registers as of {date}"},
    "land.as_of": {"zh": "截至日期", "en": "As of"},
    "land.none_data": {"zh": "数据中没有供地合同、开发进度或批次用地表，无法编制台账。表结构见 geodata/README.md。",
                       "en": "The data holds no contracts, progress or approval tables, so there are no registers. "
                             "The tables are described in geodata/README.md."},
    "land.rules": {
        "zh": "闲置土地（《闲置土地处置办法》第二条、第十四条）：超过约定动工日期满一年未动工；或已动工但开发面积不足"
              "总面积三分之一、或已投资额不足总投资 25%，且中止开发满一年。按《民法典》第二百零一、二百零二条计算期间："
              "约定当日不计入，期间至一年后对应日（无对应日为当月最后一日）届满，次日起为闲置。闲置满一年征缴土地闲置费"
              "（出让价款的 20%），满两年可无偿收回（政府原因或不可抗力造成的除外，由主管部门认定）。",
        "en": "Idle land (Measures on the Disposal of Idle Land, arts. 2 and 14): construction not started one full "
              "year after the agreed start; or started, with under 1/3 of the area developed or under 25 % of the "
              "investment made, and stopped for a full year. Periods per the Civil Code arts. 201–202: the agreed "
              "day is not counted, the year ends on the corresponding day a year later (or the month's last day), "
              "the land is idle from the next day. Idle land owes a fee of 20 % of the land price; after two full "
              "years it may be taken back without compensation (unless the government or force majeure caused "
              "the delay: the bureau decides)."},
    "land.register.idle": {"zh": "闲置土地", "en": "Idle land"},
    "land.register.supplied_not_started": {"zh": "供而未用", "en": "Supplied, not started"},
    "land.register.approved_not_supplied": {"zh": "批而未供", "en": "Approved, not supplied"},
    "land.register.low_efficiency": {"zh": "低效用地", "en": "Low-efficiency land"},
    "land.register.commitments": {"zh": "标准地履约", "en": "Standard-land commitments"},
    "land.register.reviews_due": {"zh": "90 天内到期的核查", "en": "Reviews due within 90 days"},
    "land.register.redevelopment": {"zh": "再开发潜力", "en": "Redevelopment potential"},
    "land.register.missing_dates": {"zh": "缺少日期的合同", "en": "Contracts missing dates"},
    "land.count": {"zh": "{n} 条", "en": "{n} entries"},
    "land.flag_mismatch": {
        "zh": "宗地图层的「闲置」标记与台账不一致（该标记没有日期和认定依据）：标记为闲置但台账未认定 "
              "{flagged} 宗{flagged_ids}；台账认定闲置但未标记 {registered} 宗{registered_ids}。",
        "en": "The parcels' bare 'idle' flag (no date, no reason) disagrees with the register: flagged but not idle "
              "by the register: {flagged}{flagged_ids}; idle by the register but not flagged: "
              "{registered}{registered_ids}."},
    "land.empty": {"zh": "无", "en": "none"},
    "land.criterion.not_started": {"zh": "满一年未动工", "en": "not started for a full year"},
    "land.criterion.stopped": {"zh": "动工后中止开发满一年", "en": "stopped for a full year after starting"},
    "land.below.area": {"zh": "开发面积不足 1/3", "en": "under 1/3 of the area developed"},
    "land.below.investment": {"zh": "投资不足 25%", "en": "under 25 % of the investment made"},
    "land.missing.no_agreed_start": {"zh": "缺少约定动工日期，无法判定（不作推定）",
                                     "en": "no agreed start date: not judged (never guessed)"},
    "land.missing.stopped_share_unknown": {
        "zh": "中止开发满一年，但已开发面积或已投资额未知，无法判定是否闲置（不作推定）",
        "en": "stopped for a full year, but the area developed or the investment made is unknown: not judged "
              "(never guessed)"},
    "land.status.pending": {"zh": "待处置", "en": "Pending"},
    "land.status.in_progress": {"zh": "处置中", "en": "In progress"},
    "land.status.closed": {"zh": "已处置", "en": "Closed"},
    "land.disposal.taken_back": {"zh": "收回", "en": "taken back"},
    "land.disposal.started": {"zh": "动工", "en": "construction started"},
    "land.disposal.extended": {"zh": "协议延期", "en": "extension agreed"},
    "land.disposal.fee_paid": {"zh": "缴纳闲置费", "en": "fee paid"},
    "land.disposal.replanned": {"zh": "调整用途/规划", "en": "re-planned"},
    "land.disposal.other": {"zh": "其他", "en": "other"},
    "land.commit.not_started": {"zh": "未到动工期", "en": "before the start"},
    "land.commit.no_figures": {"zh": "无企业数据", "en": "no firm figures"},
    "land.commit.on_track": {"zh": "正常", "en": "on track"},
    "land.commit.behind": {"zh": "未达承诺", "en": "behind"},
    "land.commit.met": {"zh": "达产核查通过", "en": "met at full-production review"},
    "land.commit.failed": {"zh": "达产核查未通过", "en": "failed at full-production review"},
    "land.review.start": {"zh": "动工核查", "en": "start review"},
    "land.review.completion": {"zh": "竣工核查", "en": "completion review"},
    "land.review.production": {"zh": "达产核查", "en": "full-production review"},
    "land.commitment.investment_wan_per_mu": {"zh": "投资强度", "en": "Investment intensity"},
    "land.commitment.tax_wan_per_mu": {"zh": "亩均税收", "en": "Tax per mu"},
    "land.commitment.far_min": {"zh": "容积率", "en": "FAR"},
    "land.commitment.energy_tce_per_wan": {"zh": "单位增加值能耗", "en": "Energy per value added"},
    "land.reason.idle_register": {"zh": "闲置（台账）", "en": "idle (register)"},
    "land.take_back_yes": {"zh": "可收回", "en": "may be taken back"},
    "land.take_back_no": {"zh": "否", "en": "no"},
    # columns of the tables and the export
    "land.col.parcel": {"zh": "宗地编号", "en": "Parcel"},
    "land.col.contract": {"zh": "合同编号", "en": "Contract"},
    "land.col.batch": {"zh": "批次", "en": "Batch"},
    "land.col.criterion": {"zh": "认定情形", "en": "Criterion"},
    "land.col.anchor": {"zh": "起算日", "en": "Counted from"},
    "land.col.idle_from": {"zh": "闲置起始日", "en": "Idle from"},
    "land.col.days_overdue": {"zh": "逾期天数", "en": "Days overdue"},
    "land.col.fee": {"zh": "闲置费(万元)", "en": "Idle fee (10k CNY)"},
    "land.col.take_back": {"zh": "无偿收回", "en": "Take-back"},
    "land.col.area_mu": {"zh": "面积(亩)", "en": "Area (mu)"},
    "land.col.signed": {"zh": "签订日期", "en": "Signed"},
    "land.col.agreed_start": {"zh": "约定动工日期", "en": "Agreed start"},
    "land.col.idle_due": {"zh": "满一年日", "en": "Year ends"},
    "land.col.days_to_idle": {"zh": "距闲置(天)", "en": "Days to idle"},
    "land.col.approved": {"zh": "批准日期", "en": "Approved"},
    "land.col.age": {"zh": "批后年数", "en": "Years since approval"},
    "land.col.unsupplied_mu": {"zh": "未供面积(亩)", "en": "Unsupplied (mu)"},
    "land.col.unsupplied_share": {"zh": "未供比例", "en": "Unsupplied share"},
    "land.col.reasons": {"zh": "低效原因", "en": "Reasons"},
    "land.col.status": {"zh": "处置状态", "en": "Status"},
    "land.col.disposal": {"zh": "处置方式", "en": "Disposal"},
    "land.col.deadline": {"zh": "处置期限", "en": "Deadline"},
    "land.col.edited": {"zh": "最后修改", "en": "Last edited"},
    "land.col.firm": {"zh": "企业", "en": "Firm"},
    "land.col.commit_status": {"zh": "履约状态", "en": "Performance"},
    "land.col.short": {"zh": "未达指标", "en": "Below commitment"},
    "land.col.gap_tax": {"zh": "亩均税收差距(万元/亩)", "en": "Tax gap (10k CNY/mu)"},
    "land.col.gap_investment": {"zh": "投资强度差距(万元/亩)", "en": "Investment gap (10k CNY/mu)"},
    "land.col.committed_tax": {"zh": "承诺亩均税收(万元/亩)", "en": "Committed tax (10k CNY/mu)"},
    "land.col.committed_investment": {"zh": "承诺投资强度(万元/亩)", "en": "Committed investment (10k CNY/mu)"},
    "land.col.production_due": {"zh": "约定达产日期", "en": "Full production due"},
    "land.col.review": {"zh": "核查", "en": "Review"},
    "land.col.due": {"zh": "到期日", "en": "Due"},
    "land.col.days_left": {"zh": "剩余天数", "en": "Days left"},
    "land.col.rank": {"zh": "排序", "en": "Rank"},
    "land.col.far_headroom": {"zh": "容积率余量", "en": "FAR headroom"},
    "land.col.tax_potential": {"zh": "税收潜力(万元)", "en": "Tax potential (10k CNY)"},
    "land.col.reason": {"zh": "原因", "en": "Reason"},
    # editing a status
    "land.edit.title": {"zh": "修改处置状态", "en": "Edit the disposal status"},
    "land.edit.entry": {"zh": "台账条目", "en": "Entry"},
    "land.edit.note": {"zh": "备注", "en": "Note"},
    "land.edit.save": {"zh": "保存", "en": "Save"},
    "land.edit.saved": {"zh": "已保存（第 {version} 版）。", "en": "Saved (version {version})."},
    "land.edit.conflict": {"zh": "未保存：{message}。请重新载入后再修改。",
                           "en": "Not saved: {message}. Reload and edit again."},
    "land.edit.history": {"zh": "修改记录", "en": "History"},
    "land.edit.viewer": {"zh": "分析员登录后可修改处置状态和期限。", "en": "Analysts can edit statuses and deadlines."},
    "land.edit.no_disposal": {"zh": "已处置的条目须写明处置方式。", "en": "A closed entry needs its disposal."},
    "land.viewer_figures": {"zh": "企业税收、投资等实际数据仅分析员可见。",
                            "en": "Firms' actual tax and investment figures are for analysts only."},
    "land.download": {"zh": "下载台账 (XLSX)", "en": "Download the registers (XLSX)"},
    # the command line
    "cli.registers.heading": {"zh": "土地台账，截至 {date}", "en": "Land registers as of {date}"},
    "cli.registers.section": {"zh": "{name}：{n} 条", "en": "{name}: {n}"},
    "cli.registers.idle_row": {"zh": "{parcel}  {criterion}  逾期 {days} 天  闲置费 {fee} 万元  {take_back}",
                               "en": "{parcel}  {criterion}  {days} days overdue  fee {fee} (10k CNY)  {take_back}"},
    "cli.registers.waiting_row": {"zh": "{parcel}  约定动工 {start}  {days} 天后满一年",
                                  "en": "{parcel}  agreed start {start}  idle in {days} days"},
    "cli.registers.batch_row": {"zh": "{batch}  批准 {approved}  未供 {mu} 亩（{share}）",
                                "en": "{batch}  approved {approved}  unsupplied {mu} mu ({share})"},
    "cli.registers.commit_row": {"zh": "{contract}  {parcel}  {status}  亩均税收差距 {gap}",
                                 "en": "{contract}  {parcel}  {status}  tax gap {gap}"},
    "cli.registers.review_row": {"zh": "{contract}  {parcel}  {review}  {due}（{days} 天后）",
                                 "en": "{contract}  {parcel}  {review}  {due} (in {days} days)"},
    "cli.registers.missing_row": {"zh": "{contract}  {parcel}  {reason}", "en": "{contract}  {parcel}  {reason}"},
}

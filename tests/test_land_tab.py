"""The zone view's 土地台账 tab (issue 17, AppTest): registers as of a date, status edits with history and
the conflict when someone saved first, and what a viewer does not see."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.text import Text
from streamlit.testing.v1 import AppTest

from geodata.settings import SAMPLE_PATH
from geodata.store import open_store
from tests.helpers import assert_page_ok, decoded, open_tab

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")
AS_OF = dt.date(2026, 6, 30)      # geodata/sample/README.md describes the sample's registers on this date


@pytest.fixture
def edits(monkeypatch, tmp_path) -> Path:
    monkeypatch.delenv("ZONE_DATA", raising=False)
    monkeypatch.delenv("ZONE_ACCESS_CONTROL", raising=False)
    monkeypatch.setenv("ZONE_AUDIT_LOG", str(tmp_path / "audit.log"))
    path = tmp_path / "edits.sqlite"
    monkeypatch.setenv("ZONE_EDITS", str(path))
    return path


def land_tab(at: AppTest) -> AppTest:
    at = open_tab(at.run(), "土地台账")
    at.date_input(key="land_as_of").set_value(AS_OF)
    return at.run()


def frame_with(at: AppTest, column: str):
    found = [df.value for df in at.dataframe if column in getattr(df.value, "columns", [])]
    assert found, [list(df.value.columns) for df in at.dataframe]
    return found[0]


def test_the_registers_of_the_sample_and_a_status_edit_with_history(edits):
    at = land_tab(AppTest.from_file(APP, default_timeout=120))
    assert_page_ok(at)
    idle = frame_with(at, "认定情形")
    assert len(idle) == 7 and set(idle["处置状态"]) == {"待处置"}
    assert (idle["逾期天数"] > 0).all() and set(idle["无偿收回"]) == {"可收回", "否"}
    assert len(frame_with(at, "距闲置(天)")) == 6                              # 供而未用
    assert len(frame_with(at, "未供面积(亩)")) == 3                            # 批而未供
    commitments = frame_with(at, "履约状态")
    assert {"达产核查通过", "达产核查未通过", "正常", "未达承诺"} <= set(commitments["履约状态"])
    assert "亩均税收差距(万元/亩)" in commitments.columns
    assert any(b.label == "下载台账 (XLSX)" for b in at.get("download_button"))
    # an analyst takes the first idle parcel in hand
    parcel = idle["宗地编号"].iloc[0]
    at.selectbox(key="land-entry").set_value(f"idle:{parcel}").run()
    at.selectbox(key=f"land-status-idle:{parcel}").set_value("in_progress")
    at.date_input(key=f"land-deadline-idle:{parcel}").set_value(dt.date(2026, 12, 31))
    at.text_input(key=f"land-note-idle:{parcel}").set_value("约谈企业")
    next(b for b in at.button if b.label == "保存").click().run()
    assert_page_ok(at)
    assert any("已保存（第 1 版）" in s.value for s in at.success)
    idle = frame_with(at, "认定情形").set_index("宗地编号")
    assert (idle.at[parcel, "处置状态"], idle.at[parcel, "处置期限"]) == ("处置中", "2026-12-31")
    history = frame_with(at, "备注")                                       # the history under the form
    assert list(history["备注"]) == ["约谈企业"]
    [edit] = open_store(str(SAMPLE_PATH)).history("register_status", f"idle:{parcel}")
    assert edit.values == {"status": "in_progress", "disposal": None, "deadline": "2026-12-31", "note": "约谈企业"}


def test_a_concurrent_edit_is_refused_naming_who_saved_first(edits):
    at = land_tab(AppTest.from_file(APP, default_timeout=120))
    parcel = frame_with(at, "认定情形")["宗地编号"].iloc[0]
    key = f"idle:{parcel}"
    at.selectbox(key="land-entry").set_value(key).run()           # this analyst read version 0
    open_store(str(SAMPLE_PATH)).save("register_status", key, {"status": "closed", "disposal": "taken_back",
                                                               "deadline": None, "note": ""},
                                      user="王五", base_version=0)   # another one closes it first
    at.selectbox(key=f"land-status-{key}").set_value("in_progress")
    next(b for b in at.button if b.label == "保存").click().run()
    assert any("王五 saved a newer version" in e.value and "未保存" in e.value for e in at.error)
    versions = open_store(str(SAMPLE_PATH)).history("register_status", key)
    assert [(e.version, e.user) for e in versions] == [(1, "王五")]       # nothing overwritten
    # read again, the page shows 王五's version and a save now builds on it
    at.run()
    assert frame_with(at, "认定情形").set_index("宗地编号").at[parcel, "处置状态"] == "已处置"


def test_a_viewer_sees_the_land_facts_not_the_firms_figures(edits):
    at = AppTest.from_file(APP, default_timeout=120)
    at.secrets["access"] = {"enabled": True, "users": {}}
    at = land_tab(at)
    assert_page_ok(at)
    assert len(frame_with(at, "认定情形")) == 7                             # dates, areas, statuses
    commitments = frame_with(at, "承诺亩均税收(万元/亩)")
    assert not {"履约状态", "亩均税收差距(万元/亩)", "投资强度差距(万元/亩)", "企业"} & set(commitments.columns)
    assert "税收潜力(万元)" not in frame_with(at, "容积率余量").columns
    assert not any(s.key and str(s.key).startswith("land-status") for s in at.selectbox)


def test_the_map_layer_colours_the_parcels_by_status(edits):
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.selectbox(key="layer").set_value("register_status").run()
    assert_page_ok(at)
    component = at.get("component_instance")[0]
    script = decoded(json.loads(component.proto.json_args)["script"])
    assert "#d7301f" in script and "土地台账处置状态" in script and "待处置" in script and "不在台账中" in script


def test_a_brief_of_the_register_layer(edits):
    """The brief draws what the map shows: the sample as of 2026-06-30, one idle parcel closed."""
    from dashboard.export import brief
    from geodata.dataset import dataset_from_gpkg

    fig = brief.render_brief(dataset_from_gpkg(SAMPLE_PATH), layer="register_status", size=(960, 540), dpi=96,
                             as_of=AS_OF, register_statuses={"idle:411702105006GB00240": "closed"})
    rows = {label: n for _, label, n in fig.brief_style.legend}
    assert rows["已处置"] == 1 and rows["待处置"] >= 6 and "处置中" in rows
    texts = " ".join(x.get_text() for x in fig.findobj(Text))
    assert "土地台账（截至 2026-06-30）" in texts and "土地台账处置状态" in texts


def test_the_import_page_checks_a_contracts_table_in_english(edits):
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["view"] = "upload"
    at.query_params["lang"] = "en"
    at.run()
    at.radio(key="up_kind").set_value("contracts").run()
    text = ("合同编号,宗地编号,签订日期,出让价款(万元),约定动工日期,承诺亩均税收(万元/亩)\n"
            "HT-1,P1,2024-01-10,800,2024-06-29,25\nHT-2,P2,2024-02-01,300,2024/9/1,\n")
    at.file_uploader(key="up_contracts").set_value(("合同.csv", text.encode("utf-8"), "text/csv")).run()
    assert_page_ok(at)
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Rows read"], metrics["Accepted"], metrics["Rejected"]) == ("2", "1", "1")
    problems, preview = at.dataframe[0].value, at.dataframe[-1].value
    # the file, row, key, field, what arrived and what is expected, in the page's language
    assert ("合同.csv, row 3 (HT-2), field Agreed start: «2024/9/1» is not a date; the row was not used. "
            "Write it as YYYY-MM-DD") in " ".join(problems["Message"])
    assert list(preview["Contract No."]) == ["HT-1"]
    assert preview["Committed tax per mu(10k CNY/mu)"].iloc[0] == 25


def test_the_tab_in_english_words_everything_but_the_data(edits):
    import re

    cjk = re.compile(r"[\u3400-\u9fff]")
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = "en"
    at = open_tab(at.run(), "Land registers")
    at.date_input(key="land_as_of").set_value(AS_OF)
    at = at.run()
    assert_page_ok(at)
    headings = [m.value for m in at.markdown if " entries" in m.value or "Land registers as of" in m.value]
    rules = [c.value for c in at.caption if "Civil Code" in c.value]
    assert "**Land registers as of 2026-06-30**" in headings and len(headings) == 1 + 8 and len(rules) == 1
    assert not [x for x in headings + rules if cjk.search(x)]
    idle = frame_with(at, "Criterion")
    worded = ["Criterion", "Take-back", "Status"]
    assert not [c for c in idle.columns if cjk.search(c)]
    assert not [v for c in worded for v in idle[c] if cjk.search(str(v))]
    assert set(idle["Status"]) == {"Pending"}


def test_the_xlsx_download_holds_every_register(edits):
    """What the download button writes: one sheet per register and list, the 示意数据 row first."""
    import io

    import openpyxl

    from dashboard import land_status
    from dashboard.export import tables
    from dashboard.pages import land_tab
    from geodata.dataset import dataset_from_gpkg
    from zone_layers import registers

    r = registers.zone_registers(dataset_from_gpkg(SAMPLE_PATH), as_of=pd.Timestamp(AS_OF), zone_id="zmd_etdz")
    sheets = {name: land_tab.shown_register(name, land_status.with_status(r.entries(name), name, {}), "zh")
              for name in registers.REGISTERS}
    sheets["commitments"] = land_tab.shown_commitments(r.commitments, "zh", role="analyst")
    book = openpyxl.load_workbook(io.BytesIO(tables.to_xlsx_bytes(sheets, note="示意数据")))
    assert book.sheetnames == [*registers.REGISTERS, "commitments"]
    idle = book["idle"]
    assert idle["A1"].value == "示意数据" and idle["A2"].value == "宗地编号" and idle.max_row == 2 + 7
    header = [c.value for c in idle[2]]
    assert {"认定情形", "逾期天数", "闲置费(万元)", "处置状态", "处置期限"} <= set(header)
    fee = header.index("闲置费(万元)") + 1
    assert all(isinstance(idle.cell(row, fee).value, float) for row in range(3, 10))   # numbers stay numbers

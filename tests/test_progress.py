"""Issue 19: long work shows a progress bar saying what is being done, and what was done at the end
(checking an upload, rendering a brief); building a map shows one while it draws."""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.helpers import assert_page_ok

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")


def bars(at: AppTest) -> list[tuple[int, str]]:
    """Every progress bar on the page: (value in %, text)."""
    return [(el.proto.value, el.proto.text) for el in at.get("progress")]


def test_checking_an_upload_ends_with_what_was_checked(monkeypatch):
    monkeypatch.delenv("ZONE_DATA", raising=False)
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["view"] = "upload"
    at.run()
    assert bars(at) == []                                                      # nothing to do yet
    at.radio(key="up_kind").set_value("enterprise_years").run()
    text = "统一社会信用代码,税收(元)\n914117000000000016,\"1,234,500\"\n914117000000000029,3\n"
    at.file_uploader(key="up_enterprise_years").set_value(("税收_2024.csv", text.encode("gbk"), "text/csv")).run()
    assert_page_ok(at)
    [(value, words)] = bars(at)
    assert value == 100 and re.fullmatch(r"已读取并检查 税收_2024\.csv：2 条记录，用时 \d+\.\d 秒", words), words
    at.run()                                                                   # checked once: no bar again
    assert bars(at) == []


def test_rendering_a_brief_ends_with_what_was_made(monkeypatch):
    monkeypatch.delenv("ZONE_DATA", raising=False)
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = "en"
    at.run()
    assert bars(at) == []                                  # the map was built: its bar is gone
    at.button(key="brief_make").click().run()
    assert_page_ok(at)
    [(value, words)] = bars(at)
    assert value == 100 and re.fullmatch(r"Brief ready \(PNG, \d+\.\d s\)", words), words

"""Small helpers shared by several test modules."""

from __future__ import annotations

import re


def decoded(text: str) -> str:
    """A rendered page or component payload with JSON/JS string escapes undone (\\uXXXX, \\", \\/)."""
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
    return text.replace('\\"', '"').replace("\\/", "/")


#: The tabs below the zone map, in order (only the open one is built: dashboard/pages/zone_page.py).
ZONE_TABS = ("功能分区对比", "企业评价", "等级变动", "目标差距", "指标定义", "土地台账")


def open_tab(at, label: str):
    """Open the zone view's tab ``label`` in an AppTest and run the page (as a click on it does)."""
    from dashboard.pages.zone_page import TABS_KEY

    at.session_state[TABS_KEY] = label
    return at.run()


def assert_page_ok(at) -> None:
    """An AppTest run raised nothing *and* shows no ``st.error``: the page catches its own exceptions
    into ``st.error`` (dashboard/pages/app.py), so ``not at.exception`` alone passes on a crashed page."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def section_table(at, label: str = "面积(km²)"):
    """The zone view's section comparison, shown one row per figure and one column per section
    (dashboard/pages/zone_tabs.py ``by_figure``), turned back: one row per section (the index), one
    column per figure label, values as shown (text), missing ones None. None when not on the page."""
    found = [df.value for df in at.dataframe
             if len(getattr(df.value, "columns", [])) and label in set(df.value.iloc[:, 0])]
    assert len(found) <= 1, [list(df.value.columns) for df in at.dataframe]
    return found[0].set_index(found[0].columns[0]).T if found else None

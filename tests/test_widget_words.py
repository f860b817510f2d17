"""dashboard/pages/widget_words.py: the stylesheet that shows Streamlit's widget words in the page's
language (issue 19). What Chromium makes of it: tests/test_browser_widget_words.py."""

from __future__ import annotations

import pytest

from dashboard.pages.widget_words import css_string, stylesheet


@pytest.mark.parametrize(("text", "literal"), [
    ("上传", '"上传"'),
    ('say "hi"', '"say \\"hi\\""'),                 # a double quote would end the CSS string
    ("a\\b", '"a\\\\b"'),                          # a backslash would start an escape
    ("</style><b>", '"\\3C /style>\\3C b>"'),      # cannot close the <style> element it sits in
    ("two\nlines", '"two\\A lines"'),
])
def test_css_string(text, literal):
    assert css_string(text) == literal


def test_chinese_words_from_the_catalogue_and_the_upload_limit():
    css = stylesheet("zh", max_upload_mb=200, upload_types=(["gpkg", "zip"], ["csv", "xlsx"]))
    assert css.startswith("<style>") and css.endswith("</style>") and css.count("<") == 2
    for words in ('"上传"', '"将文件拖放到此处"', '"全选"', '"选择全部匹配项"', '"无匹配项"', '"单个文件不超过 200MB"'):
        assert f"content:{words}" in css
    # each uploader's instructions list its own file types after the size, as Streamlit's do
    assert ('[data-testid="stFileUploaderDropzone"]:has(input[accept="application/streamlit,.gpkg,.zip"]) '
            '[data-testid="stFileUploaderDropzoneInstructions"] span::after'
            '{content:"单个文件不超过 200MB • GPKG, ZIP"}') in css
    assert '{content:"单个文件不超过 200MB • CSV, XLSX"}' in css
    assert "content:\"单个文件不超过 50MB\"" in stylesheet("zh", max_upload_mb=50)
    # the English is hidden where the Chinese is written: as many 0-size rules as ::after rules with a size
    assert css.count("{font-size:0}") == css.count(";font-size:0.875rem}") == 6


def test_english_pages_keep_streamlits_words():
    assert stylesheet("en", max_upload_mb=200, upload_types=(["csv"],)) == ""

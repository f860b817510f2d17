"""Streamlit's own widget words in the page's language (issue 19): one stylesheet, added on every page.

Streamlit 1.67 writes a few words of its widgets in English and has no setting for them: the file
uploader's button ("Upload"), its instructions ("200MB per file • ZIP, CSV"), the text shown while a
file is dragged over it ("Drag and drop a file here"), and the bulk options of a multiselect's
dropdown ("Select all", "Select N matches") and its "No results". :func:`stylesheet` hides those
words (``font-size: 0`` on the element that holds them) and writes the catalogue's words in their
place (``::after { content: "…" }``, same font size, so the widgets keep their height and look). The
selectors are the elements' ``data-testid`` and React Aria's ``data-key``/``data-empty`` in
Streamlit 1.67's frontend (``streamlit/static/static/js/FileUploader.*.js``, ``Multiselect.*.js``);
``tests/test_browser_widget_words.py`` checks them in Chromium.

Not covered (no visible text, or not reachable in this app): the uploader's ``aria-label`` texts and
error tooltips of a rejected file, the count in "Select N matches" (CSS cannot count the matches),
and "You can only select up to N options" (no multiselect here sets ``max_selections``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import streamlit as st

from dashboard.i18n import t

#: The language Streamlit's frontend is written in: pages in it keep Streamlit's own words.
STREAMLIT_LANG = "en"
#: Streamlit's theme ``fontSizes.sm``, the size of every one of these words.
FONT_SIZE = "0.875rem"

_DROPZONE = '[data-testid="stFileUploaderDropzone"]'
#: element holding the text → catalogue key; the uploader's instructions are per list of file types
_WORDS: tuple[tuple[str, str], ...] = (
    (f'{_DROPZONE} [data-testid="stBaseButton-secondary"] [data-testid="stMarkdownContainer"] p', "widget.upload"),
    (f"{_DROPZONE} > div:not([data-testid]) > span", "widget.drop_file"),  # the overlay while dragging
    ('[role="option"][data-key="__select_all__"] > div', "widget.select_all"),
    ('[role="option"][data-key="__select_matches__"] > div', "widget.select_matches"),
    ('[role="listbox"][data-empty] > [role="option"] > span', "widget.no_results"),
)
_INSTRUCTIONS = '[data-testid="stFileUploaderDropzoneInstructions"] span'


def css_string(text: str) -> str:
    """``text`` as a CSS string literal: backslash and double quote escaped, line breaks as ``\\A``,
    and ``<`` as ``\\3C `` so the text cannot close the ``<style>`` element it is written into."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ").replace("<", "\\3C ")
    return f'"{escaped}"'


def _replace(selector: str, text: str) -> str:
    return (f"{selector}{{font-size:0}}"
            f"{selector}::after{{content:{css_string(text)};font-size:{FONT_SIZE}}}")


def _accept(types: Sequence[str]) -> str:
    """The ``accept`` attribute Streamlit gives the uploader's file input for ``type=types``."""
    return ",".join(["application/streamlit", *(f".{kind.lstrip('.').lower()}" for kind in types)])


def stylesheet(lang: str, *, max_upload_mb: int, upload_types: Iterable[Sequence[str]] = ()) -> str:
    """The ``<style>`` element that shows Streamlit's widget words in ``lang``; "" in Streamlit's own.

    ``max_upload_mb`` is ``server.maxUploadSize``; ``upload_types`` are the ``type=`` lists of the
    app's file uploaders, whose instructions list them after the size (as Streamlit does). An
    uploader with another list shows the size alone.
    """
    if lang == STREAMLIT_LANG:
        return ""
    limit = t("widget.upload_limit", lang, size=max_upload_mb)
    rules = [_replace(selector, t(key, lang)) for selector, key in _WORDS]
    rules.append(_replace(_INSTRUCTIONS, limit))
    for types in upload_types:
        listed = ", ".join(kind.lstrip(".").upper() for kind in types)
        rules.append(f'{_DROPZONE}:has(input[accept="{_accept(types)}"]) {_INSTRUCTIONS}::after'
                     f"{{content:{css_string(f'{limit} • {listed}')}}}")
    return "<style>" + "".join(rules) + "</style>"


def add(lang: str, *, upload_types: Iterable[Sequence[str]] = ()) -> None:
    """Add :func:`stylesheet` to the page (nothing in Streamlit's own language)."""
    css = stylesheet(lang, max_upload_mb=int(st.get_option("server.maxUploadSize")), upload_types=upload_types)
    if css:
        st.html(css)

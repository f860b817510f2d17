"""A progress bar through the named steps of one piece of long work (checking an upload, building
a map, rendering a brief): each step says what is being done, in the page's language."""

from __future__ import annotations

import time
from collections.abc import Sequence

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from dashboard.i18n import t


class Steps:
    """``st.progress`` moved through ``steps`` (catalogue keys ``progress.<step>``).

    ``at(step)`` shows that step's words with the share of the steps before it done; ``done`` ends
    the bar: kept at 100 % with a summary (``progress.<key>``, given ``seconds``) or taken away.
    """

    def __init__(self, lang: str, steps: Sequence[str], *, where: DeltaGenerator | None = None) -> None:
        self.lang, self.steps, self.started = lang, list(steps), time.monotonic()
        self.bar = (where or st.empty()).progress(0.0, text=t(f"progress.{self.steps[0]}", lang))

    def at(self, step: str, **values: object) -> None:
        """Step ``step`` (one of the steps) is under way."""
        share = self.steps.index(step) / len(self.steps)
        self.bar.progress(share, text=t(f"progress.{step}", self.lang, **values))

    def done(self, key: str | None = None, **values: object) -> None:
        """The work is over: a summary ``progress.<key>`` at 100 % (with ``seconds`` taken), or no bar."""
        if key is None:
            self.bar.empty()
            return
        seconds = f"{time.monotonic() - self.started:.1f}"
        self.bar.progress(1.0, text=t(f"progress.{key}", self.lang, seconds=seconds, **values))

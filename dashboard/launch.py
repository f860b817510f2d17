"""Start the dashboard's server, prepared before its port opens: ``python -m dashboard.launch [options]``.

The options are those of ``streamlit run`` (``--server.port 8502`` …). ``make run``, ``make serve``'s
replicas and the systemd unit start the app this way. Before Streamlit opens the port, in the same
process, :func:`dashboard.pages.warmup.prepare` imports the app's modules and fills the caches every
session shares with the served dataset's tables and the views of the page's defaults, so the first
visitor after a (re)start is served like the next ones (issue 14: ``bench/README.md``, "cold"). The
time it took is logged; ``$ZONE_WARM`` = ``0`` skips it (the server opens at once and its first
visitor does that work); ``all`` prepares every zone's view, not only the default zone's (a longer
start: about 1–2.5 s per zone of 20 000 parcels).

Plain ``streamlit run streamlit_app.py`` still works: the same app, its first visitor waits longer.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

APP = Path(__file__).resolve().parent.parent / "streamlit_app.py"
#: ``0``: open the port without preparing anything first; ``all``: prepare every zone's view.
WARM_ENV_VAR = "ZONE_WARM"
#: Streamlit's loggers that warn about every cache and session-state call made outside a page run.
QUIET = ("streamlit.runtime.scriptrunner_utils.script_run_context", "streamlit.runtime.state.session_state_proxy",
         "streamlit.runtime.caching.cache_data_api")


def warm(*, every_zone: bool = False) -> dict[str, float]:
    """:func:`~dashboard.pages.warmup.prepare` with Streamlit's out-of-page warnings silenced; logs and
    returns the seconds per step (none when it failed: logged, and the server starts all the same)."""
    loggers = [logging.getLogger(name) for name in QUIET]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.ERROR)
    start = time.perf_counter()
    try:
        from dashboard.pages import warmup

        steps = warmup.prepare(every_zone=every_zone)
    except Exception:  # never keep the server from starting: its pages report what is wrong
        logging.getLogger(__name__).exception("dashboard: preparing failed; starting without it")
        return {}
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.setLevel(level)
    parts = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in steps.items())
    print(f"dashboard: prepared in {time.perf_counter() - start:.1f} s ({parts})", file=sys.stderr, flush=True)
    return steps


def main(argv: list[str] | None = None) -> None:
    """``streamlit run streamlit_app.py`` with ``argv`` (default: this command's), prepared first
    (:func:`warm`) unless ``$ZONE_WARM`` is ``0``."""
    args = list(sys.argv[1:] if argv is None else argv)
    from streamlit.web import bootstrap, cli

    wanted = os.environ.get(WARM_ENV_VAR, "1").strip().lower()
    if wanted != "0":
        start_server = bootstrap.run

        def prepared_run(*run_args: Any, **run_kwargs: Any) -> None:
            # after ``streamlit run`` has read its configuration and flags, before the server starts
            warm(every_zone=wanted == "all")
            start_server(*run_args, **run_kwargs)

        bootstrap.run = prepared_run
    sys.argv = ["streamlit", "run", str(APP), *args]
    sys.exit(cli.main())


if __name__ == "__main__":
    main()

"""A Streamlit session without a browser: the app's own websocket protocol, spoken from Python.

A :class:`ProtocolSession` connects to ``/_stcore/stream`` like the Streamlit frontend, asks for
script runs (``BackMsg.rerun_script`` with the query string and the widget values) and reads every
``ForwardMsg`` of the run until ``script_finished``, so the server does for it exactly the work it
does for a browser tab: a real session, a real script run, every element serialised and sent
(the map included: this client keeps no message cache, so it always receives the full map, never a
reference to a cached copy). Widgets are found by their label in the elements the server sends.

Used by :mod:`bench.loadtest` to load the server with many sessions without running a browser per
session on the same CPUs (a Streamlit page costs a browser several CPU-seconds to render).
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from typing import Any

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

#: Element types whose value is a formatted option (sent back as ``string_value``).
CHOICE_WIDGETS = ("selectbox", "radio")


class ProtocolError(RuntimeError):
    """The server closed the session, or a run did not finish as expected."""


@dataclass
class RunResult:
    """What one script run sent: its elements by type, errors shown, bytes, time."""

    seconds: float
    messages: int = 0
    bytes: int = 0
    elements: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    #: ids of the st_folium map components sent (with the length of their arguments)
    maps: list[int] = field(default_factory=list)


class ProtocolSession:
    """One Streamlit session driven over the websocket."""

    def __init__(self, url: str, *, cookie: str | None = None) -> None:
        self.url = url.rstrip("/")
        #: the ``Cookie`` header sent with the websocket handshake; behind the replicas' proxy it holds
        #: the sticky ``zone_replica`` cookie, which :meth:`__aenter__` fetches when not given
        self.cookie = cookie
        self.ws: Any = None
        self.widgets: dict[str, tuple[str, str]] = {}  # label -> (element type, widget id)
        self.values: dict[str, str] = {}  # widget id -> formatted value we chose
        self.page_script_hash = ""

    async def __aenter__(self) -> ProtocolSession:
        import asyncio

        if self.cookie is None:  # like a browser: the page first, with whatever cookie it sets
            self.cookie = await asyncio.to_thread(page_cookie, self.url)
        ws_url = self.url.replace("http://", "ws://", 1) + "/_stcore/stream"
        headers = {"Cookie": self.cookie} if self.cookie else None
        self.ws = await websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None,
                                           origin=self.url, open_timeout=30, additional_headers=headers)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.ws is not None:
            # the server may be gone already (a replica that died): nothing left to close then
            with contextlib.suppress(websockets.ConnectionClosed, OSError):
                await self.ws.close()

    async def run(self, query_string: str = "", *, timeout: float = 60.0) -> RunResult:
        """Ask for a script run with the widget values chosen so far; wait until it finishes
        (runs that end early for a rerun are followed to the final one)."""
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = query_string
        state.page_script_hash = self.page_script_hash
        for widget_id, value in self.values.items():
            w = state.widget_states.widgets.add()
            w.id = widget_id
            w.string_value = value
        started = time.monotonic()
        try:
            await self.ws.send(msg.SerializeToString())
        except websockets.ConnectionClosed as exc:
            raise ProtocolError(f"server closed the session: {exc}") from exc
        result = RunResult(seconds=0.0)
        deadline = started + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"script run not finished after {timeout:g} s")
            try:
                raw = await _recv(self.ws, remaining)
            except websockets.ConnectionClosed as exc:
                raise ProtocolError(f"server closed the session: {exc}") from exc
            fm = ForwardMsg()
            fm.ParseFromString(raw)
            result.messages += 1
            result.bytes += len(raw)
            kind = fm.WhichOneof("type")
            if kind == "new_session":
                self.page_script_hash = fm.new_session.page_script_hash
            elif kind == "delta":
                self._read_delta(fm, result)
            elif kind == "script_finished":
                status = fm.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # st.rerun(): the next run follows on its own
                if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    result.errors.append("script compile error")
                break
        result.seconds = time.monotonic() - started
        return result

    def _read_delta(self, fm: ForwardMsg, result: RunResult) -> None:
        delta = fm.delta
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type") or "?"
        result.elements[kind] = result.elements.get(kind, 0) + 1
        if kind == "exception":
            result.errors.append(f"exception: {element.exception.type}: {element.exception.message[:200]}")
        elif kind == "alert" and element.alert.format == element.alert.ERROR:
            result.errors.append(f"error message: {element.alert.body[:200]}")
        elif kind in CHOICE_WIDGETS:
            widget = getattr(element, kind)
            self.widgets[widget.label] = (kind, widget.id)
        elif kind == "component_instance" and element.component_instance.component_name.endswith("st_folium"):
            result.maps.append(len(element.component_instance.json_args))

    def choose(self, label: str, option: str) -> None:
        """Set the selectbox or radio labelled ``label`` to the option shown as ``option`` (used by the
        next :meth:`run`)."""
        if label not in self.widgets:
            raise ProtocolError(f"no widget labelled {label!r}; seen: {sorted(self.widgets)}")
        self.values[self.widgets[label][1]] = option


def page_cookie(url: str) -> str:
    """The cookies the page at ``url`` sets (``name=value; ...``), as a browser would send them back:
    behind the proxy of ``make serve``, the sticky ``zone_replica`` cookie."""
    import urllib.request

    with urllib.request.urlopen(url + "/", timeout=30) as response:
        return "; ".join(c.split(";", 1)[0] for c in response.headers.get_all("Set-Cookie") or [])


async def _recv(ws: Any, timeout: float) -> bytes:
    import asyncio

    data = await asyncio.wait_for(ws.recv(), timeout)
    return data if isinstance(data, bytes) else data.encode()

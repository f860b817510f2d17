"""A map whose centre and zoom live in the URL, redrawn on its own when the user pans, and built
once per content rather than once per rerun.

The map runs in a Streamlit fragment: panning or zooming reruns only the fragment (the map's
script is unchanged, so the browser keeps its map and nothing is re-sent), records the view in the
URL (``lat``, ``lon``, ``z``) and leaves the rest of the page alone. A click that changes the
selection calls ``st.rerun()`` for the whole page. On the first run of a session a view from the
URL is restored.

Building a folium map and turning it into st_folium's arguments costs seconds for a zone with
thousands of parcels (folium compiles a jinja template per element and serialises every feature
several times). :func:`show_map` therefore keeps what st_folium would send (:class:`RenderedMap`)
in a cache shared by all sessions, keyed by everything the map shows (``content_key``), and hands
it to st_folium's own component: a rerun on a non-map widget costs a cache look-up, and the
message is byte-identical, so Streamlit sends the browser a reference instead of the map again.
The selected-parcel outline (``highlight``) is small and rendered on each run, as st_folium's
``feature_group_to_add``, which updates the map without reloading it.

This uses private helpers of ``streamlit_folium`` 0.27 (``_component_func``, ``_get_html``,
``_get_header``, ``_get_map_string``, ``_get_feature_group_string``): the version is pinned in
requirements.txt and ``tests/test_mapview.py`` checks that the cached path and ``st_folium`` send
the same arguments.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass

import folium
import streamlit as st
import streamlit_folium as stf

#: The streamlit-folium release whose private helpers this module calls (pinned in requirements.txt).
STREAMLIT_FOLIUM_VERSION = "0.27.4"
#: The helpers of ``streamlit_folium`` this bridge relies on; ``tests/test_mapview.py`` fails when an
#: upgrade renames one or changes what st_folium sends.
PRIVATE_HELPERS: tuple[str, ...] = ("_component_func", "_get_html", "_get_header", "_get_map_string",
                                    "_get_feature_group_string", "get_full_id", "generate_js_hash")

#: Returned by every map: the clicked feature, and the view to keep in the URL.
RETURNED = ["last_active_drawing", "center", "zoom"]


@dataclass(frozen=True)
class RenderedMap:
    """What st_folium sends for one map, less the per-run parts (view, highlight)."""

    script: str
    header: str
    html: str
    map_id: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]
    defaults: dict
    #: st_folium's component key for this script and widget key
    component_key: str


def render(fmap: folium.Map, *, key: str) -> RenderedMap:
    """The arguments st_folium 0.27 derives from ``fmap`` (same steps, same order); ``fmap`` is
    consumed (st_folium renames its elements while rendering)."""
    fmap.get_root().render()
    fmap.render()
    html = stf._get_html(fmap)
    header = stf._get_header(fmap)
    script = stf._get_map_string(fmap)
    css: list[str] = []
    js: list[str] = []
    for element in _walk(fmap):
        css.extend(href for _, href in getattr(element, "default_css", []))
        js.extend(src for _, src in getattr(element, "default_js", []))
    # st_folium's defaults, less "bounds" (not returned here, and costly to compute)
    defaults = {"last_active_drawing": None, "zoom": fmap.options.get("zoom")}
    return RenderedMap(
        script=script, header=header, html=html, map_id=stf.get_full_id(fmap),
        css_links=tuple(dict.fromkeys(css)), js_links=tuple(dict.fromkeys(js)),
        defaults={k: v for k, v in defaults.items() if k in RETURNED},
        component_key=stf.generate_js_hash(script, key, False),
    )


def _walk(element: object):
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


@st.cache_resource(show_spinner=False, max_entries=48)
def _rendered(content_key: Hashable, key: str, _build: Callable[[], folium.Map]) -> RenderedMap:
    return render(_build(), key=key)


def highlight_script(group: folium.FeatureGroup | None) -> str | None:
    """st_folium's ``feature_group_to_add`` script for ``group`` (rendered against a scratch map, so
    no cached map is touched)."""
    if group is None:
        return None
    return stf._get_feature_group_string(group, map=folium.Map(tiles=None), idx=0)


def restored_view(key: str) -> tuple[list[float] | None, int | None]:
    """The view from the URL (seeded into ``map_lat``/``map_lon``/``map_zoom``), once per map key."""
    flag = f"_view_restored_{key}"
    if st.session_state.get(flag):
        return None, None
    st.session_state[flag] = True
    lat, lon, zoom = (st.session_state.get(k) for k in ("map_lat", "map_lon", "map_zoom"))
    if lat is None or lon is None or zoom is None:
        return None, None
    return [float(lat), float(lon)], int(zoom)


#: Session-state key of what the last run's map showed (see :func:`follow_view`).
SHOWN_KEY = "_map_shows"


def follow_view(shows: Hashable) -> None:
    """Forget the kept centre and zoom when the map now shows something else (``shows``: the view
    and its zone, say), so the new map fits its own content instead of keeping the last map's view.
    Call once per run before the map is drawn. The first run of a session keeps the view from the
    URL (a shared link's ``lat``, ``lon``, ``z`` win)."""
    previous = st.session_state.get(SHOWN_KEY)
    st.session_state[SHOWN_KEY] = shows
    if previous is None or previous == shows:
        return
    for key in ("map_lat", "map_lon", "map_zoom"):
        st.session_state.pop(key, None)
    for key in ("lat", "lon", "z"):
        if key in st.query_params:
            del st.query_params[key]


def remember_view(state: dict | None) -> None:
    """Keep the map's current centre and zoom in the session and the URL."""
    centre, zoom = (state or {}).get("center"), (state or {}).get("zoom")
    if not centre or zoom is None:
        return
    lat, lon = round(float(centre["lat"]), 5), round(float(centre["lng"]), 5)
    st.session_state.update({"map_lat": lat, "map_lon": lon, "map_zoom": int(zoom)})
    st.query_params.update({"lat": f"{lat:g}", "lon": f"{lon:g}", "z": str(int(zoom))})


def draw(rendered: RenderedMap, *, key: str, height: int, centre: list[float] | None = None,
         zoom: int | None = None, feature_group: str | None = None,
         returned: list[str] = RETURNED) -> dict | None:
    """Send ``rendered`` to st_folium's component, exactly as ``st_folium(..., key=key,
    use_container_width=True, returned_objects=returned)`` would (``[]``: the map never reruns
    the page)."""
    def on_change() -> None:
        st.session_state[key] = st.session_state.get(rendered.component_key, {})

    return stf._component_func(
        script=rendered.script, header=rendered.header, html=rendered.html, id=rendered.map_id,
        key=rendered.component_key, height=height, width=None, returned_objects=returned,
        default={k: v for k, v in rendered.defaults.items() if k in returned}, zoom=zoom, center=centre,
        feature_group=feature_group,
        return_on_hover=False, layer_control=None, pixelated=False, css_links=list(rendered.css_links),
        js_links=list(rendered.js_links), on_change=on_change, wrap_longitude=False,
    )


@st.fragment
def show_map(build: Callable[[], folium.Map], *, key: str, content_key: Hashable, height: int,
             focus: tuple[list[float] | None, int | None] = (None, None),
             highlight: folium.FeatureGroup | None = None,
             on_state: Callable[[dict | None], None] | None = None) -> None:
    """Draw the map ``build()`` makes, built once per ``content_key`` (which must change whenever
    anything drawn changes: data version, layer, year, language, role, basemap); ``focus``
    (centre, zoom) wins over a view from the URL; ``on_state`` receives st_folium's return value
    (clicks) and may rerun the page."""
    centre, zoom = focus
    if centre is None:
        centre, zoom = restored_view(key)
    rendered = _rendered(content_key, key, build)
    state = draw(rendered, key=key, height=height, centre=centre, zoom=zoom,
                 feature_group=highlight_script(highlight))
    remember_view(state)
    if on_state is not None:
        on_state(state)

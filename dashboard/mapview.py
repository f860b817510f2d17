"""A map whose centre and zoom live in the URL, redrawn on its own when the user pans.

The map runs in a Streamlit fragment: panning or zooming reruns only the fragment (the map's
script is unchanged, so the browser keeps its map and nothing is re-sent), records the view in the
URL (``lat``, ``lon``, ``z``) and leaves the rest of the page alone. A click that changes the
selection calls ``st.rerun()`` for the whole page. On the first run of a session a view from the
URL is restored.
"""

from __future__ import annotations

from collections.abc import Callable

import folium
import streamlit as st
from streamlit_folium import st_folium

#: Returned by every map: the clicked feature, and the view to keep in the URL.
RETURNED = ["last_active_drawing", "center", "zoom"]


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


def remember_view(state: dict | None) -> None:
    """Keep the map's current centre and zoom in the session and the URL."""
    centre, zoom = (state or {}).get("center"), (state or {}).get("zoom")
    if not centre or zoom is None:
        return
    lat, lon = round(float(centre["lat"]), 5), round(float(centre["lng"]), 5)
    st.session_state.update({"map_lat": lat, "map_lon": lon, "map_zoom": int(zoom)})
    st.query_params.update({"lat": f"{lat:g}", "lon": f"{lon:g}", "z": str(int(zoom))})


@st.fragment
def show_map(build: Callable[[], folium.Map], *, key: str, height: int,
             focus: tuple[list[float] | None, int | None] = (None, None),
             highlight: folium.FeatureGroup | None = None,
             on_state: Callable[[dict | None], None] | None = None) -> None:
    """Draw the map ``build()`` makes; ``focus`` (centre, zoom) wins over a view from the URL;
    ``on_state`` receives st_folium's return value (clicks) and may rerun the page."""
    centre, zoom = focus
    if centre is None:
        centre, zoom = restored_view(key)
    state = st_folium(build(), key=key, height=height, use_container_width=True, center=centre, zoom=zoom,
                      feature_group_to_add=highlight, returned_objects=RETURNED)
    remember_view(state)
    if on_state is not None:
        on_state(state)

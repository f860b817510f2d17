"""Serve Leaflet and the map's own scripts and styles from the app itself: nothing from a CDN.

Folium loads Leaflet, jQuery, Bootstrap and friends from public CDNs by default; where those are
unreachable (government intranets, this project's CI) the map stays blank with no error. Here each
asset directory is registered with Streamlit's component file server, which serves it under
``/component/<name>/``; the map iframe (``/component/streamlit_folium.st_folium/``) then loads the
files by relative URL, so the app also works behind a ``server.baseUrlPath``.

Leaflet 1.9.3 (the version folium 0.20 expects) comes from the PyPI package ``xstatic-leaflet``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import folium
import streamlit.components.v1 as components
import xstatic.pkg.leaflet as xstatic_leaflet

#: This package's own map scripts and styles.
STATIC_DIR = Path(__file__).resolve().parent / "static"


#: Every directory declared so far (component name -> component), registered again by
#: :func:`ensure_served` with a server that did not see the declaration.
_DECLARED: dict[str, object] = {}


@cache
def _served_url(name: str, directory: str) -> str:
    """Register ``directory`` with Streamlit's component server; return its URL relative to the
    st_folium iframe."""
    component = components.declare_component(name, path=directory)
    _DECLARED[component.name] = component
    ensure_served()
    return f"../{component.name}"


def ensure_served() -> None:
    """Make the running server serve st_folium's page and every directory declared so far.

    Streamlit registers a component only when it is declared during a page run; one declared while
    the server was not running yet (``streamlit_folium`` and these directories imported or used by
    ``python -m dashboard.launch`` before the port opens) would never be served, and the map's
    frame would stay empty. Called on every page run: one dictionary lookup per component."""
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return
    import streamlit_folium

    registry = Runtime.instance().component_registry
    for component in (streamlit_folium._component_func, *_DECLARED.values()):
        if registry.get_component_path(component.name) is None:
            registry.register_component(component)


def served_url(name: str, directory: str) -> str:
    """Serve ``directory`` (every file in it, read whole: no Range requests) under ``name``; its URL
    relative to the st_folium iframe. Used for the parcels' vector tiles (``parceltiles.py``)."""
    return _served_url(name, directory)


def protomaps_js() -> str:
    """Relative URL of the vendored protomaps-leaflet (``static/vendor/``, licence and provenance beside it)."""
    return f"{static_url()}/vendor/protomaps-leaflet-5.1.0/protomaps-leaflet.js"


def leaflet_url() -> str:
    """Relative URL of the directory holding ``leaflet.js``, ``leaflet.css`` and ``images/``."""
    return _served_url("leaflet", xstatic_leaflet.BASE_DIR)


def static_url() -> str:
    """Relative URL of :data:`STATIC_DIR`."""
    return _served_url("mapstatic", str(STATIC_DIR))


def offline_js() -> list[tuple[str, str]]:
    """The scripts every map needs, as folium ``default_js`` entries."""
    return [("leaflet", f"{leaflet_url()}/leaflet.js"), ("zonemap", f"{static_url()}/zonemap.js")]


def offline_css() -> list[tuple[str, str]]:
    """The stylesheets every map needs, as folium ``default_css`` entries."""
    return [("leaflet_css", f"{leaflet_url()}/leaflet.css"),
            ("zonemap_css", f"{static_url()}/zonemap.css")]


def use_local_assets(fmap: folium.Map) -> folium.Map:
    """Point ``fmap`` at the local Leaflet and the map's own assets (no jQuery, no Bootstrap).

    Set on the instance, so folium's class defaults stay untouched for other code.
    """
    fmap.default_js = offline_js()
    fmap.default_css = offline_css()
    return fmap

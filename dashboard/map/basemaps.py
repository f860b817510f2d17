"""Basemaps the map can show under the zones: a registry looked up by key.

The default is ``none``: no tiles and a neutral background, which works offline and on an intranet.
Tianditu 天地图 (official, CGCS2000 ≈ WGS84) needs a key ``tk``; it is read from Streamlit secrets
or the ``TIANDITU_KEY`` environment variable and only ever goes into the tile URLs the browser
fetches (Tianditu browser keys are whitelisted by domain): it is never logged or shown.
Gaode/AutoNavi tiles are in GCJ-02: overlays drawn on them must be shifted with
:func:`display_geometry` (display only; stored data never changes).

A map that leaves the bureau needs an approved basemap and its 审图号 (docs/definitions.md,
"Maps in China"); none of these online tiles is such a map by itself.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

import folium
import geopandas as gpd
import streamlit as st

from dashboard import fmt
from dashboard.i18n import t
from dashboard.map.jscall import JsCall
from geodata.gcj02 import geoseries_to_gcj02

#: Name of the secret / environment variable holding the Tianditu key.
TIANDITU_KEY_NAME = "TIANDITU_KEY"
#: Where a Tianditu key is applied for (a "浏览器端" key, whitelisted for the app's domain).
TIANDITU_CONSOLE = "https://console.tianditu.gov.cn"
#: Placeholder in tile URL templates replaced by the key when the layer is added.
KEY_PLACEHOLDER = "{tk}"

#: Highest zoom of the map (dashboard/map/maps.py ``base_map``); tiles are enlarged above their own.
MAP_MAX_ZOOM = 19



@dataclass(frozen=True)
class TileSource:
    """One XYZ tile layer of a basemap (imagery, or the labels drawn over it)."""

    url: str  #: template with {s}, {x}, {y}, {z} and, for keyed services, {tk}
    subdomains: str
    max_native_zoom: int
    labels: bool = False  #: an annotation layer drawn over the base tiles


@dataclass(frozen=True)
class Basemap:
    """A basemap: its tiles, names and the facts the app needs about it."""

    key: str
    name_zh: str
    name_en: str
    attribution: str  #: HTML shown by Leaflet's attribution control (constant, written here)
    tiles: tuple[TileSource, ...] = ()
    needs_key: bool = False  #: needs the Tianditu key ``tk``
    gcj02: bool = False  #: tiles are in GCJ-02: overlays must be shifted to match

    def name(self, lang: str) -> str:
        """The basemap's name in ``lang`` (``zh`` or ``en``)."""
        return self.name_zh if lang == "zh" else self.name_en


def _tianditu(layer: str) -> str:
    return (f"https://t{{s}}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
            f"&LAYER={layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={{z}}&TILEROW={{y}}"
            f"&TILECOL={{x}}&tk={KEY_PLACEHOLDER}")


_TIANDITU_ATTR = '&copy; <a href="https://www.tianditu.gov.cn/" target="_blank">天地图 Tianditu</a>'
_GAODE_ATTR = '&copy; <a href="https://www.amap.com/" target="_blank">高德地图 AutoNavi</a> (GCJ-02)'
_GAODE_VEC = "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=7&x={x}&y={y}&z={z}"
_GAODE_IMG = "https://webst0{s}.is.autonavi.com/appmaptile?style=6&x={x}&y={y}&z={z}"
_GAODE_IMG_LABELS = "https://webst0{s}.is.autonavi.com/appmaptile?style=8&x={x}&y={y}&z={z}"

#: Every basemap, the default first.
BASEMAPS: tuple[Basemap, ...] = (
    Basemap("none", "无底图", "No basemap", attribution=""),
    Basemap("osm", "OpenStreetMap", "OpenStreetMap",
            attribution='&copy; <a href="https://www.openstreetmap.org/copyright" target="_blank">'
                        "OpenStreetMap</a> contributors",
            tiles=(TileSource("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "", 19),)),
    Basemap("tianditu_vec", "天地图 矢量", "Tianditu map", attribution=_TIANDITU_ATTR,
            tiles=(TileSource(_tianditu("vec"), "01234567", 18),
                   TileSource(_tianditu("cva"), "01234567", 18, labels=True)),
            needs_key=True),
    Basemap("tianditu_img", "天地图 影像", "Tianditu imagery", attribution=_TIANDITU_ATTR,
            tiles=(TileSource(_tianditu("img"), "01234567", 18),
                   TileSource(_tianditu("cia"), "01234567", 18, labels=True)),
            needs_key=True),
    Basemap("gaode_vec", "高德 矢量", "Gaode map", attribution=_GAODE_ATTR,
            tiles=(TileSource(_GAODE_VEC, "1234", 18),), gcj02=True),
    Basemap("gaode_img", "高德 影像", "Gaode imagery", attribution=_GAODE_ATTR,
            tiles=(TileSource(_GAODE_IMG, "1234", 18),
                   TileSource(_GAODE_IMG_LABELS, "1234", 18, labels=True)),
            gcj02=True),
)

#: The basemap used when none is chosen.
DEFAULT_BASEMAP = "none"


class UnknownBasemapError(KeyError):
    """A basemap key that is not in :data:`BASEMAPS`."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0])


def basemap(key: str) -> Basemap:
    """The basemap registered under ``key``; an unknown key raises an error listing the valid ones."""
    for item in BASEMAPS:
        if item.key == key:
            return item
    valid = ", ".join(b.key for b in BASEMAPS)
    msg = f"unknown basemap {key!r}; expected one of: {valid}"
    raise UnknownBasemapError(msg)


def _secret(name: str) -> str | None:
    """``st.secrets[name]``, or None when there is no secrets file or no such secret."""
    try:
        value = st.secrets.get(name)
    except (FileNotFoundError, KeyError, OSError, ValueError):  # no/unreadable secrets.toml
        return None
    return str(value) if value is not None else None


def tianditu_key() -> str | None:
    """The Tianditu key: Streamlit secret ``TIANDITU_KEY``, else the environment variable of that
    name; None when neither is set (blank values count as unset)."""
    for value in (_secret(TIANDITU_KEY_NAME), os.environ.get(TIANDITU_KEY_NAME)):
        if value and value.strip():
            return value.strip()
    return None


def unavailable(key: str, *, lang: str) -> str | None:
    """Why basemap ``key`` cannot be shown (Tianditu without a key), for the user; None if it can."""
    item = basemap(key)
    if item.needs_key and tianditu_key() is None:
        return t("basemap_needs_key", lang).format(name=item.name(lang), console=TIANDITU_CONSOLE,
                                                   var=TIANDITU_KEY_NAME)
    return None


def content_token(key: str) -> str:
    """Changes when what :func:`add_basemap` adds for ``key`` changes (a new Tianditu key): for a
    cache key. A digest, so the key itself is not kept in the cache's key."""
    if not basemap(key).needs_key:
        return key
    return f"{key}:{hashlib.sha256((tianditu_key() or '').encode()).hexdigest()[:16]}"


def add_basemap(fmap: folium.Map, key: str, *, lang: str) -> str | None:
    """Add the tiles of basemap ``key`` to ``fmap`` (under the data, not in the layer control).

    Returns None when done (``none`` adds nothing), or a message for the user when the basemap
    cannot be used (Tianditu without a key, see :func:`unavailable`); then nothing is added. The key
    is never logged.
    """
    item = basemap(key)
    tk = ""
    if item.needs_key:
        found = tianditu_key()
        if found is None:
            return unavailable(key, lang=lang)
        tk = found
    for source in item.tiles:
        url = source.url.replace(KEY_PLACEHOLDER, tk) if item.needs_key else source.url
        folium.TileLayer(
            tiles=url, attr=item.attribution,  # Leaflet shows an identical attribution once
            name=f"{item.name(lang)}{' · labels' if source.labels else ''}",
            subdomains=source.subdomains or "abc", max_native_zoom=source.max_native_zoom,
            max_zoom=MAP_MAX_ZOOM, overlay=source.labels, control=False,
        ).add_to(fmap)
    if item.tiles:  # tiles that cannot load (offline, refused) are said so on the map
        JsCall("ZoneMap", "basemapWatch",
               fmt.esc(t("basemap_offline", lang).format(name=item.name(lang)))).add_to(fmap)
    return None


def display_geometry(gdf: gpd.GeoDataFrame | gpd.GeoSeries, basemap_key: str) -> gpd.GeoSeries:
    """Geometries of ``gdf`` as they must be drawn over basemap ``basemap_key``: shifted to GCJ-02
    for Gaode, unchanged otherwise. ``gdf`` itself is never modified."""
    geoms = gdf.geometry if isinstance(gdf, gpd.GeoDataFrame) else gdf
    return geoseries_to_gcj02(geoms) if basemap(basemap_key).gcj02 else geoms

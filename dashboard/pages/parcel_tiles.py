"""The parcels' vector tiles of the data version served now (issue 14): built once per version
(:func:`geodata.sources.build_tiles`: by PostGIS when the data live there, else by tippecanoe;
kept on disk, so a restarted server finds them), registered with the
app's file server once per process, and the colour lookups of the maps that draw them.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard.i18n import ShownStyle, grade_names, localize_style, t
from dashboard.map import parceltiles
from dashboard.pages import data
from geodata import sources, vectortiles
from zone_layers import grading
from zone_layers.layers import get_layer, style_parcels

#: Tile sets of the same dataset kept in the cache besides the current one (a replica may still serve
#: the one before).
KEEP_OLD_VERSIONS = 1
#: In each tile set's folder: which dataset it is of (a hash of its source), so that pruning one
#: dataset's old versions never removes another's (the shared data's and a session's own, or several
#: datasets sharing one cache): removing a set in use made its next visitor build it again (≈ 10 s).
SOURCE_FILE = "source.id"


def _source_id(source: str) -> str:
    return hashlib.sha256(source.encode()).hexdigest()[:16]


def _prune(current: str, source: str) -> None:
    """Mark ``current`` as a tile set of ``source``; remove that dataset's older sets beyond
    :data:`KEEP_OLD_VERSIONS` (newest kept). Sets of other datasets, or unmarked, are left alone."""
    root = vectortiles.cache_dir()
    if not (root / current).is_dir():
        return
    mine = _source_id(source)
    (root / current / SOURCE_FILE).write_text(mine)

    def of_this_dataset(d: Path) -> bool:
        marker = d / SOURCE_FILE
        return marker.is_file() and marker.read_text().strip() == mine

    older = sorted((d for d in root.iterdir() if d.name != current and (d / vectortiles.DONE_FILE).exists()
                    and of_this_dataset(d)),
                   key=lambda d: (d / vectortiles.DONE_FILE).stat().st_mtime, reverse=True)
    drop = {d.name for d in older[KEEP_OLD_VERSIONS:]}
    if drop:
        vectortiles.prune({d.name for d in root.iterdir()} - drop, root)


@st.cache_resource(show_spinner=False, max_entries=2)
def _source(key: tuple) -> parceltiles.TileSource:
    parcels = data.load_dataset().parcels
    version = vectortiles.version_key(*key)
    tileset = sources.build_tiles(key[0], parcels, version, password=data.postgis_password())
    _prune(version, key[0])
    index = pd.Series(vectortiles.parcel_order(parcels), index=parcels["parcel_id"].astype(str).to_numpy())
    return parceltiles.serve(version, str(tileset.directory), min_zoom=tileset.min_zoom,
                             max_zoom=tileset.max_zoom, bounds=tileset.bounds, index=index)


def source(lang: str) -> parceltiles.TileSource:
    """The served tile set of the current data version. When the version has no tiles on disk yet,
    the first request builds them with a progress bar (outside the cache, so that no cache hit
    replays the bar); a server that starts with them on disk only reads the parcel order."""
    key = data.dataset_key()
    version = vectortiles.version_key(*key)
    if vectortiles.existing(version) is None:
        bar = st.progress(0.0, text=t("tiles_building", lang))

        def progress(fraction: float, stage: str) -> None:
            bar.progress(min(max(fraction, 0.0), 1.0), text=t("tiles_building", lang))

        parcels = data.load_dataset().parcels
        sources.build_tiles(key[0], parcels, version, password=data.postgis_password(), progress=progress)
        bar.empty()
    return _source(key)


def clicked(props: dict, lang: str) -> dict:
    """The properties of a map click (:func:`dashboard.map.maps.clicked_properties`) with the
    ``parcel_id`` of a parcel clicked on tiles that carry its position ``parcel_n`` only (zooms below
    :data:`geodata.vectortiles.ID_MIN_ZOOM`), resolved with the served tiles' parcel order."""
    if props.get("parcel_id") is not None or props.get("parcel_n") is None:
        return props
    found = vectortiles.parcel_at(source(lang).index, props["parcel_n"])
    return {**props, "parcel_id": found} if found is not None else props


def layer_for(parcels: pd.DataFrame, style: ShownStyle, lang: str) -> tuple[parceltiles.TileSource, dict] | None:
    """The tiled parcel layer of ``parcels`` coloured by ``style``, or None when they are few
    (:func:`~dashboard.map.parceltiles.tile_threshold`) or not one zone of the served tiles."""
    if len(parcels) < parceltiles.tile_threshold():
        return None
    tiles = source(lang)
    look = parceltiles.lookup(tiles, list(parcels["parcel_id"]), list(style.fill), style.legend,
                              title=style.title, lang=lang)
    return None if look is None else (tiles, look)


#: The parcel layers the city overview offers (issue 14): what the bureau asks of the whole city.
CITY_LAYERS: tuple[str, ...] = ("land_class", "tax_per_mu", "grade", "low_efficiency")


def city_layer_keys(role: str) -> list[str]:
    """The city's parcel layers ``role`` may see (a viewer: none built from confidential figures)."""
    return [key for key in CITY_LAYERS if role == "analyst" or not get_layer(key).confidential]


@st.cache_resource(show_spinner=False, max_entries=16)
def _city_style(key: tuple, zone_ids: tuple[str, ...], layer_key: str, year: int, benchmark: float, preset: str,
                role: str, lang: str, grading_key: tuple = ()) -> tuple[ShownStyle, dict] | None:
    # every parcel of the zones as its zone view shows it to this role (a viewer's redacted, ungraded),
    # evaluated in one pass over the city rather than zone view by zone view
    parcels = data.city_parcels(list(zone_ids), year=year, benchmark=benchmark, preset=preset, role=role)
    if not len(parcels):
        return None
    style = localize_style(style_parcels(parcels, layer_key, grades=parcels[["grade"]], low=parcels,
                                         grade_names=grade_names(data.grading_config(), preset, lang=lang),
                                         grade_colors=grading.GRADE_COLORS), lang)
    look = parceltiles.lookup(source(lang), list(parcels["parcel_id"]), list(style.fill), style.legend,
                              title=style.title, lang=lang)
    return None if look is None else (style, look)


def city_layer(zone_ids: list[str], layer_key: str, *, year: int, benchmark: float, preset: str, role: str,
               lang: str) -> tuple[parceltiles.TileSource, dict, ShownStyle] | None:
    """Every parcel of the city coloured by ``layer_key`` as ``role`` may see it (a confidential
    layer for an analyst only: otherwise None), from the tiles; None when the parcels are not those
    of the tiles."""
    if layer_key not in city_layer_keys(role) or not zone_ids:
        return None
    tiles = source(lang)
    made = _city_style(data.dataset_key(), tuple(zone_ids), layer_key, int(year), float(benchmark), preset, role,
                       lang, data.grading_key(role))
    return None if made is None else (tiles, made[1], made[0])

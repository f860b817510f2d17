"""The city overview: the development zones coloured by target tier, with their targets."""

from __future__ import annotations

import folium
import pandas as pd
import streamlit as st

from dashboard import fmt
from dashboard.i18n import t, value_text
from dashboard.map import basemaps, maps, mapview, tools
from dashboard.pages import data, parcel_tiles, progress, zone_page
from dashboard.shown_names import names_of, shown_value, value_names, with_shown_names
from geodata import settings
from zone_layers.layers import get_layer

#: As tall as the zone view's map (the page's centre of gravity).
MAP_HEIGHT = 680


def _open_zone(zone_id: str) -> None:
    st.session_state["view"] = "zone"
    st.session_state["zone_id"] = zone_id


def _zone_of_parcel(dataset: data.ZoneDataset, parcel_id: object) -> str | None:
    """The zone of a parcel clicked on the city map's parcel layer."""
    if parcel_id is None:
        return None
    found = dataset.parcels.loc[dataset.parcels["parcel_id"].astype(str) == str(parcel_id), "zone_id"]
    return str(found.iloc[0]) if len(found) else None


def _parcel_layer(dataset: data.ZoneDataset, lang: str, *, role: str, gcj02: bool) -> tuple | None:
    """The city's parcels by the layer chosen above the map (issue 14: vector tiles), or None (zones
    only; or over a GCJ-02 basemap, which the tiles do not follow)."""
    keys = ["none", *parcel_tiles.city_layer_keys(role)]
    if st.session_state.get("city_layer") not in keys:
        st.session_state["city_layer"] = "none"
    chosen = st.selectbox(t("city_parcel_layer", lang), keys, key="city_layer",
                          format_func=lambda k: t("city_layer_none", lang) if k == "none"
                          else t(get_layer(k).term.key, lang))
    if chosen == "none" or gcj02:
        return None
    year = int(st.session_state.get("year") or data.years()[-1])  # data without firm figures: unknown
    benchmark = float(st.session_state.get("benchmark") or settings.TAX_BENCHMARK_WAN_PER_MU)
    preset = st.session_state.get("preset") or data.grading_config().default_preset
    made = parcel_tiles.city_layer(data.zones_with_parcels(dataset), chosen, year=year, benchmark=benchmark,
                                   preset=preset, role=role, lang=lang)
    if made is None:
        st.info(t("city_layer_unavailable", lang))
    return made


# --- city view --------------------------------------------------------------------------------

def render(dataset: data.ZoneDataset, lang: str, *, role: str = "viewer") -> None:
    """Build the city overview as ``role`` may see it."""
    chosen = st.session_state.get("target_year")  # None when the data has no star/tier targets
    target_year = None if chosen is None else int(chosen)
    table = data.city_table()
    names = names_of(dataset.zones, "zone_id", lang)
    cols = st.columns(4)
    cols[0].metric(t("kpi_zones", lang), len(table), border=True)
    cols[1].metric(f"{t('kpi_planned_total', lang)}(km²)",
                   fmt.num(table["planned_area_km2"].sum(), 1), border=True)
    years = dataset.target_years
    for col, year in zip(cols[2:], (years[0], years[-1]) if years else (), strict=False):
        stars = table.get(f"star_{year}", pd.Series(dtype=object)).fillna("").str.len().gt(0)
        col.metric(t("kpi_star_zones", lang, year=year), int(stars.sum()), border=True)
    basemap_key = st.session_state["basemap"]
    zones = data.on_basemap(dataset.zones, basemap_key)
    parcels = _parcel_layer(dataset, lang, role=role, gcj02=basemaps.basemap(basemap_key).gcj02)

    def build() -> folium.Map:  # only when the map's content changed (mapview caches it)
        steps = progress.Steps(lang, ["map_draw", "map_tools"])
        steps.at("map_draw", what=t("progress.what_zones", lang))
        fmap = maps.city_map(zones, table, target_year=target_year, lang=lang, illustrative=dataset.illustrative,
                             parcels=parcels)
        steps.at("map_tools")
        index = tools.search_index(zones=with_shown_names(zones, lang))
        zone_page.add_basemap_and_tools(fmap, basemap_key, lang, index)
        steps.done()
        return fmap

    def on_state(state: dict | None) -> None:
        props = parcel_tiles.clicked(maps.clicked_properties(state), lang)
        clicked = props.get("zone_id") or _zone_of_parcel(dataset, props.get("parcel_id"))
        if clicked in data.zones_with_parcels(dataset):
            # the button is drawn in the map's fragment, whose click reruns only the fragment: the
            # callback sets the view, then the whole page reruns to show the zone
            if st.button(t("open_zone", lang, name=names[clicked]), on_click=_open_zone, args=(clicked,),
                         type="primary"):
                st.rerun(scope="app")
        else:
            st.caption(t("city_hint", lang))

    zone_page.basemap_note(basemap_key, lang)
    mapview.show_map(build, key=f"city-map-{target_year}-{lang}", height=MAP_HEIGHT, on_state=on_state,
                     content_key=("city", data.dataset_key(), target_year, lang, basemap_key,
                                  basemaps.content_token(basemap_key), role,
                                  None if parcels is None else (parcels[0].version, parcels[2].title,
                                                                hash(tuple(parcels[2].fill)))))
    st.markdown(f"#### {t('city_table', lang)}")
    counties = value_names(dataset.zones, "county", lang)
    shown = pd.DataFrame({
        t("col_zone", lang): table["zone_id"].map(names).fillna(table["name"]),
        t("col_county", lang): [shown_value(v, counties) for v in table["county"]],
        t("col_level", lang): table["level"].map(lambda v: value_text("level", v, lang)),
        t("col_planned_km2", lang): table["planned_area_km2"].round(2),
        t("col_computed_km2", lang): table["area_km2"].round(2),
    })
    for year in years:
        star = table.get(f"star_{year}", pd.Series("", index=table.index))
        tier = table.get(f"tier_{year}", pd.Series("", index=table.index))
        shown[t("col_target", lang, year=year)] = [maps.targets_text(s, r, lang)
                                                   for s, r in zip(star, tier, strict=True)]
    st.dataframe(shown, hide_index=True, width="stretch", placeholder=fmt.MISSING)
    if len(dataset.cluster_targets):
        st.markdown(f"#### {t('cluster_table', lang)}")
        wide = dataset.cluster_targets.pivot_table(index=["zone_id", "cluster"], columns="year",
                                                   values="revenue_target_yi", aggfunc="first")
        wide = wide.reset_index()
        clusters = value_names(dataset.cluster_targets, "cluster", lang)
        wide["cluster"] = [shown_value(c, clusters) for c in wide["cluster"]]
        wide.insert(0, t("col_zone", lang), wide.pop("zone_id").map(names))
        wide = wide.rename(columns={"cluster": t("col_cluster", lang)})
        wide.columns = [str(c) for c in wide.columns]
        st.dataframe(wide, hide_index=True, width="stretch", placeholder=fmt.MISSING)

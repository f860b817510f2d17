"""The naive baseline: every parcel of the GeoPackage in one ``folium.GeoJson`` passed to ``st_folium``.

``BENCH_DATA=bench/data/city_20k.gpkg streamlit run bench/baseline_app.py``

This is what a first version usually looks like: the full-precision GeoDataFrame with all its
columns goes to folium as it is, with a GeoJsonTooltip, and ``st_folium`` is called with its default
arguments. The parcels carry their firms' figures (:func:`zone_layers.summary.parcels_with_firms`:
the main user's name, the tax of every year and the latest year's other figures, as the old
one-firm-per-parcel files did). The data is loaded once per server (``st.cache_resource``), so a
rerun measures the map, not the disk. The only concession to this project: Leaflet is loaded from the app itself
(:func:`dashboard.map.assets.use_local_assets`), otherwise an offline browser never paints the map.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import folium
import geopandas as gpd
import streamlit as st
from streamlit_folium import st_folium

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `streamlit run bench/...` from the repo root

from dashboard.map.assets import use_local_assets
from geodata import schema
from geodata.dataset import dataset_from_gpkg
from zone_layers import summary

DATA_ENV = "BENCH_DATA"
#: Optional: draw only this zone's parcels (issue 14 compares one zone, the same parcels both sides).
ZONE_ENV = "BENCH_ZONE"


@st.cache_resource(show_spinner=False)
def load_parcels(path: str) -> tuple[gpd.GeoDataFrame, int]:
    dataset = dataset_from_gpkg(path)
    latest = dataset.latest_year or 2024
    parcels = summary.parcels_with_firms(dataset)
    firm = ["enterprise", "industry", *[f"tax_wan_{y}" for y in dataset.years],
            *[f"{f}_{latest}" for f in ("revenue_wan", "value_added_wan", "energy_tce", "employees")]]
    columns = [f.name for f in schema.PARCEL_FIELDS] + [c for c in firm if c in parcels.columns]
    zone = os.environ.get(ZONE_ENV, "").strip()
    if zone:
        parcels = parcels.loc[parcels["zone_id"] == zone]
    return parcels[[*columns, "geometry"]], latest


parcels, latest_year = load_parcels(os.environ[DATA_ENV])
st.title("Baseline: all parcels, one folium.GeoJson")
st.selectbox("Year", [2024, 2023, 2022], key="choice")  # a non-map widget: changing it reruns the script
minx, miny, maxx, maxy = parcels.total_bounds
fmap = folium.Map(location=[(miny + maxy) / 2, (minx + maxx) / 2], zoom_start=10, tiles=None)
use_local_assets(fmap)
fmap.fit_bounds([[miny, minx], [maxy, maxx]])
folium.GeoJson(
    parcels,
    name="parcels",
    tooltip=folium.GeoJsonTooltip(fields=["parcel_id", "land_class", "enterprise", f"tax_wan_{latest_year}"]),
).add_to(fmap)
st_folium(fmap)

"""The Folium map machinery: maps and layers, the st_folium bridge, map tools, basemaps and the local JS/CSS assets."""

"""The Folium map machinery: maps and layers, the st_folium bridge, map tools, basemaps and the local JS/CSS assets.

Importing it makes branca/folium keep rendered map parts as plain text (:mod:`dashboard.map.plain_text`):
text from the data is never evaluated as a Jinja template.
"""

from dashboard.map import plain_text

plain_text.install()

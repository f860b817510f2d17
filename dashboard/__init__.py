"""Presentation: the Streamlit page, the Folium maps and the command line.

The only package that imports streamlit, streamlit_folium or folium.
"""

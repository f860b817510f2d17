"""Benchmarks of the dashboard against a naive st_folium baseline (see bench/README.md)."""

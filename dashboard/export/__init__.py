"""Exports: briefing images (PNG/PDF/SVG), basemap tiles for them, and XLSX/CSV tables."""

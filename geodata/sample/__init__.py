"""The bundled illustrative sample dataset and its seeded generator (see ``README.md`` here)."""

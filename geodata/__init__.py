"""Data access: the canonical schema, reading and writing datasets, CRS handling, the bundled sample."""

"""The domain: metrics, the indicator registry, summaries and layer styles. Pure functions on GeoDataFrames."""

"""The sessions' own datasets (opened from the import page) have caches of their own: a few users
opening their files never push the shared dataset out of the cache (every user would wait for it)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard.pages import data, data_source
from geodata import sources
from geodata.dataset import dataset_to_gpkg


def test_session_datasets_do_not_evict_the_shared_dataset(tiny_dataset, tmp_path, monkeypatch):
    shared = dataset_to_gpkg(tiny_dataset, tmp_path / "shared.gpkg")
    monkeypatch.setenv("ZONE_DATA", str(shared))
    reads: list[str] = []
    real = sources.dataset_from_source

    def counted(source: str, **kwargs: object):  # the real reader, each call counted
        reads.append(Path(source).name)
        return real(source, **kwargs)

    monkeypatch.setattr(sources, "dataset_from_source", counted)
    st.cache_resource.clear()
    assert data.load_dataset().source == str(shared)
    assert reads == ["shared.gpkg"]
    opened = []
    for n in range(data_source.SESSION_CACHE_ENTRIES + 1):  # more sessions than their cache holds
        path = data.open_session_dataset(tiny_dataset, file=f"mine-{n}.gpkg")
        assert data.is_session_source(str(path))
        assert data.load_dataset().source == str(path)   # this session is served its own data
        opened.append(path.name)
        data.years(), data.city_table()                  # and what the pages work out from it
    assert reads == ["shared.gpkg", *opened]
    data.close_session_dataset()
    assert data.load_dataset().source == str(shared)
    data.years(), data.city_table()
    assert reads == ["shared.gpkg", *opened]              # the shared dataset: still a cache hit
    # the sessions' cache is bounded too: of one more than it holds, the first read is evicted
    folder = data_source.store.state_dir() / data_source.SESSION_FOLDER
    kept = range(data_source.SESSION_CACHE_ENTRIES + 1)
    paths = [dataset_to_gpkg(tiny_dataset, folder / f"kept-{n}.gpkg") for n in kept]
    for path in [*paths, paths[-1]]:
        data_source._read(str(path), data_source._stamp(path))
    assert reads[-len(paths):] == [p.name for p in paths]     # the last one again: a cache hit
    data_source._read(str(paths[0]), data_source._stamp(paths[0]))
    assert reads[-1] == paths[0].name

"""The notes of how a dataset was assembled (an older parcel file's firm columns converted, flags to
check) are coded (geodata.errors.Note) and shown in the page's language: no English sentence on a
Chinese page, no Chinese character on an English one."""

from __future__ import annotations

import re
from pathlib import Path

import pyogrio
import pytest
from streamlit.testing.v1 import AppTest

from geodata.dataset import dataset_from_gpkg
from tests.helpers import assert_page_ok
from tests.test_datasets_config import files  # noqa: F401  (the fixture of a datasets.toml and its files)

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")
ENGLISH = re.compile(r"[A-Za-z]{2,}(?:[ ,;:'-]+[A-Za-z]{2,}){2,}")
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


@pytest.fixture
def older_file(tiny_dataset, tiny_parcels, tmp_path) -> Path:
    """The tiny zone as an older-style file: firm name and tax_wan_<year> columns on the parcels, no
    enterprise tables; P6 marked idle though not supplied (a flag to check)."""
    path = tmp_path / "older.gpkg"
    pyogrio.write_dataframe(tiny_dataset.zones, path, layer="zones", driver="GPKG")
    pyogrio.write_dataframe(tiny_dataset.sections, path, layer="sections", driver="GPKG")
    parcels = tiny_parcels.assign(idle=tiny_parcels["idle"].mask(tiny_parcels["parcel_id"] == "P6", True))
    pyogrio.write_dataframe(parcels, path, layer="parcels", driver="GPKG")
    return path


def test_the_notes_are_coded(older_file):
    notes = dataset_from_gpkg(older_file).notes
    assert [n.code for n in notes] == ["legacy_firms", "idle_not_supplied"]
    legacy, idle = notes
    # P1, P2 and P9 name a firm; the tax columns are 2022-2024 (tests/conftest.py)
    assert legacy.params["firms"] == 3 and legacy.params["years"] == "2022–2024"
    assert idle.params["rows"] == [6] and idle.params["n_rows"] == 1
    assert "older layout" in legacy and "marked idle" in idle     # the English text stays for the CLI


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_notes_are_in_the_page_language(older_file, monkeypatch, lang):
    monkeypatch.setenv("ZONE_DATA", str(older_file))
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["lang"] = lang
    at.run()
    assert_page_ok(at)
    shown = [w.value for w in at.warning if "older" in w.value or "旧格式" in w.value
             or "idle" in w.value or "闲置" in w.value]
    assert len(shown) == 2, [w.value for w in at.warning]
    if lang == "zh":
        assert "已按每宗地一家企业读取（3 家企业）" in shown[0] and "2022–2024" in shown[0]
        assert "宗地图层第 6 行标记为闲置但未标记为已供应" in shown[1]
        assert not [s for s in shown if ENGLISH.search(s)], shown
    else:
        assert "read as one firm per parcel (3 firms)" in shown[0]
        assert "parcels, row 6: marked idle but not supplied" in shown[1]
        assert not [s for s in shown if CJK.search(s)], shown


def test_a_datasets_toml_note_names_its_first_problem_in_the_page_language(files, tmp_path):  # noqa: F811
    """A parcel rejected while assembling a datasets.toml (P1 twice): the note and the import check's
    first problem in it are worded in the page's language."""
    from dashboard.pages.dataset_notes import note_text
    from geodata.datasets_config import dataset_from_toml
    from tests.test_datasets_config import duplicate_first_parcel

    duplicate_first_parcel(tmp_path / "data" / "parcels_2024.zip")
    note = dataset_from_toml(files).notes[0]
    assert note.code == "parcels_rejected" and (note.params["rejected"], note.params["accepted"]) == (1, 9)
    zh, en = note_text(note, "zh"), note_text(note, "en")
    assert zh.startswith("parcels_2024.zip：1 宗宗地未采用，9 宗采用；第一个问题：parcels_2024.zip 第 10 行")
    assert not ENGLISH.search(re.sub(r"「[^」]*」", "", zh)), zh      # a command to run stays as typed
    assert en.startswith("parcels_2024.zip: 1 parcel(s) rejected, 9 accepted; first problem: ")
    assert not CJK.search(en.replace("parcels_2024.zip", "")), en

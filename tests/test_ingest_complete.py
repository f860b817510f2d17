"""Issue 19: the fields a file lacks for the dashboard are named and can be filled in (hand-made parcels)."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from geodata.dataset import normalise_layer
from geodata.ingest.complete import complete_parcels, missing_fields


@pytest.fixture
def surveyed() -> gpd.GeoDataFrame:
    """Three parcels with key, land class and geometry only (as a surveyor's file often is)."""
    return gpd.GeoDataFrame({"parcel_id": ["P1", "P2", "P3"], "land_class": ["A2", "B21", "C"]},
                            geometry=[shapely.box(114.0 + i / 100, 33.0, 114.005 + i / 100, 33.005) for i in range(3)],
                            crs=4490)


def test_missing_fields_are_named(surveyed):
    assert missing_fields(surveyed) == ["zone_id", "supplied", "built", "idle"]
    assert missing_fields(surveyed.assign(zone_id=None)) == ["zone_id", "supplied", "built", "idle"]  # all blank


def test_filled_parcels_make_a_complete_layer(surveyed):
    with pytest.raises(Exception, match="zone_id"):
        normalise_layer("parcels", surveyed.copy(), source="mine.gpkg")
    done = complete_parcels(surveyed, zone_id="mine", flags={"supplied": "from_class", "built": "from_class",
                                                             "idle": "no"})
    assert missing_fields(done) == []
    assert list(done["zone_id"]) == ["mine"] * 3
    assert list(done["built"]) == [True, False, False]          # A2 built; B21 and C not
    assert list(done["supplied"]) == [True, False, False]
    assert list(done["idle"]) == [False, False, False]
    normalise_layer("parcels", done.copy(), source="mine.gpkg")  # a parcels layer of a dataset now


def test_present_columns_are_kept_and_bad_rules_refused(surveyed):
    given = surveyed.assign(built=[True, True, False])
    done = complete_parcels(given, zone_id="z", flags={"built": "no", "supplied": "yes", "idle": "yes"})
    assert list(done["built"]) == [True, True, False]           # the file's own flag wins
    assert list(done["supplied"]) == [True] * 3 and list(done["idle"]) == [True] * 3
    with pytest.raises(ValueError, match="'idle' cannot be filled by 'from_class'"):
        complete_parcels(surveyed, flags={"idle": "from_class"})
    with pytest.raises(ValueError, match="not one the parcels layer needs"):
        complete_parcels(surveyed, flags={"far": "yes"})

"""The folium maps: local assets only, escaped text, legends that count what is drawn."""

from __future__ import annotations

import re

import pytest

from dashboard import fmt
from dashboard.map import maps
from tests.helpers import decoded
from zone_layers import summary

HOSTILE = "<img src=x onerror=alert(1)>`${document.cookie}`"



def _walk(element):
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def _zone_map_naming(ds, view, text: str):
    """The tiny zone's map with its first section and first parcel's firm named ``text``."""
    sections = ds.sections.copy()
    sections.loc[0, "name"] = text
    parcels = view.copy()
    parcels.loc[0, "enterprise"] = text
    table = summary.section_table(sections, parcels, year=2024)
    ind = summary.parcel_indicators(parcels, year=2024)
    return maps.zone_map(ds.zones.iloc[0], sections, table, ind, year=2024, lang="zh", illustrative=True)


@pytest.fixture
def zone_map_html(tiny_dataset, tiny_view):
    fmap = _zone_map_naming(tiny_dataset, tiny_view, HOSTILE)
    return fmap, fmap.get_root().render()


def test_only_local_scripts_and_styles(zone_map_html):
    fmap, html = zone_map_html
    links = [url for el in _walk(fmap) for _, url in getattr(el, "default_js", [])
             + getattr(el, "default_css", [])]
    assert any(u.endswith("/leaflet.js") for u in links)
    assert all(not re.match(r"^(https?:)?//", u) for u in links), links
    assert not re.search(r"""(src|href)=["'](https?:)?//""", html)


def test_hostile_text_is_escaped_everywhere(zone_map_html):
    text = decoded(zone_map_html[1])
    assert "<img" not in text
    assert "`${document.cookie}`" not in text
    # shown as text: in the section tooltip, the section label and the legend, and the firm's
    escaped = "&lt;img src=x onerror=alert(1)&gt;&#96;&#36;{document.cookie}&#96;"
    assert text.count(escaped) >= 4


#: Jinja syntax in the data: branca compiles every rendered part as a template unless
#: dashboard.map.plain_text is installed; then these would show as "49", "cwd /…" and "yes".
TEMPLATE_TEXT = ("{{ 7*7 }}", "{{ cycler.__init__.__globals__.os.getcwd() }}", "{% if 1 %}yes{% endif %}")


@pytest.mark.parametrize("text", TEMPLATE_TEXT)
def test_template_syntax_in_the_data_is_shown_as_text(tiny_dataset, tiny_view, text):
    """A section named like a Jinja template, a firm, a zone: their text reaches the map as it is
    (never evaluated on the server: no server-side template injection), on the zone map and the city map."""
    import json

    import folium

    ds = tiny_dataset
    assert text in decoded(_zone_map_naming(ds, tiny_view, text).get_root().render())
    zones = ds.zones.assign(name=text, short_name=text)
    city = decoded(maps.city_map(zones, summary.city_table(zones, ds.zone_targets), target_year=2026, lang="zh",
                                 illustrative=False).get_root().render())
    assert text in city
    # folium's own elements too: a GeoJSON property, its tooltip and a popup
    fmap = folium.Map(tiles=None)
    feature = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": text},
               "geometry": {"type": "Point", "coordinates": [114.0, 33.0]}}]}
    folium.GeoJson(feature, tooltip=folium.GeoJsonTooltip(["name"]), popup=folium.Popup(text)).add_to(fmap)
    raw = fmap.get_root().render()
    assert json.dumps(text)[1:-1] in raw  # evaluated, it would read 49, a folder or "yes"


def test_legend_counts_land_classes(zone_map_html):
    text = decoded(zone_map_html[1])
    # the tiny zone has two A2 parcels, two B21, one each of A1, A31, A4, B22 and C
    assert 'A2 工业仓储用地<span class="zm-n">2</span>' in text
    assert 'B21 未建成·具备供地条件<span class="zm-n">2</span>' in text
    assert 'C 不可建设用地<span class="zm-n">1</span>' in text
    assert "A6 其他建设用地" not in text  # classes not present are not listed


def test_legend_note_under_its_group_escaped():
    html = maps.legend_html([("低效用地", [("#762a83", "闲置土地", 1)], "fill"), ("分区", [], "line")],
                            notes=["按<第一种>着色"])
    assert html.index('<div class="zm-note">按&lt;第一种&gt;着色</div>') < html.index("<h4>分区</h4>")
    assert "zm-note" not in maps.legend_html([("分区", [], "line")])


def test_illustrative_badge_on_the_map(zone_map_html):
    _, html = zone_map_html
    assert "ZoneMap.notice" in html


def test_city_map_colours_by_tier(tiny_dataset):
    import pandas as pd

    targets = pd.DataFrame({"zone_id": ["tiny"] * 3, "year": [2024, 2025, 2026],
                            "star": [None, "一星", "二星"], "tier": ["三档", "三档", "二档"]})
    table = summary.city_table(tiny_dataset.zones, targets)
    fmap = maps.city_map(tiny_dataset.zones, table, target_year=2026, lang="zh",
                         illustrative=True)
    html = fmap.get_root().render()
    text = decoded(html)
    assert "#4292c6" in text  # 二档 in 2026
    assert "<th>2026年目标</th><td>二星 二档</td>" in text
    assert "<th>2024年目标</th><td>三档</td>" in text


def test_esc_and_formats():
    assert fmt.esc("<b>`x`</b>") == "&lt;b&gt;&#96;x&#96;&lt;/b&gt;"
    assert fmt.esc("${a}\\n") == "&#36;{a}&#92;n"
    assert fmt.esc(None) == "—" and fmt.esc(float("nan")) == "—"
    assert fmt.pct(0.6123) == "61.2%"
    assert fmt.money_wan(5_600_000) == "560.00 亿元"
    assert fmt.money_wan(990) == "990.0 万元"
    assert fmt.money_wan(990, lang="en") == "990.0 10k CNY"


def test_clicked_properties():
    state = {"last_active_drawing": {"properties": {"section_id": "s1", "tip": "<b>x</b>"}}}
    assert maps.clicked_properties(state) == {"section_id": "s1"}
    assert maps.clicked_properties(None) == {}


def test_zone_labels_come_from_the_data():
    import pandas as pd

    assert maps.zone_label(pd.Series({"name": "驻马店经济技术开发区", "short_name": "经开区"})) == "经开区"
    assert maps.zone_label(pd.Series({"name": "遂平县开发区", "short_name": None})) == "遂平县开发区"
    assert maps.zone_label(pd.Series({"name": "遂平县开发区", "short_name": "  "})) == "遂平县开发区"
    # a dataset without the optional column (another city's zones) labels by name
    assert maps.zone_label(pd.Series({"name": "洛阳高新区"})) == "洛阳高新区"
    # English pages: the English name, without the "Development Zone" every label would repeat
    runan = pd.Series({"name": "汝南县开发区", "name_en": "Runan County Development Zone", "short_name": None})
    assert maps.zone_label(runan, "en") == "Runan County"
    assert maps.zone_label(runan, "zh") == "汝南县开发区"
    etdz = pd.Series({"name": "驻马店经济技术开发区", "name_en": "Zhumadian ETDZ", "short_name": "经开区"})
    assert maps.zone_label(etdz, "en") == "Zhumadian ETDZ"
    assert maps.zone_label(pd.Series({"name": "开发区", "name_en": "Development Zone"}), "en") == "Development Zone"


def test_city_map_of_another_city_needs_no_code_change(tiny_dataset):
    """Zones far from Zhumadian: labels from their own short names, placed around their own middle."""
    import pandas as pd
    import shapely

    zones = tiny_dataset.zones.iloc[[0, 0]].reset_index(drop=True)
    zones["zone_id"] = ["west", "east"]
    zones["name"] = ["甲市西部开发区", "甲市东部开发区"]
    zones["short_name"] = ["西区", None]
    zones["geometry"] = [shapely.box(100.00, 30.0, 100.05, 30.05), shapely.box(100.40, 30.0, 100.45, 30.05)]
    targets = pd.DataFrame({"zone_id": ["west", "east"], "year": [2026, 2026], "star": [None, None],
                            "tier": ["三档", "三档"]})
    table = summary.city_table(zones, targets)
    text = decoded(maps.city_map(zones, table, target_year=2026, lang="zh", illustrative=False)
                   .get_root().render())
    assert "西区" in text and "甲市东部开发区" in text
    assert "驻马店" not in text
    # the western zone's label sits on its left, the eastern one's on its right
    assert 'text-align:right">西区</div>' in text
    assert 'text-align:left">甲市东部开发区</div>' in text


def test_city_map_leaves_room_for_the_western_labels(tiny_dataset):
    """The labels of the westernmost zones point left: the map is fitted with room for them, more on
    an English page (longer names) than on a Chinese one, never less than the controls need."""
    import re

    import pandas as pd
    import shapely

    assert maps.label_width("汝南县开发区") == 6 * 12  # CJK: as wide as the font is high
    assert maps.label_width("Runan") == 36  # 5 × 0.6 × 12
    zones = tiny_dataset.zones.iloc[[0, 0]].reset_index(drop=True)
    zones["zone_id"] = ["west", "east"]
    zones["name"] = ["甲市西部开发区", "甲市东部开发区"]
    zones["name_en"] = ["Jiashi Western Logistics and Export Processing Development Zone", "Jiashi East"]
    zones["geometry"] = [shapely.box(100.00, 30.0, 100.05, 30.05), shapely.box(100.40, 30.0, 100.45, 30.05)]
    targets = pd.DataFrame({"zone_id": ["west", "east"], "year": [2026, 2026], "star": [None, None],
                            "tier": ["三档", "三档"]})
    table = summary.city_table(zones, targets)

    def left_padding(lang: str) -> int:
        html = decoded(maps.city_map(zones, table, target_year=2026, lang=lang, illustrative=False)
                       .get_root().render())
        return int(re.search(r'"paddingTopLeft":\s*\[(\d+),\s*40\]', html).group(1))

    assert left_padding("zh") == 140  # 甲市西部开发区: 84 px + 40 px < the controls' 140 px
    # "Jiashi Western Logistics and Export Processing" (the suffix dropped): 46 × 7.2 px + 40 px, capped
    assert left_padding("en") == 320

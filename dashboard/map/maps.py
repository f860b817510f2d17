"""Folium maps of the city's zones and of one zone's sections and parcels.

Every map loads Leaflet and its own controls from the app (:mod:`dashboard.map.assets`), has no
basemap unless one is asked for (a neutral background keeps the zone readable offline), a metric
scale bar, a layer control and a legend for every coloured layer. Tooltip text is built here from
HTML-escaped values (:func:`dashboard.fmt.esc`); folium never sees a raw user string.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from dashboard import fmt
from dashboard.i18n import (
    ShownStyle,
    grade_text,
    localize_style,
    low_reasons_text,
    reason_text,
    t,
    unit_text,
    value_text,
)
from dashboard.map import parceltiles
from dashboard.map.assets import use_local_assets
from dashboard.map.jscall import JsCall
from dashboard.shown_names import name_of, names_of, shown_value, value_names
from geodata import schema, settings
from zone_layers import styles
from zone_layers.layers import style_parcels

#: Decimal places kept in lon/lat sent to the browser: 1e-6° ≈ 0.1 m.
COORD_DECIMALS = 6

LegendRow = tuple[str, str, int | None]  # colour, label (escaped), count

#: Outline of the selected parcel.
SELECTED_COLOR = "#e4007c"


def _Call(function: str, *args: object) -> JsCall:
    """Calls one ``ZoneMap`` function (dashboard/map/static/zonemap.js) with JSON arguments."""
    return JsCall("ZoneMap", function, *args)


def tip_html(title: str, rows: Sequence[tuple[str, str]]) -> str:
    """Tooltip markup from a title and (label, value) rows; every piece is escaped here."""
    body = "".join(f"<tr><th>{fmt.esc(k)}</th><td>{fmt.esc(v)}</td></tr>" for k, v in rows)
    return f'<div class="zm-tip-title">{fmt.esc(title)}</div><table class="zm-tip">{body}</table>'


def legend_html(groups: Sequence[tuple[str, Sequence[LegendRow], str]], *,
                notes: Sequence[str] = ()) -> str:
    """Legend markup: groups of (title, rows, kind) where kind is ``fill`` or ``line``; ``notes[i]``
    (escaped here), when given and not empty, is a line under the rows of group ``i``."""
    parts = []
    for i, (title, rows, kind) in enumerate(groups):
        lines = []
        for color, label, count in rows:
            swatch = (f'<span class="zm-sw zm-line" style="border-color:{fmt.esc(color)}"></span>'
                      if kind == "line" else
                      f'<span class="zm-sw" style="background:{fmt.esc(color)}"></span>')
            n = f'<span class="zm-n">{count}</span>' if count is not None else ""
            lines.append(f"<div>{swatch}{label}{n}</div>")
        if i < len(notes) and notes[i]:
            lines.append(f'<div class="zm-note">{fmt.esc(notes[i])}</div>')
        parts.append(f'<div class="zm-group"><h4>{fmt.esc(title)}</h4>{"".join(lines)}</div>')
    return "".join(parts)


def for_browser(gdf: gpd.GeoDataFrame, columns: Sequence[str]) -> gpd.GeoDataFrame:
    """Only ``columns`` and the geometry, in lon/lat rounded to :data:`COORD_DECIMALS`.

    Rounding every vertex the same way keeps shared edges shared, so neighbours stay gap-free.
    """
    geoms = shapely.transform(gdf.geometry.to_numpy(), lambda xy: np.round(xy, COORD_DECIMALS))
    return gpd.GeoDataFrame(gdf[list(columns)].copy(), geometry=geoms, crs=gdf.crs)


def _bounds(gdf: gpd.GeoDataFrame) -> list[list[float]]:
    minx, miny, maxx, maxy = gdf.total_bounds
    return [[float(miny), float(minx)], [float(maxy), float(maxx)]]


#: Pixels kept free around the fitted data: the legend sits bottom right, controls top left.
FIT_PADDING_TOP_LEFT = (50, 30)
FIT_PADDING_BOTTOM_RIGHT = (250, 30)


def base_map(bounds: list[list[float]], *, lang: str, illustrative: bool,
             padding_top_left: tuple[int, int] = FIT_PADDING_TOP_LEFT, canvas: bool = False) -> folium.Map:
    """An empty map fitted to ``bounds``: local assets, no basemap, metric scale, reset button.
    The padding keeps the data clear of the controls (top left) and the legend (bottom right).
    ``canvas``: vector layers are drawn on a canvas rather than as one SVG element each (for
    thousands of parcels: faster to draw and to pan, same hover and click)."""
    centre = [(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2]
    fmap = folium.Map(location=centre, zoom_start=13, tiles=None, control_scale=False,
                      zoom_control=True, min_zoom=6, max_zoom=19, zoom_snap=0.25,
                      zoom_delta=0.5, prefer_canvas=canvas)
    use_local_assets(fmap)
    fit = {"paddingTopLeft": padding_top_left, "paddingBottomRight": FIT_PADDING_BOTTOM_RIGHT}
    # fitted at once, before any layer is added (folium's fit_bounds animates the zoom, and the end
    # of that animation re-projects every parcel a second time)
    _Call("fit", bounds, fit).add_to(fmap)
    _Call("scale").add_to(fmap)
    _Call("tipsOnTop").add_to(fmap)
    _Call("resetView", bounds, fmt.esc(t("reset_view", lang)), fit).add_to(fmap)
    if illustrative:
        _Call("notice", fmt.esc(t("illustrative_badge", lang))).add_to(fmap)
    return fmap


def _add_label(group: folium.FeatureGroup, point: shapely.Point, text: str, *,
               small: bool = False, side: str = "centre", gap: int = 0) -> None:
    """A non-interactive text label at ``point``: centred on it, or to its ``left``/``right``
    /``above`` with ``gap`` pixels between the point and the text."""
    css = "zm-label zm-small" if small else "zm-label"
    width, height = 14 * max(len(text), 2), 20
    anchor, align = {
        "centre": ((width // 2, height // 2), "center"),
        "right": ((-gap, height // 2), "left"),
        "left": ((width + gap, height // 2), "right"),
        "above": ((width // 2, height + gap), "center"),
    }[side]
    folium.Marker(
        location=[point.y, point.x],
        icon=folium.DivIcon(html=f'<div class="{css}" style="text-align:{align}">{fmt.esc(text)}</div>',
                            icon_size=(width, height), icon_anchor=anchor, class_name="zm-label-icon"),
        interactive=False,
    ).add_to(group)


def label_width(text: str, font_px: int = 12) -> int:
    """The approximate width in pixels of a small map label: a CJK character is about as wide as the
    font is high, a Latin letter or digit a little over half of it."""
    return round(sum(font_px if ord(c) >= 0x2E80 else 0.6 * font_px for c in text))


def zone_label(zone: pd.Series, lang: str = "zh") -> str:
    """A zone's map label: its ``short_name`` from the data (经开区), else its name (遂平县开发区); on
    English pages its ``name_en`` when the data has one, without a trailing "Development Zone" (the
    map shows nothing but zones; "Runan County Development Zone" is labelled "Runan County" and
    named in full in its tooltip), so that neighbouring labels do not run into each other."""
    if lang == "en" and name_of(zone, lang) != name_of(zone, "zh"):
        english = name_of(zone, lang).strip()
        short = english.removesuffix(" Development Zone").strip()
        return short or english
    short = zone.get("short_name")
    return str(zone["name"]) if fmt.is_missing(short) or not str(short).strip() else str(short).strip()


def _tier_of(row: pd.Series, year: int | None) -> str:
    value = row.get(f"tier_{year}") if year is not None else None
    return "" if fmt.is_missing(value) else str(value)


def targets_text(star: object, tier: object, lang: str) -> str:
    """A zone's star and tier target as shown (二星 一档, "2 stars Tier 1"); "" when it has none."""
    parts = [value_text(topic, v, lang) for topic, v in (("star", star), ("tier", tier)) if not fmt.is_missing(v)]
    return " ".join(p for p in parts if p)


def _targets_text(row: pd.Series, lang: str) -> list[tuple[str, str]]:
    """One tooltip row per target year of the data (the ``tier_<year>`` columns of the city table)."""
    years = sorted(int(str(c)[5:]) for c in row.index if str(c).startswith("tier_") and str(c)[5:].isdigit())
    return [(t("col_target", lang, year=year),
             targets_text(row.get(f"star_{year}"), row.get(f"tier_{year}"), lang) or t("none_target", lang))
            for year in years]


def city_map(zones: gpd.GeoDataFrame, table: pd.DataFrame, *, target_year: int | None, lang: str,
             illustrative: bool, parcels: tuple[parceltiles.TileSource, dict, ShownStyle] | None = None
             ) -> folium.Map:
    """The city's development zones coloured by their target tier in ``target_year`` (None: the data
    has no targets, every zone is drawn without a tier).

    At city scale a 20 km² zone is a few pixels wide, so each zone is also drawn as a circle
    (radius growing with its planned area) in its tier colour, labelled on the side away from the
    middle of the zones so that the central zones' labels do not collide. ``table`` is
    :func:`zone_layers.summary.city_table` for ``zones`` (same order).

    ``parcels`` (a served tile set, its lookup and the layer's style): every parcel of the city
    from vector tiles, under the zones, which are then drawn as outlines (their symbols stay), so a
    parcel can be pointed at and clicked inside its zone; the layer gets its own legend group.
    """
    # room on the left for the labels of the westernmost zones, which point left (as long as their
    # names are in the page's language: English ones are about twice as wide as Chinese ones)
    west = zones.geometry.representative_point().x
    westmost = west <= west.min() + 0.25 * (west.max() - west.min())
    room = max((label_width(zone_label(zone, lang)) for _, zone in zones.loc[westmost].iterrows()), default=0)
    fmap = base_map(_bounds(zones), lang=lang, illustrative=illustrative,
                    padding_top_left=(min(max(140, room + 40), 320), 40))
    rows = table.set_index("zone_id")
    data = for_browser(zones, ["zone_id"])
    data["fill"] = [styles.tier_color(_tier_of(rows.loc[z], target_year)) for z in data["zone_id"]]
    zone_names, counties = names_of(zones, "zone_id", lang), value_names(zones, "county", lang)
    data["tip"] = [
        tip_html(zone_names.get(z, rows.at[z, "name"]), [
            (t("tip_county", lang), shown_value(rows.at[z, "county"], counties)),
            (t("tip_level", lang), value_text("level", rows.at[z, "level"], lang)),
            (t("tip_planned", lang), f"{fmt.num(rows.at[z, 'planned_area_km2'])} km²"),
            (t("kpi_computed", lang), f"{fmt.num(rows.at[z, 'area_km2'])} km² · "
                                      f"{fmt.num(rows.at[z, 'area_km2'] * 1500, 0)} {unit_text('mu', lang)}"),
            *_targets_text(rows.loc[z], lang),
        ])
        for z in data["zone_id"]
    ]
    style = {"color": "#08306b", "weight": 1.5, "fillOpacity": 0.8}
    if parcels is not None:
        tiles, look, shown = parcels
        group = folium.FeatureGroup(name=f"{t('layer_parcels_by', lang)}{shown.title}").add_to(fmap)
        parceltiles.TiledParcels(tiles, look, z_index=390).add_to(group)
    layer = folium.FeatureGroup(name=t("layer_zones", lang)).add_to(fmap)
    outline = {"fill": False, "weight": 2.5} if parcels is not None else {}
    folium.GeoJson(
        data, style_function=lambda f: {**style, "fillColor": f["properties"]["fill"], **outline},
        highlight_function=lambda f: {"weight": 3},
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True),
    ).add_to(layer)
    points = data.copy()
    points["geometry"] = zones.geometry.representative_point().to_numpy()
    points["radius"] = [6 + 1.2 * float(np.sqrt(max(rows.at[z, "planned_area_km2"], 0)))
                        for z in points["zone_id"]]
    folium.GeoJson(
        points, marker=folium.CircleMarker(),
        style_function=lambda f: {**style, "fillColor": f["properties"]["fill"],
                                  "radius": f["properties"]["radius"]},
        highlight_function=lambda f: {"weight": 3},
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True),
    ).add_to(layer)
    labels = folium.FeatureGroup(name=t("layer_labels", lang))
    # labels point away from the middle of the zones, so the central zones' labels do not collide
    middle_x = float(np.median(points.geometry.x))
    for (_, zone), point, radius in zip(zones.iterrows(), points.geometry, points["radius"], strict=True):
        side = "left" if point.x < middle_x else "right"
        _add_label(labels, point, zone_label(zone, lang), small=True, side=side, gap=int(radius) + 3)
    labels.add_to(fmap)
    counts = pd.Series([_tier_of(rows.loc[z], target_year) for z in zones["zone_id"]]).value_counts()
    legend_rows = [(c.color, fmt.esc(t(c.key, lang)), int(counts.get(c.value, 0)))
                   for c in styles.TIER_STYLES if counts.get(c.value, 0)]
    title = t("legend_tier", lang) + ("" if target_year is None else f" · {target_year}")
    groups: list[tuple[str, Sequence[LegendRow], str]] = [(title, legend_rows, "fill")]
    if parcels is not None:
        groups.insert(0, (parcels[2].title, [(c, fmt.esc(label), n) for c, label, n in parcels[2].legend], "fill"))
    _Call("legend", legend_html(groups)).add_to(fmap)
    folium.LayerControl(collapsed=False).add_to(fmap)
    return fmap


#: Vertices of the parcel layer travel as integers in units of 10^-COORD_DECIMALS degrees.
COORD_SCALE = 10 ** COORD_DECIMALS


def encode_polygons(geoms: np.ndarray) -> tuple[list[int], list[list[list[list[int]]]]]:
    """Polygons as short integer lists: ``(origin, shapes)``.

    Every vertex is rounded to a multiple of ``1/COORD_SCALE`` degree (≈ 0.1 m, so shared edges stay
    shared); ``shapes[i]`` lists the polygons of geometry ``i``, each a list of rings, each ring a
    flat list ``[x0, y0, dx1, dy1, …]`` without the closing vertex, where (x0, y0) is relative to
    ``origin`` and every later pair to the vertex before it. ``ZoneMap.parcels`` decodes it.
    Empty geometries give ``[]``.
    """
    parts, owner = shapely.get_parts(geoms, return_index=True)
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    xy, ring_of = shapely.get_coordinates(rings, return_index=True)
    if not len(xy):
        return [0, 0], [[] for _ in range(len(geoms))]
    q = np.round(xy * COORD_SCALE).astype(np.int64)
    # drop each ring's closing vertex (the last one of each ring)
    last = np.r_[ring_of[1:] != ring_of[:-1], True]
    q, ring_of = q[~last], ring_of[~last]
    origin = q.min(axis=0)
    first = np.r_[True, ring_of[1:] != ring_of[:-1]]
    delta = np.diff(q, axis=0, prepend=origin[None, :])
    delta[first] = q[first] - origin
    flat = delta.ravel().tolist()
    bounds = np.searchsorted(ring_of, np.arange(len(rings) + 1)) * 2
    shapes: list[list[list[list[int]]]] = [[] for _ in range(len(geoms))]
    part_rings: list[list[list[int]]] = [[] for _ in range(len(parts))]
    for r in range(len(rings)):
        part_rings[ring_part[r]].append(flat[bounds[r]:bounds[r + 1]])
    for p, g in enumerate(owner):
        if part_rings[p]:  # an empty part has no ring
            shapes[g].append(part_rings[p])
    return [int(origin[0]), int(origin[1])], shapes


def column(values: Sequence[str]) -> list[str] | dict[str, list]:
    """A column of strings for the browser: as is, or as a dictionary ``{"d": distinct, "i":
    index per row}`` when that is shorter (land classes, sections, firms, grades)."""
    distinct = list(dict.fromkeys(values))
    if len(distinct) * 4 > len(values):
        return list(values)
    where = {v: i for i, v in enumerate(distinct)}
    return {"d": distinct, "i": [where[v] for v in values]}


def _tip_rows(parcels: pd.DataFrame, section_names: dict[str, str], *, year: int, lang: str,
              figures: bool) -> list[tuple[str, list[str]]]:
    """The parcel tooltip as (label, value per parcel) rows, escaped; an empty value hides the row."""
    def texts(values) -> list[str]:
        return ["" if fmt.is_missing(v) else fmt.esc(v) for v in values]

    def classes(code: object) -> str:
        return value_text("land_class", code, lang)

    firm = ~parcels["enterprise"].map(fmt.is_missing)
    mu, m2 = unit_text("mu", lang), unit_text("wan_per_mu", lang)
    area = [f"{fmt.num(a, 1)} {mu} · {fmt.num(b, 0)} m²" for a, b in zip(parcels["area_mu"], parcels["area_m2"],
                                                                         strict=True)]
    rows = [
        (t("tip_class", lang), texts(parcels["land_class"].map(classes))),
        (t("tip_section", lang), texts(parcels["section_id"].map(lambda s: section_names.get(s, s)))),
        (t("tip_area", lang), texts(area)),
        (t("tip_enterprise", lang), texts(parcels["enterprise"])),
        (t("tip_industry", lang), texts(parcels["industry"].where(firm))),
    ]
    if figures:
        rows += [
            (f"{year} {t('tip_tax', lang)}",
             texts([fmt.money_wan(v, lang=lang) if f else None for v, f in zip(parcels["tax_wan"], firm,
                                                                                  strict=True)])),
            (t("tip_tax_per_mu", lang),
             texts([f"{fmt.num(v)} {m2}" if f else None for v, f in zip(parcels["tax_per_mu"], firm, strict=True)])),
            (t("tip_investment", lang),
             texts([f"{fmt.num(v, 0)} {m2}" if f else None
                    for v, f in zip(parcels["investment_intensity"], firm, strict=True)])),
        ]
    rows.append((t("tip_far", lang), texts([None if fmt.is_missing(v) else fmt.num(v)
                                            for v in parcels["floor_area_ratio"]])))
    if "grade" in parcels:
        reason = parcels.get("grade_reason", pd.Series(None, index=parcels.index))
        rows.append((t("tip_grade", lang), texts([
            None if fmt.is_missing(g) else f"{grade_text(g, {}, lang)} · {reason_text(r, lang)}".strip(" ·")
            for g, r in zip(parcels["grade"], reason, strict=True)])))
    low = [low_reasons_text(r, lang) for r in parcels["reasons"]] if "reasons" in parcels \
        else pd.Series(None, index=parcels.index)
    rows.append((t("tip_low", lang), texts(low)))
    status = [None if not fmt.is_missing(r) else t("status_idle", lang) if idle else
              t("status_supplied_unbuilt", lang) if supplied and not built else None
              for r, idle, supplied, built in zip(low, parcels["idle"].eq(True), parcels["supplied"].eq(True),
                                                  parcels["built"].eq(True), strict=True)]
    rows.append((t("tip_status", lang), texts(status)))
    return rows


def parcel_card_rows(parcel: pd.DataFrame, section_names: dict[str, str], *, year: int, lang: str,
                     figures: bool) -> list[tuple[str, str]]:
    """What the tooltip of the one parcel in ``parcel`` shows, as (label, text) rows without the empty
    ones, plain text (not escaped: for a table, which escapes it itself)."""
    rows = _tip_rows(parcel, section_names, year=year, lang=lang, figures=figures)
    return [(label, html.unescape(values[0])) for label, values in rows if values[0]]


def parcel_features(parcels: gpd.GeoDataFrame, section_names: dict[str, str], *, year: int,
                    lang: str, figures: bool = True) -> dict:
    """Parcels as the browser gets them (``ZoneMap.parcels`` in dashboard/map/static/zonemap.js): keys,
    encoded geometry (:func:`encode_polygons`) and the tooltip as columns, every tooltip text escaped here.

    A parcel costs ≈ 0.15 KB instead of ≈ 1.5 KB as a folium GeoJSON feature with an HTML tooltip:
    labels and units are sent once, repeated texts once per distinct value. Build this once per
    zone, year and language and pass it to :func:`zone_map`. ``figures=False`` leaves the
    enterprise figures out of the tooltips (for viewers, whose parcels are redacted anyway).
    """
    return compact_parcels(parcels, _tip_rows(parcels, section_names, year=year, lang=lang, figures=figures),
                           lang=lang)


def compact_parcels(parcels: gpd.GeoDataFrame, rows: Sequence[tuple[str, Sequence[str]]], *,
                    lang: str) -> dict:
    """The ``ZoneMap.parcels`` payload of ``parcels`` (lon/lat) with tooltip ``rows`` of (label,
    escaped value per parcel); parcels without a section get an empty ``section_id``."""
    origin, shapes = encode_polygons(parcels.geometry.to_numpy())
    sections = parcels["section_id"] if "section_id" in parcels else pd.Series("", index=parcels.index)
    return {
        "scale": COORD_SCALE,
        "origin": origin,
        "shapes": shapes,
        # keys are data (a click sends them back): plain text, escaped by the browser for the tooltip
        "parcel_id": column([str(v) for v in parcels["parcel_id"]]),
        "section_id": column(["" if fmt.is_missing(v) else str(v) for v in sections]),
        "title": fmt.esc(t("tip_parcel", lang)),
        "labels": [fmt.esc(label) for label, _ in rows],
        "rows": [column(list(values)) for _, values in rows],
    }


def preview_map(parcels: gpd.GeoDataFrame, *, lang: str) -> folium.Map:
    """Checked parcels of an upload (lon/lat, any number: a city's file) on a canvas map, coloured by
    land class (light blue where the class is not a known one), with ID and class in the tooltip."""
    minx, miny, maxx, maxy = parcels.total_bounds
    fmap = base_map([[miny, minx], [maxy, maxx]], lang=lang, illustrative=False, canvas=True)
    classes = parcels["land_class"] if "land_class" in parcels else pd.Series(None, index=parcels.index)
    fill = [styles.land_class_color(c) if c in schema.LAND_CLASSES else "#9ecae1" for c in classes]
    text = ["" if fmt.is_missing(c) else fmt.esc(c) for c in classes]
    group = folium.FeatureGroup(name=t("upload_preview", lang)).add_to(fmap)
    _Call("parcels", compact_parcels(parcels, [(t("tip_class", lang), text)], lang=lang), column(fill)).add_to(group)
    return fmap


def zone_map(zone: pd.Series, sections: gpd.GeoDataFrame, section_table: pd.DataFrame,
             parcels: gpd.GeoDataFrame, *, style: ShownStyle | None = None,
             features: dict | None = None, year: int, lang: str,
             illustrative: bool, tiles: tuple[parceltiles.TileSource, dict] | None = None) -> folium.Map:
    """One zone: its outline, its sections coloured by function and labelled, its parcels coloured
    by ``style`` (land class when None).

    ``parcels`` come from :func:`zone_layers.summary.parcel_indicators`, optionally with the
    ``grade``/``grade_reason`` and low-efficiency ``reasons`` columns, which the tooltips then show;
    ``section_table`` from :func:`zone_layers.summary.section_table`; ``features`` from
    :func:`parcel_features` (built here when not given); ``tiles`` (a served tile set and its
    :func:`dashboard.map.parceltiles.lookup` for ``style``): the parcels are drawn from vector
    tiles instead (``features`` is then not used).
    The parcels are drawn by ``ZoneMap.parcels`` (dashboard/map/static/zonemap.js) inside a folium
    feature group, so the layer control lists them like any other layer.
    """
    style = style or localize_style(style_parcels(parcels, "land_class"), lang)
    outline = gpd.GeoDataFrame({"zone_id": [zone["zone_id"]]}, geometry=[zone.geometry],
                               crs=settings.STORAGE_EPSG)
    fmap = base_map(_bounds(outline), lang=lang, illustrative=illustrative, canvas=True)
    _Call("pane", "zm-over", 450, False).add_to(fmap)
    colors = styles.section_colors(list(sections["section_id"]))
    names, functions = names_of(sections, "section_id", lang), value_names(sections, "function", lang)
    table = section_table.set_index("section_id")

    sec = for_browser(sections, ["section_id"])
    sec["fill"] = sec["section_id"].map(colors)
    sec["tip"] = [
        tip_html(names.get(s, table.at[s, "name"]), [
            (t("tip_function", lang), shown_value(table.at[s, "function"], functions)),
            (t("tip_area", lang), f"{fmt.num(table.at[s, 'area_km2'])} km² · "
                                  f"{fmt.num(table.at[s, 'area_mu'], 0)} {unit_text('mu', lang)}"),
            (t("kpi_industrial_share", lang), fmt.pct(table.at[s, "industrial_land_ratio"])),
            (t("kpi_tax_per_mu", lang),
             f"{fmt.num(table.at[s, 'industrial_tax_per_mu'])} {unit_text('wan_per_mu', lang)}"),
        ])
        for s in sec["section_id"]
    ]
    folium.GeoJson(
        sec, name=t("layer_sections", lang),
        style_function=lambda f: {"fillColor": f["properties"]["fill"], "fillOpacity": 0.45,
                                  "color": f["properties"]["fill"], "weight": 1},
        highlight_function=lambda f: {"fillOpacity": 0.65},
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True),
    ).add_to(fmap)

    group = folium.FeatureGroup(name=f"{t('layer_parcels_by', lang)}{style.title}").add_to(fmap)
    if tiles is not None:
        parceltiles.TiledParcels(*tiles).add_to(group)
    else:
        par = features if features is not None else parcel_features(parcels, names, year=year, lang=lang)
        _Call("parcels", par, column(list(style.fill))).add_to(group)

    over = folium.FeatureGroup(name=t("layer_labels", lang))
    folium.GeoJson(
        for_browser(sections, ["section_id"]).assign(line=lambda d: d["section_id"].map(colors)),
        style_function=lambda f: {"fill": False, "color": f["properties"]["line"], "weight": 3,
                                  "opacity": 0.95},
        interactive=False, pane="zm-over",
    ).add_to(over)
    folium.GeoJson(
        outline, style_function=lambda f: {"fill": False, "color": "#1a1a1a", "weight": 3.5,
                                           "dashArray": "8 4"},
        interactive=False, pane="zm-over", name=t("layer_zone", lang),
    ).add_to(over)
    for sid, point in zip(sections["section_id"], sections.geometry.representative_point(), strict=True):
        _add_label(over, point, names[sid])
    over.add_to(fmap)

    parcel_rows = [(color, fmt.esc(label), count) for color, label, count in style.legend]
    section_rows = [(colors[s], fmt.esc(names[s]), None) for s in sections["section_id"]]
    section_rows.append(("#1a1a1a", fmt.esc(t("layer_zone", lang)), None))
    _Call("legend", legend_html([
        (style.title, parcel_rows, "fill"),
        (t("legend_sections", lang), section_rows, "line"),
    ], notes=[style.note])).add_to(fmap)
    folium.LayerControl(collapsed=False).add_to(fmap)
    return fmap


def clicked_properties(state: dict | None) -> dict:
    """Properties of the feature last clicked in an ``st_folium`` return value (empty if none)."""
    drawing = (state or {}).get("last_active_drawing") or {}
    props = drawing.get("properties") or {}
    # credit_code: sent with a parcel by the map search's enterprise hit (ZoneMap.select in zonemap.js);
    # parcel_n: a parcel's position in the vector tiles, sent instead of its ID by the tiles of the
    # lowest zooms (resolved by dashboard/pages/parcel_tiles.py clicked)
    return {k: v for k, v in props.items()
            if k in {"zone_id", "section_id", "parcel_id", "credit_code", "parcel_n"}}


def highlight(parcels: gpd.GeoDataFrame, parcel_id: str | None, *, lang: str) -> folium.FeatureGroup | None:
    """A layer outlining the selected parcel (for st_folium's ``feature_group_to_add``, which
    updates the map without rebuilding it); None when nothing is selected."""
    chosen = parcels.loc[parcels["parcel_id"] == parcel_id]
    if chosen.empty:
        return None
    group = folium.FeatureGroup(name=t("layer_selected", lang))
    outline = for_browser(chosen, ["parcel_id"]).geometry.iloc[0]
    _Call("outline", shapely.geometry.mapping(outline),
          {"fill": False, "color": SELECTED_COLOR, "weight": 4, "opacity": 1}).add_to(group)
    return group


def highlight_parcels(parcels: gpd.GeoDataFrame, parcel_ids: Sequence[str], *, lang: str,
                      primary: str | None = None) -> folium.FeatureGroup | None:
    """A layer outlining several parcels (an enterprise's: every parcel it uses), one outline each:
    ``primary`` (the selected parcel) as :func:`highlight` draws it, the others dashed. For st_folium's
    ``feature_group_to_add``; None when none of ``parcel_ids`` is among ``parcels``."""
    wanted = list(dict.fromkeys(str(p) for p in parcel_ids))
    chosen = parcels.loc[parcels["parcel_id"].astype(str).isin(wanted)]
    if chosen.empty:
        return None
    group = folium.FeatureGroup(name=t("layer_selected", lang))
    shapes = for_browser(chosen, ["parcel_id"])
    for pid, outline in zip(shapes["parcel_id"], shapes.geometry, strict=True):
        style: dict[str, object] = {"fill": False, "color": SELECTED_COLOR, "weight": 4, "opacity": 1}
        if pid != primary:
            style |= {"weight": 3, "dashArray": "6 4"}
        _Call("outline", shapely.geometry.mapping(outline), style).add_to(group)
    return group


def focus(parcels: gpd.GeoDataFrame, parcel_id: str | None) -> tuple[list[float] | None, int | None]:
    """Centre (lat, lon) and zoom that show the selected parcel; (None, None) when none."""
    chosen = parcels.loc[parcels["parcel_id"] == parcel_id]
    if chosen.empty:
        return None, None
    point = chosen.geometry.iloc[0].representative_point()
    return [point.y, point.x], 16

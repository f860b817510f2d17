/* The land-efficiency map's own controls. Loaded from the app (never a CDN) before the map
 * script; every function takes the Leaflet map. Text arrives already HTML-escaped from Python
 * (dashboard/map/maps.py), so innerHTML here only ever receives the app's own markup. */
(function () {
  "use strict";

  function control(position, className, html) {
    var ctl = L.control({ position: position });
    ctl.onAdd = function () {
      var div = L.DomUtil.create("div", className);
      div.innerHTML = html;
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    return ctl;
  }

  /* A column from dashboard/map/maps.py column(): a plain list, or {d: distinct values, i: index per row}. */
  function cell(col, i) {
    return Array.isArray(col) ? col[i] : col.d[col.i[i]];
  }

  /* Rings from dashboard/map/maps.py encode_polygons(): integers, the first vertex relative to the
   * origin, every later one to the vertex before it; back to GeoJSON [lon, lat] rings. */
  function decodeShape(shape, origin, scale) {
    return shape.map(function (rings) {
      return rings.map(function (flat) {
        var x = origin[0], y = origin[1], ring = [];
        for (var k = 0; k < flat.length; k += 2) {
          x += flat[k];
          y += flat[k + 1];
          ring.push([x / scale, y / scale]);
        }
        if (ring.length) { ring.push(ring[0]); }
        return ring;
      });
    });
  }

  var ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "`": "&#96;" };
  function esc(text) {
    return String(text).replace(/[&<>"'`]/g, function (c) { return ENTITIES[c]; });
  }

  /* Tooltip markup of parcel i: labels and values arrive HTML-escaped from Python; the parcel ID
   * is data (it comes back on a click) and is escaped here. */
  function parcelTip(data, i) {
    var rows = "";
    for (var r = 0; r < data.rows.length; r++) {
      var value = cell(data.rows[r], i);
      if (value) { rows += "<tr><th>" + data.labels[r] + "</th><td>" + value + "</td></tr>"; }
    }
    return '<div class="zm-tip-title">' + data.title + " " + esc(cell(data.parcel_id, i)) + "</div>" +
      '<table class="zm-tip">' + rows + "</table>";
  }

  /* Colours from dashboard/map/parceltiles.py palette_column(): {d: palette, s: one character per
   * parcel, its position in PALETTE_CHARS naming the colour in d}, or a plain column; a function of k. */
  var PALETTE_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  function paletteColumn(col) {
    if (!col || typeof col.s !== "string") { return function (k) { return cell(col, k); }; }
    var at = {};
    for (var c = 0; c < PALETTE_CHARS.length; c++) { at[PALETTE_CHARS.charCodeAt(c)] = c; }
    return function (k) { return col.d[at[col.s.charCodeAt(k)]]; };
  }

  var searchable = [];

  var tiled = [];  // vector tile layers of parcels (ZoneMap.tiles)

  window.ZoneMap = {
    /* The parcels (dashboard/map/maps.py parcel_features()) filled with one colour each (a column),
     * added to a layer group; each is a GeoJSON feature whose properties (parcel_id, section_id)
     * come back to Python when it is clicked. */
    parcels: function (group, data, fills) {
      var features = data.shapes.map(function (shape, i) {
        var coords = decodeShape(shape, data.origin, data.scale);
        return {
          type: "Feature",
          properties: { parcel_id: cell(data.parcel_id, i), section_id: cell(data.section_id, i), i: i },
          geometry: !coords.length ? null  // an empty geometry: Leaflet skips the feature
            : coords.length === 1 ? { type: "Polygon", coordinates: coords[0] }
            : { type: "MultiPolygon", coordinates: coords }
        };
      });
      var base = { fillOpacity: 0.85, color: "#ffffff", weight: 0.6, opacity: 1 };
      // drawn with the map's renderer: the zone map prefers a canvas (dashboard/map/maps.py base_map)
      var layer = L.geoJSON({ type: "FeatureCollection", features: features }, {
        style: function (f) { return L.extend({ fillColor: cell(fills, f.properties.i) }, base); },
        onEachFeature: function (f, l) {
          l.bindTooltip(function () { return parcelTip(data, f.properties.i); }, { sticky: true });
          l.on("mouseover", function () { l.setStyle({ weight: 2.5, color: "#222222" }); });
          l.on("mouseout", function () { l.setStyle({ weight: base.weight, color: base.color }); });
        }
      });
      // the same signal as the tiles' (ZoneMap.tiles): once drawn, and after every move, the map
      // container says how many parcels are in view (data-parcels-drawn) of how many (data-parcels-total)
      var seq = 0, total = 0;
      layer.eachLayer(function () { total += 1; });
      function count() {
        var map = layer._map;
        if (!map) { return; }
        var view = map.getBounds(), n = 0, box = map.getContainer();
        layer.eachLayer(function (l) { if (l.getBounds && view.intersects(l.getBounds())) { n += 1; } });
        seq += 1;
        box.setAttribute("data-parcels-drawn", String(n));
        box.setAttribute("data-parcels-total", String(total));
        box.setAttribute("data-parcels-seq", String(seq));
      }
      function counted() { L.Util.requestAnimFrame(count); }  // after the renderer's own frame
      layer.on("add", function () { counted(); layer._map.on("moveend", counted); });
      layer.on("remove", function (e) { if (e.target._map) { e.target._map.off("moveend", counted); } });
      group.addLayer(layer);
      // the parcel IDs become entries of the map's search box (ZoneTools.search asks searchItems)
      layer.eachLayer(function (l) {
        searchable.push({ label: l.feature.properties.parcel_id, kind: "parcel", layer: l });
      });
      return layer;
    },
    /* The parcels as vector tiles (issue 14; dashboard/map/parceltiles.py), drawn by the vendored
     * protomaps-leaflet: url is the tile set's "{z}/{x}/{y}.pbf" template, whose features carry only
     * n (their position in the data version) and, from tile zoom 12 on, parcel_id; look = {start,
     * count, fill (colours by n - start: palette_column), labels (colour -> legend label, escaped),
     * title (escaped)}: a feature outside [start, start + count) is not drawn. The paint rule's
     * symbolizer is ours: it fills each parcel with its colour straight on the tile's canvas (no
     * Leaflet object per parcel) and notes, per canvas tile, the parcels it drew with their pixel
     * bounds; from those the map counts the parcels in view and the search box lists their IDs.
     * Once the tiles in view are drawn the map container carries data-parcels-drawn (distinct
     * parcels drawn in view), data-parcels-total (count) and data-parcels-seq (+1 each time). */
    tiles: function (group, url, opts, look) {
      // up to display zoom THIN_ZOOM (a parcel is 1-3 pixels wide) without the white outline, which
      // only washes the colours out there and doubles the canvas work
      var THIN_ZOOM = 12, fillOf = paletteColumn(look.fill), drawn = {}, painting = null;
      var symbolizer = {
        before: function (ctx) {  // once per canvas tile, before its parcels
          var key = ctx.canvas.key, at = key.split(":");
          painting = drawn[key] = { x: +at[0], y: +at[1], z: +at[2], fresh: true, n: [], box: [], pid: [] };
          ctx.globalAlpha = 0.85;
          ctx.strokeStyle = "#ffffff";
          ctx.lineWidth = 0.6;
        },
        draw: function (ctx, geom, z, f) {
          var k = f.props.n - look.start, t = painting;
          if (!(k >= 0 && k < look.count)) { return; }
          if (t.fresh) {  // the tile's offset in world pixels, from the transform protomaps set
            var m = ctx.getTransform();
            t.dx = m.e / m.a + 256 * t.x;
            t.dy = m.f / m.d + 256 * t.y;
            t.fresh = false;
          }
          var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
          ctx.beginPath();
          for (var r = 0; r < geom.length; r++) {
            var ring = geom[r];
            for (var i = 0; i < ring.length; i++) {
              var px = ring[i].x, py = ring[i].y;
              if (i === 0) { ctx.moveTo(px, py); } else { ctx.lineTo(px, py); }
              if (px < x0) { x0 = px; }
              if (px > x1) { x1 = px; }
              if (py < y0) { y0 = py; }
              if (py > y1) { y1 = py; }
            }
          }
          ctx.fillStyle = fillOf(k);
          ctx.fill();
          if (t.z > THIN_ZOOM) { ctx.stroke(); }
          t.n.push(f.props.n);
          t.box.push(x0 + t.dx, y0 + t.dy, x1 + t.dx, y1 + t.dy);
          t.pid.push(f.props.parcel_id);
        }
      };
      // 256-pixel canvas tiles, each drawn from the 256-pixel data tile one zoom level up (the same
      // ground on 512 pixels, protomaps' levelDiff); below the lowest data zoom, scaled down
      var layer = protomapsL.leafletLayer({
        url: url, maxDataZoom: opts.maxNativeZoom, minNativeZoom: opts.minNativeZoom + 1,
        bounds: L.latLngBounds(opts.bounds), pane: "zm-parcels", className: "zm-parcel-tiles", attribution: "",
        paintRules: [{ dataLayer: "parcels", symbolizer: symbolizer }], labelRules: []
      });
      // the tiles' own pane (opts.zIndex): on a zone map above the sections (the overlay pane, 400)
      // and below outlines and labels (zm-over, 450), the tiles taking the pointer over their whole
      // square (zonemap.css); on the city map below the zones' outlines and symbols (390)
      layer.beforeAdd = function (map) {  // Leaflet calls it before onAdd, which needs the pane
        if (!map.getPane("zm-parcels")) { map.createPane("zm-parcels").style.zIndex = String(opts.zIndex || 420); }
      };
      layer.on("tileunload", function (e) { delete drawn[layer._tileCoordsToKey(e.coords)]; });
      // protomaps-leaflet never completes a tile of a zoom the map left before it was painted, and
      // Leaflet's "load" (all tiles in view drawn) waits for every tile it holds: only the tiles of
      // the current zoom count
      layer._noTilesToLoad = function () {
        for (var key in this._tiles) {
          if (this._tiles[key].current && !this._tiles[key].loaded) { return false; }
        }
        return true;
      };
      // the parcel under the pointer: protomaps' query of the data tile held for the tiles in view
      function parcelAt(e) {
        var map = layer._map, target = e.originalEvent && e.originalEvent.target;
        if (!map || !target || !layer.getContainer() || !layer.getContainer().contains(target)) { return null; }
        var tileZoom = Math.max(Math.round(map.getZoom()), opts.minNativeZoom + 1);
        var dataZoom = Math.min(tileZoom - 1, opts.maxNativeZoom);
        var found = layer.views.get("").tileCache.queryFeatures(e.latlng.lng, e.latlng.lat, dataZoom, 0);
        for (var i = found.length - 1; i >= 0; i--) {  // the last drawn is on top
          var props = found[i].feature.props, k = props.n - look.start;
          if (k >= 0 && k < look.count) { return props; }
        }
        return null;
      }
      var tip = L.tooltip({ sticky: true, direction: "auto" });
      function tipHtml(props) {  // the tiles of the lowest zooms carry no parcel_id (a parcel is a dot)
        var k = props.n - look.start, color = fillOf(k), label = look.labels[color] || "";
        var named = props.parcel_id === undefined ? "" : " " + esc(props.parcel_id);
        return '<div class="zm-tip-title">' + look.parcel + named + "</div>" +
          '<table class="zm-tip"><tr><th>' + look.title + "</th><td>" + label + "</td></tr></table>";
      }
      var moved = null;
      function hover() {
        var e = moved, map = layer._map;
        moved = null;
        if (!e || !map) { return; }
        var props = parcelAt(e);
        L.DomUtil[props ? "addClass" : "removeClass"](map.getContainer(), "zm-over-parcel");
        if (props) {
          tip.setContent(tipHtml(props)).setLatLng(e.latlng);
          if (!map.hasLayer(tip)) { map.openTooltip(tip); }
        } else if (map.hasLayer(tip)) {
          map.closeTooltip(tip);
        }
      }
      function onMove(e) {  // at most one query per frame
        if (!moved) { L.Util.requestAnimFrame(hover); }
        moved = e;
      }
      function onOut() {
        moved = null;
        if (layer._map && layer._map.hasLayer(tip)) { layer._map.closeTooltip(tip); }
      }
      function proxy(properties) {  // streamlit-folium sends e.layer.toGeoJSON() back to Python
        return { proxy: true, toGeoJSON: function () {
          return { type: "Feature", properties: properties, geometry: null };
        } };
      }
      function onClick(e) {
        // below the tiles' ID zoom only the parcel's position n: Python resolves it (parcel_tiles.clicked)
        var props = parcelAt(e);
        if (!props) { return; }
        layer.fire("click", { layer: proxy(props.parcel_id === undefined ? { parcel_n: props.n }
          : { parcel_id: String(props.parcel_id) }), latlng: e.latlng });
      }
      layer.selectParcel = function (parcelId, extra) {
        layer.fire("click", { layer: proxy(L.extend({ parcel_id: String(parcelId) }, extra || {})),
                              latlng: layer._map ? layer._map.getCenter() : null });
      };
      function held() {  // the canvas tiles of the current zoom that are drawn
        var out = [];
        for (var key in layer._tiles) {
          if (layer._tiles[key].current && drawn[key] && !drawn[key].fresh) { out.push(drawn[key]); }
        }
        return out;
      }
      var found = null, foundSeq = -1;
      layer.searchItems = function () {  // one entry per parcel ID, bounds from its drawn shape
        if (foundSeq === seq && found) { return found; }
        var map = layer._map, byId = {};
        found = [];
        foundSeq = seq;
        if (!map) { return found; }
        held().forEach(function (t) {
          for (var i = 0; i < t.n.length; i++) {
            var pid = t.pid[i];
            if (pid === undefined) { continue; }
            var b = t.box, sw = map.unproject(L.point(b[4 * i], b[4 * i + 3]), t.z),
              ne = map.unproject(L.point(b[4 * i + 2], b[4 * i + 1]), t.z), key = String(pid);
            if (byId[key]) { byId[key].extend(sw).extend(ne); continue; }
            byId[key] = L.latLngBounds(sw, ne);
            (function (bounds) {
              found.push({ label: key, kind: "parcel", layer: { getBounds: function () { return bounds; } } });
            })(byId[key]);
          }
        });
        return found;
      };
      var seq = 0;
      function count() {
        var map = layer._map;
        if (!map || layer.isLoading()) { return; }
        var seen = {}, n = 0, tiles = held(), corners = map.getBounds();
        for (var j = 0; j < tiles.length; j++) {
          var t = tiles[j], nw = map.project(corners.getNorthWest(), t.z), se = map.project(corners.getSouthEast(), t.z);
          // a tile wholly in view: each of its parcels is in view, no need to measure them one by one
          // (the city's fitted view: 100 000 parcels)
          var inside = nw.x <= 256 * t.x && nw.y <= 256 * t.y && se.x >= 256 * (t.x + 1) && se.y >= 256 * (t.y + 1);
          for (var i = 0; i < t.n.length; i++) {
            var id = t.n[i], b = t.box;
            if (seen[id]) { continue; }
            if (!inside && (b[4 * i + 2] < nw.x || b[4 * i] > se.x || b[4 * i + 3] < nw.y || b[4 * i + 1] > se.y)) {
              continue;
            }
            seen[id] = true;
            n += 1;
          }
        }
        var box = map.getContainer();
        seq += 1;
        box.setAttribute("data-parcels-drawn", String(n));
        box.setAttribute("data-parcels-total", String(look.count));
        box.setAttribute("data-parcels-seq", String(seq));
      }
      layer.on("load", count);
      layer.on("loading", function () {
        if (layer._map) { layer._map.getContainer().removeAttribute("data-parcels-drawn"); }
      });
      layer.on("add", function () {
        layer._map.on("moveend", count).on("mousemove", onMove).on("mouseout", onOut).on("click", onClick);
      });
      layer.on("remove", function (e) {
        if (e.target._map) {
          e.target._map.off("moveend", count).off("mousemove", onMove).off("mouseout", onOut).off("click", onClick);
        }
      });
      tiled.push(layer);
      group.addLayer(layer);
      return layer;
    },
    /* Search entries of the layers drawn so far: {label, kind, layer}; the bounds are the layer's.
     * Parcels drawn from tiles count too: those of the tiles held now (every parcel of the view). */
    searchItems: function () {
      var extra = [];
      tiled.forEach(function (layer) { extra = extra.concat(layer.searchItems ? layer.searchItems() : []); });
      return extra.length ? searchable.concat(extra) : searchable;
    },
    /* Select parcel parcelId as a click on it does (streamlit-folium sends the clicked feature back),
     * with extra properties added for this one event (the map search's enterprise hit sends its
     * credit_code); false when the parcel is not drawn. */
    select: function (parcelId, extra) {
      for (var k = 0; k < searchable.length; k++) {
        if (searchable[k].label !== String(parcelId)) { continue; }
        var l = searchable[k].layer, feature = l.feature;
        l.feature = L.extend({}, feature, { properties: L.extend({}, feature.properties, extra || {}) });
        try {
          l.fire("click", { latlng: l.getBounds().getCenter() }, true);
        } finally {
          l.feature = feature;
        }
        return true;
      }
      if (tiled.length) {  // parcels drawn from tiles: Python knows the parcel by its ID
        tiled[0].selectParcel(parcelId, extra);
        return true;
      }
      return false;
    },

    /* A legend box; html is built and escaped by dashboard/map/maps.py. */
    legend: function (map, html, position) {
      var ctl = control(position || "bottomright", "zm-legend", html);
      ctl.addTo(map);
      // a click on a heading folds the legend away (and back), to see the map under it
      var box = ctl.getContainer();
      box.querySelectorAll("h4").forEach(function (h) {
        h.setAttribute("role", "button");
        h.setAttribute("tabindex", "0");
        L.DomEvent.on(h, "click", function () { box.classList.toggle("zm-folded"); });
      });
    },
    /* The "illustrative data" badge, always visible on the map itself. */
    notice: function (map, html) {
      control("topleft", "zm-notice", html).addTo(map);
    },
    /* Tooltips above the map's controls (legend, tools): Leaflet keeps its tooltip pane inside the
     * map pane, a stacking context below the control corners, so the pane moves to the map's
     * container (z-index in zonemap.css) and follows the map pane's offset from there. */
    tipsOnTop: function (map) {
      var pane = map.getPane("tooltipPane"), mapPane = map.getPane("mapPane");
      map.getContainer().appendChild(pane);
      function follow() { L.DomUtil.setPosition(pane, L.DomUtil.getPosition(mapPane)); }
      map.on("move zoom viewreset moveend zoomend resize", follow);
      follow();
    },
    /* Say so on the map when its basemap (the tile layers added so far) cannot load (offline, or a
     * refused key): once its tiles have settled with none loaded, a notice (html, escaped by
     * dashboard/map/basemaps.py) and no attribution for tiles that are not shown; the overlays
     * stay. A tile that loads later restores both. */
    basemapWatch: function (map, html) {
      var layers = [], loaded = 0, failed = 0, notice = null;
      map.eachLayer(function (l) { if (l instanceof L.TileLayer) { layers.push(l); } });
      function attribution(add) {
        if (!map.attributionControl) { return; }
        layers.forEach(function (l) {
          var text = l.getAttribution && l.getAttribution();
          if (text) {
            if (add) { map.attributionControl.addAttribution(text); }
            else { map.attributionControl.removeAttribution(text); }
          }
        });
      }
      function check() {
        if (notice || loaded || !failed) { return; }
        notice = control("topleft", "zm-notice zm-basemap-off", html);
        notice.addTo(map);
        attribution(false);
      }
      layers.forEach(function (l) {
        l.on("tileload", function () {
          loaded += 1;
          if (notice) { notice.remove(); notice = null; attribution(true); }
        });
        l.on("tileerror", function () {
          failed += 1;
          if (failed >= 4) { check(); }
        });
        l.on("load", check);  // every tile in view settled, loaded or failed
      });
    },
    /* A non-interactive outline (the selected parcel) as SVG above everything, whatever the map's
     * renderer: a GeoJSON geometry and a path style. */
    outline: function (group, geometry, style) {
      return L.geoJSON(geometry, { style: style, interactive: false, renderer: L.svg({ padding: 0.5 }) })
        .addTo(group);
    },
    /* Show bounds at once (no zoom animation, whose end would redraw every layer again). */
    fit: function (map, bounds, options) {
      map.fitBounds(bounds, L.extend({ animate: false }, options || {}));
    },
    /* A metric-only scale bar (no miles). */
    scale: function (map) {
      L.control.scale({ imperial: false, metric: true, maxWidth: 160 }).addTo(map);
    },
    /* A pane above the default overlay pane, for outlines and labels drawn over parcels. */
    pane: function (map, name, zIndex, interactive) {
      var pane = map.createPane(name);
      pane.style.zIndex = String(zIndex);
      if (!interactive) { pane.style.pointerEvents = "none"; }
      return pane;
    },
    /* Zoom out to the whole layer again. */
    resetView: function (map, bounds, label, fitOptions) {
      var ctl = control("topleft", "leaflet-bar zm-reset",
        '<a href="#" role="button" title="' + label + '" aria-label="' + label + '">&#8962;</a>');
      ctl.addTo(map);
      var link = ctl.getContainer().querySelector("a");
      L.DomEvent.on(link, "click", function (e) {
        L.DomEvent.preventDefault(e);
        map.fitBounds(bounds, fitOptions || {});
      });
    }
  };
})();

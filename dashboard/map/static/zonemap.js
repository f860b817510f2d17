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

  /* Leaflet.VectorGrid 1.3.0's canvas tiles find the parcel under the pointer in pixels of the map's
   * zoom, which is right only when the map sits exactly at the tiles' zoom (this map zooms in
   * quarters), and call L.DomEvent.fakeStop, gone in Leaflet 1.9: both handlers are replaced by
   * ones that measure in pixels of the tile's own zoom. */
  function patchTileRenderer() {
    var proto = L.Canvas.Tile.prototype;
    if (proto._zmPatched) { return; }
    proto._zmPatched = true;
    proto._tilePoint = function (e) {
      var c = this._tileCoord;
      return this._map.project(this._map.mouseEventToLatLng(e), c.z).subtract(c.scaleBy(this._size));
    };
    proto._onClick = function (e) {
      var point = this._tilePoint(e), clicked = null;
      for (var id in this._layers) {
        var layer = this._layers[id];
        if (layer.options.interactive && layer._containsPoint(point) && !this._map._draggableMoved(layer)) {
          clicked = layer;
        }
      }
      if (clicked) { this._fireEvent([clicked], e); }
    };
    proto._onMouseMove = function (e) {
      if (!this._map || this._map.dragging.moving() || this._map._animatingZoom) { return; }
      this._handleMouseHover(e, this._tilePoint(e));
    };
  }
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
    /* The parcels as vector tiles (issue 14; dashboard/map/parceltiles.py): url is the tile set's
     * "{z}/{x}/{y}.pbf" template, whose features carry only n (their position in the data version)
     * and, from tile zoom 12 on, parcel_id; look = {start, count, fill (colours by n - start:
     * palette_column), labels (colour -> legend label, escaped), title (escaped)}: a feature outside
     * [start, start + count) is not drawn.
     * Once the tiles in view are drawn the map container carries data-parcels-drawn (distinct
     * parcels drawn in view), data-parcels-total (count) and data-parcels-seq (+1 each time). */
    tiles: function (group, url, opts, look) {
      patchTileRenderer();
      var base = { fill: true, fillOpacity: 0.85, color: "#ffffff", weight: 0.6, opacity: 1 };
      // up to tile zoom THIN_ZOOM (a parcel is 1-3 pixels wide) without the white outline, which only
      // washes the colours out there and doubles the canvas work (fill, then stroke, per parcel)
      var THIN_ZOOM = 12, thin = { fill: true, fillOpacity: 0.85, stroke: false };
      var fillOf = paletteColumn(look.fill), styles = {};
      function style(props, zoom) {
        var k = props.n - look.start;
        if (k < 0 || k >= look.count) { return []; }
        // one style object per colour and zoom band, not one per parcel (100 000 on the city map)
        var color = fillOf(k), outlined = !(zoom <= THIN_ZOOM), key = (outlined ? "o" : "t") + color;
        return styles[key] || (styles[key] = L.extend({ fillColor: color }, outlined ? base : thin));
      }
      // the tiles' own pane (opts.zIndex): on a zone map above the sections (the overlay pane, 400)
      // and below outlines and labels (zm-over, 450), as each tile is a canvas that takes the pointer
      // over its whole square; on the city map below the zones' outlines and symbols (390)
      // 512-pixel tiles, each drawn from the 256-pixel tile one zoom level up (the same ground): a
      // quarter of the requests and of the parcels cut in two by a tile edge
      var layer = L.vectorGrid.protobuf(url, {
        rendererFactory: L.canvas.tile, interactive: true, tileSize: 512, maxNativeZoom: opts.maxNativeZoom + 1,
        minNativeZoom: opts.minNativeZoom + 1, bounds: L.latLngBounds(opts.bounds), pane: "zm-parcels",
        getFeatureId: function (f) { return f.properties.n; },
        vectorTileLayerStyles: { parcels: style }
      });
      var fetchTile = layer._getVectorTilePromise;
      layer._getVectorTilePromise = function (coords) {
        return fetchTile.call(this, { x: coords.x, y: coords.y, z: coords.z - 1 });
      };
      layer.beforeAdd = function (map) {  // Leaflet calls it before onAdd, which needs the pane
        if (!map.getPane("zm-parcels")) { map.createPane("zm-parcels").style.zIndex = String(opts.zIndex || 420); }
      };
      var tip = L.tooltip({ sticky: true, direction: "auto" });
      function tipHtml(props) {  // the tiles of the lowest zooms carry no parcel_id (a parcel is a dot)
        var k = props.n - look.start, color = fillOf(k), label = look.labels[color] || "";
        var named = props.parcel_id === undefined ? "" : " " + esc(props.parcel_id);
        return '<div class="zm-tip-title">' + look.parcel + named + "</div>" +
          '<table class="zm-tip"><tr><th>' + look.title + "</th><td>" + label + "</td></tr></table>";
      }
      layer.on("mouseover", function (e) {
        var map = layer._map;
        if (!map || !e.layer || !e.layer.properties) { return; }
        tip.setContent(tipHtml(e.layer.properties)).setLatLng(e.latlng);
        map.openTooltip(tip);
      });
      layer.on("mouseout", function () { if (layer._map) { layer._map.closeTooltip(tip); } });
      layer.on("click", function (e) {
        // streamlit-folium sends e.layer.toGeoJSON() back to Python (last_active_drawing)
        // (below the tiles' ID zoom only the parcel's position n: Python resolves it, parcel_tiles.clicked)
        var props = e.layer && e.layer.properties;
        if (props && !e.layer.proxy) {
          e.layer = proxy(props.parcel_id === undefined ? { parcel_n: props.n } : { parcel_id: String(props.parcel_id) });
        }
      });
      function proxy(properties) {
        return { proxy: true, toGeoJSON: function () {
          return { type: "Feature", properties: properties, geometry: null };
        } };
      }
      layer.selectParcel = function (parcelId, extra) {
        layer.fire("click", { layer: proxy(L.extend({ parcel_id: String(parcelId) }, extra || {})),
                              latlng: layer._map ? layer._map.getCenter() : null });
      };
      var held = null, heldSeq = -1;
      layer.searchItems = function () {  // one entry per parcel ID, bounds from its drawn shape
        if (heldSeq === seq && held) { return held; }
        var map = layer._map, found = {};
        held = [];
        heldSeq = seq;
        if (!map) { return held; }
        Object.keys(layer._vectorTiles || {}).forEach(function (key) {
          var tile = layer._tiles[key], vt = layer._vectorTiles[key];
          if (!tile || !vt) { return; }
          var c = tile.coords, size = layer.getTileSize(), origin = L.point(c.x * size.x, c.y * size.y);
          for (var id in vt._features) {
            var f = vt._features[id].feature, pid = f.properties && f.properties.parcel_id;
            if (pid === undefined || !f._parts || !f._parts.length) { continue; }
            var b = f._getPixelBounds(), sw = map.unproject(L.point(b.min.x, b.max.y).add(origin), c.z),
              ne = map.unproject(L.point(b.max.x, b.min.y).add(origin), c.z);
            var key2 = String(pid);
            if (found[key2]) { found[key2].bounds.extend(sw).extend(ne); continue; }
            found[key2] = { bounds: L.latLngBounds(sw, ne) };
            (function (entry) {
              held.push({ label: key2, kind: "parcel", layer: { getBounds: function () { return entry.bounds; } } });
            })(found[key2]);
          }
        });
        return held;
      };
      var seq = 0;
      function count() {
        var map = layer._map;
        if (!map || layer.isLoading()) { return; }
        var seen = {}, n = 0, keys = Object.keys(layer._tiles);
        for (var t = 0; t < keys.length; t++) {
          var held = layer._tiles[keys[t]], vt = layer._vectorTiles[keys[t]];
          if (!held || !held.current || !vt) { continue; }
          var z = held.coords.z, size = layer.getTileSize();
          var view = L.bounds(map.project(map.getBounds().getNorthWest(), z), map.project(map.getBounds().getSouthEast(), z));
          var origin = L.point(held.coords.x * size.x, held.coords.y * size.y);
          // a tile wholly in view: each of its parcels is in view, no need to measure them one by one
          // (the city's fitted view: 100 000 parcels)
          var inside = view.contains(L.bounds(origin, origin.add(size)));
          for (var id in vt._features) {
            if (seen[id]) { continue; }
            var f = vt._features[id].feature;
            if (!inside) {
              var b = f._parts && f._parts.length ? f._getPixelBounds() : null;
              if (b && !view.intersects(L.bounds(b.min.add(origin), b.max.add(origin)))) { continue; }
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
      layer.on("add", function () { layer._map.on("moveend", count); });
      layer.on("remove", function (e) { e.target._map && e.target._map.off("moveend", count); });
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

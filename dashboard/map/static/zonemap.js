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

  var searchable = [];

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
      group.addLayer(layer);
      // the parcel IDs become entries of the map's search box (ZoneTools.search asks searchItems)
      layer.eachLayer(function (l) {
        searchable.push({ label: l.feature.properties.parcel_id, kind: "parcel", layer: l });
      });
      return layer;
    },
    /* Search entries of the layers drawn so far: {label, kind, layer}; the bounds are the layer's. */
    searchItems: function () { return searchable; },
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

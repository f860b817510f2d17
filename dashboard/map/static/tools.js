/* Map tools written for this app (Leaflet 1.9.3 core API only, nothing from a CDN): full screen,
 * mouse position, distance/area measurement and a search box. Each function takes the Leaflet map
 * first; labels arrive as a JSON object from dashboard/map/tools.py. Every piece of text is inserted
 * with textContent (never innerHTML), so names from the data cannot inject markup. */
(function () {
  "use strict";

  var SVG_NS = "http://www.w3.org/2000/svg";
  // WGS84 ellipsoid, for the local radii of curvature used by polygonAreaM2
  var WGS84_A = 6378137.0;
  var WGS84_E2 = 0.00669437999014;
  var M2_PER_KM2 = 1e6;
  var MU_PER_M2 = 15 / 10000;  // 1 亩 = 10000/15 m²

  function text(labels, key, fallback) {
    return labels && typeof labels[key] === "string" ? labels[key] : fallback;
  }

  /* An SVG icon drawn with strokes; d is a list of path strings on a 16 × 16 grid. */
  function icon(paths) {
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("width", "16");
    svg.setAttribute("height", "16");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("class", "zt-icon");
    paths.forEach(function (d) {
      var p = document.createElementNS(SVG_NS, "path");
      p.setAttribute("d", d);
      svg.appendChild(p);
    });
    return svg;
  }

  /* A Leaflet control: a leaflet-bar box holding one button (an <a>, like the zoom control's). */
  function barButton(map, position, className, title, paths, onClick) {
    var ctl = L.control({ position: position });
    var link;
    ctl.onAdd = function () {
      var box = L.DomUtil.create("div", "leaflet-bar zt-bar " + className);
      link = L.DomUtil.create("a", "zt-button", box);
      link.href = "#";
      link.setAttribute("role", "button");
      link.title = title;
      link.setAttribute("aria-label", title);
      link.appendChild(icon(paths));
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      L.DomEvent.on(link, "click", function (e) {
        L.DomEvent.preventDefault(e);
        onClick();
      });
      return box;
    };
    ctl.addTo(map);
    // keep the buttons together under the zoom control, above badges added to the same corner
    var box = ctl.getContainer(), corner = box.parentNode;
    for (var el = corner.firstChild; el; el = el.nextSibling) {
      if (el !== box && !L.DomUtil.hasClass(el, "leaflet-bar")) { corner.insertBefore(box, el); break; }
    }
    return { control: ctl, link: link, box: box };
  }

  function groupThousands(s) {
    var parts = s.split(".");
    parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return parts.join(".");
  }

  function formatLength(m) {
    if (m < 1000) { return groupThousands(m.toFixed(1)) + " m"; }
    return groupThousands((m / 1000).toFixed(3)) + " km";
  }

  function toLatLng(p) {
    if (Array.isArray(p)) { return { lat: +p[0], lng: +p[1] }; }
    return { lat: +p.lat, lng: +p.lng };
  }

  /* Area (m²) of the polygon with these vertices ([lat, lng] pairs or {lat, lng} objects).
   * The vertices are projected to a local equirectangular plane around their centroid, scaled
   * with the WGS84 ellipsoid's radii of curvature there (meridional M, prime vertical N):
   *   x = N cos φ0 (λ − λ0),  y = M (φ − φ0),  area = |shoelace(x, y)| / 2.
   * For a development zone (a few km across) the error is far below 0.1 %. */
  function polygonAreaM2(latlngs) {
    var pts = (latlngs || []).map(toLatLng);
    var n = pts.length;
    if (n < 3) { return 0; }
    var lat0 = 0, lng0 = 0, i;
    for (i = 0; i < n; i++) { lat0 += pts[i].lat; lng0 += pts[i].lng; }
    lat0 /= n;
    lng0 /= n;
    var phi = lat0 * Math.PI / 180;
    var w = 1 - WGS84_E2 * Math.sin(phi) * Math.sin(phi);
    var mRadius = WGS84_A * (1 - WGS84_E2) / Math.pow(w, 1.5);
    var nRadius = WGS84_A / Math.sqrt(w);
    var kx = nRadius * Math.cos(phi) * Math.PI / 180;
    var ky = mRadius * Math.PI / 180;
    var twice = 0;
    for (i = 0; i < n; i++) {
      var a = pts[i], b = pts[(i + 1) % n];
      var xa = (a.lng - lng0) * kx, ya = (a.lat - lat0) * ky;
      var xb = (b.lng - lng0) * kx, yb = (b.lat - lat0) * ky;
      twice += xa * yb - xb * ya;
    }
    return Math.abs(twice) / 2;
  }

  /* ---- full screen ------------------------------------------------------------------------ */
  function fullscreen(map, labels) {
    var container = map.getContainer();
    var doc = container.ownerDocument;
    var root = doc.documentElement;
    var titleOn = text(labels, "fullscreen", "Full screen");
    var titleOff = text(labels, "exit_fullscreen", "Exit full screen");
    var pseudo = false;

    function apiElement() { return doc.fullscreenElement || doc.webkitFullscreenElement || null; }
    function apiAvailable() {
      return !!(doc.fullscreenEnabled || doc.webkitFullscreenEnabled) &&
        !!(root.requestFullscreen || root.webkitRequestFullscreen);
    }
    function isOn() { return pseudo || apiElement() === root; }
    function refresh() {
      var on = isOn();
      // the map fills the (fullscreen) document, whatever height it had in the page
      L.DomUtil[on ? "addClass" : "removeClass"](container, "zt-fullscreen");
      L.DomUtil[pseudo ? "addClass" : "removeClass"](container, "zt-pseudo-fullscreen");
      btn.link.title = on ? titleOff : titleOn;
      btn.link.setAttribute("aria-label", btn.link.title);
      btn.link.setAttribute("aria-pressed", on ? "true" : "false");
      map.invalidateSize();
    }
    function setPseudo(on) { pseudo = on; refresh(); }
    function enter() {
      if (!apiAvailable()) { setPseudo(true); return; }
      try {
        var req = root.requestFullscreen ? root.requestFullscreen() : root.webkitRequestFullscreen();
        if (req && typeof req.catch === "function") { req.catch(function () { setPseudo(true); }); }
      } catch (err) {
        setPseudo(true);
      }
    }
    function exit() {
      if (pseudo) { setPseudo(false); return; }
      if (doc.exitFullscreen) { doc.exitFullscreen(); } else if (doc.webkitExitFullscreen) { doc.webkitExitFullscreen(); }
    }
    var btn = barButton(map, "topleft", "zt-fullscreen-control", titleOn,
      ["M2 6V2h4", "M10 2h4v4", "M14 10v4h-4", "M6 14H2v-4"],
      function () { if (isOn()) { exit(); } else { enter(); } });
    btn.link.setAttribute("aria-pressed", "false");
    ["fullscreenchange", "webkitfullscreenchange"].forEach(function (name) {
      doc.addEventListener(name, refresh);
    });
    doc.addEventListener("keydown", function (e) {
      if (pseudo && (e.key === "Escape" || e.key === "Esc")) { setPseudo(false); }
    });
    return btn.control;
  }

  /* ---- mouse position --------------------------------------------------------------------- */
  function formatLonLat(latlng) {
    var ll = latlng.wrap();
    var lon = Math.abs(ll.lng).toFixed(5) + "°" + (ll.lng < 0 ? "W" : "E");
    var lat = Math.abs(ll.lat).toFixed(5) + "°" + (ll.lat < 0 ? "S" : "N");
    return lon + ", " + lat;
  }

  function mousePosition(map, options) {
    var suffix = text(options, "suffix", "");
    var ctl = L.control({ position: "bottomleft" });
    ctl.onAdd = function () {
      var div = L.DomUtil.create("div", "zt-mouse-position");
      div.setAttribute("aria-live", "off");
      return div;
    };
    ctl.addTo(map);
    var div = ctl.getContainer();
    map.on("mousemove", function (e) { div.textContent = formatLonLat(e.latlng) + suffix; });
    map.on("mouseout", function () { div.textContent = ""; });
    return ctl;
  }

  /* ---- measure ---------------------------------------------------------------------------- */
  function measure(map, labels) {
    var container = map.getContainer();
    var doc = container.ownerDocument;
    var active = false;
    var points = [];
    var cursor = null;
    var layer = L.layerGroup().addTo(map);
    var style = { color: "#d9480f", weight: 2.5, opacity: 0.95, interactive: false };
    var line = L.polyline([], style).addTo(layer);
    var rubber = L.polyline([], L.extend({}, style, { dashArray: "5 5", weight: 2 })).addTo(layer);
    var area = L.polygon([], L.extend({}, style, { weight: 1, dashArray: "3 4", fillColor: "#fd7e14",
      fillOpacity: 0.18 }))
      .addTo(layer);
    var vertices = L.layerGroup().addTo(layer);
    var dblZoom = map.doubleClickZoom.enabled();

    var titleStart = text(labels, "measure", "Measure distance and area");
    var titleStop = text(labels, "measure_finish", "Finish measuring");
    var btn = barButton(map, "topleft", "zt-measure-control", titleStart,
      ["M1.5 11.5l10-10 3 3-10 10z", "M4.5 8.5l1.5 1.5", "M7 6l1.5 1.5", "M9.5 3.5l1.5 1.5"],
      function () { if (active) { finish(); } else { start(); } });
    var panel = L.DomUtil.create("div", "zt-measure-result", btn.box);
    panel.setAttribute("aria-live", "polite");
    panel.hidden = true;

    function length(pts) {
      var total = 0;
      for (var i = 1; i < pts.length; i++) { total += map.distance(pts[i - 1], pts[i]); }
      return total;
    }
    function row(label, value) {
      var div = L.DomUtil.create("div", "zt-row", panel);
      var k = L.DomUtil.create("span", "zt-key", div);
      k.textContent = label;
      var v = L.DomUtil.create("span", "zt-value", div);
      v.textContent = value;
    }
    function render() {
      var pts = cursor && active ? points.concat([cursor]) : points;
      line.setLatLngs(points);
      rubber.setLatLngs(active && cursor && points.length ? [points[points.length - 1], cursor] : []);
      area.setLatLngs(points.length >= 3 ? points : []);
      panel.textContent = "";
      panel.hidden = !active && points.length === 0;
      if (points.length === 0) {
        row("", text(labels, "measure_hint", "Click on the map to add points; double-click to finish; Esc clears."));
        return;
      }
      row(text(labels, "length", "Length"), formatLength(length(pts)));
      if (points.length >= 3) {
        var m2 = polygonAreaM2(points);
        row(text(labels, "area", "Area"), groupThousands(m2.toFixed(0)) + " m²");
        row("", groupThousands((m2 * MU_PER_M2).toFixed(2)) + " 亩");
        row("", (m2 / M2_PER_KM2).toFixed(4) + " km²");
      }
      if (active) {
        var hint = L.DomUtil.create("div", "zt-hint", panel);
        hint.textContent = text(labels, "measure_hint_short", "Double-click or press the button to finish; Esc clears.");
      }
    }
    function clear() {
      points = [];
      cursor = null;
      vertices.clearLayers();
      render();
    }
    /* The measuring state shown on the map and the button. */
    function show(on) {
      active = on;
      var toggle = on ? L.DomUtil.addClass : L.DomUtil.removeClass, title = on ? titleStop : titleStart;
      toggle(container, "zt-measuring");
      toggle(btn.link, "zt-active");
      btn.link.title = title;
      btn.link.setAttribute("aria-label", title);
      btn.link.setAttribute("aria-pressed", on ? "true" : "false");
      render();
    }
    /* While measuring, clicks belong to the tool only: every interactive layer (parcels on the
     * canvas, outlines in SVG) stops taking clicks, so none selects a parcel (which streamlit-folium
     * would send back, rerunning the page) and each lands on the map as a measuring point. The
     * container's class zt-measuring also takes pointer events off SVG paths (tools.css). */
    var muted = [];
    function mute() {
      map.eachLayer(function (l) {
        if (l.options && l.options.interactive && l !== layer && !(l instanceof L.TileLayer)) {
          l.options.interactive = false;
          muted.push(l);
        }
      });
    }
    function unmute() {
      for (var i = 0; i < muted.length; i++) { muted[i].options.interactive = true; }
      muted = [];
    }
    function start() {
      clear();
      dblZoom = map.doubleClickZoom.enabled();
      map.doubleClickZoom.disable();
      mute();
      show(true);
    }
    function finish() {
      cursor = null;
      if (dblZoom) { map.doubleClickZoom.enable(); }
      unmute();
      show(false);
    }
    map.on("click", function (e) {
      if (!active) { return; }
      var last = points[points.length - 1];
      // the two clicks of a double-click land on the same spot: keep one vertex
      if (last && map.latLngToContainerPoint(last).distanceTo(map.latLngToContainerPoint(e.latlng)) < 4) { return; }
      points.push(e.latlng);
      L.circleMarker(e.latlng, { radius: 4, color: "#d9480f", weight: 2, fillColor: "#fff", fillOpacity: 1,
        interactive: false }).addTo(vertices);
      render();
    });
    map.on("dblclick", function () { if (active) { finish(); } });
    map.on("mousemove", function (e) {
      if (!active || !points.length) { return; }
      cursor = e.latlng;
      render();
    });
    doc.addEventListener("keydown", function (e) {
      if (e.key !== "Escape" && e.key !== "Esc") { return; }
      if (active || points.length) {
        if (active) { finish(); }
        clear();
      }
    });
    btn.link.setAttribute("aria-pressed", "false");
    render();
    return btn.control;
  }

  /* ---- search ----------------------------------------------------------------------------- */
  var MAX_RESULTS = 8;

  /* Click (as the user would: streamlit-folium sends the feature back) the first interactive
   * feature of the map whose properties match every key of props, e.g. {section_id: "s1"}. */
  function clickFeature(map, props) {
    var hit = null;
    map.eachLayer(function (l) {
      if (hit || !l.feature || !l.feature.properties || l.options.interactive === false) { return; }
      var p = l.feature.properties;
      for (var k in props) {
        if (Object.prototype.hasOwnProperty.call(props, k) && String(p[k]) !== String(props[k])) { return; }
      }
      if (p.parcel_id === undefined) { hit = l; }  // a zone or section, not a parcel inside it
    });
    if (hit) {
      var centre = hit.getBounds ? hit.getBounds().getCenter() : hit.getLatLng();
      hit.fire("click", { latlng: centre }, true);
    }
    return !!hit;
  }

  function search(map, index, labels) {
    function item(it) {
      var label = String(it.label);
      return { label: label, kind: String(it.kind || ""), bounds: it.bounds, layer: it.layer,
        parcel: it.parcel, code: it.code, select: it.select, key: label.toLocaleLowerCase() };
    }
    var own = (index || []).map(item);
    var items = own, fromLayers = 0;
    // parcels drawn by ZoneMap.parcels are searchable too (their IDs are not repeated in the index)
    function refresh() {
      var extra = window.ZoneMap && window.ZoneMap.searchItems ? window.ZoneMap.searchItems() : [];
      if (extra.length !== fromLayers) {
        items = own.concat(extra.map(item));
        fromLayers = extra.length;
      }
    }
    var kinds = (labels && labels.kinds) || {};
    var flashRenderer = L.svg();  // an element of its own (class zt-flash), also on a canvas map
    var ctl = L.control({ position: "topright" });
    var input, list, matches = [], selected = -1;

    ctl.onAdd = function () {
      var box = L.DomUtil.create("div", "leaflet-bar zt-search");
      box.setAttribute("role", "search");
      var row = L.DomUtil.create("div", "zt-search-row", box);
      row.appendChild(icon(["M6.5 11a4.5 4.5 0 1 0 0-9 4.5 4.5 0 0 0 0 9z", "M10 10l4.5 4.5"]));
      input = L.DomUtil.create("input", "zt-search-input", row);
      input.type = "search";
      input.placeholder = text(labels, "search_placeholder", "Search");
      input.setAttribute("aria-label", input.placeholder);
      input.setAttribute("autocomplete", "off");
      input.setAttribute("role", "combobox");
      input.setAttribute("aria-expanded", "false");
      list = L.DomUtil.create("ul", "zt-search-results", box);
      list.setAttribute("role", "listbox");
      list.hidden = true;
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      // keys typed here must not pan the map or clear a measurement
      L.DomEvent.on(input, "keydown", onKey);
      L.DomEvent.on(input, "input", update);
      L.DomEvent.on(input, "focus", update);
      return box;
    };
    ctl.addTo(map);
    // above the layer control in the same corner
    var corner = ctl.getContainer().parentNode;
    corner.insertBefore(ctl.getContainer(), corner.firstChild);

    function find(q) {
      refresh();
      var prefix = [], inner = [];
      for (var i = 0; i < items.length && prefix.length < MAX_RESULTS; i++) {
        var at = items[i].key.indexOf(q);
        if (at === 0) { prefix.push(items[i]); } else if (at > 0) { inner.push(items[i]); }
      }
      return prefix.concat(inner).slice(0, MAX_RESULTS);
    }
    function show() {
      list.textContent = "";
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      if (!matches.length) {
        var none = L.DomUtil.create("li", "zt-none", list);
        none.textContent = text(labels, "no_results", "No match");
        return;
      }
      matches.forEach(function (it, i) {
        var li = L.DomUtil.create("li", i === selected ? "zt-result zt-selected" : "zt-result", list);
        li.setAttribute("role", "option");
        var name = L.DomUtil.create("span", "zt-result-label", li);
        name.textContent = it.label;
        var kind = L.DomUtil.create("span", "zt-result-kind", li);
        kind.textContent = typeof kinds[it.kind] === "string" ? kinds[it.kind] : it.kind;
        L.DomEvent.on(li, "mousedown", function (e) { L.DomEvent.preventDefault(e); });
        L.DomEvent.on(li, "click", function () { choose(it); });
      });
    }
    function hide() {
      list.hidden = true;
      list.textContent = "";
      input.setAttribute("aria-expanded", "false");
    }
    function update() {
      var q = input.value.trim().toLocaleLowerCase();
      if (!q) { matches = []; hide(); return; }
      matches = find(q);
      selected = matches.length ? 0 : -1;
      show();
    }
    function choose(it) {
      var b = it.layer ? it.layer.getBounds() : L.latLngBounds(it.bounds);
      map.fitBounds(b, { padding: [40, 40], maxZoom: 18 });
      var flash = L.rectangle(b, { color: "#e4007c", weight: 3, fill: false, interactive: false,
        className: "zt-flash", renderer: flashRenderer }).addTo(map);
      setTimeout(function () { map.removeLayer(flash); }, 2000);
      input.value = it.label;
      hide();
      // a hit is selected as a click on it would be: an enterprise (analysts) by its parcel, with
      // the credit code; a parcel of the drawn layer; a zone or section by its feature
      var zm = window.ZoneMap && window.ZoneMap.select ? window.ZoneMap : null;
      if (it.parcel !== undefined && zm) {
        zm.select(it.parcel, { credit_code: it.code });
      } else if (it.kind === "parcel" && it.layer && zm) {
        zm.select(it.label);
      } else if (it.select) {
        clickFeature(map, it.select);
      }
    }
    function onKey(e) {
      L.DomEvent.stopPropagation(e);
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        L.DomEvent.preventDefault(e);
        if (!matches.length) { return; }
        var step = e.key === "ArrowDown" ? 1 : -1;
        selected = (selected + step + matches.length) % matches.length;
        show();
      } else if (e.key === "Enter") {
        L.DomEvent.preventDefault(e);
        if (selected >= 0 && matches[selected]) { choose(matches[selected]); }
      } else if (e.key === "Escape" || e.key === "Esc") {
        input.value = "";
        matches = [];
        hide();
      }
    }
    // close the list when the box loses focus (a click on a result keeps the focus: see mousedown)
    L.DomEvent.on(input, "blur", function () {
      setTimeout(function () { if (input.ownerDocument.activeElement !== input) { hide(); } }, 150);
    });
    return ctl;
  }

  window.ZoneTools = {
    fullscreen: fullscreen,
    mousePosition: mousePosition,
    measure: measure,
    search: search,
    polygonAreaM2: polygonAreaM2,
    formatLonLat: formatLonLat
  };
})();

/* The land-efficiency map's own controls. Loaded from the app (never a CDN) before the map
 * script; every function takes the Leaflet map. Text arrives already HTML-escaped from Python
 * (dashboard/maps.py), so innerHTML here only ever receives the app's own markup. */
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

  window.ZoneMap = {
    /* A legend box; html is built and escaped by dashboard/maps.py. */
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

/* Map layers of the e-library, on Leaflet maps that folium builds on the server.
 *
 * HeritageMaps.records: record markers from /api/records.geojson. The page carries no
 * marker: the layer asks for what its view needs (zoom and view). A small result comes
 * whole, as markers, once; a larger one comes per view, as markers when zoomed in and
 * as server-made clusters (count, click zooms in) when zoomed out.
 * HeritageMaps.externalRecords: records harvested from other institutions, a layer
 * of their own, each marker naming its source and linking to the original.
 * HeritageMaps.choropleth: areas shaded by their number of records, outlines fetched
 * per zoom band. HeritageMaps.areaOutline: an area's boundary, finer as the map zooms
 * in. HeritageMaps.drawBox: the rectangle tool of search by map.
 * HeritageMaps.gestures: every map lets the page scroll through it (see below).
 * HeritageMaps.baseMap: what lies beneath: online tiles, the site's own PMTiles base
 * map, or, when there are no tiles, the province and district outlines.
 *
 * Everything taken from data is written with textContent, never as HTML.
 */
(function () {
  "use strict";

  var MAX_ZOOM = 18;
  var LABEL_ZOOM = 7;  // the outlines base names its provinces from this zoom on
  // The site's pages in English live under /en/ (docs/english.md): links and cards a map
  // builds stay in the language of the page it is on.
  var LANGUAGE_PREFIX = document.documentElement.lang === "en" ? "/en" : "";

  function withQuery(url, pairs) {
    var query = pairs.map(function (pair) {
      return encodeURIComponent(pair[0]) + "=" + encodeURIComponent(pair[1]);
    }).join("&");
    if (!query) return url;
    return url + (url.indexOf("?") === -1 ? "?" : (/[?&]$/.test(url) ? "" : "&")) + query;
  }

  function viewOf(map) {
    // The view padded by a fifth, inside the world: small moves need no new request.
    var bounds = map.getBounds().pad(0.2);
    var clamp = function (value, low, high) { return Math.max(low, Math.min(high, value)); };
    return [
      clamp(bounds.getWest(), -180, 180), clamp(bounds.getSouth(), -85, 85),
      clamp(bounds.getEast(), -180, 180), clamp(bounds.getNorth(), -85, 85)
    ].map(function (value) { return value.toFixed(4); });
  }

  function contains(outer, inner) {
    return outer && +outer[0] <= +inner[0] && +outer[1] <= +inner[1] && +outer[2] >= +inner[2] && +outer[3] >= +inner[3];
  }

  function getJSON(url) {
    return fetch(url, {credentials: "same-origin"}).then(function (response) {
      if (!response.ok) throw new Error(url + " answered " + response.status);
      return response.json();
    });
  }

  function records(map, options) {
    var labels = options.labels || {}, groupLabels = options.groupLabels || {};
    var markers = L.markerClusterGroup({showCoverageOnHover: false}).addTo(map);
    var clusters = L.layerGroup().addTo(map);
    var hiddenTypes = {}, hiddenGroups = {};
    var whole = null;  // every marker of a small result, filtered here
    var loaded = null;  // {zoom, view, kind} of what is drawn
    var asked = 0, legendDrawn = false;
    var root = document.documentElement;

    function cardFor(feature) {
      var box = document.createElement("div");
      box.className = "map-popup";
      var kind = document.createElement("div");
      kind.className = "map-popup-type";
      kind.textContent = labels[feature.properties.k] || feature.properties.k;
      var link = document.createElement("a");
      link.href = LANGUAGE_PREFIX + "/r/" + feature.id + "/";
      link.textContent = feature.properties.t;
      box.appendChild(kind);
      box.appendChild(link);
      return box;
    }

    function fillCard(box, id) {
      getJSON(LANGUAGE_PREFIX + "/api/records/" + id + "/card")
        .then(function (card) {
          if (card.place) {
            var place = document.createElement("div");
            place.className = "map-popup-place";
            place.textContent = card.place;
            box.appendChild(place);
          }
          if (card.thumbnail) {
            var image = document.createElement("img");
            image.src = card.thumbnail.url;
            image.alt = card.thumbnail.alt;
            image.width = card.thumbnail.width;
            image.height = card.thumbnail.height;
            box.insertBefore(image, box.firstChild);
          }
        })
        .catch(function () { /* the title and link are already there */ });
    }

    function markerFor(feature) {
      var latlng = L.latLng(feature.geometry.coordinates[1], feature.geometry.coordinates[0]);
      // Named markers: screen readers and keyboard users know which record is which.
      var marker = L.marker(latlng, {title: feature.properties.t, alt: feature.properties.t});
      marker.feature = feature;
      var box = cardFor(feature);
      marker.bindPopup(box);
      marker.once("popupopen", function () { fillCard(box, feature.id); });
      return marker;
    }

    function clusterFor(feature) {
      var count = feature.properties.n, b = feature.properties.b;
      var size = count < 100 ? "small" : count < 1000 ? "medium" : "large";
      var html = document.createElement("div");
      var number = document.createElement("span");
      number.textContent = count.toLocaleString(document.documentElement.lang || undefined);
      html.appendChild(number);
      var title = (options.clusterTitle || "{count}").replace("{count}", count);
      var cluster = L.marker(
        L.latLng(feature.geometry.coordinates[1], feature.geometry.coordinates[0]),
        {
          icon: L.divIcon({html: html, className: "marker-cluster marker-cluster-" + size + " map-server-cluster",
                           iconSize: L.point(40, 40)}),
          title: title, alt: title, keyboard: true
        }
      );
      cluster.on("click", function () {
        // Zoom to the records of the cluster, at least one level deeper.
        var bounds = L.latLngBounds([b[1], b[0]], [b[3], b[2]]);
        var zoom = Math.max(map.getZoom() + 1, Math.min(map.getBoundsZoom(bounds), map.getMaxZoom() || MAX_ZOOM));
        map.setView(bounds.getCenter(), Math.min(zoom, map.getMaxZoom() || MAX_ZOOM));
      });
      return cluster;
    }

    function shownHere(feature) {
      var p = feature.properties;
      var groupShown = !p.g.length || p.g.some(function (slug) { return !hiddenGroups[slug]; });
      return !hiddenTypes[p.k] && groupShown;
    }

    function drawWhole() {
      markers.clearLayers();
      markers.addLayers(whole.filter(function (marker) { return shownHere(marker.feature); }));
    }

    function drawLegend(legend) {
      // The layer control doubles as the legend: record types, then ethnic groups, with
      // the counts of the whole result.
      var overlays = {};
      function toggle(hidden, key) {
        var layer = L.layerGroup();
        layer.on("add", function () { if (hidden[key]) { delete hidden[key]; changed(); } });
        layer.on("remove", function () { if (!hidden[key]) { hidden[key] = true; changed(); } });
        return layer.addTo(map);
      }
      Object.keys(legend.types).sort().forEach(function (type) {
        overlays[(labels[type] || type) + " (" + legend.types[type] + ")"] = toggle(hiddenTypes, type);
      });
      Object.keys(legend.groups).sort().forEach(function (slug) {
        var label = document.createElement("span");
        label.className = "map-legend-group";
        label.textContent = groupLabels[slug] || slug;  // the layer control takes HTML
        overlays[label.outerHTML + " (" + legend.groups[slug] + ")"] = toggle(hiddenGroups, slug);
      });
      if (Object.keys(overlays).length) {
        L.control.layers(null, overlays, {collapsed: Object.keys(overlays).length > 8}).addTo(map);
      }
    }

    function changed() {
      if (whole) drawWhole();
      else { loaded = null; load(); }
    }

    function draw(data) {
      root.dataset.mapRecords = data.total;
      root.dataset.mapLayer = data.kind;
      if (!legendDrawn) { legendDrawn = true; drawLegend(data.legend); }
      if (data.kind === "all") {
        whole = data.features.map(markerFor);
        clusters.clearLayers();
        drawWhole();
        return;
      }
      var found = [], grouped = [];
      data.features.forEach(function (feature) {
        (feature.properties.n ? grouped : found).push(feature);
      });
      clusters.clearLayers();
      markers.clearLayers();
      grouped.forEach(function (feature) { clusters.addLayer(clusterFor(feature)); });
      markers.addLayers(found.map(markerFor));
      root.dataset.mapClusters = grouped.length;
      root.dataset.mapMarkers = found.length;
      loaded = {zoom: data.zoom, view: data.view, kind: data.kind};
    }

    function load() {
      var zoom = Math.round(map.getZoom()), view = viewOf(map);
      var pairs = [["zoom", zoom], ["view", view.join(",")]];
      Object.keys(hiddenTypes).forEach(function (type) { pairs.push(["hide_type", type]); });
      Object.keys(hiddenGroups).forEach(function (slug) { pairs.push(["hide_group", slug]); });
      var number = ++asked;
      root.dataset.mapLoading = "1";
      getJSON(withQuery(options.url, pairs))
        .then(function (data) {
          if (number !== asked) return;  // a later view was asked for meanwhile
          draw(data);
          delete root.dataset.mapLoading;
        })
        .catch(function (error) {
          root.dataset.mapRecords = "error";
          delete root.dataset.mapLoading;
          if (window.console) console.error("records layer:", error);
        });
    }

    map.on("moveend", function () {
      if (whole || !legendDrawn) return;  // a small result is all here; the first answer is on its way
      var zoom = Math.round(map.getZoom());
      // Markers stay right deeper in, as long as the view stays inside what was sent.
      if (loaded && loaded.kind === "markers" && zoom >= loaded.zoom && contains(loaded.view, viewOf(map))) return;
      if (loaded && loaded.kind === "clusters" && zoom === loaded.zoom && contains(loaded.view, viewOf(map))) return;
      load();
    });
    load();
  }

  function choropleth(map, options) {
    var colours = options.colours;
    var bands = options.bands;
    var layer = L.geoJSON(null, {
      style: function () { return {fillColor: colours[0], color: "#6b2013", weight: 1, fillOpacity: 0.45}; }
    }).addTo(map);

    function shade(count, highest) {
      var index = Math.min(colours.length - 1, Math.floor((count * colours.length - 1) / Math.max(1, highest)));
      return colours[Math.max(0, index)];
    }

    function draw(data) {
      layer.clearLayers();
      layer.addData(data);
      layer.eachLayer(function (area) {
        var p = area.feature.properties;
        area.setStyle({fillColor: shade(p.records, data.highest)});
        var tip = document.createElement("span");
        tip.textContent = p.name + " · " + p.records;
        area.bindTooltip(tip.outerHTML, {sticky: true});
        var box = document.createElement("div");
        var name = document.createElement("strong");
        name.textContent = p.name;
        var link = document.createElement("a");
        link.href = LANGUAGE_PREFIX + p.url;
        link.textContent = options.linkLabel;
        box.appendChild(name);
        box.appendChild(document.createElement("br"));
        box.appendChild(link);
        area.bindPopup(box);
      });
      layer.bringToBack();
      document.documentElement.dataset.mapAreas = data.features.length;
    }

    areasByZoomBand(map, options.url, bands, draw, "areas layer");
  }

  function areasByZoomBand(map, url, bands, draw, what) {
    // Areas asked per zoom band of their stored outlines and, beyond the first band, per
    // view; an answer that comes after a newer question is dropped.
    var loaded = null, asked = 0;

    function bandOf(zoom) {
      for (var i = 0; i < bands.length; i++) if (bands[i] >= zoom) return bands[i];
      return MAX_ZOOM;
    }

    function load() {
      var band = bandOf(Math.round(map.getZoom()));
      // The first band covers the whole country in one answer that every visitor shares.
      var view = band > bands[0] ? viewOf(map) : null;
      if (loaded && loaded.band === band && (!view || contains(loaded.view, view))) return;
      var pairs = [["zoom", band]];
      if (view) pairs.push(["view", view.join(",")]);
      var number = ++asked;
      getJSON(withQuery(url, pairs))
        .then(function (data) {
          if (number !== asked) return;
          loaded = {band: band, view: view};
          draw(data);
        })
        .catch(function (error) { if (window.console) console.error(what + ":", error); });
    }

    map.on("moveend", load);
    load();
  }

  function areaOutline(map, options) {
    var style = {color: "#8a2d1c", weight: 2, fillOpacity: 0.08};
    var outline = L.geoJSON(options.geometry, {style: style}).addTo(map);
    var label = document.createElement("span");
    label.textContent = options.name;
    outline.bindTooltip(label.outerHTML, {sticky: true});
    var shownZoom = options.baseZoom;
    if (!options.detailUrl) return;
    map.on("zoomend", function () {
      // Coarse steps: one finer boundary per two zoom levels is plenty.
      var wanted = Math.min(MAX_ZOOM, map.getZoom() - map.getZoom() % 2);
      if (wanted <= shownZoom) return;
      shownZoom = wanted;
      getJSON(withQuery(options.detailUrl, [["zoom", wanted]]))
        .then(function (feature) {
          outline.clearLayers();
          outline.addData(feature.geometry);
          document.documentElement.dataset.areaZoom = wanted;
        })
        .catch(function () { /* the light boundary stays */ });
    });
  }

  function externalRecords(map, options) {
    // Other institutions' records: blue circles of their own layer, each popup saying
    // whose record it is, linking to our page about it and to the original.
    var layer = L.featureGroup();
    var truncated = false, asked = 0, control = null;
    var root = document.documentElement;

    function popupFor(feature) {
      var p = feature.properties;
      var box = document.createElement("div");
      box.className = "map-popup map-popup--external";
      var source = document.createElement("div");
      source.className = "map-popup-source";
      source.textContent = options.sourceLabel + ": " + p.s;
      var title = document.createElement("a");
      title.href = p.u;
      title.textContent = p.t;
      box.appendChild(source);
      box.appendChild(title);
      if (p.o && /^https?:\/\//.test(p.o)) {
        var original = document.createElement("a");
        original.href = p.o;
        original.rel = "external nofollow noopener";
        original.target = "_blank";
        original.className = "map-popup-original";
        original.textContent = options.originalLabel;
        box.appendChild(document.createElement("br"));
        box.appendChild(original);
      }
      return box;
    }

    function draw(data) {
      layer.clearLayers();
      data.features.forEach(function (feature) {
        var c = feature.geometry.coordinates;
        var marker = L.circleMarker(L.latLng(c[1], c[0]), {
          radius: 7, color: "#1f4e79", weight: 2, fillColor: "#4a90c8", fillOpacity: 0.85,
          className: "map-external-record"
        });
        marker.feature = feature;
        marker.bindTooltip(document.createTextNode(feature.properties.t + " · " + feature.properties.s));
        marker.bindPopup(popupFor(feature));
        layer.addLayer(marker);
      });
      truncated = data.truncated;
      root.dataset.mapExternal = data.features.length;
      if (!control && data.features.length) {
        var overlays = {};
        var label = document.createElement("span");
        label.className = "map-legend-external";
        label.textContent = options.name;  // the layer control takes HTML
        overlays[label.outerHTML] = layer;
        control = L.control.layers(null, overlays, {collapsed: false}).addTo(map);
        if (options.shown) layer.addTo(map);
      }
    }

    function load(view) {
      var number = ++asked;
      getJSON(view ? withQuery(options.url, [["view", view.join(",")]]) : options.url)
        .then(function (data) { if (number === asked) draw(data); })
        .catch(function (error) { if (window.console) console.error("external records layer:", error); });
    }

    // More than one answer holds: ask again for each view.
    map.on("moveend", function () { if (truncated) load(viewOf(map)); });
    load(null);
  }

  function drawBox(map, options) {
    var drawn = new L.FeatureGroup().addTo(map);
    map.addControl(new L.Control.Draw({
      draw: {rectangle: {shapeOptions: {color: "#8a2d1c"}}, polygon: false, polyline: false,
             circle: false, marker: false, circlemarker: false},
      edit: false
    }));
    var form = document.getElementById(options.formId);
    function submitBounds(bounds) {
      if (!form) return;
      form.elements.bbox.value = [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()]
        .map(function (n) { return n.toFixed(4); }).join(",");
      form.submit();
    }
    map.on(L.Draw.Event.CREATED, function (event) {
      drawn.clearLayers(); drawn.addLayer(event.layer); submitBounds(event.layer.getBounds());
    });
    var viewButton = document.getElementById(options.viewButtonId);
    if (viewButton) {
      viewButton.hidden = false;
      viewButton.addEventListener("click", function () { submitBounds(map.getBounds()); });
    }
    window.heritageMap = map;
  }


  function areaOutlinesBase(map, options) {
    // Land, borders and names from the imported areas, beneath every other layer: the
    // base of a map without tiles. Not interactive: the layers above take the clicks.
    var root = document.documentElement;
    var container = map.getContainer();
    var pane = map.getPane("heritageBase") || map.createPane("heritageBase");
    pane.style.zIndex = 250;  // above tiles (200), below overlays (400)
    pane.style.pointerEvents = "none";
    var labelPane = map.getPane("heritageBaseLabels") || map.createPane("heritageBaseLabels");
    labelPane.style.zIndex = 260;
    labelPane.style.pointerEvents = "none";
    L.DomUtil.addClass(container, "map-base-outlines");
    var shapes = L.geoJSON(null, {
      pane: "heritageBase", interactive: false,
      style: function (feature) {
        return feature.properties.level === "province"
          ? {color: "#8c7f6d", weight: 1.4, fillColor: "#f4efe4", fillOpacity: 1}
          : {color: "#b3a893", weight: 0.7, dashArray: "3 3", fill: false};
      }
    }).addTo(map);
    var labels = L.layerGroup().addTo(map);

    function draw(data) {
      shapes.clearLayers();
      labels.clearLayers();
      shapes.addData(data);
      data.features.forEach(function (feature) {
        var at = feature.properties.at;
        if (!at) return;
        var name = document.createElement("span");
        name.textContent = feature.properties.name;
        labels.addLayer(L.marker(L.latLng(at[1], at[0]), {
          pane: "heritageBaseLabels", interactive: false, keyboard: false,
          icon: L.divIcon({className: "map-base-label", html: name, iconSize: null})
        }));
      });
      root.dataset.mapBaseAreas = data.features.length;
    }

    function nameWhenRoomy() {
      // A country view has no room for 63 names; they come from zoom 7 on.
      labelPane.style.display = map.getZoom() < LABEL_ZOOM ? "none" : "";
    }

    map.on("zoomend", nameWhenRoomy);
    nameWhenRoomy();
    areasByZoomBand(map, options.outlinesUrl, options.bands, draw, "outlines base");
  }

  function baseMap(map, options) {
    // Beneath the layers: the online tiles folium placed (watched: when none can be
    // loaded the map falls back to the area outlines), the site's own PMTiles file
    // (raster through pmtiles.js, vector through protomaps-leaflet), or the outlines.
    var root = document.documentElement;
    var outlinesDrawn = false;

    function fallBack(tiles) {
      if (outlinesDrawn) return;
      outlinesDrawn = true;
      if (tiles) map.removeLayer(tiles);
      root.dataset.mapBase = "outlines";
      areaOutlinesBase(map, options);
    }

    function watch(tiles) {
      var loaded = 0, failed = 0;
      tiles.on("tileload", function () { loaded++; root.dataset.mapTilesLoaded = loaded; });
      tiles.on("tileerror", function () {
        failed++;
        // Nothing came from the tile server, or it stopped answering: draw the outlines.
        if (!loaded || (failed >= 8 && failed > loaded)) fallBack(tiles);
      });
    }

    if (options.mode === "online") {
      root.dataset.mapBase = "online";
      map.eachLayer(function (layer) { if (layer instanceof L.TileLayer) watch(layer); });
      return;
    }
    if (options.mode === "raster" || options.mode === "vector") {
      var bounds = options.bounds;
      var tiles;
      if (options.mode === "raster") {
        var source = new pmtiles.PMTiles(options.url);
        tiles = pmtiles.leafletRasterLayer(source, {
          minNativeZoom: options.minZoom, maxNativeZoom: options.maxZoom, maxZoom: MAX_ZOOM,
          bounds: L.latLngBounds([bounds[1], bounds[0]], [bounds[3], bounds[2]]),
          attribution: options.attribution || ""
        });
        source.getHeader().catch(function () { fallBack(tiles); });
      } else {
        var settings = {url: options.url, flavor: "light", lang: options.lang, maxDataZoom: options.maxZoom};
        if (options.attribution) settings.attribution = options.attribution;
        tiles = protomapsL.leafletLayer(settings);
      }
      tiles.addTo(map);
      watch(tiles);
      root.dataset.mapBase = options.mode === "raster" ? "basemap-raster" : "basemap-vector";
      return;
    }
    fallBack(null);
  }

  function gestures(map, options) {
    // A map must never trap the page. On a touch screen one finger scrolls the page and
    // two fingers move and zoom the map (Leaflet's pinch handler also pans); the wheel
    // scrolls the page until the map is clicked, or zooms with Ctrl/⌘ held. A short hint
    // over the map says how, when a gesture was let through to the page.
    var container = map.getContainer();
    var hint = L.DomUtil.create("div", "map-gesture-hint", container);
    hint.setAttribute("aria-hidden", "true");
    var hideTimer = null, active = false;
    var apple = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

    function show(text) {
      hint.textContent = text;
      L.DomUtil.addClass(container, "map-gesture-hint--shown");
      clearTimeout(hideTimer);
      hideTimer = setTimeout(function () { L.DomUtil.removeClass(container, "map-gesture-hint--shown"); }, 1500);
    }

    function touchFirst() {
      return window.matchMedia && (matchMedia("(pointer: coarse)").matches || matchMedia("(hover: none)").matches);
    }

    // Without its drag handler Leaflet drops `touch-action: none`, so the browser pans
    // the page under one finger; the pinch handler keeps two-finger moves on the map.
    // Only dragging this guard turned off is turned back on: a drawing tool (leaflet-draw)
    // turns it off too while the visitor draws, and must keep it off.
    var draggingOffByGuard = false;
    if (touchFirst()) {
      map.dragging.disable();
      draggingOffByGuard = true;
    }
    container.dataset.mapGestures = "guarded";

    container.addEventListener("pointerdown", function (event) {
      if (event.pointerType !== "mouse") return;
      active = true;  // a click hands the wheel to the map, until the pointer leaves it
      if (draggingOffByGuard) {
        map.dragging.enable();
        draggingOffByGuard = false;
      }
    }, true);
    container.addEventListener("touchstart", function (event) {
      if (event.touches.length === 1) {
        // A touch screen that reports a fine pointer: from now on one finger is the page's.
        if (map.dragging.enabled()) {
          map.dragging.disable();
          draggingOffByGuard = true;
        }
        show(options.touchHint);
      } else {
        L.DomUtil.removeClass(container, "map-gesture-hint--shown");
      }
    }, {capture: true, passive: true});

    container.addEventListener("mouseleave", function () { active = false; });
    container.addEventListener("wheel", function (event) {
      if (active || event.ctrlKey || event.metaKey) return;
      // Leaflet's wheel handler never sees it; the page scrolls as usual.
      event.stopImmediatePropagation();
      show(apple ? options.wheelHintApple : options.wheelHint);
    }, {capture: true, passive: true});
  }

  window.HeritageMaps = {
    records: records, choropleth: choropleth, areaOutline: areaOutline, drawBox: drawBox,
    externalRecords: externalRecords, gestures: gestures, baseMap: baseMap
  };
})();

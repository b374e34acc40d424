/* Maps that load when the visitor asks for them ({% records_map ... on_demand=True %}).
 *
 * A record page's locator map is not worth Leaflet's 150 KB to a visitor on a phone who
 * came to read: the page carries the map's parts in <template> elements (inert: nothing
 * in them is fetched or run) and a "Show on the map" button in a frame of the map's own
 * size, so nothing moves when it opens. On a press this loader adds the map's styles,
 * fetches its scripts in order (each once per page), then puts the map in the frame and
 * runs folium's script, cloned with the nonce the server gave it (the Content Security
 * Policy allows no other inline script). With on_demand="visible" the map opens by itself
 * when it nears the screen: its scripts never hold up the first paint.
 */
(function () {
  "use strict";

  var scripts = {}; // URL → Promise, so two maps on a page fetch Leaflet once

  function loadScript(src) {
    if (!scripts[src]) {
      scripts[src] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = src;
        script.onload = resolve;
        script.onerror = function () {
          delete scripts[src]; // a later press tries again
          reject(new Error(src));
        };
        document.head.appendChild(script);
      });
    }
    return scripts[src];
  }

  function loadStyle(link) {
    if (document.querySelector('link[rel="stylesheet"][href="' + link.getAttribute("href") + '"]')) {
      return Promise.resolve();
    }
    return new Promise(function (resolve) {
      var copy = document.importNode(link, true);
      copy.onload = copy.onerror = resolve;
      document.head.appendChild(copy);
    });
  }

  function open(container, button) {
    var head = container.querySelector("template[data-map-head]").content;
    var styles = [];
    var sources = [];
    Array.prototype.forEach.call(head.children, function (element) {
      if (element.tagName === "SCRIPT" && element.src) sources.push(element.src);
      else if (element.tagName === "LINK") styles.push(loadStyle(element));
      else if (element.tagName === "STYLE") document.head.appendChild(document.importNode(element, true));
    });
    var scriptsLoaded = sources.reduce(function (previous, src) {
      return previous.then(function () { return loadScript(src); });
    }, Promise.resolve());
    button.disabled = true;
    container.dataset.mapState = "loading";
    Promise.all([scriptsLoaded].concat(styles)).then(
      function () {
        var frame = container.querySelector(".map-frame");
        frame.replaceChildren(document.importNode(container.querySelector("template[data-map-body]").content, true));
        container.appendChild(document.importNode(container.querySelector("template[data-map-script]").content, true));
        container.dataset.mapState = "open";
        // The button is gone: a keyboard user who pressed it goes on in the map (Leaflet's
        // container takes the arrow and +/− keys), not back at the top of the page.
        var map = frame.querySelector(".leaflet-container");
        if (map && document.activeElement === document.body) map.focus({ preventScroll: true });
      },
      function () {
        button.disabled = false;
        container.dataset.mapState = "failed";
      }
    );
  }

  // data-map-on-demand="visible": the map opens by itself when its frame comes near the
  // screen (a page whose map is part of what it shows, below the first screen on a phone).
  var nearScreen = "IntersectionObserver" in window && new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting) return;
      nearScreen.unobserve(entry.target);
      var button = entry.target.querySelector("[data-map-open]");
      if (!button.disabled) open(entry.target, button);
    });
  }, { rootMargin: "200px 0px" });

  document.querySelectorAll("[data-map-on-demand]").forEach(function (container) {
    if (container.dataset.mapState) return; // a second copy of this script on the page
    container.dataset.mapState = "closed";
    var button = container.querySelector("[data-map-open]");
    button.hidden = false;
    button.addEventListener("click", function () { open(container, button); });
    if (container.dataset.mapOnDemand === "visible" && nearScreen) nearScreen.observe(container);
  });
})();

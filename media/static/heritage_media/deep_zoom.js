/* The deep-zoom viewer of a record's images (heritage_media/deep_zoom.html).
 *
 * The page carries only this loader: each image's "Zoom" button (printed hidden by
 * {% deep_zoom_button %}) is shown once it has run, and OpenSeadragon, the heavy part,
 * is fetched from the site's own static files the first time a visitor opens an image.
 * The viewer reads the image's IIIF Image API info.json and asks /iiif/3/ for the
 * tiles it needs; those endpoints check access on every request.
 *
 * The dialog is a modal <dialog>: the rest of the page is inert while it is open, Tab
 * stays inside it, Escape closes it and focus goes back to the button that opened it.
 * Nothing runs from strings (the Content Security Policy forbids eval and inline code).
 */
(function () {
  "use strict";

  var dialog = document.getElementById("deep-zoom");
  if (!dialog || typeof dialog.showModal !== "function") return;

  var viewerElement = document.getElementById("deep-zoom-viewer");
  var title = document.getElementById("deep-zoom-title");
  var status = dialog.querySelector(".deep-zoom-status");
  var closeButton = dialog.querySelector("[data-deep-zoom-close]");
  var viewerScript = null; // a Promise of window.OpenSeadragon, once asked for
  var viewer = null;
  var opener = null;

  function loadOpenSeadragon() {
    if (!viewerScript) {
      viewerScript = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = dialog.dataset.viewerScript;
        script.async = true;
        script.onload = function () {
          if (window.OpenSeadragon) resolve(window.OpenSeadragon);
          else reject(new Error("OpenSeadragon did not load"));
        };
        script.onerror = function () {
          viewerScript = null; // a later click tries again
          reject(new Error("OpenSeadragon could not be fetched"));
        };
        document.head.appendChild(script);
      });
    }
    return viewerScript;
  }

  function setState(state, message) {
    dialog.dataset.state = state;
    status.textContent = message || "";
  }

  function show(infoUrl) {
    setState("loading", dialog.dataset.loading);
    loadOpenSeadragon().then(function (OpenSeadragon) {
      if (!dialog.open) return;
      if (!viewer) {
        viewer = OpenSeadragon({
          element: viewerElement,
          prefixUrl: dialog.dataset.viewerImages,
          showNavigator: false,
          showRotationControl: false,
          showFullPageControl: false,
          visibilityRatio: 1,
          gestureSettingsTouch: { pinchToZoom: true, flickEnabled: true },
        });
        viewer.addHandler("open", function () { setState("ready", ""); });
        viewer.addHandler("open-failed", function () { setState("failed", dialog.dataset.failed); });
      }
      viewer.open(infoUrl);
    }, function () {
      setState("failed", dialog.dataset.failed);
    });
  }

  function open(button) {
    opener = button;
    title.textContent = button.dataset.deepZoomTitle || "";
    document.documentElement.classList.add("deep-zoom-is-open");
    dialog.showModal();
    closeButton.focus();
    show(button.dataset.deepZoom);
  }

  function focusableIn(element) {
    return Array.prototype.filter.call(
      element.querySelectorAll("button, [href], [tabindex]:not([tabindex='-1'])"),
      function (candidate) { return !candidate.disabled && candidate.offsetParent !== null; }
    );
  }

  dialog.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      // OpenSeadragon handles keys on its canvas; Escape always closes the viewer.
      event.preventDefault();
      dialog.close();
    } else if (event.key === "Tab") {
      var focusable = focusableIn(dialog);
      if (!focusable.length) return;
      var first = focusable[0];
      var last = focusable[focusable.length - 1];
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    }
  }, true);

  dialog.addEventListener("close", function () {
    document.documentElement.classList.remove("deep-zoom-is-open");
    if (viewer) viewer.close();
    setState("closed", "");
    if (opener) opener.focus();
  });

  closeButton.addEventListener("click", function () { dialog.close(); });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-deep-zoom]");
    if (button) open(button);
  });

  Array.prototype.forEach.call(document.querySelectorAll("[data-deep-zoom]"), function (button) {
    button.hidden = false;
  });
})();

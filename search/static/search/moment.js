// A link from a search result to a moment of a recording: the record page's address
// ends in "#media-<id>&t=<seconds>". The recording with that id (its <audio> or <video>
// carries data-media-id) is loaded, set to that second as soon as the browser can seek
// there (at once when the server answers byte ranges, else once that part is buffered)
// and brought into view; the visitor presses play (browsers do not start sound alone).
(function () {
  "use strict";

  function covers(ranges, second) {
    for (var index = 0; index < ranges.length; index += 1) {
      if (ranges.start(index) <= second && second <= ranges.end(index)) {
        return true;
      }
    }
    return false;
  }

  function moment() {
    var match = /^#media-(\d+)&t=(\d+(?:\.\d+)?)$/.exec(window.location.hash);
    if (!match) {
      return;
    }
    var player = document.querySelector('[data-media-id="' + match[1] + '"]');
    if (!player) {
      return;
    }
    var start = parseFloat(match[2]);
    var events = ["loadedmetadata", "progress", "canplay", "canplaythrough"];
    var seek = function () {
      if (covers(player.seekable, start) || covers(player.buffered, start)) {
        player.currentTime = start;
        events.forEach(function (name) {
          player.removeEventListener(name, seek);
        });
      }
    };
    player.dataset.momentStart = String(start);
    events.forEach(function (name) {
      player.addEventListener(name, seek);
    });
    if (player.readyState >= 1) {
      seek();
    }
    if (player.preload !== "auto") {
      player.preload = "auto";
      player.load();
    }
    (player.closest("figure") || player).scrollIntoView({ block: "center" });
    player.focus({ preventScroll: true });
  }

  window.addEventListener("hashchange", moment);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", moment);
  } else {
    moment();
  }
})();

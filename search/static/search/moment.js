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
    // Fetch the recording if the page has not yet: load() only when nothing is loaded,
    // since a reload would answer from a half-filled cache and put it back at 0.
    if (player.preload !== "auto") {
      player.preload = "auto";
      if (player.readyState === 0) {
        player.load();
      }
    }
    player.dataset.momentStart = String(start);
    var seek = function () {
      // Only while the visitor has not pressed play, and only where the browser can seek.
      if (player.paused && Math.abs(player.currentTime - start) > 0.25 &&
          (covers(player.seekable, start) || covers(player.buffered, start))) {
        player.currentTime = start;
      }
    };
    ["loadedmetadata", "durationchange", "loadeddata", "progress", "canplay", "canplaythrough"].forEach(function (name) {
      player.addEventListener(name, seek);
    });
    // The events may all have fired before this script ran, or a reload may have put the
    // recording back at 0: look again for a while (until the visitor plays it).
    var tries = 0;
    var poll = function () {
      seek();
      tries += 1;
      if (player.paused && tries < 60) {
        window.setTimeout(poll, 250);
      }
    };
    window.setTimeout(poll, 0);
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

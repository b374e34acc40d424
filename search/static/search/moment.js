// A link from a search result to a moment of a recording: the record page's address
// ends in "#media-<id>&t=<seconds>". The recording with that id (its <audio> or <video>
// carries data-media-id) is made ready at that second and brought into view; the
// visitor presses play (browsers do not start sound on their own).
(function () {
  "use strict";

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
    var seek = function () {
      player.currentTime = start;
    };
    player.dataset.momentStart = String(start);
    if (player.readyState >= 1) {
      seek();
    } else {
      player.addEventListener("loadedmetadata", seek, { once: true });
      player.preload = "metadata";
      player.load();
    }
    var details = player.closest("figure");
    (details || player).scrollIntoView({ block: "center" });
    player.focus({ preventScroll: true });
  }

  window.addEventListener("hashchange", moment);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", moment);
  } else {
    moment();
  }
})();

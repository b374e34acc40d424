/*
 * The statistics page's charts (Chart.js, served by the site): one chart per entry of
 * the JSON data block #statistics-charts, drawn into the canvas #chart-<key>. The same
 * figures are in the table that goes with each chart, which is what screen readers read; the
 * canvases are images with a label pointing there.
 *
 * No animation: figures appear at once, even on a slow phone.
 */
(function () {
  "use strict";

  var ACCENT = "#8a2d1c";
  var ACCENT_LIGHT = "rgba(138, 45, 28, 0.18)";
  var BAR_HEIGHT_REM = 1.9;

  function remToPixels(rem) {
    return rem * parseFloat(getComputedStyle(document.documentElement).fontSize || "16");
  }

  function draw(entry) {
    var canvas = document.getElementById("chart-" + entry.key);
    if (!canvas) return false;
    var box = canvas.parentNode;
    var horizontal = entry.kind === "bar" && entry.labels.length > 4;
    if (horizontal) {
      box.style.height = Math.max(remToPixels(8), remToPixels(BAR_HEIGHT_REM) * entry.labels.length + 40) + "px";
    }
    new window.Chart(canvas, {
      type: entry.kind === "line" ? "line" : "bar",
      data: {
        labels: entry.labels,
        datasets: [{
          label: entry.series,
          data: entry.values,
          backgroundColor: entry.kind === "line" ? ACCENT_LIGHT : ACCENT,
          borderColor: ACCENT,
          borderWidth: entry.kind === "line" ? 2 : 0,
          fill: entry.kind === "line",
          pointRadius: entry.labels.length > 36 ? 0 : 3,
          tension: 0.2
        }]
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        responsive: true,
        indexAxis: horizontal ? "y" : "x",
        plugins: {legend: {display: false}, title: {display: false}},
        scales: {
          x: horizontal ? {beginAtZero: true, ticks: {precision: 0}} : {ticks: {autoSkip: true, maxRotation: 60}},
          y: horizontal ? {ticks: {autoSkip: false}} : {beginAtZero: true, ticks: {precision: 0}}
        }
      }
    });
    return true;
  }

  function start() {
    var data = document.getElementById("statistics-charts");
    if (!data || !window.Chart) return;
    var drawn = 0;
    JSON.parse(data.textContent).forEach(function (entry) {
      if (draw(entry)) drawn += 1;
    });
    document.documentElement.dataset.chartsDrawn = String(drawn);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

/* The search filters sit in a <details> ("Bộ lọc") so that a phone shows the results
 * first. On a wide screen they are always shown: the stylesheet does it where the browser
 * styles ::details-content; this opens the disclosure for the others. */
(function () {
  "use strict";
  var disclosure = document.querySelector("[data-filter-disclosure]");
  if (!disclosure || !window.matchMedia) return;
  var wide = window.matchMedia("(min-width: 50rem)");
  function follow() { if (wide.matches) disclosure.open = true; }
  follow();
  if (wide.addEventListener) wide.addEventListener("change", follow);
})();

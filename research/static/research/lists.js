// "Keep on my list": the name of a new list is asked for only when "A new list…" is chosen.
(function () {
  "use strict";
  function sync(select) {
    var name = select.form && select.form.querySelector("[data-new-list-name]");
    if (name) {
      name.hidden = select.value !== "new";
    }
  }
  document.querySelectorAll("form.add-to-list select[name=record_list]").forEach(function (select) {
    sync(select);
    select.addEventListener("change", function () { sync(select); });
  });
  // The shareable link: selected whole when focused, ready to copy.
  document.querySelectorAll("[data-share-url]").forEach(function (input) {
    input.addEventListener("focus", function () { input.select(); });
  });
})();

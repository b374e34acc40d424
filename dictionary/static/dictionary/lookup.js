// Progressive enhancement of a dictionary's box: words suggested as the visitor types
// (the form works without it). Arrow keys move through the list, Enter opens a word,
// Escape closes the list.
(function () {
  "use strict";
  var input = document.querySelector("[data-dictionary-suggest]");
  var list = document.getElementById("dictionary-suggestions");
  if (!input || !list || !window.fetch) return;
  var timer = null;
  var asked = "";
  var chosen = -1;

  function close() { list.hidden = true; list.textContent = ""; chosen = -1; input.removeAttribute("aria-activedescendant"); }

  function show(items) {
    list.textContent = "";
    chosen = -1;
    items.forEach(function (item, index) {
      var li = document.createElement("li");
      li.id = "dictionary-suggestion-" + index;
      li.setAttribute("role", "option");
      var link = document.createElement("a");
      link.href = item.url;
      var word = document.createElement("strong");
      word.textContent = item.headword;
      link.appendChild(word);
      link.appendChild(document.createTextNode(" — " + item.gloss));
      li.appendChild(link);
      list.appendChild(li);
    });
    list.hidden = items.length === 0;
  }

  function ask() {
    var text = input.value.trim();
    if (!text) { close(); return; }
    if (text === asked) return;
    asked = text;
    fetch(input.dataset.dictionarySuggest + "?q=" + encodeURIComponent(text), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
      .then(function (data) { if (input.value.trim() === text) show(data.suggestions); })
      .catch(function () { /* suggestions are optional */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 150);
  });
  input.addEventListener("keydown", function (event) {
    var options = list.querySelectorAll("li");
    if (list.hidden || !options.length) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      chosen = (chosen + (event.key === "ArrowDown" ? 1 : -1) + options.length) % options.length;
      options.forEach(function (option, index) { option.setAttribute("aria-selected", index === chosen ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", options[chosen].id);
    } else if (event.key === "Enter" && chosen >= 0) {
      event.preventDefault();
      window.location.href = options[chosen].querySelector("a").href;
    } else if (event.key === "Escape") {
      close();
    }
  });
})();

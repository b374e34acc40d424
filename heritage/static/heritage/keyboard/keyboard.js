// On-screen keyboard (bộ gõ) for the letters of Hrê, Co and Vietnamese.
//
// Any <input> or <textarea> with a `data-keyboard` attribute (optionally naming a layout:
// data-keyboard="hre") gets a small toggle button after it; the button opens a panel of
// keys below the field. Letter keys type their letter; mark keys put a diacritic on the
// letter before the cursor (a tone mark replaces the previous tone, the same mark again
// takes it off) and leave the text in NFC. Layouts are JSON files, one per language,
// fetched when first shown. Everything the script needs comes in its own data attributes
// (see heritage/keyboard.py): no inline code, no eval, so the site's CSP holds.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.fetch || !String.prototype.normalize) return;

  var layouts = JSON.parse(script.dataset.layouts || "[]");
  var labels = JSON.parse(script.dataset.labels || "{}");
  var extraFields = script.dataset.fields || "";
  if (!layouts.length) return;

  var MARKS = {
    grave: "\u0300", acute: "\u0301", hook: "\u0309", tilde: "\u0303", dot: "\u0323",
    circumflex: "\u0302", breve: "\u0306", horn: "\u031B"
  };
  var MARK_GROUPS = ["\u0300\u0301\u0309\u0303\u0323", "\u0302\u0306\u031B"];  // tones; vowel shapes
  var LAST_CLUSTER = /(\P{M}\p{M}*)$/u;  // the letter before the cursor, with its marks
  var VOWEL = /^[aeiouy]$/i;
  var STORAGE_KEY = "heritage.keyboard.layout";
  var FIELD_SELECTOR = "input[data-keyboard], textarea[data-keyboard]";
  var fetched = {};
  var panels = [];
  var serial = 0;

  function layoutFor(code) {
    return layouts.filter(function (layout) { return layout.code === code; })[0];
  }

  function rememberedLayout() {
    try { return window.localStorage.getItem(STORAGE_KEY); } catch (error) { return null; }
  }

  function remember(code) {
    try { window.localStorage.setItem(STORAGE_KEY, code); } catch (error) { /* private mode */ }
  }

  function fetchLayout(code) {
    if (!fetched[code]) {
      fetched[code] = fetch(layoutFor(code).url, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) throw new Error("layout " + code + ": " + response.status);
        return response.json();
      });
      fetched[code].catch(function () { delete fetched[code]; });
    }
    return fetched[code];
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text) node.textContent = text;
    return node;
  }

  function addStylesheet() {
    if (!script.dataset.stylesheet || document.querySelector("link[data-keyboard-stylesheet]")) return;
    document.head.appendChild(element("link", { rel: "stylesheet", href: script.dataset.stylesheet, "data-keyboard-stylesheet": "" }));
  }

  function changed(field) {
    field.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function replaceRange(field, text, start, end) {
    var limit = field.maxLength;
    if (limit > 0 && field.value.length - (end - start) + text.length > limit) return false;
    field.setRangeText(text, start, end, "end");
    changed(field);
    return true;
  }

  function typeText(field, text) {
    replaceRange(field, text.normalize("NFC"), field.selectionStart, field.selectionEnd);
  }

  function putMark(field, mark, status) {
    var start = field.selectionStart;
    var match = field.value.slice(0, start).match(LAST_CLUSTER);
    var letters = match ? Array.from(match[1].normalize("NFD")) : [];
    if (!letters.length || !VOWEL.test(letters[0])) {
      status.textContent = "";
      status.textContent = labels.needsLetter || "";
      return;
    }
    var base = letters[0];
    var marks = letters.slice(1);
    if (marks.indexOf(mark) !== -1) {
      marks = marks.filter(function (existing) { return existing !== mark; });  // pressed again: off
    } else {
      var group = MARK_GROUPS.filter(function (members) { return members.indexOf(mark) !== -1; })[0] || mark;
      marks = marks.filter(function (existing) { return group.indexOf(existing) === -1; }).concat([mark]);
    }
    replaceRange(field, (base + marks.join("")).normalize("NFC"), start - match[1].length, start);
  }

  function deleteBack(field) {
    var start = field.selectionStart;
    var end = field.selectionEnd;
    if (start !== end) { replaceRange(field, "", start, end); return; }
    var match = field.value.slice(0, start).match(LAST_CLUSTER);
    if (match) replaceRange(field, "", start - match[1].length, start);
  }

  function keyButton(text, attributes) {
    var button = element("button", Object.assign({ type: "button", class: "kb-key" }, attributes || {}), text);
    // A tap or click on a key must not move the focus: on a phone, focusing the field
    // would bring the phone's own keyboard up over this one.
    button.addEventListener("mousedown", function (event) { event.preventDefault(); });
    return button;
  }

  function Keyboard(field) {
    this.field = field;
    this.shift = false;
    this.caretPlaced = false;  // until the visitor puts the cursor somewhere, type at the end
    var id = "kb-panel-" + (++serial);
    var preset = layoutFor(field.dataset.keyboard) ? field.dataset.keyboard : null;
    this.code = preset || (layoutFor(rememberedLayout()) ? rememberedLayout() : layouts[0].code);

    this.toggle = element("button", {
      type: "button", class: "kb-toggle", "aria-expanded": "false", "aria-controls": id,
      "aria-label": labels.toggle || "Keyboard", title: labels.toggle || "Keyboard"
    }, labels.toggleShort || "Bộ gõ");
    this.panel = element("div", { id: id, class: "kb-panel", role: "group", "aria-label": labels.panel || "Keyboard", hidden: "" });

    var bar = element("div", { class: "kb-bar" });
    var chooser = element("label", { class: "kb-chooser" }, (labels.layout || "Layout") + " ");
    this.select = element("select", { class: "kb-layout" });
    layouts.forEach(function (layout) {
      var option = element("option", { value: layout.code }, layout.name);
      this.select.appendChild(option);
    }, this);
    this.select.value = this.code;
    chooser.appendChild(this.select);
    this.closeButton = element("button", { type: "button", class: "kb-close", "aria-label": labels.close || "Close" }, "×");
    bar.appendChild(chooser);
    bar.appendChild(this.closeButton);
    this.letters = element("div", { class: "kb-keys kb-letters" });
    this.marks = element("div", { class: "kb-keys kb-marks" });
    this.controls = element("div", { class: "kb-keys kb-controls" });
    this.status = element("p", { class: "kb-status", "aria-live": "polite" });
    [bar, this.letters, this.marks, this.controls, this.status].forEach(function (part) { this.panel.appendChild(part); }, this);

    this.shiftButton = keyButton("⇧", { class: "kb-key kb-key--control", "aria-pressed": "false", "aria-label": labels.shift || "Shift", "data-action": "shift" });
    this.controls.appendChild(this.shiftButton);
    this.controls.appendChild(keyButton(labels.space || "Space", { class: "kb-key kb-key--wide", "data-action": "space" }));
    this.controls.appendChild(keyButton("⌫", { class: "kb-key kb-key--control", "aria-label": labels.backspace || "Backspace", "data-action": "backspace" }));

    field.insertAdjacentElement("afterend", this.toggle);
    this.toggle.insertAdjacentElement("afterend", this.panel);
    if (window.getComputedStyle(field.parentNode).display.indexOf("flex") !== -1) field.parentNode.classList.add("kb-host");
    field.parentNode.classList.add("kb-parent");

    var keyboard = this;
    this.toggle.addEventListener("click", function () { keyboard.panel.hidden ? keyboard.open() : keyboard.close(true); });
    this.closeButton.addEventListener("click", function () { keyboard.close(true); });
    this.select.addEventListener("change", function () {
      keyboard.code = keyboard.select.value;
      remember(keyboard.code);
      keyboard.render();
    });
    this.panel.addEventListener("click", function (event) { keyboard.press(event.target.closest(".kb-key")); });
    [field, this.toggle, this.panel].forEach(function (node) {
      node.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && !keyboard.panel.hidden) {
          event.preventDefault();
          keyboard.close(true);
        }
      });
    });
    if (field.form) field.form.addEventListener("submit", function () { keyboard.close(false); });
    ["pointerup", "keyup", "select"].forEach(function (type) {
      field.addEventListener(type, function () { keyboard.caretPlaced = true; });
    });
  }

  Keyboard.prototype.open = function () {
    panels.forEach(function (other) { if (other !== this) other.close(false); }, this);
    this.panel.hidden = false;
    this.toggle.setAttribute("aria-expanded", "true");
    if (!this.caretPlaced && document.activeElement !== this.field) {
      var end = this.field.value.length;
      this.field.setSelectionRange(end, end);
    }
    this.caretPlaced = true;
    this.render();
    if (this.panel.scrollIntoView) this.panel.scrollIntoView({ block: "nearest" });
  };

  Keyboard.prototype.close = function (returnFocus) {
    if (this.panel.hidden) return;
    this.panel.hidden = true;
    this.toggle.setAttribute("aria-expanded", "false");
    if (returnFocus) this.field.focus();
  };

  Keyboard.prototype.render = function () {
    var keyboard = this;
    var code = this.code;
    fetchLayout(code).then(function (layout) {
      if (keyboard.code !== code) return;
      keyboard.letters.textContent = "";
      keyboard.marks.textContent = "";
      layout.letters.forEach(function (letter) {
        keyboard.letters.appendChild(keyButton(keyboard.shift ? letter.toUpperCase() : letter, { "data-text": letter }));
      });
      (layout.marks || []).forEach(function (name) {
        if (!MARKS[name]) return;
        keyboard.marks.appendChild(keyButton("\u25CC" + MARKS[name], { class: "kb-key kb-key--mark", "data-mark": name, "aria-label": labels[name] || name, title: labels[name] || name }));
      });
      keyboard.status.textContent = "";
    }, function () {
      keyboard.status.textContent = labels.unavailable || "";
    });
  };

  Keyboard.prototype.setShift = function (on) {
    this.shift = on;
    this.shiftButton.setAttribute("aria-pressed", on ? "true" : "false");
    Array.prototype.forEach.call(this.letters.querySelectorAll("[data-text]"), function (key) {
      key.textContent = on ? key.dataset.text.toUpperCase() : key.dataset.text;
    });
  };

  Keyboard.prototype.press = function (key) {
    if (!key) return;
    var field = this.field;
    if (key.dataset.text) {
      typeText(field, this.shift ? key.dataset.text.toUpperCase() : key.dataset.text);
      if (this.shift) this.setShift(false);  // one capital, as on a phone
    } else if (key.dataset.mark) {
      putMark(field, MARKS[key.dataset.mark], this.status);
    } else if (key.dataset.action === "shift") {
      this.setShift(!this.shift);
    } else if (key.dataset.action === "space") {
      typeText(field, " ");
    } else if (key.dataset.action === "backspace") {
      deleteBack(field);
    }
  };

  function enhance(root) {
    if (extraFields) {
      Array.prototype.forEach.call(root.querySelectorAll(extraFields), function (field) {
        if (!field.hasAttribute("data-keyboard")) field.setAttribute("data-keyboard", "");
      });
    }
    Array.prototype.forEach.call(root.querySelectorAll(FIELD_SELECTOR), function (field) {
      if (field.dataset.keyboardReady || typeof field.setRangeText !== "function") return;
      field.dataset.keyboardReady = "true";
      panels.push(new Keyboard(field));
    });
  }

  function start() {
    addStylesheet();
    enhance(document);
    // Fields added later (an inline panel's "add" button in the admin) get one too.
    new MutationObserver(function (records) {
      if (records.some(function (record) { return record.addedNodes.length; })) enhance(document);
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

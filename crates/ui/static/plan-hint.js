// The follow-up plan's health-word hint, as the text is written.
//
// The same rules as crates/domain/src/health_words.rs, over the terms the
// page gives in data-terms; the server checks again after saving, so the
// page works without this script.
(function () {
  "use strict";
  var box = document.getElementById("plan-health-live");
  if (!box) return;
  var form = box.closest("form");
  // "stem:ending,ending:1;…" (the last part: the stem heads compounds).
  var terms = (box.getAttribute("data-terms") || "")
    .split(";")
    .filter(function (t) { return t !== ""; })
    .map(function (t) {
      var parts = t.split(":");
      return { stem: parts[0], endings: (parts[1] || "").split(","), compound_head: parts[2] === "1" };
    });
  var before = box.getAttribute("data-before") || "";
  var after = box.getAttribute("data-after") || "";
  var text = box.querySelector("[data-words]");
  var MIN_PREFIX = 3;

  function isLetter(ch) {
    return /\p{L}/u.test(ch);
  }

  function matchesLast(term, stem, word, single) {
    return term.endings.some(function (ending) {
      var len = stem.length + ending.length;
      if (word.length < len || !word.endsWith(ending)) return false;
      var start = word.length - len;
      if (word.slice(start, start + stem.length) !== stem) return false;
      if (start === 0) return true;
      if (!single || !term.compound_head) return false;
      var prefix = Array.from(word.slice(0, start));
      return prefix.length >= MIN_PREFIX && prefix.every(isLetter);
    });
  }

  function diagnosisCodes(value) {
    return value
      .split(/[^A-Za-z0-9.]+/)
      .map(function (w) { return w.replace(/\.+$/, ""); })
      .filter(function (w) { return /^[A-Z][0-9]{2}$/.test(w.split(".")[0]); });
  }

  function healthWords(value) {
    var found = [];
    function note(word) {
      var lower = word.toLowerCase();
      if (!found.some(function (f) { return f.toLowerCase() === lower; })) found.push(word);
    }
    var words = value.split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w !== ""; });
    var lower = words.map(function (w) { return w.toLowerCase(); });
    for (var i = 0; i < lower.length; i++) {
      terms.forEach(function (term) {
        var stems = term.stem.split(" ");
        var last = stems[stems.length - 1];
        if (i + stems.length > lower.length) return;
        for (var k = 0; k < stems.length - 1; k++) {
          if (lower[i + k] !== stems[k]) return;
        }
        if (matchesLast(term, last, lower[i + stems.length - 1], stems.length === 1)) {
          note(words.slice(i, i + stems.length).join(" "));
        }
      });
    }
    diagnosisCodes(value).forEach(note);
    return found;
  }

  var timer = null;
  function check() {
    timer = null;
    var found = [];
    form.querySelectorAll("textarea, input[type=text]").forEach(function (field) {
      healthWords(field.value).forEach(function (word) {
        if (found.indexOf(word) < 0) found.push(word);
      });
    });
    if (found.length === 0) {
      box.hidden = true;
      text.textContent = "";
      return;
    }
    text.textContent =
      before + found.map(function (w) { return "«" + w + "»"; }).join(", ") + after;
    box.hidden = false;
  }
  form.addEventListener("input", function () {
    if (timer) clearTimeout(timer);
    timer = setTimeout(check, 400);
  });
  check();
})();

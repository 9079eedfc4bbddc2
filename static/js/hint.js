// The live hint of the goal and directive forms: while the client types, say how the
// statement reads and why, and for prescriptive text how to restate it. Without JavaScript
// the same reading is shown after saving.
(function () {
  "use strict";
  var csrf = document.querySelector('meta[name="csrf-token"]');
  document.querySelectorAll("[data-hint-for]").forEach(function (box) {
    var fields = box.getAttribute("data-hint-for").split(",").map(function (id) {
      return document.getElementById(id.trim());
    }).filter(Boolean);
    if (!fields.length) { return; }
    var timer = null, last = "";
    function render(reading) {
      box.hidden = false;
      box.className = "hint alert mt-2 mb-3 hint-" + reading.category;
      box.textContent = "";
      var head = document.createElement("p");
      head.className = "mb-1 fw-semibold";
      head.textContent = (box.getAttribute("data-label-" + reading.category) || reading.category);
      box.appendChild(head);
      var list = document.createElement("ul");
      list.className = "mb-1 small";
      reading.reasons.forEach(function (reason) {
        var item = document.createElement("li");
        item.textContent = reason;
        list.appendChild(item);
      });
      box.appendChild(list);
      if (reading.suggestion) {
        var tip = document.createElement("p");
        tip.className = "mb-0 small";
        tip.textContent = (box.getAttribute("data-label-suggestion") || "") + " " + reading.suggestion;
        box.appendChild(tip);
      }
    }
    function ask() {
      var text = fields.map(function (f) { return f.value.trim(); }).filter(Boolean).join(". ");
      if (text === last) { return; }
      last = text;
      if (!text) { box.hidden = true; return; }
      fetch(box.getAttribute("data-hint-url"), {
        method: "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/json", "X-CSRFToken": csrf ? csrf.content : ""},
        body: JSON.stringify({text: text})
      }).then(function (r) { return r.ok ? r.json() : null; })
        .then(function (reading) { if (reading && reading.category) { render(reading); } })
        .catch(function () { /* the hint is a help, never a blocker */ });
    }
    fields.forEach(function (f) {
      f.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(ask, 300); });
    });
    ask();
  });
})();

// Forms, a little kinder: a live character counter beside each field with a limit, and a
// button that cannot be pressed twice while its form is being sent. Without JavaScript the
// page still says each limit, the server refuses a text over it (naming the limit), and a form
// sent twice is done once (its one-time token): this file only spares the wait and the doubt.
(function () {
  "use strict";
  var lang = document.documentElement.lang || "en";
  var number;
  try {
    // Latin digits in every language, as the server writes its numbers (Babel's default).
    number = new Intl.NumberFormat(lang, {numberingSystem: "latn"});
  } catch (e) {
    number = {format: function (n) { return String(n); }};
  }

  // How the server counts: code points (an emoji is one), a line break sent as two (CR LF).
  function length(value) {
    return Array.from(value.replace(/\r\n|\r|\n/g, "\r\n")).length;
  }

  document.querySelectorAll("[data-count-for]").forEach(function (counter) {
    var field = document.getElementById(counter.getAttribute("data-count-for"));
    if (!field) { return; }
    var limit = parseInt(field.getAttribute("data-limit"), 10);
    function show() {
      var count = length(field.value);
      var over = count - limit;
      var text = over > 0 ? counter.getAttribute("data-over-text") : counter.getAttribute("data-count-text");
      counter.textContent = text.replace("{count}", number.format(count)).replace("{over}", number.format(over));
      counter.classList.toggle("char-count-over", over > 0);
      if (over > 0) { field.setAttribute("aria-invalid", "true"); }
      else if (!field.classList.contains("is-invalid")) { field.removeAttribute("aria-invalid"); }
    }
    field.addEventListener("input", show);
    show();
  });

  // One sending per press: the first submit goes, later ones are ignored until the page
  // changes; the button says it is at work (an import takes a few seconds).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || (form.method || "").toLowerCase() !== "post") { return; }
    if (form.hasAttribute("data-sending")) { event.preventDefault(); return; }
    form.setAttribute("data-sending", "");
    form.setAttribute("aria-busy", "true");
    var button = event.submitter || form.querySelector("button[type=submit]");
    // Disabled after the browser has read the form, so the pressed button's value is sent.
    setTimeout(function () {
      form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (b) {
        b.disabled = true;
      });
      if (button && button.getAttribute("data-sending")) {
        button.textContent = button.getAttribute("data-sending");
      }
    }, 0);
  });

  // Back to a page from the browser's history: its forms may be sent again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    document.querySelectorAll("form[data-sending]").forEach(function (form) {
      form.removeAttribute("data-sending");
      form.removeAttribute("aria-busy");
      form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (b) {
        b.disabled = false;
      });
    });
  });
})();

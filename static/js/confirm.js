// A button that cannot be taken back opens its confirmation page; with JavaScript that page's
// panel is shown in a dialog over the page instead (the same words, the same form, which
// posts as it would from the page). If anything fails, the link is simply followed.
(function () {
  "use strict";
  if (typeof HTMLDialogElement === "undefined" || !window.fetch || !window.DOMParser) { return; }
  var dialog = null;

  function close() {
    if (dialog) { dialog.close(); }
  }

  function open(link, panel) {
    if (!dialog) {
      dialog = document.createElement("dialog");
      dialog.className = "confirm-dialog";
      dialog.addEventListener("close", function () {
        dialog.textContent = "";
        if (dialog.opener) { dialog.opener.focus(); }
      });
      dialog.addEventListener("click", function (event) {
        if (event.target === dialog) { close(); }  // a click on the backdrop
      });
      document.body.appendChild(dialog);
    }
    dialog.opener = link;
    dialog.textContent = "";
    var heading = panel.querySelector("h1");
    if (heading) {
      heading.id = "confirm-dialog-heading";
      dialog.setAttribute("aria-labelledby", heading.id);
    }
    dialog.appendChild(panel);
    panel.querySelectorAll("[data-confirm-cancel]").forEach(function (cancel) {
      cancel.addEventListener("click", function (event) { event.preventDefault(); close(); });
    });
    dialog.showModal();
    var first = panel.querySelector("form button[type=submit]") || panel.querySelector("a, button");
    if (first) { first.focus(); }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-confirm]") : null;
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) { return; }
    event.preventDefault();
    fetch(link.href, {credentials: "same-origin", headers: {"Accept": "text/html"}})
      .then(function (response) { return response.ok ? response.text() : Promise.reject(); })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var panel = page.querySelector("[data-confirm-panel]");
        if (!panel) { return Promise.reject(); }
        open(link, document.importNode(panel, true));
      })
      .catch(function () { window.location.href = link.href; });
  });
})();

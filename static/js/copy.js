// Copy buttons: a button with data-copy="<input id>" copies that input's value and says so in
// the element named by data-copy-status. Without JavaScript the button stays hidden and the
// address can be selected and copied by hand.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById(button.getAttribute("data-copy-status") || "");
    if (!field) { return; }
    function say(text) {
      if (status) { status.textContent = text || ""; }
    }
    function selectForHand() {
      field.focus();
      field.select();
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
      say(button.getAttribute(copied ? "data-copied" : "data-select"));
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      say("");
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(function () {
          say(button.getAttribute("data-copied"));
        }, selectForHand);
      } else {
        selectForHand();
      }
    });
  });
})();

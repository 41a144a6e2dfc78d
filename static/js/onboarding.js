// Onboarding pages. The accept button waits for the "I have read and accept" tick, so the
// choice is explicit; without JavaScript the server refuses an unticked form just the same.
(function () {
  "use strict";

  function wireAcceptForms(root) {
    root.querySelectorAll("form[data-accept-form]").forEach(function (form) {
      var box = form.querySelector("input[type=checkbox]");
      var button = form.querySelector("button[type=submit]");
      if (!box || !button) { return; }
      var sync = function () { button.disabled = !box.checked; };
      box.addEventListener("change", sync);
      sync();
    });
  }

  document.addEventListener("DOMContentLoaded", function () { wireAcceptForms(document); });

  // After a tick the row is replaced and its "Mark done" button is gone: the focus goes to the
  // ticked item's own link in the fresh row (its name now says "done"), so keyboard and
  // screen-reader users carry on from the same item instead of from the top of the page.
  // A refused tick keeps its button: the focus goes back to it.
  document.addEventListener("htmx:afterSwap", function (event) {
    var old = event.detail.target;
    var row = old && old.id ? document.getElementById(old.id) : null;
    if (!row || !row.classList.contains("onboarding-item")) { return; }
    var control = row.querySelector("button[type=submit]") || row.querySelector("a[href]");
    if (!control) {
      row.setAttribute("tabindex", "-1");
      control = row;
    }
    control.focus();
  });
})();

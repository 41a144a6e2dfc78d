// Site-wide behaviour. No inline scripts anywhere: everything lives in static files so a
// strict Content-Security-Policy holds.
(function () {
  "use strict";

  // Destructive and final actions ask first: data-confirm="question" on the form, on the
  // button that submits it, or on the chosen <option> of one of its selects (a move
  // backwards). The button's question wins. One handler for the whole site.
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var form = event.target;
    var option = form.querySelector("option[data-confirm]:checked");
    var message = (button && button.getAttribute("data-confirm")) ||
      (option && option.getAttribute("data-confirm")) ||
      form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // A form sent back with errors: move focus to its error summary, or else to the first field
  // in error, so a screen reader reads the problem at once (WCAG 3.3.1) instead of the page
  // from the top. Fragments swapped in by htmx announce themselves (role="alert").
  function focusFirstError(root) {
    var target = root.querySelector("[data-error-summary]") ||
      root.querySelector('main [aria-invalid="true"]:not([type="hidden"])');
    if (target) { target.focus(); }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { focusFirstError(document); });
  } else {
    focusFirstError(document);
  }

  // htmx errors (4xx/5xx on a fragment) are shown instead of failing silently.
  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr.status;
    var text = status === 403 ? "You don't have access to do that." : "That didn't work (error " + status + "). Please reload the page and try again.";
    var box = document.createElement("div");
    box.className = "alert alert-danger alert-dismissible";
    box.setAttribute("role", "alert");
    box.textContent = text;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close";
    close.setAttribute("data-bs-dismiss", "alert");
    close.setAttribute("aria-label", "Close");
    box.appendChild(close);
    var main = document.getElementById("main");
    if (main) { main.prepend(box); }
  });
})();

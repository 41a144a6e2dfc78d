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

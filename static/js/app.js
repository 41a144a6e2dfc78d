// Site-wide behaviour. No inline scripts anywhere: everything lives in static files so a
// strict Content-Security-Policy holds.
(function () {
  "use strict";

  // Forms marked data-confirm ask before submitting (destructive actions).
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });

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

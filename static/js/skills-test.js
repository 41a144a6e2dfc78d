// The data-entry test's countdown: a courtesy only; the server keeps the real time.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var badge = document.querySelector("[data-countdown]");
    if (!badge) { return; }
    var left = parseInt(badge.getAttribute("data-countdown"), 10) || 0;
    function show() {
      var minutes = Math.floor(left / 60);
      var seconds = left % 60;
      badge.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds + " left";
    }
    show();
    var timer = window.setInterval(function () {
      left = Math.max(left - 1, 0);
      show();
      if (left === 0) { window.clearInterval(timer); }
    }, 1000);
  });
})();

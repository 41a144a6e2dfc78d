// Performance pages: metric trend charts and confirmations. No inline scripts: chart data comes
// from json_script blocks, so a strict Content-Security-Policy holds.
(function () {
  "use strict";

  // Buttons marked data-confirm ask first (the site-wide handler covers whole forms only).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  function drawChart(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source || typeof window.Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    new window.Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: [
          { label: data.label, data: data.values, borderColor: "#0b5563", backgroundColor: "#0b5563", tension: 0.2 },
          { label: "Target", data: data.labels.map(function () { return data.target; }), borderColor: "#d9480f", borderDash: [6, 4], pointRadius: 0, fill: false }
        ]
      },
      options: { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { position: "bottom" } } }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas[data-chart]").forEach(drawChart);
  });
})();

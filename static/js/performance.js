// Performance pages: metric trend charts and confirmations. No inline scripts: chart data comes
// from json_script blocks, so a strict Content-Security-Policy holds.
(function () {
  "use strict";

  // data-confirm on buttons is handled site-wide by app.js.

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

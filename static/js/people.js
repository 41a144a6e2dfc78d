// People pages: the turnover chart. No inline scripts: its data comes from a json_script block,
// so a strict Content-Security-Policy holds; the table under the chart holds the same numbers.
(function () {
  "use strict";

  function drawTurnover(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-turnover-chart"));
    if (!source || typeof window.Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          { type: "bar", label: "Voluntary leavers", data: data.voluntary, backgroundColor: "#0b5563", stack: "leavers", yAxisID: "y" },
          { type: "bar", label: "Involuntary leavers", data: data.involuntary, backgroundColor: "#d9480f", stack: "leavers", yAxisID: "y" },
          { type: "line", label: "Turnover rate (%)", data: data.rate, borderColor: "#495057", backgroundColor: "#495057", tension: 0, yAxisID: "rate" }
        ]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { position: "bottom" } },
        scales: {
          y: { beginAtZero: true, stacked: true, title: { display: true, text: "Leavers" }, ticks: { precision: 0 } },
          x: { stacked: true },
          rate: { beginAtZero: true, position: "right", grid: { drawOnChartArea: false }, title: { display: true, text: "Rate %" } }
        }
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas[data-turnover-chart]").forEach(drawTurnover);
  });
})();

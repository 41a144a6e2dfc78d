// Pulse results: the trend chart. Data comes from a json_script block (no inline script).
(function () {
  "use strict";
  var COLOURS = ["#0b5563", "#d9480f", "#5c940d", "#862e9c", "#1864ab", "#e67700"];

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-pulse-chart"));
    if (!source || typeof window.Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var datasets = [{ label: "eNPS", data: data.enps, yAxisID: "enps", borderColor: COLOURS[0], backgroundColor: COLOURS[0], tension: 0.2 }];
    data.items.forEach(function (item, index) {
      datasets.push({ label: item.label, data: item.values, yAxisID: "items", borderColor: COLOURS[(index + 1) % COLOURS.length], backgroundColor: COLOURS[(index + 1) % COLOURS.length], borderDash: [4, 3], tension: 0.2 });
    });
    new window.Chart(canvas, {
      type: "line",
      data: { labels: data.labels, datasets: datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        plugins: { legend: { position: "bottom" } },
        scales: {
          enps: { type: "linear", position: "left", min: -100, max: 100, title: { display: true, text: "eNPS" } },
          items: { type: "linear", position: "right", min: 1, max: 5, grid: { drawOnChartArea: false }, title: { display: true, text: "1–5" } }
        }
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas[data-pulse-chart]").forEach(draw);
  });
})();

// The pipeline board: native HTML5 drag-and-drop. A drop fills in the card's own move form
// and submits it, so htmx posts exactly what the no-JavaScript form would.
(function () {
  "use strict";

  var dragged = null;

  function columnOf(element) {
    return element && element.closest ? element.closest(".board-column") : null;
  }

  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest(".board-card[draggable='true']");
    if (!card) { return; }
    dragged = card;
    card.classList.add("is-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.getAttribute("data-application"));
  });

  document.addEventListener("dragend", function () {
    if (dragged) { dragged.classList.remove("is-dragging"); }
    dragged = null;
    document.querySelectorAll(".board-column.is-drop-target").forEach(function (column) {
      column.classList.remove("is-drop-target");
    });
  });

  document.addEventListener("dragover", function (event) {
    var column = columnOf(event.target);
    if (!dragged || !column) { return; }
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    column.classList.add("is-drop-target");
  });

  document.addEventListener("dragleave", function (event) {
    var column = columnOf(event.target);
    if (column && !column.contains(event.relatedTarget)) {
      column.classList.remove("is-drop-target");
    }
  });

  document.addEventListener("drop", function (event) {
    var column = columnOf(event.target);
    if (!dragged || !column) { return; }
    event.preventDefault();
    column.classList.remove("is-drop-target");
    var stage = column.getAttribute("data-stage");
    var form = dragged.querySelector("form.move-form");
    if (!form || stage === dragged.getAttribute("data-stage")) { return; }
    var select = form.querySelector("select[name='to_stage']");
    var allowed = Array.prototype.some.call(select.options, function (option) {
      return option.value === stage;
    });
    if (!allowed) {
      window.alert("This card cannot move to that column.");
      return;
    }
    select.value = stage;
    if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
  });
})();

// After a move (the card's form, a drop, or a refused move) the fresh board says what
// happened in the page's permanent status region and gives the focus back to the moved card's
// Move control, so keyboard users carry on where they were instead of at the top of the page.
(function () {
  "use strict";

  function controlOf(id) {
    var card = document.querySelector(".board-card[data-application='" + id + "']");
    if (!card) { return document.querySelector("[data-board]"); } // beyond the column's limit
    return card.querySelector("select[name='to_stage']") || card.querySelector("a[href]");
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    var board = event.detail.elt && event.detail.elt.id === "board" ? event.detail.elt : null;
    board = board || document.getElementById("board");
    if (!board || !board.hasAttribute("data-focus-application")) { return; }
    var id = board.getAttribute("data-focus-application");
    var text = board.getAttribute("data-announce");
    board.removeAttribute("data-focus-application");
    var status = document.getElementById("board-status");
    if (status) { status.textContent = ""; } // so the same words twice are announced twice
    // After the layout has run (on a phone it opens and closes the stage sections).
    window.setTimeout(function () {
      var control = controlOf(id);
      var column = control && control.closest("details.board-column");
      if (column && !column.open) { column.open = true; }
      if (control) { control.focus(); }
      if (status && text) { status.textContent = text; }
    }, 50);
  });
})();

// The board's layout: a cue when stages lie beyond the right edge; on a phone every stage is
// a section that opens and closes (the first with cards starts open, choices survive a move);
// on a wide screen the columns stay open.
(function () {
  "use strict";

  var phone = window.matchMedia("(max-width: 767.98px)");
  var openOnPhone = null; // stages the person opened, kept across htmx swaps of the board

  function updateCue(board) {
    var cue = document.querySelector("[data-board-cue]");
    var more = board.scrollWidth - board.clientWidth - board.scrollLeft > 2;
    board.classList.toggle("has-more-right", more && !phone.matches);
    if (cue) { cue.hidden = !(more && !phone.matches); }
  }

  function layout() {
    var board = document.querySelector("[data-board]");
    if (!board) { return; }
    var columns = board.querySelectorAll("details.board-column");
    if (phone.matches) {
      var firstWithCards = null;
      columns.forEach(function (column) {
        if (!firstWithCards && column.querySelector(".board-card")) { firstWithCards = column; }
      });
      columns.forEach(function (column) {
        var stage = column.getAttribute("data-stage");
        column.open = openOnPhone ? openOnPhone.indexOf(stage) !== -1 : column === firstWithCards;
      });
    } else {
      columns.forEach(function (column) { column.open = true; });
    }
    // A column head is a switch on a phone only: on a wide screen it is no Tab stop.
    board.querySelectorAll("summary.board-column-head").forEach(function (head) {
      if (phone.matches) { head.removeAttribute("tabindex"); } else { head.setAttribute("tabindex", "-1"); }
    });
    updateCue(board);
    board.addEventListener("scroll", function () { updateCue(board); }, { passive: true });
  }

  document.addEventListener("toggle", function (event) {
    var column = event.target;
    if (!phone.matches || !column.matches || !column.matches("details.board-column")) { return; }
    openOnPhone = Array.prototype.map.call(
      document.querySelectorAll("details.board-column[open]"),
      function (open) { return open.getAttribute("data-stage"); }
    );
  }, true);

  // Wide screens: a column header is a heading, not a switch.
  document.addEventListener("click", function (event) {
    var head = event.target.closest && event.target.closest(".board-column-head");
    if (head && !phone.matches) { event.preventDefault(); }
  });

  window.addEventListener("resize", function () {
    var board = document.querySelector("[data-board]");
    if (board) { updateCue(board); }
  });
  if (phone.addEventListener) { phone.addEventListener("change", layout); }
  document.addEventListener("htmx:afterSettle", layout);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", layout);
  } else {
    layout();
  }
})();

// The requisition report's funnel chart; its numbers come from data attributes (the table
// beside it shows the same numbers for anyone who cannot see the chart).
(function () {
  "use strict";

  function drawFunnel() {
    var canvas = document.getElementById("funnel-chart");
    if (!canvas || typeof window.Chart === "undefined") { return; }
    var labels = (canvas.getAttribute("data-labels") || "").split("|");
    var values = (canvas.getAttribute("data-values") || "").split(",").map(Number);
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: labels,
        datasets: [{ label: "Applications reaching the stage", data: values, backgroundColor: "#0b5563" }]
      },
      options: {
        indexAxis: "y",
        maintainAspectRatio: false,
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } }
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawFunnel);
  } else {
    drawFunnel();
  }
})();

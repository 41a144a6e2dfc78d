/* Backoffice's admin: accessible names for the widgets that Django's own scripts build.
 *
 * - select2 (autocomplete fields) builds a combobox named by an empty element until a value is
 *   chosen, and a search box with no label; both get their field's label as aria-label.
 * - The filter_horizontal boxes put aria-label on a plain <span> icon, which no assistive
 *   technology reads (ARIA forbids it there); it becomes an image with that name.
 * Both widgets appear after load and when an inline row is added, so a MutationObserver names
 * them whenever they arrive.
 */
(function () {
  "use strict";

  function labelText(select) {
    if (!select || !select.id) return "";
    const label = document.querySelector('label[for="' + CSS.escape(select.id) + '"]');
    return label ? label.textContent.replace(/[:*]\s*$/, "").trim() : "";
  }

  function nameWidgets(root) {
    root.querySelectorAll(".select2-container").forEach(function (container) {
      const select = container.previousElementSibling;
      const name = labelText(select && select.tagName === "SELECT" ? select : null);
      if (!name) return;
      container
        .querySelectorAll('[role="combobox"], .select2-selection__rendered[role="textbox"], .select2-search__field')
        .forEach(function (element) {
          if (!element.getAttribute("aria-label")) element.setAttribute("aria-label", name);
        });
    });
    root.querySelectorAll("span.help-tooltip[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  function start() {
    nameWidgets(document);
    // select2 rebuilds parts of its markup on every change: name what is there once per frame.
    let pending = false;
    new MutationObserver(function () {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        nameWidgets(document);
      });
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

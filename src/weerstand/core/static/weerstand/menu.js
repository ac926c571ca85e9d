// The header's disclosure menus (task groups and the account menu) are <details> elements:
// they open and close without this script, by mouse and keyboard alike. This only adds what a
// menu is expected to do besides: one open at a time, Escape closes it (focus back on its
// summary), and a click or focus elsewhere closes it.
(function () {
  "use strict";
  function menus() {
    return document.querySelectorAll("details[data-menu]");
  }
  function closeAll(except) {
    menus().forEach(function (d) {
      if (d !== except) d.open = false;
    });
  }
  document.addEventListener("toggle", function (event) {
    var d = event.target;
    if (d.matches && d.matches("details[data-menu]") && d.open) closeAll(d);
  }, true);
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.querySelector("details[data-menu][open]");
    if (!open) return;
    open.open = false;
    open.querySelector("summary").focus();
  });
  document.addEventListener("click", function (event) {
    if (!event.target.closest || !event.target.closest("details[data-menu]")) closeAll(null);
  });
  document.addEventListener("focusin", function (event) {
    if (!event.target.closest || !event.target.closest("details[data-menu]")) closeAll(null);
  });
})();

/*
 * Warn before leaving a page with changes that were not saved.
 *
 * A form marked data-warn-unsaved becomes "dirty" at the first input or change (or at once
 * with data-warn-unsaved="dirty": the page came back with typed text that is not saved yet).
 * While a form is dirty, leaving the page asks for confirmation (beforeunload); submitting
 * the form clears it. A static file, so it runs under the strict CSP.
 */
(function () {
  "use strict";
  var dirty = false;

  function warn(event) {
    event.preventDefault();
    event.returnValue = "";
    return "";
  }

  function setDirty(value) {
    if (value === dirty) {
      return;
    }
    dirty = value;
    if (dirty) {
      window.addEventListener("beforeunload", warn);
    } else {
      window.removeEventListener("beforeunload", warn);
    }
  }

  document.querySelectorAll("form[data-warn-unsaved]").forEach(function (form) {
    if (form.getAttribute("data-warn-unsaved") === "dirty") {
      setDirty(true);
    }
    form.addEventListener("input", function () { setDirty(true); });
    form.addEventListener("change", function () { setDirty(true); });
    form.addEventListener("submit", function () { setDirty(false); });
  });
})();

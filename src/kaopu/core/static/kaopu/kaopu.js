/* The little behaviour Kaopu's pages have, declared in the templates by data attributes.
 *
 * The Content-Security-Policy (settings.CONTENT_SECURITY_POLICY) runs no inline script and no on*=""
 * handler, so templates say what they want and this file, loaded once by core/base.html, does it:
 *
 *   <select data-autosubmit>              submits its form when changed (keep a <noscript> button)
 *   <form data-confirm="question">        asks before submitting; so does <button data-confirm="…">
 *   <button data-print>                   prints the page
 *   <input type="checkbox" data-check-all="css selector">   ticks or clears the boxes it selects
 *   <details class="navgroup">            one menu drop-down open at a time; a click elsewhere closes it
 *
 * Every page works without this file, except that printing and ticking all need the browser's own ways.
 */
(function () {
  "use strict";

  function closest(target, selector) {
    return target && target.closest ? target.closest(selector) : null;
  }

  document.addEventListener("change", function (event) {
    var field = closest(event.target, "[data-autosubmit]");
    if (field && field.form) { field.form.submit(); }
    var master = closest(event.target, "input[data-check-all]");
    if (master) {
      document.querySelectorAll(master.getAttribute("data-check-all")).forEach(function (box) {
        box.checked = master.checked;
      });
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var question = (submitter && submitter.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
  });

  document.addEventListener("click", function (event) {
    if (closest(event.target, "[data-print]")) { window.print(); }
    document.querySelectorAll("details.navgroup[open]").forEach(function (group) {
      if (!group.contains(event.target)) { group.removeAttribute("open"); }
    });
  });
})();

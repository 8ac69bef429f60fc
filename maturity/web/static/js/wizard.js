/* The wizard's small enhancements; every page works without them (the server renders the same state).
 * - Ticking "trim" hides that sub-domain's questions at once; the inputs stay in the form, so their
 *   answers are still posted and come back if the box is unticked.
 * - On a phone, choosing a page in the page select saves this page and opens that one.
 */
(function () {
  "use strict";

  function followTrimBoxes() {
    var boxes = document.querySelectorAll('section.subdomain input[type="checkbox"][name^="trim-"]');
    Array.prototype.forEach.call(boxes, function (box) {
      var section = box.closest("section.subdomain");
      box.addEventListener("change", function () {
        section.classList.toggle("is-trimmed", box.checked);
      });
    });
  }

  /* Choosing a page in the phone's page select saves this page and goes there, as its button does. */
  function jumpOnChoice() {
    var select = document.getElementById("goto");
    var go = document.querySelector("button.jump-go");
    if (!select || !go) {
      return;
    }
    select.addEventListener("change", function () {
      go.click();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    followTrimBoxes();
    jumpOnChoice();
  });
})();

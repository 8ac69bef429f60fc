/* The wizard's small enhancements; every page works without them (the server renders the same state).
 * - Ticking "trim" hides that sub-domain's questions at once; the inputs stay in the form, so their
 *   answers are still posted and come back if the box is unticked.
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

  document.addEventListener("DOMContentLoaded", followTrimBoxes);
})();

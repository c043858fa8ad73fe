// Organiser's participant list: one box ticks every row on the page.
(function () {
  "use strict";
  var all = document.getElementById("select-all");
  if (!all) return;
  all.addEventListener("change", function () {
    document.querySelectorAll(".row-select").forEach(function (box) { box.checked = all.checked; });
  });
})();

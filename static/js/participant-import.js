// Import page: after a refused file, take keyboard and screen-reader users
// straight to the report.
(function () {
  "use strict";
  var failure = document.getElementById("import-failure");
  if (failure) failure.focus();
})();

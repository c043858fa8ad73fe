/* A participant at their own table, on their private page: the camera reads
   the counterpart's badge and sends its code with the form below it, as if
   typed (the form works without the camera, and without JavaScript). */
(function () {
  "use strict";

  var texts = JSON.parse(document.getElementById("table-scan-texts").textContent);
  document.querySelectorAll("[data-table-scan]").forEach(function (box) {
    var form = box.querySelector("form");
    QrCamera({
      view: box.querySelector("[data-camera-view]").id,
      start: box.querySelector("[data-camera-start]"),
      stop: box.querySelector("[data-camera-stop]"),
      error: box.querySelector("[data-camera-error]"),
      unavailable: texts.camera_unavailable,
      onCode: function (code) {
        form.querySelector('input[name="code"]').value = code;
        form.submit();
      }
    });
  });
}());

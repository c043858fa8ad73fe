/* The camera's QR reader (html5-qrcode, in static/vendor), shared by the door
   (checkin-scan.js) and the tables of the B2B hall (meeting-scan.js).

   QrCamera({view, start, stop, error, unavailable, onCode}) wires a start and
   a stop button to the reader drawn in the element whose id is ``view``;
   ``onCode(text)`` gets each badge once: the camera sees a badge held up many
   times a second. ``error`` shows ``unavailable`` when there is no camera. */
(function () {
  "use strict";

  var SAME_CODE_PAUSE_MS = 3000;

  function QrCamera(parts) {
    var camera = null;
    var lastCode = "", lastCodeAt = 0;

    function fromCamera(text) {
      var now = Date.now();
      if (text === lastCode && now - lastCodeAt < SAME_CODE_PAUSE_MS) { return; }
      lastCode = text;
      lastCodeAt = now;
      parts.onCode(text);
    }
    function showError() {
      parts.error.textContent = parts.unavailable;
      parts.error.classList.remove("d-none");
    }
    function start() {
      parts.error.classList.add("d-none");
      if (typeof Html5Qrcode === "undefined" || !navigator.mediaDevices) {
        showError();
        return;
      }
      camera = camera || new Html5Qrcode(parts.view);
      camera.start({facingMode: "environment"}, {fps: 10, qrbox: {width: 240, height: 240}}, fromCamera,
                   function () {})
        .then(function () {
          parts.start.classList.add("d-none");
          parts.stop.classList.remove("d-none");
        }, showError);
    }
    function stop() {
      if (camera) { camera.stop().catch(function () {}); }
      parts.start.classList.remove("d-none");
      parts.stop.classList.add("d-none");
    }
    parts.start.addEventListener("click", start);
    parts.stop.addEventListener("click", stop);
    return {start: start, stop: stop};
  }

  window.QrCamera = QrCamera;
}());

/* Check-in staff in the B2B hall: choose a meeting, scan the badges of the
   people at its table (camera or typed code); each code goes to the meetings
   API, and the row shows who is there. Nothing is kept offline here: a scan
   that did not reach the server says so, to be scanned again. */
(function () {
  "use strict";

  var app = document.getElementById("hall-app");
  if (!app) { return; }
  var TEXT = JSON.parse(document.getElementById("hall-texts").textContent).texts;
  var csrfToken = document.querySelector('meta[name="csrf-token"]').content;
  var chosen = null;
  function $(id) { return document.getElementById(id); }
  function fill(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_match, name) { return String(values[name]); });
  }

  function show(tone, headline, details) {
    $("hall-result").className = "scan-result hall-result mb-2 scan-result-" + tone;
    $("hall-result-headline").textContent = headline;
    $("hall-result-details").textContent = details || "";
  }

  function markSides(row, body) {
    var names = [];
    ["a", "b"].forEach(function (side) {
      var line = row.querySelector('[data-side="' + side + '"]');
      if (body.attendance[side]) {
        if (line.dataset.seen !== "yes") {
          line.dataset.seen = "yes";
          var mark = line.querySelector("[data-mark]");
          mark.replaceChildren($("hall-marks").content.cloneNode(true));
        }
        names.push(line.dataset.name);
      }
    });
    return names;
  }

  function send(code) {
    code = code.trim();
    if (!code) { return; }
    if (chosen === null) { show("amber", TEXT.choose); return; }
    var row = app.querySelector('[data-meeting="' + chosen + '"]');
    var url = app.dataset.attendanceUrl.replace("/meetings/0/", "/meetings/" + chosen + "/");
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrfToken},
      body: JSON.stringify({code: code})
    }).then(function (response) {
      return response.json().then(function (body) { return {ok: response.ok, body: body}; },
                                  function () { return {ok: false, body: null}; });
    }).then(function (answer) {
      if (answer.ok) {
        var names = markSides(row, answer.body);
        var status = row.querySelector("[data-status]");
        if (answer.body.status === "held") {
          status.textContent = status.textContent || app.dataset.heldLabel;
          status.classList.remove("d-none");
        }
        show("green", fill(TEXT.recorded, {names: names.join(", ")}),
             answer.body.attendance.a && answer.body.attendance.b ? TEXT.held : "");
      } else if (answer.body && answer.body.error) {
        var error = answer.body.error;
        show("red", TEXT.refused, [error.message].concat(Object.values(error.fields || {})).join(" "));
      } else {
        show("red", TEXT.refused, TEXT.server_trouble);
      }
    }, function () { show("red", TEXT.refused, TEXT.offline); });
  }

  var camera = QrCamera({
    view: "camera-view", start: $("camera-start"), stop: $("camera-stop"), error: $("camera-error"),
    unavailable: TEXT.camera_unavailable, onCode: send
  });
  app.querySelectorAll("[data-scan-for]").forEach(function (button) {
    button.addEventListener("click", function () {
      chosen = button.dataset.scanFor;
      app.querySelectorAll("[data-meeting]").forEach(function (row) {
        row.classList.toggle("active", row.dataset.meeting === chosen);
      });
      $("hall-target").textContent = fill(TEXT.scanning_for, {meeting: button.dataset.label});
      show("idle", TEXT.ready, button.dataset.label);
      $("hall-target").scrollIntoView({block: "start"});
      camera.start();
    });
  });
  $("hall-code-form").addEventListener("submit", function (event) {
    event.preventDefault();
    send($("hall-code").value);
    $("hall-code").value = "";
  });
}());

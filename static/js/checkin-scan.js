/* The door: scan badges with the camera or a keyboard-wedge scanner, find
   people who forgot theirs, and keep working when the venue Wi-Fi drops.

   Every scan gets an id (scan_id) and a time (scanned_at) on this device. It
   is sent at once; when that fails it waits in IndexedDB and is sent again
   when the network is back. The server answers a repeated scan_id with its
   first answer, so a scan sent twice is never counted twice. While offline,
   badges are checked against the list of valid codes fetched while online.

   The phone works at one check-in list (the main entrance, the B2B hall...),
   chosen here and remembered on the device; every scan, queued ones too,
   carries it, and an entry counts once per list and day. */
(function () {
  "use strict";

  var app = document.getElementById("scan-app");
  if (!app) { return; }
  var page = JSON.parse(document.getElementById("scan-texts").textContent);
  var TEXT = page.texts;
  var eventId = Number(app.dataset.eventId);
  var csrfToken = document.querySelector('meta[name="csrf-token"]').content;
  var locale = app.dataset.language === "en" ? "en-GB" : "vi-VN";
  var timeFormat = new Intl.DateTimeFormat(locale, {hour: "2-digit", minute: "2-digit", timeZone: app.dataset.timezone});
  var dayFormat = new Intl.DateTimeFormat(locale, {day: "2-digit", month: "2-digit", timeZone: app.dataset.timezone});
  var BADGE_CODE = /^(\d{1,10})-(\d{1,12})-(\d{1,6})-([A-Z2-7]{16})$/;
  var ROSTER_REFRESH_MS = 60000;
  var RETRY_MS = 10000;
  var COUNTS_PAUSE_MS = 5000;

  function fill(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_match, name) { return String(values[name]); });
  }
  function clock(iso) { return timeFormat.format(new Date(iso)); }
  /* The time, and the day too when it is not today (in the event's time
     zone): "already in at 07:45" said on day 2 of someone who came on day 1
     would send them away. */
  function dayOf(moment) {
    // "20/11" in both languages, as the badges and the posters write dates.
    var parts = {};
    dayFormat.formatToParts(moment).forEach(function (part) { parts[part.type] = part.value; });
    return parts.day + "/" + parts.month;
  }
  function when(iso) {
    var moment = new Date(iso);
    var day = dayOf(moment);
    return day === dayOf(new Date()) ? timeFormat.format(moment) : day + " " + timeFormat.format(moment);
  }
  function $(id) { return document.getElementById(id); }

  /* ---- The check-in list this phone works at ---- */
  var LIST_KEY = "eventapp-list-" + eventId;
  var lists = page.lists;
  function listById(id) { return lists.find(function (item) { return item.id === id; }); }
  var checkinList = listById(Number(localStorage.getItem(LIST_KEY))) ||
    lists.find(function (item) { return item.is_default; }) || lists[0];
  // Today on the event's clock, as YYYY-MM-DD; the figures are today's when it is one of the event's days.
  function today() { return new Intl.DateTimeFormat("en-CA", {timeZone: app.dataset.timezone}).format(new Date()); }
  function atList(url) {
    var address = new URL(url, window.location.href);
    address.searchParams.set("list_id", String(checkinList.id));
    return address;
  }
  function showList() {
    $("list-banner-name").textContent = checkinList.name;
    $("list-banner-rules").textContent = checkinList.rules;
    $("checkin-list").value = String(checkinList.id);
  }
  /* Why this list lets nobody in with this badge, as far as the phone knows (offline). */
  function listRefusal(participant) {
    if (checkinList.days.length && checkinList.days.indexOf(today()) === -1) { return TEXT.wrong_day; }
    if (checkinList.roles.length && checkinList.roles.indexOf(participant.role) === -1) { return TEXT.not_admitted; }
    return "";
  }

  /* ---- Storage: the upload queue and the list of valid codes ---- */
  var database = new Promise(function (resolve, reject) {
    var request = indexedDB.open("eventapp-checkin", 1);
    request.onupgradeneeded = function () {
      var db = request.result;
      var queue = db.createObjectStore("queue", {keyPath: "scan_id"});
      queue.createIndex("event_id", "event_id");
      db.createObjectStore("roster", {keyPath: "event_id"});
    };
    request.onsuccess = function () { resolve(request.result); };
    request.onerror = function () { reject(request.error); };
  });

  function store(name, mode, work) {
    return database.then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(name, mode);
        var result = work(transaction.objectStore(name));
        transaction.oncomplete = function () { resolve(result && "result" in result ? result.result : undefined); };
        transaction.onerror = function () { reject(transaction.error); };
      });
    });
  }
  function queueAdd(scan) { return store("queue", "readwrite", function (s) { s.put(scan); }); }
  function queueRemove(scanId) { return store("queue", "readwrite", function (s) { s.delete(scanId); }); }
  function queued() {
    return store("queue", "readonly", function (s) { return s.index("event_id").getAll(eventId); })
      .then(function (items) {
        return (items || []).sort(function (a, b) { return a.scanned_at < b.scanned_at ? -1 : 1; });
      });
  }

  /* ---- The list of valid codes, for checking badges offline ---- */
  var roster = {fetchedAt: null, byCode: new Map()};
  var enteredHere = new Set();  // code and list of people let in on this device while offline

  function useRoster(saved) {
    roster.fetchedAt = saved.fetched_at;
    // Its entries are of the list it was fetched for; the codes are good at any list.
    var sameList = saved.list_id === checkinList.id;
    roster.byCode = new Map(saved.items.map(function (item) {
      return [item.code, sameList ? item : Object.assign({}, item, {checked_in_at: null})];
    }));
    showRosterState();
  }
  function loadSavedRoster() {
    return store("roster", "readonly", function (s) { return s.get(eventId); })
      .then(function (saved) { if (saved) { useRoster(saved); } });
  }
  function refreshRoster() {
    return fetch(atList(app.dataset.rosterUrl), {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
      .then(function (body) {
        var saved = {event_id: eventId, list_id: checkinList.id, fetched_at: body.generated_at, items: body.items};
        useRoster(saved);
        setOnline(true);
        return store("roster", "readwrite", function (s) { s.put(saved); });
      })
      .catch(function () { /* offline: keep the list we have */ });
  }
  function showRosterState() {
    $("roster-state").dataset.count = String(roster.byCode.size);
    $("roster-state").textContent = roster.fetchedAt
      ? fill(TEXT.roster, {num: roster.byCode.size, time: clock(roster.fetchedAt)}) : TEXT.roster_missing;
  }

  /* ---- Network state and figures ---- */
  function setOnline(online) {
    var badge = $("network-state");
    badge.textContent = online ? TEXT.online : TEXT.offline;
    badge.className = "badge " + (online ? "text-bg-success" : "text-bg-danger");
  }
  function showQueueLength() {
    return queued().then(function (items) {
      var badge = $("queue-state");
      badge.textContent = items.length === 0 ? TEXT.queue_empty
        : items.length === 1 ? TEXT.queue_one : fill(TEXT.queue_many, {num: items.length});
      badge.className = "badge " + (items.length ? "text-bg-warning" : "text-bg-secondary");
      badge.dataset.count = String(items.length);
    });
  }
  var countsAsked = 0, countsTimer = null;
  function refreshCounts() {
    // A burst of scans or uploads asks once, and once more when it is over.
    var wait = countsAsked + COUNTS_PAUSE_MS - Date.now();
    if (wait > 0) {
      if (!countsTimer) { countsTimer = setTimeout(function () { countsTimer = null; refreshCounts(); }, wait); }
      return;
    }
    countsAsked = Date.now();
    var url = atList(app.dataset.countsUrl);
    if (page.event_days.indexOf(today()) !== -1) { url.searchParams.set("day", today()); }
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
      .then(function (body) { $("count-state").textContent = fill(TEXT.counts, body); })
      .catch(function () {});
  }

  /* ---- Sound: a beep made on the spot, nothing to download ---- */
  var audio = null;
  function beep(kind) {
    var tones = {ok: [[880, 0.12]], repeat: [[620, 0.1], [620, 0.1]], refused: [[200, 0.5]]}[kind];
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var start = audio.currentTime;
      tones.forEach(function (tone) {
        var oscillator = audio.createOscillator();
        var gain = audio.createGain();
        oscillator.type = kind === "refused" ? "square" : "sine";
        oscillator.frequency.value = tone[0];
        gain.gain.setValueAtTime(0.25, start);
        gain.gain.exponentialRampToValueAtTime(0.001, start + tone[1]);
        oscillator.connect(gain).connect(audio.destination);
        oscillator.start(start);
        oscillator.stop(start + tone[1]);
        start += tone[1] + 0.07;
      });
    } catch (error) { /* no audio on this device: the colours still say it */ }
    if (navigator.vibrate) { navigator.vibrate(kind === "refused" ? [300, 100, 300] : 80); }
  }

  /* ---- Showing a result: big, coloured, with a sound ---- */
  function participantLine(participant) {
    if (!participant) { return ""; }
    return [participant.organisation, page.roles[participant.role] || participant.role]
      .filter(Boolean).join(" · ");
  }
  function show(kind, headline, participant, note) {
    var box = $("result");
    box.className = "scan-result mb-3 scan-result-" + kind;
    box.dataset.result = kind;
    $("result-headline").textContent = headline;
    $("result-name").textContent = participant ? participant.full_name : "";
    $("result-details").textContent = participantLine(participant);
    $("result-note").textContent = note || "";
    beep(kind === "green" ? "ok" : kind === "amber" ? "repeat" : "refused");
  }
  function showAnswer(answer) {
    var body = answer.body;
    if (body.result === "checked_in") {
      show("green", TEXT.checked_in, body.participant);
    } else if (body.result === "already_checked_in") {
      show("amber", fill(TEXT.already, {time: when(body.first_checked_in_at)}), body.participant);
    } else {
      show("red", TEXT.refused + ": " + body.error.message, body.participant || null);
    }
  }

  var recent = [];
  function remember(scan, state, body, participant) {
    var existing = recent.find(function (item) { return item.scan_id === scan.scan_id; });
    var item = existing || {scan_id: scan.scan_id, scanned_at: scan.scanned_at};
    item.state = state;
    item.result = body ? body.result : null;
    item.participant = participant || (body && body.participant) || item.participant || null;
    item.message = body && body.error ? body.error.message : "";
    if (!existing) { recent.unshift(item); recent.length = Math.min(recent.length, 12); }
    drawRecent();
  }
  function drawRecent() {
    var list = $("recent");
    list.replaceChildren.apply(list, recent.map(function (item) {
      var row = document.createElement("li");
      var colour = {checked_in: "success", already_checked_in: "warning", invalid: "danger"}[item.result] || "secondary";
      row.className = "list-group-item d-flex justify-content-between gap-2 border-start border-4 border-" + colour;
      var who = document.createElement("span");
      who.textContent = clock(item.scanned_at) + " · " + (item.participant ? item.participant.full_name : "—") +
        (item.result ? " · " + TEXT["result_" + item.result] : "") + (item.message ? " (" + item.message + ")" : "");
      var state = document.createElement("span");
      state.className = "text-muted text-nowrap";
      state.textContent = item.state === "uploaded" ? TEXT.uploaded : TEXT.waiting;
      row.append(who, state);
      return row;
    }));
  }

  /* ---- Sending scans ---- */
  function uuid() {
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.from(bytes, function (b) { return b.toString(16).padStart(2, "0"); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }
  function deviceName() {
    var name = localStorage.getItem("eventapp-device");
    if (!name) {
      name = "web-" + uuid().slice(0, 8);
      localStorage.setItem("eventapp-device", name);
    }
    return name;
  }

  /* Resolves with {answered, status, body}: answered when the server decided
     about the scan (it then holds it); rejects when the network failed. */
  function send(scan) {
    return fetch(app.dataset.checkinUrl, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrfToken},
      body: JSON.stringify({code: scan.code, scan_id: scan.scan_id, scanned_at: scan.scanned_at, gate: scan.gate,
                            device: scan.device, method: scan.method, list_id: scan.list_id})
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        return {answered: typeof body.result === "string" && response.status < 500, status: response.status,
                body: body};
      });
    });
  }

  function judgeOffline(code) {
    var entry = roster.byCode.get(code.toUpperCase());
    var listTime = roster.fetchedAt ? clock(roster.fetchedAt) : "";
    if (entry) {
      var key = entry.code + "|" + checkinList.id;
      var refusal = listRefusal(entry.participant);
      if (refusal) {
        show("red", TEXT.refused + ": " + refusal, entry.participant, TEXT.offline_saved);
      } else if (!checkinList.allow_reentry && (entry.checked_in_at || enteredHere.has(key))) {
        show("amber", fill(TEXT.already, {time: entry.checked_in_at ? when(entry.checked_in_at) : "—"}),
             entry.participant, TEXT.offline_saved);
      } else {
        enteredHere.add(key);
        show("green", TEXT.checked_in, entry.participant,
             fill(TEXT.offline_checked, {time: listTime}) + " " + TEXT.offline_saved);
      }
      return entry.participant;
    }
    var parts = BADGE_CODE.exec(code.toUpperCase());
    if (parts && Number(parts[1]) !== eventId) {
      show("red", TEXT.refused + ": " + TEXT.offline_other_event, null, TEXT.offline_saved);
    } else if (roster.fetchedAt) {
      show("red", TEXT.refused + ": " + fill(TEXT.offline_unknown, {time: listTime}), null, TEXT.offline_saved);
    } else {
      show("red", TEXT.refused, null, TEXT.offline_no_list);
    }
    return null;
  }

  function markEntered(body) {
    var here = body.scan && body.scan.list_id === checkinList.id;
    if (here && (body.result === "checked_in" || body.result === "already_checked_in")) {
      roster.byCode.forEach(function (entry) {
        if (entry.participant.id === body.participant.id && !entry.checked_in_at) {
          entry.checked_in_at = body.first_checked_in_at;
        }
      });
    }
  }

  function handleCode(rawCode, method) {
    var code = (rawCode || "").trim();
    if (!code) { return Promise.resolve(); }
    var scan = {scan_id: uuid(), event_id: eventId, code: code, scanned_at: new Date().toISOString(),
                gate: $("gate").value.trim(), device: deviceName(), method: method, list_id: checkinList.id};
    return send(scan).then(function (answer) {
      setOnline(true);
      if (answer.answered) {
        showAnswer(answer);
        markEntered(answer.body);
        remember(scan, "uploaded", answer.body);
        refreshCounts();
        return;
      }
      return queueAdd(scan).then(function () {
        show("red", answer.status === 401 || answer.status === 403 || answer.status === 400
          ? TEXT.session_lost : TEXT.server_trouble, null, TEXT.offline_saved);
        remember(scan, "waiting", null);
      });
    }, function () {
      setOnline(false);
      return queueAdd(scan).then(function () {
        remember(scan, "waiting", null, judgeOffline(code));
        scheduleUpload();
      });
    }).then(showQueueLength);
  }

  /* ---- Uploading the queue when the network is back ---- */
  var uploading = false;
  var retryTimer = null;
  function scheduleUpload() {
    if (!retryTimer) { retryTimer = setTimeout(function () { retryTimer = null; upload(); }, RETRY_MS); }
  }
  function upload() {
    if (uploading) { return Promise.resolve(); }
    uploading = true;
    var sent = 0;
    return queued().then(function (items) {
      var chain = Promise.resolve(true);
      items.forEach(function (scan) {
        chain = chain.then(function (goOn) {
          if (!goOn) { return false; }
          return send(scan).then(function (answer) {
            setOnline(true);
            if (!answer.answered) {
              $("result-note").textContent = TEXT.session_lost;
              return false;
            }
            return queueRemove(scan.scan_id).then(function () {
              sent += 1;
              markEntered(answer.body);
              remember(scan, "uploaded", answer.body);
              return showQueueLength().then(function () { return true; });
            });
          }, function () { setOnline(false); return false; });
        });
      });
      return chain.then(function (allSent) {
        if (!allSent) { scheduleUpload(); }
        // Whatever reached the server counts at once, even if the rest waits.
        if (sent) { refreshCounts(); refreshRoster(); }
      });
    }).finally(function () { uploading = false; showQueueLength(); });
  }

  /* ---- Finding people who forgot their badge ---- */
  function fold(text) {
    return text.toLowerCase().replace(/đ/g, "d").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/\s+/g, " ").trim();
  }
  function drawPeople(items, note, offline) {
    $("search-note").textContent = note || (items.length ? "" : TEXT.search_none);
    var list = $("search-results");
    list.replaceChildren.apply(list, items.map(function (item) {
      var person = item.participant;
      var row = document.createElement("li");
      row.className = "list-group-item";
      var name = document.createElement("div");
      name.className = "fw-bold";
      name.textContent = person.full_name;
      var details = document.createElement("div");
      details.className = "small text-muted";
      details.textContent = participantLine(person) + " · " + (page.statuses[person.status] || person.status);
      row.append(name, details);
      var entered = !checkinList.allow_reentry &&
        (item.checked_in_at || (item.code && enteredHere.has(item.code + "|" + checkinList.id)));
      var state = document.createElement("div");
      state.className = "small mt-1 fw-semibold";
      if (entered) {
        // Already in: say since when, and offer no second check-in.
        state.classList.add("text-warning-emphasis");
        state.dataset.state = "in";
        state.textContent = fill(TEXT.already_in, {time: item.checked_in_at ? when(item.checked_in_at) : "—"});
      } else if (!item.code) {
        state.classList.add("text-danger-emphasis");
        state.dataset.state = person.status;
        var hints = {pending: TEXT.pending_hint, waitlisted: TEXT.waitlisted_hint};
        state.textContent = hints[person.status] || TEXT.refused_hint;
      }
      if (state.textContent) { row.append(state); }
      if (item.code) {
        var actions = document.createElement("div");
        actions.className = "d-flex flex-wrap gap-2 mt-2 align-items-center";
        if (!entered) {
          var checkIn = document.createElement("button");
          checkIn.type = "button";
          checkIn.className = "btn btn-success btn-sm";
          checkIn.textContent = TEXT.check_in;
          checkIn.addEventListener("click", function () { handleCode(item.code, "search"); });
          actions.append(checkIn);
        }
        if (offline) {
          var why = document.createElement("span");
          why.className = "small text-muted";
          why.textContent = TEXT.print_needs_network;
          actions.append(why);
        } else {
          var print = document.createElement("a");
          print.className = "btn btn-outline-secondary btn-sm";
          print.target = "_blank";
          print.rel = "noopener";
          print.href = app.dataset.badgeUrl.replace("/participants/0/", "/participants/" + person.id + "/");
          print.textContent = TEXT.print_badge;
          actions.append(print);
        }
        row.append(actions);
      }
      return row;
    }));
  }
  function searchOffline(text) {
    var words = fold(text).split(" ");
    var found = [];
    roster.byCode.forEach(function (entry) {
      if (found.length < 20 && words.every(function (word) { return entry.search_text.indexOf(word) !== -1; })) {
        found.push(entry);
      }
    });
    drawPeople(found, TEXT.search_offline + (found.length ? "" : " " + TEXT.search_none), true);
  }
  function search(text) {
    if (fold(text).replace(/ /g, "").length < 2) { drawPeople([], TEXT.search_short); return; }
    var url = atList(app.dataset.peopleUrl);
    url.searchParams.set("q", text);
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
      .then(function (body) { setOnline(true); drawPeople(body.items); })
      .catch(function () { searchOffline(text); });
  }

  /* ---- Camera (static/js/qr-camera.js) ---- */
  QrCamera({
    view: "camera-view", start: $("camera-start"), stop: $("camera-stop"), error: $("camera-error"),
    unavailable: TEXT.camera_unavailable, onCode: function (text) { handleCode(text, "qr"); }
  });

  /* ---- Wiring ---- */
  $("wedge-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var field = $("wedge");
    var code = field.value;
    field.value = "";
    field.focus();
    handleCode(code, "qr");
  });
  $("search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    search($("search").value);
  });
  $("checkin-list").addEventListener("change", function () {
    checkinList = listById(Number($("checkin-list").value)) || checkinList;
    localStorage.setItem(LIST_KEY, String(checkinList.id));
    showList();
    loadSavedRoster().then(refreshRoster);
    countsAsked = 0;
    refreshCounts();
  });
  showList();
  $("gate").value = localStorage.getItem("eventapp-gate") || "";
  $("gate").addEventListener("change", function () { localStorage.setItem("eventapp-gate", $("gate").value.trim()); });
  window.addEventListener("online", function () { setOnline(true); upload(); });
  window.addEventListener("offline", function () { setOnline(false); });

  if ("serviceWorker" in navigator) {
    // Only on https or localhost; elsewhere the page still works, but a reload needs the network.
    navigator.serviceWorker.register(app.dataset.serviceWorker).catch(function () {});
  }
  setOnline(navigator.onLine);
  loadSavedRoster().then(refreshRoster).then(upload);
  showQueueLength();
  refreshCounts();
  setInterval(function () { refreshRoster(); refreshCounts(); }, ROSTER_REFRESH_MS);
  setInterval(upload, RETRY_MS * 3);
}());

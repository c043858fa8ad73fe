/* The arrivals dashboard: figures and chart refreshed from the stats API
   every 15 seconds, so a screen at the organisers' desk follows the door. */
(function () {
  "use strict";

  var root = document.getElementById("dashboard");
  if (!root) { return; }
  var page = JSON.parse(document.getElementById("dashboard-texts").textContent);
  var TEXT = page.texts;
  var REFRESH_MS = 15000;
  var locale = root.dataset.language === "en" ? "en-GB" : "vi-VN";
  var numbers = new Intl.NumberFormat(locale);
  var clockFormat = new Intl.DateTimeFormat(locale, {hour: "2-digit", minute: "2-digit", timeZone: root.dataset.timezone});
  var secondsFormat = new Intl.DateTimeFormat(locale, {hour: "2-digit", minute: "2-digit", second: "2-digit",
                                                      timeZone: root.dataset.timezone});
  var chart = null;

  function fill(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_match, name) { return String(values[name]); });
  }
  function setText(id, text) { document.getElementById(id).textContent = text; }

  function rows(bodyId, entries) {
    var body = document.getElementById(bodyId);
    body.replaceChildren.apply(body, entries.map(function (entry) {
      var row = document.createElement("tr");
      var label = document.createElement("th");
      label.scope = "row";
      label.textContent = entry[0];
      row.append(label);
      [entry[1].checked_in, entry[1].total].forEach(function (value) {
        var cell = document.createElement("td");
        cell.className = "text-end";
        cell.textContent = numbers.format(value);
        row.append(cell);
      });
      return row;
    }));
  }

  // Each list's people per day, and each day's at any list (in the event's day order).
  function listRows(stats) {
    var body = document.getElementById("by-list");
    body.replaceChildren.apply(body, stats.lists.map(function (list) {
      var row = document.createElement("tr");
      var label = document.createElement("th");
      label.scope = "row";
      label.textContent = list.name;
      row.append(label);
      stats.days.map(function (day) { return list.by_day[day.day] || 0; }).concat([list.checked_in]).forEach(function (value) {
        var cell = document.createElement("td");
        cell.className = "text-end";
        cell.textContent = numbers.format(value);
        row.append(cell);
      });
      return row;
    }));
    var cells = document.querySelectorAll("#by-day td");
    stats.days.forEach(function (day, index) { if (cells[index]) { cells[index].textContent = numbers.format(day.checked_in); } });
  }

  function drawChart(arrivals) {
    var labels = arrivals.map(function (bucket) { return clockFormat.format(new Date(bucket.at)); });
    var perQuarter = arrivals.map(function (bucket) { return bucket.arrivals; });
    var cumulative = arrivals.map(function (bucket) { return bucket.cumulative; });
    var empty = document.getElementById("arrivals-empty");
    if (empty && arrivals.length) { empty.remove(); }
    if (typeof Chart === "undefined") { return; }
    if (chart) {
      chart.data.labels = labels;
      chart.data.datasets[0].data = perQuarter;
      chart.data.datasets[1].data = cumulative;
      chart.update("none");
      return;
    }
    chart = new Chart(document.getElementById("arrivals-chart"), {
      data: {
        labels: labels,
        datasets: [
          {type: "bar", label: TEXT.arrivals, data: perQuarter, backgroundColor: "#0b6b3a", yAxisID: "y"},
          {type: "line", label: TEXT.cumulative, data: cumulative, borderColor: "#b8860b",
           backgroundColor: "#b8860b", tension: 0.2, yAxisID: "total"}
        ]
      },
      options: {
        maintainAspectRatio: false, animation: false,
        scales: {
          y: {beginAtZero: true, position: "left", ticks: {precision: 0}},
          total: {beginAtZero: true, position: "right", grid: {drawOnChartArea: false}, ticks: {precision: 0}}
        }
      }
    });
  }

  function show(stats) {
    setText("stat-checked-in", numbers.format(stats.checked_in));
    setText("stat-total", numbers.format(stats.total));
    setText("stat-percent", (stats.total ? Math.round(100 * stats.checked_in / stats.total) : 0) + "\u00a0%");
    setText("stat-invalid", numbers.format(stats.invalid_scans));
    var progress = document.getElementById("stat-progress");
    progress.max = stats.total || 1;
    progress.value = stats.checked_in;
    // JSON objects lose their order: roles go in the vocabulary's order, provinces biggest first.
    rows("by-role", Object.keys(page.roles).filter(function (role) { return role in stats.by_role; })
      .map(function (role) { return [page.roles[role], stats.by_role[role]]; }));
    var provinces = Object.keys(stats.by_province).map(function (code) {
      return [stats.by_province[code].name, stats.by_province[code]];
    }).sort(function (a, b) { return b[1].total - a[1].total || a[0].localeCompare(b[0]); });
    if (provinces.length) { rows("by-province", provinces); }
    listRows(stats);
    drawChart(stats.arrivals);
    // Entries dated before or after the event's days (a test scan, a phone's
    // clock set wrong) are counted here, never stretched into the chart.
    var outside = document.getElementById("stat-outside");
    outside.hidden = !stats.outside_event_days;
    outside.textContent = stats.outside_event_days === 1 ? TEXT.outside_one
      : fill(TEXT.outside_many, {num: numbers.format(stats.outside_event_days)});
    setText("stat-updated", fill(TEXT.updated, {time: secondsFormat.format(new Date())}));
  }

  function refresh() {
    fetch(root.dataset.statsUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
      .then(show)
      .catch(function () { setText("stat-updated", TEXT.refresh_failed); });
  }

  refresh();
  setInterval(refresh, REFRESH_MS);
}());

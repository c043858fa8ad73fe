// The officials' dashboard: a bar chart of the MoUs per category, drawn from
// the figures the page embeds (the table beside it shows the same numbers).
(function () {
  var data = JSON.parse(document.getElementById("mou-chart-data").textContent);
  var canvas = document.getElementById("mou-chart");
  if (!window.Chart || !canvas) { return; }

  // Long Vietnamese labels read better on a few short lines than slanted.
  function wrap(label, width) {
    var lines = [], line = "";
    label.split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > width) { lines.push(line); line = word; }
      else { line = line ? line + " " + word : word; }
    });
    if (line) { lines.push(line); }
    return lines;
  }

  window.Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels.map(function (label) { return wrap(label, 22); }),
      datasets: [{ label: data.title, data: data.counts, backgroundColor: "#0b6b3a" }]
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      plugins: { legend: { display: false }, title: { display: true, text: data.title } },
      scales: { x: { ticks: { maxRotation: 0, autoSkip: false } }, y: { beginAtZero: true, ticks: { precision: 0 } } }
    }
  });
})();

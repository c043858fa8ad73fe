// The officials' dashboard: a bar chart of the MoUs per category, drawn from
// the figures the page embeds (the table beside it shows the same numbers).
(function () {
  var data = JSON.parse(document.getElementById("mou-chart-data").textContent);
  var canvas = document.getElementById("mou-chart");
  if (!window.Chart || !canvas) { return; }
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [{ label: data.title, data: data.counts, backgroundColor: "#0b6b3a" }]
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      plugins: { legend: { display: false }, title: { display: true, text: data.title } },
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }
    }
  });
})();

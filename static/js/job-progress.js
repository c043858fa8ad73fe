// A background job's page: move the progress bar from GET /api/v1/jobs/{id}
// (the session signs the request in) while the job is queued or running, and
// reload once it has ended, when the page shows its result. Without
// JavaScript the page shows where the job was when it was opened.
(function () {
  "use strict";
  const page = document.getElementById("job");
  if (!page || !window.fetch || ["queued", "running"].indexOf(page.dataset.status) < 0) {
    return;
  }
  const meter = page.querySelector(".progress");
  const bar = meter.querySelector(".progress-bar");
  const status = document.getElementById("job-status");
  show(Number(meter.getAttribute("aria-valuenow")) / 100);

  function show(fraction) {
    const percent = Math.round(Math.max(0, Math.min(1, fraction)) * 100);
    bar.className = bar.className.replace(/\bw-\d+\b/, "");
    bar.style.width = percent + "%";
    meter.setAttribute("aria-valuenow", String(percent));
  }

  const poll = window.setInterval(function () {
    fetch(page.dataset.api, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (job) {
        if (!job) {
          return;
        }
        show(job.progress);
        if (job.status === "running") {
          status.textContent = status.dataset.running.replace("{percent}", String(Math.round(job.progress * 100)));
        }
        if (job.status === "finished" || job.status === "failed") {
          window.clearInterval(poll);
          window.location.reload();
        }
      })
      .catch(function () { /* the next poll tries again */ });
  }, 1000);
})();

// The organisers' meeting board: run the scheduler through the API and show
// its progress, read from the run's row by polling (any web worker answers).
// Without JavaScript the form posts to the page and the board reloads when done.
// A time limit longer than a request may last runs as a job: the organiser
// goes to the job's page, which shows its progress.
(function () {
  "use strict";
  const form = document.getElementById("run-form");
  const csrf = document.querySelector('meta[name="csrf-token"]').content;

  // While the figures and reasons are brought up to date by a job, wait for
  // it and reload once (a failed job leaves the page as it is).
  const analysis = document.querySelector("[data-analysis-job]");
  if (analysis && window.fetch) {
    const waiting = window.setInterval(function () {
      fetch(analysis.dataset.analysisJob, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (job) {
          if (job && (job.status === "finished" || job.status === "failed")) {
            window.clearInterval(waiting);
            if (job.status === "finished") {
              window.location.reload();
            }
          }
        })
        .catch(function () { /* the next poll tries again */ });
    }, 1500);
  }

  if (!form || !window.fetch) {
    return;
  }
  const button = document.getElementById("run-button");
  const box = document.getElementById("run-progress");
  const bar = box.querySelector(".progress-bar");
  const meter = box.querySelector(".progress");
  const status = document.getElementById("run-status");

  function show(fraction) {
    const percent = Math.round(Math.max(0, Math.min(1, fraction)) * 100);
    bar.style.width = percent + "%";
    meter.setAttribute("aria-valuenow", String(percent));
  }

  function refused(body) {
    button.disabled = false;
    box.hidden = true;
    status.textContent = (body && body.error && body.error.message) || form.dataset.failed;
    status.classList.add("text-danger");
  }

  function startJob() {
    fetch(form.dataset.api, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Accept": "application/json", "Content-Type": "application/json", "X-CSRFToken": csrf},
      body: JSON.stringify({background: true}),
    }).then(function (response) {
      return response.json().then(function (body) { return {ok: response.ok, body: body}; });
    }).then(function (result) {
      if (result.ok) {
        window.location.href = form.dataset.jobPage.replace(/0$/, String(result.body.job.id));
      } else {
        refused(result.body);
      }
    }).catch(function () { refused(null); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    // After publication a run may e-mail many people: it asks first.
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      return;
    }
    button.disabled = true;
    if (form.dataset.background) {
      startJob();
      return;
    }
    box.hidden = false;
    show(0);
    let finished = false;
    const poll = window.setInterval(function () {
      fetch(form.dataset.api, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (run) {
          if (!finished && run && run.status === "running") {
            show(run.progress);
          }
        })
        .catch(function () { /* the next poll tries again */ });
    }, 400);
    fetch(form.dataset.api, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Accept": "application/json", "X-CSRFToken": csrf},
    }).then(function (response) {
      return response.json().then(function (body) { return {ok: response.ok, body: body}; });
    }).then(function (result) {
      finished = true;
      window.clearInterval(poll);
      if (result.ok) {
        show(1);
        window.location.reload();
      } else {
        button.disabled = false;
        box.hidden = true;
        status.textContent = (result.body.error && result.body.error.message) || form.dataset.failed;
        status.classList.add("text-danger");
      }
    }).catch(function () {
      finished = true;
      window.clearInterval(poll);
      button.disabled = false;
      box.hidden = true;
      status.textContent = form.dataset.failed;
      status.classList.add("text-danger");
    });
  });
})();

// Keeps a job page's progress bar current by polling the job API; reloads the page once the job has ended,
// so that the server shows the downloads. No library, nothing fetched from elsewhere.
(function () {
  "use strict";
  var box = document.querySelector("[data-job]");
  if (!box || box.dataset.status === "done" || box.dataset.status === "failed") { return; }
  var bar = document.getElementById("job-progress");
  var count = document.getElementById("job-count");
  var delay = 1000;

  function poll() {
    fetch(box.dataset.job, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (job) {
        bar.max = Math.max(job.total, 1);
        bar.value = job.done;
        count.textContent = count.textContent.replace(/\d+(\D+)\d+/, job.done + "$1" + job.total);
        if (job.status !== box.dataset.status) {
          if (job.status === "done" || job.status === "failed" || job.status === "running") {
            window.location.reload();
            return;
          }
        }
        window.setTimeout(poll, delay);
      })
      .catch(function () { delay = Math.min(delay * 2, 10000); window.setTimeout(poll, delay); });
  }
  window.setTimeout(poll, delay);
})();

// The progress page of a job updates in place: poll the JSON status, update the text and the bar,
// and start the download when it is ready. Without JavaScript the page refreshes itself instead.
(function () {
  "use strict";
  var box = document.querySelector("[data-job-status-url]");
  if (!box) { return; }
  var status = box.getAttribute("data-job-status");
  if (status !== "queued" && status !== "running") { return; }
  var url = box.getAttribute("data-job-status-url");
  var text = box.querySelector("[data-job-text]");
  var bar = box.querySelector("[data-job-bar]");
  var download = box.querySelector("[data-job-download]");

  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        text.textContent = job.text;
        if (bar) { bar.max = job.total; bar.value = job.done; bar.textContent = job.done + " / " + job.total; }
        if (job.status === "done" && job.download_url) {
          download.hidden = false;
          var waiting = box.querySelector("[data-job-waiting]");
          if (waiting) { waiting.hidden = true; }
          window.location.assign(job.download_url);
        } else if (job.status === "failed") {
          window.location.reload();  // the server shows the message and the retry button
        } else {
          window.setTimeout(poll, 1500);
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
}());

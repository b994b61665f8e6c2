// 导出任务: every progress bar of a job still queued or running asks the API for its state every
// two seconds and moves; once the job is done or failed the page reloads, and the server draws the
// download link or the reason. Without JS the page refreshes itself (<noscript> meta refresh).
(function () {
  "use strict";
  // A bar may name its own active states (数据导入: queued checking writing).
  var DEFAULT_ACTIVE = "queued running";
  function activeStates(bar) {
    var active = {};
    (bar.dataset.activeStates || DEFAULT_ACTIVE).split(" ").forEach(function (state) { active[state] = true; });
    return active;
  }

  function show(bar, job) {
    var progress = bar.querySelector("progress");
    progress.max = Math.max(job.total, 1);
    progress.value = job.state === "done" ? job.total : job.done;
    progress.textContent = job.percent + "%";
    var count = bar.querySelector("[data-export-count]");
    count.textContent = bar.dataset.countText
      .replace("{done}", job.done).replace("{total}", job.total).replace("{percent}", job.percent + "%");
    bar.querySelector("[data-export-label]").textContent = job.state_label;
    bar.className = bar.className.replace(/state-\w+/, "state-" + job.state);
  }

  function watch(bar) {
    function poll() {
      fetch(bar.dataset.exportStatus, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
        .then(function (job) {
          show(bar, job);
          if (activeStates(bar)[job.state]) { window.setTimeout(poll, 2000); } else { window.location.reload(); }
        })
        .catch(function () { window.setTimeout(poll, 5000); });
    }
    window.setTimeout(poll, 1000);
  }

  document.querySelectorAll("[data-export-status]").forEach(function (bar) {
    if (activeStates(bar)[bar.dataset.exportState]) { watch(bar); }
  });
})();

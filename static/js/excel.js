// Excel pages: the progress bar of a large export polls its job until the file is ready.
(function () {
  "use strict";
  var box = document.getElementById("export-job");
  if (!box) return;
  var bar = box.querySelector("[data-role=bar]");
  var statusText = box.querySelector("[data-role=status]");
  var count = box.querySelector("[data-role=count]");
  var message = box.querySelector("[data-role=message]");
  var link = box.querySelector("[data-role=download]");

  function show(percent) {
    bar.style.width = percent + "%";
    bar.textContent = percent + "%";
    bar.parentNode.setAttribute("aria-valuenow", percent);
  }
  show(parseInt(bar.getAttribute("data-width"), 10) || 0);

  function poll() {
    fetch(box.getAttribute("data-status-url"), { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        show(job.percent);
        statusText.textContent = job.status_label;
        count.textContent = job.progress;
        message.textContent = job.message || "";
        if (job.status === "done") {
          bar.classList.remove("progress-bar-animated");
          link.href = job.download;
          link.classList.remove("d-none");
        } else if (job.status !== "failed") {
          window.setTimeout(poll, 500);
        }
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }
  if (link.classList.contains("d-none")) poll();
})();

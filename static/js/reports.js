/* Report page: when the polled status turns "done", reload to show the new text. */
(function () {
  "use strict";
  document.body.addEventListener("htmx:afterSwap", function () {
    var status = document.getElementById("report-status");
    if (status && status.dataset.status === "done" && !status.dataset.reloaded) {
      status.dataset.reloaded = "1";
      window.location.reload();
    }
  });
})();

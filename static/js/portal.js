/* Small behaviours shared by every page; no inline scripts anywhere (strict CSP). */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches("[data-autosubmit]")) { el.form.submit(); }
  });
  document.addEventListener("click", function (event) {
    var el = event.target.closest("[data-back]");
    if (el) { event.preventDefault(); history.back(); }
  });
  // Bootstrap styling for Django's form widgets and server-side errors.
  document.querySelectorAll(".portal-form input:not([type=hidden]):not([type=checkbox]), .portal-form textarea").forEach(function (el) { el.classList.add("form-control"); });
  document.querySelectorAll(".portal-form select").forEach(function (el) { el.classList.add("form-select"); });
  document.querySelectorAll(".portal-form .invalid-feedback[data-field]").forEach(function (fb) {
    var input = fb.parentElement.querySelector("[name='" + fb.dataset.field + "']");
    if (input) { input.classList.add("is-invalid"); }
  });
})();

/* List pages: Bootstrap styling for the FilterSet's widgets (rendered by django-filter). */
(function () {
  "use strict";
  document.querySelectorAll(".portal-filters input:not([type=hidden]):not([type=checkbox])").forEach(function (el) {
    el.classList.add("form-control", "form-control-sm");
  });
  document.querySelectorAll(".portal-filters select").forEach(function (el) {
    el.classList.add("form-select", "form-select-sm");
  });
})();

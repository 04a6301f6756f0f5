/* The monthly figures grid (月度填报): spreadsheet-like keys and saving without a page reload.
   Tab / Shift+Tab: next / previous cell (the browser's own order); Enter / Shift+Enter and the
   up / down arrows: the same column one row down / up. A row is saved when focus leaves it; "Save
   all" saves every changed row in one request. The server answers with each row's new version,
   its errors and its flags (jumps or drops that need a note). */
(function () {
  "use strict";
  var table = document.getElementById("stat-grid");
  var metaEl = document.getElementById("grid-meta");
  if (!table || !metaEl) { return; }
  var meta = JSON.parse(metaEl.textContent);
  var statusEl = document.getElementById("grid-status");
  var editable = table.dataset.editable === "1";
  var csrf = (document.querySelector("[name=csrfmiddlewaretoken]") || {}).value ||
    (JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"]);
  var inflight = 0;

  function say(key, extra) {
    if (!statusEl) { return; }
    statusEl.textContent = (statusEl.dataset[key] || "") + (extra ? " " + extra : "");
    statusEl.className = "small " + (key === "saved" ? "text-success" : key === "saving" ? "text-muted" : "text-danger");
  }

  function rowOf(el) { return el.closest("tr[data-enterprise]"); }

  function move(input, delta) {
    var td = input.closest("td");
    var row = rowOf(input);
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr[data-enterprise]"));
    var target = rows[rows.indexOf(row) + delta];
    if (!target) { return; }
    var next = target.querySelector("td[data-field='" + td.dataset.field + "'] input");
    if (next) { next.focus(); next.select(); }
  }

  table.addEventListener("keydown", function (event) {
    var input = event.target;
    if (input.tagName !== "INPUT") { return; }
    if (event.key === "Enter") { event.preventDefault(); move(input, event.shiftKey ? -1 : 1); }
    else if (event.key === "ArrowDown") { event.preventDefault(); move(input, 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); move(input, -1); }
  });

  table.addEventListener("input", function (event) {
    var row = rowOf(event.target);
    if (row) { row.classList.add("dirty"); row.classList.remove("saved"); }
  });

  table.addEventListener("focusout", function (event) {
    var row = rowOf(event.target);
    if (!row || !editable) { return; }
    // Save when focus leaves the row (not when it moves to another cell of it).
    setTimeout(function () {
      if (!row.contains(document.activeElement) && row.classList.contains("dirty")) { save([row]); }
    }, 0);
  });

  function payloadRow(row) {
    var values = {};
    row.querySelectorAll("input[name]").forEach(function (input) { values[input.name] = input.value; });
    return { enterprise: row.dataset.enterprise, version: row.dataset.version || null, values: values };
  }

  function showFlags(row, flags) {
    var noteNeeded = false;
    row.querySelectorAll("td[data-field]").forEach(function (td) {
      if (td.dataset.field === "note") { return; }
      var messages = (flags || {})[td.dataset.field] || [];
      td.classList.toggle("flagged", messages.length > 0);
      td.title = messages.join("; ");
      var msg = td.querySelector("[data-msg]");
      if (msg && !td.classList.contains("invalid")) { msg.textContent = messages.join("; "); }
      if (messages.length) { noteNeeded = true; }
    });
    var note = row.querySelector("input[name=note]");
    row.classList.toggle("needs-note", noteNeeded && !(note && note.value.trim()));
  }

  function showErrors(row, errors) {
    row.querySelectorAll("td[data-field]").forEach(function (td) {
      var messages = (errors || {})[td.dataset.field] || [];
      td.classList.toggle("invalid", messages.length > 0);
      var msg = td.querySelector("[data-msg]");
      if (messages.length && msg) { msg.textContent = messages.join("; "); msg.className = "cell-msg text-danger"; }
      else if (msg) { msg.className = "cell-msg text-warning-emphasis"; }
    });
    var rowMsg = row.querySelector("[data-row-msg]");
    if (rowMsg) { rowMsg.textContent = ((errors || {}).__all__ || []).join("; "); }
  }

  function save(rows) {
    if (!rows.length) { return Promise.resolve(); }
    inflight += 1;
    say("saving");
    var body = JSON.stringify({ park: meta.park, year: meta.year, month: meta.month, rows: rows.map(payloadRow) });
    return fetch(meta.save_url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, "X-Requested-With": "fetch" },
      body: body
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      var data = result.data;
      if (data.error) { say("failed", data.error); return; }
      rows.forEach(function (row) {
        var id = row.dataset.enterprise;
        var errors = (data.errors || {})[id];
        showErrors(row, errors);
        if (id in (data.saved || {})) {
          row.dataset.version = data.saved[id];
          row.classList.remove("dirty");
          row.classList.add("saved");
          showFlags(row, (data.flags || {})[id]);
        }
      });
      say(result.ok ? "saved" : "failed");
    }).catch(function () { say("offline"); }).then(function () { inflight -= 1; });
  }

  var saveAll = document.getElementById("grid-save-all");
  if (saveAll) {
    saveAll.addEventListener("click", function () {
      save(Array.prototype.slice.call(table.querySelectorAll("tr.dirty")));
    });
  }

  // Submitting first saves what is still unsaved on the page.
  var submitForm = document.getElementById("grid-submit-form");
  if (submitForm) {
    submitForm.addEventListener("submit", function (event) {
      var dirty = Array.prototype.slice.call(table.querySelectorAll("tr.dirty"));
      if (!dirty.length && !inflight) { return; }
      event.preventDefault();
      save(dirty).then(function () { if (!table.querySelector("tr.dirty")) { submitForm.submit(); } });
    });
  }

  window.addEventListener("beforeunload", function (event) {
    if (table.querySelector("tr.dirty")) { event.preventDefault(); event.returnValue = ""; }
  });
})();

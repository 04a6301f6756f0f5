/* The big screen: fetches the cockpit's JSON and redraws, every few minutes, without reloading. */
(function () {
  "use strict";
  var root = document.getElementById("bigscreen");
  if (!root || !window.echarts) { return; }
  var TEXT = "#d6e4ff", GRID = "#1f3d7a";
  var charts = {};

  function chart(id) {
    if (!charts[id]) { charts[id] = echarts.init(document.getElementById(id), null, { renderer: "canvas" }); }
    return charts[id];
  }
  function num(v) { return v === null || v === undefined ? null : Number(v); }
  function pct(v) { return v === null || v === undefined ? "—" : (Number(v) * 100).toFixed(1) + "%"; }
  function signed(v) { return v === null || v === undefined ? "—" : (v > 0 ? "+" : "") + pct(v); }
  function cls(v) { return v === null || v === undefined || Number(v) === 0 ? "flat" : Number(v) > 0 ? "up" : "down"; }
  function fmt(v, unit) {
    if (v === null || v === undefined) { return "—"; }
    var n = Number(v);
    if (unit === "万元" || unit === "10k yuan") {
      return n >= 10000 ? (n / 10000).toFixed(2) + "<small>亿元</small>".replace("亿元", unit === "万元" ? "亿元" : "100M yuan") : n.toFixed(0) + "<small>" + unit + "</small>";
    }
    return n.toLocaleString() + "<small>" + unit + "</small>";
  }
  function esc(s) { var d = document.createElement("div"); d.textContent = s; return d.innerHTML; }
  var axis = { axisLine: { lineStyle: { color: GRID } }, axisLabel: { color: TEXT }, splitLine: { lineStyle: { color: GRID } } };

  function draw(data) {
    document.getElementById("bs-span").textContent = data.span_label;
    document.getElementById("bs-asof").textContent = data.computed_at_label;
    document.getElementById("bs-clock").textContent = new Date().toTimeString().slice(0, 5);
    var stale = document.getElementById("bs-stale");
    stale.textContent = data.stale ? stale.dataset.text : "";
    document.getElementById("bs-cards").innerHTML = data.headline.map(function (f) {
      return '<div class="bs-card"><div class="n">' + esc(f.name) + '</div><div class="v">' + fmt(f.value, f.unit) +
        '</div><div class="y ' + cls(f.yoy) + '">' + esc(root.dataset.yoy) + " " + signed(f.yoy) + "</div></div>";
    }).join("");
    var c = data.charts;
    function unitOf(unit) { return function (v) { return v === null || v === undefined ? "—" : v + " " + unit; }; }
    chart("bs-trend").setOption({
      animation: false, textStyle: { color: TEXT },
      legend: { top: 0, data: [c.labels.this_year, c.labels.last_year], textStyle: { color: TEXT } },
      tooltip: { trigger: "axis", valueFormatter: unitOf(c.labels.trend_unit) }, grid: { left: 70, right: 20, top: 40, bottom: 30 },
      xAxis: Object.assign({ type: "category", data: c.trend.months.map(String) }, axis),
      yAxis: Object.assign({ type: "value", name: c.labels.trend_unit, nameTextStyle: { color: TEXT } }, axis),
      series: [
        { name: c.labels.this_year, type: "line", smooth: true, areaStyle: { opacity: 0.15 }, data: c.trend.this_year.map(num), itemStyle: { color: "#2fa4ff" } },
        { name: c.labels.last_year, type: "line", smooth: true, lineStyle: { type: "dashed" }, data: c.trend.last_year.map(num), itemStyle: { color: "#8fb0e8" } }
      ]
    });
    chart("bs-clusters").setOption({
      animation: false, grid: { left: 70, right: 20, top: 30, bottom: 50 }, tooltip: { trigger: "axis", valueFormatter: unitOf(c.labels.clusters_unit) },
      xAxis: Object.assign({ type: "category", data: c.clusters.map(function (x) { return x.name; }) }, axis),
      yAxis: Object.assign({ type: "value", name: c.labels.clusters_unit, nameTextStyle: { color: TEXT } }, axis),
      series: [{ type: "bar", data: c.clusters.map(function (x) { return num(x.value); }), itemStyle: { color: "#36cfc9" } }]
    });
    chart("bs-chains").setOption({
      animation: false, grid: { left: 130, right: 30, top: 10, bottom: 30 }, tooltip: { trigger: "axis" },
      xAxis: Object.assign({ type: "value", max: 100 }, axis, { axisLabel: Object.assign({}, axis.axisLabel, { formatter: "{value}%" }) }),
      yAxis: Object.assign({ type: "category", inverse: true, data: c.chains.map(function (x) { return x.name; }) }, axis),
      series: [{ type: "bar", data: c.chains.map(function (x) {
        var v = num(x.value);
        return { value: v, itemStyle: { color: v === null ? "#555" : v >= 80 ? "#4cd97b" : v >= 60 ? "#ffb347" : "#ff6b6b" } };
      }) }]
    });
    var rankingEmpty = document.getElementById("bs-ranking-empty");
    if (c.ranking.length) {
      rankingEmpty.textContent = "";
      chart("bs-ranking").setOption({
        animation: false, grid: { left: 130, right: 30, top: 10, bottom: 30 }, tooltip: { trigger: "axis" },
        xAxis: Object.assign({ type: "value", max: 100 }, axis),
        yAxis: Object.assign({ type: "category", inverse: true, data: c.ranking.slice(0, 10).map(function (x) { return x.name; }) }, axis),
        series: [{ type: "bar", data: c.ranking.slice(0, 10).map(function (x) { return num(x.value); }), itemStyle: { color: "#2fa4ff" } }]
      });
    } else {
      rankingEmpty.textContent = root.dataset.none;
    }
    document.getElementById("bs-targets").innerHTML = data.targets.map(function (t) {
      var w = Math.min(100, Math.max(0, Number(t.progress || 0) * 100));
      return '<div class="bs-row"><span>' + esc(t.name) + "</span><span>" + pct(t.progress) + "</span></div>" +
        '<div class="bs-bar"><span class="' + (t.behind ? "behind" : "") + '" style="width:' + w + '%"></span><i style="left:' + (Number(t.elapsed) * 100) + '%"></i></div>';
    }).join("");
    document.getElementById("bs-lagging-count").textContent = data.lagging_count;
    document.getElementById("bs-overdue").textContent = data.overdue;
    document.getElementById("bs-lagging").innerHTML = data.lagging.length ? data.lagging.map(function (p) {
      return '<div class="bs-row"><span>' + esc(p.name) + " · " + esc(p.park) + '</span><span class="up">' + pct(p.rate) + " / " + pct(p.elapsed) + "</span></div>";
    }).join("") : '<div class="bs-empty">' + esc(root.dataset.noLagging) + "</div>";
    root.dataset.loaded = String(Date.now());
  }

  function load() {
    fetch(root.dataset.src, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(draw)
      .catch(function () { /* keep the last figures on screen; try again at the next tick */ });
  }
  load();
  setInterval(load, Math.max(30, Number(root.dataset.refresh) || 180) * 1000);
})();

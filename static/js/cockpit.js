/* The cockpit's charts (ECharts, custom build). Data comes from the page's JSON block. */
(function () {
  "use strict";
  var source = document.getElementById("cockpit-data");
  if (!source || !window.echarts) { return; }
  var data = JSON.parse(source.textContent);
  var qs = window.location.search || "";
  var charts = [];

  function num(v) { return v === null || v === undefined ? null : Number(v); }
  function unitOf(unit) { return function (v) { return v === null || v === undefined ? "—" : v + " " + unit; }; }

  function make(id, option, onClick) {
    var el = document.getElementById(id);
    if (!el) { return null; }
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(option);
    if (onClick) { chart.on("click", onClick); }
    charts.push(chart);
    return chart;
  }

  var trend = data.trend;
  make("chart-trend", {
    animation: false,
    tooltip: { trigger: "axis", valueFormatter: unitOf(data.labels.trend_unit) },
    legend: { top: 0, data: [data.labels.this_year, data.labels.last_year] },
    grid: { left: 60, right: 20, top: 40, bottom: 30 },
    xAxis: { type: "category", data: trend.months.map(function (m) { return m + ""; }), name: data.labels.month },
    yAxis: { type: "value", name: data.labels.trend_unit },
    series: [
      { name: data.labels.this_year, type: "line", smooth: true, data: trend.this_year.map(num) },
      { name: data.labels.last_year, type: "line", smooth: true, lineStyle: { type: "dashed" }, data: trend.last_year.map(num) }
    ]
  });

  make("chart-clusters", {
    animation: false,
    tooltip: { trigger: "axis", valueFormatter: unitOf(data.labels.clusters_unit) },
    grid: { left: 60, right: 20, top: 30, bottom: 60 },
    xAxis: { type: "category", data: data.clusters.map(function (c) { return c.name; }), axisLabel: { rotate: 20 } },
    yAxis: { type: "value", name: data.labels.clusters_unit },
    series: [{ type: "bar", data: data.clusters.map(function (c) { return num(c.value); }), itemStyle: { color: "#2e86c1" } }]
  }, function (params) {
    var c = data.clusters[params.dataIndex];
    if (c) { window.location.href = c.url + qs; }
  });

  make("chart-chains", {
    animation: false,
    tooltip: { trigger: "axis", valueFormatter: function (v) { return v === null ? "—" : v + "%"; } },
    grid: { left: 110, right: 30, top: 10, bottom: 30 },
    xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
    yAxis: { type: "category", data: data.chains.map(function (c) { return c.name; }), inverse: true },
    series: [{
      type: "bar",
      data: data.chains.map(function (c) {
        var v = num(c.value);
        return { value: v, itemStyle: { color: v === null ? "#7f8c8d" : v >= 80 ? "#1e8449" : v >= 60 ? "#d68910" : "#c0392b" } };
      })
    }]
  }, function (params) {
    var c = data.chains[params.dataIndex];
    if (c) { window.location.href = c.url + qs; }
  });

  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();

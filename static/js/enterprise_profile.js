/* The enterprise profile (企业画像): 24 months of revenue, tax and R&D, with every event of the
   enterprise placed over the line of its month. Data comes from json_script blocks (strict CSP). */
(function () {
  "use strict";
  var el = document.getElementById("profile-chart");
  var dataEl = document.getElementById("profile-data");
  if (!el || !dataEl || typeof echarts === "undefined") { return; }
  var data = JSON.parse(dataEl.textContent);
  var labels = JSON.parse(document.getElementById("profile-labels").textContent);
  var s = data.series;
  var index = {};
  s.periods.forEach(function (p, i) { index[p] = i; });
  // Events stack above the revenue/tax line of their month.
  var stack = {};
  var points = [];
  data.events.forEach(function (e) {
    if (!(e.period in index)) { return; }
    var i = index[e.period];
    var base = Math.max(s.revenue[i] || 0, s.tax[i] || 0);
    stack[i] = (stack[i] || 0) + 1;
    points.push({ value: [e.period, base], symbolOffset: [0, -14 * stack[i]], label: e.label, kind: e.kind });
  });
  var colors = { qualification: "#198754", expired: "#6c757d", payment: "#d63384", request: "#fd7e14", resolved: "#20c997", visit: "#0d6efd", project: "#6f42c1" };
  var chart = echarts.init(el, null, { renderer: "canvas" });
  chart.setOption({
    grid: { left: 48, right: 16, top: el.clientWidth < 500 ? 64 : 36, bottom: 48 },
    tooltip: { trigger: "item", formatter: function (p) {
      if (p.seriesIndex === 3) { return p.data.value[0] + "<br>" + p.data.label; }
      return p.seriesName + " " + p.name + ": " + (p.value === null ? "—" : p.value);
    } },
    legend: { top: 0, data: [labels.revenue, labels.tax, labels.rd_expense, labels.events] },
    xAxis: { type: "category", data: s.periods, axisLabel: { rotate: 45, fontSize: 10 } },
    yAxis: { type: "value" },
    dataZoom: [{ type: "inside" }],
    series: [
      { name: labels.revenue, type: "line", data: s.revenue, connectNulls: false, smooth: false },
      { name: labels.tax, type: "line", data: s.tax, connectNulls: false },
      { name: labels.rd_expense, type: "bar", data: s.rd_expense, barMaxWidth: 8, itemStyle: { opacity: 0.5 } },
      { name: labels.events, type: "scatter", symbol: "pin", symbolSize: 18, z: 10, data: points,
        itemStyle: { color: function (p) { return colors[p.data.kind] || "#0dcaf0"; } } }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();

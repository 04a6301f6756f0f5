/* The park map: parks on their coordinates as an ECharts scatter over a plain background (no
   tiles, no boundary map), coloured by grade, with district names at their parks' centre. */
(function () {
  "use strict";
  var el = document.getElementById("park-map");
  var source = document.getElementById("park-map-data");
  if (!el || !source || !window.echarts) { return; }
  var data = JSON.parse(source.textContent);
  var COLORS = { excellent: "#1e8449", good: "#2e86c1", fair: "#d68910", poor: "#c0392b", none: "#7f8c8d" };
  var grades = {};
  data.parks.forEach(function (p) {
    (grades[p.grade] = grades[p.grade] || { label: p.grade_label || data.labels.none, rows: [] }).rows.push(p);
  });
  var districts = {};
  data.parks.forEach(function (p) {
    var d = districts[p.district] = districts[p.district] || { n: 0, lng: 0, lat: 0 };
    d.n += 1; d.lng += p.lng; d.lat += p.lat;
  });
  var series = Object.keys(grades).map(function (g) {
    return {
      name: grades[g].label, type: "scatter",
      itemStyle: { color: COLORS[g] || COLORS.none },
      symbolSize: function (v) { return 10 + Math.min(30, Math.sqrt(v[3] || 0) * 3); },
      label: { show: true, position: "right", formatter: function (p) { return p.value[2]; }, fontSize: 11 },
      data: grades[g].rows.map(function (p) { return { value: [p.lng, p.lat, p.name, p.enterprises], id: p.id }; })
    };
  });
  series.push({
    name: "districts", type: "scatter", symbolSize: 0, silent: true, legendHoverLink: false,
    label: { show: true, formatter: function (p) { return p.value[2]; }, fontSize: 20, color: "rgba(0,0,0,0.28)", fontWeight: "bold", offset: [0, -30] },
    data: Object.keys(districts).map(function (name) {
      var d = districts[name];
      return { value: [d.lng / d.n, d.lat / d.n, name] };
    })
  });
  function range(key) {  // the parks' extent with a margin, so no park sits on the frame
    var values = data.parks.map(function (p) { return p[key]; });
    var lo = Math.min.apply(null, values), hi = Math.max.apply(null, values);
    var pad = Math.max(0.03, (hi - lo) * 0.15);
    return { min: lo - pad, max: hi + pad };
  }
  var xr = data.parks.length ? range("lng") : {}, yr = data.parks.length ? range("lat") : {};
  var chart = echarts.init(el, null, { renderer: "canvas" });
  chart.setOption({
    animation: false,
    backgroundColor: "#f8f9fa",
    legend: { top: 0, data: Object.keys(grades).map(function (g) { return grades[g].label; }) },
    tooltip: { formatter: function (p) { return p.value[2]; } },
    grid: { left: 50, right: 40, top: 40, bottom: 40 },
    xAxis: { type: "value", min: xr.min, max: xr.max, splitLine: { show: false }, axisLine: { show: false }, axisLabel: { show: false }, axisTick: { show: false } },
    yAxis: { type: "value", min: yr.min, max: yr.max, splitLine: { show: false }, axisLine: { show: false }, axisLabel: { show: false }, axisTick: { show: false } },
    series: series
  });
  chart.on("click", function (p) {
    if (p.data && p.data.id) { window.location.href = el.dataset.parkUrl.replace("/0/", "/" + p.data.id + "/") + "?" + el.dataset.qs; }
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();

/* The chain map (产业链图谱): an ECharts graph, stages left to right, colour by status, size by
   enterprise count, chain masters as diamonds; a click opens the node. */
(function () {
  "use strict";
  var el = document.getElementById("chain-map");
  if (!el || !window.echarts) { return; }
  var COLORS = { missing: "#c0392b", weak: "#d68910", strong: "#1e8449" };
  var stages = (el.dataset.stages || "").split("|");

  function render(data) {
    var chart = echarts.init(el, null, { renderer: "canvas" });
    var width = el.clientWidth || 900, height = el.clientHeight || 560;
    var columns = [[], [], []];
    data.nodes.forEach(function (n) { columns[n.stage_index].push(n); });
    var nodes = [];
    columns.forEach(function (col, ci) {
      var x = width * (ci + 0.5) / 3;
      col.forEach(function (n, ri) {
        var y = 50 + (height - 80) * (ri + 0.5) / Math.max(col.length, 1);
        nodes.push({
          id: String(n.id), name: n.name, x: x, y: y,
          symbol: n.master ? "diamond" : "circle",
          symbolSize: 18 + Math.min(42, Math.sqrt(n.enterprises) * 8),
          itemStyle: { color: COLORS[n.status] || "#7f8c8d", borderColor: n.key ? "#212529" : "#fff", borderWidth: n.key ? 3 : 1 },
          label: { show: true, position: "right", formatter: n.name + " (" + n.enterprises + ")" },
          value: n.enterprises
        });
      });
    });
    var links = [];
    var ids = {};
    data.nodes.forEach(function (n) { ids[n.id] = n; });
    data.nodes.forEach(function (n) {
      if (n.parent && ids[n.parent]) { links.push({ source: String(n.parent), target: String(n.id) }); }
    });
    if (!links.length) {  // no tree given: link each stage to the next
      for (var c = 0; c < 2; c++) {
        columns[c].forEach(function (a) {
          columns[c + 1].forEach(function (b) { links.push({ source: String(a.id), target: String(b.id), lineStyle: { opacity: 0.15 } }); });
        });
      }
    }
    chart.setOption({
      animation: false,
      tooltip: { formatter: function (p) { return p.dataType === "node" ? p.name + "<br>" + el.dataset.enterprisesLabel + ": " + p.value : ""; } },
      graphic: stages.map(function (s, i) {
        return { type: "text", left: (width * (i + 0.5) / 3 - 20) + "px", top: 8, style: { text: s, fontSize: 15, fontWeight: "bold", fill: "#555" } };
      }),
      series: [{
        type: "graph", layout: "none", roam: true, data: nodes, links: links,
        edgeSymbol: ["none", "arrow"], edgeSymbolSize: 7,
        lineStyle: { color: "#999", curveness: 0.1 }, emphasis: { focus: "adjacency" }
      }]
    });
    chart.on("click", function (p) {
      if (p.dataType === "node") {
        window.location.href = el.dataset.nodeUrl.replace("/0/", "/" + p.data.id + "/") + "?" + el.dataset.qs;
      }
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  fetch(el.dataset.src, { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(render);
})();

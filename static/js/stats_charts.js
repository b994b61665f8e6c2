// The 统计 page's charts (workflows/web/stats_charts.py): ECharts (static/vendor/echarts) draws the
// numbers of the page's own tables, read from the json_script element #stats-chart-data.
(function () {
  var source = document.getElementById("stats-chart-data");
  if (!source || !window.echarts) return;
  var data = JSON.parse(source.textContent);
  var font = '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif';
  var charts = [];

  function bars(title, names, series, options) {
    return Object.assign({
      textStyle: { fontFamily: font },
      title: { text: title, left: "center", textStyle: { fontSize: 14, fontFamily: font } },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { bottom: 0, type: "scroll" },
      grid: { left: 8, right: 16, top: 40, bottom: 48, containLabel: true },
      xAxis: { type: "category", data: names, axisLabel: { interval: 0, hideOverlap: true } },
      yAxis: { type: "value", minInterval: 1 },
      series: series,
      animation: false
    }, options || {});
  }

  function optionFor(figure) {
    var kind = figure.dataset.chart, steps = data.steps;
    if (kind === "kind") {
      var table = data.kinds[Number(figure.dataset.index)];
      return bars(table.title, table.districts, table.series.map(function (s) {
        return { name: s.name, type: "bar", stack: "status", barMaxWidth: 56, data: s.data, label: { show: true, formatter: function (p) { return p.value || ""; } } };
      }));
    }
    var key = kind === "days" ? "average_days" : "on_time";
    return bars(steps.labels[key], steps.names, [{
      name: steps.labels[key], type: "bar", barMaxWidth: 28, data: steps[key],
      label: { show: true, position: "right", formatter: function (p) { return p.value === null ? "" : p.value; } }
    }], {
      // Steps' names are long: one bar a row, the name before it.
      legend: { show: false }, grid: { left: 8, right: 40, top: 40, bottom: 8, containLabel: true },
      yAxis: { type: "category", data: steps.names, inverse: true },
      xAxis: kind === "on_time" ? { type: "value", max: 100 } : { type: "value" }
    });
  }

  document.querySelectorAll("figure.stats-chart").forEach(function (figure) {
    var plot = figure.querySelector(".plot");
    if (figure.dataset.chart !== "kind") plot.style.height = Math.max(200, 60 + 36 * data.steps.names.length) + "px";
    var chart = echarts.init(plot, null, { renderer: "canvas" });
    chart.setOption(optionFor(figure));
    charts.push(chart);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();

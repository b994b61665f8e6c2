// 数据采集's result charts (workflows/inspection/figures/results.py chart_data): ECharts
// (static/vendor/echarts) draws the numbers of the page's own tables, read from the json_script
// element #figures-chart-data: each section's 差异系数 against its limit (优质均衡), or each
// indicator against its standard (学前普及普惠).
(function () {
  var source = document.getElementById("figures-chart-data");
  var figure = document.querySelector("figure.figures-chart");
  if (!source || !figure || !window.echarts) return;
  var data = JSON.parse(source.textContent);
  var font = '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif';
  var panels = data.kind === "preschool" ? [data] : data.sections;
  if (!panels.length) { figure.hidden = true; return; }
  var plot = figure.querySelector(".plot");
  plot.style.height = (panels.length * 320) + "px";
  var option = { textStyle: { fontFamily: font }, animation: false, tooltip: { trigger: "axis" },
                 legend: { bottom: 0 }, title: [], grid: [], xAxis: [], yAxis: [], series: [] };
  panels.forEach(function (panel, i) {
    var top = i * 320;
    option.title.push({ text: panel.title, left: "center", top: top, textStyle: { fontSize: 14, fontFamily: font } });
    option.grid.push({ left: 8, right: 16, top: top + 36, height: 220, containLabel: true });
    option.xAxis.push({ type: "category", gridIndex: i, data: panel.names, axisLabel: { interval: 0, width: 90, overflow: "break" } });
    option.yAxis.push({ type: "value", gridIndex: i });
    panel.series.forEach(function (s, k) {
      option.series.push(k === 0
        ? { name: s.name, type: "bar", xAxisIndex: i, yAxisIndex: i, barMaxWidth: 40, data: s.data.map(Number), label: { show: true, position: "top" } }
        : { name: s.name, type: "line", xAxisIndex: i, yAxisIndex: i, data: s.data.map(Number), symbol: "diamond", lineStyle: { type: "dashed" } });
    });
  });
  var chart = echarts.init(plot, null, { renderer: "canvas" });
  chart.setOption(option);
  window.addEventListener("resize", function () { chart.resize(); });
})();

// Indicator charts: the plan's path (baseline → target, dashed) and the actual values per year.
(function () {
  var data = document.getElementById("indicator-charts");
  if (!data || !window.echarts) return;
  var charts = JSON.parse(data.textContent);
  document.querySelectorAll(".indicator-chart").forEach(function (el) {
    var c = charts[el.dataset.chart];
    var chart = echarts.init(el);
    chart.setOption({
      title: { text: c.name + (c.unit ? "（" + c.unit + "）" : ""), textStyle: { fontSize: 12 } },
      tooltip: { trigger: "axis" },
      legend: { bottom: 0, data: ["规划", "实际"] },
      grid: { left: 40, right: 16, top: 36, bottom: 36 },
      xAxis: {
        type: "value", min: c.years[0], max: c.years[1], minInterval: 1,
        axisLabel: { formatter: function (v) { return String(v); } },
      },
      yAxis: { type: "value", scale: true },
      series: [
        { name: "规划", type: "line", data: c.path, lineStyle: { type: "dashed" } },
        { name: "实际", type: "line", data: c.actuals },
      ],
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();

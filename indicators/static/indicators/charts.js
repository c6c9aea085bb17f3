// Indicator charts: the plan's path (baseline → target, dashed) and the actual values per year.
// The legend sits under the title, above the plot; the year labels stay alone under the axis.
// A percentage axis ends at 100 (or at the next ten above the largest value, if one exceeds it).
(function () {
  var data = document.getElementById("indicator-charts");
  if (!data || !window.echarts) return;
  var charts = JSON.parse(data.textContent);

  function percentMax(extent) {
    var top = Math.ceil(extent.max / 10) * 10;
    return extent.max <= 100 ? Math.min(100, Math.max(top, 10)) : top;
  }

  function percentMin(extent) {
    // Keep small movements visible (95 → 98) without starting below zero.
    return Math.max(0, Math.floor((extent.min - 5) / 10) * 10);
  }

  document.querySelectorAll(".indicator-chart").forEach(function (el) {
    var c = charts[el.dataset.chart];
    var percent = !!c.percent;
    var chart = echarts.init(el);
    chart.setOption({
      title: {
        text: c.name + (c.unit ? "（" + c.unit + "）" : ""),
        textStyle: { fontSize: 12, width: el.clientWidth - 16, overflow: "truncate" },
      },
      tooltip: { trigger: "axis" },
      legend: { top: 20, left: 0, itemWidth: 16, itemHeight: 8, textStyle: { fontSize: 11 }, data: ["规划", "实际"] },
      grid: { left: 4, right: 16, top: 48, bottom: 4, containLabel: true },
      xAxis: {
        type: "value", min: c.years[0], max: c.years[1], minInterval: 1,
        axisLabel: { formatter: function (v) { return String(v); }, hideOverlap: true },
      },
      yAxis: percent
        ? { type: "value", min: percentMin, max: percentMax, axisLabel: { formatter: "{value}%" } }
        : { type: "value", scale: true },
      series: [
        { name: "规划", type: "line", data: c.path, lineStyle: { type: "dashed" } },
        { name: "实际", type: "line", data: c.actuals },
      ],
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();

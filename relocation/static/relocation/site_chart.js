// The site dashboard's chart: per site, households and people moved, working-age members and
// those working (务工). Data from the page's JSON block; no inline script (CSP).
(function () {
  var data = document.getElementById("site-chart-data");
  var el = document.getElementById("site-chart");
  if (!data || !el || !window.echarts) return;
  var c = JSON.parse(data.textContent);
  var names = { households: "搬迁户数", people: "搬迁人数", working_age: "劳动年龄人口", working: "务工人数" };
  var chart = echarts.init(el);
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { top: 0, left: 0, itemWidth: 16, itemHeight: 8, textStyle: { fontSize: 11 } },
    grid: { left: 4, right: 16, top: 40, bottom: 4, containLabel: true },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", data: c.sites, inverse: true, axisLabel: { width: 110, overflow: "truncate" } },
    series: Object.keys(names).map(function (key) {
      return { name: names[key], type: "bar", data: c[key] || [] };
    }),
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();

// Dashboard charts: the data comes from json_script "dashboard-charts" (indicators/dashboard);
// every bar opens the list filtered to what it counts (series[i].links[j]).
(function () {
  var data = document.getElementById("dashboard-charts");
  if (!data || !window.echarts) return;
  var charts = JSON.parse(data.textContent);
  var palette = ["#0d6efd", "#dc3545", "#198754", "#fd7e14", "#6f42c1", "#20c997"];

  function option(c, el) {
    // Many bars (the townships of a county) on a narrow chart: slanted names, no value labels
    // (the tooltip and the table below give the numbers).
    var crowded = !c.horizontal && c.labels.length * 56 > el.clientWidth;
    var category = {
      type: "category", data: c.labels,
      axisLabel: {
        interval: 0, hideOverlap: true, overflow: "truncate", width: c.horizontal ? 72 : (crowded ? 70 : 64),
        rotate: crowded ? 45 : 0, fontSize: crowded ? 10 : 12,
      },
    };
    var percent = !!c.percent;
    var value = {
      type: "value", minInterval: 1,
      max: percent ? 100 : null,
      axisLabel: { formatter: percent ? "{value}%" : "{value}" },
    };
    var multi = c.series.length > 1;
    return {
      color: palette,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" },
        valueFormatter: percent ? function (v) { return v == null ? "—" : v + "%"; } : undefined },
      // The legend sits above the plot, the axis labels below it: they never overlap.
      legend: multi ? { top: 0, left: "center", itemWidth: 14, itemHeight: 10, textStyle: { fontSize: 11 } } : { show: false },
      grid: { left: 8, right: 24, top: multi ? 30 : 18, bottom: 8, containLabel: true },
      xAxis: c.horizontal ? value : category,
      yAxis: c.horizontal ? Object.assign({}, category, { inverse: true }) : value,
      series: c.series.map(function (s) {
        return {
          name: s.name, type: "bar", data: s.values, stack: c.stack ? "all" : undefined,
          itemStyle: s.color ? { color: s.color } : undefined,
          barMaxWidth: 28, cursor: "pointer",
          label: { show: !c.stack && !crowded, position: c.horizontal ? "right" : "top", fontSize: 10,
            formatter: percent ? function (p) { return p.value == null ? "" : p.value + "%"; } : "{c}" },
        };
      }),
    };
  }

  document.querySelectorAll(".dashboard-chart").forEach(function (el) {
    var c = charts[el.dataset.chart];
    if (!c) return;
    var chart = echarts.init(el);
    chart.setOption(option(c, el));
    chart.on("click", function (p) {
      var link = c.series[p.seriesIndex] && c.series[p.seriesIndex].links[p.dataIndex];
      if (link) window.location.href = link;
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();

/* Draws every element with data-chart="<id>" with Apache ECharts, from the JSON of the element of that
 * id (Django's json_script): {kind: bar|hbar|line|pie, title, columns, units, rows: [[label, [values]]]}.
 * Percentages come as fractions (0.5) and are drawn as 50%. In a bar or line chart, columns of another
 * unit than the first one are lines on a second axis (appeals per month and their rates); a horizontal
 * bar chart draws the columns of the first unit only (the table under it has every column).
 * No inline script and no style attribute (the Content-Security-Policy): the tooltip is drawn on the
 * canvas (renderMode richText) rather than as HTML. */
(function () {
  "use strict";

  function percent(value) { return value === null || value === undefined ? "—" : value.toFixed(1) + "%"; }
  function plain(value) { return value === null || value === undefined ? "—" : String(Math.round(value * 10) / 10); }

  function scaled(values, unit) {
    return values.map(function (v) { return v === null ? null : (unit === "percent" ? Math.round(v * 1000) / 10 : v); });
  }

  function option(spec) {
    var labels = spec.rows.map(function (row) { return row[0]; });
    var column = function (i) { return spec.rows.map(function (row) { return row[1][i]; }); };
    var base = { animation: false, aria: { enabled: true },
                 tooltip: { trigger: spec.kind === "pie" ? "item" : "axis", renderMode: "richText", confine: true },
                 legend: { top: 0, type: "scroll" },
                 grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true } };
    if (spec.kind === "pie") {
      base.series = [{ type: "pie", radius: ["35%", "65%"], top: 24,
                       data: spec.rows.map(function (row) { return { name: row[0], value: row[1][0] }; }) }];
      return base;
    }
    var first = spec.units[0];
    var axisFor = function (unit) {
      return { type: "value", min: unit === "percent" ? 0 : null, max: unit === "percent" ? 100 : null,
               axisLabel: { formatter: unit === "percent" ? "{value}%" : "{value}" } };
    };
    var series = [];
    var second = false;
    spec.columns.forEach(function (name, i) {
      var unit = spec.units[i];
      var other = unit !== first;
      if (other && spec.kind === "hbar") { return; }
      second = second || other;
      series.push({ name: name, type: other || spec.kind === "line" ? "line" : "bar", yAxisIndex: other ? 1 : 0,
                    data: scaled(column(i), unit), connectNulls: false,
                    tooltip: { valueFormatter: unit === "percent" ? percent : plain } });
    });
    if (spec.kind === "hbar") {
      base.yAxis = { type: "category", data: labels.slice().reverse(), axisLabel: { width: 110, overflow: "truncate" } };
      base.xAxis = axisFor(first);
      series.forEach(function (s) { s.data = s.data.slice().reverse(); });
    } else {
      base.xAxis = { type: "category", data: labels };
      base.yAxis = second ? [axisFor(first), axisFor("percent")] : [axisFor(first)];
    }
    base.series = series;
    return base;
  }

  function draw(element) {
    var source = document.getElementById(element.getAttribute("data-chart"));
    if (!source || !window.echarts) { return; }
    var spec = JSON.parse(source.textContent);
    if (spec.kind === "hbar") {  // a bar per row, readable on a phone
      element.style.height = Math.max(160, 60 + spec.rows.length * 30) + "px";
    }
    var chart = window.echarts.init(element, null, { renderer: "canvas" });
    chart.setOption(option(spec));
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-chart]"), draw);
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();

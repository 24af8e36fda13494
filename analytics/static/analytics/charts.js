// The analytics charts: each <div class="chart" data-chart="ID"> is drawn with ECharts from the JSON of
// <script type="application/json" id="ID"> beside it (json_script: the CSP allows no inline script).
//
// The JSON (analytics.presentation.chart_data): {kind: bar|hbar|line|pie|stacked, title, categories,
// series: [{name, data: [number|null], notes: [reason|null]}], hiddenLabel}. Labels come translated
// from the server. A hidden figure is null: drawn as a gap (never as zero), its reason in the tooltip.
// The table beside every chart carries the same figures for screen readers and without JavaScript.
(function () {
  "use strict";

  var instances = [];

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (char) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[char];
    });
  }

  function formatNumber(value) {
    var language = document.documentElement.lang || "en";
    return Number(value).toLocaleString(language);
  }

  function figure(data, seriesIndex, dataIndex) {
    var series = data.series[seriesIndex];
    var value = series.data[dataIndex];
    if (value === null || value === undefined) {
      var note = series.notes[dataIndex];
      return data.hiddenLabel + (note ? " (" + note + ")" : "");
    }
    return formatNumber(value);
  }

  // No inline style attributes in the tooltip's HTML: the CSP refuses them.
  function axisTooltip(data) {
    return function (params) {
      var list = Array.isArray(params) ? params : [params];
      if (!list.length) return "";
      var dataIndex = list[0].dataIndex;
      var lines = ["<strong>" + escapeHtml(data.categories[dataIndex]) + "</strong>"];
      data.series.forEach(function (series, seriesIndex) {
        lines.push(escapeHtml(series.name) + ": " + escapeHtml(figure(data, seriesIndex, dataIndex)));
      });
      return lines.join("<br>");
    };
  }

  function pieTooltip(data) {
    return function (params) {
      return (
        "<strong>" + escapeHtml(params.name) + "</strong><br>" +
        escapeHtml(figure(data, 0, params.dataIndex)) + " (" + params.percent + " %)"
      );
    };
  }

  // ECharts leaves a gap for "-"; null would be read as missing too, but "-" is its documented form.
  function gaps(values) {
    return values.map(function (value) { return value === null ? "-" : value; });
  }

  function optionFor(data, narrow) {
    var kind = data.kind;
    var base = {
      animation: false,
      tooltip: { trigger: kind === "pie" ? "item" : "axis", confine: true,
                 formatter: kind === "pie" ? pieTooltip(data) : axisTooltip(data) },
      legend: data.series.length > 1 || kind === "pie" ? { type: "scroll", bottom: 0 } : undefined,
    };
    if (kind === "pie") {
      // On a phone the slices' labels would run off the screen: the legend below names them.
      base.series = [{
        type: "pie",
        radius: narrow ? ["25%", "55%"] : ["35%", "65%"],
        center: ["50%", "45%"],
        label: { show: !narrow, formatter: "{b}: {c}", overflow: "break", width: 160 },
        data: data.categories.map(function (name, index) {
          return { name: name, value: data.series[0].data[index] };
        }),
      }];
      return base;
    }
    var horizontal = kind === "hbar";
    var categoryAxis = {
      type: "category",
      data: data.categories,
      axisLabel: horizontal
        ? { width: narrow ? 110 : 200, overflow: "truncate" }
        : { hideOverlap: true, rotate: data.categories.length > 6 && narrow ? 45 : 0 },
    };
    var valueAxis = { type: "value", minInterval: 1 };
    base.grid = { left: 8, right: 16, top: 16, bottom: data.series.length > 1 ? 40 : 8, containLabel: true };
    base.xAxis = horizontal ? valueAxis : categoryAxis;
    base.yAxis = horizontal ? Object.assign({}, categoryAxis, { inverse: true }) : valueAxis;
    base.series = data.series.map(function (series) {
      return {
        name: series.name,
        type: kind === "line" ? "line" : "bar",
        stack: kind === "stacked" ? "all" : undefined,
        connectNulls: false,
        barMaxWidth: 48,
        data: gaps(series.data),
      };
    });
    return base;
  }

  function draw(element) {
    var source = document.getElementById(element.dataset.chart);
    if (!source || !window.echarts) return;
    var data = JSON.parse(source.textContent);
    var chart = window.echarts.init(element, null, { renderer: "canvas" });
    var narrow = element.clientWidth < 480;
    chart.setOption(optionFor(data, narrow));
    element.dataset.chartReady = "1";
    instances.push({ chart: chart, element: element, data: data, narrow: narrow });
  }

  function resize() {
    instances.forEach(function (item) {
      var narrow = item.element.clientWidth < 480;
      if (narrow !== item.narrow) {
        item.narrow = narrow;
        item.chart.setOption(optionFor(item.data, narrow), true);
      }
      item.chart.resize();
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-chart]"), draw);
    window.addEventListener("resize", resize);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

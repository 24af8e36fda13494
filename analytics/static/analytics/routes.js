/* The routes page's charts, drawn by the vendored ECharts from data the page carries in json_script
   elements (no inline script: the CSP refuses them). The map's GeoJSON comes from our own static files;
   nothing is fetched from the internet. Each chart's table beside it is its accessible equivalent. */
(function () {
  "use strict";

  var MAP_NAME = "central-asia-admin1";
  var geoJsonLoads = {};

  function dataOf(element) {
    var source = document.getElementById(element.dataset.source);
    return source ? JSON.parse(source.textContent) : null;
  }

  function resizeWith(chart) {
    window.addEventListener("resize", function () {
      chart.resize();
    });
  }

  /* Fetch the GeoJSON once, give the feature that shares another's code a key of its own
     (analytics.geo.FEATURE_RENAMES), and register it as the map, named by the features' keys. */
  function loadMap(url, renames) {
    if (!geoJsonLoads[url]) {
      geoJsonLoads[url] = fetch(url, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("map " + response.status);
          }
          return response.json();
        })
        .then(function (geoJson) {
          geoJson.features.forEach(function (feature) {
            var properties = feature.properties;
            properties.name = renames[String(properties.ne_id)] || properties.iso_3166_2;
          });
          window.echarts.registerMap(MAP_NAME, geoJson);
        });
    }
    return geoJsonLoads[url];
  }

  function drawMap(element) {
    var data = dataOf(element);
    if (!data) {
      return;
    }
    loadMap(data.geojson, data.renames || {}).then(function () {
      var byKey = {};
      var highest = 0;
      data.values.forEach(function (item) {
        byKey[item.name] = item;
        if (item.value && item.value > highest) {
          highest = item.value;
        }
      });
      var chart = window.echarts.init(element);
      chart.setOption({
        tooltip: {
          trigger: "item",
          formatter: function (params) {
            var item = byKey[params.name];
            return item ? item.label + ": " + item.shown : "";
          },
        },
        visualMap: {
          min: 0,
          max: Math.max(highest, 1),
          calculable: false,
          left: "left",
          bottom: 0,
          inRange: { color: ["#e8f1fb", "#1e5aa8"] },
        },
        series: [
          {
            type: "map",
            map: MAP_NAME,
            roam: true,
            name: data.title,
            emphasis: { label: { show: false } },
            data: data.values.map(function (item) {
              return { name: item.name, value: item.value };
            }),
          },
        ],
      });
      resizeWith(chart);
    }).catch(function () {
      element.hidden = true; // the table beside it still carries every figure
    });
  }

  function drawSankey(element) {
    var data = dataOf(element);
    if (!data || !data.links.length) {
      element.hidden = true;
      return;
    }
    var chart = window.echarts.init(element);
    chart.setOption({
      tooltip: { trigger: "item" },
      series: [
        {
          type: "sankey",
          data: data.nodes,
          links: data.links,
          emphasis: { focus: "adjacency" },
          nodeAlign: "justify",
          lineStyle: { color: "gradient", curveness: 0.5 },
        },
      ],
    });
    resizeWith(chart);
  }

  function start() {
    if (!window.echarts) {
      return;
    }
    document.querySelectorAll("[data-sankey]").forEach(drawSankey);
    document.querySelectorAll("[data-region-map]").forEach(drawMap);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

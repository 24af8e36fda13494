// Progressive enhancement of the case and registry forms; the forms work without it.
//
// - A <select data-searchable> gets a filter box before it: typing hides the options (and groups)
//   that do not contain the typed text, so a country is found without scrolling 250 names.
// - A country <select data-regions-url="…" data-regions="<id of the region select>"> refills that
//   region select with the chosen country's regions (network:region_options) when it changes.
(function () {
  "use strict";

  function fold(text) {
    return text.toLocaleLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function searchable(select) {
    if (select.dataset.searchReady) return;
    select.dataset.searchReady = "1";
    var box = document.createElement("input");
    box.type = "search";
    box.className = "select-filter";
    box.setAttribute("aria-label", select.dataset.searchLabel || "Filter");
    box.setAttribute("placeholder", select.dataset.searchLabel || "");
    box.setAttribute("aria-controls", select.id);
    select.parentNode.insertBefore(box, select);
    box.addEventListener("input", function () {
      var wanted = fold(box.value.trim());
      Array.prototype.forEach.call(select.options, function (option) {
        var match = !wanted || !option.value || fold(option.text).indexOf(wanted) !== -1;
        option.hidden = !match;
      });
      Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
        group.hidden = !group.querySelector("option:not([hidden])");
      });
    });
  }

  function followsCountry(select) {
    if (select.dataset.regionsReady) return;
    select.dataset.regionsReady = "1";
    select.addEventListener("change", function () {
      var target = document.getElementById(select.dataset.regions);
      if (!target) return;
      var url = select.dataset.regionsUrl + "?country=" + encodeURIComponent(select.value);
      fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then(function (response) {
          return response.ok ? response.text() : null;
        })
        .then(function (html) {
          if (html !== null) target.innerHTML = html;
        });
    });
  }

  function enhance(root) {
    root.querySelectorAll("select[data-searchable]").forEach(searchable);
    root.querySelectorAll("select[data-regions-url]").forEach(followsCountry);
  }

  document.addEventListener("DOMContentLoaded", function () {
    enhance(document);
  });
  // Forms redrawn by htmx (filter bars, partials) are enhanced again.
  document.addEventListener("htmx:afterSettle", function (event) {
    enhance(event.target);
  });
})();

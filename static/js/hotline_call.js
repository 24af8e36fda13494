// The hotline's live-call form (hotline/templates/hotline/contact_call.html); it works without this.
//
// - The call timer counts from the draft's start (data-started-at); "Stop timer" freezes it and
//   writes the seconds into the duration field.
// - A common-call button (data-preset) fills in the caller type, topics and outcome it names, then
//   tells the form something was typed, so that the autosave (htmx) saves it.
// - The first answer gets the focus, and an error summary, when there is one, comes first.
// - An autosave due after the form was submitted is dropped.
// - Shortcuts: Alt (Option on a Mac) with the key of an element's data-shortcut focuses that field or
//   presses that button. Not accesskey: browsers differ on its modifier, and it ticks a checkbox.
(function () {
  "use strict";

  function pad(number) {
    return number < 10 ? "0" + number : String(number);
  }

  function show(seconds) {
    var hours = Math.floor(seconds / 3600);
    var minutes = Math.floor((seconds % 3600) / 60);
    var rest = seconds % 60;
    return (hours ? hours + ":" + pad(minutes) : pad(minutes)) + ":" + pad(rest);
  }

  function timer() {
    var display = document.getElementById("call-timer");
    if (!display || !display.dataset.startedAt) return;
    var started = Date.parse(display.dataset.startedAt);
    if (isNaN(started)) return;
    var stopped = null;
    function elapsed() {
      return Math.max(0, Math.floor(((stopped || Date.now()) - started) / 1000));
    }
    function tick() {
      display.textContent = show(elapsed());
    }
    tick();
    var interval = window.setInterval(tick, 1000);
    var stop = document.getElementById("timer-stop");
    if (stop) {
      stop.addEventListener("click", function () {
        if (stopped) return;
        stopped = Date.now();
        window.clearInterval(interval);
        tick();
        var duration = document.getElementById("id_duration_seconds");
        if (duration) {
          duration.value = String(elapsed());
          duration.dispatchEvent(new Event("input", { bubbles: true }));
        }
        stop.disabled = true;
      });
    }
  }

  function applyPreset(form, preset) {
    Object.keys(preset).forEach(function (name) {
      var value = preset[name];
      if (Array.isArray(value)) {
        form.querySelectorAll('input[name="' + name + '"]').forEach(function (box) {
          box.checked = value.indexOf(box.value) !== -1;
        });
      } else {
        var field = form.elements.namedItem(name);
        if (field) field.value = value;
      }
    });
    form.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function presets(form) {
    form.querySelectorAll("button[data-preset]").forEach(function (button) {
      button.addEventListener("click", function () {
        applyPreset(form, JSON.parse(button.dataset.preset));
        var submit = form.querySelector('button[name="action"][value="complete"]');
        if (submit) submit.focus();
      });
    });
  }

  function shortcutKey(event) {
    var code = event.code || "";
    if (code.indexOf("Key") === 0) return code.slice(3).toLowerCase();
    if (code.indexOf("Digit") === 0) return code.slice(5);
    return (event.key || "").toLowerCase();
  }

  document.addEventListener("keydown", function (event) {
    if (!event.altKey || event.ctrlKey || event.metaKey) return;
    var target = document.querySelector('[data-shortcut="' + shortcutKey(event) + '"]');
    if (!target || target.disabled) return;
    event.preventDefault();
    if (target.matches("button, a")) {
      target.click();
    } else {
      target.focus();
    }
  });

  // The campaign is asked only when the caller heard of the hotline via one of its channels.
  function campaignField(form) {
    var select = form.querySelector("select[data-heard-via]");
    var heardVia = form.elements.namedItem("heard_via");
    if (!select || !heardVia) return;
    var wanted = select.dataset.heardVia.split(" ");
    var wrapper = select.closest(".field") || select;
    function update() {
      wrapper.hidden = wanted.indexOf(heardVia.value) === -1;
    }
    heardVia.addEventListener("change", update);
    form.addEventListener("input", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    timer();
    var form = document.getElementById("call-form");
    if (!form) return;
    presets(form);
    campaignField(form);
    // Once the form is sent, an autosave still waiting for its delay must not follow it: it would
    // write the page's older answers over what the submit saved (an outcome set by "Open a case").
    form.addEventListener("submit", function () {
      form.dataset.submitting = "1";
    });
    form.addEventListener("htmx:beforeRequest", function (event) {
      if (form.dataset.submitting) event.preventDefault();
    });
    var summary = document.getElementById("error-summary");
    if (summary) {
      summary.focus();
    } else {
      var first = form.querySelector("button[data-preset]");
      if (first) first.focus();
    }
  });
})();

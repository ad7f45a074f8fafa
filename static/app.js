// Small enhancements; every page works without them.
(function () {
  "use strict";

  // Every <time datetime> in the viewer's own time zone, written as the
  // server writes it (year first, 24-hour clock, the zone named).
  function localizeTimes() {
    var lang = document.documentElement.lang || "en-US";
    var format;
    try {
      format = new Intl.DateTimeFormat(lang, {
        year: "numeric", month: "numeric", day: "numeric",
        hour: "2-digit", minute: "2-digit", hourCycle: "h23",
        timeZoneName: "short"
      });
    } catch (e) {
      return;
    }
    var times = document.querySelectorAll("time[datetime]");
    for (var i = 0; i < times.length; i++) {
      var when = new Date(times[i].getAttribute("datetime"));
      if (isNaN(when.getTime())) { continue; }
      var p = {};
      var parts = format.formatToParts(when);
      for (var j = 0; j < parts.length; j++) { p[parts[j].type] = parts[j].value; }
      var hm = p.hour + ":" + p.minute + " " + p.timeZoneName;
      var text = lang.indexOf("zh") === 0
        ? p.year + "年" + p.month + "月" + p.day + "日 " + hm
        : p.year + "-" + pad(p.month) + "-" + pad(p.day) + " " + hm;
      times[i].title = times[i].textContent;
      times[i].textContent = text;
    }
  }
  function pad(n) { return n.length < 2 ? "0" + n : n; }

  // The side navigation stays open on wide screens in browsers that cannot
  // show a closed <details> element's content from the stylesheet.
  function openSideNavigation() {
    var side = document.querySelector("details.side");
    if (side && window.matchMedia("(min-width: 56rem)").matches) { side.open = true; }
  }

  // Menus close on Escape and when something else is clicked.
  function closeMenus(except) {
    var open = document.querySelectorAll("details.menu[open]");
    for (var i = 0; i < open.length; i++) {
      if (open[i] !== except) { open[i].open = false; }
    }
  }
  document.addEventListener("click", function (e) {
    var t = e.target;
    closeMenus(t && t.closest ? t.closest("details.menu") : null);
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") { return; }
    var open = document.querySelector("details.menu[open]");
    if (open) {
      open.open = false;
      var summary = open.querySelector("summary");
      if (summary) { summary.focus(); }
    }
  });

  // A form marked data-save-when-changed keeps its submit button disabled
  // until one of its fields differs from what the page showed.
  function saveWhenChanged(form) {
    var button = form.querySelector("button[type=submit]");
    if (!button) { return; }
    var initial = new URLSearchParams(new FormData(form)).toString();
    function update() {
      button.disabled = new URLSearchParams(new FormData(form)).toString() === initial;
    }
    form.addEventListener("change", update);
    form.addEventListener("input", update);
    update();
  }

  // Tables of checkboxes: a "select all" box, a count of selected rows, and
  // the actions disabled while nothing is selected.
  function selection(form) {
    var boxes = form.querySelectorAll("input[type=checkbox][data-row]");
    var all = form.querySelector("input[type=checkbox][data-select-all]");
    var count = form.querySelector("[data-selection-count]");
    var actions = form.querySelectorAll("button[data-needs-selection]");
    function update() {
      var n = 0;
      for (var i = 0; i < boxes.length; i++) { if (boxes[i].checked) { n++; } }
      if (all) {
        all.checked = n > 0 && n === boxes.length;
        all.indeterminate = n > 0 && n < boxes.length;
      }
      if (count) {
        count.textContent = (count.getAttribute("data-template") || "#").replace("#", n);
      }
      for (var j = 0; j < actions.length; j++) { actions[j].disabled = n === 0; }
    }
    if (all) {
      all.hidden = false;
      all.addEventListener("change", function () {
        for (var i = 0; i < boxes.length; i++) { boxes[i].checked = all.checked; }
        update();
      });
    }
    form.addEventListener("change", update);
    update();
  }

  // A text box that narrows the rows of a table as one types.
  function tableFilter(input) {
    var table = document.getElementById(input.getAttribute("data-filter-table"));
    if (!table) { return; }
    var rows = table.tBodies[0] ? table.tBodies[0].rows : [];
    var status = document.getElementById(input.getAttribute("data-filter-status"));
    input.closest("[hidden]") && (input.closest("[hidden]").hidden = false);
    input.addEventListener("input", function () {
      var needle = input.value.trim().toLowerCase();
      var shown = 0;
      for (var i = 0; i < rows.length; i++) {
        var match = needle === "" || rows[i].textContent.toLowerCase().indexOf(needle) !== -1;
        rows[i].hidden = !match;
        if (match) { shown++; }
      }
      if (status) {
        status.textContent = (status.getAttribute("data-template") || "#").replace("#", shown);
      }
    });
  }

  // A table marked data-sortable sorts by a column when its heading is
  // clicked (again: the other way); the heading says how it is sorted.
  function sortable(table) {
    var body = table.tBodies[0];
    if (!body || !table.tHead) { return; }
    var heads = table.tHead.rows[0].cells;
    var collator = new Intl.Collator(document.documentElement.lang || undefined, { numeric: true, sensitivity: "base" });
    for (var i = 0; i < heads.length; i++) {
      (function (th, column) {
        var label = th.textContent.trim();
        if (!label || th.querySelector(".visually-hidden")) { return; }
        var button = document.createElement("button");
        button.type = "button";
        button.className = "sort";
        button.textContent = label;
        th.textContent = "";
        th.appendChild(button);
        button.addEventListener("click", function () {
          var ascending = th.getAttribute("aria-sort") !== "ascending";
          for (var k = 0; k < heads.length; k++) { heads[k].removeAttribute("aria-sort"); }
          th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
          var rows = Array.prototype.slice.call(body.rows);
          rows.sort(function (a, b) {
            var x = a.cells[column] ? a.cells[column].textContent.trim() : "";
            var y = b.cells[column] ? b.cells[column].textContent.trim() : "";
            return ascending ? collator.compare(x, y) : collator.compare(y, x);
          });
          for (var r = 0; r < rows.length; r++) { body.appendChild(rows[r]); }
        });
      })(heads[i], i);
    }
  }

  function start() {
    localizeTimes();
    openSideNavigation();
    var forms = document.querySelectorAll("form[data-save-when-changed]");
    for (var i = 0; i < forms.length; i++) { saveWhenChanged(forms[i]); }
    var selections = document.querySelectorAll("form[data-selection]");
    for (var j = 0; j < selections.length; j++) { selection(selections[j]); }
    var filters = document.querySelectorAll("input[data-filter-table]");
    for (var k = 0; k < filters.length; k++) { tableFilter(filters[k]); }
    var sortables = document.querySelectorAll("table[data-sortable]");
    for (var m = 0; m < sortables.length; m++) { sortable(sortables[m]); }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

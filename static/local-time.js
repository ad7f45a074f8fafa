// Shows every <time datetime> in the viewer's own time zone, written the
// way the page's language writes dates. Without script, times stay in UTC.
(function () {
  "use strict";
  function localize() {
    var lang = document.documentElement.lang || "en-US";
    var format;
    try {
      format = new Intl.DateTimeFormat(lang, {
        year: "numeric", month: "2-digit", day: "2-digit",
        hour: "2-digit", minute: "2-digit", timeZoneName: "short"
      });
    } catch (e) {
      return;
    }
    var times = document.querySelectorAll("time[datetime]");
    for (var i = 0; i < times.length; i++) {
      var when = new Date(times[i].getAttribute("datetime"));
      if (!isNaN(when.getTime())) {
        times[i].title = times[i].textContent;
        times[i].textContent = format.format(when);
      }
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", localize);
  } else {
    localize();
  }
})();

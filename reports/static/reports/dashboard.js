/* The dashboard's charts (/statistik/): each canvas names the <script type="application/json">
   holding its data (made by Django's json_script). Without Chart.js or JavaScript the tables
   below the charts still show every figure. No inline script, same-origin only (the CSP). */
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") {
    return;
  }
  var root = getComputedStyle(document.documentElement);
  var brand = root.getPropertyValue("--brand").trim() || "#0b3c5d";
  var ok = root.getPropertyValue("--ok-ink").trim() || "#0f5132";
  var ink = root.getPropertyValue("--ink").trim() || "#1a1a1a";
  var line = root.getPropertyValue("--line").trim() || "#c9d1d9";
  var locale = document.documentElement.lang || "id";
  // About 7 px a character at 12 px: a label may take 45% of the chart's width, then it is cut.
  var CHAR_PX = 7;

  window.Chart.defaults.color = ink;
  window.Chart.defaults.borderColor = line;
  window.Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  window.Chart.defaults.font.size = 12;

  function shortLabel(text, max) {
    text = String(text);
    return text.length > max ? text.slice(0, max - 1) + "\u2026" : text;
  }

  function number(value, unit, digits) {
    if (value === null || value === undefined) {
      return "\u2013";
    }
    return value.toLocaleString(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }) + unit;
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var horizontal = data.horizontal;
    var percent = data.unit === "%";
    if (horizontal) {
      // One row of bars per group: the box grows with the groups (CSSOM, allowed by the CSP).
      canvas.parentElement.style.height = Math.max(160, data.labels.length * 28 + 40) + "px";
    }
    var valueAxis = {
      beginAtZero: true,
      ticks: {
        precision: 0,
        callback: function (value) { return number(value, data.unit, 0); }
      }
    };
    if (percent) {
      valueAxis.max = 100;
    }
    var maxLabel = Math.max(8, Math.floor(canvas.parentElement.clientWidth * 0.45 / CHAR_PX));
    var labelAxis = {
      grid: { display: false },
      ticks: {
        autoSkip: !horizontal,
        callback: function (value) { return shortLabel(this.getLabelForValue(value), maxLabel); }
      }
    };
    new window.Chart(canvas, {
      type: data.type,
      data: {
        labels: data.labels,
        datasets: [{
          label: data.label,
          data: data.values,
          backgroundColor: percent ? ok : brand,
          borderColor: percent ? ok : brand,
          pointRadius: 3,
          spanGaps: false,
          maxBarThickness: 28
        }]
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        layout: { padding: { top: 8, right: 8 } },
        locale: locale,
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: function (context) {
                var value = horizontal ? context.parsed.x : context.parsed.y;
                return data.label + ": " + number(value, data.unit, percent ? 1 : 0);
              }
            }
          }
        },
        scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis }
      }
    });
    canvas.setAttribute("data-drawn", "true");
  }

  Array.prototype.forEach.call(document.querySelectorAll("canvas[data-chart]"), draw);
})();

/* Population health section: benchmark counts, funnel plots, deprivation gradients and the Core20 map. */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("spi-data").textContent);
  var PH = DATA.population_health;
  var SVG_NS = "http://www.w3.org/2000/svg";
  var section = document.getElementById("population-health");
  if (!section) { return; }
  if (!PH) {
    Array.prototype.forEach.call(section.children, function (child) {
      if (child.tagName !== "H2" && child.id !== "ph-intro") { child.hidden = true; }
    });
    document.getElementById("ph-empty").hidden = false;
    return;
  }
  if (!PH.measures.length) {
    document.getElementById("ph-empty").hidden = false;
    ["ph-benchmarks-heading", "ph-funnel-heading"].forEach(function (id) {
      var heading = document.getElementById(id);
      var node = heading;
      while (node && node.nextElementSibling && node.nextElementSibling.tagName !== "H3") {
        node.nextElementSibling.hidden = true;
        node = node.nextElementSibling;
      }
      heading.hidden = true;
    });
  }
  var NAMES = {};
  DATA.wards.forEach(function (ward) { NAMES[ward.ward_code] = ward.ward_name; });
  // Okabe-Ito: colour-blind safe; worse / higher warm, better / lower cool
  var COLOURS = { w: "#d55e00", b: "#0072b2", h: "#e69f00", l: "#56b4e9", s: "#9a9a9a" };
  var LABELS = { w: "worse", b: "better", h: "higher", l: "lower", s: "similar" };
  var SYNTHETIC = '<span class="badge synthetic" title="made by this project\'s generator, not real NHS data">SYNTHETIC</span>';

  function svg(tag, attributes) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attributes || {}).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    return node;
  }
  function esc(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function fmt(value, digits) {
    if (value === null || value === undefined) { return "\u2013"; }
    var d = digits === undefined ? (Math.abs(value) >= 100 ? 0 : 1) : digits;
    return Number(value).toLocaleString("en-GB", { minimumFractionDigits: d, maximumFractionDigits: d });
  }
  function expand(measure) {
    return measure.wards.map(function (packed) {
      var row = {};
      PH.ward_fields.forEach(function (name, index) { row[name] = packed[index] === undefined ? null : packed[index]; });
      return row;
    });
  }
  PH.measures.forEach(function (measure) { measure.rows = expand(measure); });

  function drawBenchmarkTable() {
    var head = document.querySelector("#ph-benchmark-table thead");
    var body = document.querySelector("#ph-benchmark-table tbody");
    head.innerHTML = "<tr><th>Measure</th><th class=\"num\">Year</th><th class=\"num\">ICB</th><th class=\"num\">England</th>" +
      "<th class=\"num\">Worse / higher (95%)</th><th class=\"num\">Worse / higher (99.8%)</th>" +
      "<th class=\"num\">Better / lower (95%)</th><th class=\"num\">Red-red</th><th class=\"num\">Not published</th></tr>";
    body.innerHTML = PH.measures.map(function (measure) {
      var up = measure.polarity === "no judgement" ? "h" : (measure.polarity === "lower is better" ? "w" : "b");
      var down = measure.polarity === "no judgement" ? "l" : (measure.polarity === "lower is better" ? "b" : "w");
      var count = function (field, code) { return measure.rows.filter(function (r) { return r[field] === code; }).length; };
      var upWord = LABELS[up], downWord = LABELS[down];
      var trend = measure.trend ? String(measure.trend.red_red) : "\u2013";
      return "<tr><td>" + esc(measure.name) + (measure.synthetic ? " " + SYNTHETIC : "") + "</td>" +
        "<td class=\"num\">" + measure.period + "</td><td class=\"num\">" + fmt(measure.icb) + "</td>" +
        "<td class=\"num\">" + fmt(measure.england) + "</td>" +
        "<td class=\"num " + upWord + "\">" + count("b95", up) + " " + upWord + "</td>" +
        "<td class=\"num " + upWord + "\">" + count("b998", up) + " " + upWord + "</td>" +
        "<td class=\"num " + downWord + "\">" + count("b95", down) + " " + downWord + "</td>" +
        "<td class=\"num\">" + trend + "</td><td class=\"num\">" + measure.suppressed + "</td></tr>";
    }).join("");
  }

  function niceStep(span) {
    var raw = span / 5, power = Math.pow(10, Math.floor(Math.log10(raw)));
    var step = [1, 2, 5, 10].map(function (m) { return m * power; }).find(function (s) { return raw <= s; });
    return step || raw;
  }
  function drawFunnel() {
    var select = document.getElementById("ph-funnel-select");
    var measure = PH.measures[Number(select.value) || 0];
    var holder = document.getElementById("ph-funnel");
    holder.innerHTML = "";
    var W = 420, H = 300, left = 52, right = 12, top = 12, bottom = 42;
    var rows = measure.rows.filter(function (r) { return r.value !== null && r.denominator; });
    var chart = svg("svg", { viewBox: "0 0 " + W + " " + H, role: "img", id: "ph-funnel-svg",
      "aria-label": "Funnel plot of " + measure.name + ": each ward's value against its denominator" });
    var xs = rows.map(function (r) { return r.denominator; });
    var ys = [];
    rows.forEach(function (r) { ys.push(r.value); [r.lo3, r.hi3].forEach(function (v) { if (v !== null) { ys.push(v); } }); });
    if (measure.icb !== null) { ys.push(measure.icb); }
    var xMax = Math.max.apply(null, xs) * 1.04, xMin = 0;
    var yLo = Math.min.apply(null, ys), yHi = Math.max.apply(null, ys);
    var yStep = niceStep(yHi - yLo || 1);
    var yMin = Math.floor(yLo / yStep) * yStep, yMax = Math.ceil(yHi / yStep) * yStep;
    var sx = function (v) { return left + (v - xMin) / (xMax - xMin) * (W - left - right); };
    var sy = function (v) { return H - bottom - (v - yMin) / (yMax - yMin) * (H - top - bottom); };
    var text = function (x, y, content, anchor) {
      var t = svg("text", { x: x, y: y, "text-anchor": anchor || "middle" });
      t.textContent = content;
      chart.appendChild(t);
    };
    for (var yt = yMin; yt <= yMax + yStep / 1e6; yt += yStep) {
      chart.appendChild(svg("line", { x1: left, y1: sy(yt), x2: W - right, y2: sy(yt), stroke: "#eee" }));
      text(left - 4, sy(yt) + 4, fmt(yt, yStep < 1 ? 1 : 0), "end");
    }
    var xStep = niceStep(xMax);
    for (var xt = 0; xt <= xMax; xt += xStep) {
      chart.appendChild(svg("line", { x1: sx(xt), y1: H - bottom, x2: sx(xt), y2: H - bottom + 4, stroke: "#888" }));
      text(sx(xt), H - bottom + 16, xt >= 1000 ? fmt(xt / 1000, xStep >= 1000 ? 0 : 1) + "k" : fmt(xt, 0));
    }
    chart.appendChild(svg("line", { x1: left, y1: H - bottom, x2: W - right, y2: H - bottom, stroke: "#888" }));
    chart.appendChild(svg("line", { x1: left, y1: top, x2: left, y2: H - bottom, stroke: "#888" }));
    text((left + W - right) / 2, H - 6, "Denominator (" + (measure.statistic === "proportion" ? "people in the measure" : "residents or patients") + ")");
    // control limits: proportions only (through each ward's limits, ordered by denominator)
    var sorted = rows.filter(function (r) { return r.lo2 !== null; }).sort(function (a, b) { return a.denominator - b.denominator; });
    [["lo3", "hi3", "4 3"], ["lo2", "hi2", ""]].forEach(function (pair) {
      [pair[0], pair[1]].forEach(function (field) {
        if (!sorted.length) { return; }
        var points = sorted.map(function (r) { return sx(r.denominator).toFixed(1) + "," + sy(r[field]).toFixed(1); }).join(" ");
        chart.appendChild(svg("polyline", { points: points, fill: "none", stroke: "#555", "stroke-width": "1.2",
          "stroke-dasharray": pair[2], "class": "ph-limit" }));
      });
    });
    if (measure.icb !== null) {
      chart.appendChild(svg("line", { x1: left, y1: sy(measure.icb), x2: W - right, y2: sy(measure.icb), stroke: "#000", "stroke-width": "1.5" }));
    }
    rows.forEach(function (r) {
      var dot = svg("circle", { cx: sx(r.denominator).toFixed(1), cy: sy(r.value).toFixed(1), r: 3.2,
        fill: COLOURS[r.b95] || "#9a9a9a", stroke: "#fff", "stroke-width": "0.6", "data-ward-code": r.ward });
      var title = svg("title");
      title.textContent = (NAMES[r.ward] || r.ward) + ": " + fmt(r.value) + " (" + (LABELS[r.b95] || "no comparison") + " at 95%)";
      dot.appendChild(title);
      chart.appendChild(dot);
    });
    holder.appendChild(chart);
    var legend = document.getElementById("ph-funnel-legend");
    var codes = measure.polarity === "no judgement" ? ["h", "s", "l"] : ["w", "s", "b"];
    legend.innerHTML = codes.map(function (code) {
      return '<span><span class="swatch" style="background:' + COLOURS[code] + '"></span>' + LABELS[code] + " than the ICB (95%)</span>";
    }).join("") + '<span><span class="swatch" style="background:#000;height:3px"></span>ICB ' + fmt(measure.icb) + "</span>" +
      (sorted.length ? "<span>funnel: solid 95%, dashed 99.8%</span>" : "");
    document.getElementById("ph-funnel-caption").innerHTML = esc(measure.name) + ", " + measure.period + " (" + esc(measure.unit) + "). " +
      (measure.synthetic ? SYNTHETIC + " " : "") + rows.length + " wards with a published value" +
      (measure.suppressed ? ", " + measure.suppressed + " suppressed or too small to publish" : "") + ". " +
      (sorted.length ? "Control limits: PHEindicatormethods' funnel around the ICB proportion." :
        "Crude and standardised rates: the significance of each ward against the ICB is shown by colour; the package draws rate funnel lines by event count, not reproduced here.");
  }

  function drawGradients() {
    var area = document.getElementById("ph-gradient-area").value;
    var rows = PH.gradients.filter(function (g) { return g.area === area; });
    var head = document.querySelector("#ph-gradient-table thead");
    var body = document.querySelector("#ph-gradient-table tbody");
    var values = [1];
    rows.forEach(function (g) { [g.rii_lo, g.rii_hi, g.rii].forEach(function (v) { if (v !== null) { values.push(v); } }); });
    var lo = Math.min(0.5, Math.min.apply(null, values)), hi = Math.max(1.5, Math.max.apply(null, values));
    var pos = function (v) { return ((Math.max(lo, Math.min(hi, v)) - lo) / (hi - lo) * 100).toFixed(1) + "%"; };
    head.innerHTML = "<tr><th>Measure</th><th class=\"num\">Year</th><th class=\"num\">SII (95% CI)</th><th class=\"num\">RII (95% CI)</th>" +
      "<th>RII " + fmt(lo, 1) + " \u2013 " + fmt(hi, 1) + " (line at 1)</th></tr>";
    body.innerHTML = rows.map(function (g) {
      var cls = g.synthetic ? " synthetic" : "";
      var bar = '<div class="ci-bar" role="img" aria-label="RII ' + fmt(g.rii, 2) + '"><span class="axis" style="left:' + pos(1) + '"></span>' +
        (g.rii_lo !== null && g.rii_hi !== null ? '<span class="range' + cls + '" style="left:' + pos(g.rii_lo) + ";width:calc(" + pos(g.rii_hi) + " - " + pos(g.rii_lo) + ')"></span>' : "") +
        '<span class="point' + cls + '" style="left:' + pos(g.rii) + '"></span></div>';
      return "<tr><td>" + esc(g.name) + (g.synthetic ? " " + SYNTHETIC : "") + "</td><td class=\"num\">" + g.period + "</td>" +
        "<td class=\"num\">" + fmt(g.sii, 2) + " (" + fmt(g.sii_lo, 2) + " to " + fmt(g.sii_hi, 2) + ")</td>" +
        "<td class=\"num\">" + fmt(g.rii, 2) + " (" + fmt(g.rii_lo, 2) + " to " + fmt(g.rii_hi, 2) + ")</td>" +
        "<td class=\"ci\">" + bar + "</td></tr>";
    }).join("");
  }

  function drawCore20() {
    var core20 = PH.core20;
    var holder = document.getElementById("ph-core20-map");
    var source = document.getElementById("ward-map");
    if (!core20 || !source) { document.getElementById("ph-core20-heading").hidden = true; return; }
    var breaks = [0, 0.25, 0.5, 0.75];
    var palette = ["#fde725", "#5ec962", "#21918c", "#3b528b", "#440154"];
    var classOf = function (share) {
      if (share === null || share === undefined) { return null; }
      if (share === 0) { return 0; }
      var k = 1;
      breaks.slice(1).forEach(function (b) { if (share >= b) { k += 1; } });
      return Math.min(k, 4);
    };
    var map = svg("svg", { viewBox: source.getAttribute("viewBox"), role: "img", id: "ph-core20-svg",
      "aria-label": "Map of the share of each ward's residents in England's most deprived 20% of LSOAs", preserveAspectRatio: "xMidYMid meet" });
    Array.prototype.forEach.call(source.querySelectorAll("path[data-ward-code]"), function (path) {
      var code = path.getAttribute("data-ward-code");
      var share = core20.shares[code];
      var k = classOf(share);
      var copy = svg("path", { d: path.getAttribute("d"), fill: k === null ? "#d9d9d9" : palette[k], "data-ward-code": code });
      var title = svg("title");
      title.textContent = (NAMES[code] || code) + ": " + (share === undefined ? "no data" : fmt(100 * share, 0) + "% of residents in Core20 LSOAs");
      copy.appendChild(title);
      map.appendChild(copy);
    });
    holder.appendChild(map);
    var labels = ["none", "under 25%", "25-50%", "50-75%", "75% or more"];
    document.getElementById("ph-core20-legend").innerHTML = '<span class="title">Residents in Core20 LSOAs</span>' +
      labels.map(function (label, k) { return '<span><span class="swatch" style="background:' + palette[k] + '"></span>' + label + "</span>"; }).join("");
    document.getElementById("ph-core20-caption").textContent = "Share of each ward's Census 2021 residents living in England's most deprived 20% of LSOAs (IMD 2025). " +
      (core20.icb_share !== null ? "ICB: " + fmt(100 * core20.icb_share, 1) + "%." : "");
    var head = document.querySelector("#ph-core20-table thead");
    var body = document.querySelector("#ph-core20-table tbody");
    head.innerHTML = "<tr><th>Measure</th><th class=\"num\">Year</th><th class=\"num\">Core20 (95% CI)</th><th class=\"num\">Rest of ICB</th><th class=\"num\">Ratio</th><th>Core20 is</th></tr>";
    body.innerHTML = core20.outcomes.map(function (o) {
      var word = o.benchmark || "\u2013";
      return "<tr><td>" + esc(o.name) + (o.synthetic ? " " + SYNTHETIC : "") + "</td><td class=\"num\">" + o.period + "</td>" +
        "<td class=\"num\">" + fmt(o.value) + " (" + fmt(o.lo) + "\u2013" + fmt(o.hi) + ")</td><td class=\"num\">" + fmt(o.rest) + "</td>" +
        "<td class=\"num\">" + fmt(o.ratio, 2) + "</td><td class=\"" + esc(word) + "\">" + esc(word) + "</td></tr>";
    }).join("");
  }

  if (PH.measures.length) {
    var select = document.getElementById("ph-funnel-select");
    PH.measures.forEach(function (measure, index) {
      var option = document.createElement("option");
      option.value = String(index);
      option.textContent = measure.name + (measure.synthetic ? " (SYNTHETIC)" : "");
      select.appendChild(option);
    });
    select.addEventListener("change", drawFunnel);
    drawBenchmarkTable();
    drawFunnel();
  }
  if (PH.gradients.length) {
    var areaSelect = document.getElementById("ph-gradient-area");
    var seen = {};
    PH.gradients.forEach(function (g) {
      if (seen[g.area]) { return; }
      seen[g.area] = true;
      var option = document.createElement("option");
      option.value = g.area;
      option.textContent = g.area_type === "icb" ? g.area_name + " (ICB)" : g.area_name;
      areaSelect.appendChild(option);
    });
    areaSelect.addEventListener("change", drawGradients);
    drawGradients();
  } else {
    document.getElementById("ph-gradient-heading").hidden = true;
  }
  drawCore20();
  window.spiPopulationHealth = {
    showFunnel: function (measureId) {
      var index = PH.measures.findIndex(function (m) { return m.id === measureId; });
      if (index < 0) { return false; }
      document.getElementById("ph-funnel-select").value = String(index);
      drawFunnel();
      return true;
    }
  };
})();

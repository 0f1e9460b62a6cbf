/* Ward SPI report: colours the map, fills the tables, the scatter and the ward profiles from the embedded data. */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("spi-data").textContent);
  // viridis in five steps: colour-blind safe, ordered light to dark, readable in greyscale
  var PALETTE = ["#440154", "#3b528b", "#21918c", "#5ec962", "#fde725"];
  var MISSING = "#d9d9d9";
  var SVG_NS = "http://www.w3.org/2000/svg";
  // the embedded data are compact (arrays in measure and indicator order, flags as bits): expand them once
  function expandPeriods() {
    var keys = DATA.measures.map(function (m) { return m.key; });
    var bits = DATA.flag_bits;
    Object.keys(DATA.by_period).forEach(function (p) {
      var entries = DATA.by_period[p].scores;
      Object.keys(entries).forEach(function (code) {
        var entry = entries[code];
        entry.scores = {};
        entry.ranks = {};
        keys.forEach(function (key, index) {
          entry.scores[key] = entry.s[index] === undefined ? null : entry.s[index];
          entry.ranks[key] = entry.r[index] === undefined ? null : entry.r[index];
        });
      });
      var rows = DATA.by_period[p].indicators;
      Object.keys(rows).forEach(function (code) {
        rows[code] = rows[code].map(function (packed) {
          var row = {};
          DATA.indicator_fields.forEach(function (name, index) { row[name] = packed[index] === undefined ? null : packed[index]; });
          var flags = row.flags || 0;
          row.id = DATA.indicators[row.indicator].indicator_id;
          Object.keys(bits).forEach(function (name) { row[name] = (flags & bits[name]) !== 0; });
          row.bound_status = row.beyond_best ? "beyond_best" : row.beyond_worst ? "beyond_worst" : null;
          return row;
        });
      });
    });
  }
  expandPeriods();
  var WARDS = {};
  DATA.wards.forEach(function (ward) { WARDS[ward.ward_code] = ward; });
  var INDICATORS = {};
  DATA.indicators.forEach(function (indicator) { INDICATORS[indicator.indicator_id] = indicator; });
  var MEASURES = {};
  DATA.measures.forEach(function (measure) { MEASURES[measure.key] = measure; });
  var DIMENSIONS = DATA.measures.filter(function (m) { return m.level === "dimension"; });
  var state = { period: DATA.latest_period, measure: "spi", ward: null, sortKey: "rank", sortAsc: true };
  var tooltip = document.getElementById("tooltip");

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (key) {
      if (key === "text") { node.textContent = attributes[key]; }
      else if (key === "html") { node.innerHTML = attributes[key]; }
      else { node.setAttribute(key, attributes[key]); }
    });
    (children || []).forEach(function (child) { if (child) { node.appendChild(child); } });
    return node;
  }
  function svg(tag, attributes) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attributes || {}).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    return node;
  }
  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function fmt(value, digits) {
    if (value === null || value === undefined || Number.isNaN(value)) { return "\u2013"; }
    return Number(value).toFixed(digits === undefined ? 1 : digits);
  }
  function fmtValue(value) {
    if (value === null || value === undefined) { return "\u2013"; }
    var size = Math.abs(value);
    if (size >= 1000) { return Math.round(value).toLocaleString("en-GB"); }
    if (size >= 100) { return value.toFixed(0); }
    if (size >= 10) { return value.toFixed(1); }
    if (size >= 1) { return value.toFixed(2); }
    return value.toPrecision(3);
  }
  function pct(value) { return value === null || value === undefined ? "\u2013" : (100 * value).toFixed(1) + "%"; }
  function ordinal(n) {
    var s = ["th", "st", "nd", "rd"], v = n % 100;
    return n + (s[(v - 20) % 10] || s[v] || s[0]);
  }
  function period() { return DATA.by_period[state.period]; }
  function scoreOf(code, key) {
    var entry = period().scores[code];
    return entry ? entry.scores[key] : null;
  }
  function rankedCount() {
    var scores = period().scores;
    return Object.keys(scores).filter(function (code) { return scores[code].rank !== null; }).length;
  }

  /* ---------- colour classes: fifths of the wards on the chosen measure ---------- */
  function breaks(key) {
    var values = Object.keys(WARDS).map(function (code) { return scoreOf(code, key); })
      .filter(function (v) { return v !== null && v !== undefined; }).sort(function (a, b) { return a - b; });
    if (!values.length) { return { cuts: [], min: null, max: null }; }
    var cuts = [];
    for (var i = 1; i < PALETTE.length; i += 1) { cuts.push(values[Math.floor(i * values.length / PALETTE.length)]); }
    return { cuts: cuts, min: values[0], max: values[values.length - 1] };
  }
  function colourFor(value, scale) {
    if (value === null || value === undefined) { return MISSING; }
    var index = 0;
    while (index < scale.cuts.length && value >= scale.cuts[index]) { index += 1; }
    return PALETTE[index];
  }

  /* ---------- map ---------- */
  var mapPaths = Array.prototype.slice.call(document.querySelectorAll("#ward-map path[data-ward-code]"));
  function drawMap() {
    var scale = breaks(state.measure);
    mapPaths.forEach(function (path) {
      var code = path.getAttribute("data-ward-code");
      var value = scoreOf(code, state.measure);
      path.setAttribute("fill", colourFor(value, scale));
      path.setAttribute("aria-label", (WARDS[code] ? WARDS[code].ward_name : code) + ": " + fmt(value));
      path.classList.toggle("selected", code === state.ward);
    });
    var selected = document.querySelector("#ward-map path.selected");
    if (selected) { selected.parentNode.appendChild(selected); }  // draw the outline on top
    drawLegend(scale);
  }
  function drawLegend(scale) {
    var legend = document.getElementById("legend");
    var measure = MEASURES[state.measure];
    legend.innerHTML = "";
    legend.appendChild(el("span", { "class": "title", text: measure.label + " score (" + state.period + ")" +
      (measure.synthetic ? " \u2013 includes SYNTHETIC data" : "") }));
    if (scale.min === null) { legend.appendChild(el("span", { text: "No scores for this measure." })); return; }
    var edges = [scale.min].concat(scale.cuts).concat([scale.max]);
    PALETTE.forEach(function (colour, index) {
      var label = fmt(edges[index]) + "\u2013" + fmt(edges[index + 1]);
      var item = el("span", {}, [el("span", { "class": "swatch", style: "background:" + colour })]);
      item.appendChild(document.createTextNode((index === 0 ? "lowest fifth " : index === 4 ? "highest fifth " : "") + label));
      legend.appendChild(item);
    });
    var missing = el("span", {}, [el("span", { "class": "swatch", style: "background:" + MISSING })]);
    missing.appendChild(document.createTextNode("no score (partial ward)"));
    legend.appendChild(missing);
  }
  function showTooltip(event, html) {
    tooltip.innerHTML = html;
    tooltip.style.display = "block";
    var x = event.clientX + 14, y = event.clientY + 14;
    if (x + 290 > window.innerWidth) { x = event.clientX - 290; }
    tooltip.style.left = x + "px";
    tooltip.style.top = y + "px";
  }
  function hideTooltip() { tooltip.style.display = "none"; }
  function wardTooltip(code) {
    var ward = WARDS[code] || { ward_name: code, lad_name: "" };
    var entry = period().scores[code];
    var rank = entry && entry.ranks[state.measure];
    return "<b>" + escapeHtml(ward.ward_name) + "</b><br>" + escapeHtml(ward.lad_name) + "<br>" +
      escapeHtml(MEASURES[state.measure].label) + ": <b>" + fmt(scoreOf(code, state.measure)) + "</b>" +
      (rank ? " (rank " + rank + " of " + rankedCount() + ")" : "");
  }
  mapPaths.forEach(function (path) {
    var code = path.getAttribute("data-ward-code");
    path.addEventListener("mousemove", function (event) { showTooltip(event, wardTooltip(code)); });
    path.addEventListener("mouseleave", hideTooltip);
    path.addEventListener("click", function () { openWard(code); });
    path.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); openWard(code); }
    });
  });

  /* ---------- ward profile ---------- */
  function badge(kind, text, title) { return '<span class="badge ' + kind + '" title="' + escapeHtml(title || text) + '">' + escapeHtml(text) + "</span>"; }
  function flagsOf(row, indicator) {
    var flags = [];
    if (row.synthetic || (indicator && indicator.is_synthetic)) {
      flags.push(badge("synthetic", "SYNTHETIC", "Made by this project's generator: not real data"));
    }
    if (row.suppressed) { flags.push(badge("suppressed", "suppressed", "Not published: disclosure control (small numbers)")); }
    if (row.imputed) { flags.push(badge("imputed", "imputed", "No value for this ward: the score is imputed from the component's other indicators")); }
    var bound = row.bound_status;
    if (bound === "beyond_best") { flags.push(badge("bounds", "beyond best bound", "The value is better than the best bound: the score is capped at 100")); }
    if (bound === "beyond_worst") { flags.push(badge("bounds", "beyond worst bound", "The value is worse than the worst bound: the score is capped at 0")); }
    if (row.partial) {
      flags.push(badge("partial", "partial coverage " + pct(row.coverage), "Only part of the ward's residents live in areas with a value"));
    }
    if (indicator && indicator.data_status === "modelled") { flags.push(badge("modelled", "modelled", "Official modelled estimate")); }
    return flags.join(" ");
  }
  function barRow(label, score, rank, level, medianScore) {
    var colour = colourFor(score, breaks(level));
    var marker = medianScore === null || medianScore === undefined ? "" : '<i style="left:' + medianScore + '%" title="ICB median ' + fmt(medianScore) + '"></i>';
    return "<td class=\"name\">" + escapeHtml(label) + "</td><td class=\"num\">" + fmt(score) + "</td>" +
      "<td><div class=\"bar\"><span style=\"width:" + (score || 0) + "%;background:" + colour + "\"></span>" + marker + "</div></td>" +
      "<td class=\"num\">" + (rank ? ordinal(rank) : "\u2013") + "</td>";
  }
  function median(key) {
    var values = Object.keys(WARDS).map(function (code) { return scoreOf(code, key); })
      .filter(function (v) { return v !== null && v !== undefined; }).sort(function (a, b) { return a - b; });
    if (!values.length) { return null; }
    var mid = Math.floor(values.length / 2);
    return values.length % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }
  function profileHtml(code) {
    var ward = WARDS[code];
    var entry = period().scores[code];
    if (!ward || !entry) { return '<p class="placeholder">No scores for ward ' + escapeHtml(code) + " in " + state.period + ".</p>"; }
    var total = rankedCount();
    var html = "<button type=\"button\" class=\"print-button no-print\" data-print-profile>Print this profile</button>";
    html += "<h2 id=\"profile-name\">" + escapeHtml(ward.ward_name) + "</h2>";
    html += "<p class=\"sub\">" + escapeHtml(ward.ward_code) + " \u00b7 " + escapeHtml(ward.lad_name) + " \u00b7 " +
      Number(ward.usual_residents).toLocaleString("en-GB") + " residents (Census 2021) \u00b7 period " + escapeHtml(state.period) + "</p>";
    var synthetic = entry.synthetic || (period().indicators[code] || []).some(function (row) {
      return row.synthetic || (INDICATORS[row.id] && INDICATORS[row.id].is_synthetic);
    });
    if (synthetic) { html += "<p>" + badge("synthetic", "SYNTHETIC INPUTS", "Some indicators behind this score are synthetic") + " Some indicators behind these scores are synthetic (not real data).</p>"; }
    html += "<div class=\"headline\"><div><span class=\"big\">" + fmt(entry.scores.spi) + "</span><br><span class=\"note\">SPI (0\u2013100)</span></div>";
    html += "<div class=\"fact\"><b>" + (entry.rank ? ordinal(entry.rank) + " of " + total : "not ranked (partial)") + "</b>in the ICB (1 = highest)</div>";
    var interval = period().rank_intervals && period().rank_intervals[code];
    if (interval) {
      html += "<div class=\"fact\"><b>" + fmt(interval.lower, 0) + "\u2013" + fmt(interval.upper, 0) + "</b>rank interval (5th\u201395th percentile over the audit's runs of other normalisations, aggregations, weights and indicator sets" + (interval.median ? "; median " + ordinal(interval.median) : "") + ")</div>";
    }
    html += "<div class=\"fact\"><b>" + (entry.rank_lad ? ordinal(entry.rank_lad) : "\u2013") + "</b>in " + escapeHtml(ward.lad_name) + "</div>";
    html += "<div class=\"fact\"><b>" + (entry.quintile || "\u2013") + " of 5</b>quintile (5 = highest fifth)</div>";
    html += "<div class=\"fact\"><b>" + pct(ward.income_deprivation_rate) + "</b>income deprived (not in the SPI)</div></div>";
    if (!entry.complete) { html += "<p class=\"note\">This ward is partial: two or more indicators of a component are missing, so some scores are empty and it is not ranked.</p>"; }

    html += "<h3>Dimensions and components</h3><table class=\"bars\"><thead><tr><th class=\"visually-hidden\">Measure</th><th class=\"visually-hidden\">Score</th><th class=\"visually-hidden\">Bar</th><th class=\"visually-hidden\">Rank</th></tr></thead><tbody>";
    DIMENSIONS.forEach(function (dimension) {
      html += "<tr class=\"dimension\">" + barRow(dimension.label, entry.scores[dimension.key], entry.ranks[dimension.key], dimension.key, median(dimension.key)) + "</tr>";
      DATA.measures.filter(function (m) { return m.level === "component" && m.dimension === dimension.dimension; }).forEach(function (component) {
        html += "<tr>" + barRow("\u2003" + component.label, entry.scores[component.key], entry.ranks[component.key], component.key, median(component.key)) + "</tr>";
      });
    });
    html += "</tbody></table><p class=\"note\">Bars: the ward's score out of 100, coloured by its fifth among the ICB's wards; the black tick is the ICB median. Right: rank in the ICB.</p>";

    var card = period().scorecards && period().scorecards[code];
    if (DATA.features.scorecards) {
      html += "<h3>Strengths and weaknesses</h3><p class=\"note\">Compared with the ward's peers (wards of similar income deprivation): a strength is more than one mean absolute deviation above the peers' median, a weakness more than one below.</p>";
      var list = function (items) {
        if (!items || !items.length) { return "<p class=\"placeholder\">none</p>"; }
        return "<ul>" + items.map(function (item) {
          return "<li>" + escapeHtml(item.name) + (item.level ? " <span class=\"muted\">(" + escapeHtml(item.level) + ")</span>" : "") + (item.score !== null && item.score !== undefined ? " \u2013 " + fmt(item.score) : "") + "</li>";
        }).join("") + "</ul>";
      };
      html += "<div class=\"sw\"><div><h4>Strengths</h4>" + list(card && card.strength) + "</div><div><h4>Weaknesses</h4>" + list(card && card.weakness) + "</div></div>";
    }

    html += "<h3>Indicators</h3><table class=\"data indicators\"><thead><tr><th>Indicator</th><th class=\"num\">Value</th><th>Unit</th><th class=\"num\">Score</th>" +
      (DATA.features.ci ? "<th class=\"num\">95% CI</th>" : "") + "<th>Flags</th></tr></thead><tbody>";
    var rows = period().indicators[code] || [];
    var byId = {};
    rows.forEach(function (row) { byId[row.id] = row; });
    var lastComponent = null;
    DATA.indicators.forEach(function (indicator) {
      var row = byId[indicator.indicator_id];
      if (!row) { return; }
      if (indicator.component !== lastComponent) {
        lastComponent = indicator.component;
        html += "<tr><td colspan=\"" + (DATA.features.ci ? 6 : 5) + "\"><h4>" + escapeHtml(indicator.component) + " <span class=\"muted\">(" + escapeHtml(indicator.dimension) + ")</span></h4></td></tr>";
      }
      var suppressed = row.suppressed;
      var ci = row.ci_lower === null || row.ci_lower === undefined ? "\u2013" : fmtValue(row.ci_lower) + "\u2013" + fmtValue(row.ci_upper);
      html += "<tr><td title=\"" + escapeHtml(indicator.source + ", " + indicator.data_period) + "\">" + escapeHtml(indicator.indicator_name) + "</td>" +
        "<td class=\"num\"" + (row.numerator !== null && !suppressed ? " title=\"" + fmtValue(row.numerator) + " of " + fmtValue(row.denominator) + "\"" : "") + ">" + (suppressed ? "*" : fmtValue(row.value)) + "</td><td>" + escapeHtml(indicator.unit) + "</td>" +
        "<td class=\"num\">" + fmt(row.score) + "</td>" + (DATA.features.ci ? "<td class=\"num\">" + (suppressed ? "*" : ci) + "</td>" : "") +
        "<td>" + flagsOf(row, indicator) + "</td></tr>";
    });
    html += "</tbody></table><p class=\"note\">Score: 0 = the indicator's worst bound, 100 = its best. A dash is a missing value" +
      (DATA.features.suppressed ? "; * a value suppressed by disclosure control" : "") + ". Hover an indicator for its source and period.</p>";
    return html;
  }
  function allSynthetic() {
    var scores = period().scores;
    var codes = Object.keys(scores);
    return codes.length > 0 && codes.every(function (code) { return scores[code].synthetic; });
  }
  function overviewHtml() {
    var scores = period().scores;
    var codes = Object.keys(scores).filter(function (code) { return scores[code].scores.spi !== null && scores[code].scores.spi !== undefined; });
    var residents = DATA.wards.reduce(function (sum, ward) { return sum + (Number(ward.usual_residents) || 0); }, 0);
    var weighted = codes.reduce(function (sum, code) { return sum + scores[code].scores.spi * (Number(WARDS[code].usual_residents) || 0); }, 0);
    var covered = codes.reduce(function (sum, code) { return sum + (Number(WARDS[code].usual_residents) || 0); }, 0);
    var sorted = codes.slice().sort(function (a, b) { return scores[a].scores.spi - scores[b].scores.spi; });
    var html = "<h2 id=\"profile-overview\">" + escapeHtml(DATA.region_label || "The ICB") + ": overview</h2>";
    html += "<p class=\"sub\">" + DATA.wards.length + " wards \u00b7 " + residents.toLocaleString("en-GB") + " residents (Census 2021) \u00b7 period " + escapeHtml(state.period) + "</p>";
    if (allSynthetic()) { html += "<p>" + badge("synthetic", "SYNTHETIC INPUTS", "Some indicators behind every score are synthetic") + " Every ward's scores use some synthetic indicators (not real data).</p>"; }
    html += "<div class=\"headline\"><div><span class=\"big\">" + fmt(covered ? weighted / covered : null) + "</span><br><span class=\"note\">SPI, population-weighted</span></div>";
    html += "<div class=\"fact\"><b>" + fmt(median("spi")) + "</b>median ward</div>";
    if (sorted.length) {
      html += "<div class=\"fact\"><b>" + fmt(scores[sorted[0]].scores.spi) + "\u2013" + fmt(scores[sorted[sorted.length - 1]].scores.spi) + "</b>lowest (" + escapeHtml(WARDS[sorted[0]].ward_name) + ") to highest (" + escapeHtml(WARDS[sorted[sorted.length - 1]].ward_name) + ")</div>";
    }
    html += "</div><h3>Dimensions and components: ICB medians</h3><table class=\"bars\"><tbody>";
    DIMENSIONS.forEach(function (dimension) {
      html += "<tr class=\"dimension\">" + barRow(dimension.label, median(dimension.key), null, dimension.key, null) + "</tr>";
      DATA.measures.filter(function (m) { return m.level === "component" && m.dimension === dimension.dimension; }).forEach(function (component) {
        html += "<tr>" + barRow("\u2003" + component.label, median(component.key), null, component.key, null) + "</tr>";
      });
    });
    html += "</tbody></table><p class=\"placeholder\">Click a ward on the map, choose one above, or click a row of the table to see its profile: scores, rank, strengths and weaknesses, and every indicator with its flags.</p>";
    return html;
  }
  function showOverview() {
    var panel = document.getElementById("profile");
    panel.innerHTML = overviewHtml();
  }
  function printProfile() {
    document.body.classList.add("print-profile");
    window.print();
  }
  window.addEventListener("afterprint", function () { document.body.classList.remove("print-profile"); });
  document.getElementById("profile").addEventListener("click", function (event) {
    if (event.target && event.target.hasAttribute && event.target.hasAttribute("data-print-profile")) { printProfile(); }
  });
  function openWard(code) {
    if (!WARDS[code]) { return false; }
    state.ward = code;
    var panel = document.getElementById("profile");
    panel.innerHTML = profileHtml(code);
    panel.scrollTop = 0;
    document.getElementById("ward-select").value = code;
    drawMap();
    highlightScatter();
    if (window.history && window.history.replaceState) { window.history.replaceState(null, "", "#ward=" + code); }
    return true;
  }

  /* ---------- ward table ---------- */
  var TABLE_COLUMNS = [
    { key: "rank", label: "Rank", num: true, get: function (c) { return period().scores[c] ? period().scores[c].rank : null; }, show: function (v) { return v || "\u2013"; } }
  ].concat(DATA.features.rank_intervals ? [
    { key: "interval", label: "Rank interval", num: true, get: function (c) {
      var interval = period().rank_intervals && period().rank_intervals[c];
      return interval ? interval.lower : null;
    }, render: function (c) {
      var interval = period().rank_intervals && period().rank_intervals[c];
      return interval ? fmt(interval.lower, 0) + "\u2013" + fmt(interval.upper, 0) : "\u2013";
    } }
  ] : []).concat([
    { key: "name", label: "Ward", get: function (c) { return WARDS[c].ward_name; } },
    { key: "lad", label: "Local authority", get: function (c) { return WARDS[c].lad_name; } },
    { key: "spi", label: "SPI", num: true, get: function (c) { return scoreOf(c, "spi"); }, show: fmt }
  ]).concat(DIMENSIONS.map(function (d) {
    return { key: d.key, label: d.label, num: true, get: function (c) { return scoreOf(c, d.key); }, show: fmt };
  })).concat([
    { key: "income", label: "Income deprived", num: true, get: function (c) { return WARDS[c].income_deprivation_rate; }, show: pct },
    { key: "pop", label: "Residents", num: true, get: function (c) { return WARDS[c].usual_residents; }, show: function (v) { return Number(v).toLocaleString("en-GB"); } },
    { key: "flags", label: "Notes", heading: function () {
      return allSynthetic() ? " " + badge("synthetic", "SYNTHETIC", "Every ward's scores use synthetic indicators") : "";
    }, get: function (c) {
      var e = period().scores[c];
      if (!e) { return ""; }
      return (e.synthetic ? "synthetic " : "") + (e.complete ? "" : "partial ") + (e.n_imputed ? e.n_imputed + " imputed" : "");
    }, render: function (c) {
      var e = period().scores[c];
      if (!e) { return ""; }
      return (e.synthetic && !allSynthetic() ? badge("synthetic", "SYNTHETIC") : "") + (e.complete ? "" : badge("partial", "partial")) +
        (e.n_imputed ? badge("imputed", e.n_imputed + " imputed") : "");
    } }
  ]);
  function drawTableHead() {
    var head = document.querySelector("#ward-table thead");
    var row = el("tr");
    TABLE_COLUMNS.forEach(function (column) {
      var th = el("th", { scope: "col", "class": column.num ? "num" : "" });
      if (column.key === state.sortKey) { th.setAttribute("aria-sort", state.sortAsc ? "ascending" : "descending"); }
      var button = el("button", { type: "button", text: column.label });
      button.addEventListener("click", function () {
        if (state.sortKey === column.key) { state.sortAsc = !state.sortAsc; }
        else { state.sortKey = column.key; state.sortAsc = !column.num || column.key === "rank"; }
        drawTable();
      });
      th.appendChild(button);
      if (column.heading) { th.insertAdjacentHTML("beforeend", column.heading()); }
      row.appendChild(th);
    });
    head.innerHTML = "";
    head.appendChild(row);
  }
  function drawTable() {
    drawTableHead();
    var column = TABLE_COLUMNS.filter(function (c) { return c.key === state.sortKey; })[0];
    var lad = document.getElementById("table-lad").value;
    var search = document.getElementById("table-search").value.trim().toLowerCase();
    var codes = Object.keys(WARDS).filter(function (code) {
      return (!lad || WARDS[code].lad_code === lad) && (!search || WARDS[code].ward_name.toLowerCase().indexOf(search) >= 0);
    });
    codes.sort(function (a, b) {
      var x = column.get(a), y = column.get(b);
      if (x === null || x === undefined) { return 1; }
      if (y === null || y === undefined) { return -1; }
      var order = typeof x === "string" ? x.localeCompare(y) : x - y;
      return state.sortAsc ? order : -order;
    });
    var body = document.querySelector("#ward-table tbody");
    body.innerHTML = "";
    codes.forEach(function (code) {
      var tr = el("tr", { "class": "clickable", "data-ward": code, tabindex: "0" });
      TABLE_COLUMNS.forEach(function (c) {
        var td = el("td", { "class": c.num ? "num" : "" });
        if (c.render) { td.innerHTML = c.render(code); } else { td.textContent = c.show ? c.show(c.get(code)) : c.get(code); }
        tr.appendChild(td);
      });
      var open = function () { openWard(code); document.getElementById("map").scrollIntoView(); };
      tr.addEventListener("click", open);
      tr.addEventListener("keydown", function (event) { if (event.key === "Enter") { open(); } });
      body.appendChild(tr);
    });
  }

  /* ---------- local authorities ---------- */
  function drawLaTable() {
    var head = document.querySelector("#la-table thead");
    var body = document.querySelector("#la-table tbody");
    head.innerHTML = "<tr><th scope=\"col\">Local authority</th><th class=\"num\" scope=\"col\">Wards</th><th class=\"num\" scope=\"col\">Residents</th>" +
      "<th class=\"num\" scope=\"col\">SPI</th>" + DIMENSIONS.map(function (d) { return "<th class=\"num\" scope=\"col\">" + escapeHtml(d.label) + "</th>"; }).join("") +
      "<th scope=\"col\">Lowest ward (SPI)</th><th scope=\"col\">Highest ward (SPI)</th></tr>";
    var columns = { "Basic Human Needs": "basic_human_needs_score", "Foundations of Wellbeing": "foundations_of_wellbeing_score", "Opportunity": "opportunity_score" };
    body.innerHTML = period().la_summary.map(function (row) {
      var total = row.lad_code === "all";
      return "<tr" + (total ? " class=\"total\"" : "") + "><td>" + escapeHtml(total ? "All wards of " + (DATA.area_label || "the region") : row.lad_name) + "</td><td class=\"num\">" + row.wards +
        "</td><td class=\"num\">" + Number(row.population).toLocaleString("en-GB") + "</td><td class=\"num\">" + fmt(row.spi_score) + "</td>" +
        DIMENSIONS.map(function (d) { return "<td class=\"num\">" + fmt(row[columns[d.dimension]]) + "</td>"; }).join("") +
        "<td>" + escapeHtml(row.min_ward || "\u2013") + " (" + fmt(row.min_spi) + ")</td><td>" + escapeHtml(row.max_ward || "\u2013") + " (" + fmt(row.max_spi) + ")</td></tr>";
    }).join("");
  }

  /* ---------- SPI against income deprivation ---------- */
  function drawScatter() {
    var holder = document.getElementById("scatter");
    holder.innerHTML = "";
    var W = 860, H = 460, left = 60, right = 20, top = 20, bottom = 50;
    var points = Object.keys(WARDS).map(function (code) {
      return { code: code, x: WARDS[code].income_deprivation_rate, y: scoreOf(code, "spi") };
    }).filter(function (p) { return p.x !== null && p.y !== null && p.y !== undefined; });
    var chart = svg("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": "Scatter plot of ward SPI against income deprivation" });
    if (!points.length) { holder.appendChild(el("p", { "class": "placeholder", text: "No scores to plot." })); return; }
    var xs = points.map(function (p) { return p.x; }), ys = points.map(function (p) { return p.y; });
    var xMax = Math.ceil(Math.max.apply(null, xs) * 20) / 20, xMin = 0;
    var yMin = Math.floor(Math.min.apply(null, ys) / 5) * 5, yMax = Math.ceil(Math.max.apply(null, ys) / 5) * 5;
    var sx = function (v) { return left + (v - xMin) / (xMax - xMin) * (W - left - right); };
    var sy = function (v) { return H - bottom - (v - yMin) / (yMax - yMin) * (H - top - bottom); };
    var axis = svg("g", { stroke: "#888", "stroke-width": "1" });
    axis.appendChild(svg("line", { x1: left, y1: H - bottom, x2: W - right, y2: H - bottom }));
    axis.appendChild(svg("line", { x1: left, y1: top, x2: left, y2: H - bottom }));
    chart.appendChild(axis);
    var label = function (x, y, text, anchor, extra) {
      var t = svg("text", Object.assign({ x: x, y: y, "text-anchor": anchor || "middle", fill: "#333" }, extra || {}));
      t.textContent = text;
      chart.appendChild(t);
    };
    for (var xt = 0; xt <= xMax + 1e-9; xt += 0.05) {
      chart.appendChild(svg("line", { x1: sx(xt), y1: H - bottom, x2: sx(xt), y2: H - bottom + 5, stroke: "#888" }));
      label(sx(xt), H - bottom + 18, Math.round(xt * 100) + "%");
    }
    for (var yt = yMin; yt <= yMax; yt += 5) {
      chart.appendChild(svg("line", { x1: left, y1: sy(yt), x2: W - right, y2: sy(yt), stroke: "#eee" }));
      label(left - 8, sy(yt) + 4, String(yt), "end");
    }
    label((left + W - right) / 2, H - 10, "Share of residents in income deprivation (IoD 2025)");
    label(16, (top + H - bottom) / 2, "SPI " + state.period, "middle", { transform: "rotate(-90 16 " + (top + H - bottom) / 2 + ")" });
    // least-squares line and correlation
    var n = points.length, mx = xs.reduce(function (a, b) { return a + b; }, 0) / n, my = ys.reduce(function (a, b) { return a + b; }, 0) / n;
    var sxy = 0, sxx = 0, syy = 0;
    points.forEach(function (p) { sxy += (p.x - mx) * (p.y - my); sxx += (p.x - mx) * (p.x - mx); syy += (p.y - my) * (p.y - my); });
    if (sxx > 0 && syy > 0) {
      var slope = sxy / sxx, intercept = my - slope * mx, r = sxy / Math.sqrt(sxx * syy);
      chart.appendChild(svg("line", { x1: sx(xMin), y1: sy(intercept + slope * xMin), x2: sx(xMax), y2: sy(intercept + slope * xMax), stroke: "#e66100", "stroke-width": "2", "stroke-dasharray": "6 4" }));
      label(W - right - 4, top + 14, "r = " + r.toFixed(2) + " (" + n + " wards)", "end", { "font-weight": "700" });
    }
    var scale = breaks("spi");
    points.forEach(function (p) {
      var dot = svg("circle", { cx: sx(p.x).toFixed(1), cy: sy(p.y).toFixed(1), r: "5", fill: colourFor(p.y, scale), stroke: "#333", "stroke-width": "0.6", "data-scatter-ward": p.code });
      dot.addEventListener("mousemove", function (event) {
        showTooltip(event, "<b>" + escapeHtml(WARDS[p.code].ward_name) + "</b><br>SPI " + fmt(p.y) + " \u00b7 income deprived " + pct(p.x));
      });
      dot.addEventListener("mouseleave", hideTooltip);
      dot.addEventListener("click", function () { openWard(p.code); document.getElementById("map").scrollIntoView(); });
      chart.appendChild(dot);
    });
    holder.appendChild(chart);
    highlightScatter();
  }
  function highlightScatter() {
    Array.prototype.forEach.call(document.querySelectorAll("#scatter circle"), function (dot) {
      var selected = dot.getAttribute("data-scatter-ward") === state.ward;
      dot.classList.toggle("selected", selected);
      if (selected) { dot.parentNode.appendChild(dot); }
    });
  }

  /* ---------- indicator catalogue ---------- */
  function drawIndicatorTable() {
    document.querySelector("#indicator-table thead").innerHTML = "<tr><th>Indicator</th><th>Dimension / component</th><th>Unit</th><th>Better</th>" +
      "<th class=\"num\">Best</th><th class=\"num\">Worst</th><th class=\"num\">Weight</th><th>Source and period</th><th>Data</th></tr>";
    document.querySelector("#indicator-table tbody").innerHTML = DATA.indicators.map(function (i) {
      var status = i.is_synthetic ? badge("synthetic", "SYNTHETIC") : i.data_status === "modelled" ? badge("modelled", "modelled") : "real";
      return "<tr><td title=\"" + escapeHtml(i.bounds_rationale) + "\">" + escapeHtml(i.indicator_name) + "</td><td>" + escapeHtml(i.dimension) + " / " + escapeHtml(i.component) +
        "</td><td>" + escapeHtml(i.unit) + "</td><td>" + (i.higher_is_better ? "higher" : "lower") + "</td><td class=\"num\">" + fmtValue(i.best) +
        "</td><td class=\"num\">" + fmtValue(i.worst) + "</td><td class=\"num\">" + fmt(i.weight, 3) + "</td><td>" + escapeHtml(i.source) + ", " + escapeHtml(i.data_period) +
        (i.transform !== "none" ? " <span class=\"muted\">(" + escapeHtml(i.transform) + " transform)</span>" : "") + "</td><td>" + status + "</td></tr>";
    }).join("");
  }

  /* ---------- controls ---------- */
  function fillControls() {
    var measureSelect = document.getElementById("measure-select");
    var group = null;
    DATA.measures.forEach(function (measure) {
      var option = el("option", { value: measure.key, text: (measure.level === "component" ? "\u2003" : "") + measure.label + (measure.synthetic ? " (incl. synthetic)" : "") });
      if (measure.level === "spi") { measureSelect.appendChild(option); return; }
      if (measure.level === "dimension") {
        group = el("optgroup", { label: measure.label });
        measureSelect.appendChild(group);
      }
      group.appendChild(option);
    });
    measureSelect.addEventListener("change", function () { state.measure = measureSelect.value; drawMap(); });
    var periodSelect = document.getElementById("period-select");
    DATA.periods.slice().reverse().forEach(function (p) { periodSelect.appendChild(el("option", { value: p, text: p + (p === DATA.latest_period ? " (latest)" : "") })); });
    periodSelect.value = state.period;
    if (DATA.periods.length < 2) { document.getElementById("period-control").hidden = true; }
    periodSelect.addEventListener("change", function () { setPeriod(periodSelect.value); });
    var wardSelect = document.getElementById("ward-select");
    DATA.wards.slice().sort(function (a, b) { return a.ward_name.localeCompare(b.ward_name); }).forEach(function (ward) {
      wardSelect.appendChild(el("option", { value: ward.ward_code, text: ward.ward_name + " (" + ward.lad_name + ")" }));
    });
    wardSelect.addEventListener("change", function () { if (wardSelect.value) { openWard(wardSelect.value); } });
    var ladSelect = document.getElementById("table-lad");
    var seen = {};
    DATA.wards.slice().sort(function (a, b) { return a.lad_name.localeCompare(b.lad_name); }).forEach(function (ward) {
      if (!seen[ward.lad_code]) { seen[ward.lad_code] = true; ladSelect.appendChild(el("option", { value: ward.lad_code, text: ward.lad_name })); }
    });
    ladSelect.addEventListener("change", drawTable);
    document.getElementById("table-search").addEventListener("input", drawTable);
  }
  function setPeriod(p) {
    if (!DATA.by_period[p]) { return false; }
    state.period = p;
    document.getElementById("period-select").value = p;
    drawAll();
    if (state.ward) { openWard(state.ward); } else { showOverview(); }
    return true;
  }
  function drawAll() { drawMap(); drawTable(); drawLaTable(); drawScatter(); }

  fillControls();
  drawIndicatorTable();
  drawAll();
  var match = /ward=(E\d{8})/.exec(window.location.hash);
  if (!(match && openWard(match[1]))) { showOverview(); }
  window.spiReport = {
    openWard: openWard,
    setPeriod: setPeriod,
    showOverview: showOverview,
    setMeasure: function (key) { if (!MEASURES[key]) { return false; } state.measure = key; document.getElementById("measure-select").value = key; drawMap(); return true; },
    state: state
  };
  window.addEventListener("load", function () {
    if (window.__spiErrors.length) {
      var box = document.getElementById("error-box");
      box.hidden = false;
      box.textContent = "This page hit an error: " + window.__spiErrors.join("; ");
    }
  });
})();

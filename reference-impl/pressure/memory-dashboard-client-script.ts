/**
 * The memory dashboard's page script, inlined in the page and allowed by its SHA-256 hash in
 * the Content-Security-Policy (no external script, no `eval`, no inline handlers).
 *
 * It opens the event stream (`data-events-url` on `<body>`, plus the page's own `?token=` when
 * it has one, as `EventSource` cannot send headers), and redraws on each event: the level, the
 * figures, the SVG chart, the cache and pressure-event tables. Every value from the stream
 * reaches the page through `textContent` or `setAttribute` on elements it creates, never
 * through HTML parsing, so a cache named `<script>` is shown as text. Formatting follows
 * `memory-dashboard-format.ts` rule for rule.
 *
 * Kept as plain ES2017 in a string rather than compiled from TypeScript: serialising a
 * compiled function would ship whatever helpers a transpiler adds (esbuild's `__name`, for one)
 * into a page that cannot load them.
 */
export const MEMORY_DASHBOARD_SCRIPT = String.raw`
(function () {
  'use strict';
  var LEVELS = ['normal', 'warning', 'critical', 'emergency'];
  var SVG_NS = 'http://www.w3.org/2000/svg';
  var W = 960, H = 320, LEFT = 78, RIGHT = 150, TOP = 12, BOTTOM = 28;
  var body = document.body;
  var state = null;

  function byId(id) { return document.getElementById(id); }
  function knownLevel(level) { return LEVELS.indexOf(level) >= 0 ? level : 'unknown'; }

  function formatBytes(bytes) {
    if (typeof bytes !== 'number' || !isFinite(bytes)) return 'n/a';
    var units = ['B', 'KB', 'MB', 'GB', 'TB'];
    var sign = bytes < 0 ? '-' : '';
    var value = Math.abs(bytes);
    var unit = 0;
    while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
    if (unit === 0) return sign + value.toFixed(0) + ' B';
    var digits = value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
    return sign + digits + ' ' + units[unit];
  }
  function formatRatio(ratio) {
    return typeof ratio === 'number' && isFinite(ratio) ? (ratio * 100).toFixed(1) + ' %' : 'n/a';
  }
  function formatTime(time) {
    return typeof time === 'number' && isFinite(time) ? new Date(time).toISOString().slice(11, 19) : 'n/a';
  }
  function pad(n) { return String(n).padStart(2, '0'); }
  function formatDuration(ms) {
    if (typeof ms !== 'number' || !isFinite(ms) || ms < 0) return 'n/a';
    var s = Math.floor(ms / 1000);
    if (s < 60) return s + ' s';
    if (s < 3600) return Math.floor(s / 60) + ' min ' + pad(s % 60) + ' s';
    return Math.floor(s / 3600) + ' h ' + pad(Math.floor((s % 3600) / 60)) + ' min';
  }

  function cell(text, className) {
    var td = document.createElement('td');
    if (className) td.className = className;
    td.textContent = text;
    return td;
  }
  function row(cells, className) {
    var tr = document.createElement('tr');
    if (className) tr.className = className;
    for (var i = 0; i < cells.length; i++) tr.appendChild(cells[i]);
    return tr;
  }
  function emptyRow(columns, text) {
    var td = cell(text);
    td.setAttribute('colspan', String(columns));
    return row([td], 'empty');
  }
  function svg(tag, attributes, text) {
    var node = document.createElementNS(SVG_NS, tag);
    for (var name in attributes) node.setAttribute(name, String(attributes[name]));
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function setText(id, text) { byId(id).textContent = text; }

  function renderLevel(level, pressure) {
    var known = knownLevel(level);
    var badge = byId('level');
    badge.textContent = known;
    badge.className = 'level level-' + known;
    badge.setAttribute('data-level', known);
    setText('pressure', formatRatio(pressure));
  }

  function renderFigures() {
    var s = state.current, c = state.counters;
    renderLevel(s.level, s.pressure);
    setText('fig-heap', formatBytes(s.heapUsedBytes));
    setText('fig-rss', formatBytes(s.rssBytes));
    setText('fig-limit', s.heapLimitBytes > 0 ? formatBytes(s.heapLimitBytes) : 'n/a');
    setText('fig-level-for', formatDuration(c.levelForMs));
    setText('fig-readings', String(c.readings));
    setText('fig-transitions', String(c.transitions));
    setText('fig-errors', String(c.readingErrors + c.actionErrors));
  }

  function renderCaches() {
    var rows = state.caches.map(function (cache) {
      return row([
        cell(cache.name, 'name'),
        cell(String(cache.entries)),
        cell(formatBytes(cache.sizeBytes)),
        cell(formatRatio(cache.hitRatio)),
        cell(String(cache.hits)),
        cell(String(cache.misses)),
        cell(String(cache.evictions)),
        cell(formatRatio(cache.capacityFactor))
      ]);
    });
    var tbody = byId('cache-rows');
    if (rows.length === 0) tbody.replaceChildren(emptyRow(8, 'no caches registered'));
    else tbody.replaceChildren.apply(tbody, rows);
  }

  function renderTransitions() {
    var rows = state.transitions.map(function (t) {
      return row([
        cell(formatTime(t.time), 'time'),
        cell(knownLevel(t.from) + ' \u2192 ' + knownLevel(t.to), 'change to-' + knownLevel(t.to)),
        cell(formatRatio(t.pressure))
      ]);
    });
    var tbody = byId('transition-rows');
    if (rows.length === 0) tbody.replaceChildren(emptyRow(3, 'no pressure events yet'));
    else tbody.replaceChildren.apply(tbody, rows);
  }

  function renderChart() {
    var chart = byId('chart');
    var nodes = [svg('rect', { 'class': 'frame', x: LEFT, y: TOP, width: W - LEFT - RIGHT, height: H - TOP - BOTTOM })];
    var samples = state.history.concat([state.current]).filter(function (s) { return s.heapLimitBytes > 0; });
    if (samples.length === 0) {
      nodes.push(svg('text', { 'class': 'empty', x: (LEFT + W - RIGHT) / 2, y: H / 2, 'text-anchor': 'middle' }, 'waiting for the first heap reading'));
      chart.replaceChildren.apply(chart, nodes);
      return;
    }
    var last = samples[samples.length - 1];
    var limit = last.heapLimitBytes;
    var end = last.time;
    var span = Math.max(1, state.intervalMs * (state.historySamples - 1));
    var start = end - span;
    samples = samples.filter(function (s) { return s.time >= start; });
    var top = limit;
    samples.forEach(function (s) { top = Math.max(top, s.rssBytes, s.heapUsedBytes); });
    top *= 1.05;
    function x(t) { return LEFT + ((t - start) / span) * (W - LEFT - RIGHT); }
    function y(bytes) { return TOP + (1 - bytes / top) * (H - TOP - BOTTOM); }
    function r(v) { return Math.round(v * 10) / 10; }

    var t = state.thresholds;
    var bands = [['warning', t.warning, t.critical], ['critical', t.critical, t.emergency], ['emergency', t.emergency, 1]];
    bands.forEach(function (b) {
      var y1 = y(b[2] * limit), y2 = y(b[1] * limit);
      nodes.push(svg('rect', { 'class': 'band band-' + b[0], 'data-level': b[0], x: LEFT, y: r(y1), width: W - LEFT - RIGHT, height: r(Math.max(0, y2 - y1)) }));
      nodes.push(svg('text', { 'class': 'band-label', x: W - RIGHT + 8, y: r(y2 - 3) }, b[0] + ' \u2265 ' + Math.round(b[1] * 100) + ' %'));
    });
    [0, 0.25, 0.5].forEach(function (f) {
      var yy = r(y(f * limit));
      nodes.push(svg('line', { 'class': 'grid', x1: LEFT, x2: W - RIGHT, y1: yy, y2: yy }));
      nodes.push(svg('text', { x: LEFT - 6, y: r(yy + 4), 'text-anchor': 'end' }, formatBytes(f * limit)));
    });
    var yl = r(y(limit));
    nodes.push(svg('line', { 'class': 'limit', x1: LEFT, x2: W - RIGHT, y1: yl, y2: yl }));
    nodes.push(svg('text', { x: LEFT - 6, y: r(yl + 4), 'text-anchor': 'end' }, formatBytes(limit)));
    nodes.push(svg('text', { x: LEFT, y: H - 8 }, formatTime(start) + ' UTC'));
    nodes.push(svg('text', { x: W - RIGHT, y: H - 8, 'text-anchor': 'end' }, formatTime(end) + ' UTC'));

    [['rss', 'rssBytes'], ['heap', 'heapUsedBytes']].forEach(function (series) {
      var points = samples.map(function (s) { return r(x(s.time)) + ',' + r(y(s[series[1]])); });
      nodes.push(svg('polyline', { 'class': 'series ' + series[0], points: points.join(' ') }));
      nodes.push(svg('circle', { 'class': 'last ' + series[0], cx: r(x(last.time)), cy: r(y(last[series[1]])), r: 3.5 }));
    });
    chart.replaceChildren.apply(chart, nodes);
  }

  function renderAll() {
    renderFigures();
    renderChart();
    renderCaches();
    renderTransitions();
  }

  function setConnection(text, className) {
    var node = byId('connection');
    node.textContent = text;
    node.className = 'connection ' + className;
  }

  var url = body.getAttribute('data-events-url');
  var token = new URLSearchParams(location.search).get('token');
  if (token) url += '?token=' + encodeURIComponent(token);
  var source = new EventSource(url);
  source.addEventListener('open', function () { setConnection('live', 'connection-live'); });
  source.addEventListener('error', function () {
    if (source.readyState === EventSource.CLOSED) setConnection('disconnected', 'connection-lost');
    else setConnection('reconnecting\u2026', 'connection-lost');
  });
  source.addEventListener('init', function (event) {
    state = JSON.parse(event.data);
    state.history = state.history.slice();
    state.transitions = state.transitions.slice();
    renderAll();
  });
  source.addEventListener('update', function (event) {
    if (state === null) return;
    var update = JSON.parse(event.data);
    state.history.push(update.sample);
    if (state.history.length > state.historySamples) state.history.splice(0, state.history.length - state.historySamples);
    state.current = update.sample;
    state.caches = update.caches;
    state.counters = update.counters;
    renderAll();
  });
  source.addEventListener('transition', function (event) {
    if (state === null) return;
    var transition = JSON.parse(event.data);
    state.transitions.unshift(transition);
    if (state.transitions.length > state.maxTransitions) state.transitions.length = state.maxTransitions;
    renderLevel(transition.to, transition.pressure);
    renderTransitions();
  });
})();
`;

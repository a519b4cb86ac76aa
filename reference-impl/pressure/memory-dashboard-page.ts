/**
 * The memory dashboard's HTML page: one self-contained document (inline stylesheet and script,
 * no external script, font, image or CDN) rendered with the state at the moment it is served,
 * so it reads right before its script connects and without script at all. Every value in it
 * goes through {@link escapeHtml}; after that the page's script redraws it from the event stream.
 *
 * The Content-Security-Policy allows exactly that: the inline stylesheet and script by their
 * SHA-256 hashes (no `'unsafe-inline'`, so an injected `<script>` would not run even if one got
 * through), connections to the page's own origin for the event stream, and nothing else.
 */
import { createHash } from 'node:crypto';
import { MEMORY_DASHBOARD_SCRIPT } from './memory-dashboard-client-script.js';
import {
  escapeHtml,
  formatDashboardBytes,
  formatDashboardDuration,
  formatDashboardRatio,
  formatDashboardTime,
} from './memory-dashboard-format.js';
import type { DashboardCache, DashboardInit, DashboardTransition } from './memory-dashboard-state.js';
import { MEMORY_DASHBOARD_STYLES } from './memory-dashboard-styles.js';
import { PRESSURE_LEVELS } from './pressure-level.js';

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * The `Content-Security-Policy` of every dashboard response. `img-src data:` is for the empty
 * `data:` favicon, which keeps browsers from requesting `/favicon.ico`.
 */
export const MEMORY_DASHBOARD_CSP = [
  "default-src 'none'",
  `script-src ${sha256(MEMORY_DASHBOARD_SCRIPT)}`,
  `style-src ${sha256(MEMORY_DASHBOARD_STYLES)}`,
  "connect-src 'self'",
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const known = (level: string) => ((PRESSURE_LEVELS as readonly string[]).includes(level) ? level : 'unknown');

function cacheRow(c: DashboardCache): string {
  const cells = [
    String(c.entries),
    formatDashboardBytes(c.sizeBytes),
    formatDashboardRatio(c.hitRatio),
    String(c.hits),
    String(c.misses),
    String(c.evictions),
    formatDashboardRatio(c.capacityFactor),
  ];
  return `<tr><td class="name">${escapeHtml(c.name)}</td>${cells.map((v) => `<td>${escapeHtml(v)}</td>`).join('')}</tr>`;
}

function transitionRow(t: DashboardTransition): string {
  const to = known(t.to);
  return (
    `<tr><td class="time">${escapeHtml(formatDashboardTime(t.time))}</td>` +
    `<td class="change to-${escapeHtml(to)}">${escapeHtml(known(t.from))} \u2192 ${escapeHtml(to)}</td>` +
    `<td>${escapeHtml(formatDashboardRatio(t.pressure))}</td></tr>`
  );
}

function figure(id: string, label: string, value: string): string {
  return `<div><dt>${escapeHtml(label)}</dt><dd id="${id}">${escapeHtml(value)}</dd></div>`;
}

/**
 * The page for `state`, whose script connects to `eventsUrl` (an absolute path on the same
 * origin, e.g. `/admin/monitoring/memory/events`).
 */
export function renderMemoryDashboardPage(state: DashboardInit, eventsUrl: string): string {
  const s = state.current;
  const c = state.counters;
  const level = known(s.level);
  const t = state.thresholds;
  const caches =
    state.caches.length === 0 ? '<tr class="empty"><td colspan="8">no caches registered</td></tr>' : state.caches.map(cacheRow).join('');
  const transitions =
    state.transitions.length === 0
      ? '<tr class="empty"><td colspan="3">no pressure events yet</td></tr>'
      : state.transitions.map(transitionRow).join('');
  const windowText = formatDashboardDuration(state.intervalMs * (state.historySamples - 1));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Memory pressure</title>
<link rel="icon" href="data:,">
<style>${MEMORY_DASHBOARD_STYLES}</style>
</head>
<body data-events-url="${escapeHtml(eventsUrl)}">
<header>
<h1>Memory pressure</h1>
<div class="status"><span id="level" class="level level-${escapeHtml(level)}" data-level="${escapeHtml(level)}">${escapeHtml(level)}</span>
<span><span id="pressure">${escapeHtml(formatDashboardRatio(s.pressure))}</span> of the heap limit</span>
<span id="connection" class="connection">connecting\u2026</span></div>
</header>
<main>
<section id="memory">
<h2>Heap and RSS against the heap limit</h2>
<dl class="figures">
${figure('fig-heap', 'heap used', formatDashboardBytes(s.heapUsedBytes))}
${figure('fig-rss', 'RSS', formatDashboardBytes(s.rssBytes))}
${figure('fig-limit', 'heap limit', s.heapLimitBytes > 0 ? formatDashboardBytes(s.heapLimitBytes) : 'n/a')}
${figure('fig-level-for', 'in this level for', formatDashboardDuration(c.levelForMs))}
${figure('fig-readings', 'readings', String(c.readings))}
${figure('fig-transitions', 'transitions', String(c.transitions))}
${figure('fig-errors', 'reading and action errors', String(c.readingErrors + c.actionErrors))}
</dl>
<svg id="chart" class="chart" viewBox="0 0 960 320" role="img" aria-label="heap used and RSS over the last ${escapeHtml(windowText)}, with the warning, critical and emergency bands at ${escapeHtml(
    [t.warning, t.critical, t.emergency].map((v) => `${Math.round(v * 100)} %`).join(', '),
  )} of the heap limit"></svg>
<p class="legend"><span><span class="swatch heap"></span>heap used</span><span><span class="swatch rss"></span>RSS</span><span><span class="swatch limit"></span>heap limit</span><span>window: ${escapeHtml(windowText)}</span></p>
</section>
<section id="caches">
<h2>Caches</h2>
<table><thead><tr><th>cache</th><th>entries</th><th>size</th><th>hit ratio</th><th>hits</th><th>misses</th><th>evictions</th><th>capacity</th></tr></thead>
<tbody id="cache-rows">${caches}</tbody></table>
</section>
<section id="transitions">
<h2>Pressure events</h2>
<table><thead><tr><th>time (UTC)</th><th class="change">level</th><th>pressure</th></tr></thead>
<tbody id="transition-rows">${transitions}</tbody></table>
</section>
</main>
<script>${MEMORY_DASHBOARD_SCRIPT}</script>
</body>
</html>
`;
}

/**
 * The HTML report (`reports/<run>/index.html`): one self-contained file that opens offline —
 * inline CSS, inline SVG charts drawn here, no script, no fonts, no CDN. A Content-Security-
 * Policy forbids every external load and every script, as a second line behind escaping.
 *
 * Per scenario: verdicts (failing first), the heap timeline of each variant overlaid with its
 * collections, peak/live heap bars against documented targets and budgets, the scaling curves
 * with their fitted slope and growth class, retained heap per iteration with the leak fit's line
 * (iterated runs), capacity projections (`--capacity`), runs that did not finish (with stack
 * frames, causes and stderr tails), and
 * the medians, the counters (labelled and formatted from the document's `counterDefinitions`).
 * With the document's `comparison` (the gate's committed baseline or `--against` revision):
 * every checked metric beside its baseline, as charts and columns (`comparison-section.ts`).
 * With a base document: base vs head medians side by side with deltas; a delta inside the
 * metric's noise floor (`DEFAULT_NOISE_FLOORS`) is not coloured.
 */
import { DEFAULT_NOISE_FLOORS } from '../../baseline/compare-to-baseline.js';
import { isGatingFailure, isWarning, gateOutcome } from '../../budgets/gate-outcome.js';
import { fitGrowth, type GrowthFit, type GrowthOptions } from '../../growth/fit-growth.js';
import type {
  CapacityProjection,
  ResultsDocument,
  RunResult,
  ScenarioCounterDefinitions,
  Summary,
  Verdict,
} from '../../results/results-document.js';
import { METRIC_NAMES, type MetricName } from '../../scenario/types.js';
import {
  METRIC_LABELS,
  counterLabel,
  formatBytes,
  formatCounterValue,
  formatDuration,
  formatMetricValue,
  formatNumber,
  formatPercent,
} from '../format-units.js';
import { errorDetailLines } from '../error-details.js';
import { capacityMetricLabel, describeCapacityRecords } from '../describe-capacity.js';
import { sortVerdictsFailingFirst } from '../verdict-order.js';
import { renderBarsChart, type Bar, type BarGroup, type BarLimit } from './bars-chart.js';
import { escapeHtml } from './escape-html.js';
import { renderProfileLinks, renderSnapshotLinks } from './evidence-links.js';
import { type LeakSeries, pickLeakRun, renderLeakChart } from './leak-chart.js';
import { renderComparisonSection } from './comparison-section.js';
import { REPORT_CSS } from './report-styles.js';
import { renderScalingChart } from './scaling-chart.js';
import { comparatorGlyph, renderLegend, variantColours } from './svg-kit.js';
import { pickTimelineRun, renderTimelineChart, type TimelineSeries } from './timeline-chart.js';

/** Options of {@link renderHtmlReport}. */
export interface HtmlReportOptions {
  /** A base run to compare with (base vs head side by side). */
  readonly base?: ResultsDocument;
  /** Page title. @default 'heapgate report' */
  readonly title?: string;
  /** Growth classification options for the scaling section. @default DEFAULT_GROWTH_OPTIONS */
  readonly growth?: GrowthOptions;
  /** Directory the report is written to: links to profiles and snapshots are relative to it. @default links as the paths are recorded */
  readonly reportDir?: string;
}

/** Metrics drawn as scaling curves (all five are in the growth table). */
const SCALING_CHART_METRICS: readonly MetricName[] = ['heapDeltaBytes', 'liveHeapDeltaBytes'];

const e = escapeHtml;

/** Renders the whole report as one HTML string. */
export function renderHtmlReport(doc: ResultsDocument, options: HtmlReportOptions = {}): string {
  const title = options.title ?? 'heapgate report';
  const fits = fitGrowth(doc.summaries, options.growth);
  const scenarios = scenarioNames(doc);
  const outcome = gateOutcome(doc.verdicts);
  const badRuns = doc.runs.filter((r) => r.status !== 'ok');
  const env = doc.environment;
  const services = Object.entries(env.services ?? {}).map(([name, s]) => `${name}: ${s.provider}${s.version ? ` ${s.version}` : ''}`);

  const header = [
    '<header class="page">',
    `<h1>${e(title)}</h1>`,
    `<div class="meta">Started ${e(doc.startedAt)}${doc.finishedAt ? ` · finished ${e(doc.finishedAt)}` : ''} · node ${e(env.node)} · ${e(env.platform)} · ${e(env.cpus)} CPUs · ${e(formatBytes(env.totalMemBytes))} RAM${services.length ? ` · ${e(services.join(', '))}` : ''}</div>`,
    options.base
      ? `<div class="meta">Compared with base run started ${e(options.base.startedAt)} (node ${e(options.base.environment.node)})</div>`
      : '',
    doc.comparison
      ? `<div class="meta">${doc.comparison.kind === 'paired' ? 'Paired with' : 'Compared with'} ${e(doc.comparison.source)}: ${e(doc.comparison.rows.filter((r) => r.change === 'regressed').length)} regressed of ${e(doc.comparison.rows.length)} metrics</div>`
      : '',
    '<div class="status">',
    // Pass only when every check passed AND every run finished (the CLI exits 1 otherwise).
    outcome.pass && badRuns.length === 0
      ? '<span class="badge pass">pass</span>'
      : `<span class="badge fail">fail${outcome.failures.length ? `: ${plural(outcome.failures.length, 'failing check')}` : ''}</span>`,
    `<span class="badge info">${plural(doc.verdicts.length, 'verdict')}</span>`,
    outcome.notGated.length ? `<span class="badge warn">${plural(outcome.notGated.length, 'target')} not met</span>` : '',
    outcome.warnings.length ? `<span class="badge warn">${plural(outcome.warnings.length, 'wall-time warning')}</span>` : '',
    badRuns.length ? `<span class="badge fail">${plural(badRuns.length, 'run')} did not finish</span>` : '',
    `<span class="badge info">${plural(doc.runs.length, 'run')} · ${doc.summaries.length} ${doc.summaries.length === 1 ? 'summary' : 'summaries'}</span>`,
    '</div>',
    '</header>',
  ].join('');

  const toc =
    scenarios.length > 1 ? `<nav class="toc">${scenarios.map((s, i) => `<a href="#scenario-${i}">${e(s)}</a>`).join('')}</nav>` : '';
  const sections = scenarios.map((s, i) => renderScenario(doc, s, i, fits, options.base, options.reportDir));
  const removed = options.base ? scenarioNames(options.base).filter((s) => !scenarios.includes(s)) : [];
  const removedNote = removed.length
    ? `<section class="compare"><h2>Only in base</h2><p class="note">${removed.map((s) => e(s)).join(', ')}</p></section>`
    : '';
  const empty =
    scenarios.length === 0
      ? '<section class="scenario"><h2>No runs</h2><p class="note">The results document holds no runs.</p></section>'
      : '';

  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">`,
    `<title>${e(title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head><body>',
    header,
    '<main>',
    toc,
    ...sections,
    renderSnapshotLinks(doc.snapshots ?? [], options.reportDir),
    removedNote,
    empty,
    `<footer>heapgate results schema ${e(doc.schemaVersion)} · bytes in binary units (1 MB = 1,048,576 B)</footer>`,
    '</main></body></html>',
    '',
  ].join('\n');
}

function renderScenario(
  doc: ResultsDocument,
  scenario: string,
  index: number,
  allFits: readonly GrowthFit[],
  base?: ResultsDocument,
  reportDir?: string,
): string {
  const summaries = doc.summaries.filter((s) => s.scenario === scenario);
  const runs = doc.runs.filter((r) => r.scenario === scenario);
  const verdicts = doc.verdicts.filter((v) => v.scenario === scenario);
  const counterDefinitions = doc.counterDefinitions?.[scenario];
  const fits = allFits.filter((f) => f.scenario === scenario);
  const variants = unique([...summaries.map((s) => s.variant), ...runs.map((r) => r.variant), ...verdicts.map((v) => v.variant)]);
  const colours = variantColours(variants);
  const failing = verdicts.filter((v) => isGatingFailure(v)).length;
  const notGated = verdicts.filter((v) => !v.pass && !isGatingFailure(v) && !isWarning(v)).length;
  const warnings = verdicts.filter(isWarning).length;
  const badRuns = runs.filter((r) => r.status !== 'ok');
  // From runs too: a (variant, records) whose every run failed has no summary.
  const recordCounts = unique([...summaries.map((s) => s.records), ...runs.map((r) => r.records)]).sort((a, b) => a - b);

  const parts: string[] = [`<section class="scenario" id="scenario-${index}">`, `<h2>${e(scenario)}</h2>`];
  parts.push(
    '<p class="note">',
    [
      `variants: ${variants.map((v) => e(v)).join(', ')}`,
      `records: ${recordCounts.map((r) => e(formatNumber(r))).join(', ')}`,
      failing
        ? `<span class="badge fail">${failing} failing</span>`
        : verdicts.length
          ? '<span class="badge pass">budgets pass</span>'
          : '',
      notGated ? `<span class="badge warn">${plural(notGated, 'target')} not met</span>` : '',
      warnings ? `<span class="badge warn">${plural(warnings, 'wall-time warning')}</span>` : '',
      badRuns.length ? `<span class="badge fail">${plural(badRuns.length, 'run')} did not finish</span>` : '',
    ]
      .filter(Boolean)
      .join(' · '),
    '</p>',
  );

  if (doc.comparison) parts.push(renderComparisonSection(doc.comparison, scenario));
  if (base) parts.push(renderComparison(scenario, summaries, base, colours));

  // Charts.
  const charts: string[] = [];
  const timelineRecords = pickTimelineRecords(runs, variants);
  if (timelineRecords !== undefined) {
    const series: TimelineSeries[] = [];
    for (const v of variants) {
      const run = pickTimelineRun(runs, v, timelineRecords);
      if (run) series.push({ variant: v, colour: colours.get(v)!, run });
    }
    const chart = renderTimelineChart(series, `${scenario}: heap timeline at ${timelineRecords} records`);
    if (chart)
      charts.push(
        chart.replace(
          '<figure class="chart-box">',
          `<figure class="chart-box"><figcaption>Heap timeline, ${e(formatNumber(timelineRecords))} records (median repeat per variant)</figcaption>`,
        ),
      );
  }
  const barRecords = pickBarRecords(summaries);
  if (barRecords !== undefined) {
    const groups: BarGroup[] = [];
    for (const v of variants) {
      const s = summaries.find((x) => x.variant === v && x.records === barRecords);
      if (!s) continue;
      const colour = colours.get(v)!;
      groups.push({
        label: v,
        bars: (['heapDeltaBytes', 'liveHeapDeltaBytes'] as const).map(
          (m): Bar => ({
            label: m === 'heapDeltaBytes' ? 'peak' : 'live',
            metric: m,
            value: s.repeats > 0 ? s.median[m] : Number.NaN,
            ...(s.repeats > 1 ? { min: s.min[m], max: s.max[m] } : {}),
            colour,
            light: m === 'liveHeapDeltaBytes',
            limits: limitsFor(verdicts, v, barRecords, m),
          }),
        ),
      });
    }
    const chart = renderBarsChart(groups, {
      title: `${scenario}: peak and live heap at ${barRecords} records`,
      unit: 'bytes',
      yTitle: 'heap Δ (median)',
    });
    if (chart) {
      const drawnKinds = new Set(groups.flatMap((g) => g.bars.flatMap((b) => (b.limits ?? []).map((l) => l.kind))));
      const legend = renderLegend([
        { colour: '#777777', text: 'peak heap Δ (solid) / live heap Δ (light), whiskers = min–max' },
        ...(drawnKinds.has('budget') ? [{ colour: '#c0392b', text: 'budget' }] : []),
        ...(drawnKinds.has('target') ? [{ colour: '#4d5566', text: 'documented target', dashed: true }] : []),
      ]);
      charts.push(
        `<figure class="chart-box"><figcaption>Peak and live heap, ${e(formatNumber(barRecords))} records</figcaption>${chart}${legend}</figure>`,
      );
    }
  }
  for (const metric of SCALING_CHART_METRICS) {
    const chart = renderScalingChart(
      metric,
      METRIC_LABELS[metric],
      variants.map((v) => ({
        variant: v,
        colour: colours.get(v)!,
        summaries: summaries.filter((s) => s.variant === v),
        fit: fits.find((f) => f.variant === v && f.metric === metric),
      })),
    );
    if (chart)
      charts.push(
        chart.replace(
          '<figure class="chart-box">',
          `<figure class="chart-box"><figcaption>Scaling: ${e(METRIC_LABELS[metric])} vs records</figcaption>`,
        ),
      );
  }
  for (const records of recordCounts) {
    const series: LeakSeries[] = [];
    for (const v of variants) {
      const run = pickLeakRun(runs, v, records);
      if (run) series.push({ variant: v, colour: colours.get(v)!, run });
    }
    const chart = renderLeakChart(series, `${scenario}: retained heap per iteration at ${records} records`);
    if (chart)
      charts.push(
        chart.replace(
          '<figure class="chart-box">',
          `<figure class="chart-box"><figcaption>Retained heap per iteration, ${e(formatNumber(records))} records (median repeat per variant)</figcaption>`,
        ),
      );
  }
  if (charts.length) parts.push('<h3>Charts</h3>', `<div class="charts">${charts.join('')}</div>`);

  if (fits.length) parts.push('<h3>Growth with data size</h3>', renderGrowthTable(fits));
  const capacity = (doc.capacity ?? []).filter((c) => c.scenario === scenario);
  if (capacity.length) parts.push('<h3>Capacity</h3>', renderCapacityTable(capacity));
  if (summaries.some((s) => s.leak)) parts.push('<h3>Leaks over iterations</h3>', renderLeakTable(summaries));
  parts.push(
    '<h3>Verdicts</h3>',
    verdicts.length ? renderVerdictTable(verdicts, counterDefinitions) : '<p class="note">No targets, budgets or baseline apply.</p>',
  );
  const profiles = renderProfileLinks(
    (doc.profiles ?? []).filter((p) => p.scenario === scenario),
    reportDir,
  );
  if (profiles) parts.push(profiles);
  if (badRuns.length) parts.push('<h3>Runs that did not finish</h3>', ...badRuns.map(renderBadRun));
  if (summaries.length) parts.push('<h3>Medians</h3>', renderSummaryTable(summaries));
  const counters = renderCounterTable(summaries, counterDefinitions);
  if (counters) parts.push('<h3>Counters (medians)</h3>', counters);
  parts.push('</section>');
  return parts.join('\n');
}

function renderVerdictTable(verdicts: readonly Verdict[], counters: ScenarioCounterDefinitions | undefined): string {
  const sorted = sortVerdictsFailingFirst(verdicts);
  const head =
    '<thead><tr><th></th><th>variant</th><th class="num">records</th><th>metric</th><th class="num">actual</th><th class="num">limit</th><th>kind</th><th>source</th></tr></thead>';
  const row = (v: Verdict): string => {
    const cls = v.pass ? '' : isGatingFailure(v) ? ' class="fail"' : ' class="notgated"';
    const badge = v.pass
      ? '<span class="badge pass">pass</span>'
      : isGatingFailure(v)
        ? '<span class="badge fail">fail</span>'
        : isWarning(v)
          ? '<span class="badge warn">warning</span>'
          : '<span class="badge warn">missed</span>';
    return `<tr${cls}><td>${badge}</td><td class="nowrap">${e(v.variant)}</td><td class="num">${e(formatNumber(v.records))}</td><td>${e(v.metric)}</td><td class="num">${e(formatMetricValue(v.metric, v.actual, counters))}</td><td class="num">${e(`${comparatorGlyph(v.comparator)} ${formatMetricValue(v.metric, v.limit, counters)}`)}</td><td>${e(v.kind)}</td><td class="src">${e(v.source)}</td></tr>`;
  };
  const failing = sorted.filter((v) => !v.pass);
  const passing = sorted.filter((v) => v.pass);
  const table = (rows: readonly Verdict[]): string =>
    `<div class="table-wrap"><table class="verdicts">${head}<tbody>${rows.map(row).join('')}</tbody></table></div>`;
  // Failing verdicts stay in view; long lists of passes fold away under them.
  if (passing.length <= 8) return table(sorted);
  return `${failing.length ? table(failing) : ''}<details${failing.length ? '' : ' open'}><summary>${passing.length} passing verdicts</summary>${table(passing)}</details>`;
}

function renderGrowthTable(fits: readonly GrowthFit[]): string {
  const rows = fits.map((f) => {
    const badge = f.growthClass === 'constant' ? 'pass' : f.growthClass === 'linear' ? 'info' : 'fail';
    const range = `${formatNumber(f.points[0].records)}–${formatNumber(f.points[f.points.length - 1].records)}`;
    return `<tr><td class="nowrap">${e(f.variant)}</td><td>${e(METRIC_LABELS[f.metric])}</td><td class="num">${e(`${formatMetricValue(f.metric, f.slopePerRecord)}/record`)}</td><td class="num">${e(formatMetricValue(f.metric, f.intercept))}</td><td class="num">${e(formatMetricValue(f.metric, f.tailGrowth))}</td><td class="num">${e(formatMetricValue(f.metric, f.constantLimit))}</td><td class="num">${f.exponent === null ? 'n/a' : e(f.exponent.toFixed(2))}</td><td class="num">${e(range)} (${f.points.length})</td><td><span class="badge ${badge}">${e(f.growthClass)}</span></td></tr>`;
  });
  return `<p class="note">Least-squares slope and intercept over the sweep; the class is decided by the growth over the last sweep step against max(noise floor, half the value before it), and by the log-log exponent for superlinear (see harness/growth/fit-growth.ts).</p><div class="table-wrap"><table class="growth"><thead><tr><th>variant</th><th>metric</th><th class="num">slope</th><th class="num">intercept</th><th class="num">last-step growth</th><th class="num">constant up to</th><th class="num">exponent</th><th class="num">records (points)</th><th>class</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

function renderLeakTable(summaries: readonly Summary[]): string {
  const rows = summaries.flatMap((s) => {
    const l = s.leak;
    if (!l) return [];
    const r2 = Number.isFinite(l.r2) ? l.r2.toFixed(3) : 'n/a';
    return [
      `<tr><td class="nowrap">${e(s.variant)}</td><td class="num">${e(formatNumber(s.records))}</td><td class="num">${e(formatBytes(l.bytesPerIteration))}</td><td class="num">${e(formatBytes(l.standardErrorBytes))}</td><td class="num">${e(`${formatBytes(l.minBytesPerIteration)}–${formatBytes(l.maxBytesPerIteration)}`)}</td><td class="num">${e(r2)}</td><td class="num">${e(`${l.warmupIterations + 1}–${l.iterations}`)}</td><td class="num">${e(s.repeats)}</td></tr>`,
    ];
  });
  return `<p class="note">Least-squares slope of the retained heap (used heap outside code space after a settling GC) against the iteration number, warm-up iterations left out; median over repeats. The peak, live and retained figures of these runs span every iteration.</p><div class="table-wrap"><table class="leaks"><thead><tr><th>variant</th><th class="num">records</th><th class="num">bytes/iteration</th><th class="num">standard error</th><th class="num">min–max</th><th class="num">R²</th><th class="num">iterations fitted</th><th class="num">repeats</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

function renderCapacityTable(capacity: readonly CapacityProjection[]): string {
  const rows = capacity.map(
    (c) =>
      `<tr><td class="nowrap">${e(c.variant)}</td><td class="num">${e(formatBytes(c.limitBytes))}</td><td>${e(capacityMetricLabel(c.metric))}</td><td>${e(describeCapacityRecords(c))}</td><td class="num">${e(formatBytes(c.bytesPerRecord))}</td><td class="num">${e(c.records.map(formatNumber).join(', '))}</td><td><span class="badge ${c.growthClass === 'constant' ? 'pass' : c.growthClass === 'linear' ? 'info' : 'fail'}">${e(c.growthClass)}</span></td></tr>`,
  );
  return `<p class="note">The record count at which the absolute figure (the run's baseline heap plus the delta, or the bisected heap floor) reaches the limit, by a least-squares line over the sweep; 95 % interval where the line's confidence band crosses the limit (see harness/growth/project-capacity.ts).</p><div class="table-wrap"><table class="capacity"><thead><tr><th>variant</th><th class="num">heap limit</th><th>projected from</th><th>records</th><th class="num">bytes/record</th><th class="num">records fitted</th><th>growth</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

function renderSummaryTable(summaries: readonly Summary[]): string {
  const rows = summaries.map((s) => {
    const cells = METRIC_NAMES.map((m) => `<td class="num">${s.repeats > 0 ? e(formatMetricValue(m, s.median[m])) : 'n/a'}</td>`).join('');
    const repeats = s.failedRepeats > 0 ? `${s.repeats} (+${s.failedRepeats} failed)` : String(s.repeats);
    return `<tr><td class="nowrap">${e(s.variant)}</td><td class="num">${e(formatNumber(s.records))}</td><td class="num">${e(repeats)}</td>${cells}</tr>`;
  });
  return `<div class="table-wrap"><table class="summaries"><thead><tr><th>variant</th><th class="num">records</th><th class="num">repeats</th>${METRIC_NAMES.map((m) => `<th class="num">${e(METRIC_LABELS[m])}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

/** Counter medians, headed by each counter's label (its name on hover) and formatted in its unit. */
function renderCounterTable(summaries: readonly Summary[], counters: ScenarioCounterDefinitions | undefined): string {
  const names = unique(summaries.flatMap((s) => Object.keys(s.counters ?? {})));
  if (names.length === 0) return '';
  const rows = summaries.map(
    (s) =>
      `<tr><td>${e(s.variant)}</td><td class="num">${e(formatNumber(s.records))}</td>${names.map((n) => `<td class="num">${typeof s.counters?.[n] === 'number' ? e(formatCounterValue(n, s.counters[n], counters)) : ''}</td>`).join('')}</tr>`,
  );
  const heading = (n: string): string => {
    const label = counterLabel(n, counters);
    return label === n ? `<th class="num">${e(n)}</th>` : `<th class="num" title="${e(n)}">${e(label)}</th>`;
  };
  return `<div class="table-wrap"><table class="counters"><thead><tr><th>variant</th><th class="num">records</th>${names.map(heading).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

function renderBadRun(r: RunResult): string {
  const facts = [
    `${r.variant}, ${formatNumber(r.records)} records, repeat ${r.repeat}: ${r.status}`,
    r.error?.code ? `code ${r.error.code}` : '',
    r.error?.exitCode != null ? `exit code ${r.error.exitCode}` : '',
    r.error?.signal ? `signal ${r.error.signal}` : '',
    r.error?.timeoutMs !== undefined ? `timeout ${formatDuration(r.error.timeoutMs)}` : '',
    r.maxHeapMb !== undefined ? `--max-old-space-size=${r.maxHeapMb}` : '',
  ].filter(Boolean);
  const details = errorDetailLines(r.error);
  return [
    '<details open>',
    `<summary><span class="badge fail">${e(r.status)}</span> ${e(facts.join(' · '))}</summary>`,
    r.error?.message ? `<p>${e(r.error.message)}</p>` : '',
    details.length ? `<pre class="stderr stack">${e(details.join('\n'))}</pre>` : '',
    r.error?.stderrTail ? `<pre class="stderr">${e(r.error.stderrTail)}</pre>` : '',
    '</details>',
  ].join('');
}

function renderComparison(scenario: string, head: readonly Summary[], base: ResultsDocument, colours: Map<string, string>): string {
  const baseSummaries = base.summaries.filter((s) => s.scenario === scenario);
  const key = (s: Summary): string => `${s.variant}\u0000${s.records}`;
  const baseByKey = new Map(baseSummaries.map((s) => [key(s), s]));
  const rows: string[] = [];
  for (const h of head) {
    const b = baseByKey.get(key(h));
    if (!b) {
      rows.push(
        `<tr><td>${e(h.variant)}</td><td class="num">${e(formatNumber(h.records))}</td><td colspan="5"><span class="badge info">new in head</span></td></tr>`,
      );
      continue;
    }
    METRIC_NAMES.forEach((m, i) => {
      const bv = b.repeats > 0 ? b.median[m] : Number.NaN;
      const hv = h.repeats > 0 ? h.median[m] : Number.NaN;
      const delta = hv - bv;
      // Relative to the base's size: live and retained heap can be negative near zero, and an
      // increase must read as an increase whatever the base's sign.
      const rel = bv !== 0 ? delta / Math.abs(bv) : Number.NaN;
      // Coloured only beyond 5 % of the base AND beyond the metric's noise floor: a retained heap
      // moving from −19.5 KB to 108 KB is V8's own metadata, not a +655 % regression.
      const beyond = Math.abs(delta) > Math.max(Math.abs(bv) * 0.05, DEFAULT_NOISE_FLOORS[m] ?? 0);
      const cls = Number.isFinite(delta) && beyond ? (delta > 0 ? 'worse' : 'better') : '';
      const signed = Number.isFinite(delta) ? `${delta > 0 ? '+' : ''}${formatMetricValue(m, delta)}` : 'n/a';
      rows.push(
        `<tr>${i === 0 ? `<td rowspan="${METRIC_NAMES.length}">${e(h.variant)}</td><td class="num" rowspan="${METRIC_NAMES.length}">${e(formatNumber(h.records))}</td>` : ''}<td>${e(METRIC_LABELS[m])}</td><td class="num">${e(formatMetricValue(m, bv))}</td><td class="num">${e(formatMetricValue(m, hv))}</td><td class="num ${cls}">${e(signed)}</td><td class="num ${cls}">${beyond ? e(formatPercent(rel)) : '<span title="inside the noise floor">≈</span>'}</td></tr>`,
      );
    });
  }
  for (const b of baseSummaries) {
    if (!head.some((h) => key(h) === key(b))) {
      rows.push(
        `<tr><td>${e(b.variant)}</td><td class="num">${e(formatNumber(b.records))}</td><td colspan="5"><span class="badge warn">only in base</span></td></tr>`,
      );
    }
  }
  const table = `<div class="table-wrap"><table class="compare"><thead><tr><th>variant</th><th class="num">records</th><th>metric</th><th class="num">base</th><th class="num">head</th><th class="num">Δ</th><th class="num">Δ %</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;

  // Side-by-side bars of peak heap at the shared record count with the most variants.
  const shared = head.filter((h) => baseByKey.has(key(h)));
  const records = pickBarRecords(shared);
  let chart = '';
  if (records !== undefined) {
    const groups: BarGroup[] = shared
      .filter((h) => h.records === records)
      .map((h) => {
        const b = baseByKey.get(key(h))!;
        const colour = colours.get(h.variant) ?? '#777777';
        return {
          label: h.variant,
          bars: [
            { label: 'base', metric: 'heapDeltaBytes', value: b.repeats > 0 ? b.median.heapDeltaBytes : Number.NaN, colour, light: true },
            { label: 'head', metric: 'heapDeltaBytes', value: h.repeats > 0 ? h.median.heapDeltaBytes : Number.NaN, colour },
          ],
        };
      });
    const svg = renderBarsChart(groups, {
      title: `${scenario}: peak heap, base vs head, ${records} records`,
      unit: 'bytes',
      yTitle: 'heap Δ (median)',
      kind: 'compare',
    });
    if (svg)
      chart = `<div class="charts"><figure class="chart-box"><figcaption>Peak heap Δ, base (light) vs head, ${e(formatNumber(records))} records</figcaption>${svg}</figure></div>`;
  }
  return `<h3>Base vs head</h3>${chart}${table}`;
}

/** Upper and lower limits (targets, budgets) on one bar. */
function limitsFor(verdicts: readonly Verdict[], variant: string, records: number, metric: MetricName): BarLimit[] {
  const seen = new Set<string>();
  const out: BarLimit[] = [];
  for (const v of verdicts) {
    if (v.variant !== variant || v.records !== records || v.metric !== metric || (v.kind !== 'target' && v.kind !== 'budget')) continue;
    const id = `${v.kind}${v.comparator}${v.limit}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({
      value: v.limit,
      kind: v.kind,
      label: `${comparatorGlyph(v.comparator)} ${formatMetricValue(metric, v.limit)}`,
      description: `${v.kind} ${comparatorGlyph(v.comparator)} ${formatMetricValue(metric, v.limit)} (${v.source})`,
    });
  }
  return out;
}

/** The record count with the most variants summarised (ties: the largest). */
function pickBarRecords(summaries: readonly Summary[]): number | undefined {
  const counts = new Map<number, number>();
  for (const s of summaries) counts.set(s.records, (counts.get(s.records) ?? 0) + 1);
  let best: number | undefined;
  for (const [records, n] of counts) {
    if (best === undefined || n > counts.get(best)! || (n === counts.get(best)! && records > best)) best = records;
  }
  return best;
}

/** The record count with timelines for the most variants (ties: the largest). */
function pickTimelineRecords(runs: readonly RunResult[], variants: readonly string[]): number | undefined {
  const withTimeline = runs.filter((r) => r.timeline && r.timeline.samples.length + r.timeline.gcEvents.length > 0);
  const byRecords = new Map<number, Set<string>>();
  for (const r of withTimeline) {
    const set = byRecords.get(r.records) ?? new Set<string>();
    set.add(r.variant);
    byRecords.set(r.records, set);
  }
  let best: number | undefined;
  for (const [records, set] of byRecords) {
    const n = variants.filter((v) => set.has(v)).length;
    const bestN = best === undefined ? -1 : variants.filter((v) => byRecords.get(best!)!.has(v)).length;
    if (n > bestN || (n === bestN && records > best!)) best = records;
  }
  return best;
}

function scenarioNames(doc: ResultsDocument): string[] {
  return unique([...doc.summaries.map((s) => s.scenario), ...doc.runs.map((r) => r.scenario), ...doc.verdicts.map((v) => v.scenario)]);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

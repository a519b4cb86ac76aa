/**
 * Markdown summary of a results document, for the CI job page (`$GITHUB_STEP_SUMMARY`) and
 * `summary.md`: the gate's outcome, failing verdicts FIRST, runs that did not finish (with the
 * stack frames and causes of what they threw, collapsed), missed
 * targets, the per-summary medians, baseline news, then every verdict in a collapsed block.
 * Counter verdicts are formatted from the document's `counterDefinitions`.
 *
 * GitHub renders HTML inside Markdown, so every cell is HTML-escaped as well as
 * Markdown-escaped: a scenario named `<img src=x onerror=…>` prints as text.
 */
import { appendFile } from 'node:fs/promises';
import type { BaselineComparison } from '../baseline/compare-to-baseline.js';
import { gateOutcome } from '../budgets/gate-outcome.js';
import type { CapacityProjection, CounterDefinitions, ResultsDocument, Verdict } from '../results/results-document.js';
import { METRIC_NAMES } from '../scenario/types.js';
import { METRIC_LABELS, formatBytes, formatMetricValue, formatNumber, formatPercent } from './format-units.js';
import { errorDetailLines } from './error-details.js';
import { escapeHtml } from './html/escape-html.js';
import { capacityMetricLabel, describeCapacityRecords } from './describe-capacity.js';
import { sortVerdictsFailingFirst } from './verdict-order.js';
import { changeGauge, changeWord, deltaText, pText, sortRowsByChange, valueWithRange } from './comparison-cells.js';

/** Options of {@link renderMarkdownSummary}. */
export interface MarkdownOptions {
  /** Heading text. @default 'heapgate' */
  readonly title?: string;
  /** The suite gated, shown in the heading when set. */
  readonly suite?: string;
  /** The baseline comparison, to list new entries, improvements and an environment note. */
  readonly baseline?: BaselineComparison;
  /** Verdict kinds that fail the gate. @default GATING_VERDICT_KINDS (budget, baseline) */
  readonly gatingKinds?: readonly Verdict['kind'][];
}

/** Renders the Markdown summary. */
export function renderMarkdownSummary(doc: ResultsDocument, options: MarkdownOptions = {}): string {
  const outcome = gateOutcome(doc.verdicts, options.gatingKinds);
  const badRuns = doc.runs.filter((r) => r.status !== 'ok');
  const out: string[] = [];
  const title = `${options.title ?? 'heapgate'}${options.suite ? ` — suite ${options.suite}` : ''}`;
  const status = outcome.pass
    ? `✅ pass (${doc.verdicts.length} verdicts${outcome.warnings.length ? `, ${outcome.warnings.length} warning${outcome.warnings.length === 1 ? '' : 's'}` : ''})`
    : `❌ ${outcome.failures.length} failing verdict${outcome.failures.length === 1 ? '' : 's'} of ${doc.verdicts.length}`;
  out.push(`## ${md(title)}: ${status}`, '');
  const env = doc.environment;
  out.push(
    `Started ${md(doc.startedAt)} · node ${md(env.node)} · ${md(env.platform)} · ${env.cpus} CPUs · ${formatBytes(env.totalMemBytes)} RAM` +
      (badRuns.length > 0 ? ` · ${badRuns.length} run${badRuns.length === 1 ? '' : 's'} did not finish` : ''),
    '',
  );

  if (outcome.failures.length > 0) {
    out.push('### Failing verdicts', '');
    out.push(...verdictTable(sortVerdictsFailingFirst(outcome.failures), doc.counterDefinitions), '');
  }
  if (badRuns.length > 0) {
    out.push('### Runs that did not finish', '');
    out.push(row(['scenario', 'variant', 'records', 'repeat', 'status', 'error']), row(['---', '---', '---:', '---:', '---', '---']));
    for (const r of badRuns) {
      out.push(row([r.scenario, r.variant, formatNumber(r.records), String(r.repeat), r.status, r.error?.message ?? '']));
    }
    out.push('');
    // Stacks do not fit a table cell: one collapsed block per run that has one. A <pre> block
    // is raw HTML to GitHub, so its text is HTML-escaped (nothing in it is Markdown).
    for (const r of badRuns) {
      const details = errorDetailLines(r.error);
      if (details.length === 0) continue;
      out.push(
        `<details><summary>${md(`${r.scenario} / ${r.variant} / ${formatNumber(r.records)} records, repeat ${r.repeat}: ${r.error?.name ?? r.status}`)}</summary>`,
        '',
        `<pre>${escapeHtml(details.join('\n'))}</pre>`,
        '',
        '</details>',
        '',
      );
    }
  }
  if (outcome.warnings.length > 0) {
    out.push('### Warnings: wall time against the baseline (not gated; CPU time is judged)', '');
    out.push(...verdictTable(outcome.warnings, doc.counterDefinitions), '');
  }
  if (outcome.notGated.length > 0) {
    out.push('### Documented targets not met (reported, not gated)', '');
    out.push(...verdictTable(outcome.notGated, doc.counterDefinitions), '');
  }

  if (doc.summaries.length > 0) {
    // The leak column only when something was iterated: a plain run's summary is unchanged.
    const leakColumn = doc.summaries.some((s) => s.leak);
    out.push('### Medians', '');
    out.push(
      row([
        'scenario',
        'variant',
        'records',
        'repeats',
        ...METRIC_NAMES.map((m) => METRIC_LABELS[m]),
        ...(leakColumn ? ['leak/iteration'] : []),
      ]),
      row(['---', '---', '---:', '---:', ...METRIC_NAMES.map(() => '---:'), ...(leakColumn ? ['---:'] : [])]),
    );
    for (const s of doc.summaries) {
      const repeats = s.failedRepeats > 0 ? `${s.repeats} (+${s.failedRepeats} failed)` : String(s.repeats);
      const cells = s.repeats > 0 ? METRIC_NAMES.map((m) => formatMetricValue(m, s.median[m])) : METRIC_NAMES.map(() => 'n/a');
      const leak = leakColumn ? [s.leak ? formatBytes(s.leak.bytesPerIteration) : ''] : [];
      out.push(row([s.scenario, s.variant, formatNumber(s.records), repeats, ...cells, ...leak]));
    }
    out.push('');
    if (leakColumn) out.push(...leakTable(doc), '');
  }

  if (doc.capacity?.length) out.push(...capacityTable(doc.capacity), '');
  if (doc.comparison) out.push(...comparisonTable(doc.comparison), '');

  const baseline = options.baseline;
  if (baseline) {
    const improved = baseline.rows.filter((r) => r.change === 'improved');
    if (baseline.newEntries.length > 0 || improved.length > 0 || baseline.environmentNote) {
      out.push('### Baseline', '');
      if (baseline.environmentNote) out.push(`> ${md(baseline.environmentNote)}`, '');
      for (const e of baseline.newEntries)
        out.push(`- new (no baseline entry): ${md(`${e.scenario} / ${e.variant} / ${formatNumber(e.records)} records`)}`);
      for (const r of improved) {
        out.push(
          `- improved: ${md(`${r.scenario} / ${r.variant} / ${formatNumber(r.records)} records`)} ${md(r.metric)} ${formatMetricValue(r.metric, r.baseline)} → ${formatMetricValue(r.metric, r.current)} (${formatPercent(r.relativeChange)})`,
        );
      }
      out.push('');
    }
  }

  if (doc.verdicts.length > 0) {
    out.push('<details><summary>All verdicts (failing first)</summary>', '');
    out.push(...verdictTable(sortVerdictsFailingFirst(doc.verdicts), doc.counterDefinitions), '', '</details>', '');
  }
  return out.join('\n');
}

/**
 * Every checked metric beside its baseline (committed or paired): both values with their
 * ranges, the change (its percentage only beyond the noise), a text gauge of the change against
 * the allowance (the noise band `░`), the p-value of a paired test, and the verdict word.
 * Regressions first.
 */
function comparisonTable(c: NonNullable<ResultsDocument['comparison']>): string[] {
  const paired = c.kind === 'paired';
  const count = (k: string) => c.rows.filter((r) => r.change === k).length;
  const lines = [
    `### ${paired ? 'Paired with' : 'Compared with'} ${md(c.source)}`,
    '',
    `${md(c.rule)}. ${c.rows.length} metrics: ${count('regressed')} regressed, ${count('improved')} improved, ${count('unchanged')} unchanged. The gauge spans ±2 allowances; ░ is the noise band.`,
    '',
    row([
      '',
      'scenario',
      'variant',
      'records',
      'metric',
      paired ? 'base (mean)' : 'baseline (median)',
      paired ? 'head (mean)' : 'this run (median)',
      'Δ',
      '± allowance',
      'change vs noise',
      ...(paired ? ['p'] : []),
      'change',
    ]),
    row(['---', '---', '---', '---:', '---', '---:', '---:', '---:', '---:', '---', ...(paired ? ['---:'] : []), '---']),
  ];
  for (const r of sortRowsByChange(c.rows)) {
    lines.push(
      row([
        r.change === 'regressed' ? '❌' : r.change === 'improved' ? '✅' : '',
        r.scenario,
        r.variant,
        formatNumber(r.records),
        METRIC_LABELS[r.metric] ?? r.metric,
        valueWithRange(r.metric, r.baseline, r.baselineMin, r.baselineMax),
        valueWithRange(r.metric, r.current, r.currentMin, r.currentMax),
        deltaText(r),
        formatMetricValue(r.metric, r.allowance),
        changeGauge(r),
        ...(paired ? [pText(r)] : []),
        changeWord(r),
      ]),
    );
  }
  return lines;
}

/** Capacity projections: the record count each variant would fit under the limit, per figure projected. */
function capacityTable(capacity: readonly CapacityProjection[]): string[] {
  const lines = [
    '### Capacity',
    '',
    row(['scenario', 'variant', 'heap limit', 'projected from', 'records', 'bytes/record', 'records fitted']),
    row(['---', '---', '---:', '---', '---', '---:', '---:']),
  ];
  for (const c of capacity) {
    lines.push(
      row([
        c.scenario,
        c.variant,
        formatBytes(c.limitBytes),
        capacityMetricLabel(c.metric),
        describeCapacityRecords(c),
        formatBytes(c.bytesPerRecord),
        c.records.map(formatNumber).join(', '),
      ]),
    );
  }
  return lines;
}

/** The leak fits: slope, its standard error and range over repeats, R², what was fitted. */
function leakTable(doc: ResultsDocument): string[] {
  const lines = [
    '### Leaks over iterations',
    '',
    'Least-squares slope of retained heap against the iteration number, warm-up iterations left out; median over repeats. The other figures of these rows span every iteration.',
    '',
    row(['scenario', 'variant', 'records', 'bytes/iteration', 'standard error', 'min–max', 'R²', 'iterations fitted']),
    row(['---', '---', '---:', '---:', '---:', '---:', '---:', '---:']),
  ];
  for (const s of doc.summaries) {
    const l = s.leak;
    if (!l) continue;
    lines.push(
      row([
        s.scenario,
        s.variant,
        formatNumber(s.records),
        formatBytes(l.bytesPerIteration),
        formatBytes(l.standardErrorBytes),
        `${formatBytes(l.minBytesPerIteration)}–${formatBytes(l.maxBytesPerIteration)}`,
        Number.isFinite(l.r2) ? l.r2.toFixed(3) : 'n/a',
        `${l.warmupIterations + 1}–${l.iterations}`,
      ]),
    );
  }
  return lines;
}

function verdictTable(verdicts: readonly Verdict[], counterDefinitions: CounterDefinitions | undefined): string[] {
  const lines = [
    row(['', 'scenario', 'variant', 'records', 'metric', 'actual', 'limit', 'kind', 'source']),
    row(['---', '---', '---', '---:', '---', '---:', '---:', '---', '---']),
  ];
  for (const v of verdicts) {
    const counters = counterDefinitions?.[v.scenario];
    lines.push(
      row([
        v.pass ? '✅' : '❌',
        v.scenario,
        v.variant,
        formatNumber(v.records),
        v.metric,
        formatMetricValue(v.metric, v.actual, counters),
        `${v.comparator} ${formatMetricValue(v.metric, v.limit, counters)}`,
        v.kind,
        v.source,
      ]),
    );
  }
  return lines;
}

function row(cells: readonly string[]): string {
  return `| ${cells.map((c) => (/^-{3}:?$/.test(c) ? c : md(c))).join(' | ')} |`;
}

/**
 * Escapes text for a Markdown table cell or line: HTML-significant characters become entities
 * (GitHub renders raw HTML), Markdown punctuation is backslash-escaped, line breaks become
 * spaces.
 */
export function md(text: string): string {
  return String(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/([\\`*_[\]|#~])/g, '\\$1')
    .replace(/\r?\n/g, ' ');
}

/**
 * Appends `markdown` to the file named by `env.GITHUB_STEP_SUMMARY` (GitHub Actions' job
 * summary) when that variable is set and non-empty. Returns the path written, or undefined.
 */
export async function appendGithubStepSummary(markdown: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return undefined;
  await appendFile(file, markdown.endsWith('\n') ? markdown : `${markdown}\n`, 'utf8');
  return file;
}

/**
 * The console table of a run: one row per (scenario, variant, records) with medians, key
 * counters, the documented target and whether it holds. Reads only the results document.
 */
import type { LeakSummary, ResultsDocument, RunResult, ScenarioCounterDefinitions, Summary, Verdict } from '../results/results-document.js';
import { errorDetailLines } from './error-details.js';
import { describeCapacity } from './describe-capacity.js';
import { formatBytes, formatCounterValue, formatMetricValue, formatMs } from './format-units.js';

function verdictCell(v: Verdict, counters: ScenarioCounterDefinitions | undefined): string {
  const shortMetric = v.metric.replace(/^counters\./, '').replace(/Bytes$|Ms$/, '');
  return `${v.pass ? '✓' : '✗'} ${shortMetric} ${v.comparator} ${formatMetricValue(v.metric, v.limit, counters)}`;
}

/** Options of {@link renderConsoleTable}. */
export interface ConsoleTableOptions {
  /** Show every stack frame of a thrown error and of its causes (`--verbose`). @default false: the first few */
  readonly verbose?: boolean;
}

/** Stack frames shown under a failed run without `--verbose`: the error's, and each cause's. */
const FRAMES_SHOWN = 3;
const CAUSE_FRAMES_SHOWN = 1;

/**
 * Renders the table. Counters are formatted from `doc.counterDefinitions`; a scenario that
 * defines counters shows only its `key` ones, a scenario without definitions shows them all.
 * Runs that did not finish follow, each with what explains it: a thrown error's first stack
 * frames and its causes, V8's out-of-memory line, the last lines a dead or timed-out child
 * printed.
 */
export function renderConsoleTable(doc: ResultsDocument, options: ConsoleTableOptions = {}): string {
  const header = [
    'scenario',
    'variant',
    'records',
    'heap Δ',
    'live Δ',
    'retained',
    'peak RSS',
    'duration',
    'CPU',
    'counters',
    'documented target',
  ];
  // Only when something was iterated, so a plain run's table is what it always was.
  const leakColumn = doc.summaries.some((s) => s.leak);
  if (leakColumn) header.splice(header.indexOf('CPU') + 1, 0, 'leak/iteration');
  const rows: string[][] = [];
  const keyOf = (x: { scenario: string; variant: string; records: number }) => `${x.scenario}\u0000${x.variant}\u0000${x.records}`;
  const summaries = new Map<string, Summary>(doc.summaries.map((s) => [keyOf(s), s]));
  const seen = new Set<string>();
  for (const run of doc.runs) {
    const key = keyOf(run);
    if (seen.has(key)) continue;
    seen.add(key);
    const s = summaries.get(key);
    const counters = doc.counterDefinitions?.[run.scenario];
    const targets = doc.verdicts
      .filter((v) => v.kind === 'target' && keyOf(v) === key)
      .map((v) => verdictCell(v, counters))
      .join('; ');
    if (!s) {
      const failed = doc.runs.filter((r) => keyOf(r) === key && r.status !== 'ok');
      rows.push([
        run.scenario,
        run.variant,
        run.records.toLocaleString('en-US'),
        ...statusCells(failed),
        ...(leakColumn ? ['—'] : []),
        '',
        targets,
      ]);
      continue;
    }
    const keyCounters = Object.entries(s.counters)
      .filter(([name]) => !counters || counters[name]?.key)
      .map(([name, value]) => `${name}=${formatCounterValue(name, value, counters)}`)
      .join(' ');
    const repeats = s.failedRepeats ? ` (${s.failedRepeats} of ${s.repeats + s.failedRepeats} repeats failed)` : '';
    rows.push([
      s.scenario,
      s.variant,
      s.records.toLocaleString('en-US'),
      formatBytes(s.median.heapDeltaBytes),
      formatBytes(s.median.liveHeapDeltaBytes),
      formatBytes(s.median.retainedHeapBytes),
      formatBytes(s.median.peakRssBytes),
      formatMs(s.median.durationMs),
      formatMs(s.median.cpuMs),
      ...(leakColumn ? [s.leak ? leakCell(s.leak) : ''] : []),
      keyCounters + repeats,
      targets,
    ]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const out = [line(header), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)];
  const repeats = Math.max(...doc.summaries.map((s) => s.repeats + s.failedRepeats), 1);
  if (repeats > 1) out.push(`(medians over ${repeats} repeats)`);
  out.push(...beforeRatios(doc.summaries));
  const iterated = doc.summaries.filter((s) => s.leak);
  if (iterated.length > 0) {
    const counts = [...new Set(iterated.map((s) => `${s.leak!.iterations} iterations, ${s.leak!.warmupIterations} warm-up`))].join('; ');
    out.push(
      `(leak/iteration: least-squares slope of retained heap over the iterations after the warm-up ± its standard error; ${counts}; the other figures of those rows span every iteration)`,
    );
  }
  for (const f of doc.heapFloors ?? []) {
    const found =
      f.floorMb === null
        ? 'did not complete under any cap tried'
        : `${f.floorMb} MB (fails at ${f.failedMb ?? '—'} MB; ±${f.toleranceMb} MB, ${f.probes.length} probes)`;
    out.push(`heap floor: ${f.scenario} ${f.variant} ${f.records.toLocaleString('en-US')}: ${found}`);
  }
  for (const c of doc.capacity ?? []) out.push(describeCapacity(c));
  // Once per (scenario, variant, message): repeats and record counts say the same thing.
  const warnings = new Set(doc.runs.flatMap((r) => (r.warnings ?? []).map((w) => `WARNING: ${r.scenario} ${r.variant}: ${w}`)));
  out.push(...warnings);
  const failures = doc.runs.filter((r) => r.status !== 'ok');
  // Repeats skipped after a timeout say one thing: once per (scenario, variant, records).
  const skipped = new Map<string, RunResult[]>();
  for (const f of failures) if (f.error?.skipped) skipped.set(keyOf(f), [...(skipped.get(keyOf(f)) ?? []), f]);
  for (const f of failures) {
    const group = f.error?.skipped ? skipped.get(keyOf(f)) : undefined;
    if (group && group[0] !== f) continue;
    const repeats = (group ?? [f]).map((r) => `#${r.repeat}`).join(', ');
    out.push(`${f.status.toUpperCase()}: ${f.scenario} ${f.variant} ${f.records} ${repeats}: ${f.error?.message ?? ''}`);
    const details = errorDetailLines(f.error, options.verbose ? {} : { frames: FRAMES_SHOWN, causeFrames: CAUSE_FRAMES_SHOWN });
    out.push(...[...details, ...stderrExcerpt(f)].map((l) => `  | ${l}`));
  }
  return out.join('\n');
}

/** `2.03 KB ± 5 B` (the slope and its standard error). */
function leakCell(leak: LeakSummary): string {
  return `${formatBytes(leak.bytesPerIteration)} ± ${formatBytes(leak.standardErrorBytes)}`;
}

/** Lines of a dead child's stderr worth showing: V8's OOM line, or the last few lines of a crash or a hang. */
function stderrExcerpt(run: RunResult): string[] {
  const lines = (run.error?.stderrTail ?? '').split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) return [];
  if (run.status === 'oom') return lines.slice(0, 1);
  return run.status === 'crashed' || run.status === 'timeout' ? lines.slice(-6) : [];
}

function statusCells(failed: RunResult[]): string[] {
  const status = failed[0]?.status ?? 'failed';
  return [status.toUpperCase(), '—', '—', '—', '—', '—'];
}

/**
 * How many times more the `before` variant used than each other variant at the same record
 * count: the headline figure of every before/after design document.
 */
function beforeRatios(summaries: readonly Summary[]): string[] {
  const lines: string[] = [];
  for (const before of summaries.filter((s) => s.variant === 'before')) {
    for (const other of summaries) {
      if (other.scenario !== before.scenario || other.records !== before.records || other === before) continue;
      const ratio = (metric: 'heapDeltaBytes' | 'retainedHeapBytes') => {
        const denominator = other.median[metric];
        // Below ~64 KB a heap figure is harness noise, and a ratio of noise means nothing.
        return denominator > 64 * 1024 ? `×${(before.median[metric] / denominator).toFixed(1)}` : 'n/a';
      };
      lines.push(
        `before / ${other.variant} (${before.scenario} ${before.records.toLocaleString('en-US')}): heap Δ ${ratio('heapDeltaBytes')}, retained ${ratio('retainedHeapBytes')}`,
      );
    }
  }
  return lines;
}

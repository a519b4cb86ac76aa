import { METRIC_NAMES } from '../scenario/types.js';
import type { LeakSummary, LivePass, Metrics, RunResult, Summary } from './results-document.js';

/** Median of a non-empty list (mean of the middle two for even lengths). */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Median of the finite values; NaN when there are none (R² of flat series). */
function finiteMedian(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite);
  return finite.length ? median(finite) : Number.NaN;
}

function byMetric(runs: readonly RunResult[], fn: (xs: number[]) => number): Metrics {
  const out = {} as Metrics;
  for (const m of METRIC_NAMES) out[m] = fn(runs.map((r) => r.metrics![m]));
  return out;
}

const keyOf = (x: { scenario: string; variant: string; records: number }) => `${x.scenario}\u0000${x.variant}\u0000${x.records}`;

/**
 * One {@link Summary} per (scenario, variant, records) that has at least one `ok` run, in
 * first-seen order. Statistics are over `ok` repeats only; the others are counted.
 *
 * @param livePasses Live passes of these runs: where one finished `ok`, the summary's
 *   `liveHeapDeltaBytes` (median, min and max) is its value and `liveHeapMethod` is `exact`;
 *   elsewhere it is the repeats' own, `observed`. @default none
 */
export function summarize(runs: readonly RunResult[], livePasses: readonly LivePass[] = []): Summary[] {
  const passes = new Map(livePasses.map((p) => [keyOf(p), p]));
  const groups = new Map<string, RunResult[]>();
  for (const r of runs) {
    const key = keyOf(r);
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  const summaries: Summary[] = [];
  for (const group of groups.values()) {
    const ok = group.filter((r) => r.status === 'ok' && r.metrics);
    if (ok.length === 0) continue;
    const counterNames = [...new Set(ok.flatMap((r) => Object.keys(r.counters)))];
    const counters: Record<string, number> = {};
    for (const c of counterNames) {
      const values = ok.map((r) => r.counters[c]).filter((v): v is number => typeof v === 'number');
      if (values.length) counters[c] = median(values);
    }
    const first = group[0]!;
    const stats = { median: byMetric(ok, median), min: byMetric(ok, (xs) => Math.min(...xs)), max: byMetric(ok, (xs) => Math.max(...xs)) };
    const pass = passes.get(keyOf(first));
    const exact = pass?.status === 'ok' && pass.liveHeapDeltaBytes !== null ? pass.liveHeapDeltaBytes : undefined;
    if (exact !== undefined) for (const s of Object.values(stats)) s.liveHeapDeltaBytes = exact;
    let livePass: Summary['livePass'];
    if (pass) {
      const { scenario: _s, variant: _v, records: _r, ...rest } = pass;
      livePass = rest;
    }
    summaries.push({
      scenario: first.scenario,
      variant: first.variant,
      records: first.records,
      repeats: ok.length,
      failedRepeats: group.length - ok.length,
      ...stats,
      counters,
      liveHeapMethod: exact !== undefined ? 'exact' : 'observed',
      ...(livePass ? { livePass } : {}),
      ...leakOf(ok),
    });
  }
  return summaries;
}

/**
 * The leak part of a summary: medians (and the range of the slope) over the repeats that were
 * iterated; left out when none was.
 */
function leakOf(ok: readonly RunResult[]): { leak?: LeakSummary } {
  const fits = ok.flatMap((r) => (r.leak ? [r.leak] : []));
  if (fits.length === 0) return {};
  const slopes = fits.map((f) => f.bytesPerIteration);
  return {
    leak: {
      iterations: fits[0]!.iterations,
      warmupIterations: fits[0]!.warmupIterations,
      bytesPerIteration: median(slopes),
      minBytesPerIteration: Math.min(...slopes),
      maxBytesPerIteration: Math.max(...slopes),
      r2: finiteMedian(fits.map((f) => f.r2)),
      standardErrorBytes: finiteMedian(fits.map((f) => f.standardErrorBytes)),
    },
  };
}

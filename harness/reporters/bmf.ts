/**
 * Bencher Metric Format (BMF) export, for tracking the medians over time with Bencher
 * (`bencher run --adapter json --file bmf.json`):
 *
 * ```json
 * { "suggestions/after/1318": {
 *     "heap-delta-bytes": { "value": 16252928, "lower_value": 15990784, "upper_value": 16777216 },
 *     "live-heap-delta-bytes": { … }, "retained-heap-bytes": { … }, "peak-rss-bytes": { … },
 *     "duration-ms": { … } } }
 * ```
 *
 * One benchmark per (scenario, variant, records); `value` is the median, `lower_value` the
 * min, `upper_value` the max over the `ok` repeats. Summaries without `ok` repeats are left out.
 */
import type { ResultsDocument } from '../results/results-document.js';
import { METRIC_NAMES, type MetricName } from '../scenario/types.js';

/** One BMF measure. */
export interface BmfMeasure {
  readonly value: number;
  readonly lower_value?: number;
  readonly upper_value?: number;
}

/** A BMF document: benchmark name → measure slug → measure. */
export type BmfDocument = Record<string, Record<string, BmfMeasure>>;

/** BMF measure slugs of the metrics. */
export const BMF_MEASURES: Readonly<Record<MetricName, string>> = Object.freeze({
  heapDeltaBytes: 'heap-delta-bytes',
  liveHeapDeltaBytes: 'live-heap-delta-bytes',
  retainedHeapBytes: 'retained-heap-bytes',
  peakRssBytes: 'peak-rss-bytes',
  durationMs: 'duration-ms',
  cpuMs: 'cpu-ms',
  oldGenPeakDeltaBytes: 'old-gen-peak-delta-bytes',
  youngGenPeakBytes: 'young-gen-peak-bytes',
});

/** Builds the BMF document (serialise with `JSON.stringify`). */
export function renderBmf(doc: ResultsDocument): BmfDocument {
  const out: BmfDocument = {};
  for (const s of doc.summaries) {
    if (s.repeats <= 0) continue;
    const measures: Record<string, BmfMeasure> = {};
    for (const m of METRIC_NAMES) {
      if (!Number.isFinite(s.median[m])) continue;
      measures[BMF_MEASURES[m]] = { value: s.median[m], lower_value: s.min[m], upper_value: s.max[m] };
    }
    out[`${s.scenario}/${s.variant}/${s.records}`] = measures;
  }
  return out;
}

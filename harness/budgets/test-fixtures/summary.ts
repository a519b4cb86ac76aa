import type { Metrics, Summary } from '../../results/results-document.js';

const MiB = 1024 * 1024;

/** A summary with the given medians; min/max spread ±`spreadFraction` around them. */
export function summary(
  fields: Partial<Omit<Summary, 'median' | 'min' | 'max'>> & { median?: Partial<Metrics>; min?: Partial<Metrics>; max?: Partial<Metrics> },
): Summary {
  const median: Metrics = {
    heapDeltaBytes: 10 * MiB,
    liveHeapDeltaBytes: 5 * MiB,
    retainedHeapBytes: 0,
    peakRssBytes: 80 * MiB,
    durationMs: 100,
    cpuMs: 90,
    oldGenPeakDeltaBytes: 6 * MiB,
    youngGenPeakBytes: 4 * MiB,
    ...fields.median,
  };
  return {
    scenario: fields.scenario ?? 'suggestions',
    variant: fields.variant ?? 'after',
    records: fields.records ?? 1000,
    repeats: fields.repeats ?? 3,
    failedRepeats: fields.failedRepeats ?? 0,
    median,
    min: { ...median, ...fields.min },
    max: { ...median, ...fields.max },
    counters: fields.counters ?? {},
    ...(fields.liveHeapMethod !== undefined ? { liveHeapMethod: fields.liveHeapMethod } : {}),
    ...(fields.livePass !== undefined ? { livePass: fields.livePass } : {}),
  };
}

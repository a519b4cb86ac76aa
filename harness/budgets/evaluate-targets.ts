/**
 * Documented-target verdicts: where each variant stands against the numbers the seed documents
 * promise (e.g. "1,318 contacts: 15–25 MB after").
 */
import type { Summary, Verdict } from '../results/results-document.js';
import type { MetricName, TargetDefinition } from '../scenario/types.js';

/**
 * Checks targets against the medians of the matching summaries (same scenario and variant;
 * same record count when the target names one). Returns `kind: 'target'` verdicts.
 *
 * A target with both `min` and `max` (a range such as 15–25 MB) gives TWO verdicts for each
 * summary: `actual >= min` and `actual <= max`, because a verdict has one limit; the two share
 * the target's `source`. A summary without `ok` repeats, or without the counter, gives failing
 * verdicts with `actual: NaN` (serialised as `null`).
 *
 * Targets apply in every suite. Whether a missed target fails a build is the gate's choice
 * (see `gateOutcome`: by default targets are reported, not gated).
 */
export function evaluateTargets(scenario: string, targets: readonly TargetDefinition[], summaries: readonly Summary[]): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const t of targets) {
    const matching = summaries.filter(
      (s) => s.scenario === scenario && s.variant === t.variant && (t.records === undefined || s.records === t.records),
    );
    for (const s of matching) {
      const actual = s.repeats > 0 ? summaryValue(s, t.metric) : Number.NaN;
      const base = {
        scenario,
        variant: s.variant,
        records: s.records,
        metric: t.metric,
        actual,
        kind: 'target' as const,
        source: t.source,
      };
      if (t.min !== undefined) {
        verdicts.push({ ...base, limit: t.min, comparator: '>=', pass: Number.isFinite(actual) && actual >= t.min });
      }
      if (t.max !== undefined) {
        verdicts.push({ ...base, limit: t.max, comparator: '<=', pass: Number.isFinite(actual) && actual <= t.max });
      }
    }
  }
  return verdicts;
}

/** The median of a metric or of a counter (`counters.<name>`); NaN when the counter is missing. */
export function summaryValue(s: Summary, metric: string): number {
  if (metric.startsWith('counters.')) {
    const v = s.counters[metric.slice('counters.'.length)];
    return typeof v === 'number' ? v : Number.NaN;
  }
  const v = s.median[metric as MetricName];
  return typeof v === 'number' ? v : Number.NaN;
}

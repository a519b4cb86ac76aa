/**
 * The results document's `comparison` for a committed baseline: every compared metric beside
 * its baseline entry, in the shape reports render for paired comparisons too.
 */
import type { ComparisonSummary, Summary } from '../results/results-document.js';
import type { BaselineFile } from './baseline-file.js';
import { baselineKey } from './baseline-file.js';
import type { BaselineComparison } from './compare-to-baseline.js';

/** The rule of `compareToBaseline`, as reports print it. */
export const COMMITTED_RULE =
  "committed baseline: regressed when this run's median exceeds the baseline median by more than max(tolerance × |baseline|, this run's spread, noise floor)";

/** Builds the document's comparison from what `compareToBaseline` found. */
export function committedComparison(
  comparison: BaselineComparison,
  baseline: BaselineFile | undefined,
  summaries: readonly Summary[],
  source: string,
): ComparisonSummary {
  const key = (r: { scenario: string; variant: string; records: number }) => baselineKey(r);
  const byKey = new Map(summaries.map((s) => [key(s), s]));
  return {
    kind: 'committed',
    source,
    rule: COMMITTED_RULE,
    rows: comparison.rows.map((r) => {
      const entry = baseline?.entries[key(r)];
      const s = byKey.get(key(r));
      const [bMin, bMax] = [entry?.min[r.metric], entry?.max[r.metric]];
      return {
        scenario: r.scenario,
        variant: r.variant,
        records: r.records,
        metric: r.metric,
        baseline: r.baseline,
        current: r.current,
        ...(bMin !== undefined ? { baselineMin: bMin } : {}),
        ...(bMax !== undefined ? { baselineMax: bMax } : {}),
        currentMin: s?.min[r.metric] ?? r.current,
        currentMax: s?.max[r.metric] ?? r.current,
        allowance: r.limit - r.baseline,
        limit: r.limit,
        relativeChange: r.baseline === 0 ? null : r.relativeChange,
        change: r.change,
      };
    }),
  };
}

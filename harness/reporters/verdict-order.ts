import { isGatingFailure } from '../budgets/gate-outcome.js';
import type { CounterDefinitions, Verdict } from '../results/results-document.js';
import { formatMetricValue } from './format-units.js';

/**
 * Verdicts in reading order: gating failures (budget, baseline) first, then other failures
 * (missed targets), then passes; stable within each group.
 */
export function sortVerdictsFailingFirst(verdicts: readonly Verdict[]): Verdict[] {
  const rank = (v: Verdict): number => (isGatingFailure(v) ? 0 : v.pass ? 2 : 1);
  return verdicts
    .map((v, i) => ({ v, i }))
    .sort((a, b) => rank(a.v) - rank(b.v) || a.i - b.i)
    .map(({ v }) => v);
}

/**
 * One line naming everything about a verdict, used in failure messages:
 * `suggestions / before / 1,318 records: heapDeltaBytes 61.0 MB > limit 8.00 MB (budget: <source>)`.
 * Values are formatted with {@link formatMetricValue}, counters from `counterDefinitions`
 * (the document's).
 */
export function describeVerdict(v: Verdict, counterDefinitions?: CounterDefinitions): string {
  const counters = counterDefinitions?.[v.scenario];
  const format = (value: number) => formatMetricValue(v.metric, value, counters);
  const relation = v.pass ? v.comparator : negate(v.comparator);
  return `${v.scenario} / ${v.variant} / ${v.records.toLocaleString('en-US')} records: ${v.metric} ${format(v.actual)} ${relation} limit ${format(v.limit)} (${v.kind}: ${v.source})`;
}

function negate(c: Verdict['comparator']): string {
  return { '<=': '>', '<': '>=', '>=': '<', '>': '<=' }[c];
}

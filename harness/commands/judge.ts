/**
 * Turns a run's summaries into verdicts: documented targets (always) and, for the gate,
 * budgets and baseline. Kept apart from the runner so measurement never depends on judging.
 */
import type { ScenarioDefinition } from '../scenario/types.js';
import type { ResultsDocument, Verdict } from '../results/results-document.js';

/** Verdicts for the documented targets of each scenario. */
export function judgeDocument(doc: Omit<ResultsDocument, 'verdicts'>, definitions: readonly ScenarioDefinition[]): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const s of doc.summaries) {
    const def = definitions.find((d) => d.name === s.scenario);
    for (const t of def?.targets ?? []) {
      if (t.variant !== s.variant || (t.records !== undefined && t.records !== s.records)) continue;
      const actual = t.metric.startsWith('counters.') ? s.counters[t.metric.slice('counters.'.length)] : s.median[t.metric as keyof typeof s.median];
      if (actual === undefined) continue;
      const base = { scenario: s.scenario, variant: s.variant, records: s.records, metric: t.metric, actual, kind: 'target' as const, source: t.source };
      if (t.max !== undefined) verdicts.push({ ...base, limit: t.max, comparator: '<=', pass: actual <= t.max });
      if (t.min !== undefined) verdicts.push({ ...base, limit: t.min, comparator: '>=', pass: actual >= t.min });
    }
  }
  return verdicts;
}

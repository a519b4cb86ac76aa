/** The console lines `run --against` and `gate --against` print under the table. */
import type { ComparisonRow } from '../results/results-document.js';
import { formatPercent } from '../reporters/format-units.js';
import { formatP, PAIRED_ALPHA, PAIRED_THRESHOLD, type NotCompared } from './compare-paired.js';

/** Console lines of a paired comparison: its counts, what could not be compared. */
export function describePaired(rows: readonly ComparisonRow[], notCompared: readonly NotCompared[], source: string): string[] {
  const count = (c: ComparisonRow['change']) => rows.filter((r) => r.change === c).length;
  const confirmed = rows.filter((r) => r.confirmation);
  const cleared = confirmed.filter((r) => !r.confirmation!.confirmed);
  return [
    `against ${source}: ${rows.length} metrics compared on paired repeats — ${count('regressed')} regressed, ${count('improved')} improved, ${count('unchanged')} unchanged (Welch's t-test, α ${PAIRED_ALPHA}, threshold ${Math.round(PAIRED_THRESHOLD * 100)} %)`,
    ...(confirmed.length
      ? [
          `  ${confirmed.length} suspected ${confirmed.length === 1 ? 'regression' : 'regressions'} measured again on fresh repeats: ${confirmed.length - cleared.length} confirmed, ${cleared.length} not (unchanged)`,
          ...cleared.map(
            (r) =>
              `  not confirmed: ${r.scenario} / ${r.variant} / ${r.records} records ${r.metric}: ${r.relativeChange === null ? '' : `${formatPercent(r.relativeChange)} `}(p ${formatP(r.pValue!)}), fresh ${r.confirmation!.relativeChange === null ? '' : `${formatPercent(r.confirmation!.relativeChange)} `}(p ${formatP(r.confirmation!.pValue)})`,
          ),
        ]
      : []),
    ...notCompared.map(
      (n) => `  not compared: ${n.scenario} / ${n.variant} / ${n.records} records${n.metric ? ` ${n.metric}` : ''}: ${n.reason}`,
    ),
  ];
}

/** The console lines `run --against` and `gate --against` print under the table. */
import type { ComparisonRow } from '../results/results-document.js';
import { PAIRED_ALPHA, PAIRED_THRESHOLD, type NotCompared } from './compare-paired.js';

/** Console lines of a paired comparison: its counts, what could not be compared. */
export function describePaired(rows: readonly ComparisonRow[], notCompared: readonly NotCompared[], source: string): string[] {
  const count = (c: ComparisonRow['change']) => rows.filter((r) => r.change === c).length;
  return [
    `against ${source}: ${rows.length} metrics compared on paired repeats — ${count('regressed')} regressed, ${count('improved')} improved, ${count('unchanged')} unchanged (Welch's t-test, α ${PAIRED_ALPHA}, threshold ${Math.round(PAIRED_THRESHOLD * 100)} %)`,
    ...notCompared.map(
      (n) => `  not compared: ${n.scenario} / ${n.variant} / ${n.records} records${n.metric ? ` ${n.metric}` : ''}: ${n.reason}`,
    ),
  ];
}

/**
 * Turns a run's summaries into verdicts: documented targets and budgets (and, for the gate,
 * the baseline). Kept apart from the runner so measurement never depends on judging.
 */
import path from 'node:path';
import { evaluateBudgets } from '../budgets/evaluate-budgets.js';
import { evaluateTargets } from '../budgets/evaluate-targets.js';
import type { LoadedScenario } from '../scenario/load-scenarios.js';
import type { ResultsDocument, Verdict } from '../results/results-document.js';

/** Target and budget verdicts for each scenario of the run (budgets filtered by `suite`). */
export function judgeDocument(doc: Omit<ResultsDocument, 'verdicts'>, scenarios: readonly LoadedScenario[], suite?: string): Verdict[] {
  return scenarios.flatMap(({ definition: d, file }) => [
    ...evaluateTargets(d.name, d.targets ?? [], doc.summaries),
    // Relative paths: reports are shared, and the machine's directory layout is nobody's business.
    ...evaluateBudgets(d, doc.summaries, { file: path.relative(process.cwd(), file) || file, ...(suite !== undefined ? { suite } : {}) }),
  ]);
}

/**
 * Turns summaries into verdicts: documented targets and budgets (the gate adds the baseline).
 * Commands judge; the runner only measures, so measurement never depends on judging.
 */
import path from 'node:path';
import { evaluateBudgets } from '../budgets/evaluate-budgets.js';
import { evaluateTargets } from '../budgets/evaluate-targets.js';
import type { LoadedScenario } from '../scenario/load-scenarios.js';
import type { Summary, Verdict } from '../results/results-document.js';

/** Target and budget verdicts for each of `scenarios` (budgets filtered by `suite` when given). */
export function judgeSummaries(summaries: readonly Summary[], scenarios: readonly LoadedScenario[], suite?: string): Verdict[] {
  return scenarios.flatMap(({ definition: d, file }) => [
    ...evaluateTargets(d.name, d.targets ?? [], summaries),
    // Relative paths: reports are shared, and the machine's directory layout is nobody's business.
    ...evaluateBudgets(d, summaries, { file: path.relative(process.cwd(), file) || file, ...(suite !== undefined ? { suite } : {}) }),
  ]);
}

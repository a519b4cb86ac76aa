/**
 * `heapgate/vitest`: a scenario directory's budgets as vitest tests, one per (scenario, variant,
 * budget), so they show in the vitest UI and in editors' test panels (VS Code's vitest
 * extension) and fail with budget vs actual.
 *
 * ```ts
 * // heapgate.test.ts
 * import { budgetTests } from 'heapgate/vitest';
 * await budgetTests({ scenarios: ['./heapgate'] });
 * ```
 *
 * The scenarios are loaded while vitest collects the file (hence the top-level `await`); the
 * suite is measured once, in a `beforeAll`, exactly as `heapgate gate --scenarios … --suite …`
 * measures it (fresh child per run, medians of `repeat`), then each test reads its verdicts.
 * Baselines are the gate's business, not a test's: only budgets are judged.
 */
import path from 'node:path';
import { beforeAll, describe, it } from 'vitest';
import { gate } from '../api/gate.js';
import { budgetIndexOf } from '../budgets/evaluate-budgets.js';
import { DEFAULTS } from '../config/defaults.js';
import type { ResultsDocument } from '../results/results-document.js';
import { describeVerdict } from '../reporters/verdict-order.js';
import { loadScenarios } from '../scenario/load-scenarios.js';
import type { BudgetDefinition } from '../scenario/types.js';

/** Options of {@link budgetTests}. */
export interface BudgetTestsOptions {
  /** Scenario files or directories (as `--scenarios`), relative to the working directory. @default [DEFAULTS.scenarioDir] ('heapgate') */
  readonly scenarios?: readonly string[];
  /** The suite whose budgets become tests (budgets without `suites` belong to every suite). @default DEFAULTS.suite ('ci') */
  readonly suite?: string;
  /** Measured repeats per variant; verdicts judge medians. @default DEFAULTS.gateRepeat (3) */
  readonly repeat?: number;
  /** Where results.json and the reports go. @default `reports/<timestamp>-vitest-<suite>` */
  readonly out?: string;
  /** How long the measuring `beforeAll` may take, in milliseconds. @default DEFAULTS.vitestMeasureTimeoutMs (1,800,000: 30 min) */
  readonly timeoutMs?: number;
  /** Title of the outer `describe`. @default 'heapgate budgets' */
  readonly title?: string;
}

/** `retainedHeapBytes <1MB`, `growth constant`, `leakPerIteration <1KB`, with `@N records` when pinned. */
export function describeBudget(budget: BudgetDefinition): string {
  const parts = [
    ...Object.entries(budget.thresholds ?? {}).map(([metric, expression]) => `${metric} ${expression.trim()}`),
    ...(budget.growth !== undefined ? [`growth ${typeof budget.growth === 'string' ? budget.growth : budget.growth.class}`] : []),
    ...(budget.leakPerIteration !== undefined ? [`leakPerIteration ${budget.leakPerIteration.trim()}`] : []),
  ];
  return `${parts.join(', ')}${budget.records !== undefined ? ` @${budget.records.toLocaleString('en-US')} records` : ''}`;
}

/**
 * Registers one test per budget of `suite` in the scenarios under `options.scenarios`, grouped
 * by scenario, named `<variant>: <budget>`. A test fails with each failing verdict (actual vs
 * limit, where the limit comes from), or with the errors of the runs that left it unjudged.
 *
 * @throws UsageError (while collecting) for a missing directory or a malformed scenario or budget.
 */
export async function budgetTests(options: BudgetTestsOptions = {}): Promise<void> {
  const suite = options.suite ?? DEFAULTS.suite;
  const scenarios = (options.scenarios ?? [DEFAULTS.scenarioDir]).map((p) => path.resolve(p));
  const loaded = await loadScenarios(scenarios, null);
  let doc: ResultsDocument | undefined;
  describe(options.title ?? 'heapgate budgets', () => {
    beforeAll(async () => {
      doc = await gate({
        scenarios,
        suite,
        compareBaseline: false,
        ...(options.repeat !== undefined ? { repeat: options.repeat } : {}),
        ...(options.out !== undefined ? { out: options.out } : {}),
      });
    }, options.timeoutMs ?? DEFAULTS.vitestMeasureTimeoutMs);
    for (const { definition } of loaded) {
      const budgets = (definition.budgets ?? []).map((budget, index) => ({ budget, index }));
      const inSuite = budgets.filter(({ budget }) => budget.suites === undefined || budget.suites.includes(suite));
      if (inSuite.length === 0) continue;
      describe(definition.name, () => {
        for (const { budget, index } of inSuite) {
          it(`${budget.variant}: ${describeBudget(budget)}`, () => {
            if (!doc) throw new Error('heapgate: the suite was not measured (see the beforeAll error)');
            const verdicts = doc.verdicts.filter((v) => v.scenario === definition.name && budgetIndexOf(v) === index);
            const failing = verdicts.filter((v) => !v.pass);
            if (failing.length > 0) {
              throw new Error(`budget failed:\n${failing.map((v) => `  ${describeVerdict(v, doc!.counterDefinitions)}`).join('\n')}`);
            }
            if (verdicts.length === 0) {
              const bad = doc.runs.filter((r) => r.scenario === definition.name && r.variant === budget.variant && r.status !== 'ok');
              throw new Error(
                bad.length > 0
                  ? `not judged: ${bad.map((r) => `${r.records} records repeat ${r.repeat}: ${r.status}${r.error ? ` (${r.error.message})` : ''}`).join('; ')}`
                  : 'not judged: no summary matched this budget (a growth budget needs two or more record counts in the sweep)',
              );
            }
          });
        }
      });
    }
  });
}

import { describe, expect, test } from 'vitest';
import type { LeakSummary } from '../results/results-document.js';
import type { BudgetDefinition } from '../scenario/types.js';
import { BudgetDefinitionError } from './budget-definition-error.js';
import { evaluateBudgets, LEAK_METRIC } from './evaluate-budgets.js';
import { summary } from './test-fixtures/summary.js';
import { validateBudgets } from './validate-budgets.js';

const FILE = 'heapgate/orders.mjs';
const scenario = (budgets: BudgetDefinition[], variants: Record<string, object> = { after: {} }, iterations?: number) => ({
  name: 'orders',
  variants,
  budgets,
  ...(iterations !== undefined ? { iterations } : {}),
});
const leak = (bytesPerIteration: number): LeakSummary => ({
  iterations: 20,
  warmupIterations: 2,
  bytesPerIteration,
  minBytesPerIteration: bytesPerIteration - 10,
  maxBytesPerIteration: bytesPerIteration + 10,
  r2: 0.998,
  standardErrorBytes: 12,
});

function errorOf(fn: () => unknown): BudgetDefinitionError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(BudgetDefinitionError);
    return e as BudgetDefinitionError;
  }
  throw new Error('expected an error');
}

describe('leakPerIteration budgets', () => {
  test('parse as a byte threshold, alone or beside other checks', () => {
    const [b] = validateBudgets(scenario([{ variant: 'after', leakPerIteration: '<1KB' }]), FILE);
    expect(b!.leakPerIteration).toMatchObject({ comparator: '<', value: 1024, unitKind: 'bytes' });
    expect(b!.thresholds).toEqual([]);
  });

  test.each([
    [{ variant: 'after', leakPerIteration: '<2s' }, /budgets\[0\]\.leakPerIteration: "<2s": a time unit does not fit bytes per iteration/],
    [{ variant: 'after', leakPerIteration: 1024 }, /budgets\[0\]\.leakPerIteration: must be a string such as "<1KB", got number/],
    [{ variant: 'after', leakPerIteration: '1KB' }, /budgets\[0\]\.leakPerIteration: "1KB" is not a threshold/],
  ])('reject %j naming the file and field', (budget, message) => {
    const e = errorOf(() => validateBudgets(scenario([budget as BudgetDefinition]), FILE));
    expect(e.field).toBe('budgets[0].leakPerIteration');
    expect(e.message).toMatch(new RegExp(`^heapgate/orders\\.mjs: scenario "orders": ${message.source}`));
  });

  test('a variant (or scenario) that declares a single iteration cannot carry one', () => {
    const budget: BudgetDefinition = { variant: 'after', leakPerIteration: '<1KB' };
    expect(errorOf(() => validateBudgets(scenario([budget], { after: { iterations: 1 } }), FILE)).message).toMatch(
      /leakPerIteration: variant "after" runs one iteration \(iterations: 1\); a leak fit needs at least 5/,
    );
    expect(() => validateBudgets(scenario([budget], { after: {} }, 1), FILE)).toThrow(BudgetDefinitionError);
    expect(validateBudgets(scenario([budget], { after: { iterations: 30 } }, 1), FILE)).toHaveLength(1);
  });

  test('judge the median slope of iterated summaries; summaries that were not iterated give no verdict', () => {
    const verdicts = evaluateBudgets(
      scenario([{ variant: 'after', leakPerIteration: '<1KB' }]),
      [
        { ...summary({ scenario: 'orders', records: 1000 }), leak: leak(2076) },
        { ...summary({ scenario: 'orders', records: 10_000 }), leak: leak(-4) },
        summary({ scenario: 'orders', records: 100_000 }),
      ],
      { file: FILE },
    );
    expect(verdicts.map((v) => [v.records, v.metric, v.actual, v.pass])).toEqual([
      [1000, LEAK_METRIC, 2076, false],
      [10_000, LEAK_METRIC, -4, true],
    ]);
    expect(verdicts[0]).toMatchObject({ kind: 'budget', limit: 1024, comparator: '<' });
    expect(verdicts[0]!.source).toBe(
      'heapgate/orders.mjs budgets[0]: leakPerIteration <1KB (2.03 KB/iteration, standard error 12 B, R² 0.998; iterations 3–20 fitted, median of 3 repeats)',
    );
  });
});

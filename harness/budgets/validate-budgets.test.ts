import { describe, expect, test } from 'vitest';
import { BudgetDefinitionError } from './budget-definition-error.js';
import { validateBudgets } from './validate-budgets.js';

const variants = { before: {}, after: {} };
const FILE = 'scenarios/suggestions.ts';

function errorOf(fn: () => unknown): BudgetDefinitionError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(BudgetDefinitionError);
    return e as BudgetDefinitionError;
  }
  throw new Error('expected an error');
}

describe('validateBudgets', () => {
  test('resolves thresholds, records, growth and suites', () => {
    const resolved = validateBudgets(
      {
        variants,
        counters: { hitRate: { unit: 'ratio' } },
        budgets: [
          {
            variant: 'after',
            records: 1318,
            thresholds: { heapDeltaBytes: '<8MB', durationMs: '<=2.5s', cpuMs: '<2s', 'counters.hitRate': '>=95%' },
            suites: ['ci'],
          },
          { variant: 'after', growth: 'constant' },
        ],
      },
      FILE,
    );
    expect(resolved).toHaveLength(2);
    expect(resolved[0]).toMatchObject({ index: 0, variant: 'after', records: 1318, suites: ['ci'] });
    expect(resolved[0].thresholds.map((t) => [t.metric, t.threshold.value])).toEqual([
      ['heapDeltaBytes', 8 * 1048576],
      ['durationMs', 2500],
      ['cpuMs', 2000],
      ['counters.hitRate', 0.95],
    ]);
    expect(resolved[1]).toMatchObject({ growth: { class: 'constant' }, thresholds: [] });
    expect(resolved[1].growth!.metrics).toBeUndefined();
    expect(Object.isFrozen(resolved[0])).toBe(true);
  });

  test('a growth budget may name the metric or metrics it checks', () => {
    const resolved = validateBudgets(
      {
        variants,
        budgets: [
          { variant: 'after', growth: { class: 'constant', metric: 'heapDeltaBytes' } },
          { variant: 'before', growth: { class: 'linear', metrics: ['liveHeapDeltaBytes', 'oldGenPeakDeltaBytes'] } },
          { variant: 'before', growth: { class: 'linear' } },
        ],
      },
      FILE,
    );
    expect(resolved.map((b) => b.growth)).toEqual([
      { class: 'constant', metrics: ['heapDeltaBytes'] },
      { class: 'linear', metrics: ['liveHeapDeltaBytes', 'oldGenPeakDeltaBytes'] },
      { class: 'linear' },
    ]);
  });

  test('absent budgets are an empty list', () => {
    expect(validateBudgets({ variants }, FILE)).toEqual([]);
  });

  test('a malformed threshold names the file, the field path and the expression', () => {
    const e = errorOf(() => validateBudgets({ variants, budgets: [{ variant: 'after', thresholds: { heapDeltaBytes: '<8XB' } }] }, FILE));
    expect(e.code).toBe('HEAPGATE_USAGE');
    expect(e.file).toBe(FILE);
    expect(e.field).toBe('budgets[0].thresholds.heapDeltaBytes');
    expect(e.message).toMatch(
      /^scenarios\/suggestions\.ts: budgets\[0\]\.thresholds\.heapDeltaBytes: "<8XB" is not a threshold: unknown unit "XB"/,
    );
  });

  test.each([
    [{ variant: 'middle', thresholds: { heapDeltaBytes: '<8MB' } }, 'budgets[0].variant', /unknown variant "middle"/],
    [{ variant: 'after', thresholds: { heapBytes: '<8MB' } }, 'budgets[0].thresholds.heapBytes', /not a metric/],
    [{ variant: 'after', thresholds: { durationMs: '<8MB' } }, 'budgets[0].thresholds.durationMs', /bytes unit does not fit durationMs/],
    [{ variant: 'after', thresholds: { cpuMs: '<8MB' } }, 'budgets[0].thresholds.cpuMs', /bytes unit does not fit cpuMs/],
    [{ variant: 'after', thresholds: { peakRssBytes: '<2s' } }, 'budgets[0].thresholds.peakRssBytes', /time unit does not fit/],
    [{ variant: 'after', thresholds: { heapDeltaBytes: 8 } }, 'budgets[0].thresholds.heapDeltaBytes', /must be a string/],
    [{ variant: 'after', records: 0, thresholds: { heapDeltaBytes: '<8MB' } }, 'budgets[0].records', /positive integer/],
    [{ variant: 'after', growth: 'quadratic' }, 'budgets[0].growth', /"constant" or "linear"/],
    [{ variant: 'after', growth: ['constant'] }, 'budgets[0].growth', /"constant" or "linear", or \{ class, metric \}/],
    [{ variant: 'after', growth: { metric: 'heapDeltaBytes' } }, 'budgets[0].growth.class', /must be "constant" or "linear"/],
    [{ variant: 'after', growth: { class: 'flat' } }, 'budgets[0].growth.class', /must be "constant" or "linear"/],
    [{ variant: 'after', growth: { class: 'constant', metric: 'heapBytes' } }, 'budgets[0].growth.metric', /"heapBytes" is not a metric/],
    [{ variant: 'after', growth: { class: 'constant', metrics: [] } }, 'budgets[0].growth.metrics', /non-empty array/],
    [
      { variant: 'after', growth: { class: 'constant', metrics: ['heapDeltaBytes', 'counters.rows'] } },
      'budgets[0].growth.metrics[1]',
      /"counters\.rows" is not a metric/,
    ],
    [
      { variant: 'after', growth: { class: 'constant', metrics: ['heapDeltaBytes', 'heapDeltaBytes'] } },
      'budgets[0].growth.metrics[1]',
      /listed twice/,
    ],
    [
      { variant: 'after', growth: { class: 'constant', metric: 'heapDeltaBytes', metrics: ['heapDeltaBytes'] } },
      'budgets[0].growth',
      /metric or metrics, not both/,
    ],
    [{ variant: 'after', growth: { class: 'constant', metirc: 'heapDeltaBytes' } }, 'budgets[0].growth.metirc', /unknown field/],
    [{ variant: 'after', suites: [], growth: 'constant' }, 'budgets[0].suites', /non-empty/],
    [{ variant: 'after', suites: ['CI!'], growth: 'constant' }, 'budgets[0].suites[0]', /kebab-case/],
    [{ variant: 'after' }, 'budgets[0]', /needs thresholds, growth or leakPerIteration/],
    [{ variant: 'after', threshold: { heapDeltaBytes: '<8MB' } }, 'budgets[0].threshold', /unknown field/],
  ])('rejects %j at %s', (budget, field, message) => {
    const e = errorOf(() => validateBudgets({ variants, budgets: [budget] }, FILE));
    expect(e.field).toBe(field);
    expect(e.message).toMatch(message);
    expect(e.message.startsWith(`${FILE}: ${field}: `)).toBe(true);
  });

  test('a counter with a declared unit takes only that unit', () => {
    const e = errorOf(() =>
      validateBudgets(
        { variants, counters: { rows: { unit: 'count' } }, budgets: [{ variant: 'after', thresholds: { 'counters.rows': '<8MB' } }] },
        FILE,
      ),
    );
    expect(e.field).toBe('budgets[0].thresholds.counters.rows');
  });

  test('budgets that are not an array are rejected', () => {
    expect(errorOf(() => validateBudgets({ variants, budgets: { variant: 'after' } }, FILE)).field).toBe('budgets');
  });
});

import { describe, expect, test } from 'vitest';
import { evaluateTargets } from './evaluate-targets.js';
import { gateOutcome } from './gate-outcome.js';
import { summary } from './test-fixtures/summary.js';

const MiB = 1024 * 1024;

describe('evaluateTargets', () => {
  test('a min–max range gives two verdicts sharing the source', () => {
    const verdicts = evaluateTargets(
      'suggestions',
      [
        {
          variant: 'after',
          records: 1318,
          metric: 'heapDeltaBytes',
          min: 15 * MiB,
          max: 25 * MiB,
          source: 'seed 001 §Performance: 15–25 MB after',
        },
      ],
      [summary({ records: 1318, median: { heapDeltaBytes: 30 * MiB } }), summary({ records: 5000 })],
    );
    expect(verdicts.map((v) => [v.comparator, v.limit, v.pass, v.kind, v.source])).toEqual([
      ['>=', 15 * MiB, true, 'target', 'seed 001 §Performance: 15–25 MB after'],
      ['<=', 25 * MiB, false, 'target', 'seed 001 §Performance: 15–25 MB after'],
    ]);
  });

  test('targets without records apply at every count, counters included', () => {
    const verdicts = evaluateTargets(
      'suggestions',
      [{ variant: 'after', metric: 'counters.hitRate', min: 0.8, source: 'seed 003' }],
      [summary({ records: 1, counters: { hitRate: 0.9 } }), summary({ records: 2, counters: { hitRate: 0.7 } })],
    );
    expect(verdicts.map((v) => v.pass)).toEqual([true, false]);
  });
});

describe('gateOutcome', () => {
  test('budget and baseline failures gate; missed targets are reported only', () => {
    const base = {
      scenario: 's',
      variant: 'v',
      records: 1,
      metric: 'heapDeltaBytes',
      actual: 2,
      limit: 1,
      comparator: '<=' as const,
      source: 'x',
    };
    const outcome = gateOutcome([
      { ...base, kind: 'target', pass: false },
      { ...base, kind: 'budget', pass: true },
    ]);
    expect(outcome.pass).toBe(true);
    expect(outcome.notGated).toHaveLength(1);
    const failing = gateOutcome([{ ...base, kind: 'baseline', pass: false }]);
    expect(failing.pass).toBe(false);
    expect(failing.failures).toHaveLength(1);
    expect(gateOutcome([{ ...base, kind: 'target', pass: false }], ['target', 'budget', 'baseline']).pass).toBe(false);
  });
});

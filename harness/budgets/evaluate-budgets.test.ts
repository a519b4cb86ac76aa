import { describe, expect, test } from 'vitest';
import type { BudgetDefinition } from '../scenario/types.js';
import { evaluateBudgets } from './evaluate-budgets.js';
import { summary } from './test-fixtures/summary.js';

const MiB = 1024 * 1024;
const scenario = (budgets: BudgetDefinition[]) => ({ name: 'suggestions', variants: { before: {}, after: {} }, budgets });

describe('evaluateBudgets', () => {
  test('one verdict per threshold per matching summary, with source and comparator', () => {
    const verdicts = evaluateBudgets(
      scenario([{ variant: 'after', thresholds: { heapDeltaBytes: '<8MB', durationMs: '<=2s' } }]),
      [
        summary({ records: 1000, median: { heapDeltaBytes: 6 * MiB } }),
        summary({ records: 10000, median: { heapDeltaBytes: 9 * MiB } }),
        summary({ variant: 'before' }),
      ],
      { file: 'scenarios/suggestions.ts' },
    );
    expect(verdicts.map((v) => [v.records, v.metric, v.pass])).toEqual([
      [1000, 'heapDeltaBytes', true],
      [1000, 'durationMs', true],
      [10000, 'heapDeltaBytes', false],
      [10000, 'durationMs', true],
    ]);
    expect(verdicts[2]).toMatchObject({
      scenario: 'suggestions',
      variant: 'after',
      actual: 9 * MiB,
      limit: 8 * MiB,
      comparator: '<',
      kind: 'budget',
      source: 'scenarios/suggestions.ts budgets[0]: heapDeltaBytes <8MB',
    });
  });

  test('records and suites filter budgets', () => {
    const budgets: BudgetDefinition[] = [
      { variant: 'after', records: 1000, thresholds: { heapDeltaBytes: '<8MB' } },
      { variant: 'after', thresholds: { peakRssBytes: '<200MB' }, suites: ['nightly'] },
    ];
    const summaries = [summary({ records: 1000 }), summary({ records: 10000 })];
    expect(evaluateBudgets(scenario(budgets), summaries, { suite: 'ci' }).map((v) => [v.records, v.metric])).toEqual([
      [1000, 'heapDeltaBytes'],
    ]);
    expect(evaluateBudgets(scenario(budgets), summaries, { suite: 'nightly' })).toHaveLength(3);
    expect(evaluateBudgets(scenario(budgets), summaries)).toHaveLength(3);
  });

  test('counters are checked by median, and missing data fails instead of passing', () => {
    const verdicts = evaluateBudgets(scenario([{ variant: 'after', thresholds: { 'counters.hitRate': '>=95%' } }]), [
      summary({ records: 1, counters: { hitRate: 0.97 } }),
      summary({ records: 2, counters: {} }),
      summary({ records: 3, repeats: 0, failedRepeats: 3, counters: { hitRate: 1 } }),
    ]);
    expect(verdicts.map((v) => v.pass)).toEqual([true, false, false]);
    expect(verdicts[1].actual).toBeNaN();
    expect(verdicts[2].actual).toBeNaN();
  });

  test('growth constant checks the live heap by default, passes a flat sweep and fails a linear one', () => {
    const sweep = (variant: string, perRecord: number) =>
      [1000, 10000, 100000].map((records) =>
        summary({
          variant,
          records,
          // Peak heap grows for both (V8's semi-space grows with the allocation rate): not judged by default.
          median: { heapDeltaBytes: 3 * MiB + 60 * records, liveHeapDeltaBytes: 2 * MiB + perRecord * records },
          liveHeapMethod: 'exact',
        }),
      );
    const verdicts = evaluateBudgets(
      scenario([
        { variant: 'after', growth: 'constant' },
        { variant: 'before', growth: 'constant' },
      ]),
      [...sweep('after', 0), ...sweep('before', 600)],
    );
    expect(verdicts.map((v) => [v.variant, v.metric, v.records, v.pass])).toEqual([
      ['after', 'growth.liveHeapDeltaBytes', 100000, true],
      ['before', 'growth.liveHeapDeltaBytes', 100000, false],
    ]);
    const failing = verdicts[1];
    expect(failing.actual).toBe(600 * 90000);
    expect(failing.actual).toBeGreaterThan(failing.limit);
    expect(failing.source).toMatch(/budgets\[1\]: growth constant \(liveHeapDeltaBytes, exact: linear\)/);
  });

  test('a growth budget may name its metric or metrics; growthMetrics changes only the default', () => {
    const sweep = [1000, 10000, 100000].map((records) =>
      summary({ records, median: { heapDeltaBytes: 100 * records, liveHeapDeltaBytes: 1 * MiB, oldGenPeakDeltaBytes: 2 * MiB } }),
    );
    const metricsOf = (budgets: BudgetDefinition[], options = {}) =>
      evaluateBudgets(scenario(budgets), sweep, options).map((v) => [v.metric, v.pass]);
    expect(metricsOf([{ variant: 'after', growth: { class: 'constant', metric: 'heapDeltaBytes' } }])).toEqual([
      ['growth.heapDeltaBytes', false],
    ]);
    expect(
      metricsOf([{ variant: 'after', growth: { class: 'constant', metrics: ['oldGenPeakDeltaBytes', 'liveHeapDeltaBytes'] } }]),
    ).toEqual([
      ['growth.oldGenPeakDeltaBytes', true],
      ['growth.liveHeapDeltaBytes', true],
    ]);
    expect(metricsOf([{ variant: 'after', growth: { class: 'linear', metric: 'heapDeltaBytes' } }])).toEqual([
      ['growth.heapDeltaBytes.exponent', true],
    ]);
    expect(metricsOf([{ variant: 'after', growth: 'constant' }], { growthMetrics: ['heapDeltaBytes'] })).toEqual([
      ['growth.heapDeltaBytes', false],
    ]);
    expect(
      metricsOf([{ variant: 'after', growth: { class: 'constant', metric: 'liveHeapDeltaBytes' } }], { growthMetrics: ['heapDeltaBytes'] }),
    ).toEqual([['growth.liveHeapDeltaBytes', true]]);
  });

  test('a live-heap growth verdict says which method gave each point', () => {
    const points = [
      summary({ records: 1000, liveHeapMethod: 'exact' }),
      summary({ records: 10000, liveHeapMethod: 'exact' }),
      summary({ records: 100000 }),
    ];
    const [v] = evaluateBudgets(scenario([{ variant: 'after', growth: 'constant' }]), points);
    expect(v!.source).toMatch(/\(liveHeapDeltaBytes, exact at 1,000 and 10,000, observed at 100,000: constant\)/);
    const [observed] = evaluateBudgets(
      scenario([{ variant: 'after', growth: 'constant' }]),
      points.slice(2).concat(summary({ records: 5 })),
    );
    expect(observed!.source).toMatch(/\(liveHeapDeltaBytes, observed: constant\)/);
  });

  test('growth constant that passes only under the noise floor says the sweep is too small', () => {
    // The user's case: 77 KB → 269 KB → 1.14 MB over 100 / 1k / 10k records.
    const small = [
      [100, 77_900],
      [1000, 269_000],
      [10000, 1_140_000],
    ].map(([records, bytes]) => summary({ variant: 'after', records, median: { heapDeltaBytes: bytes, liveHeapDeltaBytes: 0 } }));
    const [heap, live] = evaluateBudgets(
      scenario([{ variant: 'after', growth: { class: 'constant', metrics: ['heapDeltaBytes', 'liveHeapDeltaBytes'] } }]),
      small,
    );
    expect(heap!.pass).toBe(true);
    expect(heap!.source).toMatch(/last step grew 851 KB, under the 1.00 MB noise floor: a sweep to larger record counts would tell/);
    expect(live!.source).not.toContain('noise floor');
  });

  test('growth linear fails a quadratic sweep, and needs three record counts', () => {
    const quad = [1000, 10000, 100000].map((records) =>
      summary({
        variant: 'before',
        records,
        median: { heapDeltaBytes: 1e-2 * records * records, liveHeapDeltaBytes: 1e-2 * records * records },
      }),
    );
    const verdicts = evaluateBudgets(scenario([{ variant: 'before', growth: 'linear' }]), quad);
    expect(verdicts.map((v) => [v.metric, v.pass])).toEqual([['growth.liveHeapDeltaBytes.exponent', false]]);
    expect(verdicts[0].actual).toBeGreaterThan(1.8);
    expect(verdicts[0].limit).toBe(1.3);
    expect(evaluateBudgets(scenario([{ variant: 'before', growth: 'linear' }]), quad.slice(0, 2))).toEqual([]);
    expect(evaluateBudgets(scenario([{ variant: 'before', growth: 'constant' }]), quad.slice(0, 1))).toEqual([]);
  });

  test('a malformed budget throws the usage error at evaluation too', () => {
    expect(() => evaluateBudgets(scenario([{ variant: 'after', thresholds: { heapDeltaBytes: '<8XB' } }]), [], { file: 'x.ts' })).toThrow(
      /x\.ts: scenario "suggestions": budgets\[0\]\.thresholds\.heapDeltaBytes/,
    );
  });
});

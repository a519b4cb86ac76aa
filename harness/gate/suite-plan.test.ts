import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import type { LoadedScenario } from '../scenario/load-scenarios.js';
import type { BudgetDefinition } from '../scenario/types.js';
import { resolveSuitePlan } from './suite-plan.js';

const scenario = (budgets: BudgetDefinition[]): LoadedScenario => ({
  file: '/x/orders.mjs',
  origin: 'user',
  definition: {
    name: 'orders',
    summary: 's',
    source: 'x',
    defaultRecords: 1000,
    sweep: [10, 100, 1000],
    services: [],
    variants: { before: { summary: 'b', run: async () => ({}) }, after: { summary: 'a', run: async () => ({}) } },
    budgets,
  },
});

describe('resolveSuitePlan', () => {
  it('includes budgets without suites in every suite, and suite-bound budgets only in theirs', () => {
    const loaded = [
      scenario([
        { variant: 'after', thresholds: { heapDeltaBytes: '<8MB' } },
        { variant: 'before', records: 10, thresholds: { heapDeltaBytes: '<80MB' }, suites: ['nightly'] },
      ]),
    ];
    const ci = resolveSuitePlan(loaded, 'ci', 3);
    expect(ci.scenarios.map((e) => [e.variants, e.records])).toEqual([[['after'], [1000]]]);
    expect(ci.totalRuns).toBe(3);
    const nightly = resolveSuitePlan(loaded, 'nightly', 1);
    expect(nightly.scenarios.map((e) => [e.variants, e.records])).toEqual([
      [['after'], [1000]],
      [['before'], [10]],
    ]);
  });

  it('runs the whole sweep for a growth budget', () => {
    const plan = resolveSuitePlan([scenario([{ variant: 'after', growth: 'constant' }])], 'ci', 1);
    expect(plan.scenarios[0]!.records).toEqual([10, 100, 1000]);
  });

  it('runs a variant with a leak budget iterated, at its records, beside what else it is gated on', () => {
    const plan = resolveSuitePlan(
      [
        scenario([
          { variant: 'after', leakPerIteration: '<1KB' },
          { variant: 'before', thresholds: { heapDeltaBytes: '<8MB' } },
        ]),
      ],
      'ci',
      1,
    );
    expect(plan.scenarios.map((e) => [e.variants, e.records, e.iterations])).toEqual([
      [['after', 'before'], [1000], { after: 20, before: 1 }],
    ]);
  });

  it('is a usage error when nothing belongs to the suite', () => {
    expect(() =>
      resolveSuitePlan([scenario([{ variant: 'after', thresholds: { heapDeltaBytes: '<8MB' }, suites: ['nightly'] }])], 'ci', 1),
    ).toThrow(UsageError);
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../config/defaults.js';
import type { LoadedScenario } from '../scenario/load-scenarios.js';
import type { ScenarioDefinition } from '../scenario/types.js';
import { iterationsFor, resolvePlan } from './plan.js';

const run = async () => ({});
const definition = (extra: Partial<ScenarioDefinition> = {}): ScenarioDefinition => ({
  name: 'orders',
  summary: 's',
  source: 'x',
  defaultRecords: 1000,
  sweep: [100, 1000],
  services: [],
  variants: { before: { summary: 'b', run }, after: { summary: 'a', run, iterations: 8 } },
  ...extra,
});
const loaded = (def: ScenarioDefinition): LoadedScenario => ({ definition: def, file: '/x/orders.mjs', origin: 'user' });

describe('iterations in the plan', () => {
  it("a variant's own iterations, else its scenario's, else 1", () => {
    expect(iterationsFor(definition(), 'after')).toBe(8);
    expect(iterationsFor(definition(), 'before')).toBe(DEFAULTS.iterations);
    expect(iterationsFor(definition({ iterations: 12 }), 'before')).toBe(12);
  });

  it('a variant with a leak budget (in the suite) defaults to DEFAULTS.leakIterations', () => {
    const def = definition({ budgets: [{ variant: 'before', leakPerIteration: '<1KB', suites: ['nightly'] }] });
    expect(iterationsFor(def, 'before')).toBe(DEFAULTS.leakIterations);
    expect(iterationsFor(def, 'before', 'nightly')).toBe(DEFAULTS.leakIterations);
    expect(iterationsFor(def, 'before', 'ci')).toBe(DEFAULTS.iterations);
  });

  it('--iterations overrides every variant; without it each variant keeps its own', () => {
    const plan = resolvePlan([loaded(definition())], { records: 'default', variants: 'all', repeat: 1 });
    expect(plan.scenarios[0]!.iterations).toEqual({ before: 1, after: 8 });
    const forced = resolvePlan([loaded(definition())], { records: 'default', variants: 'all', repeat: 1, iterations: 20 });
    expect(forced.scenarios[0]!.iterations).toEqual({ before: 20, after: 20 });
  });
});

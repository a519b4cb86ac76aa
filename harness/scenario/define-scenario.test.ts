import { describe, expect, it } from 'vitest';
import { BudgetDefinitionError } from '../budgets/budget-definition-error.js';
import { ScenarioDefinitionError } from '../errors.js';
import { defaultSweep, defineScenario, withScenarioDefaults } from './define-scenario.js';

const minimal = {
  name: 'orders',
  summary: 'array of orders vs a generator',
  source: 'design doc §3',
  defaultRecords: 100_000,
  variants: { after: { summary: 'one at a time', run: async () => ({}) } },
};

describe('defineScenario', () => {
  it('fills in sweep (defaultRecords, its tenth and hundredth) and services (none)', () => {
    const s = defineScenario(minimal);
    expect(s.sweep).toEqual([1_000, 10_000, 100_000]);
    expect(s.services).toEqual([]);
    expect(Object.isFrozen(s)).toBe(true);
  });

  it('keeps a declared sweep and services', () => {
    const s = defineScenario({ ...minimal, sweep: [5, 50], services: ['redis'] });
    expect(s.sweep).toEqual([5, 50]);
    expect(s.services).toEqual(['redis']);
  });

  it('names the scenario and the field in its error', () => {
    let caught: unknown;
    try {
      defineScenario({ ...minimal, sweep: [0] });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ScenarioDefinitionError);
    const e = caught as ScenarioDefinitionError;
    expect(e.message).toMatch(/^scenario "orders": sweep: must be a non-empty array of positive integers/);
    expect(e.inFile('/x/orders.mjs').message).toMatch(/^\/x\/orders\.mjs: scenario "orders": sweep:/);
    expect(e.inFile('/x/orders.mjs').detail).toBe(e.detail);
  });

  it('validates budgets too, naming the file, the scenario and the field', () => {
    const bad = { ...minimal, budgets: [{ variant: 'after', thresholds: { heapDeltaBytes: '<8XB' } }] };
    expect(() => defineScenario(bad)).toThrow(BudgetDefinitionError);
    expect(() => defineScenario(bad, '/x/orders.mjs')).toThrow(
      /^\/x\/orders\.mjs: scenario "orders": budgets\[0\]\.thresholds\.heapDeltaBytes: "<8XB" is not a threshold/,
    );
    expect(() => defineScenario({ ...minimal, budgets: [{ variant: 'before', growth: 'constant' }] })).toThrow(
      /^scenario "orders": budgets\[0\]\.variant: unknown variant "before"/,
    );
    expect(defineScenario({ ...minimal, budgets: [{ variant: 'after', growth: 'constant' }] }).budgets).toHaveLength(1);
  });

  it('takes timeoutMs on the scenario and on a variant: whole milliseconds a timer can wait', () => {
    const s = defineScenario({ ...minimal, timeoutMs: 60_000, variants: { after: { ...minimal.variants.after, timeoutMs: 5_000 } } });
    expect([s.timeoutMs, s.variants.after.timeoutMs]).toEqual([60_000, 5_000]);
    for (const bad of [0, 1.5, -1, '5s', 2 ** 31]) {
      expect(() => defineScenario({ ...minimal, timeoutMs: bad as number })).toThrow(
        /^scenario "orders": timeoutMs: must be a whole number of milliseconds from 1 to 2147483647/,
      );
    }
    expect(() => defineScenario({ ...minimal, variants: { after: { ...minimal.variants.after, timeoutMs: 0 } } })).toThrow(
      /^scenario "orders": variants\.after\.timeoutMs: must be a whole number of milliseconds/,
    );
  });

  it('checks iterations on the scenario and on each variant: 1, or enough to fit after the warm-up', () => {
    expect(defineScenario({ ...minimal, iterations: 20 }).iterations).toBe(20);
    expect(() => defineScenario({ ...minimal, iterations: 3 })).toThrow(
      /^scenario "orders": iterations: must be 1 \(one call\) or a whole number of at least 5/,
    );
    const variant = { summary: 'one at a time', run: async () => ({}), iterations: 2.5 };
    expect(() => defineScenario({ ...minimal, variants: { after: variant } })).toThrow(
      /^scenario "orders": variants\.after\.iterations: must be 1/,
    );
  });

  it('leaves non-objects to the validator', () => {
    expect(withScenarioDefaults(null)).toBeNull();
    expect(() => defineScenario(null as never)).toThrow(/scenario: must be an object/);
  });
});

describe('defaultSweep', () => {
  it('spans two decades below defaultRecords, without zeros or repeats', () => {
    expect(defaultSweep(1318)).toEqual([13, 132, 1318]);
    expect(defaultSweep(20)).toEqual([2, 20]);
    expect(defaultSweep(1)).toEqual([1]);
  });
});

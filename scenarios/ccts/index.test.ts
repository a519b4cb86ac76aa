import { describe, expect, it } from 'vitest';
import { validateBudgets } from '../../harness/budgets/validate-budgets.js';
import { validateScenario } from '../../harness/scenario/define-scenario.js';
import ccts from './index.js';

describe('scenario ccts', () => {
  it('satisfies the scenario contract and its budgets parse', () => {
    expect(() => validateScenario(ccts)).not.toThrow();
    expect(validateBudgets(ccts).length).toBe(ccts.budgets!.length);
    expect(Object.keys(ccts.variants)).toEqual(['before', 'preload', 'on-demand']);
    expect(ccts.sweep).toEqual([1000, 10_000, 100_000, 270_000]);
    expect(ccts.services).toEqual(['postgres', 's3']);
    for (const t of ccts.targets ?? []) {
      if (t.metric.startsWith('counters.')) expect(ccts.counters?.[t.metric.slice(9)], t.metric).toBeDefined();
    }
  });
});

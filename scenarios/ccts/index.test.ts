import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateScenario } from 'heapgate';
import { modulesLoadedBy } from '../test-fixtures/modules-loaded-by.js';
import ccts from './index.js';

describe('scenario ccts', () => {
  it('satisfies the scenario contract and its budgets parse', () => {
    // Budgets included (defineScenario already ran the same checks when the module loaded).
    expect(() => validateScenario(ccts)).not.toThrow();
    expect(Object.keys(ccts.variants)).toEqual(['before', 'preload', 'on-demand']);
    expect(ccts.sweep).toEqual([1000, 10_000, 100_000, 270_000]);
    expect(ccts.services).toEqual(['postgres', 's3']);
    for (const t of ccts.targets ?? []) {
      if (t.metric.startsWith('counters.')) expect(ccts.counters?.[t.metric.slice(9)], t.metric).toBeDefined();
    }
  });

  it('loads neither its seeder nor the lookup API server where the measured child imports it', async () => {
    const loaded = await modulesLoadedBy(fileURLToPath(new URL('../../dist/scenarios/ccts/index.js', import.meta.url)));
    expect(loaded[0]).toMatch(/\/dist\/scenarios\/ccts\/index\.js$/);
    expect(loaded.filter((url) => /faker|\/scenarios\/ccts\/dataset\.js$|lookup-api-server/.test(url))).toEqual([]);
  });
});

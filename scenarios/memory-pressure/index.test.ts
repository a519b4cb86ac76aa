/**
 * The `memory-pressure` scenario outside the measured child, on a small surge and without a
 * heap cap (the vitest worker's heap is large): setup → run → teardown of the tiered variant
 * against the real service and a load from another process, so every counter is computed —
 * no pressure arises, so the level stays normal, the probe's first full report is the recovery, and
 * the normal phase answers from the warmed cache. The pressure figures come from
 * `npm run scenario -- memory-pressure` (README).
 */
import { type RunContext, runVariantInProcess } from 'heapgate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, type TestSchema } from '../../reference-impl/test-fixtures/test-schema.js';
// defineScenario validated it, as the loader will: importing it is the check.
import scenario, { MAX_HEAP_MB } from './index.js';
import { PROBE_MS, SURGE_KEYS_PER_CONNECTION } from './workload.js';

const CONNECTIONS = 10;
let db: TestSchema;

beforeAll(async () => {
  db = await createTestSchema('memory_pressure');
});
afterAll(async () => {
  await db?.drop();
});

const context = (variant: string): RunContext => ({
  scenario: 'memory-pressure',
  variant,
  records: CONNECTIONS,
  repeat: 1,
  services: { postgres: { connectionString: db.connectionString } },
  dataset: null,
  fixtures: null,
});

describe('scenario memory-pressure', () => {
  it('declares its 256 MB heap cap and the three variants', () => {
    expect(scenario.maxHeapMb).toBe(MAX_HEAP_MB);
    expect(MAX_HEAP_MB).toBe(256);
    expect(Object.keys(scenario.variants)).toEqual(['unprotected', 'under-pressure', 'tiered']);
  });

  it('tiered without pressure: every phase answered, recovered at the first probe report, cached normal phase', async () => {
    const c = await runVariantInProcess(scenario, context('tiered'));
    expect(c).toMatchObject({
      surgeRequests: CONNECTIONS * (SURGE_KEYS_PER_CONNECTION + 1),
      surgeOk2xx: CONNECTIONS * (SURGE_KEYS_PER_CONNECTION + 1),
      surgeShed503: 0,
      errors: 0,
      non2xx: 0,
      recovered: 1,
      levelTransitions: 0,
      flaps: 0,
      maxLevel: 0,
      endLevel: 0,
    });
    expect(c.ok2xx).toBe(c.requests);
    // Recovered within the probe (a time, not asserted against a figure: that is the scenario's job).
    expect(c.recoveryMs).toBeLessThan(PROBE_MS);
    expect(c.surgeAdmittedP99Ms).toBeGreaterThan(0);
    expect(c.normalRequests).toBeGreaterThan(0);
    expect(c.cacheHitRatio).toBe(1);
  }, 120_000);
});

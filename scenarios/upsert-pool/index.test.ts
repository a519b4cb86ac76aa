/**
 * The `upsert-pool` scenario end to end, outside the measured child: seed and fixtures through
 * its own hooks, then setup → run → teardown of every variant on a private schema; each leaves
 * exactly the source's rows and reports its counters.
 */
import { type JsonValue, type RunContext, runVariantInProcess } from 'heapgate';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedTeeTimes, readTeeTimes } from '../../reference-impl/test-fixtures/tee-times-fixture.js';
import { createTestSchema, type TestSchema } from '../../reference-impl/test-fixtures/test-schema.js';
import { teeTimeTasks } from '../../reference-impl/upsert/tee-time-generator.js';
import type { Fixtures } from 'heapgate';
// defineScenario validated it, budgets included, as the loader will: importing it is the check.
import scenario from './index.js';

const RECORDS = 250;
let schema: TestSchema;
let dataset: JsonValue;
let fixtures: Fixtures;

const context = (variant: string): Omit<RunContext, 'scenario'> => ({
  variant,
  records: RECORDS,
  repeat: 1,
  services: { postgres: { connectionString: schema.connectionString } },
  dataset,
  fixtures: fixtures.values,
});

beforeAll(async () => {
  schema = await createTestSchema('scenario_upsert');
  const base = {
    scenario: 'upsert-pool',
    records: RECORDS,
    services: { postgres: { connectionString: schema.connectionString } },
    log: () => {},
  };
  dataset = (await scenario.seed!(base)).dataset!;
  fixtures = await scenario.fixtures!({ ...base, dataset });
});

afterAll(async () => {
  await fixtures?.stop();
  await schema?.drop();
});

describe('scenario upsert-pool', () => {
  it('declares seed 002 defaults, the sweep and the growth budget', () => {
    expect(scenario.defaultRecords).toBe(10_000);
    expect(scenario.sweep).toEqual([1_000, 10_000, 100_000]);
    expect(Object.keys(scenario.variants)).toEqual(['before', 'after', 'after-seed-gc']);
    expect(scenario.budgets!.find((b) => b.variant === 'after' && b.growth)?.growth).toMatchObject({ class: 'constant' });
    expect(Object.keys(scenario.counters!)).toEqual(['rowsUpserted', 'batches', 'rowsPerSecond', 'peakBufferRows', 'retries']);
  });

  it.each(['before', 'after', 'after-seed-gc'])('%s writes exactly the source rows and reports its counters', async (variant) => {
    const counters = await runVariantInProcess(scenario, context(variant));
    const expected = expectedTeeTimes(teeTimeTasks(RECORDS));
    const db = new pg.Pool({ connectionString: schema.connectionString, max: 1 });
    try {
      expect(await readTeeTimes(db, 'upsert_pool_tee_times')).toEqual(expected);
    } finally {
      await db.end();
    }
    expect(counters.rowsUpserted).toBe(expected.length);
    expect(counters.retries).toBe(0);
    expect(counters.rowsPerSecond).toBeGreaterThan(0);
    if (variant === 'before') {
      expect(counters.batches).toBe(1);
      expect(counters.peakBufferRows).toBe(RECORDS);
    } else {
      expect(counters.batches).toBe(3);
      expect(counters.peakBufferRows).toBeLessThanOrEqual(110);
    }
  });
});

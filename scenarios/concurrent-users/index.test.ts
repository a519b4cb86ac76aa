/**
 * The `concurrent-users` scenario outside the measured child: seed a few users through its own
 * hook on a private schema, then setup → run → teardown of every variant: the reference service
 * under load from a separate process, every request answered.
 */
import { fileURLToPath } from 'node:url';
import { type JsonValue, type RunContext, runVariantInProcess } from 'heapgate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, type TestSchema } from '../../reference-impl/test-fixtures/test-schema.js';
import { modulesLoadedBy } from '../test-fixtures/modules-loaded-by.js';
// defineScenario validated it, budgets included, as the loader will: importing it is the check.
import scenario, { REQUESTS_PER_USER } from './index.js';

const USERS = 3;
let db: TestSchema;
let dataset: JsonValue;

const context = (variant: string): RunContext => ({
  scenario: 'concurrent-users',
  variant,
  records: USERS,
  repeat: 1,
  services: { postgres: { connectionString: db.connectionString } },
  dataset,
  fixtures: null,
});

beforeAll(async () => {
  db = await createTestSchema('concurrent_users');
  const seeded = await scenario.seed!({
    scenario: 'concurrent-users',
    records: USERS,
    services: { postgres: { connectionString: db.connectionString } },
    log: () => {},
  });
  expect(seeded.rowsWritten).toBeGreaterThan(USERS * 1318);
  dataset = seeded.dataset!;
});

afterAll(async () => {
  await db?.drop();
});

describe('scenario concurrent-users', () => {
  it('seeds one 1,318-contact data set per concurrent user', () => {
    expect((dataset as { userIds: string[] }).userIds).toEqual(['seed-1318', 'seed-1318-u1', 'seed-1318-u2']);
    expect(scenario.sweep).toEqual([1, 10, 100]);
  });

  it.each(['before', 'after', 'after-full-scan'])('%s: every user request is answered 2xx, from another process', async (variant) => {
    const counters = await runVariantInProcess(scenario, context(variant));
    expect(counters).toMatchObject({
      users: USERS,
      requests: USERS * REQUESTS_PER_USER,
      ok2xx: USERS * REQUESTS_PER_USER,
      non2xx: 0,
      errors: 0,
    });
    expect(counters.latencyP99Ms).toBeGreaterThan(0);
    expect(counters.eventLoopDelayP99Ms).toBeGreaterThan(0);
  });

  it('loads neither the data set generator nor faker, nor autocannon, where the measured child imports it', async () => {
    const loaded = await modulesLoadedBy(fileURLToPath(new URL('../../dist/scenarios/concurrent-users/index.js', import.meta.url)));
    expect(loaded[0]).toMatch(/\/dist\/scenarios\/concurrent-users\/index\.js$/);
    // contacts-dataset-version.js is one constant (the scenario's datasetVersion), kept apart for this.
    expect(loaded.filter((url) => /faker|\/datasets\/(?!contacts-dataset-version\.js$)|autocannon/.test(url))).toEqual([]);
  });
});

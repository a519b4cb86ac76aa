/**
 * The `tenants` scenario end to end, outside the measured child: seed through its own hook on a
 * private schema, then setup → run → teardown of every variant against the test PostgreSQL and
 * Redis.
 */
import { fileURLToPath } from 'node:url';
import { type JsonValue, runVariantInProcess } from 'heapgate';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, type TestSchema } from '../../reference-impl/test-fixtures/test-schema.js';
import { modulesLoadedBy } from '../test-fixtures/modules-loaded-by.js';
import { testRedisUrl } from '../../reference-impl/test-fixtures/test-endpoints.js';
// defineScenario validated it, budgets included, as the loader will: importing it is the check.
import scenario from './index.js';

const RECORDS = 40;
let db: TestSchema;
let dataset: JsonValue;

function runVariant(name: string): Promise<Record<string, number>> {
  return runVariantInProcess(scenario, {
    variant: name,
    records: RECORDS,
    repeat: 1,
    services: { postgres: { connectionString: db.connectionString }, redis: { url: testRedisUrl() } },
    dataset,
    fixtures: null,
  });
}

beforeAll(async () => {
  db = await createTestSchema('tenants_scenario');
  const seeded = await scenario.seed!({
    scenario: 'tenants',
    records: RECORDS,
    services: { postgres: { connectionString: db.connectionString } },
    log: () => {},
  });
  expect(seeded.rowsWritten).toBeGreaterThan(RECORDS * 100);
  dataset = seeded.dataset!;
});

afterAll(async () => {
  await db?.drop();
});

describe('scenario tenants', () => {
  it('declares the seed 004 sweep, services, targets and budgets', () => {
    expect(scenario.defaultRecords).toBe(1000);
    expect(scenario.sweep).toEqual([1, 100, 1000, 10_000]);
    expect(scenario.services).toEqual(['postgres', 'redis']);
    expect(Object.keys(scenario.variants)).toEqual(['before', 'after', 'tiered']);
    expect(scenario.targets!.find((t) => t.variant === 'tiered')).toMatchObject({ metric: 'counters.combinedHitRate', min: 0.95 });
    expect(scenario.targets!.find((t) => t.variant === 'after' && t.records === 1000)).toMatchObject({
      metric: 'retainedHeapBytes',
      max: 20 * 1024 * 1024,
    });
    expect(scenario.budgets!.length).toBeGreaterThan(0);
  });

  it('loads neither the data set generator nor faker where the measured child imports it', async () => {
    const loaded = await modulesLoadedBy(fileURLToPath(new URL('../../dist/scenarios/tenants/index.js', import.meta.url)));
    expect(loaded[0]).toMatch(/\/dist\/scenarios\/tenants\/index\.js$/);
    expect(loaded.filter((url) => /faker|\/scenarios\/tenants\/dataset\.js$/.test(url))).toEqual([]);
  });

  it('before syncs each tenant it sees once and never evicts', async () => {
    const c = await runVariant('before');
    expect(c.accesses).toBe(5000);
    expect(c.missing).toBe(0);
    expect(c.l3Fetches).toBe(c.cachedTenants);
    expect(c.evictions).toBe(0);
    expect(c.l1HitRate).toBeGreaterThan(0.9);
  });

  it('after stays within its per-tenant and global limits and caches only CRM data', async () => {
    const c = await runVariant('after');
    expect(c.missing).toBe(0);
    expect(c.maxTenantBytes).toBeLessThanOrEqual(20 * 1024);
    expect(c.accountedBytes).toBeLessThanOrEqual(32 * 1024 * 1024);
    expect(c.accountedBytesPerTenant).toBeLessThanOrEqual(20 * 1024);
    expect(c.notAdmitted).toBeGreaterThan(0);
    // Hierarchy and audit logs (8% of accesses) are never cached: each is an L3 fetch.
    expect(c.l3Fetches).toBeGreaterThan(0.08 * c.accesses!);
  });

  it('tiered serves most misses of L1 from the warm Redis L2 and cleans its keys up', async () => {
    const c = await runVariant('tiered');
    expect(c.missing).toBe(0);
    expect(c.l2Errors).toBe(0);
    expect(c.l2WarmKeys).toBeGreaterThan(0);
    expect(c.l2HitRate).toBeGreaterThan(0);
    expect(c.combinedHitRate).toBeCloseTo(c.l1HitRate! + c.l2HitRate!, 10);
    expect(c.combinedHitRate).toBeGreaterThan(0.95);
    const redis = new Redis(testRedisUrl());
    try {
      const [, keys] = await redis.scan('0', 'MATCH', `heapgate:tenants:${RECORDS}:*`, 'COUNT', 10_000);
      expect(keys).toEqual([]);
    } finally {
      redis.disconnect();
    }
  });
});

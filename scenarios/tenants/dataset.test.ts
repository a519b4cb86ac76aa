import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, type TestSchema } from '../../reference-impl/test-fixtures/test-schema.js';
import { withPostgresClient } from '../datasets/with-postgres-client.js';
import { seedTenantsDataset, TENANT_TABLES } from './dataset.js';
import { DATA_TYPES, USER_PROFILE } from './keys.js';
import { tenantShape } from './shape.js';
import { TenantSource } from './source.js';

// Two private schemas on the test PostgreSQL: one seeded in two steps, one at once.
let stepwise: TestSchema;
let atOnce: TestSchema;

/** A client on `db`'s schema, through the scenarios' own helper (its connection string names the schema). */
function withClient<T>(db: TestSchema, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  return withPostgresClient({ postgres: { connectionString: db.connectionString } }, 'tenants dataset test', fn);
}

/** One md5 per table over every row in a fixed order. */
async function fingerprint(db: TestSchema): Promise<string[]> {
  return withClient(db, async (c) => {
    const out: string[] = [];
    for (const t of TENANT_TABLES) {
      const { rows } = await c.query<{ h: string }>(`SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) AS h FROM ${t} x`);
      out.push(`${t}:${rows[0]!.h}`);
    }
    return out;
  });
}

beforeAll(async () => {
  stepwise = await createTestSchema('tenants_step');
  atOnce = await createTestSchema('tenants_once');
});

afterAll(async () => {
  await stepwise?.drop();
  await atOnce?.drop();
});

describe('seedTenantsDataset', () => {
  it('seeds tenants 1…N with the shapes tenantShape promises, adds only missing tenants, and reuses', async () => {
    const logs: string[] = [];
    const first = await withClient(stepwise, (c) => seedTenantsDataset(c, { tenants: 5, log: (m) => logs.push(m) }));
    expect(first.dataset).toEqual({ tenants: 5, version: 1 });
    let expectedRows = 0;
    for (let t = 1; t <= 5; t++) {
      const s = tenantShape(t);
      expectedRows += s.creditCosts + s.roles + s.configs + s.users + s.profiles + s.hierarchy + s.auditLogs;
    }
    expect(first.rowsWritten).toBe(expectedRows);

    const grown = await withClient(stepwise, (c) => seedTenantsDataset(c, { tenants: 8 }));
    expect(grown.rowsWritten).toBeGreaterThan(0);
    expect(grown.rowsWritten).toBeLessThan(expectedRows);
    const reused = await withClient(stepwise, (c) => seedTenantsDataset(c, { tenants: 6, log: (m) => logs.push(m) }));
    expect(reused.rowsWritten).toBe(0);
    expect(logs.at(-1)).toMatch(/reusing/);
    const marker = await withClient(stepwise, (c) => c.query(`SELECT rows FROM heapgate_seeds WHERE key = 'tenants/v1'`));
    expect(marker.rows[0].rows).toBe(8);

    // Seeding 8 tenants at once gives exactly the same rows as 5 then 8.
    await withClient(atOnce, (c) => seedTenantsDataset(c, { tenants: 8 }));
    expect(await fingerprint(atOnce)).toEqual(await fingerprint(stepwise));
  });

  it('serves every cache key in seed 004 shapes, the same through every read path', async () => {
    await withClient(atOnce, (c) => seedTenantsDataset(c, { tenants: 8 }));
    const pool = new pg.Pool({ connectionString: atOnce.connectionString, max: 1 });
    try {
      const source = new TenantSource(pool);
      const credit = (await source.load(3, DATA_TYPES.indexOf('credit-costs'), undefined)) as Record<string, unknown>[];
      expect(credit).toHaveLength(tenantShape(3).creditCosts);
      expect(Object.keys(credit[0]!)).toEqual(['operationCode', 'cost', 'updatedAt']);
      const roles = (await source.load(3, DATA_TYPES.indexOf('roles'), undefined)) as { permissions: unknown }[];
      expect(Array.isArray(roles[0]!.permissions)).toBe(true);
      const profile = (await source.load(3, USER_PROFILE, 'user-1')) as Record<string, unknown>;
      expect(Object.keys(profile)).toEqual(['userId', 'email', 'name', 'department', 'role', 'avatar', 'preferences']);
      expect(typeof profile.preferences).toBe('object');
      expect(await source.load(3, USER_PROFILE, 'user-999')).toBeUndefined();
      const hierarchy = (await source.load(3, DATA_TYPES.indexOf('hierarchy'), undefined)) as { entityId: string; children: string[] }[];
      const root = hierarchy.find((e) => e.entityId === 'org-main')!;
      expect(root.children.length).toBeGreaterThan(0);

      const bundle = await source.loadTenant(3);
      expect(bundle['credit-costs']).toEqual(credit);
      expect((bundle['user-profile'] as unknown[])[0]).toEqual(profile);
      const texts = await source.loadTexts('credit-costs', [3, 4]);
      expect(texts.map((t) => t.tenantId).sort()).toEqual([3, 4]);
      expect(JSON.parse(texts.find((t) => t.tenantId === 3)!.text)).toEqual(credit);
      const profiles = await source.loadTexts('user-profile', [3]);
      expect(profiles).toHaveLength(tenantShape(3).profiles);
      expect(source.queries).toBe(8);
    } finally {
      await pool.end();
    }
  });
});

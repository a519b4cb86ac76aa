/**
 * `GET /tenants/:tenantId/:dataType` over real HTTP: values come from a real PostgreSQL L3
 * through the tiered cache — once per key into L1, and through a real Redis L2 to a second
 * service that never asks its own L3. Per-user data types need `?userId=`; the rest refuse it.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRedisUrl } from '../test-fixtures/test-endpoints.js';
import { createTestSchema, type TestSchema } from '../test-fixtures/test-schema.js';
import type { TenantLookupOptions, TenantValueKey } from './tenant-routes.js';
import { startTestService, type TestService } from './test-fixtures/test-service.js';

let db: TestSchema;
let pool: pg.Pool;
let admin: Redis;
const prefix = `heapgate:test:service:${randomBytes(4).toString('hex')}:`;
const services: TestService[] = [];

/** A loader over the test tables that counts its calls (L3 fetches). */
function countingLoader(): { load: TenantLookupOptions['load']; calls: TenantValueKey[] } {
  const calls: TenantValueKey[] = [];
  return {
    calls,
    load: async (key) => {
      calls.push(key);
      if (key.dataType === 'user-profile') {
        const { rows } = await pool.query<{ v: object }>(
          `SELECT json_build_object('userId', user_id, 'name', name) AS v FROM tenant_user_profiles WHERE tenant_id = $1 AND user_id = $2`,
          [key.tenantId, key.userId],
        );
        return rows[0]?.v;
      }
      const { rows } = await pool.query<{ configKey: string; value: string }>(
        `SELECT config_key AS "configKey", value FROM tenant_configs WHERE tenant_id = $1 ORDER BY config_key`,
        [key.tenantId],
      );
      return rows.length === 0 ? undefined : rows;
    },
  };
}

async function start(tenants: TenantLookupOptions): Promise<TestService> {
  const service = await startTestService({ pool, tenants });
  services.push(service);
  return service;
}

const DATA_TYPES = ['configs', 'user-profile'];

beforeAll(async () => {
  db = await createTestSchema('service_tenants');
  pool = db.pool({ max: 2 });
  await pool.query('CREATE TABLE tenant_configs (tenant_id integer, config_key text, value text, PRIMARY KEY (tenant_id, config_key))');
  await pool.query('CREATE TABLE tenant_user_profiles (tenant_id integer, user_id text, name text, PRIMARY KEY (tenant_id, user_id))');
  await pool.query(`INSERT INTO tenant_configs VALUES (1, 'theme', 'dark'), (1, 'locale', 'de-DE'), (2, 'theme', 'light')`);
  await pool.query(`INSERT INTO tenant_user_profiles VALUES (1, 'user-17', 'Zoë "Z" Ñandú')`);
  admin = new Redis(testRedisUrl());
});

afterAll(async () => {
  await Promise.allSettled(services.map((s) => s.close()));
  if (admin) {
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length > 0) await admin.del(...keys);
    await admin.quit();
  }
  await pool?.end();
  await db?.drop();
});

describe('GET /tenants/:tenantId/:dataType', () => {
  it('answers a tenant value from L3 once, then from L1', async () => {
    const loader = countingLoader();
    const service = await start({ dataTypes: DATA_TYPES, perUserDataTypes: ['user-profile'], load: loader.load });
    const expected = {
      tenantId: 1,
      dataType: 'configs',
      value: [
        { configKey: 'locale', value: 'de-DE' },
        { configKey: 'theme', value: 'dark' },
      ],
    };
    for (let i = 0; i < 3; i++) {
      const r = await service.get('/tenants/1/configs');
      expect(r.status).toBe(200);
      expect(r.json).toEqual(expected);
    }
    expect(loader.calls).toEqual([{ tenantId: 1, dataType: 'configs' }]);
    const profile = await service.get('/tenants/1/user-profile?userId=user-17');
    expect(profile.json).toEqual({
      tenantId: 1,
      dataType: 'user-profile',
      userId: 'user-17',
      value: { userId: 'user-17', name: 'Zoë "Z" Ñandú' },
    });
    expect(loader.calls.at(-1)).toEqual({ tenantId: 1, dataType: 'user-profile', userId: 'user-17' });
  });

  it('answers 404 for a key the source does not have, and keeps asking the source (nothing cached)', async () => {
    const loader = countingLoader();
    const service = await start({ dataTypes: DATA_TYPES, perUserDataTypes: ['user-profile'], load: loader.load });
    for (const path of ['/tenants/99/configs', '/tenants/99/configs', '/tenants/1/user-profile?userId=user-404']) {
      const r = await service.get(path);
      expect(r.status, path).toBe(404);
      expect(r.json, path).toMatchObject({ statusCode: 404, error: 'Not Found', code: 'HEAPGATE_SERVICE_NOT_FOUND' });
    }
    expect(loader.calls).toHaveLength(3);
  });

  it('validates tenant id, data type and userId with 400 and the error shape', async () => {
    const loader = countingLoader();
    const service = await start({ dataTypes: DATA_TYPES, perUserDataTypes: ['user-profile'], load: loader.load });
    for (const [path, mentions] of [
      ['/tenants/0/configs', 'params/tenantId'],
      ['/tenants/abc/configs', 'params/tenantId'],
      ['/tenants/1/audit-logs', 'params/dataType'],
      ['/tenants/1/user-profile', 'querystring/userId'],
      ['/tenants/1/configs?userId=user-17', 'querystring/userId'],
      ['/tenants/1/user-profile?userId=%20drop', 'querystring/userId'],
    ] as const) {
      const r = await service.get(path);
      expect(r.status, path).toBe(400);
      expect(r.json, path).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'HEAPGATE_SERVICE_INVALID_REQUEST' });
      expect((r.json as { message: string }).message, path).toContain(mentions);
    }
    expect(loader.calls).toEqual([]);
  });

  it('shares values through a Redis L2: a second service with a cold L1 never asks its own source', async () => {
    const first = countingLoader();
    const second = countingLoader();
    const cache = { redis: testRedisUrl(), keyPrefix: prefix };
    const a = await start({ dataTypes: DATA_TYPES, load: first.load, cache });
    const b = await start({ dataTypes: DATA_TYPES, load: second.load, cache });
    const fromA = await a.get('/tenants/2/configs');
    expect(fromA.status).toBe(200);
    expect(first.calls).toHaveLength(1);
    // The L2 write happens after A answered (readers never wait for it); wait until it landed.
    for (let i = 0; i < 200 && (await admin.exists(`${prefix}2:configs`)) === 0; i++) await sleep(25);
    expect(await admin.exists(`${prefix}2:configs`)).toBe(1);
    const fromB = await b.get('/tenants/2/configs');
    expect(fromB.json).toEqual(fromA.json);
    expect(second.calls).toEqual([]);
  });

  it('rejects bad tenant options with a TypeError naming the option', async () => {
    const { load } = countingLoader();
    await expect(startTestService({ pool, tenants: { dataTypes: [], load } })).rejects.toThrow(/tenants\.dataTypes/);
    await expect(startTestService({ pool, tenants: { dataTypes: ['a:b'], load } })).rejects.toThrow(/tenants\.dataTypes/);
    await expect(startTestService({ pool, tenants: { dataTypes: ['configs'], perUserDataTypes: ['roles'], load } })).rejects.toThrow(
      /tenants\.perUserDataTypes/,
    );
    await expect(startTestService({ pool, tenants: { dataTypes: ['configs'], load: 'sql' as never } })).rejects.toThrow(/tenants\.load/);
  });
});

import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPostgresUrl, testRedisUrl } from '../test-fixtures/test-endpoints.js';
import { AdmissionDoorkeeper } from './admission-doorkeeper.js';
import { TieredCache, tierHitRates } from './tiered-cache.js';

// L3 is a real PostgreSQL table, L2 the test run's real Redis.
const table = `tiered_cache_${randomUUID().replaceAll('-', '')}`;
let pool: pg.Pool;
let l3Calls = 0;

interface Item {
  id: string;
  name: string;
  tags: string[];
}

async function loadItem(key: string, delayMs = 0): Promise<Item | undefined> {
  l3Calls++;
  const { rows } = await pool.query<{ payload: Item }>(`SELECT payload, pg_sleep($2::float8 / 1000) FROM ${table} WHERE id = $1`, [
    key,
    delayMs,
  ]);
  return rows[0]?.payload;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

function newCache(prefix: string, extra: Partial<ConstructorParameters<typeof TieredCache<Item>>[0]> = {}) {
  return new TieredCache<Item>({ load: (k) => loadItem(k), redis: testRedisUrl(), keyPrefix: prefix, ...extra });
}

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: testPostgresUrl(), max: 4 });
  await pool.query(`CREATE TABLE ${table} (id text PRIMARY KEY, payload jsonb NOT NULL)`);
  await pool.query(
    `INSERT INTO ${table} SELECT 'k' || g, jsonb_build_object('id', 'k' || g, 'name', 'item ' || g, 'tags', jsonb_build_array('a', 'b'))
     FROM generate_series(0, 99) g`,
  );
});

afterAll(async () => {
  await pool.query(`DROP TABLE IF EXISTS ${table}`);
  await pool.end();
});

describe('TieredCache', () => {
  it('serves L1, then L2 (promoting to L1), then L3, and writes L3 results to L2 with a TTL', async () => {
    const prefix = `test:${randomUUID()}:`;
    const a = newCache(prefix);
    const b = newCache(prefix);
    try {
      expect(await a.whenL2Ready()).toBe(true);
      expect(await b.whenL2Ready()).toBe(true);
      expect(await a.get('k1')).toEqual({ id: 'k1', name: 'item 1', tags: ['a', 'b'] });
      expect(await a.get('k1')).toEqual({ id: 'k1', name: 'item 1', tags: ['a', 'b'] });
      expect(a.stats()).toMatchObject({ gets: 2, l1Hits: 1, l2Misses: 1, l3Fetches: 1 });
      await until(() => a.stats().l2Writes === 1, 'the background L2 write');

      const redis = new Redis(testRedisUrl());
      const ttlMs = await redis.pttl(`${prefix}k1`);
      redis.disconnect();
      expect(ttlMs).toBeGreaterThan(0);
      expect(ttlMs).toBeLessThanOrEqual(3_600_000);

      // b has a cold L1 and the same L2: an L2 hit, promoted into b's L1.
      expect(await b.get('k1')).toEqual({ id: 'k1', name: 'item 1', tags: ['a', 'b'] });
      expect(await b.get('k1')).toEqual({ id: 'k1', name: 'item 1', tags: ['a', 'b'] });
      expect(b.stats()).toMatchObject({ l2Hits: 1, l1Hits: 1, l3Fetches: 0 });
      expect(tierHitRates(b.stats())).toEqual({ l1: 0.5, l2: 0.5, combined: 1 });
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('100 concurrent misses for one key cause exactly one L3 fetch', async () => {
    const cache = new TieredCache<Item>({ load: (k) => loadItem(k, 50), redis: testRedisUrl(), keyPrefix: `test:${randomUUID()}:` });
    try {
      await cache.whenL2Ready();
      const callsBefore = l3Calls;
      const results = await Promise.all(Array.from({ length: 100 }, () => cache.get('k7')));
      expect(l3Calls - callsBefore).toBe(1);
      expect(cache.stats()).toMatchObject({ gets: 100, l3Fetches: 1, coalesced: 99 });
      expect(new Set(results).size).toBe(1);
      expect(results[0]).toEqual({ id: 'k7', name: 'item 7', tags: ['a', 'b'] });
    } finally {
      await cache.close();
    }
  });

  it('shares an L3 failure with every waiting caller, then tries again', async () => {
    let fail = true;
    const cache = new TieredCache<Item>({
      load: async (k) => {
        if (fail) {
          await pool.query('SELECT pg_sleep(0.02)');
          throw new Error('source down');
        }
        return loadItem(k);
      },
    });
    const settled = await Promise.allSettled(Array.from({ length: 10 }, () => cache.get('k3')));
    expect(settled.every((s) => s.status === 'rejected' && (s.reason as Error).message === 'source down')).toBe(true);
    expect(cache.stats().l3Fetches).toBe(1);
    fail = false;
    expect(await cache.get('k3')).toMatchObject({ id: 'k3' });
    expect(cache.stats().l3Fetches).toBe(2);
  });

  it('does not cache what the source does not have', async () => {
    const cache = newCache(`test:${randomUUID()}:`);
    try {
      await cache.whenL2Ready();
      expect(await cache.get('absent')).toBeUndefined();
      expect(await cache.get('absent')).toBeUndefined();
      expect(cache.stats()).toMatchObject({ l3Fetches: 2, l3Misses: 2, l2Writes: 0 });
    } finally {
      await cache.close();
    }
  });

  it('serves from L1 + L3 without errors when Redis cannot be reached at all', async () => {
    const cache = new TieredCache<Item>({ load: (k) => loadItem(k), redis: 'redis://127.0.0.1:1', keyPrefix: 'unused:' });
    try {
      for (let i = 0; i < 3; i++) expect(await cache.get(`k${i}`)).toMatchObject({ id: `k${i}` });
      expect(await cache.get('k0')).toMatchObject({ id: 'k0' });
      const s = cache.stats();
      expect(s).toMatchObject({ l1Hits: 1, l2Hits: 0, l3Fetches: 3 });
      expect(s.l2Skipped + s.l2Errors).toBeGreaterThanOrEqual(3);
      expect(cache.l2Available).toBe(false);
    } finally {
      await cache.close();
    }
  });

  it('delete removes a key from L1 and L2', async () => {
    const prefix = `test:${randomUUID()}:`;
    const cache = newCache(prefix);
    try {
      await cache.whenL2Ready();
      await cache.get('k5');
      await until(() => cache.stats().l2Writes === 1, 'the background L2 write');
      await cache.delete('k5');
      await cache.get('k5');
      expect(cache.stats()).toMatchObject({ l3Fetches: 2, l2Hits: 0 });
    } finally {
      await cache.close();
    }
  });

  it('a delete during an in-flight load keeps the old value out of L1 and L2, and later callers load anew', async () => {
    const prefix = `test:${randomUUID()}:`;
    const redis = new Redis(testRedisUrl());
    let version = 1;
    let release!: () => void;
    const cache = new TieredCache<{ v: number }>({
      redis: testRedisUrl(),
      keyPrefix: prefix,
      load: async () => {
        const v = version;
        await new Promise<void>((r) => (release = r));
        return { v };
      },
    });
    try {
      await cache.whenL2Ready();
      const before = cache.get('k'); // its load reads version 1, then waits
      await until(() => release !== undefined, 'the first load to start');
      const firstRelease = release;
      version = 2;
      await cache.delete('k');
      const after = cache.get('k'); // must not join the stale fill
      expect(after).not.toBe(before);
      firstRelease();
      await expect(before).resolves.toEqual({ v: 1 }); // asked before the invalidation
      await until(() => release !== firstRelease, 'the second load to start');
      release();
      await expect(after).resolves.toEqual({ v: 2 });
      expect(cache.l1.peek('k')).toEqual({ v: 2 });
      await until(() => cache.stats().l2Writes === 1, 'the L2 write of the fresh value');
      expect(JSON.parse((await redis.get(`${prefix}k`))!)).toEqual({ v: 2 });
      expect(cache.stats().l2Writes).toBe(1); // the stale fill wrote nothing
    } finally {
      await cache.close();
      await redis.del(`${prefix}k`);
      redis.disconnect();
    }
  });

  it('with l1Admission, copies a value into L1 only on its second miss', async () => {
    const cache = new TieredCache<Item>({ load: (k) => loadItem(k), l1Admission: new AdmissionDoorkeeper() });
    await cache.get('k8'); // first miss: served, not kept
    expect(cache.l1.has('k8')).toBe(false);
    await cache.get('k8'); // second miss: kept
    expect(cache.l1.has('k8')).toBe(true);
    await cache.get('k8');
    expect(cache.stats()).toMatchObject({ l3Fetches: 2, l1Hits: 1, l1NotAdmitted: 1 });
  });

  it('validates options', () => {
    expect(() => new TieredCache({ load: undefined as never })).toThrow(/load/);
    expect(() => new TieredCache({ load: async () => 1, l2TtlMs: 0 })).toThrow(/l2TtlMs/);
  });
});

import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTcpOutageProxy, type TcpOutageProxy } from '../test-fixtures/tcp-outage-proxy.js';
import { testPostgresUrl, testRedisUrl } from '../test-fixtures/test-endpoints.js';
import { TieredCache } from './tiered-cache.js';

// The outage happens in a TCP proxy between the cache and the shared test Redis: cutting it
// drops every connection and refuses every reconnect, as a dead redis-server does, without
// stopping the Redis other test files use; restoring it listens again on the same port.
const table = `tiered_outage_${randomUUID().replaceAll('-', '')}`;
const KEYS = Array.from({ length: 40 }, (_, i) => `k${i}`);
let pool: pg.Pool;
let proxy: TcpOutageProxy;
/** The test Redis's URL (password included), pointing at the proxy. */
let proxiedUrl: string;

beforeAll(async () => {
  const redis = new URL(testRedisUrl());
  proxy = await startTcpOutageProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
  redis.hostname = proxy.host;
  redis.port = String(proxy.port);
  proxiedUrl = redis.toString();
  pool = new pg.Pool({ connectionString: testPostgresUrl(), max: 2 });
  await pool.query(`CREATE TABLE ${table} (id text PRIMARY KEY, payload jsonb NOT NULL)`);
  await pool.query(`INSERT INTO ${table} SELECT 'k' || g, jsonb_build_object('id', 'k' || g, 'n', g) FROM generate_series(0, 39) g`);
});

afterAll(async () => {
  await proxy?.close();
  await pool.query(`DROP TABLE IF EXISTS ${table}`);
  await pool.end();
});

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

describe('TieredCache during a Redis outage', () => {
  it('callers see no error while Redis is unreachable, L3 takes the load, and L2 hits resume when it is back', async () => {
    const cache = new TieredCache<{ id: string; n: number }>({
      load: async (key) => (await pool.query(`SELECT payload FROM ${table} WHERE id = $1`, [key])).rows[0]?.payload,
      redis: proxiedUrl,
      // The Redis is shared: keys of its own.
      keyPrefix: `test:outage:${randomUUID()}:`,
      // A tiny L1, so most lookups reach L2.
      l1MaxEntries: 5,
    });
    // The workload runs without pause from before the outage until after recovery; every
    // result is checked and every rejection collected.
    const errors: unknown[] = [];
    let wrong = 0;
    let passes = 0;
    let running = true;
    const workload = (async () => {
      while (running) {
        for (const k of KEYS) {
          try {
            if ((await cache.get(k))?.id !== k) wrong++;
          } catch (err) {
            errors.push(err);
          }
        }
        passes++;
      }
    })();
    const afterPasses = async (n: number) => {
      const target = passes + n;
      await until(() => passes >= target, `${n} more workload passes`);
    };
    try {
      expect(await cache.whenL2Ready()).toBe(true);
      await afterPasses(3);
      const up = cache.stats();
      expect(up.l2Hits).toBeGreaterThan(0);

      await proxy.cut(); // mid-run: the workload keeps going
      await afterPasses(3);
      const down = cache.stats();
      expect(down.l2Outages).toBeGreaterThanOrEqual(1);
      expect(down.l2Skipped + down.l2Errors).toBeGreaterThan(0);
      // Without L2, every L1 miss goes to the source.
      expect(down.l3Fetches - up.l3Fetches).toBeGreaterThanOrEqual(2 * (KEYS.length - 5));

      await proxy.restore(); // same port: the cache's client reconnects on its own
      expect(await cache.whenL2Ready(10_000)).toBe(true);
      const recovered = cache.stats();
      await afterPasses(3);
      const back = cache.stats();
      // Redis kept what was written before the outage: L1 misses hit L2 again, and L3 no
      // longer sees every one of them (during the outage it saw each, pass after pass).
      expect(back.l2Hits - recovered.l2Hits).toBeGreaterThanOrEqual(KEYS.length - 5);
      expect(back.l3Fetches - recovered.l3Fetches).toBeLessThan(KEYS.length - 5);
    } finally {
      running = false;
      await workload;
      await cache.close();
    }
    expect(errors).toEqual([]);
    expect(wrong).toBe(0);
  });
});

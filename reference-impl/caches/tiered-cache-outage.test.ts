import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis } from '../../harness/services/redis-provider.js';
import type { ServiceHandle } from '../../harness/services/service-handle.js';
import type { RedisEndpoint } from '../../harness/scenario/types.js';
import { testPostgresUrl } from '../../harness/testing/services.js';
import { TieredCache } from './tiered-cache.js';

// This test owns its Redis (a redis-server binary it stops and restarts on the same port), so
// it cannot disturb the shared test Redis other files use.
const table = `tiered_outage_${randomUUID().replaceAll('-', '')}`;
const KEYS = Array.from({ length: 40 }, (_, i) => `k${i}`);
let pool: pg.Pool;
const redisHandles: ServiceHandle<RedisEndpoint>[] = [];

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: testPostgresUrl(), max: 2 });
  await pool.query(`CREATE TABLE ${table} (id text PRIMARY KEY, payload jsonb NOT NULL)`);
  await pool.query(`INSERT INTO ${table} SELECT 'k' || g, jsonb_build_object('id', 'k' || g, 'n', g) FROM generate_series(0, 39) g`);
});

afterAll(async () => {
  await Promise.all(redisHandles.map((h) => h.stop()));
  await pool.query(`DROP TABLE IF EXISTS ${table}`);
  await pool.end();
});

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

describe('TieredCache during a Redis outage', () => {
  it('callers see no error while Redis is down, L3 takes the load, and L2 hits resume after a restart', async () => {
    const local = { HEAPGATE_SERVICES: 'local' } as NodeJS.ProcessEnv;
    const first = await startRedis({ env: local, dockerAvailable: async () => false });
    redisHandles.push(first);
    const url = new URL(first.endpoint.url);
    const cache = new TieredCache<{ id: string; n: number }>({
      load: async (key) => (await pool.query(`SELECT payload FROM ${table} WHERE id = $1`, [key])).rows[0]?.payload,
      redis: first.endpoint.url,
      // A tiny L1, so most lookups reach L2.
      l1MaxEntries: 5,
    });
    // The workload runs without pause from before the outage until after the restart; every
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

      await first.stop(); // mid-run: the workload keeps going
      await afterPasses(3);
      const down = cache.stats();
      expect(down.l2Outages).toBeGreaterThanOrEqual(1);
      expect(down.l2Skipped + down.l2Errors).toBeGreaterThan(0);
      // Without L2, every L1 miss goes to the source.
      expect(down.l3Fetches - up.l3Fetches).toBeGreaterThanOrEqual(2 * (KEYS.length - 5));

      const second = await startRedis({ env: local, dockerAvailable: async () => false, port: Number(url.port), password: url.password });
      redisHandles.push(second);
      expect(await cache.whenL2Ready(10_000)).toBe(true);
      const restarted = cache.stats();
      await afterPasses(3);
      const back = cache.stats();
      // The restarted Redis starts empty: one pass refills it from L3, later passes hit it.
      expect(back.l2Hits - restarted.l2Hits).toBeGreaterThanOrEqual(KEYS.length - 5);
    } finally {
      running = false;
      await workload;
      await cache.close();
    }
    expect(errors).toEqual([]);
    expect(wrong).toBe(0);
  });
});

/**
 * Vitest global setup: one real PostgreSQL and one real Redis for the whole test run, started
 * through the project's own providers (embedded PostgreSQL and a `redis-server` binary by
 * default; `PG_URL` / `REDIS_URL` or Docker when present). Tests read `HEAPGATE_TEST_PG_URL` and
 * `HEAPGATE_TEST_REDIS_URL`. Both are stopped (and their temp dirs removed) when the run ends.
 */
import { startPostgres } from '../services/postgres-provider.js';
import { startRedis } from '../services/redis-provider.js';
import type { ServiceHandle } from '../services/service-handle.js';

const handles: ServiceHandle<unknown>[] = [];

export async function setup(): Promise<void> {
  const log = (m: string) => process.stderr.write(`[test services] ${m}\n`);
  const [postgres, redis] = await Promise.allSettled([startPostgres({ log }), startRedis({ log })]);
  for (const s of [postgres, redis]) if (s.status === 'fulfilled') handles.push(s.value);
  if (postgres.status === 'rejected' || redis.status === 'rejected') {
    await teardown();
    throw postgres.status === 'rejected' ? postgres.reason : (redis as PromiseRejectedResult).reason;
  }
  process.env.HEAPGATE_TEST_PG_URL = postgres.value.endpoint.connectionString;
  process.env.HEAPGATE_TEST_REDIS_URL = redis.value.endpoint.url;
}

export async function teardown(): Promise<void> {
  await Promise.allSettled(handles.splice(0).map((h) => h.stop()));
}

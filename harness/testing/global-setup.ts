/**
 * Vitest global setup: one real PostgreSQL, one real Redis and one real S3-compatible store for
 * the whole test run, started through the project's own providers (embedded PostgreSQL, a
 * `redis-server` binary and the in-process S3 server by default; `PG_URL` / `REDIS_URL` /
 * `S3_ENDPOINT` or Docker when present). Tests read their endpoints from the environment:
 * `HEAPGATE_TEST_PG_URL`, `HEAPGATE_TEST_REDIS_URL` and `HEAPGATE_TEST_S3` (the S3 endpoint as
 * JSON). All three are stopped (and their temp dirs removed) when the run ends.
 *
 * Tests of `reference-impl/` read these variables through `reference-impl/test-fixtures/`, so
 * they import nothing from the harness.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPostgres } from '../services/postgres-provider.js';
import { startRedis } from '../services/redis-provider.js';
import { startS3 } from '../services/s3-provider.js';
import type { ServiceHandle } from '../services/service-handle.js';

const handles: ServiceHandle<unknown>[] = [];
let cacheDir: string | undefined;

export async function setup(): Promise<void> {
  // The CLI keeps the embedded PostgreSQL's data in the user's cache directory; tests that run
  // it get a cache of their own (traversable as root, where the server runs as `postgres`),
  // removed with the run, and never see or change the user's.
  cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-test-cache-'));
  if (process.getuid?.() === 0) fs.chmodSync(cacheDir, 0o711);
  process.env.HEAPGATE_CACHE_DIR = cacheDir;
  const log = (m: string) => process.stderr.write(`[test services] ${m}\n`);
  const started = await Promise.allSettled([startPostgres({ log }), startRedis({ log }), startS3({ log })]);
  for (const s of started) if (s.status === 'fulfilled') handles.push(s.value);
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await teardown();
    throw failed.reason;
  }
  const [postgres, redis, s3] = handles as [
    ServiceHandle<{ connectionString: string }>,
    ServiceHandle<{ url: string }>,
    ServiceHandle<object>,
  ];
  process.env.HEAPGATE_TEST_PG_URL = postgres.endpoint.connectionString;
  process.env.HEAPGATE_TEST_REDIS_URL = redis.endpoint.url;
  process.env.HEAPGATE_TEST_S3 = JSON.stringify(s3.endpoint);
}

export async function teardown(): Promise<void> {
  await Promise.allSettled(handles.splice(0).map((h) => h.stop()));
  if (cacheDir) fs.rmSync(cacheDir, { recursive: true, force: true, maxRetries: 3 });
}

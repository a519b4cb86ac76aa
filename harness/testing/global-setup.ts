/**
 * Vitest global setup: one real PostgreSQL for the whole test run, started through the
 * project's own provider (embedded by default; `PG_URL` or Docker when present). Tests read
 * `HEAPGATE_TEST_PG_URL`. Stopped (and its temp dir removed) when the run ends.
 */
import { startPostgres } from '../services/postgres-provider.js';
import type { ServiceHandle } from '../services/service-handle.js';

const handles: ServiceHandle<unknown>[] = [];

export async function setup(): Promise<void> {
  const postgres = await startPostgres({ log: (m) => process.stderr.write(`[test services] ${m}\n`) });
  handles.push(postgres);
  process.env.HEAPGATE_TEST_PG_URL = postgres.endpoint.connectionString;
}

export async function teardown(): Promise<void> {
  await Promise.allSettled(handles.map((h) => h.stop()));
}

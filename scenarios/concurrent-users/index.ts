/**
 * Scenario `concurrent-users` (seed 001 "Performance Characteristics", 10 concurrent users):
 * the reference HTTP service under N users at once, each user's connection asking for their own
 * suggestions a fixed number of times. `--records` is the number of concurrent users; each has
 * 1,318 contacts (seed 001's figure).
 *
 * The service runs inside the measured child (started in `setup`, unmeasured), so heapgate's
 * probe measures the *server's* heap, gap-free; the load comes from a separate process
 * (`runLoad`: autocannon, or k6 with `--load k6` and `load.k6.ts`), so none of the load
 * generator's allocations count.
 *
 * - `before`: the naive twin: `SELECT *` of every contact per request, ranked in memory
 *   (seed 001 §6 "Before").
 * - `after`: seed 001 §4 per request: minimal projection in batches of 100, the memory breaker
 *   checked per batch, early stop at 50 due contacts, and a bounded per-user answer cache.
 * - `after-full-scan`: the same, ranking every contact (answers equal `before`'s), cache off:
 *   the cost of a full streamed pass per request under concurrency.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import {
  defineScenario,
  LOAD_COUNTER_DEFINITIONS,
  type RunContext,
  runLoad,
  type SeedContext,
  type SeedResult,
  type VariantDefinition,
} from 'heapgate';
import type { FastifyInstance } from 'fastify';
import { createReferenceService, type ReferenceServiceOptions } from '../../reference-impl/service/create-reference-service.js';
import { CONTACTS_DATASET_VERSION } from '../datasets/contacts-dataset-version.js';

const MIB = 1024 * 1024;
const SEED_TABLE = 'seed 001 "Performance Characteristics" › Peak memory (10 concurrent users)';
const SEED_TIME_TABLE = 'seed 001 "Performance Characteristics" › Processing Time Impact';

/** Contacts per user: seed 001's figure (and the `suggestions` scenario's default). */
export const CONTACTS_PER_USER = 1318;
/** Suggestion requests each user's connection sends. */
export const REQUESTS_PER_USER = 10;
/**
 * The service's PostgreSQL pool. A streamed request holds a connection for its whole pass; more
 * users than this wait for a connection (bounded concurrency is part of the `after` design). Well
 * under PostgreSQL's default `max_connections` (100).
 */
const POOL_MAX = 20;

/** What the seeder hands the variants. */
interface UsersDataset {
  readonly [key: string]: string[] | number;
  readonly userIds: string[];
  readonly referenceTimeMs: number;
}

interface ServiceState {
  readonly pool: pg.Pool;
  readonly app: FastifyInstance;
  readonly url: string;
}

/**
 * The k6 form of this load (`--load k6`). k6 runs TypeScript itself, so the script is never
 * compiled: beside this module when it runs from source, under `scenarios/` when from `dist/`.
 */
function k6Script(): string {
  const candidates = ['./load.k6.ts', '../../../scenarios/concurrent-users/load.k6.ts'].map((p) =>
    fileURLToPath(new URL(p, import.meta.url)),
  );
  return candidates.find((p) => fs.existsSync(p)) ?? candidates[0]!;
}

function datasetOf(ctx: RunContext): UsersDataset {
  const d = ctx.dataset as UsersDataset | null;
  if (!d || !Array.isArray(d.userIds) || typeof d.referenceTimeMs !== 'number') {
    throw new Error('concurrent-users: ctx.dataset is not a users data set (did seed() run?)');
  }
  return d;
}

function serviceVariant(summary: string, options: Omit<ReferenceServiceOptions, 'pool' | 'clock'>): VariantDefinition<ServiceState> {
  return {
    summary,
    async setup(ctx) {
      const postgres = ctx.services.postgres;
      if (!postgres) throw new Error('concurrent-users: needs the postgres service');
      const { referenceTimeMs, userIds } = datasetOf(ctx);
      const pool = new pg.Pool({ connectionString: postgres.connectionString, max: Math.min(POOL_MAX, userIds.length) });
      await pool.query('SELECT 1');
      const app = await createReferenceService({ ...options, pool, clock: () => referenceTimeMs });
      const url = await app.listen({ host: '127.0.0.1', port: 0 });
      return { pool, app, url };
    },
    async run(ctx, { url }) {
      const { userIds } = datasetOf(ctx);
      const load = await runLoad(
        url,
        {
          connections: userIds.length,
          requestsPerConnection: REQUESTS_PER_USER,
          // One connection per user, each asking for their own suggestions.
          connectionRequests: userIds.map((id) => [{ path: `/users/${encodeURIComponent(id)}/suggestions` }]),
          // A naive request at 100 users waits behind many others; it must not count as lost.
          requestTimeoutMs: 120_000,
        },
        { k6: { script: k6Script() } },
      );
      return { ...load.counters, users: userIds.length };
    },
    async teardown(_ctx, { app, pool }) {
      await app.close();
      await pool.end();
    },
  };
}

export default defineScenario({
  name: 'concurrent-users',
  summary: 'The reference service under N concurrent users generating their suggestions; memory measured in the server (seed 001)',
  source: 'seed 001 "Performance Characteristics" (concurrent users); §4 streaming, §5 caches, §6 "Before"',
  defaultRecords: 10,
  sweep: [1, 10, 100],
  services: ['postgres'],
  // Its seeder writes only contacts rows, fixed by the record count: recorded once seeded.
  datasetVersion: CONTACTS_DATASET_VERSION,
  async seed(ctx: SeedContext): Promise<SeedResult> {
    // Imported here, not at the top: the measured child imports this module and must not load
    // faker and the generator it never uses.
    const { seedContactsDataset, vacuumContactsTables, CONTACTS_REFERENCE_TIME_MS } = await import('../datasets/contacts-dataset.js');
    const postgres = ctx.services.postgres;
    if (!postgres) throw new Error('concurrent-users: needs the postgres service');
    const client = new pg.Client({ connectionString: postgres.connectionString });
    await client.connect();
    try {
      const userIds: string[] = [];
      let rowsWritten = 0;
      let bytesWritten = 0;
      for (let user = 0; user < ctx.records; user++) {
        const seeded = await seedContactsDataset(client, { records: CONTACTS_PER_USER, user, vacuum: false });
        userIds.push(seeded.dataset.userId);
        rowsWritten += seeded.rowsWritten;
        bytesWritten += seeded.bytesWritten ?? 0;
        if ((user + 1) % 10 === 0 || user + 1 === ctx.records) ctx.log(`concurrent-users: ${user + 1} of ${ctx.records} users seeded`);
      }
      if (rowsWritten > 0) await vacuumContactsTables(client);
      return { rowsWritten, bytesWritten, dataset: { userIds, referenceTimeMs: CONTACTS_REFERENCE_TIME_MS } };
    } finally {
      await client.end();
    }
  },
  variants: {
    before: serviceVariant('Naive twin per request: SELECT * of every contact, ranked in memory (seed 001 §6 "Before")', {
      suggestions: 'naive',
    }),
    after: serviceVariant(
      'Streamed per request: batches of 100, breaker per batch, early stop at 50, bounded per-user cache (seed 001 §4–5)',
      { suggestions: 'streaming', suggestionScan: 'early-stop' },
    ),
    'after-full-scan': serviceVariant('The streamed pipeline ranking every contact per request, no answer cache: a full pass under load', {
      suggestions: 'streaming',
      suggestionScan: 'full',
      suggestionCache: false,
    }),
  },
  targets: [
    {
      variant: 'before',
      records: 10,
      metric: 'heapDeltaBytes',
      min: 600 * MIB,
      max: 1200 * MIB,
      source: `${SEED_TABLE}: 600 MB–1.2 GB before`,
    },
    // Only the ceiling is a promise: less memory is no failure.
    { variant: 'after', records: 10, metric: 'heapDeltaBytes', max: 250 * MIB, source: `${SEED_TABLE}: 150–250 MB after` },
    // "Max concurrent users ~10 → 100+": at 100 users every request is answered.
    { variant: 'after', records: 100, metric: 'counters.errors', max: 0, source: 'seed 001: max concurrent users ~10 before → 100+ after' },
    { variant: 'after', records: 100, metric: 'counters.non2xx', max: 0, source: 'seed 001: max concurrent users ~10 before → 100+ after' },
    // Informational: the seed states generation times without a load; p50 latency is the closest figure.
    { variant: 'before', records: 10, metric: 'counters.latencyP50Ms', max: 10_000, source: `${SEED_TIME_TABLE}: 8–10 s before` },
    { variant: 'after', records: 10, metric: 'counters.latencyP50Ms', max: 12_000, source: `${SEED_TIME_TABLE}: 9–12 s after` },
  ],
  budgets: [
    {
      variant: 'after',
      records: 10,
      thresholds: { heapDeltaBytes: '<250MB', 'counters.errors': '<1', 'counters.non2xx': '<1' },
      suites: ['ci'],
    },
  ],
  counters: {
    ...LOAD_COUNTER_DEFINITIONS,
    users: { label: 'users', unit: 'count' },
  },
});

/**
 * Scenario `suggestions` (seed 001 §4, "Performance Characteristics"): suggestion generation
 * for one user's contacts, the naive load-everything path against the streaming one.
 *
 * - `before`: seed 001 §6 "Before": `SELECT *` of every contact, ranked in memory.
 * - `after`: seed 001 §4: minimal projection, batches of 100, breaker check per batch, early
 *   stop once 50 due contacts were seen (reads one or two batches whatever the total).
 * - `after-full-scan`: the same pipeline ranking *every* contact in a bounded top-50, so early
 *   stop cannot hide what a full pass costs; its result equals `before`'s.
 *
 * Seed 001 §4 also forces a GC between batches (`if (global.gc) global.gc()`). The variants do
 * not: measured children run with --expose-gc, so it would run a full mark-compact per batch,
 * hide the allocation peaks heapDeltaBytes exists to show, and cost seconds at 100k contacts.
 */
import pg from 'pg';
import { StreamingContactRepository } from '../../reference-impl/contacts/streaming-contact-repository.js';
import { MemoryCircuitBreaker } from '../../reference-impl/memory/memory-circuit-breaker.js';
import { MemoryMonitor } from '../../reference-impl/memory/memory-monitor.js';
import { freeTimeSlots } from '../../reference-impl/suggestions/free-time-slots.js';
import { generateSuggestionsNaive } from '../../reference-impl/suggestions/generate-suggestions-naive.js';
import { generateSuggestionsStreaming } from '../../reference-impl/suggestions/generate-suggestions-streaming.js';
import { defineScenario, type JsonValue, type RunContext, type SeedContext, type SeedResult, type VariantDefinition } from 'heapgate';
import type { ContactsDataset } from '../datasets/contacts-dataset.js';
import { CONTACTS_DATASET_VERSION } from '../datasets/contacts-dataset-version.js';

const MIB = 1024 * 1024;
const SEED_TABLE = 'seed 001 "Performance Characteristics" › Memory Usage Comparison';
const SEED_TIME_TABLE = 'seed 001 "Performance Characteristics" › Processing Time Impact';

/**
 * Pagination per variant. Seed 001 §3 names pg-cursor for users with more than 1,000
 * contacts: right for a full pass, because PostgreSQL plans a protocol-level portal for its
 * whole result (measured at 10k contacts: a bitmap scan plus sort that computes every row's
 * group ids before returning the first). Early stop reads one or two pages, and a keyset page
 * (`LIMIT 100`) is planned for exactly that: an index range scan.
 */
const STRATEGY = { earlyStop: 'keyset', fullScan: 'cursor' } as const;

interface PoolState {
  readonly pool: pg.Pool;
}

interface StreamingState extends PoolState {
  readonly repository: StreamingContactRepository;
}

function datasetOf(ctx: RunContext): ContactsDataset {
  const d = ctx.dataset as { [key: string]: JsonValue } | null;
  if (!d || typeof d.userId !== 'string' || typeof d.referenceTimeMs !== 'number') {
    throw new Error('suggestions: ctx.dataset is not a contacts data set (did seed() run?)');
  }
  return d as ContactsDataset;
}

/** Unmeasured: one pooled connection, opened and used once, so `run` measures the work only. */
async function openPool(ctx: RunContext): Promise<pg.Pool> {
  const postgres = ctx.services.postgres;
  if (!postgres) throw new Error('suggestions: needs the postgres service');
  const pool = new pg.Pool({ connectionString: postgres.connectionString, max: 1 });
  await pool.query('SELECT 1');
  return pool;
}

const silent = () => {};

function streamingVariant(summary: string, stopEarly: boolean): VariantDefinition<StreamingState> {
  return {
    summary,
    async setup(ctx) {
      const pool = await openPool(ctx);
      const strategy = stopEarly ? STRATEGY.earlyStop : STRATEGY.fullScan;
      return { pool, repository: new StreamingContactRepository({ pool, strategy }) };
    },
    async run(ctx, { repository }) {
      const { userId, referenceTimeMs } = datasetOf(ctx);
      // Created per job, as seed 001 §4 does. The monitor's per-batch lines go nowhere: the
      // measured process must not print (stdout may carry --json results).
      const breaker = new MemoryCircuitBreaker();
      const monitor = new MemoryMonitor({ logger: silent, enableAlerts: false });
      const result = await generateSuggestionsStreaming(repository, userId, {
        nowMs: referenceTimeMs,
        slots: freeTimeSlots(referenceTimeMs),
        maxSuggestions: 50,
        batchSize: 100,
        stopEarly,
        breaker,
        monitor,
      });
      return { rowsRead: result.rowsRead, suggestions: result.suggestions.length, batches: result.batches };
    },
    async teardown(_ctx, { pool }) {
      await pool.end();
    },
  };
}

const before: VariantDefinition<PoolState> = {
  summary: 'SELECT * of every contact into one array, scored and sorted in memory (seed 001 §6 "Before")',
  async setup(ctx) {
    return { pool: await openPool(ctx) };
  },
  async run(ctx, { pool }) {
    const { userId, referenceTimeMs } = datasetOf(ctx);
    const result = await generateSuggestionsNaive(pool, userId, {
      nowMs: referenceTimeMs,
      slots: freeTimeSlots(referenceTimeMs),
      maxSuggestions: 50,
    });
    return {
      rowsRead: result.rowsRead,
      suggestions: result.suggestions.length,
      batches: result.batches,
      rowsLoaded: result.rowsLoaded,
    };
  },
  async teardown(_ctx, { pool }) {
    await pool.end();
  },
};

export default defineScenario({
  name: 'suggestions',
  summary: 'Suggestion generation for one user: load-all vs streamed minimal batches (seed 001 §4)',
  source: 'seed 001 §4 Memory-Efficient Suggestion Generation; §6 Database Query Optimization',
  defaultRecords: 1318,
  sweep: [1318, 10_000, 100_000],
  services: ['postgres'],
  // Its seeder writes only contacts rows, fixed by the record count: recorded once seeded.
  datasetVersion: CONTACTS_DATASET_VERSION,
  async seed(ctx: SeedContext): Promise<SeedResult> {
    // Imported here, not at the top: the measured child imports this module and must not
    // load faker and the generator it never uses.
    const { seedContactsDataset } = await import('../datasets/contacts-dataset.js');
    const postgres = ctx.services.postgres;
    if (!postgres) throw new Error('suggestions: needs the postgres service');
    const client = new pg.Client({ connectionString: postgres.connectionString });
    await client.connect();
    try {
      return await seedContactsDataset(client, { records: ctx.records, log: (m) => ctx.log(m) });
    } finally {
      await client.end();
    }
  },
  variants: {
    before,
    after: streamingVariant(
      'Minimal projection in keyset batches of 100, breaker check per batch, early stop at 50 due contacts (seed 001 §4)',
      true,
    ),
    'after-full-scan': streamingVariant(
      'The §4 pipeline through pg-cursor, ranking every contact in a bounded top-50: the cost of a full streamed pass',
      false,
    ),
  },
  targets: [
    {
      variant: 'before',
      records: 1318,
      metric: 'heapDeltaBytes',
      min: 60 * MIB,
      max: 120 * MIB,
      source: `${SEED_TABLE}: 60–120 MB before`,
    },
    // The seed documents 15–25 MB; only the ceiling is a promise (less memory is no failure).
    { variant: 'after', records: 1318, metric: 'heapDeltaBytes', max: 25 * MIB, source: `${SEED_TABLE}: 15–25 MB after` },
    // Informational: the seed states durations without a contact count; 1,318 is its context.
    { variant: 'before', records: 1318, metric: 'durationMs', max: 10_000, source: `${SEED_TIME_TABLE}: 8–10 s before` },
    { variant: 'after', records: 1318, metric: 'durationMs', max: 12_000, source: `${SEED_TIME_TABLE}: 9–12 s after` },
  ],
  budgets: [
    // Streaming must be O(1) in the contact count, full pass included.
    { variant: 'after-full-scan', thresholds: { heapDeltaBytes: '<8MB', liveHeapDeltaBytes: '<2MB' }, growth: 'constant', suites: ['ci'] },
    { variant: 'after', thresholds: { heapDeltaBytes: '<25MB' }, suites: ['ci'] },
    // The naive path holds every row at once: its live heap grows with the contact count, but no
    // faster (a superlinear fit would mean a quadratic step crept in). Its own suite keeps the
    // 100,000-contact before runs out of the ci gate's time.
    { variant: 'before', growth: 'linear', suites: ['sweep'] },
  ],
  counters: {
    rowsRead: { label: 'rows read', unit: 'count', key: true },
    suggestions: { label: 'suggestions', unit: 'count', key: true },
    batches: { label: 'batches', unit: 'count' },
    rowsLoaded: { label: 'rows held at once', unit: 'count' },
  },
});

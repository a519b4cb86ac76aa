/**
 * Scenario `upsert-pool` (seed 002, "Memory Optimization Strategy"): a tee-time sync over
 * `records` (course, date) combinations, fetched from a loopback tee-time API (a fixture in
 * the parent process, 2 ms per request) and upserted into PostgreSQL.
 *
 * - `before`: seed 002's "Problem": every combination's tee times in one array, one upsert at
 *   the end (`syncTeeTimesNaive`).
 * - `after`: seed 002's solution: 10 workers, a shared buffer flushed every 100 combinations
 *   (`UPSERT_BATCH_SIZE`), workers waiting while a flush runs (`syncTeeTimes`).
 * - `after-seed-gc`: `after` plus seed 002's forced GC after every flush (`gc.collect()`;
 *   `global.gc` here, the measured child runs with --expose-gc): one heap drop per batch in
 *   the timeline, at the cost of a full collection per batch.
 *
 * Every variant starts from an empty table (setup truncates it, unmeasured), so each run inserts
 * the same rows; a warm-up sync of one combination outside the data set compiles the path first.
 */
import pg from 'pg';
import { assertUpsertPoolComplete } from '../../reference-impl/upsert/batched-upsert-pool.js';
import { syncTeeTimes } from '../../reference-impl/upsert/sync-tee-times.js';
import { syncTeeTimesNaive } from '../../reference-impl/upsert/sync-tee-times-naive.js';
import { teeTimeTasks } from '../../reference-impl/upsert/tee-time-generator.js';
import { teeTimesTableIdentifier } from '../../reference-impl/upsert/tee-times-schema.js';
import {
  type Counters,
  defineScenario,
  type FixtureContext,
  type Fixtures,
  type JsonValue,
  type RunContext,
  type SeedContext,
  type SeedResult,
  type VariantDefinition,
} from 'heapgate';
import { withPostgresClient } from '../datasets/with-postgres-client.js';

const MIB = 1024 * 1024;
const SEED = 'seed 002 "Memory Optimization Strategy"';
const ISSUE = 'issue 13 acceptance';
/** Seed 002 defaults. */
const WORKERS = 10;
const BATCH_SIZE = 100;
/** Latency of the fake API per request, ms: a remote API's round trip, kept short so 100,000 combinations fit a run. */
const API_LATENCY_MS = 2;
const TABLE = 'upsert_pool_tee_times';
/** A course id outside every data set (courses are numbered from 1), for the unmeasured warm-up. */
const WARM_UP_COURSE = 900_000_000;

interface State {
  readonly db: pg.Pool;
  readonly apiUrl: string;
  readonly table: string;
}

function apiUrlOf(ctx: RunContext): string {
  const f = ctx.fixtures as { apiUrl?: JsonValue } | null;
  if (!f || typeof f.apiUrl !== 'string') throw new Error('upsert-pool: ctx.fixtures has no apiUrl (did fixtures() run?)');
  return f.apiUrl;
}

function tableOf(ctx: { dataset: JsonValue }): string {
  const d = ctx.dataset as { table?: JsonValue } | null;
  if (!d || typeof d.table !== 'string') throw new Error('upsert-pool: ctx.dataset names no table (did seed() run?)');
  return d.table;
}

/** Unmeasured: a pool, an empty table, and one warm-up combination written and deleted. */
async function setup(ctx: RunContext): Promise<State> {
  const postgres = ctx.services.postgres;
  if (!postgres) throw new Error('upsert-pool: needs the postgres service');
  const db = new pg.Pool({ connectionString: postgres.connectionString, max: 2 });
  const table = tableOf(ctx);
  const apiUrl = apiUrlOf(ctx);
  const t = teeTimesTableIdentifier(table);
  await db.query(`TRUNCATE ${t}`);
  const warmUp = [{ courseId: WARM_UP_COURSE, playDate: '2027-01-01' }];
  assertUpsertPoolComplete(await syncTeeTimes({ db, apiUrl, table, tasks: warmUp, batchSize: 1 }));
  await syncTeeTimesNaive({ db, apiUrl, table, tasks: warmUp });
  await db.query(`DELETE FROM ${t} WHERE course_id = $1`, [WARM_UP_COURSE]);
  return { db, apiUrl, table };
}

async function teardown(_ctx: RunContext, { db }: State): Promise<void> {
  await db.end();
}

function pooledVariant(summary: string, forceGcAfterFlush: boolean): VariantDefinition<State> {
  return {
    summary,
    setup,
    async run(ctx, { db, apiUrl, table }): Promise<Counters> {
      const t0 = performance.now();
      const result = assertUpsertPoolComplete(
        await syncTeeTimes({
          db,
          apiUrl,
          table,
          tasks: teeTimeTasks(ctx.records),
          workers: WORKERS,
          batchSize: BATCH_SIZE,
          forceGcAfterFlush,
        }),
      );
      const seconds = (performance.now() - t0) / 1000;
      return {
        rowsUpserted: result.rowsUpserted,
        batches: result.batches,
        rowsPerSecond: result.rowsUpserted / seconds,
        peakBufferRows: result.peakBufferedResults,
        retries: result.retries,
      };
    },
    teardown,
  };
}

const before: VariantDefinition<State> = {
  summary: 'Every combination fetched into one array, one upsert at the end (seed 002 "Problem")',
  setup,
  async run(ctx, { db, apiUrl, table }): Promise<Counters> {
    const t0 = performance.now();
    const result = await syncTeeTimesNaive({ db, apiUrl, table, tasks: teeTimeTasks(ctx.records), workers: WORKERS });
    const seconds = (performance.now() - t0) / 1000;
    return {
      rowsUpserted: result.rowsUpserted,
      batches: 1,
      rowsPerSecond: result.rowsUpserted / seconds,
      // Every combination's result is held until the one upsert.
      peakBufferRows: ctx.records,
      retries: result.retries,
    };
  },
  teardown,
};

export default defineScenario({
  name: 'upsert-pool',
  summary: 'Tee-time sync: load everything then insert vs a 10-worker pool upserting batches of 100 (seed 002)',
  source: 'seed 002 Memory Optimization Strategy (batched upsert, concurrent workers)',
  defaultRecords: 10_000,
  sweep: [1_000, 10_000, 100_000],
  services: ['postgres'],
  async seed(ctx: SeedContext): Promise<SeedResult> {
    const { createTeeTimesTable } = await import('../../reference-impl/upsert/tee-times-schema.js');
    // Nothing to load: the source is the API fixture. The table starts empty in every run.
    await withPostgresClient(ctx.services, 'upsert-pool', (client) => createTeeTimesTable(client, TABLE));
    return { rowsWritten: 0, dataset: { table: TABLE } };
  },
  async fixtures(ctx: FixtureContext): Promise<Fixtures> {
    const { startTeeTimeApiServer } = await import('../../reference-impl/upsert/tee-time-api-server.js');
    const api = await startTeeTimeApiServer({ latencyMs: API_LATENCY_MS });
    ctx.log(`upsert-pool: tee-time API on ${api.url} (${API_LATENCY_MS} ms per request)`);
    return { values: { apiUrl: api.url }, stop: () => api.close() };
  },
  variants: {
    before,
    after: pooledVariant('10 workers, batches of 100 combinations, workers wait during a flush (seed 002 solution)', false),
    'after-seed-gc': pooledVariant('`after` plus a forced GC after every flush, as seed 002 does (gc.collect())', true),
  },
  targets: [
    { variant: 'after', metric: 'heapDeltaBytes', max: 512 * MIB, source: `${SEED} › Results: "Memory usage stays below 512MB"` },
    {
      variant: 'after',
      records: 10_000,
      metric: 'heapDeltaBytes',
      max: 64 * MIB,
      source: `${ISSUE}: after peak heap ≤ 64 MB at 10,000 combinations`,
    },
    {
      variant: 'after',
      metric: 'counters.peakBufferRows',
      max: BATCH_SIZE + WORKERS,
      source: `${ISSUE}: peakBufferRows ≤ batch size + workers (${BATCH_SIZE} + ${WORKERS})`,
    },
  ],
  budgets: [
    { variant: 'after', thresholds: { heapDeltaBytes: '<64MB', 'counters.peakBufferRows': `<=${BATCH_SIZE + WORKERS}` }, suites: ['ci'] },
    // The buffer is bounded, so neither the peak nor what stays alive may grow with the
    // combinations. Its own suite: the 100,000-combination run takes minutes (337 s measured on
    // a loaded 2-core machine), too long for the ci gate.
    { variant: 'after', growth: { class: 'constant', metrics: ['heapDeltaBytes', 'liveHeapDeltaBytes'] }, suites: ['sweep'] },
    { variant: 'before', growth: 'linear', suites: ['sweep'] },
  ],
  counters: {
    rowsUpserted: { label: 'tee-time rows upserted', unit: 'count', key: true },
    batches: { label: 'upsert statements (batches) committed', unit: 'count', key: true },
    rowsPerSecond: { label: 'rows upserted per second of the run', unit: 'per-second', key: true },
    peakBufferRows: { label: 'most course/date results held before their upsert', unit: 'count', key: true },
    retries: { label: 'retried API requests and batch upserts', unit: 'count' },
  },
});

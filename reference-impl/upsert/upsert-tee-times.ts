/**
 * Three ways to upsert a batch of tee times in one round trip, all `ON CONFLICT (course_id,
 * play_date, tee_time) DO UPDATE`, all deduplicated first (PostgreSQL rejects a statement that
 * would update the same row twice: "ON CONFLICT DO UPDATE command cannot affect row a second
 * time"). `bench/upsert-methods.bench.ts` measures them on the same rows in one run; the pool
 * uses {@link upsertTeeTimes}, the fastest correct one there.
 *
 * - `unnest`: one array parameter per column, `INSERT … SELECT * FROM unnest(…)`: six
 *   parameters whatever the row count, one plan (https://www.timescale.com/blog/boosting-postgres-insert-performance).
 * - `values`: multi-row `VALUES ($1, …), (…)`: six parameters per row, so at most 10,922 rows
 *   per statement (the protocol's 65,535-parameter limit); bigger batches are split.
 * - `copy`: `COPY` into a temporary table, then `INSERT … SELECT … ON CONFLICT` from it, in one
 *   transaction.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { TeeTime } from './tee-time.js';
import { TEE_TIMES_TABLE, teeTimesTableIdentifier } from './tee-times-schema.js';

/** How a batch is written. */
export type UpsertMethod = 'unnest' | 'values' | 'copy';

/** Every {@link UpsertMethod}. */
export const UPSERT_METHODS: readonly UpsertMethod[] = Object.freeze(['unnest', 'values', 'copy']);

const COLUMNS = 'course_id, play_date, tee_time, price_cents, spots_available, holes';
const CONFLICT = `ON CONFLICT (course_id, play_date, tee_time) DO UPDATE SET
  price_cents = EXCLUDED.price_cents, spots_available = EXCLUDED.spots_available, holes = EXCLUDED.holes`;
const PARAMS_PER_ROW = 6;
/** PostgreSQL's wire protocol counts parameters in an Int16: at most 65,535 per statement. */
const MAX_VALUES_ROWS = Math.floor(65_535 / PARAMS_PER_ROW);

/** `rows` with one row per key, the last one kept (the newest fetch wins). */
export function dedupeTeeTimes(rows: readonly TeeTime[]): readonly TeeTime[] {
  const byKey = new Map<string, TeeTime>();
  for (const r of rows) byKey.set(`${r.courseId}|${r.playDate}|${r.teeTime}`, r);
  return byKey.size === rows.length ? rows : [...byKey.values()];
}

async function upsertUnnest(db: pg.ClientBase | pg.Pool, t: string, rows: readonly TeeTime[]): Promise<void> {
  const n = rows.length;
  const courseIds = new Array<number>(n);
  const dates = new Array<string>(n);
  const times = new Array<string>(n);
  const prices = new Array<number>(n);
  const spots = new Array<number>(n);
  const holes = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    courseIds[i] = r.courseId;
    dates[i] = r.playDate;
    times[i] = r.teeTime;
    prices[i] = r.priceCents;
    spots[i] = r.spotsAvailable;
    holes[i] = r.holes;
  }
  await db.query(
    `INSERT INTO ${t} (${COLUMNS})
     SELECT * FROM unnest($1::integer[], $2::date[], $3::time[], $4::integer[], $5::smallint[], $6::smallint[])
     ${CONFLICT}`,
    [courseIds, dates, times, prices, spots, holes],
  );
}

async function upsertValues(db: pg.ClientBase | pg.Pool, t: string, rows: readonly TeeTime[]): Promise<void> {
  for (let start = 0; start < rows.length; start += MAX_VALUES_ROWS) {
    const chunk = rows.slice(start, start + MAX_VALUES_ROWS);
    const params: (string | number)[] = [];
    const tuples: string[] = [];
    for (const r of chunk) {
      const p = params.length;
      tuples.push(`($${p + 1}::integer, $${p + 2}::date, $${p + 3}::time, $${p + 4}::integer, $${p + 5}::smallint, $${p + 6}::smallint)`);
      params.push(r.courseId, r.playDate, r.teeTime, r.priceCents, r.spotsAvailable, r.holes);
    }
    await db.query(`INSERT INTO ${t} (${COLUMNS}) VALUES ${tuples.join(', ')} ${CONFLICT}`, params);
  }
}

/** COPY text format needs no escaping here: every field is a number, a date or a time. */
function copyLine(r: TeeTime): string {
  return `${r.courseId}\t${r.playDate}\t${r.teeTime}\t${r.priceCents}\t${r.spotsAvailable}\t${r.holes}\n`;
}

async function upsertCopy(db: pg.ClientBase | pg.Pool, t: string, rows: readonly TeeTime[]): Promise<void> {
  // The temp table lives in one session: COPY and INSERT run on one connection, in one transaction.
  await inTransaction(db, async (client) => {
    await client.query(`CREATE TEMP TABLE upsert_stage (LIKE ${t} INCLUDING DEFAULTS) ON COMMIT DROP`);
    async function* chunks(): AsyncGenerator<string> {
      let chunk = '';
      for (const r of rows) {
        chunk += copyLine(r);
        if (chunk.length >= 64 * 1024) {
          yield chunk;
          chunk = '';
        }
      }
      if (chunk) yield chunk;
    }
    await pipeline(Readable.from(chunks()), client.query(copyFrom(`COPY upsert_stage (${COLUMNS}) FROM STDIN`)));
    await client.query(`INSERT INTO ${t} (${COLUMNS}) SELECT ${COLUMNS} FROM upsert_stage ${CONFLICT}`);
  });
}

/** Options of {@link upsertTeeTimesWith}. */
export interface UpsertTeeTimesOptions {
  /** @default TEE_TIMES_TABLE ('tee_times') */
  readonly table?: string;
}

/**
 * Upserts `rows` (deduplicated first) with `method`, atomically: the batch is either all in
 * the table or, when it throws, none of it. Resolves with the rows written after deduplication.
 */
export async function upsertTeeTimesWith(
  method: UpsertMethod,
  db: pg.ClientBase | pg.Pool,
  rows: readonly TeeTime[],
  options: UpsertTeeTimesOptions = {},
): Promise<number> {
  const t = teeTimesTableIdentifier(options.table ?? TEE_TIMES_TABLE);
  const unique = dedupeTeeTimes(rows);
  if (unique.length === 0) return 0;
  if (method === 'unnest') await upsertUnnest(db, t, unique);
  else if (method === 'values') {
    // Split statements must commit together, or a failed second half would leave half a batch.
    if (unique.length > MAX_VALUES_ROWS) await inTransaction(db, (c) => upsertValues(c, t, unique));
    else await upsertValues(db, t, unique);
  } else if (method === 'copy') await upsertCopy(db, t, unique);
  else throw new TypeError(`unknown upsert method ${JSON.stringify(method)}`);
  return unique.length;
}

async function inTransaction(db: pg.ClientBase | pg.Pool, work: (c: pg.ClientBase) => Promise<void>): Promise<void> {
  const isPool = 'totalCount' in db;
  const client = isPool ? await (db as pg.Pool).connect() : (db as pg.ClientBase);
  try {
    await client.query('BEGIN');
    try {
      await work(client);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    }
  } finally {
    if (isPool) (client as pg.PoolClient).release();
  }
}

/** The method the pool uses: `unnest`, the fastest correct one in `bench/upsert-methods.bench.ts`. */
export const DEFAULT_UPSERT_METHOD: UpsertMethod = 'unnest';

/** Upserts `rows` with {@link DEFAULT_UPSERT_METHOD}; see {@link upsertTeeTimesWith}. */
export function upsertTeeTimes(
  db: pg.ClientBase | pg.Pool,
  rows: readonly TeeTime[],
  options: UpsertTeeTimesOptions = {},
): Promise<number> {
  return upsertTeeTimesWith(DEFAULT_UPSERT_METHOD, db, rows, options);
}

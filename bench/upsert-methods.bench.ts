/**
 * Bench suite `upsert-methods`: rows/s of the three ways `reference-impl/upsert/` can write a
 * batch (`unnest` arrays, multi-row `VALUES`, `COPY` into a temporary table + `INSERT … ON
 * CONFLICT`), on the very same rows in the same run: the pool's batch shape (100 course/date
 * combinations, ~1,800 tee-time rows per statement), into an empty table each pass, and again as
 * pure updates (every key present, prices changed). Timescale measured `unnest` ≈ 2× `VALUES`
 * (https://www.timescale.com/blog/boosting-postgres-insert-performance).
 *
 * Promise checked: the method the pool uses (`DEFAULT_UPSERT_METHOD`) is the fastest, within
 * noise (≥ 90% of the best method's median rows/s, inserts and updates each). Methods run in
 * rotating order over several rounds; medians over rounds, because single passes swing with
 * the other load on a shared machine.
 */
import pg from 'pg';
import { Bench } from 'tinybench';
import { median } from '../harness/results/summarize.js';
import { generateTeeTimes, teeTimeTasks } from '../reference-impl/upsert/tee-time-generator.js';
import type { TeeTime } from '../reference-impl/upsert/tee-time.js';
import { createTeeTimesTable } from '../reference-impl/upsert/tee-times-schema.js';
import { DEFAULT_UPSERT_METHOD, UPSERT_METHODS, type UpsertMethod, upsertTeeTimesWith } from '../reference-impl/upsert/upsert-tee-times.js';
import { benchCheck, type BenchRow, type BenchSuite, medianRow, taskRow } from './bench-suite.js';

/** Course/date combinations per pass. */
const TASKS = 1_000;
/** Combinations per statement: the pool's default `UPSERT_BATCH_SIZE`. */
const BATCH_TASKS = 100;
const ROUNDS = 5;
const PASSES = 2;
const TABLE = 'bench_upsert_methods';

function batchesOf(tasks: number): TeeTime[][] {
  const batches: TeeTime[][] = [];
  let current: TeeTime[] = [];
  let n = 0;
  for (const task of teeTimeTasks(tasks)) {
    current.push(...generateTeeTimes(task));
    if (++n % BATCH_TASKS === 0) {
      batches.push(current);
      current = [];
    }
  }
  if (current.length) batches.push(current);
  return batches;
}

const suite: BenchSuite = {
  name: 'upsert-methods',
  services: ['postgres'],
  async run(ctx) {
    const db = new pg.Pool({ connectionString: ctx.services.postgres!.connectionString, max: 1 });
    db.on('error', (err) => ctx.log(`upsert-methods: idle client error: ${err.message}`));
    try {
      await db.query(`DROP TABLE IF EXISTS ${TABLE}`);
      await createTeeTimesTable(db, TABLE);
      const inserts = batchesOf(TASKS);
      // The same keys with every price changed: the DO UPDATE path for every row.
      const updates = inserts.map((b) => b.map((r) => ({ ...r, priceCents: r.priceCents + 50 })));
      const rowsPerPass = inserts.reduce((n, b) => n + b.length, 0);
      const write = (method: UpsertMethod, batches: TeeTime[][]) => async () => {
        for (const b of batches) await upsertTeeTimesWith(method, db, b, { table: TABLE });
      };
      const truncate = async () => {
        await db.query(`TRUNCATE ${TABLE}`);
      };
      // Updates need the rows present, with the original prices, before each pass.
      const reset = async () => {
        await truncate();
        await write('copy', inserts)();
      };
      // Warm-up: JIT, plans, the buffer cache.
      for (const m of UPSERT_METHODS) {
        await truncate();
        await write(m, inserts)();
      }

      const rounds: Record<string, BenchRow[]> = {};
      const push = (row: BenchRow) => {
        rounds[row.name] ??= [];
        rounds[row.name]!.push(row);
      };
      ctx.log(`upsert-methods: ${UPSERT_METHODS.join(', ')}; ${ROUNDS} rounds of ${PASSES} passes of ${rowsPerPass} rows…`);
      for (let round = 0; round < ROUNDS; round++) {
        const order = UPSERT_METHODS.map((_, i) => UPSERT_METHODS[(i + round) % UPSERT_METHODS.length]!);
        const bench = new Bench({ iterations: PASSES, time: 0, warmup: false, throws: true });
        for (const m of order) bench.add(`insert ${m}`, write(m, inserts), { beforeEach: truncate });
        for (const m of order) bench.add(`update ${m}`, write(m, updates), { beforeEach: reset });
        await bench.run();
        for (const kind of ['insert', 'update'])
          for (const m of UPSERT_METHODS) push(taskRow(`${kind} ${m}`, bench.getTask(`${kind} ${m}`), rowsPerPass, 'rows/s'));
      }
      const med = (name: string) => median(rounds[name]!.map((r) => r.throughput));
      const checks = ['insert', 'update'].map((kind) => {
        const best = Math.max(...UPSERT_METHODS.map((m) => med(`${kind} ${m}`)));
        return benchCheck(
          `${kind}: ${DEFAULT_UPSERT_METHOD} (the pool's method) / fastest method rows/s`,
          med(`${kind} ${DEFAULT_UPSERT_METHOD}`) / best,
          '>=',
          0.9,
        );
      });
      const ratio = (kind: string, a: UpsertMethod, b: UpsertMethod) => (med(`${kind} ${a}`) / med(`${kind} ${b}`)).toFixed(2);
      return {
        rows: Object.keys(rounds).map((name) => medianRow(rounds[name]!)),
        checks,
        notes: [
          `one pass = ${rowsPerPass.toLocaleString('en-US')} tee-time rows in ${inserts.length} statements of ${BATCH_TASKS} combinations (~${Math.round(rowsPerPass / inserts.length)} rows each)`,
          `insert: unnest / values ${ratio('insert', 'unnest', 'values')}, copy / values ${ratio('insert', 'copy', 'values')}`,
          `update: unnest / values ${ratio('update', 'unnest', 'values')}, copy / values ${ratio('update', 'copy', 'values')}`,
          'rows/s are medians over rounds (method order rotates per round); ±rme is of the median round',
        ],
      };
    } finally {
      await db.query(`DROP TABLE IF EXISTS ${TABLE}`).catch(() => {});
      await db.end();
    }
  },
};

export default suite;

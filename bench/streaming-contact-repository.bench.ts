/**
 * Bench suite `streaming-contact-repository`: rows/s of a full pass over one user's full
 * contact rows with each strategy (offset, keyset, cursor), beside raw `pg-cursor`
 * `read(100)` on the very same query in the same run. Promise checked: the cursor strategy
 * keeps ≥ 90% of raw pg-cursor throughput (its generator, event-loop yield and cleanup cost
 * little next to parsing ~5 KB rows).
 *
 * Raw and cursor run in alternating order over several rounds and the median ratio is
 * checked: one pass takes a few hundred milliseconds, and single rounds swing with other load
 * on the machine.
 */
import pg from 'pg';
import Cursor from 'pg-cursor';
import { Bench } from 'tinybench';
import { benchCheck, type BenchRow, type BenchSuite, medianRow, taskRow } from './bench-suite.js';
import { median } from '../harness/results/summarize.js';
import { seedContactsDataset } from '../scenarios/datasets/contacts-dataset.js';
import { CONTACT_QUERIES } from '../reference-impl/contacts/contact-queries.js';
import { StreamingContactRepository, type StreamingStrategy } from '../reference-impl/contacts/streaming-contact-repository.js';

/** Contacts in the bench's data set (its own user, `seed-12000`). */
const RECORDS = 12_000;
const BATCH = 100;
/**
 * Rounds of the raw/cursor pair, alternating which runs first. A pass takes ~0.5 s; on a
 * loaded 2-core machine single passes swing ±30%, so the check uses the median of the
 * per-round ratios (measured on an idle pair: median 1.01).
 */
const ROUNDS = 11;
/** Timed passes per task and round (warm-up happens once, before the first round). */
const PASSES = 2;

const suite: BenchSuite = {
  name: 'streaming-contact-repository',
  services: ['postgres'],
  async run(ctx) {
    const connectionString = ctx.services.postgres!.connectionString;
    const seedClient = new pg.Client({ connectionString });
    await seedClient.connect();
    const { dataset } = await seedContactsDataset(seedClient, { records: RECORDS, log: ctx.log }).finally(() => seedClient.end());
    const { userId } = dataset;

    const pool = new pg.Pool({ connectionString, max: 1 });
    // An idle client whose server goes away (the runner stops PostgreSQL right after the suite)
    // emits 'error' on the pool; without a listener that would crash the bench process.
    pool.on('error', (err) => ctx.log(`streaming-contact-repository: idle client error: ${err.message}`));
    try {
      const repo = new StreamingContactRepository({ pool, batchSize: BATCH });
      let rowsPerPass = 0;
      const pass = (strategy: StreamingStrategy) => async () => {
        let rows = 0;
        for await (const batch of repo.streamContacts(userId, { strategy })) rows += batch.length;
        rowsPerPass = rows;
      };
      const raw = async () => {
        const client = await pool.connect();
        try {
          const cursor = client.query(new Cursor(CONTACT_QUERIES.full.cursor, [userId]));
          let rows = 0;
          for (let batch = await cursor.read(BATCH); batch.length > 0; batch = await cursor.read(BATCH)) rows += batch.length;
          await cursor.close();
          rowsPerPass = rows;
        } finally {
          client.release();
        }
      };
      // Warm-up: JIT, the buffer cache, the pool's connection; also finds the pass size.
      await raw();
      await pass('cursor')();
      const bytes = await pool.query<{ avg: number }>('SELECT avg(length(c::text))::int AS avg FROM contacts c WHERE user_id = $1', [
        userId,
      ]);

      ctx.log(`streaming-contact-repository: raw pg-cursor vs cursor strategy, ${ROUNDS} rounds of ${PASSES} passes…`);
      const rawRounds: BenchRow[] = [];
      const cursorRounds: BenchRow[] = [];
      const ratios: number[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        const bench = new Bench({ iterations: PASSES, time: 0, warmup: false, throws: true });
        if (round % 2 === 1) bench.add('raw', raw).add('cursor', pass('cursor'));
        else bench.add('cursor', pass('cursor')).add('raw', raw);
        await bench.run();
        const rawRow = taskRow('pg-cursor read(100), raw', bench.getTask('raw'), rowsPerPass, 'rows/s');
        const cursorRow = taskRow('strategy cursor', bench.getTask('cursor'), rowsPerPass, 'rows/s');
        rawRounds.push(rawRow);
        cursorRounds.push(cursorRow);
        ratios.push(cursorRow.throughput / rawRow.throughput);
      }

      ctx.log('streaming-contact-repository: keyset and offset…');
      const others = new Bench({ iterations: 3, time: 0, warmupIterations: 1, warmupTime: 0, throws: true });
      others.add('keyset', pass('keyset')).add('offset', pass('offset'));
      await others.run();
      const keysetRow = taskRow('strategy keyset', others.getTask('keyset'), rowsPerPass, 'rows/s');
      const offsetRow = taskRow('strategy offset', others.getTask('offset'), rowsPerPass, 'rows/s');
      const rawMedian = median(rawRounds.map((r) => r.throughput));

      return {
        rows: [medianRow(rawRounds), medianRow(cursorRounds), keysetRow, offsetRow],
        checks: [benchCheck('strategy cursor / raw pg-cursor rows/s (median of rounds)', median(ratios), '>=', 0.9)],
        notes: [
          `one pass = ${rowsPerPass.toLocaleString('en-US')} full rows of ${userId} (~${bytes.rows[0]!.avg} chars each), batches of ${BATCH}`,
          `cursor/raw per round: ${ratios.map((r) => r.toFixed(3)).join(', ')}`,
          'rows/s are medians over passes; ±rme is of the median round and is large on a loaded machine',
          `keyset / raw: ${(keysetRow.throughput / rawMedian).toFixed(3)}; offset / raw: ${(offsetRow.throughput / rawMedian).toFixed(3)} (offset re-reads every earlier row per page)`,
        ],
      };
    } finally {
      await pool.end();
    }
  },
};

export default suite;

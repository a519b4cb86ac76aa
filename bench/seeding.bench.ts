/**
 * Bench suite `seeding`: first-time seeding of the contacts data set (generation in Node and
 * `COPY … FROM STDIN` through `copyRows`, as `seedContactsDataset` does it) against a
 * server-side `COPY … FROM '<file>'` of the very same rows into the same empty tables, the
 * fastest load PostgreSQL offers (no client, no protocol, no generation). Promise checked:
 * seeding takes at most 1.5× the server-side COPY (issue 14).
 *
 * Both loads create the tables and indexes (`CONTACTS_SCHEMA_SQL`) in a fresh schema and
 * load the three tables in one transaction; neither includes the `VACUUM (ANALYZE)` the seeder
 * runs afterwards (timed on its own, in the notes). The rows for the server-side COPY are the
 * seeder's own, exported with `COPY … TO STDOUT` beforehand (untimed) into files the server
 * reads, so it needs a server on this machine (the bench's embedded one). Rounds alternate
 * which load runs first; the check uses the median per-round ratio.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { benchCheck, type BenchRow, type BenchSuite, medianRow } from './bench-suite.js';
import { median } from '../harness/results/summarize.js';
import { seedContactsDataset, vacuumContactsTables } from '../scenarios/datasets/contacts-dataset.js';
import { CONTACTS_SCHEMA_SQL } from '../reference-impl/contacts/contacts-schema.js';

/** Contacts per load: ~102 MB of COPY text (~5 KB a contact), 22k rows over the three tables. */
const RECORDS = 20_000;
/** Rounds of the pair; a load takes seconds, so few rounds, alternating order. */
const ROUNDS = 3;
/** The tables in load order (foreign keys: memberships last), with their columns. */
const TABLES = [
  ['groups', 'id, user_id, name'],
  [
    'contacts',
    'id, user_id, name, email, phone, linked_in, instagram, x_handle, other_social_media, location, custom_notes, ' +
      'last_contact_date, frequency_preference, timezone, archived, created_at, updated_at',
  ],
  ['contact_groups', 'contact_id, group_id'],
] as const;

async function freshSchema(client: pg.Client, schema: string): Promise<void> {
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.query(`SET search_path TO ${schema}`);
}

const suite: BenchSuite = {
  name: 'seeding',
  services: ['postgres'],
  async run(ctx) {
    const client = new pg.Client({ connectionString: ctx.services.postgres!.connectionString });
    await client.connect();
    // Readable by the server, which may run as another user (`postgres`, when we are root).
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-bench-seeding-'));
    fs.chmodSync(dir, 0o755);
    try {
      // The rows: seeded once into a schema of their own, exported to files.
      await freshSchema(client, 'bench_seed_source');
      const source = await seedContactsDataset(client, { records: RECORDS, vacuum: false });
      const bytes = source.bytesWritten;
      for (const [table, columns] of TABLES) {
        const file = path.join(dir, `${table}.tsv`);
        await pipeline(client.query(copyTo(`COPY ${table} (${columns}) TO STDOUT`)), fs.createWriteStream(file, { mode: 0o644 }));
      }
      await client.query('DROP SCHEMA bench_seed_source CASCADE');

      const seed = async () => {
        await freshSchema(client, 'bench_seed');
        const t0 = performance.now();
        const r = await seedContactsDataset(client, { records: RECORDS, vacuum: false });
        const ms = performance.now() - t0;
        if (r.rowsWritten !== source.rowsWritten) throw new Error(`seeding wrote ${r.rowsWritten} rows, the source ${source.rowsWritten}`);
        const v0 = performance.now();
        await vacuumContactsTables(client);
        return { ms, vacuumMs: performance.now() - v0 };
      };
      const serverCopy = async () => {
        await freshSchema(client, 'bench_copy');
        const t0 = performance.now();
        await client.query('BEGIN');
        for (const sql of CONTACTS_SCHEMA_SQL) await client.query(sql);
        let rows = 0;
        for (const [table, columns] of TABLES) {
          // A server-side file path: a literal (COPY takes no bind parameters), from our own temp dir.
          const r = await client.query(`COPY ${table} (${columns}) FROM ${client.escapeLiteral(path.join(dir, `${table}.tsv`))}`);
          rows += r.rowCount ?? 0;
        }
        await client.query('COMMIT');
        const ms = performance.now() - t0;
        if (rows !== source.rowsWritten) throw new Error(`server-side COPY loaded ${rows} rows, the source has ${source.rowsWritten}`);
        return ms;
      };

      ctx.log(
        `seeding: ${RECORDS.toLocaleString('en-US')} contacts (${source.rowsWritten.toLocaleString('en-US')} rows), ${ROUNDS} rounds…`,
      );
      const seedRounds: BenchRow[] = [];
      const copyRounds: BenchRow[] = [];
      const ratios: number[] = [];
      const vacuums: number[] = [];
      const row = (name: string, ms: number): BenchRow => ({
        name,
        throughput: source.rowsWritten / (ms / 1000),
        unit: 'rows/s',
        rmePercent: 0,
        samples: 1,
      });
      for (let round = 1; round <= ROUNDS; round++) {
        let seeded: { ms: number; vacuumMs: number };
        let copied: number;
        if (round % 2 === 1) {
          seeded = await seed();
          copied = await serverCopy();
        } else {
          copied = await serverCopy();
          seeded = await seed();
        }
        seedRounds.push(row('seedContactsDataset (generate + COPY FROM STDIN)', seeded.ms));
        copyRounds.push(row("server-side COPY FROM '<file>' of the same rows", copied));
        ratios.push(seeded.ms / copied);
        vacuums.push(seeded.vacuumMs);
        ctx.log(`seeding: round ${round}: seeding ${(seeded.ms / 1000).toFixed(2)} s, server-side COPY ${(copied / 1000).toFixed(2)} s`);
      }
      await client.query('DROP SCHEMA IF EXISTS bench_seed CASCADE');
      await client.query('DROP SCHEMA IF EXISTS bench_copy CASCADE');
      return {
        rows: [medianRow(seedRounds), medianRow(copyRounds)],
        checks: [benchCheck('seeding time / server-side COPY time (median of rounds)', median(ratios), '<=', 1.5)],
        notes: [
          `${RECORDS.toLocaleString('en-US')} contacts = ${source.rowsWritten.toLocaleString('en-US')} rows, ${(bytes / 1e6).toFixed(1)} MB of COPY text`,
          `seeding / server-side COPY per round: ${ratios.map((r) => r.toFixed(3)).join(', ')}`,
          `VACUUM (ANALYZE) after seeding (in neither figure): median ${(median(vacuums) / 1000).toFixed(2)} s`,
        ],
      };
    } finally {
      await client.end().catch(() => {});
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default suite;

/**
 * The harness's record of seeded data sets, for scenarios that declare a `datasetVersion`: one
 * row per (scenario, records) in the scenario's own PostgreSQL database, written after `seed()`
 * returned (the completion marker: a seeder cut off half-way leaves none), read by the next
 * invocation on the same database to skip `seed()` — and the import of its generator, which
 * for the contacts data set (faker) is most of a reusing invocation's seeding time.
 */
import type pg from 'pg';
import type { JsonValue, PostgresEndpoint } from '../scenario/types.js';
import { importOptional } from '../services/optional-dependency.js';

/** What identifies a seeded data set. */
export interface DatasetKey {
  readonly scenario: string;
  readonly records: number;
  readonly datasetVersion: string | number;
}

/** A recorded data set: what `seed()` returned. */
export interface CachedDataset {
  readonly dataset: JsonValue;
  readonly rowsWritten: number;
}

const TABLE = 'heapgate_dataset_cache';
const CREATE = `CREATE TABLE IF NOT EXISTS ${TABLE} (
  scenario text NOT NULL,
  records integer NOT NULL,
  dataset_version text NOT NULL,
  dataset jsonb,
  rows_written bigint NOT NULL,
  seeded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scenario, records))`;

async function withClient<T>(endpoint: PostgresEndpoint, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const { default: pgModule } = await importOptional<{ default: typeof pg }>('pg');
  const client = new pgModule.Client({ connectionString: endpoint.connectionString, connectionTimeoutMillis: 10_000 });
  client.on('error', () => {}); // a server stopping under us (Ctrl-C) surfaces as the query's rejection
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** The data set recorded for `key` at its version, or undefined (none, another version, or no table yet). */
export async function findCachedDataset(endpoint: PostgresEndpoint, key: DatasetKey): Promise<CachedDataset | undefined> {
  return withClient(endpoint, async (client) => {
    const exists = await client.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [TABLE]);
    if (!exists.rows[0]?.t) return undefined;
    const { rows } = await client.query<{ dataset: JsonValue; rows_written: string }>(
      `SELECT dataset, rows_written FROM ${TABLE} WHERE scenario = $1 AND records = $2 AND dataset_version = $3`,
      [key.scenario, key.records, String(key.datasetVersion)],
    );
    return rows[0] ? { dataset: rows[0].dataset, rowsWritten: Number(rows[0].rows_written) } : undefined;
  });
}

/** Records that `key` is seeded, with what `seed()` returned (replacing another version's row). */
export async function recordCachedDataset(endpoint: PostgresEndpoint, key: DatasetKey, seeded: CachedDataset): Promise<void> {
  await withClient(endpoint, async (client) => {
    await client.query(CREATE);
    await client.query(
      `INSERT INTO ${TABLE} (scenario, records, dataset_version, dataset, rows_written) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (scenario, records) DO UPDATE
       SET dataset_version = EXCLUDED.dataset_version, dataset = EXCLUDED.dataset, rows_written = EXCLUDED.rows_written, seeded_at = now()`,
      [key.scenario, key.records, String(key.datasetVersion), JSON.stringify(seeded.dataset), seeded.rowsWritten],
    );
  });
}

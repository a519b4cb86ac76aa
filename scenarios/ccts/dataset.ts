/**
 * Seeds the CCT data set of seed 000 for one record count, in the three places the manager
 * reads it from:
 * - a local CSV export (`CCTS_LOCAL_PATH` in development), cached under the temp directory;
 * - the same file as an S3 object (`CCTS_S3_BUCKET` / `CCTS_S3_KEY` in production);
 * - a PostgreSQL table behind the lookup API (on-demand mode), bulk-loaded with COPY.
 *
 * Each step is idempotent: the file is reused when its marker matches, the object when its
 * size and version metadata match, the table when `heapgate_seeds` has its marker (an advisory
 * lock serialises concurrent seeders).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CreateBucketCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { copyField, copyRows, type PostgresEndpoint, type S3Endpoint, s3ClientFor } from 'heapgate/services';
import pg from 'pg';
import { cctsTableIdentifier, createCCTsTable } from '../../reference-impl/ccts/ccts-schema.js';
import { cctExportDefects, CCTS_DATASET_VERSION, generateCCTCsvLines, generateCCTRows } from './rows.js';

/** What variants need to find the data set (JSON: crosses to the child process). */
export interface CCTsDataset {
  readonly [key: string]: string | number;
  /** Distinct CCTs (ids 1..records). */
  readonly records: number;
  /** The export on the local disk. */
  readonly csvPath: string;
  readonly csvBytes: number;
  /** Data rows of the export, defects included. */
  readonly csvRows: number;
  /** Where the export is in S3. */
  readonly bucket: string;
  readonly key: string;
  /** The lookup API's table. */
  readonly table: string;
  /** Defects injected into the export (see `cctExportDefects`). */
  readonly wrongColumnCount: number;
  readonly invalidClave: number;
  readonly duplicateClaves: number;
}

/** Options of {@link seedCCTsDataset}. */
export interface SeedCCTsOptions {
  /** Distinct CCTs to generate (≥ 1). */
  readonly records: number;
  readonly postgres: PostgresEndpoint;
  readonly s3: S3Endpoint;
  /** Progress lines. @default no output */
  readonly log?: (message: string) => void;
  /** Where CSV exports are cached. @default <os.tmpdir()>/heapgate-ccts-<uid> */
  readonly cacheDir?: string;
  /** Bucket of the exports. @default 'heapgate-ccts' */
  readonly bucket?: string;
}

/** Outcome, shaped like the scenario contract's `SeedResult`. */
export interface SeedCCTsResult {
  readonly rowsWritten: number;
  readonly bytesWritten: number;
  readonly dataset: CCTsDataset;
}

/** Table of the data set with `records` CCTs. */
export function cctsTableName(records: number): string {
  return `heapgate_ccts_${records}`;
}

/** Seeds (or reuses) the data set for `records`. */
export async function seedCCTsDataset(options: SeedCCTsOptions): Promise<SeedCCTsResult> {
  const { records } = options;
  if (!Number.isInteger(records) || records < 1) throw new TypeError(`records must be an integer ≥ 1, got ${String(records)}`);
  const log = options.log ?? (() => {});
  const defects = cctExportDefects(records);
  const csvRows = records + defects.wrongColumnCount + defects.invalidClave + defects.duplicateClaves;
  const bucket = options.bucket ?? 'heapgate-ccts';
  const key = `v${CCTS_DATASET_VERSION}/${records}/ccts_export.csv`;
  const table = cctsTableName(records);

  const file = await ensureCsv(records, options.cacheDir ?? defaultCacheDir(), log);
  const uploaded = await ensureObject(options.s3, bucket, key, file.path, file.bytes, log);
  const loaded = await ensureTable(options.postgres, table, records, log);

  const dataset: CCTsDataset = {
    records,
    csvPath: file.path,
    csvBytes: file.bytes,
    csvRows,
    bucket,
    key,
    table,
    ...defects,
  };
  return {
    rowsWritten: (file.written ? csvRows : 0) + loaded.rows,
    bytesWritten: (file.written ? file.bytes : 0) + (uploaded ? file.bytes : 0) + loaded.bytes,
    dataset,
  };
}

/**
 * Per user, and private: the cache is trusted (a file with its marker is reused as is), so it
 * must not sit in a directory another local user could have created and filled first.
 */
function defaultCacheDir(): string {
  const uid = process.getuid?.();
  return path.join(os.tmpdir(), uid === undefined ? 'heapgate-ccts' : `heapgate-ccts-${uid}`);
}

async function ensureCsv(
  records: number,
  dir: string,
  log: (m: string) => void,
): Promise<{ path: string; bytes: number; written: boolean }> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const owner = fs.statSync(dir).uid;
  if (process.getuid !== undefined && owner !== process.getuid()) {
    throw new Error(`ccts: cache directory ${dir} belongs to uid ${owner}, not to this user; pass cacheDir or remove it`);
  }
  const file = path.join(dir, `ccts-v${CCTS_DATASET_VERSION}-${records}.csv`);
  const marker = `${file}.done`;
  const size = fs.statSync(file, { throwIfNoEntry: false })?.size;
  try {
    const expected = Number(fs.readFileSync(marker, 'utf8'));
    if (size !== undefined && expected === size) {
      log(`ccts: reusing export ${file} (${size} bytes)`);
      return { path: file, bytes: size, written: false };
    }
  } catch {
    // no marker: write the file
  }
  const started = performance.now();
  const tmp = `${file}.${process.pid}.tmp`;
  async function* chunks(): AsyncGenerator<string> {
    let buf = '';
    for (const line of generateCCTCsvLines(records)) {
      buf += `${line}\n`;
      if (buf.length >= 64 * 1024) {
        yield buf;
        buf = '';
      }
    }
    if (buf) yield buf;
  }
  await pipeline(Readable.from(chunks()), fs.createWriteStream(tmp));
  fs.renameSync(tmp, file);
  const bytes = fs.statSync(file).size;
  fs.writeFileSync(marker, String(bytes));
  log(`ccts: wrote export ${file}: ${bytes} bytes in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { path: file, bytes, written: true };
}

async function ensureObject(
  endpoint: S3Endpoint,
  bucket: string,
  key: string,
  file: string,
  bytes: number,
  log: (m: string) => void,
): Promise<boolean> {
  const client = s3ClientFor(endpoint);
  try {
    try {
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
    } catch (err) {
      const name = (err as { name?: string }).name;
      if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw err;
    }
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      if (head.ContentLength === bytes && head.Metadata?.['heapgate-version'] === String(CCTS_DATASET_VERSION)) {
        log(`ccts: reusing s3://${bucket}/${key}`);
        return false;
      }
    } catch (err) {
      const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status !== 404) throw err;
    }
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: fs.createReadStream(file),
        ContentLength: bytes,
        ContentType: 'text/csv; charset=utf-8',
        Metadata: { 'heapgate-version': String(CCTS_DATASET_VERSION) },
      }),
    );
    log(`ccts: uploaded s3://${bucket}/${key} (${bytes} bytes)`);
    return true;
  } finally {
    client.destroy();
  }
}

async function ensureTable(
  endpoint: PostgresEndpoint,
  table: string,
  records: number,
  log: (m: string) => void,
): Promise<{ rows: number; bytes: number }> {
  const key = `ccts/${table}/v${CCTS_DATASET_VERSION}`;
  const t = cctsTableIdentifier(table);
  const client = new pg.Client({ connectionString: endpoint.connectionString });
  await client.connect();
  try {
    await client.query('BEGIN');
    let stats = { rows: 0, bytes: 0 };
    try {
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('heapgate:ccts-dataset'))`);
      await client.query(`CREATE TABLE IF NOT EXISTS heapgate_seeds (
        key text PRIMARY KEY, rows integer NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
      const existing = await client.query<{ rows: number }>('SELECT rows FROM heapgate_seeds WHERE key = $1', [key]);
      if (existing.rowCount) {
        await client.query('COMMIT');
        log(`ccts: reusing table ${table} (${existing.rows[0]!.rows} rows)`);
        return stats;
      }
      await client.query('DELETE FROM heapgate_seeds WHERE key LIKE $1', [`ccts/${table}/%`]);
      await client.query(`DROP TABLE IF EXISTS ${t}`);
      await createCCTsTable(client, table);
      stats = await copyRows(client, `COPY ${t} (id, clave, nombre, entidad, municipio, turno) FROM STDIN`, copyLines(records));
      // Ids were given explicitly: move the identity past them so created CCTs get new ones.
      await client.query(`SELECT setval(pg_get_serial_sequence($1, 'id'), $2)`, [t, records]);
      await client.query('INSERT INTO heapgate_seeds (key, rows) VALUES ($1, $2)', [key, stats.rows]);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    }
    await client.query(`VACUUM (ANALYZE) ${t}`);
    log(`ccts: loaded table ${table}: ${stats.rows} rows, ${stats.bytes} bytes`);
    return stats;
  } finally {
    await client.end();
  }
}

function* copyLines(records: number): Generator<string> {
  for (const r of generateCCTRows(records)) {
    yield `${r.id}\t${r.clave}\t${copyField(r.nombre)}\t${copyField(r.entidad)}\t${copyField(r.municipio)}\t${r.turno}`;
  }
}

/**
 * Real services for the CCT tests: a CCT table in the test PostgreSQL (unique name per call, so
 * parallel test files never collide), the lookup API over it, and CSV objects in a real
 * S3-compatible server.
 */
import crypto from 'node:crypto';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import pg from 'pg';
import { cctsTableIdentifier, createCCTsTable } from '../ccts/ccts-schema.js';
import { startLookupApiServer, type LookupApiServer } from '../ccts/lookup-api-server.js';
import { createS3TestClient } from './s3-test-client.js';
import { type TestS3Endpoint, testPostgresUrl, testS3Endpoint } from './test-endpoints.js';

/** A CCT table with `rows` in the test database. `drop()` removes it. */
export async function createTestCCTsTable(
  rows: readonly (readonly [id: number, clave: string, nombre: string])[],
): Promise<{ pool: pg.Pool; table: string; drop(): Promise<void> }> {
  const pool = new pg.Pool({ connectionString: testPostgresUrl(), max: 4 });
  const table = `test_ccts_${crypto.randomBytes(6).toString('hex')}`;
  await createCCTsTable(pool, table);
  const t = cctsTableIdentifier(table);
  await pool.query(`INSERT INTO ${t} (id, clave, nombre) SELECT * FROM unnest($1::int[], $2::text[], $3::text[])`, [
    rows.map((r) => r[0]),
    rows.map((r) => r[1]),
    rows.map((r) => r[2]),
  ]);
  await pool.query(`SELECT setval(pg_get_serial_sequence($1, 'id'), $2)`, [t, Math.max(1, ...rows.map((r) => r[0]))]);
  return {
    pool,
    table,
    drop: async () => {
      await pool.query(`DROP TABLE IF EXISTS ${t}`);
      await pool.end();
    },
  };
}

/** The lookup API over a fresh table holding `rows`. `close()` stops both. */
export async function startTestLookupApi(
  rows: readonly (readonly [id: number, clave: string, nombre: string])[],
): Promise<{ api: LookupApiServer; pool: pg.Pool; table: string; close(): Promise<void> }> {
  const db = await createTestCCTsTable(rows);
  const api = await startLookupApiServer({ connectionString: testPostgresUrl(), table: db.table });
  return {
    api,
    pool: db.pool,
    table: db.table,
    close: async () => {
      await api.close();
      await db.drop();
    },
  };
}

/** A bucket name no other test file uses: `<prefix>-<12 hex digits>` (the S3 store is shared). */
export function uniqueBucketName(prefix: string): string {
  return `${prefix}-${crypto.randomBytes(6).toString('hex')}`;
}

/**
 * Puts `body` at `s3://bucket/key`, creating the bucket when needed.
 * @default endpoint the test run's S3 store ({@link testS3Endpoint})
 */
export async function putTestObject(
  bucket: string,
  key: string,
  body: string | Buffer,
  endpoint: TestS3Endpoint = testS3Endpoint(),
): Promise<void> {
  const client = createS3TestClient(endpoint);
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket })).catch((err: { name?: string }) => {
      if (err.name !== 'BucketAlreadyOwnedByYou' && err.name !== 'BucketAlreadyExists') throw err;
    });
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  } finally {
    client.destroy();
  }
}

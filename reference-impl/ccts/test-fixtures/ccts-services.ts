/**
 * Real services for the CCT tests: a CCT table in the test PostgreSQL (unique name per call, so
 * parallel test files never collide), the lookup API over it, and CSV objects in a real
 * S3-compatible server.
 */
import crypto from 'node:crypto';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import pg from 'pg';
import type { S3Endpoint } from '../../../harness/scenario/types.js';
import { s3ClientFor } from '../../../harness/services/s3-provider.js';
import { testPostgresUrl } from '../../../harness/testing/services.js';
import { cctsTableIdentifier, createCCTsTable } from '../ccts-schema.js';
import { startLookupApiServer, type LookupApiServer } from '../lookup-api-server.js';

/** A CCT table with `rows` in the test database. `drop()` removes it. */
export async function createTestCCTsTable(
  rows: readonly (readonly [id: number, clave: string, nombre: string])[],
): Promise<{ pool: pg.Pool; table: string; drop(): Promise<void> }> {
  const pool = new pg.Pool({ connectionString: testPostgresUrl(), max: 4 });
  const table = `test_ccts_${crypto.randomBytes(6).toString('hex')}`;
  await createCCTsTable(pool, table);
  const t = cctsTableIdentifier(table);
  for (const [id, clave, nombre] of rows) {
    await pool.query(`INSERT INTO ${t} (id, clave, nombre) VALUES ($1, $2, $3)`, [id, clave, nombre]);
  }
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

/** Puts `body` at `s3://bucket/key`, creating the bucket when needed. */
export async function putTestObject(endpoint: S3Endpoint, bucket: string, key: string, body: string | Buffer): Promise<void> {
  const client = s3ClientFor(endpoint);
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket })).catch((err: { name?: string }) => {
      if (err.name !== 'BucketAlreadyOwnedByYou' && err.name !== 'BucketAlreadyExists') throw err;
    });
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  } finally {
    client.destroy();
  }
}

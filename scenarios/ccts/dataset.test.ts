/** Seeding the CCT data set into the real services: file, S3 object, PostgreSQL table; idempotent. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { s3ClientFor } from 'heapgate/services';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startLookupApiServer } from '../../reference-impl/ccts/lookup-api-server.js';
import { testPostgresUrl, testS3Endpoint } from '../../reference-impl/test-fixtures/test-endpoints.js';
import { seedCCTsDataset } from './dataset.js';
import { generateCCTRows } from './rows.js';

const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-ccts-dataset-'));
// The test run's S3 is shared by every test file: a bucket of this file's own, so the first
// seed is sure to upload the object whatever else ran before.
const bucket = `heapgate-ccts-test-${randomBytes(4).toString('hex')}`;
afterAll(() => {
  fs.rmSync(cacheDir, { recursive: true, force: true });
});

describe('seedCCTsDataset', () => {
  it('writes the export, uploads it, loads the table, and reuses all three the second time', async () => {
    const records = 1234;
    const postgres = { connectionString: testPostgresUrl() };
    const s3 = testS3Endpoint();
    const first = await seedCCTsDataset({ records, postgres, s3, cacheDir, bucket });
    const { dataset } = first;
    expect(dataset).toMatchObject({
      records,
      csvRows: records + 3,
      table: 'heapgate_ccts_1234',
      bucket,
      key: 'v1/1234/ccts_export.csv',
    });
    expect(first.rowsWritten).toBe(dataset.csvRows + records);
    expect(fs.statSync(dataset.csvPath).size).toBe(dataset.csvBytes);

    const client = s3ClientFor(s3);
    const object = await client.send(new GetObjectCommand({ Bucket: dataset.bucket, Key: dataset.key }));
    expect(await object.Body!.transformToString()).toBe(fs.readFileSync(dataset.csvPath, 'utf8'));
    client.destroy();

    const db = new pg.Client({ connectionString: testPostgresUrl() });
    await db.connect();
    try {
      const { rows } = await db.query<{ n: string; max: number }>(`SELECT count(*) AS n, max(id) AS max FROM heapgate_ccts_1234`);
      expect(rows[0]).toEqual({ n: String(records), max: records });
      const marker = await db.query(`SELECT rows FROM heapgate_seeds WHERE key = 'ccts/heapgate_ccts_1234/v1'`);
      expect(marker.rows).toEqual([{ rows: records }]);
    } finally {
      await db.end();
    }

    const second = await seedCCTsDataset({ records, postgres, s3, cacheDir, bucket });
    expect(second).toEqual({ rowsWritten: 0, bytesWritten: 0, dataset });

    // The lookup API over the seeded table knows the catalogue.
    const api = await startLookupApiServer({ connectionString: testPostgresUrl(), table: dataset.table });
    try {
      const row = [...generateCCTRows(records)][500]!;
      const body = await (await fetch(`${api.url}/api/ccts?filters[clave][$eq]=${row.clave}`)).json();
      expect(body).toMatchObject({ data: [{ id: row.id, attributes: { clave: row.clave, nombre: row.nombre } }] });
    } finally {
      await api.close();
    }
  });
});

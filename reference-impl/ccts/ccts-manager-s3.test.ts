/**
 * CCTsManager against the test run's real S3-compatible server: pre-loading streamed from an
 * object, the exact bad-row report, and every fallback to on-demand mode.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CCTsManager } from './ccts-manager.js';
import { S3CCTSource } from './s3-cct-source.js';
import { putTestObject, startTestLookupApi, uniqueBucketName } from '../test-fixtures/ccts-services.js';
import { MALFORMED_CCTS_CSV, MALFORMED_CCTS_EXPECTED_IDS, MALFORMED_CCTS_REPORT } from '../test-fixtures/malformed-ccts.js';
import { createS3TestClient } from '../test-fixtures/s3-test-client.js';
import { type TestS3Endpoint, testS3Endpoint } from '../test-fixtures/test-endpoints.js';

const BUCKET = uniqueBucketName('heapgate-ccts-test');
const clients: S3Client[] = [];

beforeAll(async () => {
  await putTestObject(BUCKET, 'malformed/ccts_export.csv', MALFORMED_CCTS_CSV);
  const rows = Array.from(
    { length: 5000 },
    (_, i) => `${i + 1},${String(1 + (i % 32)).padStart(2, '0')}DPR${String(i).padStart(4, '0')}A,ESCUELA PRIMARIA NÚMERO ${i + 1}`,
  );
  await putTestObject(BUCKET, 'ccts_export.csv', `id,clave,nombre\n${rows.join('\n')}\n`);
});
afterAll(() => {
  for (const client of clients) client.destroy();
});

function source(key?: string, endpoint: TestS3Endpoint = testS3Endpoint()): S3CCTSource {
  const client = createS3TestClient(endpoint);
  clients.push(client);
  return new S3CCTSource({ client, bucket: BUCKET, ...(key ? { key } : {}) });
}

describe('CCTsManager with an S3 export', () => {
  it('pre-loads the default key (ccts_export.csv) as a stream and answers from memory', async () => {
    const log: string[] = [];
    const manager = new CCTsManager({ source: source(), log: (m) => log.push(m) });
    const stats = await manager.initialize();
    expect(stats).toMatchObject({ mode: 'preload', onDemandReason: null, recordsLoaded: 5000, source: `s3://${BUCKET}/ccts_export.csv` });
    // Estimated from Content-Length and the mean row length of the first 64 KiB.
    expect(Math.abs(stats.estimatedRecords! - 5000) / 5000).toBeLessThan(0.05);
    expect(await manager.lookup('01DPR0000A')).toBe(1);
    expect(await manager.lookup('08DPR4999A')).toBe(5000);
    expect(await manager.lookup('33DPR0000A')).toBeNull();
    expect(manager.getStats()).toMatchObject({ lookups: 3, hits: 2, negativeHits: 1, apiCalls: 0, hitRate: 1 });
    expect(log.join('\n')).toContain(`pre-loaded 5000 CCTs from s3://${BUCKET}/ccts_export.csv`);
    await manager.close();
  });

  it('reports every malformed case of an export read from S3 with exact counts', async () => {
    const manager = new CCTsManager({ source: source('malformed/ccts_export.csv'), mode: 'preload' });
    const stats = await manager.initialize();
    expect(stats.mode).toBe('preload');
    expect(stats.csv).toEqual({ ...MALFORMED_CCTS_REPORT, bytesRead: Buffer.byteLength(MALFORMED_CCTS_CSV) });
    for (const [clave, id] of MALFORMED_CCTS_EXPECTED_IDS) expect(await manager.lookup(clave)).toBe(id);
    await manager.close();
  });

  it('falls back to on-demand with a logged reason when the object is missing, and still answers through the API', async () => {
    const service = await startTestLookupApi([[42, '09DPR0042A', 'ESCUELA PRIMARIA']]);
    try {
      const log: string[] = [];
      const manager = new CCTsManager({
        source: source('no/such/ccts_export.csv'),
        lookupApiUrl: service.api.url,
        log: (m) => log.push(m),
      });
      const stats = await manager.initialize();
      expect(stats).toMatchObject({ mode: 'on-demand', onDemandReason: 'source-missing', recordsLoaded: 0, csv: null });
      expect(log.join('\n')).toContain(`on-demand mode (source-missing): CCT export s3://${BUCKET}/no/such/ccts_export.csv does not exist`);
      expect(await manager.lookup('09DPR0042A')).toBe(42);
      expect(manager.getStats().apiCalls).toBe(1);
      await manager.close();
    } finally {
      await service.close();
    }
  });

  it('falls back to on-demand when S3 does not answer, and when the estimate is above the memory limit', async () => {
    const down = { ...testS3Endpoint(), endpoint: 'http://127.0.0.1:9' };
    const unreachable = new CCTsManager({ source: source(undefined, down) });
    expect(await unreachable.initialize()).toMatchObject({ mode: 'on-demand', onDemandReason: 'source-unavailable' });
    await unreachable.close();

    const tight = new CCTsManager({ source: source(), maxMemoryBytes: 64 * 1024 });
    const stats = await tight.initialize();
    expect(stats).toMatchObject({ mode: 'on-demand', onDemandReason: 'memory-estimate', recordsLoaded: 0 });
    expect(stats.estimatedBytes).toBeGreaterThan(64 * 1024);
    await tight.close();

    // Forced pre-loading ignores the estimate (and logs that it did).
    const log: string[] = [];
    const forced = new CCTsManager({ source: source(), maxMemoryBytes: 64 * 1024, mode: 'preload', log: (m) => log.push(m) });
    expect(await forced.initialize()).toMatchObject({ mode: 'preload', recordsLoaded: 5000 });
    expect(log[0]).toMatch(/pre-loading forced/);
    await forced.close();
  });

  it('without a source or with on-demand configured, never touches S3', async () => {
    const none = new CCTsManager();
    expect(await none.initialize()).toMatchObject({ mode: 'on-demand', onDemandReason: 'no-source', source: null });
    // No lookup API either: the lookup fails clearly, the manager keeps working.
    await expect(none.lookup('09DPR0001A')).rejects.toMatchObject({ code: 'HEAPGATE_CCTS_LOOKUP_UNAVAILABLE' });
    await expect(none.lookup('bad')).rejects.toMatchObject({ code: 'HEAPGATE_CCTS_INVALID_CLAVE' });
    expect(none.getStats()).toMatchObject({ apiErrors: 1, rejectedClaves: 1 });
    const configured = new CCTsManager({ source: source(), mode: 'on-demand' });
    expect(await configured.initialize()).toMatchObject({ mode: 'on-demand', onDemandReason: 'configured' });
  });
});

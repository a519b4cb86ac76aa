/**
 * `GET /ccts/:clave` over real HTTP, through a real CCTsManager: pre-loaded from a CSV export
 * with every kind of bad row, and on demand from the real lookup API over PostgreSQL — and a
 * lookup API that is not there, which is the dependency's failure (503), not the service's.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CCTsManager } from '../ccts/ccts-manager.js';
import { LocalCCTSource } from '../ccts/local-cct-source.js';
import { startTestLookupApi } from '../test-fixtures/ccts-services.js';
import { MALFORMED_CCTS_CSV, MALFORMED_CCTS_EXPECTED_IDS } from '../test-fixtures/malformed-ccts.js';
import { createTestSchema, type TestSchema } from '../test-fixtures/test-schema.js';
import { startTestService, type TestService } from './test-fixtures/test-service.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-service-ccts-'));
let db: TestSchema;
let pool: pg.Pool;
let lookupApi: Awaited<ReturnType<typeof startTestLookupApi>>;
const managers: CCTsManager[] = [];
const services: TestService[] = [];

async function start(ccts: CCTsManager): Promise<TestService> {
  managers.push(ccts);
  const service = await startTestService({ pool, ccts });
  services.push(service);
  return service;
}

beforeAll(async () => {
  db = await createTestSchema('service_ccts');
  pool = db.pool({ max: 1 });
  lookupApi = await startTestLookupApi([
    [7, '09DPR0007A', 'ESCUELA PRIMARIA SIETE'],
    [8, '14EJN0008B', 'JARDÍN DE NIÑOS OCHO'],
  ]);
});

afterAll(async () => {
  await Promise.allSettled(services.map((s) => s.close()));
  await Promise.allSettled(managers.map((m) => m.close()));
  await lookupApi?.close();
  await pool?.end();
  await db?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('GET /ccts/:clave', () => {
  it('answers from the pre-loaded index: every clave the export holds, 404 for the rest', async () => {
    const file = path.join(dir, 'malformed.csv');
    fs.writeFileSync(file, MALFORMED_CCTS_CSV);
    const manager = new CCTsManager({ source: new LocalCCTSource(file), mode: 'preload' });
    await manager.initialize();
    expect(manager.mode).toBe('preload');
    const service = await start(manager);
    for (const [clave, id] of MALFORMED_CCTS_EXPECTED_IDS) {
      const r = await service.get(`/ccts/${clave}`);
      expect(r.status, clave).toBe(200);
      expect(r.json).toEqual({ clave, id });
    }
    // Rows the loader rejected (bad column count) are not there.
    const missing = await service.get('/ccts/20DTV0005E');
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({
      statusCode: 404,
      error: 'Not Found',
      code: 'HEAPGATE_SERVICE_NOT_FOUND',
      message: 'no CCT with clave 20DTV0005E',
    });
    expect(manager.getStats()).toMatchObject({ lookups: MALFORMED_CCTS_EXPECTED_IDS.size + 1, apiCalls: 0 });
  });

  it('rejects a malformed clave with 400 before the manager sees it', async () => {
    const manager = new CCTsManager({ mode: 'on-demand', lookupApiUrl: lookupApi.api.url });
    const service = await start(manager);
    for (const clave of ['09dpr0007a', '9DPR00007A', '09DPRO007A', '09DPR0007AA']) {
      const r = await service.get(`/ccts/${clave}`);
      expect(r.status, clave).toBe(400);
      expect(r.json).toMatchObject({ code: 'HEAPGATE_SERVICE_INVALID_REQUEST' });
      expect((r.json as { message: string }).message).toContain('params/clave');
    }
    expect(manager.getStats()).toMatchObject({ lookups: 0, rejectedClaves: 0, apiCalls: 0 });
  });

  it('answers on demand through the lookup API, once per clave', async () => {
    const manager = new CCTsManager({ mode: 'on-demand', lookupApiUrl: lookupApi.api.url });
    const service = await start(manager);
    const served = lookupApi.api.requests;
    expect((await service.get('/ccts/09DPR0007A')).json).toEqual({ clave: '09DPR0007A', id: 7 });
    expect((await service.get('/ccts/09DPR0007A')).json).toEqual({ clave: '09DPR0007A', id: 7 });
    expect((await service.get('/ccts/14EJN0008B')).json).toEqual({ clave: '14EJN0008B', id: 8 });
    expect((await service.get('/ccts/31DPR0009C')).status).toBe(404);
    expect(lookupApi.api.requests - served).toBe(3);
  });

  it('answers 503 with the manager’s code when on-demand mode has no lookup API to ask', async () => {
    const manager = new CCTsManager({ mode: 'on-demand' });
    const service = await start(manager);
    const r = await service.get('/ccts/09DPR0007A');
    expect(r.status).toBe(503);
    expect(r.json).toMatchObject({ statusCode: 503, error: 'Service Unavailable', code: 'HEAPGATE_CCTS_LOOKUP_UNAVAILABLE' });
    // The service itself is fine.
    expect((await service.get('/healthz')).status).toBe(200);
  });
});

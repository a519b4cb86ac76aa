import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cctsTableIdentifier } from './ccts-schema.js';
import { CCTsManager } from './ccts-manager.js';
import { EntityManager } from './entity-manager.js';
import { LocalCCTSource } from './local-cct-source.js';
import { startTestLookupApi } from '../test-fixtures/ccts-services.js';

const ROWS = [
  [1, '09DPR0001A', 'ESCUELA PRIMARIA BENITO JUÁREZ'],
  [2, '14EJN0002B', 'JARDÍN DE NIÑOS SOR JUANA'],
] as const;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-ccts-entities-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function count(service: Awaited<ReturnType<typeof startTestLookupApi>>, clave: string): Promise<number> {
  const { rows } = await service.pool.query<{ n: string }>(
    `SELECT count(*) AS n FROM ${cctsTableIdentifier(service.table)} WHERE clave = $1`,
    [clave],
  );
  return Number(rows[0]!.n);
}

describe('EntityManager.getOrCreateCCT on top of CCTsManager', () => {
  it('pre-load mode: existing CCTs cost no query; a new one is created once, even when asked concurrently', async () => {
    const service = await startTestLookupApi(ROWS);
    const file = path.join(dir, 'export.csv');
    fs.writeFileSync(file, `id,clave,nombre\n${ROWS.map((r) => r.join(',')).join('\n')}\n`);
    const ccts = new CCTsManager({ source: new LocalCCTSource(file), lookupApiUrl: service.api.url });
    const entities = new EntityManager({ ccts, pool: service.pool, table: service.table });
    try {
      expect(await entities.getOrCreateCCT('09DPR0001A')).toBe(1);
      expect(await entities.getOrCreateCCT('14EJN0002B')).toBe(2);
      expect(entities.created).toBe(0);

      const ids = await Promise.all(Array.from({ length: 10 }, () => entities.getOrCreateCCT('21DPR0099Z')));
      expect(new Set(ids).size).toBe(1);
      expect(ids[0]).toBeGreaterThan(2); // the identity continues after the exported ids
      expect(entities.created).toBe(1);
      expect(await count(service, '21DPR0099Z')).toBe(1);
      // The manager learnt it: the next call is answered from memory.
      expect(await ccts.lookup('21DPR0099Z')).toBe(ids[0]);
      expect(await entities.getOrCreateCCT('21DPR0099Z')).toBe(ids[0]);
      expect(entities.created).toBe(1);
      expect(ccts.getStats()).toMatchObject({ mode: 'preload', apiCalls: 0 });
      await expect(entities.getOrCreateCCT('21-DPR-0099')).rejects.toMatchObject({ code: 'HEAPGATE_CCTS_INVALID_CLAVE' });
    } finally {
      await ccts.close();
      await service.close();
    }
  });

  it('on-demand mode: creates after a negative answer, then answers without the API; creates nothing while the API is down', async () => {
    const service = await startTestLookupApi(ROWS);
    const ccts = new CCTsManager({ mode: 'on-demand', lookupApiUrl: service.api.url });
    const entities = new EntityManager({ ccts, pool: service.pool, table: service.table });
    try {
      expect(await entities.getOrCreateCCT('14EJN0002B')).toBe(2);
      const id = await entities.getOrCreateCCT('30DPR0100C');
      expect(await count(service, '30DPR0100C')).toBe(1);
      const calls = ccts.getStats().apiCalls;
      expect(await entities.getOrCreateCCT('30DPR0100C')).toBe(id); // remembered: no API call, no insert
      expect(ccts.getStats().apiCalls).toBe(calls);
      expect(entities.created).toBe(1);

      await service.api.close();
      await expect(entities.getOrCreateCCT('30DPR0101D')).rejects.toMatchObject({ code: 'HEAPGATE_CCTS_LOOKUP_UNAVAILABLE' });
      expect(await count(service, '30DPR0101D')).toBe(0);
      expect(await entities.getOrCreateCCT('14EJN0002B')).toBe(2); // cached
    } finally {
      await ccts.close();
      await service.close();
    }
  });
});

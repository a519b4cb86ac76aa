import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cctsTableIdentifier } from './ccts-schema.js';
import { CCTLookupApiClient } from './cct-lookup-api-client.js';
import { startTestLookupApi } from '../test-fixtures/ccts-services.js';

let service: Awaited<ReturnType<typeof startTestLookupApi>>;
beforeAll(async () => {
  service = await startTestLookupApi([
    [7, '09DPR0007A', 'ESCUELA PRIMARIA "BENITO JUÁREZ", ANEXA'],
    [8, '14EJN0008B', 'JARDÍN DE NIÑOS ÑANDÚ'],
  ]);
});
afterAll(async () => {
  await service?.close();
});

const get = (query: string) => fetch(`${service.api.url}${query}`);

describe('lookup API server', () => {
  it('answers a Strapi-shaped collection for a clave filter (qs-encoded or raw brackets)', async () => {
    for (const q of ['/api/ccts?filters%5Bclave%5D%5B%24eq%5D=09DPR0007A', '/api/ccts?filters[clave][$eq]=09DPR0007A']) {
      const res = await get(q);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      expect(await res.json()).toEqual({
        data: [{ id: 7, attributes: { clave: '09DPR0007A', nombre: 'ESCUELA PRIMARIA "BENITO JUÁREZ", ANEXA' } }],
        meta: { pagination: { page: 1, pageSize: 25, pageCount: 1, total: 1 } },
      });
    }
  });

  it('answers an empty collection for an unknown clave, and treats SQL in the clave as data', async () => {
    const unknown = await (await get('/api/ccts?filters[clave][$eq]=99ZZZ9999Z')).json();
    expect(unknown).toMatchObject({ data: [], meta: { pagination: { total: 0 } } });
    const injection = encodeURIComponent(`x'; DROP TABLE ${cctsTableIdentifier(service.table)}; --`);
    expect(await (await get(`/api/ccts?filters[clave][$eq]=${injection}`)).json()).toMatchObject({ data: [] });
    expect(await (await get('/api/ccts?filters[clave][$eq]=14EJN0008B')).json()).toMatchObject({ data: [{ id: 8 }] });
  });

  it('answers 400 without exactly one clave filter, 404 elsewhere, 405 for other methods', async () => {
    for (const q of [
      '/api/ccts',
      '/api/ccts?filters[clave][$eq]=',
      '/api/ccts?filters[clave][$eq]=A&filters[clave][$eq]=B',
      '/api/ccts?filters[nombre][$eq]=X',
    ]) {
      const res = await get(q);
      expect(res.status, q).toBe(400);
      expect(await res.json()).toMatchObject({ data: null, error: { status: 400, name: 'ValidationError' } });
    }
    expect((await get('/api/other')).status).toBe(404);
    expect((await fetch(`${service.api.url}/api/ccts?filters[clave][$eq]=09DPR0007A`, { method: 'POST' })).status).toBe(405);
  });

  it('is what CCTLookupApiClient expects', async () => {
    const client = new CCTLookupApiClient({ baseUrl: service.api.url });
    expect(await client.findId('09DPR0007A')).toBe(7);
    expect(await client.findId('99ZZZ9999Z')).toBeNull();
    expect(client.requests).toBe(2);
    expect(() => new CCTLookupApiClient({ baseUrl: 'not a url' })).toThrow(/baseUrl/);
    expect(() => new CCTLookupApiClient({ baseUrl: 'ftp://x' })).toThrow(/http/);
    expect(() => new CCTLookupApiClient({ baseUrl: service.api.url, requestTimeoutMs: 0 })).toThrow(/requestTimeoutMs/);
  });

  it('only accepts a plain table name', async () => {
    const { startLookupApiServer } = await import('./lookup-api-server.js');
    await expect(startLookupApiServer({ connectionString: 'postgres://x@127.0.0.1:1/x', table: 'ccts; DROP TABLE x' })).rejects.toThrow(
      /table must be/,
    );
  });
});

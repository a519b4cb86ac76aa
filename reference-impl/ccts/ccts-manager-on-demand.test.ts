/**
 * On-demand mode against the real lookup API and the real PostgreSQL behind it: one API call
 * per unique clave (found or not), concurrent lookups sharing a call, and the API going away in
 * the middle of a run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CCTsManager } from './ccts-manager.js';
import { CCTsError } from './ccts-error.js';
import { startTestLookupApi } from '../test-fixtures/ccts-services.js';

const ROWS = Array.from(
  { length: 200 },
  (_, i) => [i + 1, `${String(1 + (i % 32)).padStart(2, '0')}EPR${String(i).padStart(4, '0')}B`, `ESCUELA PRIMARIA ${i + 1}`] as const,
);
const clave = (i: number) => ROWS[i]![1];
let service: Awaited<ReturnType<typeof startTestLookupApi>>;

beforeAll(async () => {
  service = await startTestLookupApi(ROWS);
});
afterAll(async () => {
  await service?.close();
});

describe('CCTsManager on demand', () => {
  it('calls the API once per unique clave, unknown ones included, and answers repeats from the caches', async () => {
    const manager = new CCTsManager({ mode: 'on-demand', lookupApiUrl: service.api.url });
    const served = service.api.requests;
    const stream = [clave(0), clave(1), '40DPR0000Z', clave(0), '40DPR0000Z', clave(1), clave(2), '41DPR0000Z', clave(0), '40DPR0000Z'];
    const answers = [];
    for (const c of stream) answers.push(await manager.lookup(c));
    expect(answers).toEqual([1, 2, null, 1, null, 2, 3, null, 1, null]);
    const stats = manager.getStats();
    expect(stats).toMatchObject({
      mode: 'on-demand',
      onDemandReason: 'configured',
      lookups: 10,
      apiCalls: 5,
      misses: 5,
      hits: 3,
      negativeHits: 2,
    });
    expect(stats.hitRate).toBeCloseTo(0.5);
    expect(service.api.requests - served).toBe(5); // counted by the server too
    await manager.close();
  });

  it('makes ONE call for 100 concurrent lookups of one clave, and one per clave across 50 claves × 4', async () => {
    const manager = new CCTsManager({ mode: 'on-demand', lookupApiUrl: service.api.url });
    const served = service.api.requests;
    const same = await Promise.all(Array.from({ length: 100 }, () => manager.lookup(clave(10))));
    expect(new Set(same)).toEqual(new Set([11]));
    expect(manager.getStats()).toMatchObject({ apiCalls: 1, inflightJoins: 99 });
    const many = await Promise.all(
      Array.from({ length: 200 }, (_, i) => manager.lookup(i % 50 < 45 ? clave(100 + (i % 50)) : `50DPR00${i % 50}Z`)),
    );
    expect(many.filter((id) => id === null)).toHaveLength(20);
    expect(manager.getStats().apiCalls).toBe(1 + 50);
    expect(service.api.requests - served).toBe(51);
    await manager.close();
  });

  it('rejects a malformed clave without calling the API', async () => {
    const manager = new CCTsManager({ mode: 'on-demand', lookupApiUrl: service.api.url });
    const served = service.api.requests;
    for (const bad of ['09DPR12', '09dpr1234x', '', "09DPR1234X' OR '1'='1"]) {
      await expect(manager.lookup(bad)).rejects.toMatchObject({ code: 'HEAPGATE_CCTS_INVALID_CLAVE' });
    }
    expect(manager.getStats()).toMatchObject({ rejectedClaves: 4, lookups: 0, apiCalls: 0 });
    expect(service.api.requests).toBe(served);
    await manager.close();
  });

  it('re-asks after an eviction from a bounded cache (the bound is real)', async () => {
    const manager = new CCTsManager({ mode: 'on-demand', lookupApiUrl: service.api.url, maxCachedClaves: 2 });
    for (const i of [20, 21, 22, 20]) await manager.lookup(clave(i));
    expect(manager.getStats()).toMatchObject({ apiCalls: 4, cachedClaves: 2 });
    await manager.close();
  });
});

describe('CCTsManager when the lookup API stops mid-run', () => {
  it('fails the affected lookups with a coded error, keeps answering cached claves, and does not crash', async () => {
    const own = await startTestLookupApi(ROWS.slice(0, 20));
    const manager = new CCTsManager({ mode: 'on-demand', lookupApiUrl: own.api.url, requestTimeoutMs: 2000 });
    expect(await manager.lookup(clave(0))).toBe(1);
    expect(await manager.lookup('42DPR0000Z')).toBeNull();

    // Lookups in flight while the API goes away, then lookups after it is gone.
    const inFlight = Array.from({ length: 10 }, (_, i) =>
      manager.lookup(clave(1 + i)).then(
        (id) => ({ id }),
        (error: unknown) => ({ error }),
      ),
    );
    await own.api.close();
    const results = await Promise.all(inFlight);
    for (const r of results) {
      if ('error' in r) expect(r.error).toMatchObject({ code: expect.stringMatching(/^HEAPGATE_CCTS_LOOKUP_(UNAVAILABLE|FAILED)$/) });
      else expect(r.id).toBeGreaterThan(0);
    }
    const after = await manager.lookup(clave(15)).catch((e: unknown) => e);
    expect(after).toBeInstanceOf(CCTsError);
    expect(after).toMatchObject({ code: 'HEAPGATE_CCTS_LOOKUP_UNAVAILABLE', clave: clave(15) });
    expect((after as Error).message).toMatch(new RegExp(`CCT lookup API ${own.api.url} unreachable for clave ${clave(15)}: ECONNREFUSED`));

    // Cached answers still come from memory, found and not found.
    expect(await manager.lookup(clave(0))).toBe(1);
    expect(await manager.lookup('42DPR0000Z')).toBeNull();
    // Failures are not cached: asking again asks the API again (and fails again).
    const callsBefore = manager.getStats().apiCalls;
    await expect(manager.lookup(clave(15))).rejects.toMatchObject({ code: 'HEAPGATE_CCTS_LOOKUP_UNAVAILABLE' });
    expect(manager.getStats().apiCalls).toBe(callsBefore + 1);
    expect(manager.getStats().apiErrors).toBeGreaterThanOrEqual(2);
    await manager.close();
    await own.close();
  });

  it('reports an HTTP error from the API as HEAPGATE_CCTS_LOOKUP_FAILED', async () => {
    const own = await startTestLookupApi(ROWS.slice(0, 2));
    // The table disappears under the running API: every query now fails with a 500.
    await own.pool.query(`DROP TABLE "${own.table}"`);
    const manager = new CCTsManager({ mode: 'on-demand', lookupApiUrl: own.api.url });
    await expect(manager.lookup(clave(0))).rejects.toMatchObject({
      code: 'HEAPGATE_CCTS_LOOKUP_FAILED',
      message: expect.stringMatching(/HTTP 500/),
    });
    await manager.close();
    await expect(manager.lookup(clave(0))).rejects.toMatchObject({ code: 'HEAPGATE_CCTS_CLOSED' });
    await own.close();
  });
});

describe('CCTsManager options', () => {
  it('are validated once, in the constructor, naming the option', () => {
    expect(() => new CCTsManager({ mode: 'lazy' as never })).toThrow(/mode must be one of auto, preload, on-demand/);
    expect(() => new CCTsManager({ maxMemoryBytes: 0 })).toThrow(/maxMemoryBytes must be a number of bytes > 0/);
    expect(() => new CCTsManager({ maxCachedClaves: 0 })).toThrow(/maxCachedClaves/);
    expect(() => new CCTsManager({ maxNegativeClaves: 1.5 })).toThrow(/maxNegativeClaves/);
    expect(() => new CCTsManager({ lookupApiUrl: 'nope' })).toThrow(/baseUrl/);
    expect(() => new CCTsManager({ log: 'x' as never })).toThrow(/log must be a function/);
  });
});

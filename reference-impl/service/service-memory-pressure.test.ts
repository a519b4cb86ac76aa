/**
 * The reference service with `pressure: 'tiered'`, over real HTTP, driven by scripted heap
 * readings: `/metrics` exposes and updates the memory-pressure series (scraped and parsed),
 * emergency sheds `/work` with 503 + Retry-After while health and metrics are served, the work
 * cache is emptied at critical and its hot keys are back after the return to normal, the
 * dashboard is mounted; `'under-pressure'` mounts the anchor and an observing handler; `'none'`
 * none of it.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeapPressureReading } from '../pressure/heap-pressure-reading.js';
import type { MemoryHealthResponse } from './health-routes.js';
import { createTestContactsDatabase, startTestService, type TestContactsDatabase, type TestService } from './test-fixtures/test-service.js';
import type { WorkResponse } from './work-routes.js';

const LIMIT = 1_000_000_000;
let data: TestContactsDatabase;
let ratio = 0.3;
const readPressure = (): HeapPressureReading => ({ usedBytes: Math.round(ratio * LIMIT), limitBytes: LIMIT });
const services: TestService[] = [];

beforeAll(async () => {
  data = await createTestContactsDatabase('service_pressure', 20);
});
afterAll(async () => {
  for (const s of services) await s.close();
  await data?.drop();
});

async function start(pressure: 'none' | 'under-pressure' | 'tiered'): Promise<TestService> {
  const s = await startTestService({
    pool: data.pool,
    pressure,
    work: { resultBytes: 1024, scratchBytes: 2048, steps: 2, stepDelayMs: 0, cacheMaxBytes: 1_000_000 },
    // No timer or GC readings: the test takes every reading itself, and leaves a level at once.
    pressureOptions: { handler: { readPressure, minDwellMs: 0, sampleIntervalMs: 60_000, observeGc: false } },
  });
  services.push(s);
  return s;
}

/** Parses Prometheus text into `name{labels}` → value. */
function parseMetrics(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    out.set(m[1]!, Number(m[2]));
  }
  return out;
}

async function scrape(s: TestService): Promise<Map<string, number>> {
  const r = await s.get('/metrics');
  expect(r.status).toBe(200);
  return parseMetrics(r.text);
}

function level(s: TestService, to: number): void {
  ratio = to;
  s.app.memoryPressure.handler!.sample();
}

describe("createReferenceService({ pressure: 'tiered' })", () => {
  it('exports the memory-pressure series on /metrics and moves them with the level', async () => {
    ratio = 0.3;
    const s = await start('tiered');
    expect((await s.get('/work/k1')).status).toBe(200);
    expect(((await s.get('/work/k1')).json as WorkResponse).cached).toBe(true);
    const normal = await scrape(s);
    for (const type of ['heap_used', 'heap_total', 'rss', 'external', 'array_buffers']) {
      expect(normal.get(`memory_usage_bytes{type="${type}"}`), type).toBeGreaterThan(type === 'array_buffers' ? -1 : 0);
    }
    expect(normal.get('nodejs_heap_size_limit_bytes')).toBeGreaterThan(0);
    expect(normal.get('memory_pressure_level')).toBe(0);
    expect(normal.get('memory_pressure_ratio')).toBeCloseTo(0.3);
    expect(normal.get('cache_size_bytes{cache="work"}')).toBeGreaterThan(1024);
    expect(normal.get('cache_hit_ratio{cache="work"}')).toBe(0.5);
    expect(normal.get('memory_pressure_shed_requests_total{priority="normal",reason="priority"}')).toBe(0);

    level(s, 0.97);
    const shed = await s.get('/work/k2');
    expect(shed.status).toBe(503);
    expect(shed.headers.get('retry-after')).toBe('10');
    expect(shed.headers.get('x-memory-pressure-level')).toBe('emergency');
    expect((await s.get('/healthz')).status).toBe(200);
    const health = await s.get('/health/memory');
    expect(health.status).toBe(200);
    expect((health.json as MemoryHealthResponse).level).toBe('emergency');
    expect(['LOW', 'MODERATE', 'HIGH', 'CRITICAL']).toContain((health.json as MemoryHealthResponse).status);
    const emergency = await scrape(s);
    expect(emergency.get('memory_pressure_level')).toBe(3);
    expect(emergency.get('memory_pressure_transitions_total{from="normal",to="emergency"}')).toBe(1);
    expect(emergency.get('memory_pressure_shed_requests_total{priority="normal",reason="priority"}')).toBe(1);
    // Critical emptied the work cache (non-essential caching).
    expect(emergency.get('cache_entries{cache="work"}')).toBe(0);
  });

  it('refreshes the hot keys into the work cache once the level is back to normal', async () => {
    ratio = 0.3;
    const s = await start('tiered');
    for (const key of ['hot', 'hot', 'hot', 'warm']) expect((await s.get(`/work/${key}`)).status).toBe(200);
    level(s, 0.9);
    expect(s.app.memoryPressure.degradation!.isEnabled('work-cache')).toBe(false);
    // While caching is off a miss is computed but not kept.
    expect(((await s.get('/work/cold')).json as WorkResponse).cached).toBe(false);
    expect(((await s.get('/work/cold')).json as WorkResponse).cached).toBe(false);
    level(s, 0.5); // critical → warning (one step per reading)
    level(s, 0.5); // warning → normal: the refresh starts
    expect(s.app.memoryPressure.handler!.level).toBe('normal');
    expect(s.app.memoryPressure.degradation!.isEnabled('work-cache')).toBe(true);
    for (let i = 0; i < 100 && s.app.memoryPressure.refresher!.stats().refreshes === 0; i++) await new Promise((r) => setTimeout(r, 10));
    const hot = (await s.get('/work/hot')).json as WorkResponse;
    expect(hot.cached).toBe(true);
    // The same digest as computed on the route: the refresh stores what a miss would.
    const fresh = (await s.get('/work/fresh-1')).json as WorkResponse;
    const refreshed = await fetch(`${s.baseUrl}/work/fresh-1`).then((r) => r.json() as Promise<WorkResponse>);
    expect([refreshed.cached, refreshed.digest]).toEqual([true, fresh.digest]);
    const metrics = await scrape(s);
    expect(metrics.get('memory_pressure_transitions_total{from="warning",to="normal"}')).toBe(1);
  });

  it('caps requests in flight from warning on when warningMaxInFlight is set', async () => {
    ratio = 0.3;
    const s = await startTestService({
      pool: data.pool,
      pressure: 'tiered',
      work: { resultBytes: 1024, scratchBytes: 2048, steps: 2, stepDelayMs: 300, cacheMaxBytes: 1_000_000 },
      pressureOptions: { warningMaxInFlight: 1, handler: { readPressure, minDwellMs: 0, sampleIntervalMs: 60_000, observeGc: false } },
    });
    services.push(s);
    level(s, 0.75);
    expect(s.app.memoryPressure.handler!.level).toBe('warning');
    const slow = s.get('/work/slow');
    for (let i = 0; i < 200 && s.app.memoryPressure.degradation!.inFlight === 0; i++) await new Promise((r) => setTimeout(r, 5));
    const second = await s.get('/work/other');
    expect(second.status).toBe(503);
    expect((second.json as { reason: string }).reason).toBe('in-flight');
    expect((await s.get('/healthz')).status).toBe(200);
    expect((await slow).status).toBe(200);
    level(s, 0.3);
    // Given back in steps (the default restore: 4 steps of one dwell time, at least 1 ms), not at once.
    expect(s.app.memoryPressure.degradation!.maxInFlight).toBe(1);
    for (let i = 0; i < 200 && s.app.memoryPressure.degradation!.maxInFlight !== Number.POSITIVE_INFINITY; i++) {
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(s.app.memoryPressure.degradation!.maxInFlight).toBe(Number.POSITIVE_INFINITY);
  });

  it('serves the memory dashboard (critical: also at emergency)', async () => {
    ratio = 0.3;
    const s = await start('tiered');
    level(s, 0.99);
    const page = await s.get('/admin/monitoring/memory');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('answers a suggestion request with the fallback instead of 503 when the breaker trips', async () => {
    let reads = 0;
    ratio = 0.3;
    const s = await startTestService({
      pool: data.pool,
      pressure: 'tiered',
      suggestionCache: false,
      pressureOptions: { handler: { readPressure, observeGc: false } },
      breaker: {
        checkIntervalMs: 1,
        // The first reading is over the threshold, every later one under it.
        readMemoryUsage: () => {
          const heapPercent = reads++ === 0 ? 99 : 10;
          return { heapUsed: heapPercent * 1e6, heapTotal: 100e6, heapSizeLimit: 100e6, heapPercent, rss: 0, external: 0 } as never;
        },
      },
    });
    services.push(s);
    const r = await s.get(`/users/${encodeURIComponent(data.fixture.userId)}/suggestions`);
    expect(r.status).toBe(200);
    const body = r.json as { suggestions: unknown[]; warning?: string; batches: number; rowsRead: number };
    expect(body.warning).toMatch(/partial results \(at most 25 suggestions from batches of 50\)/);
    expect(body.suggestions.length).toBeLessThanOrEqual(25);
    expect(body.rowsRead).toBeGreaterThan(0);
  });
});

describe('the other pressure modes', () => {
  it("'under-pressure' mounts the anchor and an observing handler with the level series", async () => {
    ratio = 0.97;
    const s = await start('under-pressure');
    expect(typeof (s.app as unknown as { memoryUsage?: unknown }).memoryUsage).toBe('function');
    s.app.memoryPressure.handler!.sample();
    // Observing only: the scripted emergency sheds nothing (the anchor reads the real heap).
    expect((await s.get('/work/a')).status).toBe(200);
    const metrics = await scrape(s);
    expect(metrics.get('memory_pressure_level')).toBe(3);
    expect(metrics.has('memory_pressure_shed_requests_total{priority="normal",reason="priority"}')).toBe(false);
    expect(s.app.memoryPressure.degradation).toBeUndefined();
  });

  it("'none' adds no handler, no dashboard and no pressure series", async () => {
    const s = await start('none');
    expect(s.app.memoryPressure.handler).toBeUndefined();
    expect((await s.get('/admin/monitoring/memory')).status).toBe(404);
    expect(((await s.get('/health/memory')).json as MemoryHealthResponse).level).toBeNull();
    const metrics = await scrape(s);
    expect(metrics.has('memory_pressure_level')).toBe(false);
    expect(metrics.has('cache_size_bytes{cache="work"}')).toBe(true);
  });

  it('rejects an unknown mode with a TypeError naming the option', async () => {
    const pool = new pg.Pool({ max: 1 });
    const { createReferenceService } = await import('./create-reference-service.js');
    await expect(createReferenceService({ pool, pressure: 'maybe' as never })).rejects.toThrow(
      /pressure must be one of none, under-pressure, tiered/,
    );
    await expect(createReferenceService({ pool, work: { steps: 0 } })).rejects.toThrow(/work\.steps must be a whole number/);
    await pool.end();
  });
});

/**
 * The @fastify/under-pressure anchor: configured from the same defaults as the handler, one
 * absolute heap threshold for every route, 503 with Retry-After once its sample is over it.
 */
import v8 from 'node:v8';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryPressureHandler } from './memory-pressure-handler.js';
import { DegradationManager } from './degradation-manager.js';
import { registerUnderPressureAnchor, underPressureAnchorOptions } from './under-pressure-anchor.js';

const apps: FastifyInstance[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

describe('under-pressure anchor', () => {
  it('sets the heap threshold at 95 % of the heap limit, sampled and answered like the handler', () => {
    const limit = v8.getHeapStatistics().heap_size_limit;
    const handler = new MemoryPressureHandler({ logger: () => {} });
    expect(underPressureAnchorOptions()).toEqual({
      maxHeapUsedBytes: Math.floor(0.95 * limit),
      sampleInterval: handler.options.sampleIntervalMs,
      retryAfter: new DegradationManager().retryAfterSeconds,
    });
    expect(underPressureAnchorOptions().maxHeapUsedBytes).toBe(Math.floor(handler.options.thresholds.emergency * limit));
    expect(underPressureAnchorOptions({ heapRatio: 0.5, heapLimitBytes: 1000, sampleIntervalMs: 50, retryAfterSeconds: 2 })).toEqual({
      maxHeapUsedBytes: 500,
      sampleInterval: 50,
      retryAfter: 2,
    });
  });

  it('answers 503 with Retry-After on every route once the sampled heap is over the threshold', async () => {
    const app = Fastify();
    apps.push(app);
    // A threshold of one byte: the first sample is over it.
    await registerUnderPressureAnchor(app, { heapRatio: 1e-12, sampleIntervalMs: 10, retryAfterSeconds: 4 });
    app.get('/login', { config: { priority: 'critical' } }, async () => 'ok');
    await app.ready();
    for (let i = 0; i < 1000 && !app.isUnderPressure(); i++) await new Promise((r) => setTimeout(r, 5));
    expect(app.isUnderPressure()).toBe(true);
    const res = await app.inject('/login');
    expect(res.statusCode).toBe(503); // no tiers: a critical route is refused like any other
    expect(res.headers['retry-after']).toBe('4');
    expect(res.json()).toMatchObject({ code: 'FST_UNDER_PRESSURE', statusCode: 503 });
  });

  it('serves requests under the default 95 % threshold', async () => {
    const app = Fastify();
    apps.push(app);
    await registerUnderPressureAnchor(app, { sampleIntervalMs: 10 });
    app.get('/', async () => 'ok');
    await new Promise((r) => setTimeout(r, 30));
    expect((await app.inject('/')).statusCode).toBe(200);
    expect(app.isUnderPressure()).toBe(false);
  });

  it('validates its options', () => {
    expect(() => underPressureAnchorOptions({ heapRatio: 0 })).toThrow(/heapRatio must be a share of the heap size limit in \(0, 1\]/);
    expect(() => underPressureAnchorOptions({ sampleIntervalMs: 5 })).toThrow(
      /sampleIntervalMs must be a whole number of milliseconds ≥ 10/,
    );
    expect(() => underPressureAnchorOptions({ retryAfterSeconds: 0.5 })).toThrow(/retryAfterSeconds/);
    expect(() => underPressureAnchorOptions({ heapLimitBytes: -1 })).toThrow(/heapLimitBytes/);
  });
});

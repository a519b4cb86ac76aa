/**
 * registerMemoryDashboard's options: each is checked once, with a TypeError naming it and its
 * unit; the defaults are the documented ones; the sampling timer never holds the process.
 */
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { type MemoryDashboardOptions, registerMemoryDashboard } from './memory-dashboard.js';
import { MemoryDashboardHistory } from './memory-dashboard-history.js';
import { scriptedHandler } from './test-fixtures/scripted-pressure.js';

const apps: ReturnType<typeof Fastify>[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

function app() {
  const a = Fastify();
  apps.push(a);
  return a;
}

const timeouts = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('registerMemoryDashboard options', () => {
  it('rejects each bad option with a TypeError naming it and its unit', () => {
    const handler = scriptedHandler().handler;
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ handler: undefined }, /^handler must be a MemoryPressureHandler$/],
      [{ handler: {} }, /^handler must be a MemoryPressureHandler$/],
      [{ caches: {} }, /^caches must be a CacheRegistry$/],
      [{ path: 'admin' }, /^path must be an absolute URL path/],
      [{ path: '/admin/' }, /^path must be an absolute URL path/],
      [{ path: '/users/:id' }, /^path must be an absolute URL path/],
      [{ path: '/a"><script>' }, /^path must be an absolute URL path/],
      [{ intervalMs: 5 }, /^intervalMs must be a whole number of milliseconds ≥ 10, got 5$/],
      [{ intervalMs: 100.5 }, /^intervalMs must be a whole number of milliseconds ≥ 10/],
      [{ historySamples: 1 }, /^historySamples must be a whole number of samples in \[2, 10000\], got 1$/],
      [{ historySamples: 10_001 }, /^historySamples must be a whole number of samples in \[2, 10000\]/],
      [{ maxTransitions: 0 }, /^maxTransitions must be a whole number of events ≥ 1/],
      [{ maxClients: Number.POSITIVE_INFINITY }, /^maxClients must be a whole number of connections ≥ 1/],
      [{ token: 'short' }, /^token must be a string of at least 16 visible ASCII characters/],
    ];
    for (const [options, message] of cases) {
      expect(
        () => registerMemoryDashboard(app(), { handler, ...options } as unknown as MemoryDashboardOptions),
        JSON.stringify(options),
      ).toThrow(message);
    }
    expect(() => registerMemoryDashboard(app(), null as unknown as MemoryDashboardOptions)).toThrow(TypeError);
  });

  it('defaults: the seed-003 path, its events beside it, and nothing else required', async () => {
    const a = app();
    const dashboard = registerMemoryDashboard(a, { handler: scriptedHandler().handler });
    await a.ready();
    expect(dashboard.path).toBe('/admin/monitoring/memory');
    expect(dashboard.eventsPath).toBe('/admin/monitoring/memory/events');
    expect(dashboard.clients).toBe(0);
    expect(dashboard.historyLength).toBe(1); // the sample taken at registration
    const page = await a.inject({ url: '/admin/monitoring/memory' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('no caches registered');
    expect(page.body).toContain('window: 4 min 59 s'); // 299 intervals of 1 s
  });

  it('samples on an unref()ed timer: a registered dashboard never holds the process open', () => {
    const a = app();
    const before = timeouts();
    registerMemoryDashboard(a, { handler: scriptedHandler().handler, intervalMs: 10_000 });
    expect(timeouts()).toBe(before);
  });
});

describe('MemoryDashboardHistory', () => {
  it('keeps the last capacity items, oldest first', () => {
    const h = new MemoryDashboardHistory<number>(3);
    expect(h.toArray()).toEqual([]);
    h.push(1);
    h.push(2);
    expect(h.toArray()).toEqual([1, 2]);
    for (let i = 3; i <= 10; i++) h.push(i);
    expect(h.toArray()).toEqual([8, 9, 10]);
    expect(h.size).toBe(3);
    expect(() => new MemoryDashboardHistory(0)).toThrow(/capacity must be a whole number of items ≥ 1/);
  });
});

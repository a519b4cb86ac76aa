/**
 * The dashboard's event stream over real HTTP: the wire format (headers, `retry:`, one-line
 * JSON `data:`), what `init`, `update` and `transition` carry, a pressure event pushed as it
 * happens, hostile data that cannot forge or split events, and the bounds: streams forgotten
 * when the client disconnects, ended when the app closes, a connection cap, a client that stops
 * reading dropped instead of buffered for ever, history capped.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { InstrumentedLruCache } from '../caches/instrumented-lru-cache.js';
import { DASHBOARD_MAX_CLIENT_BACKLOG_BYTES, DASHBOARD_RECONNECT_MS } from './memory-dashboard-defaults.js';
import { formatServerSentEvent } from './memory-dashboard-event-stream.js';
import type { DashboardInit, DashboardTransition, DashboardUpdate } from './memory-dashboard-state.js';
import { type DashboardApp, HOSTILE_CACHE_NAME, startDashboardApp, until } from './test-fixtures/memory-dashboard-app.js';
import { openEventStream } from './test-fixtures/memory-dashboard-sse-client.js';

const started: DashboardApp[] = [];
afterEach(async () => {
  for (const s of started.splice(0)) await s.app.close();
});

async function start(options: Parameters<typeof startDashboardApp>[0] = {}) {
  const s = await startDashboardApp(options);
  started.push(s);
  return s;
}

describe('memory dashboard event stream', () => {
  it('speaks text/event-stream: retry first, then events of one event line and one JSON data line each', async () => {
    const { eventsUrl } = await start();
    const events = await openEventStream(eventsUrl);
    expect(events.status).toBe(200);
    expect(events.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(events.headers['cache-control']).toBe('no-store');
    expect(events.headers['x-accel-buffering']).toBe('no');
    await events.next('init');
    await events.next('update');
    await events.next('update');
    events.close();
    const raw = events.raw();
    expect(raw.startsWith(`retry: ${DASHBOARD_RECONNECT_MS}\n\nevent: init\ndata: {`)).toBe(true);
    expect(events.retryMs()).toBe(DASHBOARD_RECONNECT_MS);
    const blocks = raw.split('\n\n').filter((b) => b !== '');
    for (const block of blocks.slice(1)) {
      const lines = block.split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^event: (init|update|transition)$/);
      expect(lines[1]!.startsWith('data: ')).toBe(true);
      expect(() => JSON.parse(lines[1]!.slice(6))).not.toThrow();
    }
  });

  it('opens with everything the page draws: thresholds, window, history, current sample, caches, events, counters', async () => {
    const { eventsUrl, scripted } = await start({ historySamples: 40, maxTransitions: 7 });
    scripted.read(0.75); // normal → warning
    const events = await openEventStream(eventsUrl);
    const init = JSON.parse((await events.next('init')).data) as DashboardInit;
    events.close();
    expect(init.thresholds).toEqual({ warning: 0.7, critical: 0.85, emergency: 0.95 });
    expect(init.intervalMs).toBe(50);
    expect(init.historySamples).toBe(40);
    expect(init.maxTransitions).toBe(7);
    expect(init.history.length).toBeGreaterThanOrEqual(2); // the first sample, and one at the transition
    expect(init.current).toMatchObject({ level: 'warning', pressure: 0.75, heapUsedBytes: 750_000_000, heapLimitBytes: 1_000_000_000 });
    expect(init.current.rssBytes).toBeGreaterThan(0);
    expect(init.caches).toEqual([
      { name: 'contacts', entries: 2, sizeBytes: expect.any(Number), hits: 3, misses: 1, hitRatio: 0.75, evictions: 0, capacityFactor: 1 },
      { name: 'suggestions', entries: 0, sizeBytes: 0, hits: 0, misses: 0, hitRatio: 0, evictions: 0, capacityFactor: 1 },
    ]);
    expect(init.caches[0]!.sizeBytes).toBeGreaterThan(0);
    expect(init.transitions).toEqual([{ time: expect.any(Number), from: 'normal', to: 'warning', pressure: 0.75 }]);
    expect(init.counters).toMatchObject({ readings: 2, transitions: 1, readingErrors: 0, actionErrors: 0 });
  });

  it('pushes a pressure event as it happens: a transition, then an update at the new level', async () => {
    const { eventsUrl, scripted } = await start({ intervalMs: 60_000 }); // no timer update during the test
    const events = await openEventStream(eventsUrl);
    await events.next('init');
    expect(scripted.read(0.9)).toBe('critical');
    const transition = JSON.parse((await events.next('transition')).data) as DashboardTransition;
    expect(transition).toMatchObject({ from: 'normal', to: 'critical', pressure: 0.9 });
    expect(Math.abs(transition.time - Date.now())).toBeLessThan(60_000); // wall-clock epoch ms, not the handler's clock
    const update = JSON.parse((await events.next('update')).data) as DashboardUpdate;
    expect(update.sample).toMatchObject({ level: 'critical', pressure: 0.9, heapUsedBytes: 900_000_000 });
    expect(update.counters.transitions).toBe(1);
    expect(update.caches.map((c) => c.name)).toEqual(['contacts', 'suggestions']);
    events.close();
  });

  it('carries a hostile cache name intact inside the JSON, without splitting or forging events', async () => {
    const { eventsUrl } = await start({ cacheNames: [HOSTILE_CACHE_NAME] });
    const events = await openEventStream(eventsUrl);
    const init = JSON.parse((await events.next('init')).data) as DashboardInit;
    const update = JSON.parse((await events.next('update')).data) as DashboardUpdate;
    events.close();
    expect(init.caches[0]!.name).toBe(HOSTILE_CACHE_NAME);
    expect(update.caches[0]!.name).toBe(HOSTILE_CACHE_NAME);
    expect(events.events.some((e) => e.event === 'transition')).toBe(false); // the name's "event: transition" stayed data
    expect(formatServerSentEvent('update', { name: 'a\r\nb\n\nc' })).toBe('event: update\ndata: {"name":"a\\r\\nb\\n\\nc"}\n\n');
    expect(() => formatServerSentEvent('x\ndata: y', {})).toThrow(TypeError);
  });

  it('forgets a stream as soon as its client disconnects', async () => {
    const { eventsUrl, dashboard } = await start();
    const a = await openEventStream(eventsUrl);
    const b = await openEventStream(eventsUrl);
    await a.next('init');
    await b.next('init');
    expect(dashboard.clients).toBe(2);
    a.close();
    await until(() => dashboard.clients === 1, 'the first stream to be forgotten');
    await b.next('update'); // the other one is still served
    b.close();
    await until(() => dashboard.clients === 0, 'the second stream to be forgotten');
  });

  it('ends every stream when the app closes, and stops sampling and listening to the handler', async () => {
    const s = await startDashboardApp();
    const events = await openEventStream(s.eventsUrl);
    await events.next('init');
    expect(s.scripted.handler.listenerCount('transition')).toBe(2); // the fixture's recorder and the dashboard
    await s.app.close(); // would hang if the open stream kept the server from closing
    await events.ended;
    expect(s.dashboard.clients).toBe(0);
    expect(s.scripted.handler.listenerCount('transition')).toBe(1);
    const length = s.dashboard.historyLength;
    await new Promise((r) => setTimeout(r, 250)); // five intervals: a running timer would have sampled
    expect(s.dashboard.historyLength).toBe(length);
    s.scripted.read(0.99); // and a transition no longer reaches it
    expect(s.dashboard.historyLength).toBe(length);
  });

  it('serves at most maxClients streams: one more gets 503 and a JSON body', async () => {
    const { eventsUrl, dashboard } = await start({ maxClients: 2 });
    const a = await openEventStream(eventsUrl);
    const b = await openEventStream(eventsUrl);
    await a.next('init');
    await b.next('init');
    const c = await openEventStream(eventsUrl);
    expect(c.status).toBe(503);
    await c.ended;
    expect(JSON.parse(c.raw())).toMatchObject({ statusCode: 503, code: 'HEAPGATE_DASHBOARD_BUSY' });
    expect(dashboard.clients).toBe(2);
    a.close();
    await until(() => dashboard.clients === 1, 'a slot to free');
    const d = await openEventStream(eventsUrl);
    expect(d.status).toBe(200);
    await d.next('init');
    b.close();
    d.close();
  });

  it('drops a client that stops reading once it is more than 1 MiB behind, instead of buffering for ever', async () => {
    // Updates of ~200 KB every 10 ms: the kernel's socket buffers fill within a second, then
    // the backlog grows in this process until the limit.
    const { eventsUrl, dashboard, caches } = await start({ intervalMs: 10, cacheNames: [] });
    caches.register(new InstrumentedLruCache<string, string>({ name: 'x'.repeat(200_000), max: 10 }));
    const stuck = await openEventStream(eventsUrl);
    stuck.pause();
    await until(() => dashboard.droppedClients === 1, 'the stuck client to be dropped');
    expect(dashboard.clients).toBe(0);
    stuck.resume();
    await stuck.ended; // the server closed the connection
    expect(stuck.raw().length).toBeGreaterThan(0);
    expect(DASHBOARD_MAX_CLIENT_BACKLOG_BYTES).toBe(1024 * 1024);
    // A reading client of the same app is served as before.
    const reader = await openEventStream(eventsUrl);
    await reader.next('update');
    reader.close();
  });

  it('keeps at most historySamples samples, however long it runs', async () => {
    const { dashboard, eventsUrl } = await start({ intervalMs: 10, historySamples: 5 });
    await until(() => dashboard.historyLength === 5, 'the history to fill');
    const events = await openEventStream(eventsUrl);
    const init = JSON.parse((await events.next('init')).data) as DashboardInit;
    events.close();
    expect(init.history).toHaveLength(5);
    const times = init.history.map((s) => s.time);
    expect([...times].sort((x, y) => x - y)).toEqual(times); // oldest first
    expect(dashboard.historyLength).toBe(5);
  });
});

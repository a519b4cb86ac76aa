/**
 * The fastify plugin on a real fastify instance: shed requests get 503 + Retry-After + JSON
 * while critical routes are served, the in-flight cap counts requests in flight (over real
 * HTTP, including a client that goes away), the level header follows the handler, and route
 * priorities are checked when routes are declared.
 */
import http from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { DegradationManager } from './degradation-manager.js';
import { memoryPressurePlugin } from './memory-pressure-plugin.js';
import { registerSeedActions } from './seed-pressure-actions.js';
import { scriptedHandler } from './test-fixtures/scripted-pressure.js';

const apps: FastifyInstance[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

/** A gate the slow route waits on; `open()` lets every waiting request finish. */
function gate() {
  let waiting: (() => void)[] = [];
  return {
    wait: () => new Promise<void>((r) => waiting.push(r)),
    open: () => {
      for (const r of waiting) r();
      waiting = [];
    },
    get waiting() {
      return waiting.length;
    },
  };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

async function buildApp(degradation: DegradationManager, handler?: { level: 'normal' | 'warning' | 'critical' | 'emergency' }) {
  const app = Fastify();
  apps.push(app);
  const slow = gate();
  await app.register(memoryPressurePlugin, { degradation, handler });
  app.get('/login', { config: { priority: 'critical' } }, async () => ({ ok: 'login' }));
  app.get('/feed', async () => ({ ok: 'feed' }));
  app.get('/report', { config: { priority: 'background' } }, async () => ({ ok: 'report' }));
  app.get('/slow', async () => {
    await slow.wait();
    return { ok: 'slow' };
  });
  app.get('/slow-critical', { config: { priority: 'critical' } }, async () => {
    await slow.wait();
    return { ok: 'slow-critical' };
  });
  await app.ready();
  return { app, slow };
}

describe('memoryPressurePlugin', () => {
  it('sheds non-critical routes with 503, Retry-After and a JSON body, and still serves critical ones', async () => {
    const degradation = new DegradationManager();
    const s = scriptedHandler();
    registerSeedActions(s.handler, { degradation });
    const { app } = await buildApp(degradation, s.handler);
    s.read(0.97); // emergency: normal and background are shed
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

    const login = await fetch(`${base}/login`);
    expect(login.status).toBe(200);
    expect(await login.json()).toEqual({ ok: 'login' });
    expect(login.headers.get('x-memory-pressure-level')).toBe('emergency');

    const feed = await fetch(`${base}/feed`);
    expect(feed.status).toBe(503);
    expect(feed.headers.get('retry-after')).toBe('10');
    expect(feed.headers.get('content-type')).toMatch(/^application\/json/);
    expect(feed.headers.get('x-memory-pressure-level')).toBe('emergency');
    expect(await feed.json()).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'normal requests are shed under memory pressure; retry later',
      priority: 'normal',
      reason: 'priority',
      level: 'emergency',
      retryAfterSeconds: 10,
    });
    expect((await fetch(`${base}/report`)).status).toBe(503);
    expect((await fetch(`${base}/no-such-route`)).status).toBe(503); // unmatched: the default priority, normal

    // Back to normal, one level per dwell: everything is served again.
    for (let i = 0; i < 3; i++) s.read(0.2, 5000);
    const again = await fetch(`${base}/feed`);
    expect(again.status).toBe(200);
    expect(again.headers.get('x-memory-pressure-level')).toBe('normal');
    expect(degradation.stats().shed).toContainEqual({ priority: 'normal', reason: 'priority', count: 2 });
    expect(degradation.inFlight).toBe(0);
  });

  it('caps requests in flight: the third concurrent normal request is shed, critical ones still run', async () => {
    const degradation = new DegradationManager({ retryAfterSeconds: 3 });
    degradation.setMaxInFlight(2);
    const { app, slow } = await buildApp(degradation);
    const first = app.inject('/slow');
    const second = app.inject('/slow');
    await until(() => slow.waiting === 2, 'two requests in the handler');
    expect(degradation.inFlight).toBe(2);
    const third = await app.inject('/slow');
    expect(third.statusCode).toBe(503);
    expect(third.headers['retry-after']).toBe('3');
    expect(third.json()).toMatchObject({ reason: 'in-flight', priority: 'normal' });
    expect((await app.inject('/login')).statusCode).toBe(200);
    const critical = app.inject('/slow-critical');
    await until(() => slow.waiting === 3, 'the critical request in the handler');
    expect(degradation.inFlight).toBe(3);
    slow.open();
    expect([(await first).statusCode, (await second).statusCode, (await critical).statusCode]).toEqual([200, 200, 200]);
    expect(degradation.inFlight).toBe(0);
    expect((await app.inject('/feed')).statusCode).toBe(200);
  });

  it('releases the in-flight count of a request whose client goes away', async () => {
    const degradation = new DegradationManager();
    degradation.setMaxInFlight(1);
    const { app, slow } = await buildApp(degradation);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    const request = http.get({ host: '127.0.0.1', port, path: '/slow' });
    request.on('error', () => {});
    await until(() => slow.waiting === 1, 'the request in the handler');
    expect(degradation.inFlight).toBe(1);
    request.destroy();
    await until(() => degradation.inFlight === 0, 'the aborted request released');
    slow.open();
    expect((await app.inject('/feed')).statusCode).toBe(200);
    expect(degradation.inFlight).toBe(0);
  });

  it('checks route priorities when routes are declared, and its own options', async () => {
    const app = Fastify();
    apps.push(app);
    await app.register(memoryPressurePlugin, { degradation: new DegradationManager() });
    expect(() => app.get('/x', { config: { priority: 'urgent' as 'critical' } }, async () => 'x')).toThrow(
      /route GET \/x: config.priority must be one of critical, normal, background, got urgent/,
    );
    const bad = Fastify();
    apps.push(bad);
    await expect(
      bad.register(memoryPressurePlugin, { degradation: new DegradationManager(), defaultPriority: 'low' as 'normal' }),
    ).rejects.toThrow(/defaultPriority must be one of/);
    const noManager = Fastify();
    apps.push(noManager);
    await expect(noManager.register(memoryPressurePlugin, {} as never)).rejects.toThrow(/degradation must be a DegradationManager/);
  });

  it('omits the level header without a handler or with levelHeader false', async () => {
    const app = Fastify();
    apps.push(app);
    await app.register(memoryPressurePlugin, {
      degradation: new DegradationManager(),
      handler: scriptedHandler().handler,
      levelHeader: false,
    });
    app.get('/', async () => 'ok');
    const res = await app.inject('/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-memory-pressure-level']).toBeUndefined();
  });
});

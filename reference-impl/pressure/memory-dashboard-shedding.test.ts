/**
 * The dashboard beside `memoryPressurePlugin`: at emergency, when normal requests are shed,
 * the page and its stream are still served (their routes are `priority: 'critical'`), and an
 * open stream holds one in-flight slot that is given back when the page goes away.
 */
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { DegradationManager } from './degradation-manager.js';
import { registerMemoryDashboard } from './memory-dashboard.js';
import { memoryPressurePlugin } from './memory-pressure-plugin.js';
import { registerSeedActions } from './seed-pressure-actions.js';
import { until } from './test-fixtures/memory-dashboard-app.js';
import { openEventStream } from './test-fixtures/memory-dashboard-sse-client.js';
import { scriptedHandler } from './test-fixtures/scripted-pressure.js';

const apps: ReturnType<typeof Fastify>[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

describe('memory dashboard under load shedding', () => {
  it('stays reachable at emergency and gives its in-flight slot back when the page goes away', async () => {
    const s = scriptedHandler();
    const degradation = new DegradationManager();
    registerSeedActions(s.handler, { degradation });
    const app = Fastify();
    apps.push(app);
    await app.register(memoryPressurePlugin, { degradation, handler: s.handler });
    app.get('/feed', async () => ({ ok: true }));
    const dashboard = registerMemoryDashboard(app, { handler: s.handler, intervalMs: 50 });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    expect(s.read(0.97)).toBe('emergency');

    expect((await fetch(`${base}/feed`)).status).toBe(503); // normal requests are shed
    const page = await fetch(`${base}${dashboard.path}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('x-memory-pressure-level')).toBe('emergency');
    await page.text();

    const events = await openEventStream(`${base}${dashboard.eventsPath}`);
    expect(events.status).toBe(200);
    await events.next('init');
    expect(degradation.inFlight).toBe(1);
    events.close();
    await until(() => degradation.inFlight === 0 && dashboard.clients === 0, 'the in-flight slot to be released');
  });
});

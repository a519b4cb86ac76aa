/**
 * Who may open the dashboard (page and event stream): loopback peers without proxy headers
 * unless a token is configured, then the token — as a Bearer header or `?token=` — and nobody
 * without it, loopback included. The token never reaches the request log. Remote peers are
 * simulated with `inject({ remoteAddress })`, which sets the socket's address the rule reads.
 */
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { checkDashboardToken, createDashboardAuthorizer, isLoopbackAddress, redactDashboardToken } from './memory-dashboard-access.js';
import { type DashboardApp, startDashboardApp } from './test-fixtures/memory-dashboard-app.js';
import { openEventStream } from './test-fixtures/memory-dashboard-sse-client.js';

const TOKEN = 'f3a9c2d4e5b6a7980123456789abcdef';

const started: DashboardApp[] = [];
afterEach(async () => {
  for (const s of started.splice(0)) await s.app.close();
});

async function start(options: Parameters<typeof startDashboardApp>[0] = {}) {
  const s = await startDashboardApp(options);
  started.push(s);
  return s;
}

describe('memory dashboard access without a token', () => {
  it('answers the page and the event stream over loopback', async () => {
    const { pageUrl, eventsUrl } = await start();
    expect((await fetch(pageUrl)).status).toBe(200);
    const events = await openEventStream(eventsUrl);
    expect(events.status).toBe(200);
    expect((await events.next('init')).data).toContain('"thresholds"');
    events.close();
  });

  it('refuses a non-loopback peer with 403, on both routes', async () => {
    const { app, dashboard } = await start({ listen: false });
    for (const url of [dashboard.path, dashboard.eventsPath]) {
      for (const remoteAddress of ['192.0.2.10', '::ffff:10.1.2.3', 'fd00::5']) {
        const response = await app.inject({ url, remoteAddress });
        expect(response.statusCode).toBe(403);
        expect(response.json()).toEqual({
          statusCode: 403,
          error: 'Forbidden',
          code: 'HEAPGATE_DASHBOARD_FORBIDDEN',
          message: 'the memory dashboard answers only loopback requests unless it is configured with a token',
        });
        expect(response.headers['cache-control']).toBe('no-store');
      }
    }
    // (An allowed stream never ends, so inject would wait for ever: the loopback stream is the test above.)
    expect((await app.inject({ url: dashboard.path, remoteAddress: '127.0.0.1' })).statusCode).toBe(200);
    expect(dashboard.clients).toBe(0); // a refused stream never opened
  });

  it('refuses proxied loopback requests: a proxy on the machine would make every client look local', async () => {
    const { pageUrl } = await start();
    const proxied: Record<string, string>[] = [
      { 'x-forwarded-for': '203.0.113.9' },
      { forwarded: 'for=203.0.113.9' },
      { 'x-real-ip': '203.0.113.9' },
    ];
    for (const header of proxied) {
      const response = await fetch(pageUrl, { headers: header });
      expect(response.status).toBe(403);
      expect((await response.json()).message).toMatch(/refuses proxied requests/);
    }
  });

  it('ignores a token offered when none is configured (loopback is the rule)', async () => {
    const { app, dashboard } = await start({ listen: false });
    const response = await app.inject({ url: `${dashboard.path}?token=${TOKEN}`, remoteAddress: '192.0.2.10' });
    expect(response.statusCode).toBe(403);
  });
});

describe('memory dashboard access with a token', () => {
  it('requires the token from everyone, loopback included: 401 with WWW-Authenticate', async () => {
    const { pageUrl, eventsUrl } = await start({ token: TOKEN });
    for (const url of [pageUrl, eventsUrl]) {
      for (const init of [{}, { headers: { authorization: `Bearer ${TOKEN.slice(0, -1)}x` } }, { headers: { authorization: TOKEN } }]) {
        const response = await fetch(url, init);
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe('Bearer realm="memory-dashboard"');
        const body = await response.json();
        expect(body.code).toBe('HEAPGATE_DASHBOARD_UNAUTHORIZED');
        expect(JSON.stringify(body)).not.toContain(TOKEN);
      }
      expect((await fetch(`${url}?token=wrong-token-0123456789`)).status).toBe(401);
    }
  });

  it('accepts it as a Bearer header or as ?token= (what a browser can send), from any peer', async () => {
    const { pageUrl, eventsUrl, app, dashboard } = await start({ token: TOKEN });
    expect((await fetch(pageUrl, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    expect((await fetch(`${pageUrl}?token=${TOKEN}`)).status).toBe(200);
    const byHeader = await openEventStream(eventsUrl, { authorization: `Bearer ${TOKEN}` });
    expect(byHeader.status).toBe(200);
    await byHeader.next('init');
    byHeader.close();
    const byQuery = await openEventStream(`${eventsUrl}?token=${encodeURIComponent(TOKEN)}`);
    expect(byQuery.status).toBe(200);
    await byQuery.next('init');
    byQuery.close();
    const remote = await app.inject({ url: dashboard.path, remoteAddress: '192.0.2.10', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(remote.statusCode).toBe(200);
    // With a header, the header decides: a right query does not rescue a wrong header.
    expect((await fetch(`${pageUrl}?token=${TOKEN}`, { headers: { authorization: 'Bearer nope-nope-nope-nope' } })).status).toBe(401);
  });

  it('keeps the token out of the request log', async () => {
    let log = '';
    const stream = new Writable({
      write(chunk, _encoding, callback) {
        log += String(chunk);
        callback();
      },
    });
    const { pageUrl, eventsUrl } = await start({ token: TOKEN, fastify: { logger: { level: 'trace', stream } } });
    await (await fetch(`${pageUrl}?token=${TOKEN}&x=1`)).text();
    await (await fetch(`${pageUrl}?token=${TOKEN}x`)).text();
    await (await fetch(pageUrl, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    const events = await openEventStream(`${eventsUrl}?token=${TOKEN}`);
    await events.next('init');
    events.close();
    await events.ended;
    // The requests were logged (so the check below is not vacuous), with the token redacted.
    expect(log).toContain('incoming request');
    expect(log).toContain('"url":"/admin/monitoring/memory?token=[redacted]&x=1"');
    expect(log).toContain('"url":"/admin/monitoring/memory/events?token=[redacted]"');
    expect(log).not.toContain(TOKEN);
  });

  it('refuses a token it could not compare safely: short, with spaces, not a string (never quoting it)', () => {
    for (const bad of ['short-token', `${TOKEN.slice(0, 10)} ${TOKEN.slice(10)}`, 42, '']) {
      expect(() => checkDashboardToken(bad)).toThrow(TypeError);
      expect(() => createDashboardAuthorizer(bad as string)).toThrow(/token must be a string of at least 16 visible ASCII characters/);
      try {
        checkDashboardToken(bad);
      } catch (error) {
        if (String(bad).length > 0) expect((error as Error).message).not.toContain(String(bad));
      }
    }
  });
});

describe('memory dashboard access rule', () => {
  it('knows loopback addresses: 127.0.0.0/8, ::1 and IPv4-mapped 127.x', () => {
    for (const a of ['127.0.0.1', '127.255.0.9', '::1', '::ffff:127.0.0.1', '::FFFF:127.1.2.3']) expect(isLoopbackAddress(a)).toBe(true);
    for (const a of [undefined, '', '10.0.0.1', '::ffff:10.0.0.1', '128.0.0.1', 'fe80::1', '::', 'localhost', '127.0.0.1.example']) {
      expect(isLoopbackAddress(a)).toBe(false);
    }
  });

  it('redacts every token parameter of a URL, leaving the rest as it was', () => {
    expect(redactDashboardToken('/m')).toBe('/m');
    expect(redactDashboardToken('/m?x=1')).toBe('/m?x=1');
    expect(redactDashboardToken(`/m?token=${TOKEN}`)).toBe('/m?token=[redacted]');
    expect(redactDashboardToken(`/m?a=1&token=${TOKEN}&tok=2&%74oken=${TOKEN}&token`)).toBe(
      '/m?a=1&token=[redacted]&tok=2&%74oken=[redacted]&token=[redacted]',
    );
  });
});

/**
 * Who may read a service's heap probe: loopback without a token, the token's holders with one,
 * nobody through a proxy without one. Requests go to a real service process on loopback; the
 * non-loopback case goes through the probe's framework-adapter entry (`answer`), the way an
 * adapter hands it a request from another machine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLoopbackAddress } from './authorize-probe-request.js';
import { createHeapProbeHandler } from './create-heap-probe-handler.js';
import { RemoteProbeError } from './remote-probe-error.js';
import { remoteProbe } from './remote-probe.js';
import { type ProbeService, startProbeService } from './test-fixtures/probe-processes.js';

const TOKEN = 'hg-test-4f1c9a7e2b6d8053';

describe('a probe configured with a token', () => {
  let service: ProbeService;
  beforeAll(async () => {
    service = await startProbeService({ token: TOKEN });
  });
  afterAll(() => service?.stop());

  it('answers 401 without the token, loopback included, and names no route', async () => {
    for (const [method, route] of [
      ['POST', 'mark'],
      ['POST', 'read'],
      ['GET', 'status'],
      ['GET', 'no-such-route'],
    ] as const) {
      const res = await fetch(`${service.url}/__heapgate/${route}`, { method });
      expect(res.status, route).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="heapgate"');
      expect(await res.json()).toMatchObject({ error: 'unauthorized' });
    }
  });

  it('answers 401 to a wrong token, of any length', async () => {
    for (const wrong of [TOKEN.slice(0, -1), `${TOKEN}x`, 'short', TOKEN.toUpperCase()]) {
      const res = await fetch(`${service.url}/__heapgate/status`, { headers: { authorization: `Bearer ${wrong}` } });
      expect(res.status, wrong).toBe(401);
    }
    const err = await remoteProbe(service.url, { token: `${TOKEN}-wrong` })
      .mark()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RemoteProbeError);
    expect(err).toMatchObject({ code: 'HEAPGATE_PROBE', reason: 'unauthorized', status: 401 });
    expect((err as Error).message).not.toContain(TOKEN);
  });

  it('marks and reads with the token, and never prints it', async () => {
    const probe = remoteProbe(service.url, { token: TOKEN });
    const mark = await probe.mark();
    const reading = await probe.read();
    expect(reading.markId).toBe(mark.markId);
    expect(JSON.stringify(reading)).not.toContain(TOKEN);
    expect(service.output()).not.toContain(TOKEN);
  });
});

describe('a probe without a token', () => {
  let service: ProbeService;
  beforeAll(async () => {
    service = await startProbeService();
  });
  afterAll(() => service?.stop());

  it('answers loopback requests', async () => {
    const res = await fetch(`${service.url}/__heapgate/status`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ marked: false, markId: null });
  });

  it('refuses requests that came through a proxy (403): the peer would be the proxy, not the client', async () => {
    for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip']) {
      const res = await fetch(`${service.url}/__heapgate/status`, { headers: { [header]: '203.0.113.7' } });
      expect(res.status, header).toBe(403);
      expect(await res.json()).toMatchObject({ error: 'forbidden' });
    }
  });

  it('refuses a request from another machine (403) before looking at the route', async () => {
    const handler = createHeapProbeHandler();
    for (const route of ['mark', 'read', 'status', null] as const) {
      const res = await handler.answer(route, { method: 'POST', url: '/__heapgate/mark', headers: {}, remoteAddress: '192.0.2.10' });
      expect(res.status).toBe(403);
      expect(JSON.parse(res.body)).toMatchObject({ error: 'forbidden' });
    }
    expect(handler.probe.status().marked).toBe(false);
    // With a token, the same machine is let in when it presents it.
    const withToken = createHeapProbeHandler({ token: TOKEN });
    const res = await withToken.answer('status', {
      method: 'GET',
      url: '/__heapgate/status',
      headers: { authorization: `Bearer ${TOKEN}` },
      remoteAddress: '192.0.2.10',
    });
    expect(res.status).toBe(200);
  });
});

describe('isLoopbackAddress', () => {
  it('accepts 127.0.0.0/8, ::1 and IPv4-mapped loopback only', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1', '::FFFF:127.0.0.1']) expect(isLoopbackAddress(a), a).toBe(true);
    for (const a of ['10.0.0.1', '::ffff:10.0.0.1', '192.168.1.5', '0.0.0.0', '::', 'fe80::1', '128.0.0.1', 'localhost', '', undefined]) {
      expect(isLoopbackAddress(a), String(a)).toBe(false);
    }
  });
});

describe('probe options', () => {
  it('reject a short or malformed token without echoing it', () => {
    for (const token of ['too-short', 'has spaces in the token', '']) {
      expect(() => createHeapProbeHandler({ token }), token).toThrow(TypeError);
      try {
        createHeapProbeHandler({ token });
      } catch (e) {
        expect((e as Error).message).toMatch(/^token must be/);
        if (token) expect((e as Error).message).not.toContain(token);
      }
    }
  });

  it('name the option and its unit', () => {
    expect(() => createHeapProbeHandler({ maxMarkMs: 0 })).toThrow(/^maxMarkMs must be a positive number of milliseconds/);
    expect(() => createHeapProbeHandler({ rssSampleIntervalMs: Number.NaN })).toThrow(
      /^rssSampleIntervalMs must be a positive number of milliseconds/,
    );
    expect(() => createHeapProbeHandler({ pathPrefix: '__heapgate/' })).toThrow(/^pathPrefix must be a URL path/);
    expect(() => remoteProbe('ftp://127.0.0.1/')).toThrow(/^url must be http: or https:/);
    expect(() => remoteProbe('not a url')).toThrow(/^url must be an absolute http\(s\) URL/);
    expect(() => remoteProbe('http://user:secret@127.0.0.1/')).toThrow(/^url must not carry credentials/);
    expect(() => remoteProbe('http://127.0.0.1/', { timeoutMs: -5 })).toThrow(/^timeoutMs must be a positive number of milliseconds/);
  });
});

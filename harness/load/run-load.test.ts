/** runLoad against a real loopback HTTP server: counts, per-connection sequences, shedding, bounds. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoad } from './run-load.js';

let server: http.Server;
let base: string;
const pathsBySocket = new Map<unknown, Set<string>>();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const seen = pathsBySocket.get(req.socket) ?? new Set<string>();
    seen.add(req.url ?? '');
    pathsBySocket.set(req.socket, seen);
    if (req.url?.startsWith('/shed')) {
      res.writeHead(503, { 'retry-after': '1' }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('runLoad', () => {
  it('sends exactly connections × requestsPerConnection from another process, with progress', async () => {
    const progress: number[] = [];
    const run = await runLoad(
      base,
      { connections: 4, requestsPerConnection: 250, requests: [{ path: '/a' }] },
      { onProgress: (done) => progress.push(done) },
    );
    expect(run.generatorPid).not.toBe(process.pid);
    expect(run.tool).toBe('autocannon');
    expect(run.counters).toMatchObject({ requests: 1000, ok2xx: 1000, non2xx: 0, shed503: 0, errors: 0 });
    expect(run.counters.requestsPerSecond).toBeGreaterThan(0);
    expect(run.counters.latencyP99Ms).toBeGreaterThanOrEqual(run.counters.latencyP50Ms);
    expect(run.counters.latencyMaxMs).toBeGreaterThanOrEqual(run.counters.latencyP99Ms);
    expect(run.counters.eventLoopDelayP99Ms).toBeGreaterThan(0);
    expect(progress.every((d, i) => i === 0 || d >= progress[i - 1]!)).toBe(true);
  });

  it('gives each connection its own request sequence', async () => {
    pathsBySocket.clear();
    const connectionRequests = [0, 1, 2].map((i) => [{ path: `/user/${i}` }]);
    const run = await runLoad(base, { connections: 3, requestsPerConnection: 20, connectionRequests });
    expect(run.counters.ok2xx).toBe(60);
    const perSocket = [...pathsBySocket.values()].map((s) => [...s]);
    expect(perSocket.every((paths) => paths.length === 1)).toBe(true);
    expect(new Set(perSocket.map((p) => p[0])).size).toBe(3);
  });

  it('counts 503 answers as shed and non-2xx', async () => {
    const run = await runLoad(base, { connections: 2, amount: 100, requests: [{ path: '/ok' }, { path: '/shed' }] });
    expect(run.counters.requests).toBe(100);
    expect(run.counters.shed503).toBe(50);
    expect(run.counters.non2xx).toBe(50);
    expect(run.counters.ok2xx).toBe(50);
  });

  it('counts requests to a port nobody listens on as errors, not responses', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const run = await runLoad(`http://127.0.0.1:${port}`, { connections: 1, durationMs: 1000 });
    expect(run.counters.requests).toBe(0);
    expect(run.counters.errors).toBeGreaterThan(0);
  });

  it('refuses non-loopback targets unless the host is named, and unbounded profiles', async () => {
    await expect(runLoad('http://example.com', { connections: 1, amount: 1 })).rejects.toThrow(/not a loopback address.*allowHosts/);
    await expect(runLoad(base, { connections: 1 })).rejects.toThrow(/exactly one of requestsPerConnection, amount or durationMs/);
    await expect(runLoad(base, { connections: 0, amount: 1 })).rejects.toThrow(/connections: must be an integer from 1/);
    await expect(runLoad(base, { connections: 1, amount: 1, requests: [{ path: 'nope' }] })).rejects.toThrow(/requests\[0\]\.path/);
  });
});

/**
 * The acceptance case of heapgate/probe: a service in its own process, load from two separate
 * autocannon processes at once, a known 64 MiB allocated and dropped during the load, and the
 * probe's reading afterwards. Loopback only; bounded by request counts, not time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remoteProbe } from './remote-probe.js';
import { type ProbeService, startLoad, startProbeService } from './test-fixtures/probe-processes.js';

const MiB = 1024 * 1024;
const REQUESTS_PER_PROCESS = 10_000;
const CONNECTIONS = 10;

async function post(url: string): Promise<Record<string, number>> {
  const res = await fetch(url, { method: 'POST' });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, number>;
}

describe.each([
  { form: 'http.Server + mountHeapProbe', fastify: false },
  { form: 'fastify + heapProbeFastify', fastify: true },
])('a service measured from elsewhere ($form)', ({ fastify }) => {
  let service: ProbeService;
  beforeAll(async () => {
    service = await startProbeService({ fastify });
    // A running service is warm: its routes compiled, its pools sized. One short load and one
    // allocation before the mark keep first-call compilation out of the retained figure.
    const probe = remoteProbe(service.url);
    await probe.mark();
    await startLoad(`${service.url}/cheap`, 1_000, CONNECTIONS).done;
    await post(`${service.url}/allocate?mb=64`);
    await probe.read();
  });
  afterAll(() => service?.stop());

  it('sees the 64 MiB peak of a request amid load from two processes, and nothing retained', async () => {
    const probe = remoteProbe(service.url);
    // The service counts /cheap requests over its life (the warm-up's too): this load's start here.
    const servedAtMark = ((await (await fetch(`${service.url}/served`)).json()) as { served: number }).served;
    const mark = await probe.mark();
    const loads = [
      startLoad(`${service.url}/cheap`, REQUESTS_PER_PROCESS, CONNECTIONS),
      startLoad(`${service.url}/cheap`, REQUESTS_PER_PROCESS, CONNECTIONS),
    ];
    await Promise.all(loads.map((l) => l.started));
    const allocation = await post(`${service.url}/allocate?mb=64`);
    const results = await Promise.all(loads.map((l) => l.done));
    const reading = await probe.read();

    for (const r of results) {
      expect(r).toMatchObject({ requests: REQUESTS_PER_PROCESS, non2xx: 0, errors: 0, timeouts: 0 });
    }
    // The allocation landed while the two processes were loading the service.
    expect(allocation.servedBefore - servedAtMark).toBeGreaterThan(0);
    expect(allocation.servedBefore - servedAtMark).toBeLessThan(2 * REQUESTS_PER_PROCESS);
    expect(reading.markId).toBe(mark.markId);
    expect(reading.origin).toBe(service.url);
    expect(reading.metrics.heapDeltaBytes).toBeGreaterThanOrEqual(60 * MiB);
    expect(Math.abs(reading.metrics.retainedHeapBytes)).toBeLessThan(2 * MiB);
    expect(reading.metrics.liveHeapDeltaBytes).toBeGreaterThanOrEqual(reading.metrics.retainedHeapBytes);
    expect(reading.metrics.peakRssBytes).toBeGreaterThan(64 * MiB);
    expect(reading.gcCount).toBeGreaterThan(0);
    expect(reading.fullGcCount).toBeLessThanOrEqual(reading.gcCount);
    expect(['kernel-high-water', 'sampled']).toContain(reading.peakRssMethod);
  });

  it('sees what a request keeps as retained heap', async () => {
    const probe = remoteProbe(service.url);
    await probe.mark();
    await post(`${service.url}/retain?mb=8`);
    const reading = await probe.read();
    await post(`${service.url}/release`);
    // 8 MiB of elements, give or take V8's own bookkeeping (±100 KB, README "What a run measures").
    expect(reading.metrics.retainedHeapBytes).toBeGreaterThan(8 * MiB - 512 * 1024);
    expect(reading.metrics.retainedHeapBytes).toBeLessThan(8 * MiB + 2 * MiB);
  });
});

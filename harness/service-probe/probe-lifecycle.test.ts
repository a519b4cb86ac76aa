/**
 * Marks and reads in every order: read before mark, a second mark, concurrent marks and reads,
 * a repeated read, a forgotten mark, wrong methods and routes, a service without --expose-gc.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RemoteProbeError } from './remote-probe-error.js';
import { remoteProbe } from './remote-probe.js';
import { ServiceHeapProbe } from './service-heap-probe.js';
import { type ProbeService, startProbeService } from './test-fixtures/probe-processes.js';

const MiB = 1024 * 1024;

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => expect.unreachable('expected a RemoteProbeError'),
    (e: unknown) => e as RemoteProbeError,
  );

describe('mark and read', () => {
  let service: ProbeService;
  beforeAll(async () => {
    service = await startProbeService();
  });
  afterAll(() => service?.stop());

  it('a read before any mark is a clear 409 not-marked', async () => {
    const res = await fetch(`${service.url}/__heapgate/read`, { method: 'POST' });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: 'not-marked', message: 'no measurement in progress: mark before reading' });
    const err = await refusal(remoteProbe(service.url).read());
    expect(err).toBeInstanceOf(RemoteProbeError);
    expect(err).toMatchObject({ code: 'HEAPGATE_PROBE', reason: 'not-marked', status: 409 });
    expect(err.message).toBe(`heap probe at ${service.url}: no measurement in progress: mark before reading`);
  });

  it('a second mark restarts: the first mark is refused as superseded, the second reads', async () => {
    const first = remoteProbe(service.url);
    const second = remoteProbe(service.url);
    const a = await first.mark();
    const b = await second.mark();
    expect(a.restarted).toBe(false);
    expect(b.restarted).toBe(true);
    expect(b.markId).not.toBe(a.markId);
    expect(await first.status()).toMatchObject({ marked: true, markId: b.markId });
    const err = await refusal(first.read());
    expect(err).toMatchObject({ reason: 'mark-superseded', status: 409 });
    expect(err.message).toContain(a.markId);
    expect((await second.read()).markId).toBe(b.markId);
  });

  it('concurrent marks run one after the other: the later one replaces the earlier', async () => {
    const [a, b] = await Promise.all([remoteProbe(service.url).mark(), remoteProbe(service.url).mark()]);
    expect([a.restarted, b.restarted]).toEqual([false, true]);
    expect(await refusal(remoteProbe(service.url).read({ markId: a.markId }))).toMatchObject({ reason: 'mark-superseded' });
    expect((await remoteProbe(service.url).read({ markId: b.markId })).markId).toBe(b.markId);
  });

  it('concurrent reads of one mark, and a repeated read, get the same reading', async () => {
    const probe = remoteProbe(service.url);
    await probe.mark();
    await fetch(`${service.url}/allocate?mb=16`, { method: 'POST' });
    const [x, y] = await Promise.all([probe.read(), probe.read()]);
    expect(y).toEqual(x);
    expect(x.metrics.heapDeltaBytes).toBeGreaterThanOrEqual(16 * MiB);
    expect(await probe.read()).toEqual(x);
    // Without a mark id there is nothing running to read, and the answer says why.
    const err = await refusal(remoteProbe(service.url).read());
    expect(err).toMatchObject({ reason: 'not-marked' });
    expect(err.message).toContain(`mark ${x.markId} was already read`);
  });

  it('a read of a mark the service never made is not-marked', async () => {
    const err = await refusal(remoteProbe(service.url).read({ markId: 'not-a-mark' }));
    expect(err).toMatchObject({ reason: 'not-marked' });
    expect(err.message).toContain('no mark not-a-mark here');
  });

  it('answers 405 for a wrong method, 404 for an unknown route, and leaves other paths to the service', async () => {
    const get = await fetch(`${service.url}/__heapgate/read`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(await get.json()).toMatchObject({ error: 'method-not-allowed' });
    expect((await fetch(`${service.url}/__heapgate/mark`)).status).toBe(405);
    expect((await fetch(`${service.url}/__heapgate/status`, { method: 'POST' })).status).toBe(405);
    const unknown = await fetch(`${service.url}/__heapgate/snapshot`, { method: 'POST' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: 'not-found' });
    const own = await fetch(`${service.url}/__heapgateway`);
    expect(await own.json()).toEqual({ error: 'not found' });
    expect(await (await fetch(`${service.url}/cheap`)).json()).toMatchObject({ ok: true });
  });

  it('a client that cannot reach the probe says so, naming the origin', async () => {
    const err = await refusal(remoteProbe('http://127.0.0.1:1').mark());
    expect(err).toMatchObject({ code: 'HEAPGATE_PROBE', reason: 'unreachable', status: undefined });
    expect(err.message).toMatch(/^heap probe at http:\/\/127\.0\.0\.1:1: cannot reach \/__heapgate\/mark: /);
  });

  it('a path that is not a probe answers bad-response', async () => {
    const err = await refusal(remoteProbe(service.url, { pathPrefix: '/elsewhere' }).mark());
    expect(err).toMatchObject({ reason: 'bad-response', status: 404 });
  });
});

describe('a service started without --expose-gc', () => {
  let service: ProbeService;
  beforeAll(async () => {
    service = await startProbeService({ exposeGc: false });
  });
  afterAll(() => service?.stop());

  it('obtains gc through the V8 flag and measures as with it', async () => {
    const probe = remoteProbe(service.url);
    expect((await probe.mark()).forcedGc).toBe('v8-flag');
    await fetch(`${service.url}/allocate?mb=64`, { method: 'POST' });
    const reading = await probe.read();
    expect(reading.forcedGc).toBe('v8-flag');
    expect(reading.metrics.heapDeltaBytes).toBeGreaterThanOrEqual(60 * MiB);
    expect(Math.abs(reading.metrics.retainedHeapBytes)).toBeLessThan(2 * MiB);
  });
});

describe('a service started without --expose-gc and obtainGc off', () => {
  let service: ProbeService;
  beforeAll(async () => {
    service = await startProbeService({ exposeGc: false, obtainGc: false });
  });
  afterAll(() => service?.stop());

  it('answers a mark with 503 gc-unavailable, saying how to fix it', async () => {
    const err = await refusal(remoteProbe(service.url).mark());
    expect(err).toMatchObject({ reason: 'gc-unavailable', status: 503 });
    expect(err.message).toContain('node --expose-gc');
    expect(await remoteProbe(service.url).status()).toMatchObject({ marked: false });
  });
});

describe('ServiceHeapProbe in this process', () => {
  it('ends a mark nobody reads after maxMarkMs; its read is mark-expired', async () => {
    const probe = new ServiceHeapProbe({ maxMarkMs: 20 });
    const { markId } = await probe.mark();
    while (probe.status().marked) await new Promise((resolve) => setTimeout(resolve, 10));
    await expect(probe.read(markId)).rejects.toMatchObject({ reason: 'mark-expired' });
    await expect(probe.read()).rejects.toMatchObject({ reason: 'mark-expired' });
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
  });
});

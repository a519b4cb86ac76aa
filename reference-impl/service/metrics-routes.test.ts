/**
 * `/metrics` and `/healthz` over real HTTP: the scrape parses as Prometheus text and carries the
 * default process metrics, the HTTP counter and histogram labelled by route *pattern*, and the
 * cache gauges; counts match the requests sent.
 */
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReferenceService } from './create-reference-service.js';
import { createTestContactsDatabase, startTestService, type TestContactsDatabase, type TestService } from './test-fixtures/test-service.js';

interface Sample {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
}

/** Parses the text exposition format: `# TYPE` lines and samples (`name{a="b",…} value`). */
function parseExposition(text: string): { types: Map<string, string>; samples: Sample[] } {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# HELP ')) continue;
    const type = /^# TYPE (\S+) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      types.set(type[1]!, type[2]!);
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return { types, samples };
}

let data: TestContactsDatabase;
let service: TestService;

beforeAll(async () => {
  data = await createTestContactsDatabase('service_metrics', 120);
  service = await startTestService({ pool: data.pool, clock: () => data.fixture.referenceTimeMs });
});

afterAll(async () => {
  await service?.close();
  await data?.drop();
});

describe('GET /healthz', () => {
  it('answers 200 {status: "ok"}', async () => {
    const r = await service.get('/healthz');
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ status: 'ok' });
  });
});

describe('GET /metrics', () => {
  it('exposes default, HTTP and cache metrics, labelled by route pattern, counting what was served', async () => {
    const user = data.fixture.userId;
    for (let i = 0; i < 3; i++) expect((await service.get(`/users/${user}/suggestions`)).status).toBe(200);
    expect((await service.get(`/users/${data.fixture.otherUserId}/suggestions`)).status).toBe(200);
    expect((await service.get(`/users/${user}/contacts?limit=0`)).status).toBe(400);
    expect((await service.get('/no/such/route')).status).toBe(404);

    const scrape = await service.get('/metrics');
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const { types, samples } = parseExposition(scrape.text);
    const value = (name: string, labels: Record<string, string>) =>
      samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

    expect(types.get('http_requests_total')).toBe('counter');
    expect(types.get('http_request_duration_seconds')).toBe('histogram');
    for (const name of ['process_resident_memory_bytes', 'nodejs_heap_size_used_bytes']) {
      expect(types.get(name), name).toBe('gauge');
      expect(value(name, {}), name).toBeGreaterThan(0);
    }
    expect(types.get('nodejs_eventloop_lag_seconds')).toBe('gauge');
    expect(value('nodejs_eventloop_lag_seconds', {})).toBeGreaterThanOrEqual(0);
    expect(types.get('nodejs_gc_duration_seconds')).toBe('histogram');
    const suggestions = { method: 'GET', route: '/users/:userId/suggestions', status_code: '200' };
    expect(value('http_requests_total', suggestions)).toBe(4);
    expect(value('http_request_duration_seconds_count', suggestions)).toBe(4);
    expect(value('http_request_duration_seconds_bucket', { ...suggestions, le: '+Inf' })).toBe(4);
    expect(value('http_request_duration_seconds_sum', suggestions)).toBeGreaterThan(0);
    expect(value('http_requests_total', { method: 'GET', route: '/users/:userId/contacts', status_code: '400' })).toBe(1);
    expect(value('http_requests_total', { method: 'GET', route: 'unmatched', status_code: '404' })).toBe(1);
    // One series per route pattern: no raw URL, no user id in any label.
    const patterns = ['/healthz', '/metrics', '/users/:userId/contacts', '/users/:userId/suggestions', 'unmatched'];
    const routes = samples.filter((s) => s.name === 'http_requests_total').map((s) => s.labels.route!);
    expect(routes.filter((r) => !patterns.includes(r))).toEqual([]);
    expect(scrape.text).not.toContain(user);
    // Two users computed (and cached), two repeats served from the cache.
    expect(types.get('cache_entries')).toBe('gauge');
    expect(value('cache_entries', { cache: 'suggestions' })).toBe(2);
    expect(value('cache_hit_ratio', { cache: 'suggestions' })).toBeCloseTo(2 / 4);
    expect(value('cache_size_bytes', { cache: 'suggestions' })).toBeGreaterThan(0);
  });

  it('refuses a registry that already holds another service’s metrics', async () => {
    const registry = new Registry();
    const first = await createReferenceService({ pool: data.pool, registry });
    await expect(createReferenceService({ pool: data.pool, registry })).rejects.toThrow(/registry already holds http_requests_total/);
    await first.close();
  });
});

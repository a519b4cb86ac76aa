/**
 * The metrics as a scraper sees them: the registry's text exposition, parsed line by line, with
 * values that follow the handler, the degradation manager and the caches.
 */
import v8 from 'node:v8';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { CacheRegistry } from '../caches/cache-registry.js';
import { InstrumentedLruCache } from '../caches/instrumented-lru-cache.js';
import { DegradationManager } from './degradation-manager.js';
import { registerPressureMetrics } from './pressure-metrics.js';
import { registerSeedActions } from './seed-pressure-actions.js';
import { scriptedHandler } from './test-fixtures/scripted-pressure.js';

interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** Parses the Prometheus text format (samples only; `# HELP` / `# TYPE` lines are kept apart). */
function parseExposition(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) {
      types.set(type[1]!, type[2]!);
      continue;
    }
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`unparsable exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]!] = pair[2]!;
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return { samples, types };
}

function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  return samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}

describe('registerPressureMetrics', () => {
  it('exports memory, pressure, transitions, shed requests and cache metrics, read at scrape time', async () => {
    const s = scriptedHandler();
    const caches = new CacheRegistry();
    const contacts = new InstrumentedLruCache<string, string>({ name: 'contacts', max: 100 });
    caches.register(contacts);
    const degradation = new DegradationManager();
    registerSeedActions(s.handler, { caches, degradation });
    const prom = new Registry();
    registerPressureMetrics(prom, { handler: s.handler, degradation, caches });

    for (let i = 0; i < 100; i++) contacts.set(`k${i}`, 'v');
    for (let i = 0; i < 4; i++) contacts.get('k99');
    contacts.get('missing');
    let { samples, types } = parseExposition(await prom.metrics());
    for (const type of ['heap_used', 'heap_total', 'rss', 'external', 'array_buffers']) {
      expect(value(samples, 'memory_usage_bytes', { type }), type).toBeGreaterThan(0);
    }
    expect(value(samples, 'memory_usage_bytes', { type: 'rss' })).toBeGreaterThan(
      value(samples, 'memory_usage_bytes', { type: 'heap_used' })!,
    );
    expect(value(samples, 'nodejs_heap_size_limit_bytes')).toBe(v8.getHeapStatistics().heap_size_limit);
    expect(value(samples, 'memory_pressure_level')).toBe(0);
    expect(value(samples, 'memory_pressure_ratio')).toBe(0);
    expect(value(samples, 'cache_size_bytes', { cache: 'contacts' })).toBe(0); // count-bounded: no byte accounting
    expect(value(samples, 'cache_entries', { cache: 'contacts' })).toBe(100);
    expect(value(samples, 'cache_hit_ratio', { cache: 'contacts' })).toBeCloseTo(0.8, 12);
    expect(value(samples, 'cache_capacity_factor', { cache: 'contacts' })).toBe(1);
    expect(types.get('memory_pressure_transitions_total')).toBe('counter');
    expect(types.get('memory_pressure_shed_requests_total')).toBe('counter');
    expect(types.get('memory_pressure_level')).toBe('gauge');

    s.read(0.96); // → emergency: caches at 10 %, non-critical requests shed
    const held = degradation.admit('critical');
    for (let i = 0; i < 3; i++) degradation.admit('normal');
    degradation.admit('background');
    ({ samples } = parseExposition(await prom.metrics()));
    expect(value(samples, 'memory_pressure_level')).toBe(3);
    expect(value(samples, 'memory_pressure_ratio')).toBe(0.96);
    expect(value(samples, 'memory_pressure_transitions_total', { from: 'normal', to: 'emergency' })).toBe(1);
    expect(value(samples, 'memory_pressure_shed_requests_total', { priority: 'normal', reason: 'priority' })).toBe(3);
    expect(value(samples, 'memory_pressure_shed_requests_total', { priority: 'background', reason: 'priority' })).toBe(1);
    expect(value(samples, 'memory_pressure_shed_requests_total', { priority: 'critical', reason: 'in-flight' })).toBe(0);
    expect(value(samples, 'memory_pressure_in_flight_requests')).toBe(1);
    expect(value(samples, 'cache_capacity_factor', { cache: 'contacts' })).toBe(0.1);
    expect(value(samples, 'cache_entries', { cache: 'contacts' })).toBe(10);
    expect(value(samples, 'cache_evictions_total', { cache: 'contacts' })).toBe(90);

    if (held.admitted) held.release();
    s.read(0.1, 5000);
    s.read(0.1, 5000);
    s.read(0.1, 5000);
    degradation.admit('normal');
    ({ samples } = parseExposition(await prom.metrics()));
    expect(value(samples, 'memory_pressure_level')).toBe(0);
    expect(value(samples, 'memory_pressure_transitions_total', { from: 'normal', to: 'emergency' })).toBe(1); // counters do not repeat
    expect(value(samples, 'memory_pressure_transitions_total', { from: 'emergency', to: 'critical' })).toBe(1);
    expect(value(samples, 'memory_pressure_transitions_total', { from: 'warning', to: 'normal' })).toBe(1);
    expect(value(samples, 'memory_pressure_shed_requests_total', { priority: 'normal', reason: 'priority' })).toBe(3);
    expect(value(samples, 'cache_capacity_factor', { cache: 'contacts' })).toBe(1);
  });

  it('registers on the given registry only, with an optional prefix and without the heap-limit gauge on request', async () => {
    const s = scriptedHandler();
    const prom = new Registry();
    registerPressureMetrics(prom, { handler: s.handler, prefix: 'svc_', heapLimitMetric: false });
    const { samples } = parseExposition(await prom.metrics());
    const names = new Set(samples.map((x) => x.name));
    expect(names).toContain('svc_memory_pressure_level');
    expect(names).toContain('svc_memory_usage_bytes');
    expect([...names].some((n) => n.includes('heap_size_limit'))).toBe(false);
    expect([...names].some((n) => n.includes('shed_requests') || n.startsWith('svc_cache_'))).toBe(false);
    expect(() => registerPressureMetrics(prom, { handler: s.handler, prefix: 'svc_' })).toThrow(/already been registered/);
    expect(() => registerPressureMetrics(new Registry(), { handler: s.handler, prefix: 'bad-prefix' })).toThrow(/prefix/);
  });
});

/**
 * Prometheus metrics of memory-pressure handling through `prom-client` (seed 003's
 * `memory_usage_bytes`, `cache_size_bytes`, `cache_hit_ratio`, `memory_pressure_level`, and
 * what a dashboard needs beside them), all read at scrape time — nothing runs on a request
 * path or a timer:
 *
 * - `memory_usage_bytes{type}` (gauge) — `process.memoryUsage()`: `heap_used`, `heap_total`,
 *   `rss`, `external`, `array_buffers`.
 * - `nodejs_heap_size_limit_bytes` (gauge) — V8's `heap_size_limit`, the denominator of the
 *   pressure ratio. prom-client's default metrics have no such gauge
 *   (https://github.com/prometheus/client_js/issues/632); should a later prom-client add one
 *   under this name (https://github.com/prometheus/client_js/pull/745 proposes it), pass
 *   `heapLimitMetric: false` on a registry that also collects the default metrics.
 * - `memory_pressure_level` (gauge) — 0 normal, 1 warning, 2 critical, 3 emergency.
 * - `memory_pressure_ratio` (gauge) — the handler's last reading, used heap / heap limit.
 * - `memory_pressure_transitions_total{from,to}` (counter) — level changes.
 * - `memory_pressure_shed_requests_total{priority,reason}` (counter) — requests shed, with a
 *   `DegradationManager`; and `memory_pressure_in_flight_requests` (gauge).
 * - `cache_size_bytes{cache}`, `cache_hit_ratio{cache}`, … — with a `CacheRegistry`, through
 *   `registerCacheMetrics` (`reference-impl/caches/cache-metrics.ts`), not a second copy.
 */
import v8 from 'node:v8';
import { Counter, Gauge, type Registry } from 'prom-client';
import { type CacheMetrics, registerCacheMetrics } from '../caches/cache-metrics.js';
import type { CacheRegistry } from '../caches/cache-registry.js';
import type { DegradationManager } from './degradation-manager.js';
import type { MemoryPressureHandler } from './memory-pressure-handler.js';
import { pressureLevelValue } from './pressure-level.js';

/** Options of {@link registerPressureMetrics}. */
export interface PressureMetricsOptions {
  /** The handler whose level, ratio and transitions are exported. */
  readonly handler: MemoryPressureHandler;
  /** Exports shed requests and in-flight requests. @default none */
  readonly degradation?: DegradationManager;
  /** Exports the cache metrics of its caches (`registerCacheMetrics`). @default none */
  readonly caches?: CacheRegistry;
  /** Prepended to every metric name, e.g. `'myapp_'`. @default '' */
  readonly prefix?: string;
  /** Register `nodejs_heap_size_limit_bytes` (see above). @default true */
  readonly heapLimitMetric?: boolean;
}

/** The metric objects, should a caller want to unregister them. */
export interface PressureMetrics {
  readonly memoryUsageBytes: Gauge<'type'>;
  readonly heapSizeLimitBytes: Gauge | undefined;
  readonly level: Gauge;
  readonly ratio: Gauge;
  readonly transitions: Counter<'from' | 'to'>;
  readonly shedRequests: Counter<'priority' | 'reason'> | undefined;
  readonly inFlightRequests: Gauge | undefined;
  readonly caches: CacheMetrics | undefined;
}

/** Registers the memory-pressure metrics on `promRegistry` (never the global default registry). */
export function registerPressureMetrics(promRegistry: Registry, options: PressureMetricsOptions): PressureMetrics {
  const { handler, degradation, caches } = options;
  const prefix = options.prefix ?? '';
  if (!/^[a-zA-Z_:]?[a-zA-Z0-9_:]*$/.test(prefix)) throw new TypeError(`prefix must be a valid Prometheus name prefix, got "${prefix}"`);
  if (typeof handler?.stats !== 'function') throw new TypeError('handler must be a MemoryPressureHandler');
  const heapLimitMetric = options.heapLimitMetric ?? true;
  if (typeof heapLimitMetric !== 'boolean') throw new TypeError('heapLimitMetric must be a boolean');
  const registers = [promRegistry];

  const memoryUsageBytes = new Gauge({
    name: `${prefix}memory_usage_bytes`,
    help: 'process.memoryUsage() in bytes: heap_used, heap_total, rss, external, array_buffers.',
    labelNames: ['type'] as const,
    registers,
    collect() {
      const m = process.memoryUsage();
      this.set({ type: 'heap_used' }, m.heapUsed);
      this.set({ type: 'heap_total' }, m.heapTotal);
      this.set({ type: 'rss' }, m.rss);
      this.set({ type: 'external' }, m.external);
      this.set({ type: 'array_buffers' }, m.arrayBuffers);
    },
  });
  const heapSizeLimitBytes = heapLimitMetric
    ? new Gauge({
        name: `${prefix}nodejs_heap_size_limit_bytes`,
        help: 'V8 heap size limit in bytes: the heap the process may use before it aborts out of memory.',
        registers,
        collect() {
          this.set(v8.getHeapStatistics().heap_size_limit);
        },
      })
    : undefined;
  const level = new Gauge({
    name: `${prefix}memory_pressure_level`,
    help: 'Memory-pressure level: 0 normal, 1 warning, 2 critical, 3 emergency.',
    registers,
    collect() {
      this.set(pressureLevelValue(handler.level));
    },
  });
  const ratio = new Gauge({
    name: `${prefix}memory_pressure_ratio`,
    help: "Used heap / heap size limit at the handler's last reading (0-1).",
    registers,
    collect() {
      this.set(handler.pressure);
    },
  });
  // Counters export the growth since the last scrape of the handler's own counts.
  const seenTransitions = new Map<string, number>();
  const transitions = new Counter({
    name: `${prefix}memory_pressure_transitions_total`,
    help: 'Memory-pressure level changes, by level left (from) and level entered (to).',
    labelNames: ['from', 'to'] as const,
    registers,
    collect() {
      for (const t of handler.stats().transitionCounts) {
        const key = `${t.from}>${t.to}`;
        this.inc({ from: t.from, to: t.to }, t.count - (seenTransitions.get(key) ?? 0));
        seenTransitions.set(key, t.count);
      }
    },
  });
  let shedRequests: Counter<'priority' | 'reason'> | undefined;
  let inFlightRequests: Gauge | undefined;
  if (degradation !== undefined) {
    if (typeof degradation.stats !== 'function') throw new TypeError('degradation must be a DegradationManager');
    const seenShed = new Map<string, number>();
    shedRequests = new Counter({
      name: `${prefix}memory_pressure_shed_requests_total`,
      help: 'Requests answered 503 under memory pressure, by priority and reason (priority shed, in-flight cap).',
      labelNames: ['priority', 'reason'] as const,
      registers,
      collect() {
        for (const s of degradation.stats().shed) {
          const key = `${s.priority}:${s.reason}`;
          this.inc({ priority: s.priority, reason: s.reason }, s.count - (seenShed.get(key) ?? 0));
          seenShed.set(key, s.count);
        }
      },
    });
    inFlightRequests = new Gauge({
      name: `${prefix}memory_pressure_in_flight_requests`,
      help: 'Requests admitted and not yet answered.',
      registers,
      collect() {
        this.set(degradation.inFlight);
      },
    });
  }
  const cacheMetrics = caches === undefined ? undefined : registerCacheMetrics(caches, promRegistry, { prefix });
  return {
    memoryUsageBytes,
    heapSizeLimitBytes,
    level,
    ratio,
    transitions,
    shedRequests,
    inFlightRequests,
    caches: cacheMetrics,
  };
}

/**
 * Prometheus metrics for a {@link CacheRegistry} through `prom-client`, read at scrape time
 * (no timers, nothing updated on the cache's hot path):
 *
 * - `cache_size_bytes{cache}` (gauge) — accounted bytes held.
 * - `cache_entries{cache}` (gauge) — entries held.
 * - `cache_hit_ratio{cache}` (gauge) — hits / (hits + misses) since the cache was created.
 * - `cache_evictions_total{cache}` (counter) — entries evicted (own limits, global budget,
 *   shrinking). A counter rather than a gauge: Prometheus reserves the `_total` suffix for
 *   counters, and `rate()` needs one.
 * - `cache_budget_bytes` (gauge) — the registry's global budget (0 = none).
 * - `cache_capacity_factor{cache}` (gauge) — the share of its configured capacity a cache may
 *   fill now (1 unless the memory-pressure handler shrank it; see
 *   `ManagedCache.setCapacityFactor`).
 *
 * Metrics go to the `prom-client` `Registry` you pass (never the global default), so several
 * registries, and tests, do not collide.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { CacheRegistry } from './cache-registry.js';
import { hitRatio } from './managed-cache.js';

/** Options of {@link registerCacheMetrics}. */
export interface CacheMetricsOptions {
  /** Prepended to every metric name, e.g. `'myapp_'`. @default '' */
  readonly prefix?: string;
}

/** The metric objects, should a caller want to unregister them. */
export interface CacheMetrics {
  readonly sizeBytes: Gauge<'cache'>;
  readonly entries: Gauge<'cache'>;
  readonly hitRatio: Gauge<'cache'>;
  readonly evictions: Counter<'cache'>;
  readonly budgetBytes: Gauge;
  readonly capacityFactor: Gauge<'cache'>;
}

/** Registers the cache metrics of `caches` on `promRegistry`. */
export function registerCacheMetrics(caches: CacheRegistry, promRegistry: Registry, options: CacheMetricsOptions = {}): CacheMetrics {
  const prefix = options.prefix ?? '';
  if (!/^[a-zA-Z_:]?[a-zA-Z0-9_:]*$/.test(prefix)) throw new TypeError(`prefix must be a valid Prometheus name prefix, got "${prefix}"`);
  const registers = [promRegistry];
  const sizeBytes = new Gauge({
    name: `${prefix}cache_size_bytes`,
    help: 'Bytes held by the cache, as its size calculation accounts them.',
    labelNames: ['cache'] as const,
    registers,
    collect() {
      this.reset();
      for (const s of caches.stats()) this.set({ cache: s.name }, s.sizeBytes);
    },
  });
  const entries = new Gauge({
    name: `${prefix}cache_entries`,
    help: 'Entries held by the cache.',
    labelNames: ['cache'] as const,
    registers,
    collect() {
      this.reset();
      for (const s of caches.stats()) this.set({ cache: s.name }, s.entries);
    },
  });
  const ratio = new Gauge({
    name: `${prefix}cache_hit_ratio`,
    help: 'Hits / (hits + misses) since the cache was created; 0 before the first lookup.',
    labelNames: ['cache'] as const,
    registers,
    collect() {
      this.reset();
      for (const s of caches.stats()) this.set({ cache: s.name }, hitRatio(s));
    },
  });
  // Counters only go up: report the growth since the last scrape, and start over when a
  // cache's own counter was reset (resetStats) so the exported value never decreases.
  const lastSeen = new Map<string, number>();
  const evictions = new Counter({
    name: `${prefix}cache_evictions_total`,
    help: 'Entries evicted: by size, count or budget limits, and by shrinking under heap pressure.',
    labelNames: ['cache'] as const,
    registers,
    collect() {
      for (const s of caches.stats()) {
        const previous = lastSeen.get(s.name) ?? 0;
        const delta = s.evictions >= previous ? s.evictions - previous : s.evictions;
        this.inc({ cache: s.name }, delta);
        lastSeen.set(s.name, s.evictions);
      }
    },
  });
  const budgetBytes = new Gauge({
    name: `${prefix}cache_budget_bytes`,
    help: 'Global memory budget shared by the registered caches; 0 means none.',
    registers,
    collect() {
      this.set(caches.maxTotalBytes);
    },
  });
  const capacityFactor = new Gauge({
    name: `${prefix}cache_capacity_factor`,
    help: 'Share of its configured capacity the cache may fill now: 1, or less while memory pressure shrank it.',
    labelNames: ['cache'] as const,
    registers,
    collect() {
      this.reset();
      for (const c of caches.caches) this.set({ cache: c.name }, c.capacityFactor ?? 1);
    },
  });
  return { sizeBytes, entries, hitRatio: ratio, evictions, budgetBytes, capacityFactor };
}

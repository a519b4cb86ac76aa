/**
 * What the memory dashboard shows, as the JSON its event stream carries: samples of the
 * handler's last reading and the process's RSS, the caches' counters, the pressure events, and
 * the handler's own counters. Everything is read from the handler and the registry; the
 * dashboard never takes a heap reading of its own, so the page shows exactly what the handler
 * acts on.
 */
import type { CacheRegistry } from '../caches/cache-registry.js';
import { hitRatio } from '../caches/managed-cache.js';
import type { MemoryPressureHandler } from './memory-pressure-handler.js';
import type { PressureTransition } from './pressure-action.js';
import type { PressureLevel, PressureThresholds } from './pressure-level.js';

/** One point of the chart. */
export interface DashboardSample {
  /** When it was taken, milliseconds since the Unix epoch (`Date.now()`). */
  readonly time: number;
  readonly level: PressureLevel;
  /** The handler's last reading: used heap / heap limit (0–1); 0 before its first reading. */
  readonly pressure: number;
  /** The handler's last reading, bytes; 0 before its first. */
  readonly heapUsedBytes: number;
  /** The heap limit of that reading, bytes; 0 before the handler's first reading. */
  readonly heapLimitBytes: number;
  /** The whole process's resident set size now, bytes (`process.memoryUsage.rss()`). */
  readonly rssBytes: number;
}

/** One cache's row. */
export interface DashboardCache {
  readonly name: string;
  readonly entries: number;
  /** Bytes held, as the cache accounts them. */
  readonly sizeBytes: number;
  readonly hits: number;
  readonly misses: number;
  /** `hits / (hits + misses)` (0–1); 0 before the first lookup. */
  readonly hitRatio: number;
  readonly evictions: number;
  /** The share of its configured capacity the cache may fill now (0–1]; 1 unless pressure shrank it. */
  readonly capacityFactor: number;
}

/** One pressure event: a level transition. */
export interface DashboardTransition {
  /** When the dashboard heard of it, milliseconds since the Unix epoch (the handler's own clock is `performance.now()`). */
  readonly time: number;
  readonly from: PressureLevel;
  readonly to: PressureLevel;
  /** The reading that caused it: used heap / heap limit (0–1). */
  readonly pressure: number;
}

/** The handler's counters shown beside the chart. */
export interface DashboardCounters {
  readonly readings: number;
  readonly transitions: number;
  readonly readingErrors: number;
  readonly actionErrors: number;
  /** Milliseconds since the current level was entered, on the handler's clock. */
  readonly levelForMs: number;
}

/** The `init` event: everything a page needs to draw itself, sent when it connects. */
export interface DashboardInit {
  readonly thresholds: PressureThresholds;
  /** Milliseconds between two `update` events. */
  readonly intervalMs: number;
  /** Samples the chart's window holds. */
  readonly historySamples: number;
  /** Pressure events shown at most. */
  readonly maxTransitions: number;
  /** Oldest first. */
  readonly history: readonly DashboardSample[];
  /** Taken when the page connected (not part of the history). */
  readonly current: DashboardSample;
  readonly caches: readonly DashboardCache[];
  /** Newest first. */
  readonly transitions: readonly DashboardTransition[];
  readonly counters: DashboardCounters;
}

/** The `update` event, every `intervalMs` and after every transition. */
export interface DashboardUpdate {
  readonly sample: DashboardSample;
  readonly caches: readonly DashboardCache[];
  readonly counters: DashboardCounters;
}

/** A sample of `handler`'s last reading and the process's RSS now. */
export function readDashboardSample(handler: MemoryPressureHandler): DashboardSample {
  const s = handler.stats();
  return {
    time: Date.now(),
    level: s.level,
    pressure: s.pressure,
    heapUsedBytes: s.usedBytes,
    heapLimitBytes: s.limitBytes,
    rssBytes: process.memoryUsage.rss(),
  };
}

/** The rows of every cache in `caches`, in registration order; none without a registry. */
export function readDashboardCaches(caches: CacheRegistry | undefined): DashboardCache[] {
  if (caches === undefined) return [];
  const managed = caches.caches;
  // stats() and caches list the registrations in the same order.
  return caches.stats().map((s, i) => ({
    name: s.name,
    entries: s.entries,
    sizeBytes: s.sizeBytes,
    hits: s.hits,
    misses: s.misses,
    hitRatio: hitRatio(s),
    evictions: s.evictions,
    capacityFactor: managed[i]?.capacityFactor ?? 1,
  }));
}

/** `handler`'s counters now. */
export function readDashboardCounters(handler: MemoryPressureHandler): DashboardCounters {
  const s = handler.stats();
  return {
    readings: s.readings,
    transitions: s.transitions,
    readingErrors: s.readingErrors,
    actionErrors: s.actionErrors,
    levelForMs: Math.max(0, handler.options.now() - s.levelSince),
  };
}

/** A transition as the dashboard lists it, stamped with the wall clock now. */
export function dashboardTransition(transition: PressureTransition): DashboardTransition {
  return { time: Date.now(), from: transition.from, to: transition.to, pressure: transition.pressure };
}

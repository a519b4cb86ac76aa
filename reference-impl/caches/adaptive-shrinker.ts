/**
 * Adaptive memory management (seed 004, strategy 4): when the heap ratio crosses a high-water
 * mark, drop the coldest 20% of every managed cache.
 *
 * Differences from the seed's `AdaptiveCache`:
 * - **Hysteresis.** After a shrink the shrinker is in `pressure` state and does not shrink again
 *   until the ratio has fallen below `lowWaterRatio` (re-armed) or, if it stays above high water,
 *   until `repeatAfterMs` has passed. The seed's check shrinks on every tick above the threshold,
 *   so a heap hovering at 80% empties the cache in a few ticks and then refills it (oscillation).
 * - **The coldest entries, in O(1) each.** Caches evict from their LRU end; the seed copies and
 *   sorts all entries by timestamp on every shrink.
 * - **A meaningful ratio.** The default is used heap / `heap_size_limit`, the distance to an
 *   out-of-memory crash. The seed's `heapUsed / heapTotal` is close to 1 in any busy process,
 *   because V8 grows `heapTotal` just ahead of `heapUsed`.
 */
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import type { ManagedCache } from './managed-cache.js';

/** Options of {@link AdaptiveShrinker}. */
export interface AdaptiveShrinkerOptions {
  /** The caches to shrink. */
  readonly caches: readonly ManagedCache[];
  /** Shrink when the heap ratio is at or above this (0–1). @default 0.8 (seed 004) */
  readonly highWaterRatio?: number;
  /** Re-arm once the ratio is below this (0–1, below `highWaterRatio`). @default 0.7 */
  readonly lowWaterRatio?: number;
  /** Fraction of each cache's entries dropped per shrink (0–1]. @default 0.2 (seed 004) */
  readonly shrinkFraction?: number;
  /** A cache is never shrunk below this many entries. @default 100 (seed 004 `minCacheSize`) */
  readonly minEntries?: number;
  /** Period of the automatic check started by {@link AdaptiveShrinker.start}, milliseconds. @default 5000 */
  readonly checkIntervalMs?: number;
  /** While the ratio stays above high water, shrink again at most this often, milliseconds. @default 30000 */
  readonly repeatAfterMs?: number;
  /** Current heap ratio (0–1). @default v8 used_heap_size / heap_size_limit */
  readonly heapRatio?: () => number;
  /** Clock in milliseconds (tests). @default performance.now */
  readonly now?: () => number;
}

/** `normal`: armed, will shrink at high water. `pressure`: shrunk, waiting for low water. */
export type ShrinkerState = 'normal' | 'pressure';

/** What one {@link AdaptiveShrinker.check} saw and did. */
export interface ShrinkCheck {
  readonly ratio: number;
  readonly state: ShrinkerState;
  /** Entries dropped by this check (0 when it did not shrink). */
  readonly droppedEntries: number;
}

/** Counters of an {@link AdaptiveShrinker}. */
export interface ShrinkerStats {
  readonly checks: number;
  readonly shrinks: number;
  readonly droppedEntries: number;
  readonly state: ShrinkerState;
}

/** Used heap over the heap size limit: how close the process is to running out of heap. */
export function heapLimitRatio(): number {
  const h = v8.getHeapStatistics();
  return h.used_heap_size / h.heap_size_limit;
}

interface ResolvedOptions {
  readonly caches: readonly ManagedCache[];
  readonly highWaterRatio: number;
  readonly lowWaterRatio: number;
  readonly shrinkFraction: number;
  readonly minEntries: number;
  readonly checkIntervalMs: number;
  readonly repeatAfterMs: number;
  readonly heapRatio: () => number;
  readonly now: () => number;
}

function resolveOptions(o: AdaptiveShrinkerOptions): ResolvedOptions {
  const r: ResolvedOptions = {
    caches: o.caches,
    highWaterRatio: o.highWaterRatio ?? 0.8,
    lowWaterRatio: o.lowWaterRatio ?? 0.7,
    shrinkFraction: o.shrinkFraction ?? 0.2,
    minEntries: o.minEntries ?? 100,
    checkIntervalMs: o.checkIntervalMs ?? 5000,
    repeatAfterMs: o.repeatAfterMs ?? 30_000,
    heapRatio: o.heapRatio ?? heapLimitRatio,
    now: o.now ?? (() => performance.now()),
  };
  if (!Array.isArray(r.caches)) throw new TypeError('caches must be an array of caches');
  if (!(r.highWaterRatio > 0 && r.highWaterRatio <= 1)) throw new TypeError(`highWaterRatio must be in (0, 1], got ${r.highWaterRatio}`);
  if (!(r.lowWaterRatio >= 0 && r.lowWaterRatio < r.highWaterRatio)) {
    throw new TypeError(`lowWaterRatio must be in [0, highWaterRatio), got ${r.lowWaterRatio}`);
  }
  if (!(r.shrinkFraction > 0 && r.shrinkFraction <= 1)) throw new TypeError(`shrinkFraction must be in (0, 1], got ${r.shrinkFraction}`);
  for (const k of ['minEntries', 'checkIntervalMs', 'repeatAfterMs'] as const) {
    if (!Number.isInteger(r[k]) || r[k] < 0) throw new TypeError(`${k} must be a non-negative integer, got ${String(r[k])}`);
  }
  if (r.checkIntervalMs === 0) throw new TypeError('checkIntervalMs must be positive (milliseconds)');
  return Object.freeze(r);
}

/** Shrinks caches under heap pressure, with hysteresis. */
export class AdaptiveShrinker {
  /** The resolved, frozen options. */
  readonly options: ResolvedOptions;
  #state: ShrinkerState = 'normal';
  #lastShrinkAt = 0;
  #checks = 0;
  #shrinks = 0;
  #dropped = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: AdaptiveShrinkerOptions) {
    this.options = resolveOptions(options);
  }

  /** Reads the heap ratio once and shrinks if the state machine says so. */
  check(): ShrinkCheck {
    this.#checks++;
    const o = this.options;
    const ratio = o.heapRatio();
    let dropped = 0;
    if (this.#state === 'pressure' && ratio < o.lowWaterRatio) {
      this.#state = 'normal';
    } else if (ratio >= o.highWaterRatio) {
      const due = this.#state === 'normal' || o.now() - this.#lastShrinkAt >= o.repeatAfterMs;
      if (due) {
        dropped = this.shrink();
        this.#state = 'pressure';
        this.#lastShrinkAt = o.now();
      }
    }
    return { ratio, state: this.#state, droppedEntries: dropped };
  }

  /**
   * Drops `shrinkFraction` of each cache's entries (coldest first), keeping at least
   * `minEntries` per cache. Returns the number of entries dropped. Ignores the state machine.
   */
  shrink(): number {
    const o = this.options;
    let dropped = 0;
    for (const cache of o.caches) {
      const n = cache.entries;
      const target = Math.min(Math.floor(n * o.shrinkFraction), Math.max(0, n - o.minEntries));
      for (let i = 0; i < target && cache.evictColdest(); i++) dropped++;
    }
    this.#shrinks++;
    this.#dropped += dropped;
    return dropped;
  }

  /** Starts checking every `checkIntervalMs` (unref'd timer). Idempotent. */
  start(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => this.check(), this.options.checkIntervalMs);
    this.#timer.unref();
  }

  /** Stops the automatic check. */
  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Counters since construction. */
  stats(): ShrinkerStats {
    return { checks: this.#checks, shrinks: this.#shrinks, droppedEntries: this.#dropped, state: this.#state };
  }
}

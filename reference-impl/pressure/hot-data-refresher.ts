/**
 * Seed 004's `refreshHotData()` as part of recovery: once memory pressure is back to normal,
 * prefetch the most-accessed keys the cache lost while it was shrunk, so the hit ratio recovers
 * without waiting for every hot key to miss once.
 */
import { consoleMemoryLogger, type MemoryLogger } from '../memory/memory-logger.js';
import type { AccessCounter } from './access-counter.js';
import type { PressureTransition } from './pressure-action.js';
import { DEFAULT_HOT_DATA_KEYS, DEFAULT_HOT_DATA_MIN_ACCESSES } from './pressure-defaults.js';

/** The cache a refresh fills: `InstrumentedLruCache` fits as it is. */
export interface RefreshableCache<K, V> {
  has(key: K): boolean;
  set(key: K, value: V): unknown;
}

/** Options of {@link HotDataRefresher}. */
export interface HotDataRefresherOptions<K, V> {
  /** Where the access counts come from (the read path calls `counter.record(key)`). */
  readonly counter: AccessCounter<K>;
  readonly cache: RefreshableCache<K, V>;
  /** Loads the values of `keys` (one batch); keys it leaves out are skipped. */
  readonly load: (keys: K[]) => Promise<Iterable<readonly [K, V]>>;
  /** Keys prefetched at most per refresh. @default DEFAULT_HOT_DATA_KEYS (100, seed 004) */
  readonly maxKeys?: number;
  /** Accesses a key needs to be prefetched (≥ 1). @default DEFAULT_HOT_DATA_MIN_ACCESSES (2: a key read once is not hot) */
  readonly minAccesses?: number;
  /** Receives failed refreshes started by {@link HotDataRefresher.attach}. @default console.warn */
  readonly logger?: MemoryLogger;
}

/** What one refresh did. */
export interface HotDataRefresh {
  /** Hot keys missing from the cache that were asked of `load`. */
  readonly requested: number;
  /** Entries `load` returned and the cache was given. */
  readonly loaded: number;
}

/** The part of `MemoryPressureHandler` a refresher listens to. */
export interface TransitionSource {
  on(event: 'transition', listener: (transition: PressureTransition) => void): unknown;
  off(event: 'transition', listener: (transition: PressureTransition) => void): unknown;
}

/** Prefetches the hottest missing keys, on demand or on every return to `normal`. */
export class HotDataRefresher<K, V> {
  readonly #options: Required<Omit<HotDataRefresherOptions<K, V>, 'logger'>> & { logger: MemoryLogger };
  #running: Promise<HotDataRefresh> | undefined;
  #refreshes = 0;
  #failures = 0;

  constructor(options: HotDataRefresherOptions<K, V>) {
    const maxKeys = options.maxKeys ?? DEFAULT_HOT_DATA_KEYS;
    if (!Number.isInteger(maxKeys) || maxKeys < 1)
      throw new TypeError(`maxKeys must be a whole number of keys ≥ 1, got ${String(maxKeys)}`);
    const minAccesses = options.minAccesses ?? DEFAULT_HOT_DATA_MIN_ACCESSES;
    if (!Number.isInteger(minAccesses) || minAccesses < 1)
      throw new TypeError(`minAccesses must be a whole number of accesses ≥ 1, got ${String(minAccesses)}`);
    if (typeof options.counter?.mostAccessed !== 'function') throw new TypeError('counter must be an AccessCounter');
    if (typeof options.cache?.has !== 'function' || typeof options.cache.set !== 'function') {
      throw new TypeError('cache must have has(key) and set(key, value)');
    }
    if (typeof options.load !== 'function') throw new TypeError('load must be a function');
    if (options.logger !== undefined && typeof options.logger !== 'function') throw new TypeError('logger must be a function');
    this.#options = { ...options, maxKeys, minAccesses, logger: options.logger ?? consoleMemoryLogger };
  }

  /** Refreshes completed, and refreshes that failed (load threw or rejected). */
  stats(): { readonly refreshes: number; readonly failures: number } {
    return { refreshes: this.#refreshes, failures: this.#failures };
  }

  /**
   * Loads the `maxKeys` most-accessed keys that are not in the cache and stores what comes back.
   * A refresh called while one runs returns the running one. Rejects with what `load` rejects.
   */
  refresh(): Promise<HotDataRefresh> {
    this.#running ??= this.#refresh().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  /**
   * Refreshes whenever `handler` enters `normal` (after the level's actions were reverted, so
   * the caches have their capacity back). Returns a function that stops listening.
   */
  attach(handler: TransitionSource): () => void {
    const listener = (t: PressureTransition) => {
      if (t.to !== 'normal' || t.from === 'normal') return;
      this.refresh().catch((error: unknown) => {
        try {
          this.#options.logger('[memory-pressure] hot-data refresh failed', { error: (error as Error)?.message ?? String(error) });
        } catch {
          // nothing left to tell
        }
      });
    };
    handler.on('transition', listener);
    return () => {
      handler.off('transition', listener);
    };
  }

  async #refresh(): Promise<HotDataRefresh> {
    const { counter, cache, load, maxKeys, minAccesses } = this.#options;
    const keys = counter.mostAccessed(maxKeys, (key) => cache.has(key), minAccesses);
    if (keys.length === 0) {
      this.#refreshes++;
      return { requested: 0, loaded: 0 };
    }
    let entries: Iterable<readonly [K, V]>;
    try {
      entries = await load(keys);
    } catch (error) {
      this.#failures++;
      throw error;
    }
    let loaded = 0;
    for (const [key, value] of entries) {
      cache.set(key, value);
      loaded++;
    }
    this.#refreshes++;
    return { requested: keys.length, loaded };
  }
}

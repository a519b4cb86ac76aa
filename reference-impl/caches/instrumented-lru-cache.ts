/**
 * An `lru-cache` with hit / miss / eviction / expiration counters and a pluggable entry sizer:
 * the building block of seed 001 §5's three caches, of the tiered cache's L1, and of anything
 * registered with a {@link CacheRegistry}.
 *
 * The wrapper adds a branch and an increment to `get` and saves lru-cache's per-call options
 * allocation (bench suite `caches` checks it stays within 10% of a raw `lru-cache` `get`);
 * evictions and expirations are counted from
 * `lru-cache`'s own `dispose` reasons, so nothing is tracked twice.
 */
import { LRUCache } from 'lru-cache';
import { type CacheStats, checkCapacityFactor, type ManagedCache, type SizeListener } from './managed-cache.js';
import { estimateHeapBytes, jsonLengthBytes } from './size-estimator.js';

/**
 * The options object every {@link InstrumentedLruCache.get} passes to `lru-cache`'s `get`.
 * Called without one, `get(k, getOptions = {})` allocates a fresh object per call that escapes
 * into its private `#get` whenever V8 does not inline the whole chain (and behind a wrapper it
 * does not); reusing one object removes that allocation (lru-cache's source:
 * https://github.com/isaacs/node-lru-cache/blob/main/src/index.ts). Only `status` is ever written to it,
 * and `get` runs no user code that could re-enter while it is in use.
 */
const GET_OPTIONS: { status?: LRUCache.Status<unknown, unknown> } = { status: undefined };

/** How entries are sized against `maxSizeBytes`. */
export type EntrySizing<K, V> = 'estimate' | 'json' | ((value: V, key: K) => number);

/** Options of {@link InstrumentedLruCache}. At least one of `max` and `maxSizeBytes` is required. */
export interface InstrumentedLruCacheOptions<K, V> {
  /** Name for registries and metrics. @default 'cache' */
  readonly name?: string;
  /** Maximum number of entries; 0 means no count limit. @default 0 */
  readonly max?: number;
  /** Maximum total size in bytes as computed by `sizing`; 0 means no size limit. @default 0 */
  readonly maxSizeBytes?: number;
  /**
   * Entry sizer: `'estimate'` ({@link estimateHeapBytes}, V8 heap layout, no allocation),
   * `'json'` (the seed's `JSON.stringify(value).length`), or a function returning a positive
   * integer. Used only when `maxSizeBytes` is set. @default 'estimate'
   */
  readonly sizing?: EntrySizing<K, V>;
  /** Time to live in milliseconds; 0 means entries never expire. @default 0 */
  readonly ttlMs?: number;
  /** Whether `get` restarts an entry's TTL (seed 001 §5: "LRU behavior"). @default true */
  readonly updateAgeOnGet?: boolean;
  /** Whether `has` restarts an entry's TTL. @default false */
  readonly updateAgeOnHas?: boolean;
  /** Clock for TTLs, milliseconds (tests inject one). @default performance */
  readonly clock?: { now(): number };
}

interface ResolvedOptions<K, V> {
  readonly name: string;
  readonly max: number;
  readonly maxSizeBytes: number;
  readonly sizing: EntrySizing<K, V>;
  readonly ttlMs: number;
  readonly updateAgeOnGet: boolean;
  readonly updateAgeOnHas: boolean;
  readonly clock: { now(): number } | undefined;
}

function resolveOptions<K, V>(options: InstrumentedLruCacheOptions<K, V>): ResolvedOptions<K, V> {
  const r: ResolvedOptions<K, V> = {
    name: options.name ?? 'cache',
    max: options.max ?? 0,
    maxSizeBytes: options.maxSizeBytes ?? 0,
    sizing: options.sizing ?? 'estimate',
    ttlMs: options.ttlMs ?? 0,
    updateAgeOnGet: options.updateAgeOnGet ?? true,
    updateAgeOnHas: options.updateAgeOnHas ?? false,
    clock: options.clock,
  };
  if (typeof r.name !== 'string' || r.name.length === 0) throw new TypeError('name must be a non-empty string');
  for (const k of ['max', 'maxSizeBytes', 'ttlMs'] as const) {
    if (!Number.isInteger(r[k]) || r[k] < 0) throw new TypeError(`${k} must be a non-negative integer, got ${String(r[k])}`);
  }
  if (r.max === 0 && r.maxSizeBytes === 0)
    throw new TypeError('max (entries) or maxSizeBytes (bytes) must be set: an unbounded cache is the leak this replaces');
  if (r.sizing !== 'estimate' && r.sizing !== 'json' && typeof r.sizing !== 'function') {
    throw new TypeError(`sizing must be 'estimate', 'json' or a function, got ${String(r.sizing)}`);
  }
  return Object.freeze(r);
}

/** A bounded LRU cache with statistics. Keys and values must not be `null` or `undefined`. */
export class InstrumentedLruCache<K extends {}, V extends {}> implements ManagedCache {
  /** The resolved, frozen options. */
  readonly options: Readonly<ResolvedOptions<K, V>>;
  readonly #lru: LRUCache<K, V>;
  #hits = 0;
  #misses = 0;
  #sets = 0;
  #evictions = 0;
  #expirations = 0;
  #listener: SizeListener | undefined;
  #sizeCalculation: ((value: V, key: K) => number) | undefined;
  // Capacity cap below the configured limits (setCapacityFactor); 0 = no cap of that kind.
  // lru-cache's `max` and `maxSize` are fixed after construction, so the cap is kept here.
  #capacityFactor = 1;
  #capped = false;
  #capEntries = 0;
  #capBytes = 0;

  constructor(options: InstrumentedLruCacheOptions<K, V>) {
    this.options = resolveOptions(options);
    const o = this.options;
    const sizeCalculation =
      o.maxSizeBytes === 0
        ? undefined
        : o.sizing === 'estimate'
          ? (v: V) => estimateHeapBytes(v)
          : o.sizing === 'json'
            ? (v: V) => jsonLengthBytes(v)
            : o.sizing;
    this.#sizeCalculation = sizeCalculation;
    // At least one of max / maxSize is always set (validated), which the options union cannot see.
    this.#lru = new LRUCache<K, V>({
      ...(o.max > 0 ? { max: o.max } : {}),
      ...(o.maxSizeBytes > 0 ? { maxSize: o.maxSizeBytes, sizeCalculation } : {}),
      ...(o.ttlMs > 0 ? { ttl: o.ttlMs } : {}),
      updateAgeOnGet: o.updateAgeOnGet,
      updateAgeOnHas: o.updateAgeOnHas,
      // An injected clock is read on every check (lru-cache otherwise caches "now" for 1 ms).
      ...(o.clock ? { perf: o.clock, ttlResolution: 0 } : {}),
      dispose: (_value, _key, reason) => {
        if (reason === 'evict') this.#evictions++;
        else if (reason === 'expire') this.#expirations++;
      },
    } as LRUCache.Options<K, V, unknown>);
  }

  /** {@inheritDoc ManagedCache.name} */
  get name(): string {
    return this.options.name;
  }

  /**
   * The underlying `lru-cache` instance, for its wider API (`fetch`, `getRemainingTTL`, …).
   * Reads and writes through it bypass the statistics and the size listener.
   */
  get lru(): LRUCache<K, V> {
    return this.#lru;
  }

  /** The value for `key`, or `undefined` (counted as a miss; an expired entry is removed). */
  get(key: K): V | undefined {
    const value = this.#lru.get(key, GET_OPTIONS as LRUCache.GetOptions<K, V, unknown>);
    // lru-cache stores its diagnostics status object here when `lru-cache:metrics` has
    // subscribers; clearing it gives the next call a fresh one, as a default `{}` would.
    if (GET_OPTIONS.status !== undefined) GET_OPTIONS.status = undefined;
    if (value === undefined) this.#misses++;
    else this.#hits++;
    return value;
  }

  /** The value without touching recency or statistics. */
  peek(key: K): V | undefined {
    return this.#lru.peek(key);
  }

  /** Whether a live entry exists (not counted as a lookup). */
  has(key: K): boolean {
    return this.#lru.has(key);
  }

  /**
   * Stores `value`. An entry larger than `maxSizeBytes` is not stored (and a previous value for
   * `key` is removed), as `lru-cache` does.
   */
  set(key: K, value: V): this {
    this.#sets++;
    if (this.#capped) return this.#setCapped(key, value);
    const listener = this.#listener;
    if (listener === undefined) {
      this.#lru.set(key, value);
    } else {
      const before = this.#lru.calculatedSize;
      this.#lru.set(key, value);
      const delta = this.#lru.calculatedSize - before;
      if (delta !== 0) listener(delta);
    }
    return this;
  }

  /**
   * The capped path of {@link set} (only while a capacity factor below 1 is set): admit the
   * entry, then evict the coldest until the cache fits the cap. An entry larger than the capped
   * byte size is refused (and a previous value for `key` removed), as `lru-cache` refuses one
   * larger than `maxSize`.
   */
  #setCapped(key: K, value: V): this {
    const before = this.sizeBytes;
    if (this.#capBytes > 0) {
      // Sized once here and handed to lru-cache, which then skips its own sizeCalculation call.
      const size = this.#sizeCalculation!(value, key);
      if (size > this.#capBytes) this.#lru.delete(key);
      else this.#lru.set(key, value, { size });
    } else {
      this.#lru.set(key, value);
    }
    this.#evictToCap();
    const delta = this.sizeBytes - before;
    if (this.#listener !== undefined && delta !== 0) this.#listener(delta);
    return this;
  }

  /**
   * {@inheritDoc ManagedCache.setCapacityFactor}
   *
   * The factor applies to `max` (at least one entry is kept) and to `maxSizeBytes`; `get` is
   * unchanged and `set` pays one branch while no cap is set.
   */
  setCapacityFactor(factor: number): number {
    checkCapacityFactor(factor);
    const o = this.options;
    this.#capacityFactor = factor;
    this.#capped = factor < 1;
    this.#capEntries = this.#capped && o.max > 0 ? Math.max(1, Math.floor(o.max * factor)) : 0;
    this.#capBytes = this.#capped && o.maxSizeBytes > 0 ? Math.max(1, Math.floor(o.maxSizeBytes * factor)) : 0;
    return this.#evictToCap();
  }

  /** {@inheritDoc ManagedCache.capacityFactor} */
  get capacityFactor(): number {
    return this.#capacityFactor;
  }

  /** {@inheritDoc ManagedCache.heldShare} */
  get heldShare(): number {
    const o = this.options;
    const byEntries = o.max > 0 ? this.#lru.size / o.max : 0;
    const byBytes = o.maxSizeBytes > 0 ? this.sizeBytes / o.maxSizeBytes : 0;
    return Math.min(1, Math.max(byEntries, byBytes));
  }

  /** Evicts the coldest entries (counted as evictions) until the cache fits the cap. */
  #evictToCap(): number {
    let evicted = 0;
    while (
      this.#lru.size > 0 &&
      ((this.#capEntries > 0 && this.#lru.size > this.#capEntries) || (this.#capBytes > 0 && this.sizeBytes > this.#capBytes))
    ) {
      this.#lru.pop(); // `dispose(…, 'evict')` counts it
      evicted++;
    }
    return evicted;
  }

  /** Removes `key`; true when it was present. Not counted as an eviction. */
  delete(key: K): boolean {
    return this.#lru.delete(key);
  }

  /** Removes every entry (not counted as evictions). */
  clear(): void {
    this.#lru.clear();
  }

  /** {@inheritDoc ManagedCache.evictColdest} */
  evictColdest(): boolean {
    if (this.#lru.size === 0) return false;
    this.#lru.pop(); // `dispose(…, 'evict')` counts it
    return true;
  }

  /** Entries held now. */
  get entries(): number {
    return this.#lru.size;
  }

  /** Bytes held now according to the sizer; 0 without `maxSizeBytes`. */
  get sizeBytes(): number {
    return this.#lru.calculatedSize ?? 0;
  }

  /** {@inheritDoc ManagedCache.setSizeListener} */
  setSizeListener(listener: SizeListener | undefined): void {
    this.#listener = listener;
  }

  /** {@inheritDoc ManagedCache.stats} */
  stats(): CacheStats {
    return {
      hits: this.#hits,
      misses: this.#misses,
      sets: this.#sets,
      evictions: this.#evictions,
      expirations: this.#expirations,
      entries: this.#lru.size,
      sizeBytes: this.sizeBytes,
    };
  }

  /** Zeroes the counters (entries stay). */
  resetStats(): void {
    this.#hits = this.#misses = this.#sets = this.#evictions = this.#expirations = 0;
  }
}

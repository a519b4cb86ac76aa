/**
 * Tiered cache (seed 004, strategy 2): L1 an in-process `lru-cache` (bounded in bytes and
 * entries, short TTL) → L2 Redis through `ioredis` (shared, larger, TTL per entry) → L3 the
 * authoritative source (a loader: PostgreSQL, an API).
 *
 * What the seed's sketch leaves out, and this adds:
 * - **Single flight.** Concurrent misses for one key share one L2 lookup and one L3 fetch; the
 *   seed's version sends every concurrent caller to the source (a stampede on a cold key).
 * - **Redis outages are invisible to callers.** L2 is an optimisation, so an unavailable or
 *   failing Redis degrades to L1 + L3: while the client is not connected L2 is skipped without
 *   a round trip (`l2Skipped`), a failing command counts in `l2Errors`, a lost connection in
 *   `l2Outages`; nothing is thrown. A client created here fails fast (no offline queue, no
 *   retries per request, a command timeout) and reconnects with capped backoff, so L2 is used
 *   again as soon as Redis answers.
 * - **L2 writes do not delay readers.** After an L3 fetch the value is returned at once and
 *   written to Redis in the background.
 * - **Promotion.** An L2 hit is copied into L1 (optionally only on a key's second miss, see
 *   `l1Admission`).
 *
 * Errors from the L3 loader do reach the callers of that key (the source of truth failed).
 */
import { Redis } from 'ioredis';
import type { AdmissionDoorkeeper } from './admission-doorkeeper.js';
import { InstrumentedLruCache, type EntrySizing } from './instrumented-lru-cache.js';

/** Options of {@link createL2Client}. */
export interface L2ClientOptions {
  /** Per-command timeout in milliseconds: the longest a reader waits on a stalled Redis. @default 250 */
  readonly commandTimeoutMs?: number;
  /** TCP connect timeout in milliseconds. @default 1000 */
  readonly connectTimeoutMs?: number;
  /** Upper bound of the reconnect backoff in milliseconds. @default 1000 */
  readonly reconnectMaxDelayMs?: number;
}

/**
 * An `ioredis` client configured for a cache tier: commands fail at once while disconnected
 * (`enableOfflineQueue: false`, `maxRetriesPerRequest: 0`) instead of queueing behind a dead
 * connection, and the client keeps reconnecting with exponential backoff (50 ms doubling, capped).
 */
export function createL2Client(url: string, options: L2ClientOptions = {}): Redis {
  const commandTimeout = options.commandTimeoutMs ?? 250;
  const connectTimeout = options.connectTimeoutMs ?? 1000;
  const maxDelay = options.reconnectMaxDelayMs ?? 1000;
  for (const [k, v] of [
    ['commandTimeoutMs', commandTimeout],
    ['connectTimeoutMs', connectTimeout],
    ['reconnectMaxDelayMs', maxDelay],
  ] as const) {
    if (!Number.isInteger(v) || v <= 0) throw new TypeError(`${k} must be a positive integer (milliseconds), got ${String(v)}`);
  }
  return new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout,
    connectTimeout,
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times - 1, 10), maxDelay),
  });
}

/** Options of {@link TieredCache}. */
export interface TieredCacheOptions<V> {
  /** Name of the L1 cache in registries and metrics. @default 'tiered' */
  readonly name?: string;
  /** L3: the authoritative source. `undefined` means "no such key" (not cached). */
  readonly load: (key: string) => Promise<V | undefined>;
  /**
   * L2: a Redis URL (a fail-fast client is created with {@link createL2Client} and closed by
   * {@link TieredCache.close}) or an `ioredis` client you own (configure it to fail fast too).
   * Absent: no L2.
   */
  readonly redis?: string | Redis;
  /** Options for the client created from a URL. */
  readonly l2Client?: L2ClientOptions;
  /** Prefix of every Redis key. @default 'heapgate:' */
  readonly keyPrefix?: string;
  /** L2 time to live in milliseconds. @default 3600000 (1 h) */
  readonly l2TtlMs?: number;
  /** L1 entry limit. @default 10000 */
  readonly l1MaxEntries?: number;
  /** L1 byte limit (per `l1Sizing`). @default 33554432 (32 MiB) */
  readonly l1MaxSizeBytes?: number;
  /** L1 time to live in milliseconds; short, as L1 copies are not invalidated across processes. @default 300000 (5 min) */
  readonly l1TtlMs?: number;
  /** L1 entry sizer. @default 'estimate' */
  readonly l1Sizing?: EntrySizing<string, V>;
  /**
   * Admission to L1: with a doorkeeper, a value fetched from L2 or L3 is copied into L1 only on
   * its key's second miss, so the long tail of once-read keys does not churn L1 (and V8's old
   * generation). @default every value is admitted
   */
  readonly l1Admission?: AdmissionDoorkeeper;
  /** Value → string for Redis. @default JSON.stringify */
  readonly serialize?: (value: V) => string;
  /** String from Redis → value. @default JSON.parse */
  readonly deserialize?: (text: string) => V;
}

/** Counters of a {@link TieredCache}. */
export interface TieredCacheStats {
  /** `get` calls. */
  readonly gets: number;
  readonly l1Hits: number;
  readonly l2Hits: number;
  /** L2 lookups that found nothing. */
  readonly l2Misses: number;
  /** Calls of the L3 loader. */
  readonly l3Fetches: number;
  /** L3 fetches that returned `undefined`. */
  readonly l3Misses: number;
  /** `get` calls that joined a fetch already in flight for the same key. */
  readonly coalesced: number;
  /** L2 commands that failed (connection lost mid-command, timeout, bad payload). */
  readonly l2Errors: number;
  /** L2 lookups and writes skipped because Redis was not connected. */
  readonly l2Skipped: number;
  /** Times the Redis connection was lost after being ready. */
  readonly l2Outages: number;
  /** Values written to L2. */
  readonly l2Writes: number;
  /** Values served but not copied into L1 (refused by `l1Admission`). */
  readonly l1NotAdmitted: number;
}

/** Statistics helpers: hit rates over `gets`. */
export function tierHitRates(s: TieredCacheStats): { l1: number; l2: number; combined: number } {
  if (s.gets === 0) return { l1: 0, l2: 0, combined: 0 };
  return { l1: s.l1Hits / s.gets, l2: s.l2Hits / s.gets, combined: (s.l1Hits + s.l2Hits) / s.gets };
}

/** Whether a fill in progress was overtaken by a `delete` of its key. */
interface FillState {
  stale: boolean;
}

/** L1 → L2 (Redis) → L3 (loader) with single flight and outage tolerance. */
export class TieredCache<V extends {}> {
  /** The in-process tier (register it with a {@link CacheRegistry} to budget it). */
  readonly l1: InstrumentedLruCache<string, V>;
  readonly #load: (key: string) => Promise<V | undefined>;
  readonly #redis: Redis | undefined;
  readonly #ownsRedis: boolean;
  readonly #prefix: string;
  readonly #l2TtlMs: number;
  readonly #serialize: (value: V) => string;
  readonly #deserialize: (text: string) => V;
  /** One fill per key in progress; `stale` is set when the key is deleted meanwhile. */
  readonly #inflight = new Map<string, { readonly promise: Promise<V | undefined>; readonly fill: FillState }>();
  readonly #admission: AdmissionDoorkeeper | undefined;
  #l1NotAdmitted = 0;
  #wasReady = false;
  /** Fills started (L1 misses not joining one in progress); `gets` is derived, see stats(). */
  #fills = 0;
  #l1Hits = 0;
  #l2Hits = 0;
  #l2Misses = 0;
  #l3Fetches = 0;
  #l3Misses = 0;
  #coalesced = 0;
  #l2Errors = 0;
  #l2Skipped = 0;
  #l2Outages = 0;
  #l2Writes = 0;

  constructor(options: TieredCacheOptions<V>) {
    if (typeof options.load !== 'function') throw new TypeError('load must be a function (key) => Promise<value | undefined>');
    const l2TtlMs = options.l2TtlMs ?? 3_600_000;
    if (!Number.isInteger(l2TtlMs) || l2TtlMs <= 0)
      throw new TypeError(`l2TtlMs must be a positive integer (milliseconds), got ${String(l2TtlMs)}`);
    const prefix = options.keyPrefix ?? 'heapgate:';
    if (typeof prefix !== 'string') throw new TypeError('keyPrefix must be a string');
    this.l1 = new InstrumentedLruCache<string, V>({
      name: options.name ?? 'tiered',
      max: options.l1MaxEntries ?? 10_000,
      maxSizeBytes: options.l1MaxSizeBytes ?? 32 * 1024 * 1024,
      ttlMs: options.l1TtlMs ?? 300_000,
      sizing: options.l1Sizing ?? 'estimate',
      updateAgeOnGet: false,
    });
    this.#load = options.load;
    this.#admission = options.l1Admission;
    this.#prefix = prefix;
    this.#l2TtlMs = l2TtlMs;
    this.#serialize = options.serialize ?? JSON.stringify;
    this.#deserialize = options.deserialize ?? (JSON.parse as (text: string) => V);
    if (options.redis === undefined) {
      this.#redis = undefined;
      this.#ownsRedis = false;
    } else {
      this.#ownsRedis = typeof options.redis === 'string';
      this.#redis = typeof options.redis === 'string' ? createL2Client(options.redis, options.l2Client) : options.redis;
      this.#wasReady = this.#redis.status === 'ready';
      this.#redis.on('ready', this.#onReady);
      this.#redis.on('close', this.#onClose);
      // Connection errors surface as `close` + reconnects; without a listener ioredis would
      // print every one of them ("[ioredis] Unhandled error event", see the `error` row of
      // https://github.com/redis/ioredis#connection-events).
      this.#redis.on('error', this.#onError);
    }
  }

  /**
   * The value for `key` from the nearest tier that has it, or `undefined` when the source has
   * none. Never rejects because of Redis; rejects when the L3 loader does.
   */
  get(key: string): Promise<V | undefined> {
    // No counter of its own on this path: every get is an L1 hit, a join or a fill (stats()).
    const hit = this.l1.get(key);
    if (hit !== undefined) {
      this.#l1Hits++;
      return Promise.resolve(hit);
    }
    const pending = this.#inflight.get(key);
    if (pending !== undefined) {
      this.#coalesced++;
      return pending.promise;
    }
    this.#fills++;
    const state: FillState = { stale: false };
    const promise = this.#fill(key, state).finally(() => {
      // A delete may have replaced this fill with a newer one: remove only our own entry.
      if (this.#inflight.get(key)?.fill === state) this.#inflight.delete(key);
    });
    this.#inflight.set(key, { promise, fill: state });
    return promise;
  }

  /**
   * Removes `key` from L1 and L2 (e.g. on an invalidation message). Resolves once Redis
   * confirmed or was found unavailable; never rejects because of Redis.
   */
  async delete(key: string): Promise<void> {
    this.l1.delete(key);
    // A fill already under way read the old value: its callers still get it (they asked before
    // the invalidation), but it must not write it back to L1 or L2, and later callers start anew.
    const pending = this.#inflight.get(key);
    if (pending !== undefined) {
      pending.fill.stale = true;
      this.#inflight.delete(key);
    }
    const redis = this.#redis;
    if (redis === undefined) return;
    if (redis.status !== 'ready') {
      this.#l2Skipped++;
      return;
    }
    try {
      await redis.del(this.#prefix + key);
    } catch {
      this.#l2Errors++;
    }
  }

  /** Whether the L2 client is connected now. */
  get l2Available(): boolean {
    return this.#redis?.status === 'ready';
  }

  /** Resolves true once L2 is connected, false after `timeoutMs` (or without L2). */
  whenL2Ready(timeoutMs = 5000): Promise<boolean> {
    const redis = this.#redis;
    if (redis === undefined) return Promise.resolve(false);
    if (redis.status === 'ready') return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        redis.off('ready', onReady);
        resolve(ok);
      };
      const onReady = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      timer.unref();
      redis.on('ready', onReady);
    });
  }

  /** Counters since construction. */
  stats(): TieredCacheStats {
    return {
      gets: this.#l1Hits + this.#coalesced + this.#fills,
      l1Hits: this.#l1Hits,
      l2Hits: this.#l2Hits,
      l2Misses: this.#l2Misses,
      l3Fetches: this.#l3Fetches,
      l3Misses: this.#l3Misses,
      coalesced: this.#coalesced,
      l2Errors: this.#l2Errors,
      l2Skipped: this.#l2Skipped,
      l2Outages: this.#l2Outages,
      l2Writes: this.#l2Writes,
      l1NotAdmitted: this.#l1NotAdmitted,
    };
  }

  /** Closes the Redis client when this cache created it; L1 is kept. */
  async close(): Promise<void> {
    const redis = this.#redis;
    if (redis === undefined) return;
    redis.off('ready', this.#onReady);
    redis.off('close', this.#onClose);
    if (!this.#ownsRedis) {
      redis.off('error', this.#onError);
      return;
    }
    if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
    else redis.disconnect();
    // The error listener stays on our own, discarded client: a socket error arriving after
    // disconnect() would otherwise be printed by ioredis as an unhandled error event.
  }

  async #fill(key: string, state: FillState): Promise<V | undefined> {
    const redisKey = this.#prefix + key;
    if (this.#redis !== undefined) {
      const text = await this.#l2Get(redisKey);
      if (text !== undefined && text !== null) {
        let value: V | undefined;
        try {
          value = this.#deserialize(text);
        } catch {
          this.#l2Errors++;
        }
        if (value !== undefined) {
          this.#l2Hits++;
          if (!state.stale) this.#promote(key, value);
          return value;
        }
      } else if (text === null) {
        this.#l2Misses++;
      }
    }
    this.#l3Fetches++;
    const value = await this.#load(key);
    if (value === undefined) {
      this.#l3Misses++;
      return undefined;
    }
    if (state.stale) return value;
    this.#promote(key, value);
    if (this.#redis !== undefined) this.#l2Set(redisKey, value);
    return value;
  }

  #promote(key: string, value: V): void {
    if (this.#admission === undefined || this.#admission.admit(key)) this.l1.set(key, value);
    else this.#l1NotAdmitted++;
  }

  /** The stored text, `null` when Redis has no such key, `undefined` when Redis is unavailable. */
  async #l2Get(redisKey: string): Promise<string | null | undefined> {
    const redis = this.#redis!;
    if (redis.status !== 'ready') {
      this.#l2Skipped++;
      return undefined;
    }
    try {
      return await redis.get(redisKey);
    } catch {
      this.#l2Errors++;
      return undefined;
    }
  }

  #l2Set(redisKey: string, value: V): void {
    const redis = this.#redis!;
    if (redis.status !== 'ready') {
      this.#l2Skipped++;
      return;
    }
    let text: string;
    try {
      text = this.#serialize(value);
    } catch {
      this.#l2Errors++;
      return;
    }
    redis.set(redisKey, text, 'PX', this.#l2TtlMs).then(
      () => {
        this.#l2Writes++;
      },
      () => {
        this.#l2Errors++;
      },
    );
  }

  readonly #onReady = (): void => {
    this.#wasReady = true;
  };

  readonly #onClose = (): void => {
    if (this.#wasReady) this.#l2Outages++;
    this.#wasReady = false;
  };

  readonly #onError = (): void => {
    // Counted through `close` (outages) and failed commands (l2Errors).
  };
}

/**
 * On-demand mode (seed 000 §On-demand Mode): ask the lookup API for a clave the first time it is
 * seen, then answer from memory. Positive and negative answers are cached in bounded LRU caches,
 * and concurrent lookups of one clave share one request, so the API sees at most one call per
 * unique clave while the caches hold it. Failed calls are not cached: the next lookup retries.
 */
import { LRUCache } from 'lru-cache';
import type { CCTLookupApi } from './cct-lookup-api-client.js';

/** Options of {@link OnDemandCCTLookup}. */
export interface OnDemandCCTLookupOptions {
  /** The lookup API. */
  readonly api: CCTLookupApi;
  /**
   * Most claves with an id kept in memory (~100 bytes each). Above the size of the whole CCT
   * catalogue (~270k), so one run never asks twice.
   * @default 300_000
   */
  readonly maxCachedClaves?: number;
  /** Most claves known to be absent kept in memory. @default 100_000 */
  readonly maxNegativeClaves?: number;
}

/** Counters of {@link OnDemandCCTLookup}. */
export interface OnDemandCCTLookupStats {
  /** Answered with an id from the positive cache. */
  readonly hits: number;
  /** Answered "no such CCT" from the negative cache. */
  readonly negativeHits: number;
  /** Not in either cache: a request was sent or joined. */
  readonly misses: number;
  /** Misses that joined a request already in flight for the same clave. */
  readonly inflightJoins: number;
  /** Requests sent to the API. */
  readonly apiCalls: number;
  /** Requests that failed (not cached). */
  readonly apiErrors: number;
  /** Entries in the positive / negative cache. */
  readonly cachedClaves: number;
  readonly negativeCachedClaves: number;
}

/** Caches and de-duplicates lookups in front of a {@link CCTLookupApi}. */
export class OnDemandCCTLookup {
  readonly #api: CCTLookupApi;
  readonly #positive: LRUCache<number, number>;
  readonly #negative: LRUCache<number, true>;
  readonly #inflight = new Map<number, Promise<number | null>>();
  #hits = 0;
  #negativeHits = 0;
  #misses = 0;
  #inflightJoins = 0;
  #apiCalls = 0;
  #apiErrors = 0;

  constructor(options: OnDemandCCTLookupOptions) {
    if (typeof options?.api?.findId !== 'function') throw new TypeError('api must have a findId(clave) method');
    const maxCached = options.maxCachedClaves ?? 300_000;
    const maxNegative = options.maxNegativeClaves ?? 100_000;
    for (const [name, v] of [
      ['maxCachedClaves', maxCached],
      ['maxNegativeClaves', maxNegative],
    ] as const) {
      if (!Number.isInteger(v) || v < 1) throw new TypeError(`${name} must be a whole number of claves ≥ 1, got ${String(v)}`);
    }
    this.#api = options.api;
    // Bounded by count through maxSize + sizeCalculation, not `max`: with `max`, lru-cache
    // allocates all of its slots up front (300k × 4 arrays), which would cost megabytes before
    // the first lookup (https://github.com/isaacs/node-lru-cache#storage-bounds-safety). Keys
    // are encoded claves (numbers), not strings.
    this.#positive = new LRUCache<number, number>({ maxSize: maxCached, sizeCalculation: () => 1 });
    this.#negative = new LRUCache<number, true>({ maxSize: maxNegative, sizeCalculation: () => 1 });
  }

  /**
   * The id of `clave` (whose code is `code`), `null` when the API has no such CCT. Rejects with
   * the API's {@link CCTsError} when the call fails.
   */
  lookup(clave: string, code: number): Promise<number | null> {
    const id = this.#positive.get(code);
    if (id !== undefined) {
      this.#hits++;
      return Promise.resolve(id);
    }
    if (this.#negative.has(code)) {
      this.#negativeHits++;
      return Promise.resolve(null);
    }
    this.#misses++;
    const pending = this.#inflight.get(code);
    if (pending !== undefined) {
      this.#inflightJoins++;
      return pending;
    }
    this.#apiCalls++;
    const call = this.#api.findId(clave).then(
      (found) => {
        this.#inflight.delete(code);
        if (found === null) this.#negative.set(code, true);
        else this.#positive.set(code, found);
        return found;
      },
      (err: unknown) => {
        this.#inflight.delete(code);
        this.#apiErrors++;
        throw err;
      },
    );
    this.#inflight.set(code, call);
    return call;
  }

  /** Records an id learnt elsewhere (a CCT just created): replaces a negative entry. */
  remember(code: number, id: number): void {
    this.#negative.delete(code);
    this.#positive.set(code, id);
  }

  /** Empties both caches (in-flight calls still settle). */
  clear(): void {
    this.#positive.clear();
    this.#negative.clear();
  }

  stats(): OnDemandCCTLookupStats {
    return {
      hits: this.#hits,
      negativeHits: this.#negativeHits,
      misses: this.#misses,
      inflightJoins: this.#inflightJoins,
      apiCalls: this.#apiCalls,
      apiErrors: this.#apiErrors,
      cachedClaves: this.#positive.size,
      negativeCachedClaves: this.#negative.size,
    };
  }
}

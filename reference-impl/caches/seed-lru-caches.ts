/**
 * Seed 001 §5's three caches (contacts, calendar events, suggestions) with the seed's limits:
 * max entries, `maxSize` in bytes with a size calculation, TTL and update-age-on-get.
 *
 * The seed sizes entries with `JSON.stringify(value).length`; these default to
 * {@link estimateHeapBytes} (no serialisation per `set`, and bytes of heap rather than JSON
 * characters). Pass `sizing: 'json'` to reproduce the seed exactly.
 */
import { InstrumentedLruCache, type EntrySizing } from './instrumented-lru-cache.js';

const MiB = 1024 * 1024;
const MINUTE_MS = 60_000;

/** One cache's limits as seed 001 §5 gives them. */
export interface SeedCacheLimits {
  /** Maximum entries. */
  readonly max: number;
  /** Maximum bytes (the seed's `maxSize`). */
  readonly maxSizeBytes: number;
  /** Time to live, milliseconds. */
  readonly ttlMs: number;
}

/** The seed's limits, per cache. */
export const SEED_CACHE_LIMITS = Object.freeze({
  contacts: Object.freeze({ max: 1000, maxSizeBytes: 50 * MiB, ttlMs: 60 * MINUTE_MS }),
  calendarEvents: Object.freeze({ max: 5000, maxSizeBytes: 100 * MiB, ttlMs: 24 * 60 * MINUTE_MS }),
  suggestions: Object.freeze({ max: 500, maxSizeBytes: 25 * MiB, ttlMs: 30 * MINUTE_MS }),
} satisfies Record<string, SeedCacheLimits>);

/** Overrides for one of the seed caches; every field defaults to the seed's value. */
export interface SeedCacheOptions<V> extends Partial<SeedCacheLimits> {
  /** Name for registries and metrics. @default the cache's kind ('contacts', …) */
  readonly name?: string;
  /** Entry sizer. @default 'estimate' */
  readonly sizing?: EntrySizing<string, V>;
}

function create<V extends {}>(kind: keyof typeof SEED_CACHE_LIMITS, options: SeedCacheOptions<V>): InstrumentedLruCache<string, V> {
  const limits = SEED_CACHE_LIMITS[kind];
  return new InstrumentedLruCache<string, V>({
    name: options.name ?? kind,
    max: options.max ?? limits.max,
    maxSizeBytes: options.maxSizeBytes ?? limits.maxSizeBytes,
    ttlMs: options.ttlMs ?? limits.ttlMs,
    sizing: options.sizing ?? 'estimate',
    updateAgeOnGet: true,
    updateAgeOnHas: false,
  });
}

/** Contacts by id: 1,000 entries, 50 MiB, 1 h TTL. */
export function createContactCache<V extends {}>(options: SeedCacheOptions<V> = {}): InstrumentedLruCache<string, V> {
  return create('contacts', options);
}

/** Calendar events (arrays) per key: 5,000 entries, 100 MiB, 24 h TTL. */
export function createCalendarEventCache<V extends {}>(options: SeedCacheOptions<V> = {}): InstrumentedLruCache<string, V> {
  return create('calendarEvents', options);
}

/** Suggestion lists per key: 500 entries, 25 MiB, 30 min TTL. */
export function createSuggestionCache<V extends {}>(options: SeedCacheOptions<V> = {}): InstrumentedLruCache<string, V> {
  return create('suggestions', options);
}

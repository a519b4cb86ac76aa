/**
 * Every default of the memory-pressure handler, its actions and the `@fastify/under-pressure`
 * anchor, in one place, so the handler and the anchor it is compared with are configured alike.
 * (`reference-impl/` imports nothing from the harness, whose defaults live in
 * `harness/config/defaults.ts`.)
 */

/**
 * Time between two timer readings, in milliseconds. A quarter of `@fastify/under-pressure`'s
 * 1 s default: a reading costs a few microseconds, so four a second are free, and a step down
 * after its dwell time is at most this late. Rises between ticks are caught by the reading
 * after each garbage collection (the heap grows through allocation, which triggers them).
 */
export const DEFAULT_SAMPLE_INTERVAL_MS = 250;

/**
 * How far below a level's threshold the pressure must fall before the level is left (a
 * hysteresis band, as a ratio of the heap limit). The clear point has to be reachable: in
 * otel-arrow a derived band of `soft − 1` left the soft level only at zero usage, and
 * https://github.com/open-telemetry/otel-arrow/pull/3363 moved it to `soft / 10`. 0.05 is of
 * that order (soft/10 would be 0.07–0.095 for seed 003's thresholds) and keeps every clear
 * point (0.65, 0.80, 0.90) clearly above the next threshold down — at soft/10, emergency would
 * clear at 0.855, a hair over critical's 0.85 — so one step down lands in a level the reading
 * supports. Flapping is held off by the dwell time as much as by the band.
 */
export const DEFAULT_RECOVERY_BAND = 0.05;

/**
 * Minimum time in a level before it may be left, in milliseconds, counted from entering the
 * level or from the last reading at or above its threshold. Stepping down one level per dwell,
 * emergency → normal takes at least 3 × 5 s = 15 s after the pressure fell, and at most
 * 3 × (5 s + one sample interval) ≈ 15.8 s: inside seed 003's "Recovery Time: <30 seconds",
 * and several GC cycles long, so one collection's sawtooth does not flip a level.
 */
export const DEFAULT_MIN_DWELL_MS = 5000;

/**
 * `Retry-After` of a shed request, in seconds: `@fastify/under-pressure`'s default `retryAfter`,
 * so the two answer alike in the comparison scenario (it is also longer than one dwell time,
 * the soonest a level can be left).
 */
export const DEFAULT_RETRY_AFTER_SECONDS = 10;

/** Heap share at which the `@fastify/under-pressure` anchor answers 503: seed 003's emergency threshold. */
export const DEFAULT_UNDER_PRESSURE_HEAP_RATIO = 0.95;

/**
 * In-flight requests allowed at the critical level (seed 003 Level 2: "Limit concurrent request
 * processing"). The seed names no figure; set it from the peak heap one request needs.
 */
export const DEFAULT_CRITICAL_MAX_IN_FLIGHT = 100;

/** Seed 003's cache capacity per level: −25 % at warning, −50 % at critical, minimal (10 %) at emergency. */
export const DEFAULT_CACHE_CAPACITY_FACTORS = Object.freeze({ warning: 0.75, critical: 0.5, emergency: 0.1 });

/** Keys a hot-data refresh prefetches at most (seed 004 `refreshHotData()`: the 100 most accessed). */
export const DEFAULT_HOT_DATA_KEYS = 100;

/**
 * Accesses a key needs to count as hot in a refresh. A key read once is not hot data: after a
 * surge of one-off keys, every hot key is usually still cached, and a refresh that took "the
 * most accessed keys not cached" without a floor loaded 100 of the surge's one-off keys —
 * 12.5 MiB in the `memory-pressure` scenario, enough to lift the level straight back to
 * warning (a flap) on the return to normal.
 */
export const DEFAULT_HOT_DATA_MIN_ACCESSES = 2;

/** Keys whose access counts are tracked at most before counts are halved (see `AccessCounter`). */
export const DEFAULT_TRACKED_KEYS = 10_000;

/**
 * Seed 001 "Error Handling" for suggestion generation under `MemoryCircuitBreakerError`: retry
 * with batches of 100 → 50 → 25 contacts and at most 50 → 25 → 10 suggestions.
 */
export const SEED_SUGGESTION_FALLBACK_STEPS: readonly { readonly batchSize: number; readonly maxSuggestions: number }[] = Object.freeze([
  Object.freeze({ batchSize: 100, maxSuggestions: 50 }),
  Object.freeze({ batchSize: 50, maxSuggestions: 25 }),
  Object.freeze({ batchSize: 25, maxSuggestions: 10 }),
]);

/**
 * Wait before a fallback step, in milliseconds: `MemoryCircuitBreaker`'s default
 * `checkIntervalMs`. The breaker reuses a reading for that long, so a retry sooner trips on the
 * very reading that stopped the previous attempt and proves nothing.
 */
export const DEFAULT_SUGGESTION_RETRY_DELAY_MS = 1000;

/**
 * `GET /users/:userId/suggestions`, memory-efficient (seed 001 §4): the minimal projection
 * streamed in batches of 100 through {@link StreamingContactRepository}, the memory circuit
 * breaker checked per batch, a bounded top-k instead of every row, and each user's answer kept
 * for a short TTL in seed 001 §5's bounded suggestion cache. A tripped breaker answers 503 with
 * `Retry-After`: the client backs off instead of the process running out of heap.
 *
 * The naive twin is `suggestion-routes-naive.ts`; both answer with {@link SuggestionsResponse}.
 */
import type { FastifyInstance } from 'fastify';
import type { InstrumentedLruCache } from '../caches/instrumented-lru-cache.js';
import type { StreamingContactRepository } from '../contacts/streaming-contact-repository.js';
import type { MemoryCircuitBreaker } from '../memory/memory-circuit-breaker.js';
import { MemoryCircuitBreakerError } from '../memory/memory-circuit-breaker-error.js';
import type { MemoryMonitor } from '../memory/memory-monitor.js';
import { freeTimeSlots } from '../suggestions/free-time-slots.js';
import { generateSuggestionsWithFallback } from '../pressure/generate-suggestions-with-fallback.js';
import { SEED_SUGGESTION_FALLBACK_STEPS } from '../pressure/pressure-defaults.js';
import { generateSuggestionsStreaming } from '../suggestions/generate-suggestions-streaming.js';
import { ReferenceServiceError } from './reference-service-error.js';
import { USER_PARAMS_SCHEMA, type UserParams } from './request-schemas.js';
import { type SuggestionsResponse, toSuggestionsResponse } from './suggestions-response.js';

/**
 * How much of a user's contacts the streaming route reads.
 * - `full`: every contact through one `pg-cursor` portal, ranked in a bounded top-k: exactly
 *   the naive route's answer, at one batch of memory.
 * - `early-stop`: keyset pages, stopping once `maxSuggestions` due contacts were seen (seed 001
 *   §4): one or two batches whatever the contact count, but only approximately the best.
 */
export type SuggestionScan = 'full' | 'early-stop';

/** What {@link registerSuggestionRoutes} needs; `createReferenceService` builds it from its options. */
export interface SuggestionRouteOptions {
  readonly repository: StreamingContactRepository;
  /** The "now" priorities are computed at, epoch milliseconds. */
  readonly clock: () => number;
  /** Suggestions per answer (≥ 1). */
  readonly maxSuggestions: number;
  readonly scan: SuggestionScan;
  /** Checked once per batch; shared by every request (it reads the heap at most once per its `checkIntervalMs`). */
  readonly breaker: MemoryCircuitBreaker;
  /** `Retry-After` of a 503 from the breaker, in seconds (≥ 1). */
  readonly retryAfterSeconds: number;
  /** Wraps each batch (seed 001 §4); its output goes to the caller's logger. */
  readonly monitor: MemoryMonitor;
  /** Answers per user id; absent: every request reads PostgreSQL. */
  readonly cache: InstrumentedLruCache<string, SuggestionsResponse> | undefined;
  /**
   * Seed 001's fallback instead of a 503 when the breaker trips: retry with smaller batches and
   * fewer suggestions (`generateSuggestionsWithFallback`) and answer the partial result with a
   * `warning` (never cached). @default none (a trip answers 503)
   */
  readonly fallback?: { readonly retryDelayMs?: number };
}

/** Contacts per batch (seed 001 `BATCH_SIZE`). */
const BATCH_SIZE = 100;

/** Registers the streaming suggestion route on `app`. */
export function registerSuggestionRoutes(app: FastifyInstance, options: SuggestionRouteOptions): void {
  const { repository, clock, maxSuggestions, scan, breaker, retryAfterSeconds, monitor, cache, fallback } = options;
  // Seed 001's steps, each capped at the service's own maxSuggestions.
  const steps = SEED_SUGGESTION_FALLBACK_STEPS.map((s) => ({
    batchSize: s.batchSize,
    maxSuggestions: Math.min(s.maxSuggestions, maxSuggestions),
  }));
  app.get<{ Params: UserParams }>('/users/:userId/suggestions', { schema: { params: USER_PARAMS_SCHEMA } }, async (request) => {
    const { userId } = request.params;
    const hit = cache?.get(userId);
    if (hit !== undefined) return { ...hit, rowsRead: 0, batches: 0, cached: true } satisfies SuggestionsResponse;
    const nowMs = clock();
    if (fallback !== undefined) {
      const result = await generateSuggestionsWithFallback(repository, userId, {
        nowMs,
        slots: freeTimeSlots(nowMs),
        strategy: scan === 'full' ? 'cursor' : 'keyset',
        stopEarly: scan === 'early-stop',
        breaker,
        monitor,
        steps,
        ...(fallback.retryDelayMs !== undefined ? { retryDelayMs: fallback.retryDelayMs } : {}),
      });
      const body = toSuggestionsResponse(result, false);
      if (result.complete) {
        cache?.set(userId, body);
        return body;
      }
      return { ...body, warning: result.warning ?? 'memory pressure: partial results' } satisfies SuggestionsResponse;
    }
    let result: Awaited<ReturnType<typeof generateSuggestionsStreaming>>;
    try {
      result = await generateSuggestionsStreaming(repository, userId, {
        nowMs,
        slots: freeTimeSlots(nowMs),
        maxSuggestions,
        batchSize: BATCH_SIZE,
        // pg-cursor for a full pass, keyset pages when stopping early: see STRATEGY in
        // scenarios/suggestions/index.ts for the measurements behind the choice.
        strategy: scan === 'full' ? 'cursor' : 'keyset',
        stopEarly: scan === 'early-stop',
        breaker,
        monitor,
      });
    } catch (err) {
      if (err instanceof MemoryCircuitBreakerError) {
        throw new ReferenceServiceError(503, 'HEAPGATE_MEMORY_CIRCUIT_OPEN', err.message, { retryAfterSeconds, cause: err });
      }
      throw err;
    }
    const body = toSuggestionsResponse(result, false);
    cache?.set(userId, body);
    return body;
  });
}

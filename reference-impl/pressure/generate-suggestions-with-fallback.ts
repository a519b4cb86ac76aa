/**
 * Seed 001's degradation for suggestion generation ("Error Handling"): when the memory circuit
 * breaker trips, retry with a smaller batch and fewer suggestions, skip what is not critical,
 * and return partial results with a warning instead of failing.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { StreamingContactRepository } from '../contacts/streaming-contact-repository.js';
import { MemoryCircuitBreakerError } from '../memory/memory-circuit-breaker-error.js';
import { generateSuggestionsStreaming, type StreamingSuggestionOptions } from '../suggestions/generate-suggestions-streaming.js';
import type { SuggestionGenerationResult } from '../suggestions/suggestion.js';
import { DEFAULT_SUGGESTION_RETRY_DELAY_MS, SEED_SUGGESTION_FALLBACK_STEPS } from './pressure-defaults.js';

/** One step of the fallback: how to generate on this attempt. */
export interface SuggestionFallbackStep {
  /** Contacts per batch (≥ 1). */
  readonly batchSize: number;
  /** Suggestions returned at most (≥ 1). */
  readonly maxSuggestions: number;
}

/** Options of {@link generateSuggestionsWithFallback}: the streaming options, with steps instead of one size. */
export interface SuggestionsWithFallbackOptions extends Omit<StreamingSuggestionOptions, 'batchSize' | 'maxSuggestions'> {
  /** Tried in order until one completes. @default SEED_SUGGESTION_FALLBACK_STEPS (100/50, 50/25, 25/10) */
  readonly steps?: readonly SuggestionFallbackStep[];
  /** Milliseconds to wait before each retry (see DEFAULT_SUGGESTION_RETRY_DELAY_MS). @default 1000 */
  readonly retryDelayMs?: number;
}

/** One attempt and how it ended. */
export interface SuggestionAttempt extends SuggestionFallbackStep {
  readonly outcome: 'ok' | 'memory-circuit-open';
  /** Heap in percent of its limit at the trip, from the breaker's error. */
  readonly heapPercent?: number;
}

/** What {@link generateSuggestionsWithFallback} returns. `rowsRead` and `batches` are those of the attempt that returned. */
export interface SuggestionsWithFallbackResult extends SuggestionGenerationResult {
  /** True when the first step completed: the result is what was asked for. */
  readonly complete: boolean;
  /** Index in `steps` of the step that completed; null when every step tripped the breaker. */
  readonly step: number | null;
  /** The completed step's sizes; null when none completed. */
  readonly batchSize: number | null;
  readonly maxSuggestions: number | null;
  /** Why the result is partial; null when complete. */
  readonly warning: string | null;
  readonly attempts: readonly SuggestionAttempt[];
}

function checkSteps(steps: readonly SuggestionFallbackStep[]): void {
  if (!Array.isArray(steps) || steps.length === 0) throw new TypeError('steps must be a non-empty array of { batchSize, maxSuggestions }');
  steps.forEach((s, i) => {
    for (const k of ['batchSize', 'maxSuggestions'] as const) {
      if (!Number.isInteger(s?.[k]) || s[k] < 1) throw new TypeError(`steps[${i}].${k} must be a whole number ≥ 1, got ${String(s?.[k])}`);
    }
  });
}

/**
 * Runs {@link generateSuggestionsStreaming} with the first step's sizes; on
 * `MemoryCircuitBreakerError` waits `retryDelayMs` and tries the next, smaller step, leaving
 * out the non-critical work (the per-batch `monitor` logging, and a full ranking pass:
 * `stopEarly` is forced on). Returns the first step that completes, marked incomplete with a
 * warning when it was not the first; when every step trips, returns no suggestions and a
 * warning rather than throwing. Any other error is thrown as it is.
 */
export async function generateSuggestionsWithFallback(
  repository: StreamingContactRepository,
  userId: string,
  options: SuggestionsWithFallbackOptions,
): Promise<SuggestionsWithFallbackResult> {
  const { steps = SEED_SUGGESTION_FALLBACK_STEPS, retryDelayMs = DEFAULT_SUGGESTION_RETRY_DELAY_MS, ...streaming } = options;
  checkSteps(steps);
  if (typeof retryDelayMs !== 'number' || !Number.isFinite(retryDelayMs) || retryDelayMs < 0) {
    throw new TypeError(`retryDelayMs must be a number of milliseconds ≥ 0, got ${String(retryDelayMs)}`);
  }
  const attempts: SuggestionAttempt[] = [];
  for (let i = 0; i < steps.length; i++) {
    const { batchSize, maxSuggestions } = steps[i]!;
    if (i > 0 && retryDelayMs > 0) await sleep(retryDelayMs);
    const stepOptions: StreamingSuggestionOptions =
      i === 0
        ? { ...streaming, batchSize, maxSuggestions }
        : { ...streaming, batchSize, maxSuggestions, monitor: undefined, stopEarly: true };
    try {
      const result = await generateSuggestionsStreaming(repository, userId, stepOptions);
      attempts.push({ batchSize, maxSuggestions, outcome: 'ok' });
      return {
        ...result,
        complete: i === 0,
        step: i,
        batchSize,
        maxSuggestions,
        warning:
          i === 0
            ? null
            : `memory pressure: partial results (at most ${maxSuggestions} suggestions from batches of ${batchSize}) after the memory circuit breaker opened ${i} time${i === 1 ? '' : 's'}`,
        attempts,
      };
    } catch (error) {
      if (!(error instanceof MemoryCircuitBreakerError)) throw error;
      attempts.push({ batchSize, maxSuggestions, outcome: 'memory-circuit-open', heapPercent: error.memoryUsage.heapPercent });
    }
  }
  return {
    suggestions: [],
    rowsRead: 0,
    batches: 0,
    complete: false,
    step: null,
    batchSize: null,
    maxSuggestions: null,
    warning: `memory pressure: no suggestions; the memory circuit breaker opened on all ${steps.length} attempts`,
    attempts,
  };
}

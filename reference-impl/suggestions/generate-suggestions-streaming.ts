/**
 * Memory-efficient suggestion generation (seed 001 §4): stream the minimal projection in
 * batches, check the memory breaker per batch, keep only the best candidates.
 */
import type { MinimalContact } from '../contacts/contact.js';
import type { StreamingContactRepository, StreamingStrategy } from '../contacts/streaming-contact-repository.js';
import type { MemoryCircuitBreaker } from '../memory/memory-circuit-breaker.js';
import type { MemoryMonitor } from '../memory/memory-monitor.js';
import { BoundedTopK } from './bounded-top-k.js';
import { compareCandidates, DUE_RATIO, overdueRatio, type SuggestionCandidate } from './contact-priority.js';
import { toSuggestions, type SuggestionGenerationResult } from './suggestion.js';
import type { TimeSlot } from './free-time-slots.js';

/** Options of {@link generateSuggestionsStreaming}. */
export interface StreamingSuggestionOptions {
  /** The "now" priorities are computed at, in epoch milliseconds. @default Date.now() */
  readonly nowMs?: number;
  /** Free slots to match (seed 001 §4: from the cached calendar service). */
  readonly slots: readonly TimeSlot[];
  /** Suggestions returned at most. @default 50 (seed 001 `MAX_SUGGESTIONS`) */
  readonly maxSuggestions?: number;
  /** Contacts per batch. @default 100 (seed 001 `BATCH_SIZE`) */
  readonly batchSize?: number;
  /** Pagination strategy of the repository. @default the repository's default */
  readonly strategy?: StreamingStrategy;
  /**
   * Stop reading once `maxSuggestions` due contacts were seen (seed 001 §4). Contacts arrive
   * most-overdue-by-date first, so this reads one or two batches, but the result is only
   * approximately the best by overdue ratio. `false` ranks every contact: exact, and the cost
   * of a full pass shows.
   * @default true
   */
  readonly stopEarly?: boolean;
  /** Checked before each batch (seed 001 §4). @default no check */
  readonly breaker?: MemoryCircuitBreaker;
  /** Wraps each batch in `wrapOperation('generate-suggestions-batch')`. @default none */
  readonly monitor?: MemoryMonitor;
}

/**
 * Streams `userId`'s contacts through `repository.streamMinimalContacts` and returns the best
 * `maxSuggestions` due contacts matched to `slots`. Holds one batch plus `maxSuggestions`
 * candidates, whatever the contact count. Rejects with `MemoryCircuitBreakerError` when the
 * breaker trips (the stream is closed first).
 */
export async function generateSuggestionsStreaming(
  repository: StreamingContactRepository,
  userId: string,
  options: StreamingSuggestionOptions,
): Promise<SuggestionGenerationResult> {
  const nowMs = options.nowMs ?? Date.now();
  const maxSuggestions = options.maxSuggestions ?? 50;
  const stopEarly = options.stopEarly ?? true;
  const { breaker, monitor } = options;
  const best = new BoundedTopK<SuggestionCandidate>(maxSuggestions, compareCandidates);
  let rowsRead = 0;
  let batches = 0;
  let due = 0;
  const scoreBatch = (batch: MinimalContact[]) => {
    for (const c of batch) {
      const priority = overdueRatio(c.lastContactDate, c.frequencyPreference, nowMs);
      if (priority < DUE_RATIO) continue;
      due++;
      best.offer({ contactId: c.id, contactName: c.name, priority });
    }
  };
  const stream = repository.streamMinimalContacts(userId, { batchSize: options.batchSize, strategy: options.strategy });
  for await (const batch of stream) {
    batches++;
    rowsRead += batch.length;
    await breaker?.checkMemory();
    if (monitor) await monitor.wrapOperation('generate-suggestions-batch', () => scoreBatch(batch));
    else scoreBatch(batch);
    if (stopEarly && due >= maxSuggestions) break;
  }
  return { suggestions: toSuggestions(best.sorted(), options.slots, maxSuggestions), rowsRead, batches };
}

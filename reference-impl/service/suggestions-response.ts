/**
 * The body of `GET /users/:userId/suggestions`, the same for the naive and the streaming route,
 * so a client (or a test) can compare the two answer for answer.
 */
import type { SuggestionGenerationResult } from '../suggestions/suggestion.js';

/** One suggestion as JSON. */
export interface SuggestionJson {
  readonly contactId: string;
  readonly contactName: string;
  /**
   * Overdue ratio (time since last contact / preferred interval; ≥ 1 is due). `null` for a
   * contact never contacted, whose priority is infinite: JSON has no Infinity.
   */
  readonly priority: number | null;
  /** The free slot matched to it: ISO 8601 start, length in minutes. */
  readonly slot: { readonly start: string; readonly durationMinutes: number };
}

/** What both suggestion routes answer. */
export interface SuggestionsResponse {
  /** Best first; at most the service's `maxSuggestions`. */
  readonly suggestions: readonly SuggestionJson[];
  /** Contact rows read from PostgreSQL for this answer (0 when it came from the cache). */
  readonly rowsRead: number;
  /** Batches (queries or cursor reads) those rows arrived in (0 when cached). */
  readonly batches: number;
  /** Whether the answer came from the suggestion cache (never, on the naive route). */
  readonly cached: boolean;
  /**
   * Present only on a partial answer: the memory circuit breaker tripped and seed 001's
   * fallback answered with smaller batches and fewer suggestions (a tiered service only).
   */
  readonly warning?: string;
}

/** Maps a generator's result to the response body. */
export function toSuggestionsResponse(result: SuggestionGenerationResult, cached: boolean): SuggestionsResponse {
  return {
    suggestions: result.suggestions.map((s) => ({
      contactId: s.contactId,
      contactName: s.contactName,
      priority: Number.isFinite(s.priority) ? s.priority : null,
      slot: { start: s.slot.start.toISOString(), durationMinutes: s.slot.durationMinutes },
    })),
    rowsRead: result.rowsRead,
    batches: result.batches,
    cached,
  };
}

/**
 * A suggestion (seed 001 §4): reach out to this contact in this free slot.
 */
import { compareCandidates, type SuggestionCandidate } from './contact-priority.js';
import type { TimeSlot } from './free-time-slots.js';

/** One suggestion. */
export interface Suggestion {
  readonly contactId: string;
  readonly contactName: string;
  /** Overdue ratio; see `overdueRatio`. */
  readonly priority: number;
  readonly slot: TimeSlot;
}

/** What a suggestion generator reports. */
export interface SuggestionGenerationResult {
  /** Best first; at most `maxSuggestions`. */
  readonly suggestions: Suggestion[];
  /** Contact rows received from PostgreSQL. */
  readonly rowsRead: number;
  /** Batches (queries or cursor reads) the rows arrived in. */
  readonly batches: number;
}

/**
 * Ranks candidates (priority, then id) and matches the best `maxSuggestions` to the slots,
 * round-robin in rank order. Shared by every generator, so equal inputs give equal output.
 */
export function toSuggestions(
  candidates: readonly SuggestionCandidate[],
  slots: readonly TimeSlot[],
  maxSuggestions: number,
): Suggestion[] {
  if (slots.length === 0) return [];
  return [...candidates]
    .sort(compareCandidates)
    .slice(0, maxSuggestions)
    .map((c, i) => ({ contactId: c.contactId, contactName: c.contactName, priority: c.priority, slot: slots[i % slots.length]! }));
}

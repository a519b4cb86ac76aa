/**
 * The naive suggestion generation seed 001 replaces (§6 "Before"): `SELECT *` of every contact
 * of the user into one array, score and sort them all in memory, keep the top 50. Memory grows
 * with the contact count times the full row size (~5 KB); kept as the `before` baseline.
 */
import type pg from 'pg';
import type { FrequencyOption } from '../contacts/contact.js';
import { DUE_RATIO, overdueRatio, type SuggestionCandidate } from './contact-priority.js';
import { toSuggestions, type SuggestionGenerationResult } from './suggestion.js';
import type { TimeSlot } from './free-time-slots.js';

/** Options of {@link generateSuggestionsNaive}. */
export interface SuggestionOptionsNaive {
  /** The "now" priorities are computed at, in epoch milliseconds. @default Date.now() */
  readonly nowMs?: number;
  /** Free slots to match; see `freeTimeSlots`. */
  readonly slots: readonly TimeSlot[];
  /** Suggestions returned at most. @default 50 */
  readonly maxSuggestions?: number;
}

/** What the naive path reports, plus how many rows it held at once. */
export interface SuggestionResultNaive extends SuggestionGenerationResult {
  /** Rows materialised in one array at the same time (all of them). */
  readonly rowsLoaded: number;
}

/** A `SELECT *` row, as pg returns it (snake_case columns). */
interface ContactRow {
  readonly id: string;
  readonly name: string;
  readonly last_contact_date: Date | null;
  readonly frequency_preference: FrequencyOption;
  readonly archived: boolean;
}

/** Loads every contact of `userId` at once and ranks them in memory. */
export async function generateSuggestionsNaive(
  pool: pg.Pool,
  userId: string,
  options: SuggestionOptionsNaive,
): Promise<SuggestionResultNaive> {
  const nowMs = options.nowMs ?? Date.now();
  const maxSuggestions = options.maxSuggestions ?? 50;
  const { rows } = await pool.query<ContactRow>('SELECT * FROM contacts WHERE user_id = $1', [userId]);
  const candidates: SuggestionCandidate[] = rows
    .filter((r) => !r.archived)
    .map((r) => ({
      contactId: r.id,
      contactName: r.name,
      priority: overdueRatio(r.last_contact_date, r.frequency_preference, nowMs),
    }))
    .filter((c) => c.priority >= DUE_RATIO);
  return {
    suggestions: toSuggestions(candidates, options.slots, maxSuggestions),
    rowsRead: rows.length,
    rowsLoaded: rows.length,
    batches: 1,
  };
}

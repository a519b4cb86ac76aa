/**
 * How overdue a contact is: days since the last contact divided by the interval the user
 * asked for. 1 = due today, 2 = twice the interval has passed. Never contacted = most overdue.
 */
import type { FrequencyOption } from '../contacts/contact.js';

/** Interval of each frequency preference, in days. */
export const FREQUENCY_INTERVAL_DAYS: Readonly<Record<FrequencyOption, number>> = Object.freeze({
  daily: 1,
  weekly: 7,
  biweekly: 14,
  monthly: 30,
  quarterly: 91,
  yearly: 365,
  flexible: 60,
});

const DAY_MS = 86_400_000;

/**
 * The overdue ratio at `nowMs` (epoch ms). `Infinity` when `lastContactDate` is null.
 * Unknown frequency strings count as `flexible`.
 */
export function overdueRatio(lastContactDate: Date | null, frequency: FrequencyOption, nowMs: number): number {
  if (lastContactDate === null) return Infinity;
  const intervalDays = FREQUENCY_INTERVAL_DAYS[frequency] ?? FREQUENCY_INTERVAL_DAYS.flexible;
  return (nowMs - lastContactDate.getTime()) / DAY_MS / intervalDays;
}

/** A contact worth suggesting: due (ratio ≥ 1), with its priority. */
export interface SuggestionCandidate {
  readonly contactId: string;
  readonly contactName: string;
  /** {@link overdueRatio}; higher is more urgent. */
  readonly priority: number;
}

/** Contacts below this ratio are not due yet and never suggested. */
export const DUE_RATIO = 1;

/**
 * Ranking order: higher priority first, then contact id ascending, so equal priorities (every
 * never-contacted contact is `Infinity`) rank the same way in every implementation.
 */
export function compareCandidates(a: SuggestionCandidate, b: SuggestionCandidate): number {
  if (a.priority !== b.priority) return a.priority > b.priority ? -1 : 1;
  return a.contactId < b.contactId ? -1 : a.contactId > b.contactId ? 1 : 0;
}

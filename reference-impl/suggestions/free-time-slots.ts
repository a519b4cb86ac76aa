/**
 * Free calendar slots suggestions are matched to. Seed 001 §4 fetches them from a cached
 * calendar service ("small dataset"); here a pure function stands in for it, so runs are
 * reproducible and measure contact handling only.
 */

/** A free slot in the user's calendar. */
export interface TimeSlot {
  readonly start: Date;
  readonly durationMinutes: number;
}

/** Slots per call of {@link freeTimeSlots} unless told otherwise. */
export const DEFAULT_FREE_SLOT_COUNT = 20;

const DAY_MS = 86_400_000;
// Lunch and early-evening slots (UTC hours), alternating lengths.
const SLOT_HOURS_UTC: readonly number[] = [12.5, 18];
const SLOT_MINUTES: readonly number[] = [30, 60];

/**
 * The next `count` free slots after `referenceTimeMs` (epoch ms): two per weekday, skipping
 * weekends. Deterministic: the same inputs always give the same slots.
 */
export function freeTimeSlots(referenceTimeMs: number, count: number = DEFAULT_FREE_SLOT_COUNT): TimeSlot[] {
  if (!Number.isFinite(referenceTimeMs)) throw new TypeError('referenceTimeMs must be epoch milliseconds');
  if (!Number.isInteger(count) || count < 1) throw new TypeError(`count must be an integer ≥ 1, got ${String(count)}`);
  const slots: TimeSlot[] = [];
  const firstDay = Math.floor(referenceTimeMs / DAY_MS) + 1;
  for (let day = firstDay; slots.length < count; day++) {
    const weekday = new Date(day * DAY_MS).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    for (let k = 0; k < SLOT_HOURS_UTC.length && slots.length < count; k++) {
      slots.push(
        Object.freeze({
          start: new Date(day * DAY_MS + SLOT_HOURS_UTC[k]! * 3_600_000),
          durationMinutes: SLOT_MINUTES[(day + k) % SLOT_MINUTES.length]!,
        }),
      );
    }
  }
  return slots;
}

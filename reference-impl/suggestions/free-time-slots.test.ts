import { describe, expect, it } from 'vitest';
import { freeTimeSlots } from './free-time-slots.js';

describe('freeTimeSlots', () => {
  const reference = Date.UTC(2025, 0, 1); // a Wednesday

  it('returns the requested number of weekday slots after the reference time, deterministically', () => {
    const slots = freeTimeSlots(reference);
    expect(slots).toHaveLength(20);
    expect(freeTimeSlots(reference)).toEqual(slots);
    for (const s of slots) {
      expect(s.start.getTime()).toBeGreaterThan(reference);
      expect([1, 2, 3, 4, 5]).toContain(s.start.getUTCDay());
      expect([30, 60]).toContain(s.durationMinutes);
    }
    const starts = slots.map((s) => s.start.getTime());
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
    expect(slots[0]!.start.toISOString()).toBe('2025-01-02T12:30:00.000Z');
  });

  it('validates its arguments', () => {
    expect(() => freeTimeSlots(Number.NaN)).toThrow(/referenceTimeMs/);
    expect(() => freeTimeSlots(reference, 0)).toThrow(/count/);
  });
});

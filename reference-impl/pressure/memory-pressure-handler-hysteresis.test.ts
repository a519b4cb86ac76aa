/**
 * Hysteresis on scripted readings: the recovery band, the dwell time (counted from the last
 * reading that re-confirmed the level), and no flapping at readings hovering around a threshold.
 */
import { describe, expect, it } from 'vitest';
import { scriptedHandler } from './test-fixtures/scripted-pressure.js';

const DWELL = 5000;

/** mulberry32: the same readings on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('MemoryPressureHandler hysteresis', () => {
  it('leaves a level only below its threshold minus the band (0.05 by default)', () => {
    const s = scriptedHandler();
    s.read(0.72);
    expect(s.hold(0.66, 60_000).every((l) => l === 'warning')).toBe(true); // under 0.70, not under 0.65
    expect(s.hold(0.6501, 10_000).at(-1)).toBe('warning');
    expect(s.read(0.6499, 250)).toBe('normal');
  });

  it('a wider band keeps the level longer', () => {
    const s = scriptedHandler({ recoveryBand: 0.1 });
    s.read(0.9);
    expect(s.hold(0.76, 30_000).at(-1)).toBe('critical'); // clear point 0.75
    expect(s.read(0.74, 250)).toBe('warning');
  });

  it('waits minDwellMs in a level before leaving it, even far below the band', () => {
    const s = scriptedHandler({ minDwellMs: 2000 });
    s.read(0.8);
    expect(s.read(0.1, 1999)).toBe('warning');
    expect(s.read(0.1, 1)).toBe('normal');
  });

  it('restarts the dwell on every reading at or above the threshold', () => {
    const s = scriptedHandler();
    s.read(0.72); // warning at 0
    s.read(0.6, 4000);
    s.read(0.71, 500); // re-confirmed at 4500
    expect(s.read(0.6, 4999)).toBe('warning'); // 4999 ms since the re-confirmation
    expect(s.read(0.6, 1)).toBe('normal');
  });

  it('does not count a reading inside the band as a re-confirmation', () => {
    const s = scriptedHandler();
    s.read(0.72); // warning at 0
    s.read(0.68, 3000); // below the threshold, inside the band: no re-confirmation
    expect(s.read(0.6, 2000)).toBe('normal'); // dwell counted from 0
  });

  it('with minDwellMs 0, steps down one level per reading', () => {
    const s = scriptedHandler({ minDwellMs: 0 });
    s.read(0.99);
    expect([s.read(0.1), s.read(0.1), s.read(0.1)]).toEqual(['critical', 'warning', 'normal']);
  });

  it('does not flap at a reading hovering ±0.02 around each threshold for ten minutes', () => {
    const cases = [
      [0.7, 'warning'],
      [0.85, 'critical'],
      [0.95, 'emergency'],
    ] as const;
    for (const [threshold, level] of cases) {
      const s = scriptedHandler();
      const next = random(Math.round(threshold * 1000));
      const ranks = ['normal', 'warning', 'critical', 'emergency'];
      for (let i = 0; i < 2400; i++) s.read(threshold - 0.02 + 0.04 * next(), 250);
      // Rises (through the level below, when the first readings sit under the threshold) and
      // never comes down while the readings stay within the band.
      expect(s.transitions.length, `around ${threshold}`).toBeGreaterThan(0);
      expect(s.transitions.length, `around ${threshold}`).toBeLessThanOrEqual(ranks.indexOf(level));
      for (const t of s.transitions) expect(ranks.indexOf(t.to), `around ${threshold}`).toBeGreaterThan(ranks.indexOf(t.from));
      expect(s.transitions.at(-1)!.to).toBe(level);
      expect(s.transitions.at(-1)!.pressure).toBeGreaterThanOrEqual(threshold);
    }
  });

  it('does not flap on a GC sawtooth that dips below the clear point between peaks at the threshold', () => {
    const s = scriptedHandler();
    // 0.62 → 0.86 over 2 s, then a collection drops it back: below critical's clear point (0.80)
    // most of the time, but every peak re-confirms critical before its dwell runs out.
    for (let cycle = 0; cycle < 300; cycle++) {
      for (let step = 0; step < 8; step++) s.read(0.62 + 0.03 * step + (step === 7 ? 0.03 : 0), 250);
    }
    expect(s.transitions.map((t) => `${t.from}→${t.to}`)).toEqual(['normal→warning', 'warning→critical']);
    expect(s.handler.level).toBe('critical');
  });

  it('recovers once the sawtooth stops', () => {
    const s = scriptedHandler();
    for (let step = 0; step < 8; step++) s.read(0.62 + 0.03 * step + (step === 7 ? 0.03 : 0), 250);
    const levels = s.hold(0.5, 3 * DWELL + 1000);
    expect(levels.at(-1)).toBe('normal');
    expect(s.transitions.map((t) => t.to)).toEqual(['warning', 'critical', 'warning', 'normal']);
  });
});

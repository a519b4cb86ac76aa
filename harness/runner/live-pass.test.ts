import { describe, expect, test } from 'vitest';
import { livePassIntervalMb, livePassNodeFlags } from './live-pass.js';

const MiB = 1024 * 1024;

describe('live pass sizing', () => {
  test.each([
    [0, 1],
    [4.5 * MiB, 1], // a stream reduce: 2 % is 92 KB, clamped to 1 MB
    [50 * MiB, 1],
    [51 * MiB, 2],
    [80 * MiB, 2], // the 80 MB burst: 1.6 MB → 2 MB
    [100 * MiB, 2],
    [101 * MiB, 4],
    [560 * MiB, 16], // suggestions before at 100,000: 11.2 MB → 16 MB
    [10_000 * MiB, 64],
  ])('a median peak of %d bytes gets a %d MB semi-space', (peak, mb) => {
    expect(livePassIntervalMb(peak)).toBe(mb);
  });

  test('the interval is never below 2 % of the peak, nor above 4 % except where clamped', () => {
    for (let peak = 60 * MiB; peak < 3000 * MiB; peak += 37 * MiB) {
      const mb = livePassIntervalMb(peak) * MiB;
      expect(mb / peak).toBeGreaterThanOrEqual(0.02);
      expect(mb / peak).toBeLessThan(0.04);
    }
  });

  test('flags make every GC full with a fixed young generation and no pretenuring', () => {
    expect(livePassNodeFlags(4)).toEqual([
      '--gc-global',
      '--min-semi-space-size=4',
      '--max-semi-space-size=4',
      '--no-allocation-site-pretenuring',
    ]);
  });
});

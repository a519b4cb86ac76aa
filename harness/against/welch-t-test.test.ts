import { describe, expect, it } from 'vitest';
import { mean, sampleVariance, welchTTest } from './welch-t-test.js';

describe('welchTTest', () => {
  it("matches Wikipedia's first worked example (Welch's t-test, 15 vs 15 values)", () => {
    // Published there: t = −2.46, ν = 24.99, two-sided p = 0.021.
    const a = [27.5, 21, 19, 23.6, 17, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19, 21.7, 21.4];
    const b = [27.1, 22, 20.8, 23.4, 23.4, 23.5, 25.8, 22, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4];
    const r = welchTTest(a, b);
    expect(r.t).toBeCloseTo(-2.4553, 3);
    expect(r.degreesOfFreedom).toBeCloseTo(24.988, 2);
    expect(2 * r.pLess).toBeCloseTo(0.02142, 4);
    expect(r.pGreater + r.pLess).toBeCloseTo(1, 12);
  });

  it('is certain about a difference between two constant samples, and neutral about none', () => {
    expect(welchTTest([2, 2, 2], [1, 1, 1]).pGreater).toBe(0);
    expect(welchTTest([1, 1, 1], [2, 2, 2]).pLess).toBe(0);
    expect(welchTTest([1, 1], [1, 1]).pGreater).toBe(0.5);
  });

  it('finds no evidence in overlapping noisy samples', () => {
    const r = welchTTest([100, 140, 90, 130], [110, 95, 135, 120]);
    expect(r.pGreater).toBeGreaterThan(0.2);
    expect(r.pLess).toBeGreaterThan(0.2);
  });

  it('refuses samples too small for a variance', () => {
    expect(() => welchTTest([1], [1, 2])).toThrow(TypeError);
  });

  it('computes the mean and unbiased variance', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(sampleVariance([1, 2, 3, 4])).toBeCloseTo(5 / 3, 12);
    expect(sampleVariance([7])).toBe(0);
  });
});

import { describe, expect, test } from 'vitest';
import { confidenceBand, fitLine } from './linear-fit.js';

describe('fitLine', () => {
  test('a perfect line: its slope and intercept, R² 1, no error', () => {
    const fit = fitLine([1, 2, 3, 4, 5], [12, 14, 16, 18, 20]);
    expect(fit.slope).toBeCloseTo(2, 12);
    expect(fit.intercept).toBeCloseTo(10, 12);
    expect(fit.r2).toBe(1);
    expect(fit.slopeStandardError).toBeCloseTo(0, 12);
    expect([fit.slopeLow, fit.slopeHigh]).toEqual([fit.slope, fit.slope]);
  });

  test('noisy points: the textbook standard error and 95 % interval', () => {
    // y = 1, 3, 2, 5, 4 on x = 1..5: slope 0.8, intercept 0.6, SSE 3.6, s² = 1.2, Sxx = 10.
    const fit = fitLine([1, 2, 3, 4, 5], [1, 3, 2, 5, 4]);
    expect(fit.slope).toBeCloseTo(0.8, 12);
    expect(fit.intercept).toBeCloseTo(0.6, 12);
    expect(fit.r2).toBeCloseTo(0.64, 12);
    expect(fit.slopeStandardError).toBeCloseTo(Math.sqrt(1.2 / 10), 12);
    // t(0.975, 3) = 3.1824
    expect(fit.slopeHigh - fit.slope).toBeCloseTo(3.1824 * Math.sqrt(0.12), 3);
  });

  test('a flat series has slope 0 and no R² to speak of', () => {
    const fit = fitLine([1, 2, 3], [7, 7, 7]);
    expect(fit.slope).toBe(0);
    expect(fit.r2).toBeNaN();
  });

  test('two points fit exactly and have no uncertainty estimate', () => {
    const fit = fitLine([1, 2], [1, 3]);
    expect(fit.slope).toBe(2);
    expect(fit.slopeStandardError).toBeNaN();
    expect(confidenceBand(fit, 5).high).toBeNaN();
  });

  test('the confidence band is narrowest at the mean of x and widens away from it', () => {
    const fit = fitLine([1, 2, 3, 4, 5], [1, 3, 2, 5, 4]);
    const width = (x: number) => confidenceBand(fit, x).high - confidenceBand(fit, x).low;
    expect(confidenceBand(fit, 3).mid).toBeCloseTo(3, 12);
    expect(width(3)).toBeLessThan(width(5));
    expect(width(5)).toBeLessThan(width(50));
  });

  test.each([
    [[1, 2], [1]],
    [
      [1, 1],
      [1, 2],
    ],
    [
      [1, Number.NaN],
      [1, 2],
    ],
  ])('rejects x=%j y=%j', (xs, ys) => {
    expect(() => fitLine(xs, ys)).toThrow(TypeError);
  });
});

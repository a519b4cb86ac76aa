import { describe, expect, test } from 'vitest';
import { studentTCdf, studentTQuantile } from './student-t.js';

describe('studentTQuantile', () => {
  // Two-sided 95 % and 99 % critical values from the standard t table.
  test.each([
    [0.975, 1, 12.706],
    [0.975, 2, 4.303],
    [0.975, 7, 2.365],
    [0.975, 16, 2.12],
    [0.975, 120, 1.98],
    [0.995, 5, 4.032],
    [0.95, 3, 2.353],
  ])('t(%d, %d) = %d', (p, df, expected) => {
    expect(studentTQuantile(p, df)).toBeCloseTo(expected, 2);
  });

  test('is symmetric around 0 and inverts the CDF', () => {
    expect(studentTQuantile(0.5, 4)).toBe(0);
    expect(studentTQuantile(0.025, 9)).toBeCloseTo(-studentTQuantile(0.975, 9), 9);
    expect(studentTCdf(studentTQuantile(0.9, 6), 6)).toBeCloseTo(0.9, 9);
  });

  test('approaches the normal quantile for many degrees of freedom', () => {
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(1.96, 2);
  });

  test.each([
    [0, 3],
    [1, 3],
    [0.5, 0],
    [0.9, Number.NaN],
  ])('rejects p=%d, df=%d', (p, df) => {
    expect(() => studentTQuantile(p, df)).toThrow(TypeError);
  });
});

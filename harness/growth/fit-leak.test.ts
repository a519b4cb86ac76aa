import { describe, expect, test } from 'vitest';
import { DEFAULTS } from '../config/defaults.js';
import { fitLeak, iterationsProblem, minimumLeakIterations } from './fit-leak.js';

describe('fitLeak', () => {
  test('fits bytes per iteration over the iterations after the warm-up', () => {
    // A 2,076 B leak, with a large first-call cost in the warm-up that must not count.
    const retained = Array.from({ length: 20 }, (_, i) => 30_000 + (i === 0 ? 0 : 8_000) + 2076 * (i + 1));
    const fit = fitLeak(retained, 2);
    expect(fit.bytesPerIteration).toBeCloseTo(2076, 6);
    expect(fit.interceptBytes).toBeCloseTo(38_000, 6);
    expect(fit.r2).toBe(1);
    expect(fit).toMatchObject({ iterations: 20, warmupIterations: 2 });
    expect(fit.retainedBytes).toEqual(retained);
  });

  test('a leak-free series with alternating noise reads as about zero, with its uncertainty', () => {
    const retained = Array.from({ length: 20 }, (_, i) => 20_000 + (i % 2 ? 408 : 0));
    const fit = fitLeak(retained, 2);
    expect(Math.abs(fit.bytesPerIteration)).toBeLessThan(30);
    expect(fit.lowBytesPerIteration).toBeLessThan(0);
    expect(fit.highBytesPerIteration).toBeGreaterThan(0);
    expect(fit.standardErrorBytes).toBeGreaterThan(0);
  });

  test('the default warm-up is DEFAULTS.leakWarmupIterations', () => {
    expect(fitLeak([9e9, 9e9, 1, 2, 3]).warmupIterations).toBe(DEFAULTS.leakWarmupIterations);
  });

  test('needs the warm-up plus three readings', () => {
    expect(() => fitLeak([1, 2, 3, 4], 2)).toThrow(/4 readings; 5 are needed/);
  });
});

describe('iterationsProblem', () => {
  test('1 and counts from the minimum on are fine; between, fractions and others are not', () => {
    const min = minimumLeakIterations();
    expect(min).toBe(DEFAULTS.leakWarmupIterations + 3);
    expect(iterationsProblem(1)).toBeUndefined();
    expect(iterationsProblem(min)).toBeUndefined();
    expect(iterationsProblem(min - 1)).toMatch(/must be 1 \(one call\) or a whole number of at least 5/);
    for (const bad of [0, 2.5, '20', -3]) expect(iterationsProblem(bad)).toBeDefined();
  });
});

import { describe, expect, it } from 'vitest';
import { BoundedTopK } from './bounded-top-k.js';

/** Deterministic pseudo-random integers (a small LCG is enough for test inputs). */
function numbers(count: number, seed: number, max: number): number[] {
  let s = seed;
  return Array.from({ length: count }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % max;
  });
}

const descending = (a: number, b: number) => b - a;

describe('BoundedTopK', () => {
  it('keeps exactly what sort + slice would keep, for many sizes and duplicates', () => {
    for (const [count, k, max] of [
      [1000, 50, 1_000_000],
      [1000, 50, 20],
      [30, 50, 100],
      [500, 1, 1000],
    ] as const) {
      const input = numbers(count, count + k, max);
      const top = new BoundedTopK<number>(k, descending);
      for (const x of input) top.offer(x);
      expect(top.sorted()).toEqual([...input].sort(descending).slice(0, k));
      expect(top.size).toBe(Math.min(k, count));
    }
  });

  it('wouldAccept predicts offer without keeping the item', () => {
    const top = new BoundedTopK<number>(2, descending);
    expect(top.wouldAccept(1)).toBe(true);
    top.offer(5);
    top.offer(7);
    expect(top.wouldAccept(5)).toBe(false); // ties with the worst kept item lose
    expect(top.wouldAccept(6)).toBe(true);
    expect(top.size).toBe(2);
    expect(top.offer(6)).toBe(true);
    expect(top.sorted()).toEqual([7, 6]);
  });

  it('validates k', () => {
    expect(() => new BoundedTopK(0, descending)).toThrow(/k must be/);
  });
});

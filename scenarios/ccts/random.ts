/**
 * A tiny seeded PRNG (mulberry32) for the CCT data set and workload. Not faker's randomizer on
 * purpose: the measured child regenerates the workload, and importing `@faker-js/faker` there
 * would load every locale (~17 MB of heap, ~140 ms) into the process being measured.
 */

/** Uniform floats in [0, 1) from a 32-bit seed; the same seed always gives the same sequence. */
export type Random = () => number;

/** mulberry32: 32 bits of state, period 2³², passes gjrand/PractRand for this use. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A whole number in [0, n). */
export function randomInt(random: Random, n: number): number {
  return Math.floor(random() * n);
}

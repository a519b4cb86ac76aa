/**
 * Deterministic pseudo-random numbers for the API fakes: the same (seed, key) always yields the
 * same sequence, so a fake renders item `i` at revision `r` identically on every request and in
 * every process, without storing it.
 */

/** FNV-1a over the string, 32 bits: turns a key such as `people:17:3` into a generator seed. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A generator of floats in [0, 1) (mulberry32; https://gist.github.com/tommyettinger/46a874533244883189143505d203312c). */
export type RandomSource = () => number;

/** A {@link RandomSource} seeded by `key` (hashed with {@link hashString}). */
export function seededRandom(key: string): RandomSource {
  let a = hashString(key);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One element of `values`, chosen by `random`. */
export function pick<T>(random: RandomSource, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)]!;
}

/** An integer in [min, max], chosen by `random`. */
export function integerBetween(random: RandomSource, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** `length` lowercase hex digits, chosen by `random`. */
export function hexDigits(random: RandomSource, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += Math.floor(random() * 16).toString(16);
  return s;
}

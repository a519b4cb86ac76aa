import { describe, expect, it } from 'vitest';
import { LimitedCacheNaive } from './limited-cache-naive.js';

describe("LimitedCacheNaive (seed 004's LimitedCache)", () => {
  it('stays within maxMemoryBytes by deleting the oldest entries on overflow', () => {
    const c = new LimitedCacheNaive<string>(100, 1 / 1024); // 1 KiB
    const value = 'x'.repeat(98); // JSON length 100
    for (let i = 0; i < 10; i++) c.set(`k${i}`, value);
    expect(c.currentMemoryUsage).toBe(1000);
    c.set('k10', value);
    expect(c.currentMemoryUsage).toBe(1000);
    expect(c.get('k0')).toBeUndefined();
    expect(c.get('k1')).toBe(value);
    expect(c.get('k10')).toBe(value);
    expect(c.cache.size).toBe(10);
  });
});

/**
 * Capacity factor of InstrumentedLruCache: shrinking evicts the coldest entries now and keeps
 * later writes within the cap; lifting the cap lets the cache grow back to its limits.
 */
import { describe, expect, it } from 'vitest';
import { CacheRegistry } from './cache-registry.js';
import { InstrumentedLruCache } from './instrumented-lru-cache.js';

const sized = (bytes: number) => () => bytes;

describe('InstrumentedLruCache capacity factor', () => {
  it('caps the entry count at factor × max, evicting the coldest first, and lifts the cap at 1', () => {
    const c = new InstrumentedLruCache<string, number>({ max: 100 });
    for (let i = 0; i < 100; i++) c.set(`k${i}`, i);
    c.get('k0'); // k0 is now the most recently used
    expect(c.setCapacityFactor(0.75)).toBe(25);
    expect(c.capacityFactor).toBe(0.75);
    expect(c.entries).toBe(75);
    expect(c.has('k0')).toBe(true);
    expect(c.has('k1')).toBe(false);
    expect(c.stats().evictions).toBe(25);
    // Writes while capped admit the new entry and evict the coldest.
    for (let i = 100; i < 150; i++) c.set(`k${i}`, i);
    expect(c.entries).toBe(75);
    expect(c.has('k149')).toBe(true);
    expect(c.setCapacityFactor(1)).toBe(0);
    for (let i = 150; i < 200; i++) c.set(`k${i}`, i);
    expect(c.entries).toBe(100);
  });

  it('caps the accounted bytes at factor × maxSizeBytes and refuses an entry larger than the cap', () => {
    let size = 100;
    const c = new InstrumentedLruCache<string, string>({ maxSizeBytes: 10_000, sizing: () => size });
    for (let i = 0; i < 100; i++) c.set(`k${i}`, 'v');
    expect(c.sizeBytes).toBe(10_000);
    expect(c.setCapacityFactor(0.1)).toBe(90);
    expect(c.sizeBytes).toBe(1000);
    for (let i = 100; i < 120; i++) c.set(`k${i}`, 'v');
    expect(c.sizeBytes).toBeLessThanOrEqual(1000);
    expect(c.entries).toBe(10);
    // 2,000 bytes fit the configured 10,000 but not the capped 1,000: refused, old value gone.
    c.set('k119', 'v');
    size = 2000;
    c.set('k119', 'big');
    expect(c.has('k119')).toBe(false);
    expect(c.sizeBytes).toBeLessThanOrEqual(1000);
  });

  it('keeps at least one entry when factor × max rounds to zero', () => {
    const c = new InstrumentedLruCache<string, number>({ max: 5 });
    for (let i = 0; i < 5; i++) c.set(`k${i}`, i);
    c.setCapacityFactor(0.1);
    expect(c.entries).toBe(1);
    c.set('new', 1);
    expect(c.entries).toBe(1);
    expect(c.get('new')).toBe(1);
  });

  it('reports capped writes to a registry, which still sees the exact sum', () => {
    const registry = new CacheRegistry({ maxTotalBytes: 1_000_000 });
    const c = new InstrumentedLruCache<string, string>({ name: 'capped', maxSizeBytes: 10_000, sizing: sized(100) });
    registry.register(c);
    c.setCapacityFactor(0.5);
    for (let i = 0; i < 200; i++) c.set(`k${i}`, 'v');
    expect(c.sizeBytes).toBe(5000);
    expect(registry.totalBytes).toBe(5000);
    expect(registry.enforce()).toBe(0);
  });

  it('rejects factors outside (0, 1], naming the factor', () => {
    const c = new InstrumentedLruCache<string, number>({ max: 10 });
    for (const bad of [0, -0.5, 1.5, Number.NaN, '0.5' as unknown as number]) {
      expect(() => c.setCapacityFactor(bad)).toThrow(/factor must be a capacity factor in \(0, 1\]/);
    }
    expect(c.capacityFactor).toBe(1);
  });
});

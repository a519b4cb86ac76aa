/**
 * Capacity factor of TenantMemoryCache: it scales the total byte limit (not the per-tenant
 * one), evicting globally least recently used entries now and on later writes.
 */
import { describe, expect, it } from 'vitest';
import { ENTRY_OVERHEAD_BYTES, TENANT_OVERHEAD_BYTES, TenantMemoryCache } from './tenant-memory-cache.js';

const fixed = (bytes: number) => () => bytes;

describe('TenantMemoryCache capacity factor', () => {
  it('shrinks the total to factor × maxTotalBytes, oldest entries first, and keeps it there', () => {
    const c = new TenantMemoryCache<string>({ maxBytesPerTenant: 20_000, maxTotalBytes: 100_000, sizeOf: fixed(1000) });
    for (let i = 0; i < 500; i++) c.set(i % 10, `k${i}`, 'v');
    const full = c.sizeBytes;
    expect(full).toBeLessThanOrEqual(100_000);
    expect(full).toBeGreaterThan(75_000);
    const evicted = c.setCapacityFactor(0.5);
    expect(evicted).toBeGreaterThan(0);
    expect(c.capacityFactor).toBe(0.5);
    expect(c.sizeBytes).toBeLessThanOrEqual(50_000);
    expect(c.has(9, 'k499')).toBe(true); // the most recent write survives
    expect(c.stats().globalLimitEvictions).toBeGreaterThanOrEqual(evicted);
    for (let i = 500; i < 1000; i++) c.set(i % 10, `k${i}`, 'v');
    expect(c.sizeBytes).toBeLessThanOrEqual(50_000);
    // The per-tenant limit is unchanged: one tenant may still fill its 20,000 bytes.
    for (let i = 0; i < 40; i++) c.set('solo', `s${i}`, 'v');
    expect(c.tenantBytes('solo')).toBeGreaterThan(15_000);
    c.setCapacityFactor(1);
    for (let i = 1000; i < 1500; i++) c.set(i % 10, `k${i}`, 'v');
    expect(c.sizeBytes).toBeGreaterThan(75_000);
  });

  it('refuses an entry larger than the capped total and tells the size listener what shrinking freed', () => {
    const deltas: number[] = [];
    const c = new TenantMemoryCache<string>({ maxBytesPerTenant: 20_000, maxTotalBytes: 40_000, sizeOf: (v) => v.length });
    c.setSizeListener((d) => deltas.push(d));
    for (let i = 0; i < 20; i++) c.set(i, 'k', 'x'.repeat(1000));
    const before = c.sizeBytes;
    deltas.length = 0;
    c.setCapacityFactor(0.1); // 4,000 bytes in total
    expect(c.sizeBytes).toBeLessThanOrEqual(4000);
    expect(deltas).toEqual([c.sizeBytes - before]);
    const tooBig = 4000 - TENANT_OVERHEAD_BYTES - ENTRY_OVERHEAD_BYTES; // fits a tenant's 20,000, not the cap
    expect(c.set('new', 'k', 'x'.repeat(tooBig))).toBe(false);
    expect(c.stats().rejected).toBe(1);
    expect(c.set('new', 'k', 'x'.repeat(500))).toBe(true);
    expect(c.sizeBytes).toBeLessThanOrEqual(4000);
  });

  it('rejects factors outside (0, 1]', () => {
    const c = new TenantMemoryCache<string>();
    expect(() => c.setCapacityFactor(0)).toThrow(TypeError);
    expect(() => c.setCapacityFactor(2)).toThrow(/factor/);
  });
});

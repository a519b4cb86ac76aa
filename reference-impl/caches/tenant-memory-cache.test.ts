import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ENTRY_OVERHEAD_BYTES, TENANT_OVERHEAD_BYTES, TenantMemoryCache } from './tenant-memory-cache.js';

const fixed = (bytes: number) => () => bytes;

describe('TenantMemoryCache', () => {
  it('keeps every tenant within maxBytesPerTenant, evicting its least recently used entries', () => {
    const c = new TenantMemoryCache<string>({ maxBytesPerTenant: 10_000, maxTotalBytes: 10_000_000, sizeOf: fixed(1000) });
    for (let i = 0; i < 50; i++) c.set('t1', `k${i}`, 'v');
    expect(c.tenantBytes('t1')).toBeLessThanOrEqual(10_000);
    const stats = c.stats();
    expect(stats.tenantLimitEvictions).toBeGreaterThan(0);
    expect(stats.globalLimitEvictions).toBe(0);
    expect(c.has('t1', 'k49')).toBe(true);
    expect(c.has('t1', 'k0')).toBe(false);
  });

  it('a lookup protects an entry from eviction (LRU, not FIFO)', () => {
    const perEntry = 1000 + ENTRY_OVERHEAD_BYTES;
    const c = new TenantMemoryCache<string>({ maxBytesPerTenant: TENANT_OVERHEAD_BYTES + 3 * perEntry + 100, sizeOf: fixed(1000 - 16) });
    c.set(1, 'a', 'v');
    c.set(1, 'b', 'v');
    c.set(1, 'c', 'v');
    expect(c.get(1, 'a')).toBe('v');
    c.set(1, 'd', 'v'); // evicts b, the coldest
    expect([c.has(1, 'a'), c.has(1, 'b'), c.has(1, 'c'), c.has(1, 'd')]).toEqual([true, false, true, true]);
  });

  it('keeps the sum over all tenants within maxTotalBytes, evicting the globally coldest', () => {
    const c = new TenantMemoryCache<string>({ maxBytesPerTenant: 20_000, maxTotalBytes: 200_000, sizeOf: fixed(1000) });
    for (let i = 0; i < 5000; i++) {
      c.set(`t${i % 100}`, `k${i}`, 'v');
      expect(c.sizeBytes).toBeLessThanOrEqual(200_000);
    }
    expect(c.maxTenantBytes()).toBeLessThanOrEqual(20_000);
    expect(c.stats().globalLimitEvictions).toBeGreaterThan(0);
    // The hottest tenant, touched after the flood, survives the next overflow wave.
    c.get('t0', 'k4900');
    for (let i = 5000; i < 5050; i++) c.set(`u${i}`, `k${i}`, 'v');
    expect(c.has('t0', 'k4900')).toBe(true);
    expect(c.has('t1', 'k4901')).toBe(false);
  });

  it('accounts bytes exactly: entries, keys and tenants in, evictions and deletes out', () => {
    const c = new TenantMemoryCache<object>({ maxBytesPerTenant: 50_000, maxTotalBytes: 1_000_000 });
    for (let i = 0; i < 300; i++) c.set(i % 7, `key-${i}`, { id: i, name: `name ${i}` });
    c.set(0, 'key-0', { replaced: 'x'.repeat(500) });
    c.delete(1, 'key-1');
    c.deleteTenant(2);
    let sum = 0;
    for (let t = 0; t < 7; t++) sum += c.tenantBytes(t);
    expect(c.sizeBytes).toBe(sum);
    expect(c.tenantCount).toBe(6);
    c.clear();
    expect([c.sizeBytes, c.entries, c.tenantCount]).toEqual([0, 0, 0]);
  });

  it('drops whole least recently used tenants beyond maxTenants', () => {
    const c = new TenantMemoryCache<string>({ maxTenants: 3 });
    for (const t of ['a', 'b', 'c']) c.set(t, 'k1', 'v').valueOf() && c.set(t, 'k2', 'v');
    c.get('a', 'k1');
    c.set('d', 'k1', 'v'); // b is the coldest tenant
    expect(c.tenantCount).toBe(3);
    expect(c.has('b', 'k1')).toBe(false);
    expect(c.has('a', 'k1')).toBe(true);
    expect(c.stats().tenantCountEvictions).toBe(2);
  });

  it('refuses a value larger than one tenant may hold', () => {
    const c = new TenantMemoryCache<string>({ maxBytesPerTenant: 2_000 });
    c.set('t', 'k', 'small');
    expect(c.set('t', 'k', 'x'.repeat(5_000))).toBe(false);
    expect(c.has('t', 'k')).toBe(false);
    expect(c.stats().rejected).toBe(1);
    expect(c.sizeBytes).toBe(0);
  });

  it('evictColdest removes the global LRU entry (for registries and shrinkers)', () => {
    const c = new TenantMemoryCache<string>();
    c.set('x', 'old', 'v');
    c.set('y', 'new', 'v');
    expect(c.evictColdest()).toBe(true);
    expect(c.has('x', 'old')).toBe(false);
    expect(c.has('y', 'new')).toBe(true);
  });

  it('refuses a sizeOf result that is not a positive finite number, leaving the accounting intact', () => {
    for (const bad of [Number.NaN, -1e9, 0, Number.POSITIVE_INFINITY]) {
      let next = 100;
      const c = new TenantMemoryCache<string>({ maxBytesPerTenant: 2000, maxTotalBytes: 4000, sizeOf: () => next });
      c.set(1, 'a', 'x');
      const bytes = c.sizeBytes;
      next = bad;
      expect(() => c.set(1, 'b', 'y'), String(bad)).toThrow(/sizeOf must return a positive finite number of bytes, got/);
      expect(c.sizeBytes).toBe(bytes);
      expect(c.entries).toBe(1);
      next = 100;
      for (let i = 0; i < 1000; i++) c.set(i % 3, `k${i}`, 'z');
      expect(c.sizeBytes).toBeLessThanOrEqual(4000); // limits still hold
    }
  });

  it('validates options', () => {
    expect(() => new TenantMemoryCache({ maxBytesPerTenant: 0 })).toThrow(/maxBytesPerTenant/);
    expect(() => new TenantMemoryCache({ maxBytesPerTenant: 10_000, maxTotalBytes: 5_000 })).toThrow(/maxTotalBytes/);
    expect(() => new TenantMemoryCache({ maxTenants: -1 })).toThrow(/maxTenants/);
  });

  it('keeps real heap bounded: 400k writes over 20k tenants stay near maxTotalBytes after forced GC', () => {
    // Compiled module (npm test builds first), in a child with --expose-gc so GC can be forced.
    const moduleUrl = pathToFileURL(path.resolve('dist/reference-impl/caches/tenant-memory-cache.js')).href;
    const code = `
      const { TenantMemoryCache } = await import(${JSON.stringify(moduleUrl)});
      const v8 = await import('node:v8');
      const used = () => v8.getHeapStatistics().used_heap_size;
      gc(); gc();
      const before = used();
      const cache = new TenantMemoryCache({ maxBytesPerTenant: 16 * 1024, maxTotalBytes: 24 * 1024 * 1024 });
      for (let i = 0; i < 400000; i++) {
        const t = (i * 7919) % 20000;
        cache.set(t, 'user-profile:' + (i % 97), JSON.parse(JSON.stringify({ userId: 'user-' + i, email: 'user.' + i + '@example.com', name: 'User ' + i, role: 'Role ' + (i % 7), preferences: { theme: 'dark', n: i } })));
      }
      gc(); gc();
      process.stdout.write(JSON.stringify({ heap: used() - before, accounted: cache.sizeBytes, max: cache.maxTenantBytes(), evictions: cache.stats().evictions }));
    `;
    const out = JSON.parse(execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', code], { encoding: 'utf8' }));
    expect(out.accounted).toBeLessThanOrEqual(24 * 1024 * 1024);
    expect(out.max).toBeLessThanOrEqual(16 * 1024);
    expect(out.evictions).toBeGreaterThan(0);
    // The accounting tracks the heap the cache really holds (within 25%), so the byte budget
    // is a heap budget.
    expect(out.heap).toBeLessThanOrEqual(24 * 1024 * 1024 * 1.25);
    expect(Math.abs(out.heap - out.accounted) / out.accounted).toBeLessThan(0.25);
  });
});

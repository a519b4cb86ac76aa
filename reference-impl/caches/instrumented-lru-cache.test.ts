import diagnosticsChannel from 'node:diagnostics_channel';
import { describe, expect, it } from 'vitest';
import { InstrumentedLruCache } from './instrumented-lru-cache.js';
import { createCalendarEventCache, createContactCache, createSuggestionCache, SEED_CACHE_LIMITS } from './seed-lru-caches.js';
import { estimateHeapBytes, jsonLengthBytes } from './size-estimator.js';

function manualClock(start = 1000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('InstrumentedLruCache', () => {
  it('counts hits, misses and sets', () => {
    const c = new InstrumentedLruCache<string, string>({ max: 10 });
    c.set('a', '1');
    expect(c.get('a')).toBe('1');
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toBe('1');
    expect(c.stats()).toMatchObject({ hits: 2, misses: 1, sets: 1, evictions: 0, entries: 1 });
  });

  it('evicts the least recently used entry at max and counts it', () => {
    const c = new InstrumentedLruCache<string, number>({ max: 3 });
    for (const k of ['a', 'b', 'c']) c.set(k, 1);
    c.get('a'); // b is now the coldest
    c.set('d', 1);
    expect(c.has('b')).toBe(false);
    expect(c.has('a')).toBe(true);
    expect(c.stats().evictions).toBe(1);
  });

  it('bounds the estimated bytes with maxSizeBytes', () => {
    const value = { name: 'x'.repeat(100) };
    const size = estimateHeapBytes(value);
    const c = new InstrumentedLruCache<string, object>({ maxSizeBytes: size * 10 });
    for (let i = 0; i < 50; i++) c.set(`k${i}`, { name: 'x'.repeat(100) });
    expect(c.sizeBytes).toBeLessThanOrEqual(size * 10);
    expect(c.entries).toBe(10);
    expect(c.stats().evictions).toBe(40);
  });

  it("sizes with the seed's JSON.stringify length when asked", () => {
    const c = new InstrumentedLruCache<string, object>({ maxSizeBytes: 1000, sizing: 'json' });
    c.set('k', { a: 'bc' });
    expect(c.sizeBytes).toBe(jsonLengthBytes({ a: 'bc' }));
  });

  it('expires entries after ttlMs and counts expirations, not evictions', () => {
    const clock = manualClock();
    const c = new InstrumentedLruCache<string, string>({ max: 10, ttlMs: 1000, clock });
    c.set('a', '1');
    clock.advance(999);
    expect(c.get('a')).toBe('1'); // updateAgeOnGet restarts the TTL
    clock.advance(999);
    expect(c.get('a')).toBe('1');
    clock.advance(1001);
    expect(c.get('a')).toBeUndefined();
    expect(c.stats()).toMatchObject({ hits: 2, misses: 1, expirations: 1, evictions: 0, entries: 0 });
  });

  it('evictColdest removes the LRU entry and reports empty', () => {
    const c = new InstrumentedLruCache<string, number>({ max: 10 });
    c.set('a', 1).set('b', 2);
    expect(c.evictColdest()).toBe(true);
    expect(c.has('a')).toBe(false);
    expect(c.evictColdest()).toBe(true);
    expect(c.evictColdest()).toBe(false);
    expect(c.stats().evictions).toBe(2);
  });

  it('reports size changes to a listener after writes only', () => {
    const c = new InstrumentedLruCache<string, string>({ maxSizeBytes: 10_000 });
    const deltas: number[] = [];
    c.setSizeListener((d) => deltas.push(d));
    c.set('a', 'x'.repeat(10));
    c.get('a');
    c.set('a', 'x'.repeat(100));
    expect(deltas).toHaveLength(2);
    expect(deltas[0]).toBe(estimateHeapBytes('x'.repeat(10)));
    expect(deltas[0]! + deltas[1]!).toBe(c.sizeBytes);
  });

  it('publishes a fresh, complete lru-cache:metrics status per get while a subscriber listens', async () => {
    // get reuses one options object (no per-call allocation); a subscriber must still see one
    // status object per call, each describing only its own lookup.
    await new Promise((r) => setImmediate(r)); // lru-cache attaches its channel one tick after import
    const seen: Array<Record<string, unknown>> = [];
    const onStatus = (message: unknown) => {
      const s = message as Record<string, unknown>;
      if (s.op === 'get') seen.push({ ...s, self: s });
    };
    const c = new InstrumentedLruCache<string, string>({ max: 10 });
    c.set('a', 'A');
    diagnosticsChannel.subscribe('lru-cache:metrics', onStatus);
    try {
      expect(c.get('a')).toBe('A');
      expect(c.get('zz')).toBeUndefined();
    } finally {
      diagnosticsChannel.unsubscribe('lru-cache:metrics', onStatus);
    }
    expect(seen).toHaveLength(2);
    expect(seen[0]).toMatchObject({ key: 'a', get: 'hit', value: 'A' });
    expect(seen[1]).toMatchObject({ key: 'zz', get: 'miss' });
    expect(seen[1]!.value).toBeUndefined();
    expect(seen[0]!.self).not.toBe(seen[1]!.self);
    expect(c.stats()).toMatchObject({ hits: 1, misses: 1 });
    // Without subscribers nothing is left behind for the next call.
    expect(c.get('a')).toBe('A');
    expect(seen).toHaveLength(2);
  });

  it('rejects unbounded and malformed options with a TypeError naming the option', () => {
    expect(() => new InstrumentedLruCache({})).toThrow(/max .*maxSizeBytes/);
    expect(() => new InstrumentedLruCache({ max: -1 })).toThrow(/max must be/);
    expect(() => new InstrumentedLruCache({ max: 1, ttlMs: 1.5 })).toThrow(/ttlMs must be/);
    expect(() => new InstrumentedLruCache({ max: 1, sizing: 'xml' as never })).toThrow(/sizing must be/);
  });
});

describe('seed 001 §5 caches', () => {
  it('carry the seed limits', () => {
    const contacts = createContactCache();
    const events = createCalendarEventCache();
    const suggestions = createSuggestionCache();
    expect(contacts.options).toMatchObject({
      name: 'contacts',
      ...SEED_CACHE_LIMITS.contacts,
      updateAgeOnGet: true,
      updateAgeOnHas: false,
    });
    expect(events.options).toMatchObject({ name: 'calendarEvents', max: 5000, maxSizeBytes: 100 * 1024 * 1024, ttlMs: 86_400_000 });
    expect(suggestions.options).toMatchObject({ name: 'suggestions', max: 500, maxSizeBytes: 25 * 1024 * 1024, ttlMs: 1_800_000 });
  });

  it('hold at most max entries', () => {
    const suggestions = createSuggestionCache<object[]>();
    for (let i = 0; i < 600; i++) suggestions.set(`user-${i}`, [{ contactId: `c${i}` }]);
    expect(suggestions.entries).toBe(500);
    expect(suggestions.stats().evictions).toBe(100);
    expect(suggestions.get('user-0')).toBeUndefined();
    expect(suggestions.get('user-599')).toBeDefined();
  });
});

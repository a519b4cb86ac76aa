import { describe, expect, it } from 'vitest';
import { AdaptiveShrinker } from './adaptive-shrinker.js';
import { InstrumentedLruCache } from './instrumented-lru-cache.js';

function filled(n: number, name = 'c') {
  const c = new InstrumentedLruCache<string, number>({ name, max: 100_000 });
  for (let i = 0; i < n; i++) c.set(`k${i}`, i);
  return c;
}

function harness(n = 1000) {
  let ratio = 0.5;
  let now = 0;
  const cache = filled(n);
  const shrinker = new AdaptiveShrinker({ caches: [cache], heapRatio: () => ratio, now: () => now, minEntries: 100 });
  return {
    cache,
    shrinker,
    setRatio: (r: number) => (ratio = r),
    advance: (ms: number) => (now += ms),
  };
}

describe('AdaptiveShrinker', () => {
  it('drops the coldest 20% when the heap ratio crosses the high-water mark', () => {
    const h = harness();
    h.cache.get('k0'); // k0 becomes the hottest entry
    expect(h.shrinker.check()).toEqual({ ratio: 0.5, state: 'normal', droppedEntries: 0 });
    h.setRatio(0.85);
    expect(h.shrinker.check()).toEqual({ ratio: 0.85, state: 'pressure', droppedEntries: 200 });
    expect(h.cache.entries).toBe(800);
    expect(h.cache.has('k0')).toBe(true);
    expect(h.cache.has('k1')).toBe(false); // coldest went first
    expect(h.cache.has('k200')).toBe(false);
    expect(h.cache.has('k201')).toBe(true);
  });

  it('does not oscillate: no second shrink until the ratio falls below low water', () => {
    const h = harness();
    h.setRatio(0.85);
    h.shrinker.check();
    // Hovering around the threshold: above, just below, above again: nothing more is dropped.
    for (const r of [0.82, 0.79, 0.81, 0.75, 0.9]) {
      h.setRatio(r);
      expect(h.shrinker.check().droppedEntries).toBe(0);
    }
    expect(h.cache.entries).toBe(800);
    h.setRatio(0.6); // below low water (0.7): re-armed
    expect(h.shrinker.check().state).toBe('normal');
    h.setRatio(0.85);
    expect(h.shrinker.check().droppedEntries).toBe(160);
    expect(h.shrinker.stats()).toMatchObject({ shrinks: 2, droppedEntries: 360, state: 'pressure' });
  });

  it('shrinks again while pressure persists, at most once per repeatAfterMs', () => {
    const h = harness();
    h.setRatio(0.9);
    h.shrinker.check();
    h.advance(29_999);
    expect(h.shrinker.check().droppedEntries).toBe(0);
    h.advance(1);
    expect(h.shrinker.check().droppedEntries).toBe(160);
  });

  it('never shrinks a cache below minEntries', () => {
    const h = harness(110);
    h.setRatio(0.95);
    expect(h.shrinker.check().droppedEntries).toBe(10);
    expect(h.cache.entries).toBe(100);
  });

  it('shrinks every managed cache by its own 20%', () => {
    const a = filled(500, 'a');
    const b = filled(1000, 'b');
    const s = new AdaptiveShrinker({ caches: [a, b], heapRatio: () => 0.99, minEntries: 0 });
    expect(s.check().droppedEntries).toBe(300);
    expect([a.entries, b.entries]).toEqual([400, 800]);
  });

  it('validates options', () => {
    expect(() => new AdaptiveShrinker({ caches: [], highWaterRatio: 1.5 })).toThrow(/highWaterRatio/);
    expect(() => new AdaptiveShrinker({ caches: [], highWaterRatio: 0.8, lowWaterRatio: 0.9 })).toThrow(/lowWaterRatio/);
    expect(() => new AdaptiveShrinker({ caches: [], shrinkFraction: 0 })).toThrow(/shrinkFraction/);
  });

  it('start() checks on an unref-ed timer and stop() clears it', async () => {
    let calls = 0;
    const s = new AdaptiveShrinker({
      caches: [],
      heapRatio: () => {
        calls++;
        return 0.1;
      },
      checkIntervalMs: 5,
    });
    s.start();
    await new Promise((r) => setTimeout(r, 50));
    s.stop();
    const seen = calls;
    expect(seen).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 30));
    expect(calls).toBe(seen);
  });
});

/**
 * Hot-data refresh (seed 004 `refreshHotData()`): bounded access counting, and prefetching the
 * most-accessed keys missing from the cache, on demand and on the return to normal.
 */
import { describe, expect, it, vi } from 'vitest';
import { InstrumentedLruCache } from '../caches/instrumented-lru-cache.js';
import { AccessCounter } from './access-counter.js';
import { HotDataRefresher } from './hot-data-refresher.js';
import { scriptedHandler } from './test-fixtures/scripted-pressure.js';

describe('AccessCounter', () => {
  it('ranks keys by count, ties in first-seen order, skipping what the caller skips', () => {
    const c = new AccessCounter<string>();
    for (const [key, n] of [
      ['a', 3],
      ['b', 5],
      ['c', 3],
      ['d', 1],
    ] as const)
      for (let i = 0; i < n; i++) c.record(key);
    expect(c.mostAccessed(3)).toEqual(['b', 'a', 'c']);
    expect(c.mostAccessed(2, (k) => k === 'b')).toEqual(['a', 'c']);
    expect(c.mostAccessed(4, undefined, 3)).toEqual(['b', 'a', 'c']);
    expect(c.mostAccessed(4, undefined, 4)).toEqual(['b']);
    expect(() => c.mostAccessed(4, undefined, 0)).toThrow(/minCount/);
    expect(c.count('b')).toBe(5);
    expect(c.count('zzz')).toBe(0);
  });

  it('tracks at most maxKeys keys: a full table halves every count and drops the ones reaching zero', () => {
    const c = new AccessCounter<number>(100);
    // A long tail of keys seen once, with ten hot keys among them, each used every tenth access.
    for (let i = 10; i < 10_000; i++) {
      c.record(i);
      c.record(i % 10);
      expect(c.size).toBeLessThanOrEqual(100);
    }
    expect(c.halvings).toBeGreaterThan(0);
    expect(c.mostAccessed(10).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(() => new AccessCounter(0)).toThrow(/maxKeys/);
  });
});

describe('HotDataRefresher', () => {
  function setup() {
    const cache = new InstrumentedLruCache<string, string>({ name: 'c', max: 1000 });
    const counter = new AccessCounter<string>();
    for (let i = 0; i < 300; i++) for (let n = 0; n <= i % 10; n++) counter.record(`k${i}`);
    const load = vi.fn(async (keys: string[]) => keys.filter((k) => k !== 'k9').map((k) => [k, `v:${k}`] as const));
    return { cache, counter, load };
  }

  it('loads the maxKeys most-accessed keys missing from the cache, and stores what comes back', async () => {
    const { cache, counter, load } = setup();
    cache.set('k19', 'cached'); // hot, but present: not asked for
    const refresher = new HotDataRefresher({ counter, cache, load, maxKeys: 20 });
    const result = await refresher.refresh();
    const asked = load.mock.calls[0]![0];
    expect(asked).toHaveLength(20);
    expect(asked).not.toContain('k19');
    expect(asked.every((k) => counter.count(k) === 10)).toBe(true);
    expect(result).toEqual({ requested: 20, loaded: asked.includes('k9') ? 19 : 20 });
    const stored = asked.find((k) => k !== 'k9')!;
    expect(cache.peek(stored)).toBe(`v:${stored}`);
    expect(cache.peek('k19')).toBe('cached');
  });

  it('leaves out keys read fewer than minAccesses times (default 2): a one-off key is not hot', async () => {
    const cache = new InstrumentedLruCache<string, string>({ name: 'c', max: 1000 });
    const counter = new AccessCounter<string>();
    // A surge of one-off keys, and two hot keys that are still cached.
    for (let i = 0; i < 50; i++) counter.record(`once-${i}`);
    for (const hot of ['h1', 'h2']) {
      for (let n = 0; n < 5; n++) counter.record(hot);
      cache.set(hot, 'cached');
    }
    counter.record('twice');
    counter.record('twice');
    const load = vi.fn(async (keys: string[]) => keys.map((k) => [k, `v:${k}`] as const));
    expect(await new HotDataRefresher({ counter, cache, load }).refresh()).toEqual({ requested: 1, loaded: 1 });
    expect(load.mock.calls[0]![0]).toEqual(['twice']);
    await new HotDataRefresher({ counter, cache, load, minAccesses: 1, maxKeys: 3 }).refresh();
    expect(load.mock.calls[1]![0]).toEqual(['once-0', 'once-1', 'once-2']);
    expect(() => new HotDataRefresher({ counter, cache, load, minAccesses: 0 })).toThrow(/minAccesses/);
  });

  it('defaults to seed 004’s 100 keys, and a second call while one runs shares it', async () => {
    const { cache, counter, load } = setup();
    const refresher = new HotDataRefresher({ counter, cache, load });
    const [a, b] = await Promise.all([refresher.refresh(), refresher.refresh()]);
    expect(a).toBe(b);
    expect(load).toHaveBeenCalledTimes(1);
    expect(load.mock.calls[0]![0]).toHaveLength(100);
  });

  it('refreshes on every return to normal, not on other transitions, and reports a failing load', async () => {
    const { cache, counter } = setup();
    const logger = vi.fn();
    let fail = false;
    const load = vi.fn(async (keys: string[]) => {
      if (fail) throw new Error('db down');
      return keys.map((k) => [k, 'v'] as const);
    });
    const s = scriptedHandler();
    const detach = new HotDataRefresher({ counter, cache, load, maxKeys: 5, logger }).attach(s.handler);
    s.read(0.9);
    s.read(0.1, 5000); // → warning: no refresh yet
    expect(load).not.toHaveBeenCalled();
    s.read(0.1, 5000); // → normal
    await new Promise((r) => setImmediate(r));
    expect(load).toHaveBeenCalledTimes(1);
    fail = true;
    s.read(0.75, 10);
    s.read(0.1, 5000);
    await new Promise((r) => setImmediate(r));
    expect(logger).toHaveBeenCalledWith('[memory-pressure] hot-data refresh failed', { error: 'db down' });
    detach();
    s.read(0.75, 10);
    s.read(0.1, 5000);
    await new Promise((r) => setImmediate(r));
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('validates its options', () => {
    const { cache, counter, load } = setup();
    expect(() => new HotDataRefresher({ counter, cache, load, maxKeys: 0 })).toThrow(/maxKeys/);
    expect(() => new HotDataRefresher({ counter, cache: {} as never, load })).toThrow(/cache must have/);
  });
});

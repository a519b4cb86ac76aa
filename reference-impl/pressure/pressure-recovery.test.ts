/**
 * Auto-recovery with seed 003's whole action set on real caches: a surge to emergency applies
 * every level, and as pressure falls each level is undone after its dwell — cache capacity
 * 10 % → 50 % → 75 % → 100 %, shedding and the in-flight cap lifted, tasks resumed — then the
 * hot data is prefetched on the return to normal.
 */
import { describe, expect, it } from 'vitest';
import { CacheRegistry } from '../caches/cache-registry.js';
import { InstrumentedLruCache } from '../caches/instrumented-lru-cache.js';
import { AccessCounter } from './access-counter.js';
import { BackgroundTaskRegistry } from './background-task-registry.js';
import { DegradationManager } from './degradation-manager.js';
import { HotDataRefresher } from './hot-data-refresher.js';
import { registerSeedActions } from './seed-pressure-actions.js';
import { scriptedHandler } from './test-fixtures/scripted-pressure.js';

describe('recovery from emergency', () => {
  it('undoes one level per dwell, restoring capacity and features gradually, then refreshes hot data', async () => {
    const s = scriptedHandler();
    const registry = new CacheRegistry();
    const cache = new InstrumentedLruCache<string, string>({ name: 'contacts', max: 1000 });
    const aiCache = new InstrumentedLruCache<string, string>({ name: 'ai', max: 100 });
    registry.register(cache);
    const counter = new AccessCounter<string>();
    for (let i = 0; i < 1000; i++) {
      cache.set(`k${i}`, `v${i}`);
      for (let n = 0; n < 1 + (i % 7); n++) counter.record(`k${i}`);
    }
    for (let i = 0; i < 100; i++) aiCache.set(`a${i}`, 'v');
    const tasks = new BackgroundTaskRegistry();
    const noop = { pause() {}, resume() {} };
    tasks.add({ name: 'digest', ...noop });
    const degradation = new DegradationManager({ features: { 'ai-cache': {}, recommendations: {} } });
    registerSeedActions(s.handler, {
      caches: registry,
      tasks,
      degradation,
      maxInFlight: 64,
      nonEssentialCaching: { feature: 'ai-cache', caches: [aiCache] },
    });
    const loads: string[][] = [];
    const refresher = new HotDataRefresher({
      counter,
      cache,
      maxKeys: 100,
      load: async (keys) => {
        loads.push(keys);
        return keys.map((k) => [k, `fresh-${k}`] as const);
      },
    });
    refresher.attach(s.handler);

    const state = () => ({
      level: s.handler.level,
      factor: cache.capacityFactor,
      entries: cache.entries,
      shedding: degradation.shedding.join(','),
      maxInFlight: degradation.maxInFlight,
      aiCaching: degradation.isEnabled('ai-cache'),
      recommendations: degradation.isEnabled('recommendations'),
      digestPaused: tasks.isPaused('digest'),
    });

    s.read(0.97); // the surge
    expect(state()).toEqual({
      level: 'emergency',
      factor: 0.1,
      entries: 100,
      shedding: 'normal,background',
      maxInFlight: 64,
      aiCaching: false,
      recommendations: false,
      digestPaused: true,
    });
    expect(aiCache.entries).toBe(0);

    // Pressure falls to 40 % for good; the handler reads every 250 ms.
    const snapshots = new Map<string, ReturnType<typeof state>>();
    for (let elapsed = 0; elapsed < 20_000; elapsed += 250) {
      s.read(0.4, 250);
      if (!snapshots.has(s.handler.level)) snapshots.set(s.handler.level, state());
    }
    expect(s.transitions.map((t) => `${t.from}→${t.to}@${t.at}`)).toEqual([
      'normal→emergency@0',
      'emergency→critical@5000',
      'critical→warning@10000',
      'warning→normal@15000',
    ]);
    expect(snapshots.get('critical')).toMatchObject({
      factor: 0.5,
      shedding: '',
      maxInFlight: 64,
      aiCaching: false,
      recommendations: true,
    });
    expect(snapshots.get('warning')).toMatchObject({
      factor: 0.75,
      maxInFlight: Number.POSITIVE_INFINITY,
      aiCaching: true,
      digestPaused: true,
    });
    expect(snapshots.get('normal')).toMatchObject({ factor: 1, digestPaused: false });
    // Seed 003 "Recovery Time: <30 seconds": 15 s from the last emergency reading, on the fake clock.
    expect(s.transitions.at(-1)!.at - s.transitions[0]!.at).toBeLessThan(30_000);

    // The refresh started on the return to normal: the 100 hottest keys the shrink dropped.
    await new Promise((r) => setImmediate(r));
    expect(loads).toHaveLength(1);
    expect(loads[0]).toHaveLength(100);
    for (const key of loads[0]!) expect(counter.count(key)).toBe(7);
    expect(cache.peek(loads[0]![0]!)).toBe(`fresh-${loads[0]![0]}`);
    expect(cache.entries).toBe(200);
    expect(refresher.stats()).toEqual({ refreshes: 1, failures: 0 });
  });
});

/** Each ready-made action of seed 003 and its reversal, and what registerSeedActions wires per level. */
import { describe, expect, it, vi } from 'vitest';
import { InstrumentedLruCache } from '../caches/instrumented-lru-cache.js';
import { BackgroundTaskRegistry } from './background-task-registry.js';
import { DegradationManager } from './degradation-manager.js';
import type { PressureTransition } from './pressure-action.js';
import {
  disableCachingAction,
  disableNonEssentialFeaturesAction,
  limitInFlightAction,
  pauseBackgroundTasksAction,
  registerSeedActions,
  shedPrioritiesAction,
} from './seed-pressure-actions.js';
import { scriptedHandler } from './test-fixtures/scripted-pressure.js';

const t: PressureTransition = { from: 'warning', to: 'critical', pressure: 0.86, at: 0 };

describe('seed 003 actions', () => {
  it('pauseBackgroundTasksAction pauses the non-essential tasks and resumes exactly those', () => {
    const tasks = new BackgroundTaskRegistry();
    const noop = { pause() {}, resume() {} };
    tasks.add({ name: 'reindex', ...noop });
    tasks.add({ name: 'heartbeat', essential: true, ...noop });
    tasks.add({ name: 'already-paused', ...noop });
    tasks.pauseNonEssential(); // pauses reindex and already-paused
    tasks.resume(['reindex']);
    const action = pauseBackgroundTasksAction(tasks);
    action.apply(t);
    expect(tasks.list().map((s) => s.paused)).toEqual([true, false, true]);
    action.revert(t);
    // reindex comes back; already-paused was paused by someone else and stays so.
    expect(tasks.list().map((s) => s.paused)).toEqual([false, false, true]);
  });

  it('disableNonEssentialFeaturesAction turns the non-essential features off and back on', () => {
    const d = new DegradationManager({ features: { search: { essential: true }, recommendations: {}, digest: {} } });
    d.setEnabled('digest', false);
    const action = disableNonEssentialFeaturesAction(d);
    action.apply(t);
    expect(d.features().map((f) => f.enabled)).toEqual([true, false, false]);
    action.revert(t);
    expect(d.features().map((f) => f.enabled)).toEqual([true, true, false]); // digest was off before
  });

  it('disableCachingAction turns the caching flag off and empties its caches; revert turns the flag back on', () => {
    const d = new DegradationManager({ features: { 'ai-cache': {} } });
    const cache = new InstrumentedLruCache<string, string>({ name: 'ai', max: 100 });
    for (let i = 0; i < 50; i++) cache.set(`k${i}`, 'v');
    const action = disableCachingAction(d, 'ai-cache', [cache]);
    action.apply(t);
    expect(d.isEnabled('ai-cache')).toBe(false);
    expect(cache.entries).toBe(0);
    expect(cache.stats().evictions).toBe(50);
    action.revert(t);
    expect(d.isEnabled('ai-cache')).toBe(true);
    expect(() => disableCachingAction(d, 'no-such-flag')).toThrow(/not defined/);
  });

  it('limitInFlightAction caps in-flight requests and restores the previous cap', () => {
    const d = new DegradationManager();
    d.setMaxInFlight(500);
    const action = limitInFlightAction(d, 100);
    action.apply(t);
    expect(d.maxInFlight).toBe(100);
    action.revert(t);
    expect(d.maxInFlight).toBe(500);
    d.setMaxInFlight(50);
    action.apply(t);
    expect(d.maxInFlight).toBe(50); // never loosens a tighter cap
    expect(() => limitInFlightAction(d, 0)).toThrow(/maxInFlight/);
  });

  it('shedPrioritiesAction adds to the shed priorities and restores the previous set', () => {
    const d = new DegradationManager();
    d.setShedding(['background']);
    const action = shedPrioritiesAction(d, ['normal']);
    action.apply(t);
    expect(d.shedding).toEqual(['normal', 'background']);
    action.revert(t);
    expect(d.shedding).toEqual(['background']);
    expect(() => shedPrioritiesAction(d, ['critical'])).toThrow(/critical is never shed/);
  });

  it('registerSeedActions registers the table of seed 003 per level, and unregisters it all', () => {
    const s = scriptedHandler();
    const d = new DegradationManager({ features: { 'ai-cache': {} } });
    const off = registerSeedActions(s.handler, {
      caches: [new InstrumentedLruCache<string, number>({ max: 10 })],
      tasks: new BackgroundTaskRegistry(),
      degradation: d,
      nonEssentialCaching: { feature: 'ai-cache' },
      alert: () => {},
    });
    const names = (level: 'warning' | 'critical' | 'emergency') => s.handler.actionsFor(level).map((a) => a.name);
    expect(names('warning')).toEqual(['cache-capacity:warning', 'pause-background-tasks']);
    expect(names('critical')).toEqual(['cache-capacity:critical', 'disable-caching:ai-cache', 'limit-in-flight:100', 'alert']);
    expect(names('emergency')).toEqual(['cache-capacity:emergency', 'shed:normal,background', 'disable-non-essential-features']);
    off();
    expect([...names('warning'), ...names('critical'), ...names('emergency')]).toEqual([]);
    expect(() => registerSeedActions(s.handler, { nonEssentialCaching: { feature: 'ai-cache' } })).toThrow(/needs degradation/);
  });

  it('alerts once on entering critical from below, not again while it is re-stacked', () => {
    const s = scriptedHandler();
    const alert = vi.fn();
    registerSeedActions(s.handler, { alert });
    s.read(0.9);
    expect(alert).toHaveBeenCalledTimes(1);
    expect(alert.mock.calls[0]![0]).toMatchObject({ from: 'normal', to: 'critical' });
    s.handler.onLevel('warning', { name: 'late', apply() {}, revert() {} }); // re-stacks critical
    expect(alert).toHaveBeenCalledTimes(1);
  });
});

/**
 * Limits given back in steps: the step values, the timer (first step one stepMs after the
 * start, unref'd), stopping mid-way, and the cache and in-flight actions that ramp on revert.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InstrumentedLruCache } from '../caches/instrumented-lru-cache.js';
import { cacheCapacityAction } from './cache-capacity-action.js';
import { DegradationManager } from './degradation-manager.js';
import type { PressureTransition } from './pressure-action.js';
import { RampsByTarget, rampValue, RecoveryRamp } from './recovery-ramp.js';
import { limitInFlightAction } from './seed-pressure-actions.js';

const t: PressureTransition = { from: 'normal', to: 'warning', pressure: 0.75, at: 0 };

afterEach(() => {
  vi.useRealTimers();
});

describe('rampValue', () => {
  it('is geometric between two finite limits, doubles towards an infinite one, and ends on the target', () => {
    expect(rampValue(0.1, 1, 0, 4)).toBeCloseTo(0.1, 12);
    expect(rampValue(0.1, 1, 2, 4)).toBeCloseTo(Math.sqrt(0.1), 12);
    expect(rampValue(0.1, 1, 4, 4)).toBe(1);
    expect(rampValue(200, Number.POSITIVE_INFINITY, 1, 4)).toBe(400);
    expect(rampValue(200, Number.POSITIVE_INFINITY, 3, 4)).toBe(1600);
    expect(rampValue(200, Number.POSITIVE_INFINITY, 4, 4)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('RecoveryRamp', () => {
  it('steps every stepMs, the first one stepMs after the start, with a timer that holds no process', () => {
    vi.useFakeTimers();
    const ramp = new RecoveryRamp({ steps: 2, stepMs: 100 });
    const values: number[] = [];
    const done = vi.fn();
    ramp.start(0.25, 1, (v) => values.push(v), done);
    expect(ramp.running).toBe(true);
    expect(values).toEqual([]);
    vi.advanceTimersByTime(99);
    expect(values).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(values).toEqual([0.5]);
    vi.advanceTimersByTime(100);
    expect(values).toEqual([0.5, 1]);
    expect(done).toHaveBeenCalledTimes(1);
    expect(ramp.running).toBe(false);
  });

  it('stop() ends a ramp where it is and returns where it was going; nothing to ramp sets the target at once', () => {
    vi.useFakeTimers();
    const ramp = new RecoveryRamp({ stepMs: 100 });
    const values: number[] = [];
    ramp.start(0.1, 1, (v) => values.push(v));
    vi.advanceTimersByTime(100);
    expect(ramp.stop()).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(values).toHaveLength(1);
    expect(ramp.stop()).toBeUndefined();
    ramp.start(1, 1, (v) => values.push(v));
    expect(values.at(-1)).toBe(1);
    expect(ramp.running).toBe(false);
  });

  it('does not keep the process alive: its timer is unref()ed', () => {
    const spy = vi.spyOn(globalThis, 'setTimeout');
    const ramp = new RecoveryRamp({ stepMs: 60_000 });
    ramp.start(0.1, 1, () => {});
    const timer = spy.mock.results.at(-1)?.value as NodeJS.Timeout;
    spy.mockRestore();
    expect(timer.hasRef()).toBe(false);
    ramp.stop();
  });

  it('validates its options', () => {
    expect(() => new RecoveryRamp({ stepMs: 0 })).toThrow(/stepMs/);
    expect(() => new RecoveryRamp({ stepMs: 10, steps: 0 })).toThrow(/steps/);
  });
});

describe('actions that give their limit back in steps', () => {
  it('cache capacity: revert ramps back to the configured capacity; a rise mid-ramp stops it, and the next revert still restores it', () => {
    vi.useFakeTimers();
    const cache = new InstrumentedLruCache<string, string>({ name: 'c', max: 1000 });
    for (let i = 0; i < 400; i++) cache.set(`k${i}`, 'v');
    const warning = cacheCapacityAction([cache], 0.75, { restore: { steps: 4, stepMs: 500 } });
    warning.apply(t);
    expect(cache.capacityFactor).toBeCloseTo(0.3, 12);
    warning.revert(t);
    expect(cache.capacityFactor).toBeCloseTo(0.3, 12); // nothing given back before the first step
    vi.advanceTimersByTime(500);
    const first = cache.capacityFactor;
    expect(first).toBeCloseTo(0.3 * (1 / 0.3) ** 0.25, 12);
    warning.apply(t); // the pressure is back: the ramp stops, the cap is the level's again
    expect(cache.capacityFactor).toBeLessThanOrEqual(first);
    vi.advanceTimersByTime(5000);
    expect(cache.capacityFactor).toBeLessThan(1);
    warning.revert(t);
    vi.advanceTimersByTime(4 * 500);
    expect(cache.capacityFactor).toBe(1);
  });

  it('in-flight cap: revert doubles it step by step up to no cap', () => {
    vi.useFakeTimers();
    const degradation = new DegradationManager();
    const action = limitInFlightAction(degradation, 200, { restore: { steps: 3, stepMs: 100 } });
    action.apply(t);
    expect(degradation.maxInFlight).toBe(200);
    action.revert(t);
    const caps = [degradation.maxInFlight];
    for (let i = 0; i < 3; i++) {
      vi.advanceTimersByTime(100);
      caps.push(degradation.maxInFlight);
    }
    expect(caps).toEqual([200, 400, 800, Number.POSITIVE_INFINITY]);
    expect(() => limitInFlightAction(degradation, 10, { restore: { stepMs: -1 } })).toThrow(/stepMs/);
  });
});

describe('RampsByTarget', () => {
  it('restores at once without options, in steps with them, one ramp per target', () => {
    vi.useFakeTimers();
    const ramps = new RampsByTarget<object>();
    const a = {};
    const b = {};
    const set: Record<string, number[]> = { a: [], b: [] };
    let doneA = 0;
    ramps.restore(
      a,
      10,
      20,
      (v) => set.a!.push(v),
      undefined,
      () => doneA++,
    );
    expect(set.a).toEqual([20]);
    expect(doneA).toBe(1);
    ramps.restore(
      a,
      10,
      160,
      (v) => set.a!.push(v),
      { steps: 4, stepMs: 100 },
      () => doneA++,
    );
    ramps.restore(b, 1, 8, (v) => set.b!.push(v), { steps: 3, stepMs: 100 });
    vi.advanceTimersByTime(100);
    expect(set.a).toEqual([20, 20]);
    // A rise stops a's ramp where it is and says where it was going; b's goes on.
    expect(ramps.stop(a)).toBe(160);
    expect(ramps.stop(a)).toBeUndefined();
    vi.advanceTimersByTime(1000);
    expect(set.a).toEqual([20, 20]);
    expect(doneA).toBe(1);
    expect(set.b!.map((v) => Math.round(v * 1000) / 1000)).toEqual([2, 4, 8]);
  });
});

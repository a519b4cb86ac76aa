/**
 * Where readings come from: the timer (fake timers), a reading after real garbage collections
 * (the GC observer), the timer never holding the process, and failures on those paths reported
 * instead of thrown.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryPressureHandler } from './memory-pressure-handler.js';

const quiet = () => {};
const reading = (ratio: number) => ({ usedBytes: ratio * 1e9, limitBytes: 1e9 });
const timeouts = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

afterEach(() => {
  vi.useRealTimers();
});

describe('MemoryPressureHandler sampling', () => {
  it('reads once on start and then every sampleIntervalMs; close() clears the timer for good', () => {
    vi.useFakeTimers();
    const read = vi.fn(() => reading(0.1));
    const handler = new MemoryPressureHandler({ sampleIntervalMs: 100, observeGc: false, readPressure: read, logger: quiet });
    expect(handler.running).toBe(false);
    handler.start();
    handler.start(); // idempotent
    expect(handler.running).toBe(true);
    expect(vi.getTimerCount()).toBe(1);
    expect(read).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1000);
    expect(read).toHaveBeenCalledTimes(11);
    expect(handler.stats().readings).toBe(11);
    handler.close();
    expect(handler.running).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(1000);
    expect(read).toHaveBeenCalledTimes(11);
    expect(() => handler.start()).toThrow(/closed/);
    expect(handler.sample()).toBe('normal'); // manual readings still work
  });

  it('moves levels from timer readings, stepping down after the dwell', () => {
    vi.useFakeTimers();
    let ratio = 0.9;
    let t = 0;
    const handler = new MemoryPressureHandler({
      sampleIntervalMs: 250,
      minDwellMs: 5000,
      observeGc: false,
      readPressure: () => reading(ratio),
      now: () => t,
      logger: quiet,
    });
    const seen: string[] = [];
    handler.on('transition', (tr) => seen.push(`${tr.to}@${tr.at}`));
    handler.start();
    ratio = 0.3;
    for (let i = 0; i < 60; i++) {
      t += 250;
      vi.advanceTimersByTime(250);
    }
    handler.close();
    expect(seen).toEqual(['critical@0', 'warning@5000', 'normal@10000']);
  });

  it('reports a failing reading on the timer instead of throwing, and keeps reading', () => {
    vi.useFakeTimers();
    const logger = vi.fn();
    let calls = 0;
    const handler = new MemoryPressureHandler({
      sampleIntervalMs: 100,
      observeGc: false,
      logger,
      readPressure: () => {
        calls++;
        if (calls === 2) throw new Error('sensor gone');
        return calls === 3 ? { usedBytes: Number.NaN, limitBytes: 1 } : reading(0.1);
      },
    });
    handler.start();
    expect(() => vi.advanceTimersByTime(300)).not.toThrow();
    handler.close();
    expect(calls).toBe(4);
    expect(handler.stats()).toMatchObject({ readings: 2, readingErrors: 2 });
    expect(logger).toHaveBeenCalledWith('[memory-pressure] reading failed', { source: 'timer', error: 'sensor gone' });
    expect(logger).toHaveBeenCalledWith('[memory-pressure] reading failed', {
      source: 'timer',
      error: expect.stringMatching(/readPressure must return/),
    });
  });

  it('rejects a malformed reading on a manual sample with a TypeError', () => {
    const handler = new MemoryPressureHandler({ observeGc: false, logger: quiet, readPressure: () => ({ usedBytes: 10, limitBytes: 0 }) });
    expect(() => handler.sample()).toThrow(TypeError);
    expect(handler.stats().readings).toBe(0);
  });

  it('reads after real garbage collections, between timer ticks, and stops after close()', async () => {
    // A timer that never fires during the test: every reading past the first follows a GC.
    const handler = new MemoryPressureHandler({ sampleIntervalMs: 3_600_000, logger: quiet });
    handler.start();
    let keep: unknown[] = [];
    for (let round = 0; round < 500 && handler.stats().gcReadings === 0; round++) {
      for (let i = 0; i < 20_000; i++) keep.push({ i, s: `x${i}` });
      keep = [];
      await new Promise((r) => setImmediate(r));
    }
    const stats = handler.stats();
    expect(stats.gcReadings).toBeGreaterThan(0);
    expect(stats.readings).toBe(1 + stats.gcReadings);
    expect(stats.limitBytes).toBeGreaterThan(stats.usedBytes);
    expect(stats.usedBytes).toBeGreaterThan(0);
    handler.close();
    const after = handler.stats().readings;
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 20_000; i++) keep.push({ i, s: `x${i}` });
      keep = [];
      await new Promise((r) => setImmediate(r));
    }
    expect(handler.stats().readings).toBe(after);
  });

  it('unref()s its timer', () => {
    const before = timeouts();
    const handler = new MemoryPressureHandler({ sampleIntervalMs: 10_000, observeGc: false, logger: quiet });
    handler.start();
    expect(timeouts()).toBe(before);
    handler.close();
  });
});

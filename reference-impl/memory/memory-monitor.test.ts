import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryMonitor, type MemoryReading } from './memory-monitor.js';

/** A reader that returns the given heapUsed values in order (MB), then repeats the last. */
function scripted(heapUsedMb: number[]): () => MemoryReading {
  let i = 0;
  return () => {
    const heapUsed = heapUsedMb[Math.min(i++, heapUsedMb.length - 1)]! * 1e6;
    return { heapUsed, heapTotal: heapUsed * 1.2, rss: heapUsed * 2, external: 1e6 };
  };
}

const timeouts = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

afterEach(() => {
  vi.useRealTimers();
});

describe('MemoryMonitor leak detection', () => {
  it('returns null with fewer than two samples', () => {
    const monitor = new MemoryMonitor({ readMemory: scripted([100]) });
    expect(monitor.detectLeak()).toBeNull();
    monitor.sampleNow();
    expect(monitor.detectLeak()).toBeNull();
  });

  it('detects growth at or above growthThreshold between the first and last sample', () => {
    let t = 0;
    const monitor = new MemoryMonitor({ readMemory: scripted([100, 120, 140, 160]), now: () => (t += 60_000) });
    for (let i = 0; i < 4; i++) monitor.sampleNow();
    const result = monitor.detectLeak()!;
    expect(result.detected).toBe(true);
    expect(result.growthPercent).toBeCloseTo(60, 10);
    expect(result.firstSample).toEqual({ timestamp: 60_000, heapUsed: 100e6, heapTotal: 120e6, rss: 200e6 });
    expect(result.lastSample.heapUsed).toBe(160e6);
    expect(result.recommendation).toMatch(/heap snapshot/i);
  });

  it('does not report growth below the threshold', () => {
    const monitor = new MemoryMonitor({ readMemory: scripted([100, 149]) });
    monitor.sampleNow();
    monitor.sampleNow();
    expect(monitor.detectLeak()).toMatchObject({ detected: false });
    expect(monitor.detectLeak()!.growthPercent).toBeCloseTo(49, 10);
  });

  it('judges only the last maxSamples samples', () => {
    const monitor = new MemoryMonitor({ maxSamples: 3, readMemory: scripted([50, 100, 110, 120]) });
    for (let i = 0; i < 4; i++) monitor.sampleNow();
    expect(monitor.getSamples().map((s) => s.heapUsed)).toEqual([100e6, 110e6, 120e6]);
    expect(monitor.detectLeak()).toMatchObject({ detected: false });
  });

  it('getSamples returns a copy', () => {
    const monitor = new MemoryMonitor({ readMemory: scripted([1]) });
    monitor.sampleNow();
    monitor.getSamples().length = 0;
    expect(monitor.getSamples()).toHaveLength(1);
  });
});

describe('MemoryMonitor timer', () => {
  it('samples every sampleIntervalMs once started, and stop() clears the timer', () => {
    vi.useFakeTimers();
    const read = vi.fn(scripted([100]));
    const monitor = new MemoryMonitor({ sampleIntervalMs: 1000, readMemory: read, enableAlerts: false });
    monitor.start();
    monitor.start(); // idempotent: still one timer
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(3000);
    expect(monitor.getSamples()).toHaveLength(3);
    monitor.stop();
    expect(monitor.running).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(5000);
    expect(read).toHaveBeenCalledTimes(3);
  });

  it('unref()s its timer so it never keeps the process alive', () => {
    const before = timeouts();
    const monitor = new MemoryMonitor({ sampleIntervalMs: 10_000 });
    monitor.start();
    expect(monitor.running).toBe(true);
    expect(timeouts()).toBe(before);
    monitor.stop();
  });

  it('alerts once when growth crosses the threshold, and again only after it cleared', () => {
    vi.useFakeTimers();
    const onAlert = vi.fn();
    const logger = vi.fn();
    const monitor = new MemoryMonitor({
      sampleIntervalMs: 1000,
      maxSamples: 2,
      readMemory: scripted([100, 160, 250, 250, 400]),
      onAlert,
      logger,
    });
    monitor.start();
    vi.advanceTimersByTime(3000); // 100 → 160 (alert), 160 → 250 (still detected: no repeat)
    expect(onAlert).toHaveBeenCalledTimes(1);
    expect(onAlert.mock.calls[0]![0]).toMatchObject({ detected: true });
    expect(logger).toHaveBeenCalledWith(
      '[memory] potential leak detected',
      expect.objectContaining({ growthPercent: expect.closeTo(60, 6) }),
    );
    vi.advanceTimersByTime(1000); // 250 → 250: cleared
    vi.advanceTimersByTime(1000); // 250 → 400: alert again
    expect(onAlert).toHaveBeenCalledTimes(2);
    monitor.stop();
  });

  it('a throwing onAlert is logged, not thrown out of the timer, and sampling goes on', () => {
    vi.useFakeTimers();
    const logger = vi.fn();
    const monitor = new MemoryMonitor({
      sampleIntervalMs: 1000,
      maxSamples: 2,
      readMemory: scripted([100, 160, 250]),
      onAlert: () => {
        throw new Error('alert sink down');
      },
      logger,
    });
    monitor.start();
    expect(() => vi.advanceTimersByTime(3000)).not.toThrow();
    expect(logger).toHaveBeenCalledWith('[memory] monitor tick failed', { error: 'alert sink down' });
    expect(monitor.detectLeak()).toMatchObject({ detected: true });
    monitor.stop();
  });

  it('does not alert with enableAlerts false', () => {
    vi.useFakeTimers();
    const onAlert = vi.fn();
    const monitor = new MemoryMonitor({
      sampleIntervalMs: 1000,
      readMemory: scripted([100, 300]),
      onAlert,
      enableAlerts: false,
      logger: () => {},
    });
    monitor.start();
    vi.advanceTimersByTime(2000);
    expect(monitor.detectLeak()).toMatchObject({ detected: true });
    expect(onAlert).not.toHaveBeenCalled();
    monitor.stop();
  });
});

describe('MemoryMonitor operation logging', () => {
  it('wrapOperation logs the heap delta around the operation and returns its value', async () => {
    const logger = vi.fn();
    const monitor = new MemoryMonitor({ logger, readMemory: scripted([100, 130]) });
    await expect(monitor.wrapOperation('batch', async () => 42)).resolves.toBe(42);
    expect(logger).toHaveBeenCalledWith('[memory] batch', expect.objectContaining({ operation: 'batch', heapUsedDelta: 30e6 }));
  });

  it('wrapOperation logs and rethrows when the operation throws', async () => {
    const logger = vi.fn();
    const monitor = new MemoryMonitor({ logger, readMemory: scripted([100]) });
    await expect(monitor.wrapOperation('boom', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(logger).toHaveBeenCalledTimes(1);
  });

  it('validates options once, naming the option', () => {
    expect(() => new MemoryMonitor({ sampleIntervalMs: 0 })).toThrow(/sampleIntervalMs/);
    expect(() => new MemoryMonitor({ maxSamples: 1 })).toThrow(/maxSamples/);
    expect(() => new MemoryMonitor({ growthThreshold: 1 })).toThrow(/growthThreshold/);
    expect(() => new MemoryMonitor({ onAlert: 'x' as unknown as () => void })).toThrow(/onAlert/);
  });
});

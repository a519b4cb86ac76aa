import v8 from 'node:v8';
import { describe, expect, it, vi } from 'vitest';
import { MemoryCircuitBreaker } from './memory-circuit-breaker.js';
import { MemoryCircuitBreakerError } from './memory-circuit-breaker-error.js';
import type { MemoryUsage } from './memory-usage.js';

const reading = (heapPercent: number): MemoryUsage => ({
  heapUsed: heapPercent * 1e6,
  heapTotal: 120e6,
  heapSizeLimit: 100e6,
  heapPercent,
  rss: 200e6,
  external: 1e6,
});

describe('MemoryCircuitBreaker', () => {
  it('refuses work with MemoryCircuitBreakerError carrying the real reading when the threshold is tiny', async () => {
    const logger = vi.fn();
    const breaker = new MemoryCircuitBreaker({ maxHeapPercent: 0.0001, logger });
    const operation = vi.fn(async () => 'never');
    const err = await breaker.execute(operation).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MemoryCircuitBreakerError);
    const e = err as MemoryCircuitBreakerError;
    expect(e.code).toBe('HEAPGATE_MEMORY_CIRCUIT_OPEN');
    expect(e.maxHeapPercent).toBe(0.0001);
    expect(e.memoryUsage.heapUsed).toBeGreaterThan(0);
    expect(e.memoryUsage.heapSizeLimit).toBe(v8.getHeapStatistics().heap_size_limit);
    expect(e.memoryUsage.heapPercent).toBeCloseTo((e.memoryUsage.heapUsed / e.memoryUsage.heapSizeLimit) * 100, 10);
    expect(operation).not.toHaveBeenCalled();
    expect(logger).toHaveBeenCalledTimes(1);
    expect(logger.mock.calls[0]![1]).toMatchObject({ heapUsed: e.memoryUsage.heapUsed, maxHeapPercent: 0.0001 });
  });

  it('lets work through when the threshold is large', async () => {
    const breaker = new MemoryCircuitBreaker({ maxHeapPercent: 100, logger: () => {} });
    await expect(breaker.execute(async () => 'done')).resolves.toBe('done');
    await expect(breaker.checkMemory()).resolves.toBeUndefined();
  });

  it('rejects after the operation when the operation left the heap over the threshold', async () => {
    const readings = [reading(10), reading(95)];
    const breaker = new MemoryCircuitBreaker({ checkIntervalMs: 0, enableLogging: false, readMemoryUsage: () => readings.shift()! });
    const operation = vi.fn(async () => 'result');
    await expect(breaker.execute(operation)).rejects.toMatchObject({ memoryUsage: { heapPercent: 95 } });
    expect(operation).toHaveBeenCalledTimes(1);
  });

  it('checks afresh after the operation even within checkIntervalMs (the default 1 s)', async () => {
    let pct = 10;
    let nowMs = 0;
    const breaker = new MemoryCircuitBreaker({ enableLogging: false, now: () => nowMs, readMemoryUsage: () => reading(pct) });
    const result = breaker.execute(async () => {
      pct = 95; // the operation filled the heap, 50 ms after the check before it
      nowMs += 50;
      return 'result';
    });
    await expect(result).rejects.toMatchObject({ memoryUsage: { heapPercent: 95 } });
  });

  it('reads memory at most once per checkIntervalMs and reuses that reading in between', async () => {
    let nowMs = 0;
    const read = vi.fn(() => reading(10));
    const breaker = new MemoryCircuitBreaker({ checkIntervalMs: 1000, now: () => nowMs, readMemoryUsage: read });
    await breaker.checkMemory();
    nowMs = 999;
    await breaker.checkMemory();
    expect(read).toHaveBeenCalledTimes(1);
    nowMs = 1000;
    await breaker.checkMemory();
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('keeps tripping on a cached over-threshold reading until the next real reading', async () => {
    let nowMs = 0;
    const readings = [reading(90), reading(10)];
    const breaker = new MemoryCircuitBreaker({ enableLogging: false, now: () => nowMs, readMemoryUsage: () => readings.shift()! });
    await expect(breaker.checkMemory()).rejects.toBeInstanceOf(MemoryCircuitBreakerError);
    nowMs = 500;
    await expect(breaker.checkMemory()).rejects.toBeInstanceOf(MemoryCircuitBreakerError);
    nowMs = 1500;
    await expect(breaker.checkMemory()).resolves.toBeUndefined();
  });

  it('reads on every call with checkIntervalMs 0', async () => {
    const read = vi.fn(() => reading(10));
    const breaker = new MemoryCircuitBreaker({ checkIntervalMs: 0, now: () => 0, readMemoryUsage: read });
    for (let i = 0; i < 3; i++) await breaker.checkMemory();
    expect(read).toHaveBeenCalledTimes(3);
  });

  it('does not log when enableLogging is false', async () => {
    const logger = vi.fn();
    const breaker = new MemoryCircuitBreaker({ maxHeapPercent: 50, enableLogging: false, logger, readMemoryUsage: () => reading(60) });
    await expect(breaker.checkMemory()).rejects.toBeInstanceOf(MemoryCircuitBreakerError);
    expect(logger).not.toHaveBeenCalled();
  });

  it('getMemoryUsage returns a fresh reading measured against the heap size limit', () => {
    const usage = new MemoryCircuitBreaker().getMemoryUsage();
    expect(usage.heapSizeLimit).toBe(v8.getHeapStatistics().heap_size_limit);
    expect(usage.heapPercent).toBeGreaterThan(0);
    expect(usage.heapPercent).toBeLessThan(100);
    expect(usage.rss).toBeGreaterThan(usage.heapUsed);
  });

  it('validates options once, naming the option', () => {
    expect(() => new MemoryCircuitBreaker({ maxHeapPercent: 0 })).toThrow(/maxHeapPercent/);
    expect(() => new MemoryCircuitBreaker({ maxHeapPercent: 101 })).toThrow(TypeError);
    expect(() => new MemoryCircuitBreaker({ checkIntervalMs: -1 })).toThrow(/checkIntervalMs/);
    expect(() => new MemoryCircuitBreaker({ enableLogging: 'yes' as unknown as boolean })).toThrow(/enableLogging/);
    expect(() => new MemoryCircuitBreaker({ logger: 1 as unknown as () => void })).toThrow(/logger/);
  });
});

/** Options are checked once, at construction, with a TypeError naming the option and its unit. */
import { describe, expect, it } from 'vitest';
import { MemoryPressureHandler, type MemoryPressureHandlerOptions } from './memory-pressure-handler.js';
import { DEFAULT_PRESSURE_THRESHOLDS } from './pressure-level.js';

const make = (options: MemoryPressureHandlerOptions) => () => new MemoryPressureHandler({ logger: () => {}, ...options });

describe('MemoryPressureHandler options', () => {
  it('resolves the documented defaults', () => {
    const { options } = new MemoryPressureHandler({ logger: () => {} });
    expect(options).toMatchObject({
      thresholds: DEFAULT_PRESSURE_THRESHOLDS,
      recoveryBand: 0.05,
      minDwellMs: 5000,
      sampleIntervalMs: 250,
      observeGc: true,
    });
    expect(options.thresholds).toEqual({ warning: 0.7, critical: 0.85, emergency: 0.95 });
    expect(Object.isFrozen(options)).toBe(true);
  });

  it('accepts a partial thresholds object over the defaults', () => {
    const h = new MemoryPressureHandler({ logger: () => {}, thresholds: { emergency: 0.9 } });
    expect(h.options.thresholds).toEqual({ warning: 0.7, critical: 0.85, emergency: 0.9 });
  });

  it('rejects thresholds outside (0, 1] or not rising', () => {
    expect(make({ thresholds: { warning: 0 } })).toThrow(/thresholds\.warning must be a ratio of the heap size limit in \(0, 1\]/);
    expect(make({ thresholds: { emergency: 1.2 } })).toThrow(/thresholds\.emergency/);
    expect(make({ thresholds: { critical: Number.NaN } })).toThrow(/thresholds\.critical/);
    expect(make({ thresholds: { warning: 0.9 } })).toThrow(/thresholds must rise: warning \(0\.9\) < critical \(0\.85\)/);
    expect(make({ thresholds: 'high' as unknown as object })).toThrow(/thresholds must be an object/);
  });

  it('rejects a recovery band that is not positive or would make normal unreachable', () => {
    expect(make({ recoveryBand: 0 })).toThrow(/recoveryBand must be a ratio of the heap size limit in \(0, thresholds\.warning = 0\.7\)/);
    expect(make({ recoveryBand: 0.7 })).toThrow(/recoveryBand/);
    expect(make({ recoveryBand: '0.05' as unknown as number })).toThrow(/recoveryBand/);
  });

  it('rejects bad durations, flags and functions', () => {
    expect(make({ minDwellMs: -1 })).toThrow(/minDwellMs must be a number of milliseconds ≥ 0/);
    expect(make({ minDwellMs: Number.POSITIVE_INFINITY })).toThrow(/minDwellMs/);
    expect(make({ sampleIntervalMs: 0 })).toThrow(/sampleIntervalMs must be a whole number of milliseconds ≥ 1/);
    expect(make({ sampleIntervalMs: 2.5 })).toThrow(/sampleIntervalMs/);
    expect(make({ observeGc: 'yes' as unknown as boolean })).toThrow(/observeGc must be a boolean/);
    expect(make({ readPressure: 1 as unknown as () => never })).toThrow(/readPressure must be a function/);
    expect(make({ now: {} as unknown as () => number })).toThrow(/now must be a function/);
    expect(new MemoryPressureHandler({ logger: () => {} }).level).toBe('normal');
    expect(() => new MemoryPressureHandler({ logger: 'console' as unknown as () => void })).toThrow(/logger must be a function/);
  });
});

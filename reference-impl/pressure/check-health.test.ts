/** Seed 004's health check against the heap limit: statuses, recommendations, the real reading. */
import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { checkHealth, healthFromReading } from './check-health.js';

const at = (ratio: number) => healthFromReading({ usedBytes: ratio * 1000, limitBytes: 1000 });

describe('checkHealth', () => {
  it('grades usage against the heap limit as seed 004 does (strictly above 0.9, 0.8, 0.7)', () => {
    expect(at(0.95)).toEqual({
      heapUsedBytes: 950,
      heapLimitBytes: 1000,
      usageRatio: 0.95,
      status: 'CRITICAL',
      recommendations: ['Scale up instances', 'Reduce cache size', 'Add Redis backend'],
    });
    expect(at(0.9)).toMatchObject({ status: 'HIGH', recommendations: ['Monitor closely', 'Prepare scaling plan'] });
    expect(at(0.85).status).toBe('HIGH');
    expect(at(0.8)).toMatchObject({ status: 'MODERATE', recommendations: ['Memory usage optimal'] });
    expect(at(0.7)).toMatchObject({ status: 'LOW', recommendations: ['Memory usage optimal'] });
    expect(at(0).status).toBe('LOW');
  });

  it('reads the real heap against heap_size_limit: a test process is LOW, not the seed’s near-100 % heapUsed/heapTotal', () => {
    const report = checkHealth();
    expect(report.heapLimitBytes).toBe(v8.getHeapStatistics().heap_size_limit);
    expect(report.usageRatio).toBeCloseTo(report.heapUsedBytes / report.heapLimitBytes, 12);
    expect(report.status).toBe('LOW');
    const m = process.memoryUsage();
    expect(report.usageRatio).toBeLessThan(m.heapUsed / m.heapTotal);
  });

  it('rejects a malformed reading', () => {
    expect(() => healthFromReading({ usedBytes: 1, limitBytes: 0 })).toThrow(TypeError);
  });
});

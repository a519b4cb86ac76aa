import { describe, expect, test } from 'vitest';
import { summary } from '../budgets/test-fixtures/summary.js';
import { METRIC_NAMES } from '../scenario/types.js';
import { fitGrowth, fitSeries, resolveGrowthOptions } from './fit-growth.js';

const MiB = 1024 * 1024;
const SWEEP = [1000, 10000, 100000];
/** Deterministic jitter in [-1, 1]. */
const jitter = (i: number): number => Math.sin(i * 12.9898) * 0.999;

describe('fitSeries', () => {
  test('constant with noise is constant and its slope is small', () => {
    const points = SWEEP.map((records, i) => ({ records, value: 3 * MiB + jitter(i + 1) * 0.4 * MiB }));
    const fit = fitSeries(points, MiB);
    expect(fit.growthClass).toBe('constant');
    expect(Math.abs(fit.slopePerRecord)).toBeLessThan(10);
  });

  test('linear gives bytes per record and the linear class', () => {
    const points = SWEEP.map((records, i) => ({ records, value: 2 * MiB + 600 * records + jitter(i) * 0.2 * MiB }));
    const fit = fitSeries(points, MiB);
    expect(fit.growthClass).toBe('linear');
    expect(fit.slopePerRecord).toBeGreaterThan(590);
    expect(fit.slopePerRecord).toBeLessThan(610);
    expect(fit.exponent).toBeGreaterThan(0.9);
    expect(fit.exponent).toBeLessThan(1.1);
  });

  test('quadratic is superlinear with an exponent near 2', () => {
    const points = [1000, 3000, 10000, 30000].map((records) => ({ records, value: MiB + 0.05 * records * records }));
    const fit = fitSeries(points, MiB);
    expect(fit.growthClass).toBe('superlinear');
    expect(fit.exponent).toBeGreaterThan(1.7);
  });

  test('peak heap that saturates (young-generation garbage) is constant', () => {
    const points = SWEEP.map((records) => ({ records, value: Math.min(3 * MiB + 2200 * records, 17 * MiB) }));
    expect(fitSeries(points, MiB).growthClass).toBe('constant');
  });

  test('small absolute numbers stay constant below the floor', () => {
    // Retained heap of a few KB that happens to double: noise, not growth.
    const points = SWEEP.map((records, i) => ({ records, value: 8 * 1024 * (i + 1) }));
    expect(fitSeries(points, MiB).growthClass).toBe('constant');
  });

  test('noise on the middle point of a linear signal does not fake superlinear', () => {
    // 40 B/record; the 10k point reads 0.3 MB low, so the growth component alone would give an
    // exponent near 1.9.
    const y = (records: number): number => 3 * MiB + 40 * records;
    const points = [
      { records: 1000, value: y(1000) },
      { records: 10000, value: y(10000) - 0.3 * MiB },
      { records: 100000, value: y(100000) },
    ];
    const fit = fitSeries(points, MiB);
    expect(fit.exponent).toBeGreaterThan(1.3);
    expect(fit.growthClass).toBe('linear');
  });

  test('a quadratic whose middle growth is within the floor is still superlinear', () => {
    const points = SWEEP.map((records) => ({ records, value: 2 * MiB + 0.005 * records * records }));
    expect(fitSeries(points, MiB).growthClass).toBe('superlinear');
  });

  test('two points classify constant or linear, never superlinear', () => {
    expect(
      fitSeries(
        [
          { records: 1000, value: MiB },
          { records: 10000, value: 50 * MiB },
        ],
        MiB,
      ),
    ).toMatchObject({ growthClass: 'linear', exponent: null });
    expect(
      fitSeries(
        [
          { records: 1000, value: MiB },
          { records: 10000, value: 1.2 * MiB },
        ],
        MiB,
      ).growthClass,
    ).toBe('constant');
  });

  test('rejects fewer than two record counts and duplicates', () => {
    expect(() => fitSeries([{ records: 1, value: 1 }], MiB)).toThrow(TypeError);
    expect(() =>
      fitSeries(
        [
          { records: 1, value: 1 },
          { records: 1, value: 2 },
        ],
        MiB,
      ),
    ).toThrow(/appears twice/);
  });
});

describe('fitGrowth', () => {
  test('fits every metric of each variant with at least two record counts', () => {
    const fits = fitGrowth([
      ...SWEEP.map((records) => summary({ variant: 'before', records, median: { heapDeltaBytes: 2 * MiB + 600 * records } })),
      ...SWEEP.map((records) => summary({ variant: 'after', records })),
      summary({ variant: 'lonely', records: 1000 }),
      summary({ variant: 'broken', records: 1000, repeats: 0 }),
      summary({ variant: 'broken', records: 2000, repeats: 0 }),
    ]);
    expect(new Set(fits.map((f) => f.variant))).toEqual(new Set(['before', 'after']));
    expect(fits).toHaveLength(2 * METRIC_NAMES.length);
    expect(fits.find((f) => f.variant === 'before' && f.metric === 'heapDeltaBytes')).toMatchObject({ growthClass: 'linear' });
    expect(fits.find((f) => f.variant === 'after' && f.metric === 'heapDeltaBytes')).toMatchObject({ growthClass: 'constant' });
  });

  test('options are validated, naming the option', () => {
    expect(() => resolveGrowthOptions({ relativeFloor: -1 })).toThrow(/relativeFloor/);
    expect(() => resolveGrowthOptions({ superlinearExponent: 1 })).toThrow(/superlinearExponent/);
    expect(() => resolveGrowthOptions({ absoluteFloor: { heapBytes: 1 } as never })).toThrow(/absoluteFloor\.heapBytes/);
    expect(resolveGrowthOptions({ absoluteFloor: { heapDeltaBytes: 0 } }).absoluteFloor.heapDeltaBytes).toBe(0);
  });
});

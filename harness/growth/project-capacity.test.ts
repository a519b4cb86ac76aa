import { describe, expect, test } from 'vitest';
import { summary } from '../budgets/test-fixtures/summary.js';
import type { HeapFloor, RunResult, Summary } from '../results/results-document.js';
import { projectCapacity } from './project-capacity.js';

const MiB = 1024 * 1024;
const BASELINE = 9 * MiB;

/** A measured run at `records` with the given baseline (its timeline) and live heap. */
function run(variant: string, records: number, live: number, repeat = 1): RunResult {
  return {
    scenario: 's',
    variant,
    records,
    repeat,
    status: 'ok',
    metrics: {
      heapDeltaBytes: live * 1.5,
      liveHeapDeltaBytes: live,
      retainedHeapBytes: live,
      peakRssBytes: 0,
      durationMs: 1,
      cpuMs: 1,
      oldGenPeakDeltaBytes: live,
      youngGenPeakBytes: live * 0.5,
    },
    counters: {},
    timeline: { baselineHeapBytes: BASELINE, samples: [], gcEvents: [] },
  };
}

function measured(variant: string, perRecord: (records: number) => number, sweep = [1000, 10_000, 100_000, 270_000]) {
  // Small, deterministic wobble so the fit has an uncertainty.
  const live = (r: number, i: number) => perRecord(r) + (i % 2 ? 40_000 : -40_000);
  const runs = sweep.map((r, i) => run(variant, r, live(r, i)));
  const summaries: Summary[] = sweep.map((r, i) =>
    summary({
      scenario: 's',
      variant,
      records: r,
      repeats: 1,
      median: { liveHeapDeltaBytes: live(r, i), heapDeltaBytes: live(r, i) * 1.5 },
    }),
  );
  return { runs, summaries };
}

describe('projectCapacity', () => {
  test('a linear variant: where baseline + live heap reaches the limit, with an interval around it', () => {
    const input = measured('before', (r) => 350 * r);
    const [live, peak] = projectCapacity(input, 512 * MiB);
    const expected = (512 * MiB - BASELINE) / 350;
    expect(live).toMatchObject({
      scenario: 's',
      variant: 'before',
      metric: 'liveHeapDeltaBytes',
      growthClass: 'linear',
      limitBytes: 512 * MiB,
    });
    expect(Math.abs(live!.projectedRecords! - expected) / expected).toBeLessThan(0.01);
    expect(live!.low!).toBeLessThan(live!.projectedRecords!);
    expect(live!.high!).toBeGreaterThan(live!.projectedRecords!);
    expect(live!.bytesPerRecord).toBeCloseTo(350, -1);
    expect(live!.records).toEqual([1000, 10_000, 100_000, 270_000]);
    // The peak, garbage included, needs more heap per record: a lower, safe count.
    expect(peak!.metric).toBe('heapDeltaBytes');
    expect(peak!.projectedRecords!).toBeLessThan(live!.projectedRecords!);
  });

  test('a constant variant is not bounded by records in the measured range', () => {
    const [live] = projectCapacity(
      measured('after', () => 2 * MiB),
      512 * MiB,
    );
    expect(live).toMatchObject({ growthClass: 'constant', projectedRecords: null, low: null, high: null });
    expect(live!.largestMeasuredBytes).toBeCloseTo(BASELINE + 2 * MiB + 40_000, -3);
  });

  test('heap floors, when searched, are projected too (middle of each bracket)', () => {
    const heapFloors: HeapFloor[] = [
      [1000, 15, 11],
      [10_000, 16, 13],
      [100_000, 54, 52],
      [270_000, 127, 124],
    ].map(([records, floorMb, failedMb]) => ({
      scenario: 's',
      variant: 'before',
      records: records!,
      floorMb: floorMb!,
      failedMb: failedMb!,
      toleranceMb: 4,
      probes: [],
    }));
    const floor = projectCapacity({ ...measured('before', (r) => 350 * r), heapFloors }, 512 * MiB).find((c) => c.metric === 'heapFloor');
    expect(floor?.growthClass).toBe('linear');
    // (512 - ~12.4 MB) / ~443 B per record
    expect(floor!.projectedRecords!).toBeGreaterThan(1_150_000);
    expect(floor!.projectedRecords!).toBeLessThan(1_220_000);
  });

  test('one record count gives no projection; two give one without an interval', () => {
    expect(
      projectCapacity(
        measured('before', (r) => 350 * r, [1000]),
        512 * MiB,
      ),
    ).toEqual([]);
    const [two] = projectCapacity(
      measured('before', (r) => 350 * r, [10_000, 100_000]),
      512 * MiB,
    );
    expect(two!.projectedRecords).toBeGreaterThan(0);
    expect([two!.low, two!.high]).toEqual([null, null]);
  });

  test('runs without a timeline cannot give an absolute figure and are left out', () => {
    const input = measured('before', (r) => 350 * r);
    const runs = input.runs.map((r) => ({ ...r, timeline: undefined }));
    expect(projectCapacity({ ...input, runs }, 512 * MiB)).toEqual([]);
  });

  test('rejects a limit that is not a positive number of bytes', () => {
    expect(() =>
      projectCapacity(
        measured('before', (r) => r),
        0,
      ),
    ).toThrow(TypeError);
  });
});

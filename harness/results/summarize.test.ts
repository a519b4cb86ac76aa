import { describe, expect, test } from 'vitest';
import type { LivePass, Metrics, RunResult } from './results-document.js';
import { summarize } from './summarize.js';

const MiB = 1024 * 1024;

function run(repeat: number, liveHeapDeltaBytes: number, status: RunResult['status'] = 'ok'): RunResult {
  const metrics: Metrics = {
    heapDeltaBytes: 40 * MiB + repeat,
    liveHeapDeltaBytes,
    retainedHeapBytes: 0,
    peakRssBytes: 90 * MiB,
    durationMs: 100 + repeat,
    cpuMs: 90 + repeat,
    oldGenPeakDeltaBytes: 30 * MiB,
    youngGenPeakBytes: 8 * MiB,
  };
  return { scenario: 's', variant: 'v', records: 1000, repeat, status, metrics: status === 'ok' ? metrics : null, counters: {} };
}

const pass = (fields: Partial<LivePass>): LivePass => ({
  scenario: 's',
  variant: 'v',
  records: 1000,
  status: 'ok',
  intervalMb: 2,
  liveHeapDeltaBytes: 33 * MiB,
  fullGcs: 40,
  durationMs: 300,
  ...fields,
});

describe('summarize', () => {
  test('without a live pass, live heap is the repeats’ own (observed)', () => {
    const [s] = summarize([run(1, 10 * MiB), run(2, 30 * MiB), run(3, 20 * MiB)]);
    expect(s).toMatchObject({ repeats: 3, liveHeapMethod: 'observed' });
    expect([s!.min.liveHeapDeltaBytes, s!.median.liveHeapDeltaBytes, s!.max.liveHeapDeltaBytes]).toEqual([10 * MiB, 20 * MiB, 30 * MiB]);
    expect(s!.livePass).toBeUndefined();
  });

  test('an ok live pass gives median, min and max live heap (exact); other metrics stay the repeats’', () => {
    const [s] = summarize([run(1, 10 * MiB), run(2, 30 * MiB), run(3, 20 * MiB)], [pass({})]);
    expect(s!.liveHeapMethod).toBe('exact');
    expect([s!.min.liveHeapDeltaBytes, s!.median.liveHeapDeltaBytes, s!.max.liveHeapDeltaBytes]).toEqual([33 * MiB, 33 * MiB, 33 * MiB]);
    expect(s!.median.heapDeltaBytes).toBe(40 * MiB + 2);
    expect(s!.median.durationMs).toBe(102);
    expect(s!.livePass).toEqual({ status: 'ok', intervalMb: 2, liveHeapDeltaBytes: 33 * MiB, fullGcs: 40, durationMs: 300 });
  });

  test('a failed live pass keeps the observed figure and says why; a pass of another record count is ignored', () => {
    const failed = pass({ status: 'oom', liveHeapDeltaBytes: null, durationMs: null, error: { message: 'ran out of heap' } });
    const [s] = summarize([run(1, 10 * MiB), run(2, 12 * MiB, 'crashed')], [failed, pass({ records: 5 })]);
    expect(s).toMatchObject({ repeats: 1, failedRepeats: 1, liveHeapMethod: 'observed' });
    expect(s!.median.liveHeapDeltaBytes).toBe(10 * MiB);
    expect(s!.livePass).toMatchObject({ status: 'oom', error: { message: 'ran out of heap' } });
  });
});

import { describe, expect, test } from 'vitest';
import { renderBmf } from './bmf.js';
import { buildResultsFixture } from './test-fixtures/results-fixture.js';

describe('renderBmf', () => {
  test('one benchmark per summary with ok repeats, median/min/max per metric', () => {
    const doc = buildResultsFixture({ records: [1000, 10000], repeats: 3 });
    const bmf = renderBmf(doc);
    const expected = doc.summaries.filter((s) => s.repeats > 0);
    expect(Object.keys(bmf)).toEqual(expected.map((s) => `${s.scenario}/${s.variant}/${s.records}`));
    const s = expected[0];
    expect(bmf[`${s.scenario}/${s.variant}/${s.records}`]).toEqual({
      'heap-delta-bytes': { value: s.median.heapDeltaBytes, lower_value: s.min.heapDeltaBytes, upper_value: s.max.heapDeltaBytes },
      'live-heap-delta-bytes': {
        value: s.median.liveHeapDeltaBytes,
        lower_value: s.min.liveHeapDeltaBytes,
        upper_value: s.max.liveHeapDeltaBytes,
      },
      'retained-heap-bytes': {
        value: s.median.retainedHeapBytes,
        lower_value: s.min.retainedHeapBytes,
        upper_value: s.max.retainedHeapBytes,
      },
      'peak-rss-bytes': { value: s.median.peakRssBytes, lower_value: s.min.peakRssBytes, upper_value: s.max.peakRssBytes },
      'duration-ms': { value: s.median.durationMs, lower_value: s.min.durationMs, upper_value: s.max.durationMs },
      'cpu-ms': { value: s.median.cpuMs, lower_value: s.min.cpuMs, upper_value: s.max.cpuMs },
      'old-gen-peak-delta-bytes': {
        value: s.median.oldGenPeakDeltaBytes,
        lower_value: s.min.oldGenPeakDeltaBytes,
        upper_value: s.max.oldGenPeakDeltaBytes,
      },
      'young-gen-peak-bytes': {
        value: s.median.youngGenPeakBytes,
        lower_value: s.min.youngGenPeakBytes,
        upper_value: s.max.youngGenPeakBytes,
      },
    });
    for (const measures of Object.values(bmf)) {
      for (const m of Object.values(measures)) expect(m.lower_value! <= m.value && m.value <= m.upper_value!).toBe(true);
    }
    expect(JSON.parse(JSON.stringify(bmf))).toEqual(bmf);
  });
});

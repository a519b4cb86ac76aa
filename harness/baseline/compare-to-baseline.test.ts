import { describe, expect, test } from 'vitest';
import { summary } from '../budgets/test-fixtures/summary.js';
import type { ResultsDocument, Summary } from '../results/results-document.js';
import { METRIC_NAMES } from '../scenario/types.js';
import { compareToBaseline } from './compare-to-baseline.js';
import { updateBaseline } from './update-baseline.js';

const MiB = 1024 * 1024;
const env = { node: 'v20.19.0', platform: 'linux x64', cpus: 2, totalMemBytes: 8 * 1024 * MiB, services: {} };

function baselineOf(summaries: Summary[]) {
  const doc: ResultsDocument = { schemaVersion: 1, startedAt: '2026-01-01T00:00:00Z', environment: env, runs: [], summaries, verdicts: [] };
  return updateBaseline(undefined, doc, { suite: 'ci', now: new Date('2026-01-01T00:00:00Z') });
}

/** This run: heap median `m` with min/max spread `spread` around it. */
function run(m: number, spread: number): Summary {
  return summary({ median: { heapDeltaBytes: m }, min: { heapDeltaBytes: m - spread / 2 }, max: { heapDeltaBytes: m + spread / 2 } });
}

const baseline = baselineOf([summary({ median: { heapDeltaBytes: 20 * MiB } })]);
const heapVerdict = (s: Summary) =>
  compareToBaseline([s], baseline, { source: 'reports/baselines/ci.json' }).verdicts.find((v) => v.metric === 'heapDeltaBytes')!;

describe('compareToBaseline', () => {
  test('within tolerance passes', () => {
    const v = heapVerdict(run(21.5 * MiB, 0));
    expect(v.pass).toBe(true);
    expect(v).toMatchObject({ kind: 'baseline', comparator: '<=', limit: 22 * MiB });
  });

  test("beyond tolerance but within the run's own spread passes", () => {
    // +15 % over a 10 % tolerance, but the repeats themselves spread over 4 MB.
    const v = heapVerdict(run(23 * MiB, 4 * MiB));
    expect(v.pass).toBe(true);
    expect(v.limit).toBe(24 * MiB);
  });

  test('beyond tolerance and beyond spread fails, naming baseline, tolerance and spread', () => {
    const v = heapVerdict(run(23 * MiB, 1 * MiB));
    expect(v.pass).toBe(false);
    expect(v).toMatchObject({
      scenario: 'suggestions',
      variant: 'after',
      records: 1000,
      metric: 'heapDeltaBytes',
      actual: 23 * MiB,
      limit: 22 * MiB,
    });
    expect(v.source).toBe(
      'reports/baselines/ci.json: regressed (+15.0%); baseline 20.0 MB, tolerance 10%, spread 1.00 MB, noise floor 1.00 MB',
    );
  });

  test('a near-zero baseline needs more than the noise floor to regress', () => {
    const b = baselineOf([summary({ median: { retainedHeapBytes: 1024 } })]);
    const rows = (retained: number) =>
      compareToBaseline([summary({ median: { retainedHeapBytes: retained } })], b).rows.find((r) => r.metric === 'retainedHeapBytes')!;
    expect(rows(100 * 1024).change).toBe('unchanged');
    expect(rows(2 * MiB).change).toBe('regressed');
  });

  test('improvements pass and are listed as improved', () => {
    const result = compareToBaseline([run(12 * MiB, 0.5 * MiB)], baseline);
    const row = result.rows.find((r) => r.metric === 'heapDeltaBytes')!;
    expect(row).toMatchObject({ change: 'improved', baseline: 20 * MiB, current: 12 * MiB });
    expect(row.relativeChange).toBeCloseTo(-0.4);
    const v = result.verdicts.find((x) => x.metric === 'heapDeltaBytes')!;
    expect(v.pass).toBe(true);
    expect(v.source).toMatch(/improved \(-40\.0%\)/);
  });

  test('a summary without a baseline entry gets no verdict and is listed as new', () => {
    const result = compareToBaseline([summary({ records: 5000 })], baseline);
    expect(result.verdicts).toEqual([]);
    expect(result.newEntries).toEqual([{ scenario: 'suggestions', variant: 'after', records: 5000 }]);
    expect(compareToBaseline([summary({})], undefined).newEntries).toHaveLength(1);
  });

  test('every metric is compared with its own tolerance; overrides win', () => {
    const result = compareToBaseline([summary({ median: { durationMs: 140 } })], baseline);
    expect(result.verdicts.map((v) => v.metric)).toEqual(METRIC_NAMES);
    expect(result.verdicts.find((v) => v.metric === 'durationMs')!.pass).toBe(true); // +40 % < 50 %
    const strict = compareToBaseline([summary({ median: { durationMs: 140 } })], baseline, { tolerances: { durationMs: 0.2 } });
    expect(strict.verdicts.find((v) => v.metric === 'durationMs')!.pass).toBe(false);
  });

  test('summaries without ok repeats are skipped', () => {
    expect(compareToBaseline([summary({ repeats: 0, failedRepeats: 3 })], baseline).verdicts).toEqual([]);
  });

  test('notes a baseline recorded on another node major', () => {
    const result = compareToBaseline([summary({})], baseline, {}, { node: 'v22.1.0', platform: 'linux x64' });
    expect(result.environmentNote).toMatch(/v20\.19\.0.*v22\.1\.0/);
  });

  test('a negative baseline (live heap of a near-empty variant) is not a hair trigger, and changes keep their sign', () => {
    const KiB = 1024;
    const live = (m: number) =>
      summary({ median: { liveHeapDeltaBytes: m }, min: { liveHeapDeltaBytes: m }, max: { liveHeapDeltaBytes: m } });
    const negative = baselineOf([live(-186 * KiB)]);
    const liveOf = (m: number) => compareToBaseline([live(m)], negative, { source: 'b.json' });
    // The reviewer's case: -186 KB in the baseline, +143 KB now, one repeat (no spread): noise.
    const noise = liveOf(143 * KiB);
    expect(noise.verdicts.find((v) => v.metric === 'liveHeapDeltaBytes')!).toMatchObject({ pass: true, limit: -186 * KiB + 512 * KiB });
    // A real regression still fails, and reads as an increase.
    const grown = liveOf(2 * MiB);
    const v = grown.verdicts.find((x) => x.metric === 'liveHeapDeltaBytes')!;
    expect(v.pass).toBe(false);
    expect(grown.rows.find((r) => r.metric === 'liveHeapDeltaBytes')!.relativeChange).toBeGreaterThan(0);
    expect(v.source).toMatch(/regressed \(\+\d/);
    expect(Number.isInteger(v.limit)).toBe(true);
  });
  test('a metric the baseline entry lacks is new, not an error; the others are still compared', async () => {
    const { parseBaseline } = await import('./load-baseline.js');
    const json = JSON.parse(JSON.stringify(baselineOf([summary({ median: { heapDeltaBytes: 20 * MiB } })])));
    for (const stat of ['median', 'min', 'max']) {
      delete json.entries['suggestions/after/1000'][stat].oldGenPeakDeltaBytes;
      delete json.entries['suggestions/after/1000'][stat].youngGenPeakBytes;
    }
    const older = parseBaseline(json, 'ci.json');
    const result = compareToBaseline([summary({ median: { heapDeltaBytes: 30 * MiB, oldGenPeakDeltaBytes: 900 * MiB } })], older);
    expect(result.verdicts.map((v) => v.metric)).not.toContain('oldGenPeakDeltaBytes');
    expect(result.verdicts.find((v) => v.metric === 'heapDeltaBytes')!.pass).toBe(false);
    expect(result.newMetrics.map((n) => [n.metric, n.reason])).toEqual([
      ['oldGenPeakDeltaBytes', 'not in the baseline entry'],
      ['youngGenPeakBytes', 'not in the baseline entry'],
    ]);
  });

  test('live heap measured by another method than the baseline is new, not a regression', () => {
    const observed = baselineOf([summary({ median: { liveHeapDeltaBytes: 20 * MiB } })]);
    const exact = summary({ median: { liveHeapDeltaBytes: 80 * MiB }, liveHeapMethod: 'exact' });
    const result = compareToBaseline([exact], observed);
    expect(result.verdicts.map((v) => v.metric)).not.toContain('liveHeapDeltaBytes');
    expect(result.newMetrics).toEqual([
      {
        scenario: 'suggestions',
        variant: 'after',
        records: 1000,
        metric: 'liveHeapDeltaBytes',
        reason: "baseline live heap is observed, this run's exact",
      },
    ]);
    // Once the baseline is exact too, the figures are compared again.
    const doc = { schemaVersion: 1 as const, startedAt: 'x', environment: env, runs: [], summaries: [exact], verdicts: [] };
    const updated = updateBaseline(observed, doc, { suite: 'ci' });
    expect(updated.entries['suggestions/after/1000']!.liveHeapMethod).toBe('exact');
    const again = compareToBaseline([summary({ median: { liveHeapDeltaBytes: 100 * MiB }, liveHeapMethod: 'exact' })], updated);
    expect(again.verdicts.find((v) => v.metric === 'liveHeapDeltaBytes')!.pass).toBe(false);
    expect(again.newMetrics).toEqual([]);
  });
});

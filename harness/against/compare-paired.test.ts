import { describe, expect, it } from 'vitest';
import type { Metrics, RunResult } from '../results/results-document.js';
import { METRIC_NAMES } from '../scenario/types.js';
import { comparePaired, suspectedVariants } from './compare-paired.js';

const MB = 1024 * 1024;
const base: Metrics = Object.fromEntries(METRIC_NAMES.map((m) => [m, m === 'durationMs' ? 200 : 40 * MB])) as Metrics;

function runs(variant: string, values: readonly Partial<Metrics>[]): RunResult[] {
  return values.map((v, i) => ({
    scenario: 's',
    variant,
    records: 1000,
    repeat: i + 1,
    status: 'ok',
    metrics: { ...base, ...v },
    counters: {},
  }));
}

const jitter = (m: keyof Metrics, values: readonly number[]) => values.map((v) => ({ [m]: v }));

describe('comparePaired', () => {
  it('fails a doubled allocation, naming the variant and the metric', () => {
    const head = runs('a', jitter('heapDeltaBytes', [80 * MB, 81 * MB, 79 * MB]));
    const baseRuns = runs('a', jitter('heapDeltaBytes', [40 * MB, 41 * MB, 39.5 * MB]));
    const c = comparePaired(head, baseRuns, { source: 'HEAD (abc1234)' });
    const failed = c.verdicts.filter((v) => !v.pass);
    expect(failed.map((v) => [v.variant, v.metric])).toEqual([['a', 'heapDeltaBytes']]);
    expect(failed[0]!.source).toMatch(/^against HEAD \(abc1234\): regressed \+\d+/);
    const row = c.rows.find((r) => r.metric === 'heapDeltaBytes')!;
    expect(row.change).toBe('regressed');
    expect(row.pValue).toBeLessThan(0.001);
    expect(row.relativeChange).toBeCloseTo(1, 1);
  });

  it('fails a doubled duration among noisy repeats, and passes noise of the same size as unchanged', () => {
    const doubled = comparePaired(
      runs('a', jitter('durationMs', [410, 520, 380, 450, 470])),
      runs('a', jitter('durationMs', [210, 260, 190, 240, 205])),
      { source: 'x' },
    );
    expect(doubled.rows.find((r) => r.metric === 'durationMs')!.change).toBe('regressed');
    // Same spread, no shift: a single slow repeat is not a regression.
    const noisy = comparePaired(
      runs('a', jitter('durationMs', [210, 420, 190, 240, 205])),
      runs('a', jitter('durationMs', [230, 200, 260, 190, 215])),
      { source: 'x' },
    );
    expect(noisy.rows.find((r) => r.metric === 'durationMs')!.change).toBe('unchanged');
    expect(noisy.verdicts.every((v) => v.pass)).toBe(true);
  });

  it('calls a change inside the noise floor unchanged (−19.5 KB → 108 KB retained is not +655 %)', () => {
    const KB = 1024;
    const c = comparePaired(
      runs('a', jitter('retainedHeapBytes', [108 * KB, 107 * KB, 109 * KB])),
      runs('a', jitter('retainedHeapBytes', [-19.5 * KB, -19 * KB, -20 * KB])),
      { source: 'x' },
    );
    const row = c.rows.find((r) => r.metric === 'retainedHeapBytes')!;
    expect(row.change).toBe('unchanged');
    expect(row.allowance).toBe(512 * KB);
  });

  it('reports an improvement as improved, passing', () => {
    const c = comparePaired(
      runs('a', jitter('heapDeltaBytes', [20 * MB, 20.5 * MB, 19.5 * MB])),
      runs('a', jitter('heapDeltaBytes', [40 * MB, 41 * MB, 39.5 * MB])),
      { source: 'x' },
    );
    const row = c.rows.find((r) => r.metric === 'heapDeltaBytes')!;
    expect(row.change).toBe('improved');
    expect(c.verdicts.every((v) => v.pass)).toBe(true);
  });

  it('lists what it cannot compare instead of judging it', () => {
    const c = comparePaired([...runs('a', [{}, {}]), ...runs('only-head', [{}, {}])], [...runs('a', [{}])], { source: 'x' });
    expect(c.verdicts).toEqual([]);
    expect(c.notCompared.map((n) => [n.variant, n.reason])).toEqual([
      ['a', 'needs at least 2 ok repeats on each side, got head 2, base 1'],
      ['only-head', 'the base revision did not run it'],
    ]);
  });

  describe('confirmation on fresh repeats', () => {
    // The planned repeats of a false regression: +24 %, p < 0.05 (the shape of the one seen beside two burners).
    const suspectHead = runs('a', jitter('cpuMs', [128, 135, 127]));
    const suspectBase = runs('a', jitter('cpuMs', [100, 112, 103]));

    it('names the suspected variant before confirmation', () => {
      expect(
        comparePaired(suspectHead, suspectBase, { source: 'x' })
          .verdicts.filter((v) => !v.pass)
          .map((v) => v.metric),
      ).toEqual(['cpuMs']);
      expect(suspectedVariants([...suspectHead, ...runs('b', [{}, {}, {}])], [...suspectBase, ...runs('b', [{}, {}, {}])])).toEqual(['a']);
    });

    it('clears a suspect the fresh repeats do not show, and says so', () => {
      const c = comparePaired(suspectHead, suspectBase, {
        source: 'x',
        confirmation: { head: runs('a', jitter('cpuMs', [104, 110, 99])), base: runs('a', jitter('cpuMs', [101, 108, 106])) },
      });
      expect(c.verdicts.every((v) => v.pass)).toBe(true);
      const row = c.rows.find((r) => r.metric === 'cpuMs')!;
      expect(row.change).toBe('unchanged');
      expect(row.confirmation).toMatchObject({ confirmed: false, headRepeats: 3, baseRepeats: 3 });
      expect(row.pValue).toBeLessThan(0.05);
      expect(c.verdicts.find((v) => v.metric === 'cpuMs')!.source).toMatch(
        /regressed \+\d+.* not confirmed on 3 fresh repeats .*: unchanged/,
      );
    });

    it('fails a regression the fresh repeats show again, judged on them alone', () => {
      const c = comparePaired(suspectHead, suspectBase, {
        source: 'x',
        confirmation: { head: runs('a', jitter('cpuMs', [131, 126, 138])), base: runs('a', jitter('cpuMs', [102, 99, 105])) },
      });
      const failed = c.verdicts.filter((v) => !v.pass);
      expect(failed.map((v) => v.metric)).toEqual(['cpuMs']);
      expect(failed[0]!.source).toMatch(/, confirmed on 3 fresh repeats \(\+\d+/);
      expect(c.rows.find((r) => r.metric === 'cpuMs')!.confirmation!.confirmed).toBe(true);
    });

    it('fails a suspect as found when no fresh repeats of it exist, and leaves unsuspected metrics alone', () => {
      const other = { head: runs('other', jitter('cpuMs', [300, 300, 300])), base: runs('other', jitter('cpuMs', [100, 100, 100])) };
      const c = comparePaired(suspectHead, suspectBase, { source: 'x', confirmation: other });
      expect(c.verdicts.filter((v) => !v.pass).map((v) => v.metric)).toEqual(['cpuMs']);
      expect(c.rows.every((r) => r.confirmation === undefined)).toBe(true);
    });
  });
});

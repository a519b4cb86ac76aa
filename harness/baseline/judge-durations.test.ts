/**
 * Time against a committed baseline is judged on CPU time; wall time is a warning unless
 * `strictDurations` (issue 14: a busy machine failed four duration checks while every heap
 * check held).
 */
import { describe, expect, test } from 'vitest';
import { gateOutcome, isGatingFailure, isWarning } from '../budgets/gate-outcome.js';
import { summary } from '../budgets/test-fixtures/summary.js';
import type { ResultsDocument, Summary } from '../results/results-document.js';
import { renderJunitXml } from '../reporters/junit.js';
import { renderMarkdownSummary } from '../reporters/markdown.js';
import { renderHtmlReport } from '../reporters/html/render-html-report.js';
import { compareToBaseline } from './compare-to-baseline.js';
import { updateBaseline } from './update-baseline.js';

const env = { node: 'v20.19.0', platform: 'linux x64', cpus: 2, totalMemBytes: 8 * 1024 ** 3, services: {} };

function doc(summaries: Summary[], verdicts: ResultsDocument['verdicts'] = []): ResultsDocument {
  return { schemaVersion: 1, startedAt: '2026-01-01T00:00:00Z', environment: env, runs: [], summaries, verdicts };
}

// Baseline: 1000 ms wall, 900 ms CPU. Tolerances: 50 % wall, 30 % CPU.
const baseline = updateBaseline(undefined, doc([summary({ median: { durationMs: 1000, cpuMs: 900 } })]), {
  suite: 'ci',
  now: new Date('2026-01-01T00:00:00Z'),
});

/** A busy machine: wall time doubled, CPU time as before. */
const busy = summary({ median: { durationMs: 2000, cpuMs: 920 } });
/** Slower code: both doubled. */
const slower = summary({ median: { durationMs: 2000, cpuMs: 1800 } });

const verdictOf = (s: Summary, metric: string, strictDurations = false) =>
  compareToBaseline([s], baseline, { strictDurations }).verdicts.find((v) => v.metric === metric)!;

describe('judging time against the baseline', () => {
  test('a wall-time regression with CPU time unchanged is a warning: the gate passes', () => {
    const { verdicts } = compareToBaseline([busy], baseline);
    const wall = verdicts.find((v) => v.metric === 'durationMs')!;
    const cpu = verdicts.find((v) => v.metric === 'cpuMs')!;
    expect(wall).toMatchObject({ pass: false, advisory: true });
    expect(wall.source).toMatch(/wall time, a warning/);
    expect(cpu.pass).toBe(true);
    expect(isWarning(wall)).toBe(true);
    expect(isGatingFailure(wall)).toBe(false);
    const outcome = gateOutcome(verdicts);
    expect(outcome.pass).toBe(true);
    expect(outcome.warnings).toEqual([wall]);
    expect(outcome.notGated).toEqual([]);
  });

  test('--strict-durations makes the wall-time regression fail the gate', () => {
    const wall = verdictOf(busy, 'durationMs', true);
    expect(wall.pass).toBe(false);
    expect(wall.advisory).toBeUndefined();
    expect(gateOutcome([wall]).pass).toBe(false);
  });

  test('a CPU-time regression fails the gate, strict or not', () => {
    for (const strict of [false, true]) {
      const cpu = verdictOf(slower, 'cpuMs', strict);
      expect(cpu).toMatchObject({ pass: false, limit: 1170 });
      expect(cpu.advisory).toBeUndefined();
      expect(gateOutcome([cpu]).failures).toEqual([cpu]);
    }
  });

  test('heap verdicts are checks, never advisory', () => {
    const { verdicts } = compareToBaseline(
      [summary({ median: { heapDeltaBytes: 100 * 1024 ** 2, durationMs: 1000, cpuMs: 900 } })],
      baseline,
    );
    const heap = verdicts.find((v) => v.metric === 'heapDeltaBytes')!;
    expect(heap.pass).toBe(false);
    expect(heap.advisory).toBeUndefined();
    expect(gateOutcome(verdicts).pass).toBe(false);
  });

  test('a baseline without cpuMs, or a run that did not measure it, compares it as new', () => {
    const old = {
      ...baseline,
      entries: Object.fromEntries(
        Object.entries(baseline.entries).map(([key, entry]) => {
          const { cpuMs: _dropped, ...median } = entry.median;
          return [key, { ...entry, median }];
        }),
      ),
    };
    const fromOld = compareToBaseline([slower], old);
    expect(fromOld.verdicts.some((v) => v.metric === 'cpuMs')).toBe(false);
    expect(fromOld.newMetrics).toContainEqual(expect.objectContaining({ metric: 'cpuMs', reason: 'not in the baseline entry' }));
    const unmeasured = compareToBaseline([summary({ median: { durationMs: 1000, cpuMs: Number.NaN } })], baseline);
    expect(unmeasured.verdicts.some((v) => v.metric === 'cpuMs')).toBe(false);
    expect(unmeasured.newMetrics).toContainEqual(expect.objectContaining({ metric: 'cpuMs', reason: 'not measured in this run' }));
  });

  test('reports show the warning as a warning, not as a failure', () => {
    const comparison = compareToBaseline([busy], baseline);
    const d = doc([busy], [...comparison.verdicts]);
    const md = renderMarkdownSummary(d, { baseline: comparison });
    expect(md).toMatch(/^## heapgate: ✅ pass \(\d+ verdicts, 1 warning\)/);
    expect(md).toContain('### Warnings: wall time against the baseline');
    expect(md).not.toContain('### Failing verdicts');
    const html = renderHtmlReport(d);
    expect(html).toContain('<span class="badge pass">pass</span>');
    expect(html).toContain('1 wall-time warning');
    expect(html).toContain('<span class="badge warn">warning</span>');
    const junit = renderJunitXml(d);
    expect(junit).toContain('failures="0"');
    expect(junit).toMatch(/<skipped message="wall time regressed \(a warning, not gated/);
  });
});

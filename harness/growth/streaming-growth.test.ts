/**
 * `growth: 'constant'` passes correct streaming code without V8 flags: the budget judges the
 * exact live heap, which follows what the code keeps, while peak heap grows with how much it
 * allocates (V8's semi-space sizing). Through the real CLI and real children.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ResultsDocument } from '../results/results-document.js';
import { FIXTURE_SCENARIOS, runCli } from '../testing/run-cli.js';
import { DEFAULT_GROWTH_OPTIONS, fitSeries } from './fit-growth.js';

const out = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-streaming-growth-'));
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

describe('growth budgets on streaming code', () => {
  it('a stream reduce over 1,000 / 10,000 / 100,000 records passes growth constant on its exact live heap', async () => {
    const res = await runCli([
      'run',
      'fixture-stream-reduce',
      '--scenarios',
      FIXTURE_SCENARIOS,
      '--records',
      '1000,10000,100000',
      '--json',
      '--out',
      out,
    ]);
    expect(res.code, res.stderr).toBe(0);
    const doc = JSON.parse(res.stdout) as ResultsDocument;
    const growth = doc.verdicts.filter((v) => v.metric.startsWith('growth.'));
    expect(growth.map((v) => [v.variant, v.metric, v.pass])).toEqual([
      ['generator', 'growth.liveHeapDeltaBytes', true],
      ['paged', 'growth.liveHeapDeltaBytes', true],
    ]);
    for (const v of growth) expect(v.source).toMatch(/\(liveHeapDeltaBytes, exact: constant/);
    expect(doc.summaries.every((s) => s.liveHeapMethod === 'exact')).toBe(true);
    // The fixture does reproduce the problem: judged on peak heap, the same sweep is not constant.
    const peaks = doc.summaries
      .filter((s) => s.variant === 'generator')
      .map((s) => ({ records: s.records, value: s.median.heapDeltaBytes }));
    expect(fitSeries(peaks, DEFAULT_GROWTH_OPTIONS.absoluteFloor.heapDeltaBytes).growthClass).not.toBe('constant');
  });
});

/**
 * `cpuMs` is the CPU time of the measured phase, not another wall clock: a run that waits
 * spends almost none, a run that computes spends some, through the real CLI and child.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ResultsDocument } from '../results/results-document.js';
import { REPO_ROOT, runCli } from '../testing/run-cli.js';

const SCENARIOS = path.join(REPO_ROOT, 'harness/testing/fixtures/cpu-time-scenarios.mjs');
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-cpu-time-'));
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

async function measure(scenario: string): Promise<ResultsDocument> {
  const res = await runCli([
    'run',
    scenario,
    '--scenarios',
    SCENARIOS,
    '--live-heap',
    'observed',
    '--json',
    '--out',
    path.join(out, scenario),
  ]);
  expect(res.code, res.stderr).toBe(0);
  return JSON.parse(res.stdout) as ResultsDocument;
}

describe('cpuMs', () => {
  it('a run that waits 300 ms on a timer spends a small part of it on a CPU', async () => {
    const doc = await measure('fixture-cpu-sleep');
    const m = doc.runs[0]!.metrics!;
    expect(m.durationMs).toBeGreaterThanOrEqual(290);
    // The timeline sampler and GC profiler run meanwhile: a few ms, not the wait.
    expect(m.cpuMs).toBeGreaterThanOrEqual(0);
    expect(m.cpuMs).toBeLessThan(m.durationMs / 3);
    expect(doc.summaries[0]!.median.cpuMs).toBe(m.cpuMs);
  });

  it('a run that computes spends CPU time, and no more than its threads could in its wall time', async () => {
    const doc = await measure('fixture-cpu-spin');
    const m = doc.runs[0]!.metrics!;
    expect(m.cpuMs).toBeGreaterThan(5);
    // user + system over every thread of the child: at most one core per thread; V8's GC
    // helpers are idle in a loop that allocates nothing, so one core's worth plus a margin.
    expect(m.cpuMs).toBeLessThan(m.durationMs * 1.5 + 5);
  });
});

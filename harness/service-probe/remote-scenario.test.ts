/**
 * A scenario that measures a service elsewhere, through the real CLI: `heapgate gate` runs it
 * in a measured child, the child reports the service's figures (measuredElsewhere), and the
 * gate judges them like any budget — one that holds, one that does not.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ResultsDocument } from '../results/results-document.js';
import { REPO_ROOT, runCli } from '../testing/run-cli.js';

const MiB = 1024 * 1024;
const SCENARIOS = path.join(REPO_ROOT, 'harness/testing/fixtures/probe-scenarios.mjs');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-remote-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('a scenario that measures a service elsewhere', () => {
  it("reports the service's figures as the run's, and the gate judges them", async () => {
    const out = path.join(tmp, 'gate');
    const res = await runCli([
      'gate',
      '--suite',
      'fixture-remote',
      '--scenarios',
      SCENARIOS,
      '--repeat',
      '1',
      '--baseline',
      path.join(tmp, 'none.json'),
      '--out',
      out,
    ]);
    // One budget holds (>= 60 MB peak, < 2 MB retained), one is tighter than the service's peak.
    expect(res.code, res.stderr + res.stdout).toBe(1);
    expect(res.stdout).toMatch(/FAIL fixture-remote-service \/ service \/ 10,000 records: heapDeltaBytes .* >= limit 16\.0 MB/);
    expect(res.stdout).toMatch(/gate fixture-remote: FAIL — 3 budget\/baseline checks, 1 failed, 0 failed runs/);

    const doc = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as ResultsDocument;
    const run = doc.runs[0]!;
    expect(run.status).toBe('ok');
    expect(run.counters).toMatchObject({ requests: 20_000, failedRequests: 0 });
    expect(run.counters.servedBeforeAllocation).toBeGreaterThan(0);
    expect(run.counters.servedBeforeAllocation).toBeLessThan(20_000);
    // The measuring child allocated nothing like 60 MB: these are the service's figures.
    expect(run.metrics!.heapDeltaBytes).toBeGreaterThanOrEqual(60 * MiB);
    expect(Math.abs(run.metrics!.retainedHeapBytes)).toBeLessThan(2 * MiB);
    expect(run.warnings?.[0]).toMatch(
      /^metrics measured in the service at http:\/\/127\.0\.0\.1:\d+ by its heap probe, not in this child$/,
    );
    expect(run.timeline).toMatchObject({ samples: [], gcEvents: [] });
    const verdicts = doc.verdicts.map((v) => [v.metric, v.limit, v.pass]);
    expect(verdicts).toEqual([
      ['heapDeltaBytes', 60 * MiB, true],
      ['retainedHeapBytes', 2 * MiB, true],
      ['heapDeltaBytes', 16 * MiB, false],
    ]);
  });
});

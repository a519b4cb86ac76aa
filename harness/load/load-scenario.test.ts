/**
 * A service under load, measured on the server: through the real CLI and real child processes,
 * the load generator in a process of its own, progress on the console, counters kept when the
 * server dies, and --load k6 refused clearly where there is no k6.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ResultsDocument } from '../results/results-document.js';
import { REPO_ROOT, runCli } from '../testing/run-cli.js';

const LOAD_SCENARIOS = path.join(REPO_ROOT, 'harness/testing/fixtures/load-scenarios.mjs');
const MiB = 1024 * 1024;
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-load-'));
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

describe('load scenarios', () => {
  it('measures the server, not the load generator: 50,000 no-op requests leave its heap flat', async () => {
    const res = await runCli(['run', 'fixture-load-noop', '--scenarios', LOAD_SCENARIOS, '--json', '--out', path.join(out, 'noop')]);
    expect(res.code, res.stderr).toBe(0);
    const doc = JSON.parse(res.stdout) as ResultsDocument;
    const run = doc.runs.find((r) => r.repeat === 1)!;
    expect(run.counters).toMatchObject({ requests: 50_000, ok2xx: 50_000, non2xx: 0, errors: 0 });
    expect(run.counters.generatorPid).not.toBe(run.counters.serverPid);
    const summary = doc.summaries[0]!;
    expect(summary.liveHeapMethod).toBe('exact');
    expect(summary.median.liveHeapDeltaBytes).toBeLessThan(2 * MiB);
    expect(summary.median.oldGenPeakDeltaBytes).toBeLessThan(8 * MiB);
    // Progress of the load on the console (plain lines without a TTY).
    expect(res.stderr).toMatch(/fixture-load-noop noop 50,000 #1: load [\d,]+ \/ 50,000 requests/);
  });

  it('a server that runs out of heap under load is an oom result that keeps the counters gathered until then', async () => {
    const res = await runCli([
      'run',
      'fixture-load-dies',
      '--scenarios',
      LOAD_SCENARIOS,
      '--max-heap',
      '64',
      '--live-heap',
      'observed',
      '--json',
      '--out',
      path.join(out, 'dies'),
    ]);
    expect(res.code).toBe(1);
    const run = (JSON.parse(res.stdout) as ResultsDocument).runs[0]!;
    expect(run.status).toBe('oom');
    expect(run.counters.requests).toBeGreaterThan(0);
    expect(run.counters.ok2xx).toBe(run.counters.requests);
  });

  it('--load k6 without a k6 binary exits 2 saying how to install k6, before starting anything', async () => {
    const res = await runCli(['run', 'fixture-load-noop', '--scenarios', LOAD_SCENARIOS, '--load', 'k6'], {
      PATH: path.dirname(process.execPath),
    });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/--load k6: no k6 binary on PATH; install k6 \(https:\/\/grafana\.com\/docs\/k6/);
    expect(res.stderr).toMatch(/^usage: heapgate run/m);
  });
});

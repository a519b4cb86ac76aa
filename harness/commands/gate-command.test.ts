/** `heapgate gate` end to end: pass, budget failure, malformed budget, baseline round trip. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../testing/run-cli.js';

const FIXTURES = path.join(REPO_ROOT, 'harness/testing/fixtures/gate-scenarios.mjs');
const BAD = path.join(REPO_ROOT, 'harness/testing/fixtures/bad-budget-scenario.mjs');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-gate-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const gate = (suite: string, extra: string[] = []) =>
  runCli([
    'gate',
    '--suite',
    suite,
    '--scenarios',
    FIXTURES,
    '--repeat',
    '2',
    '--baseline',
    path.join(tmp, `${suite}.json`),
    '--out',
    path.join(tmp, suite),
    ...extra,
  ]);

describe('heapgate gate', () => {
  it('passes within budgets and writes the CI outputs', async () => {
    const res = await gate('fixture-pass');
    expect(res.code, res.stderr + res.stdout).toBe(0);
    expect(res.stdout).toMatch(/gate fixture-pass: PASS/);
    for (const f of ['results.json', 'junit.xml', 'summary.md', 'bmf.json', 'index.html']) {
      expect(fs.existsSync(path.join(tmp, 'fixture-pass', f)), f).toBe(true);
    }
    const doc = JSON.parse(fs.readFileSync(path.join(tmp, 'fixture-pass', 'results.json'), 'utf8'));
    // The growth budget ran the sweep for `stream`; the threshold budgets the default count.
    expect(new Set(doc.runs.filter((r: { variant: string }) => r.variant === 'stream').map((r: { records: number }) => r.records))).toEqual(
      new Set([10_000, 100_000]),
    );
    expect(doc.verdicts.some((v: { metric: string }) => v.metric === 'growth.liveHeapDeltaBytes')).toBe(true);
  });

  it('exits 1 naming the metric when a budget is tighter than the measurement, with a heap snapshot', async () => {
    const res = await gate('fixture-tight');
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/FAIL fixture-gate \/ keep \/ 100,000 records: retainedHeapBytes .* >=? limit 1\.00 MB \(budget: /);
    const junit = fs.readFileSync(path.join(tmp, 'fixture-tight', 'junit.xml'), 'utf8');
    expect(junit).toContain('<failure');
    const snapshots = fs.readdirSync(path.join(tmp, 'fixture-tight')).filter((f) => f.endsWith('.heapsnapshot'));
    expect(snapshots).toEqual(['fixture-gate-keep-100000.heapsnapshot']);
  });

  it('leaves a heap profile of the variant whose heap budget fails, linked from the report', async () => {
    const res = await gate('fixture-heap-tight', ['--live-heap', 'observed']);
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/FAIL fixture-gate \/ stream \/ 100,000 records: heapDeltaBytes/);
    const dir = path.join(tmp, 'fixture-heap-tight');
    const files = fs.readdirSync(dir);
    expect(files.filter((f) => f.endsWith('.heapprofile'))).toEqual(['fixture-gate-stream-100000.heapprofile']);
    expect(files.filter((f) => f.endsWith('.heapsnapshot'))).toEqual([]);
    // A sampling heap profile (DevTools' format) with samples from the run's allocations.
    const profile = JSON.parse(fs.readFileSync(path.join(dir, 'fixture-gate-stream-100000.heapprofile'), 'utf8'));
    expect(profile.head.callFrame.functionName).toBe('(root)');
    expect(profile.samples.length).toBeGreaterThan(0);
    const doc = JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8'));
    expect(doc.profiles).toEqual([
      expect.objectContaining({
        scenario: 'fixture-gate',
        variant: 'stream',
        records: 100_000,
        kind: 'heap',
        reason: 'heap budget failed',
      }),
    ]);
    expect(fs.readFileSync(path.join(dir, 'index.html'), 'utf8')).toContain('href="fixture-gate-stream-100000.heapprofile"');
  });

  it('warns, naming the failed checks, when --update-baseline writes a baseline from a failing gate', async () => {
    const res = await gate('fixture-tight', ['--update-baseline', '--live-heap', 'observed']);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain(`baseline written: ${path.join(tmp, 'fixture-tight.json')}`);
    expect(res.stdout).toMatch(
      /WARNING: this baseline was written from a failing gate \(1 failed check\):\n {2}fixture-gate \/ keep \/ 100,000 records: retainedHeapBytes/,
    );
  });

  it('exits 2 for a malformed budget, naming the file and field', async () => {
    const res = await runCli(['gate', '--suite', 'fixture-bad', '--scenarios', BAD, '--out', path.join(tmp, 'bad')]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('bad-budget-scenario.mjs');
    expect(res.stderr).toContain('budgets[0].thresholds.heapDeltaBytes');
    expect(res.stderr).toMatch(/^usage: heapgate gate/m);
  });

  it('writes a baseline with --update-baseline and passes against it', async () => {
    const first = await gate('fixture-pass', ['--update-baseline']);
    expect(first.code, first.stderr).toBe(0);
    const baseline = JSON.parse(fs.readFileSync(path.join(tmp, 'fixture-pass.json'), 'utf8'));
    expect(baseline.suite).toBe('fixture-pass');
    const second = await gate('fixture-pass');
    expect(second.code, second.stdout).toBe(0);
    const doc = JSON.parse(fs.readFileSync(path.join(tmp, 'fixture-pass', 'results.json'), 'utf8'));
    expect(doc.verdicts.filter((v: { kind: string }) => v.kind === 'baseline').length).toBeGreaterThan(0);
  });

  it('with --scenarios gates only those scenarios, not the built-in ones', async () => {
    // The built-in scenarios have `ci` budgets, the fixtures have none: without the filter this
    // would start PostgreSQL and Redis and run the built-in ci suite for minutes.
    const res = await runCli(['gate', '--suite', 'ci', '--scenarios', FIXTURES, '--out', path.join(tmp, 'user-only')]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('suite "ci" has no budgets');
    expect(res.stderr).not.toMatch(/postgres|redis/);
  });

  it('exits 2 for a suite no budget names', async () => {
    const res = await runCli(['gate', '--suite', 'nothing-here', '--scenarios', FIXTURES]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('suite "nothing-here" has no budgets');
  });
});

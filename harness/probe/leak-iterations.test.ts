/**
 * `--iterations` end to end, through the real CLI and real children: a scenario that leaks a
 * known 2 KB per call of `run` reads as 2 KB per iteration and fails a `leakPerIteration`
 * budget; ones that leak nothing (fast, or slow enough for timeline samples and GC entries to
 * pile up) pass; the gate iterates variants with a leak budget by itself.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULTS } from '../config/defaults.js';
import type { ResultsDocument } from '../results/results-document.js';
import { REPO_ROOT, runCli } from '../testing/run-cli.js';

const LEAK = path.join(REPO_ROOT, 'harness/testing/fixtures/leak-scenarios.mjs');
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-iterations-'));
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

const KB = 1024;

function run(variant: string, dir: string, extra: string[] = []) {
  return runCli(['run', 'fixture-leak', '--scenarios', LEAK, '--variant', variant, '--json', '--out', path.join(out, dir), ...extra]);
}

describe('--iterations', () => {
  it('reads a 2 KB-per-call leak as 2 KB per iteration (±20 %) and fails leakPerIteration <1KB', async () => {
    const res = await run('leaks-2kb', 'leak', ['--iterations', '20']);
    expect(res.code, res.stderr).toBe(1);
    const doc = JSON.parse(res.stdout) as ResultsDocument;
    const [run0] = doc.runs;
    expect(run0!.leak).toMatchObject({ iterations: 20, warmupIterations: DEFAULTS.leakWarmupIterations });
    expect(run0!.leak!.retainedBytes).toHaveLength(20);
    // Counters are the last call's: the module-level array holds one string per call.
    expect(run0!.counters.leakedStrings).toBe(20);
    const leak = doc.summaries[0]!.leak!;
    expect(leak.bytesPerIteration).toBeGreaterThanOrEqual(2 * KB * 0.8);
    expect(leak.bytesPerIteration).toBeLessThanOrEqual(2 * KB * 1.2);
    expect(leak.r2).toBeGreaterThan(0.99);
    const verdict = doc.verdicts.find((v) => v.metric === 'leak.bytesPerIteration');
    expect(verdict).toMatchObject({ kind: 'budget', pass: false, limit: KB, comparator: '<', variant: 'leaks-2kb' });
    expect(verdict!.source).toMatch(
      /budgets\[0\]: leakPerIteration <1KB \(2\.\d\d KB\/iteration, standard error .*; iterations 3–20 fitted\)/,
    );
    expect(res.stderr).toMatch(/BUDGET FAILED: .*leak\.bytesPerIteration/);
    expect(res.stderr).toMatch(/leak\/iteration/);
    expect(fs.readFileSync(path.join(out, 'leak', 'index.html'), 'utf8')).toContain('data-chart="leak"');
  });

  it('passes leakPerIteration <1KB for a call that leaks nothing', async () => {
    const res = await run('steady', 'steady', ['--iterations', '20']);
    expect(res.code, res.stderr).toBe(0);
    const doc = JSON.parse(res.stdout) as ResultsDocument;
    expect(Math.abs(doc.summaries[0]!.leak!.bytesPerIteration)).toBeLessThan(KB);
    expect(doc.verdicts.find((v) => v.metric === 'leak.bytesPerIteration')?.pass).toBe(true);
  });

  it('without --iterations, a variant with a leak budget runs DEFAULTS.leakIterations times; --iterations 1 runs it once, unjudged', async () => {
    const auto = JSON.parse((await run('steady', 'auto')).stdout) as ResultsDocument;
    expect(auto.runs[0]!.leak?.iterations).toBe(DEFAULTS.leakIterations);
    const once = await run('steady', 'once', ['--iterations', '1']);
    expect(once.code, once.stderr).toBe(0);
    const doc = JSON.parse(once.stdout) as ResultsDocument;
    expect(doc.runs[0]!.leak).toBeUndefined();
    expect(doc.verdicts.filter((v) => v.metric === 'leak.bytesPerIteration')).toEqual([]);
  });

  it('exits 2 with a usage line for an iteration count too small to fit', async () => {
    const res = await run('steady', 'bad', ['--iterations', '3']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/--iterations must be 1 \(one call\) or a whole number of at least 5/);
    expect(res.stderr).toMatch(/^usage: heapgate run/m);
  });

  it('the gate iterates leak budgets by itself, fails the leak with a heap snapshot, and the report reads it back', async () => {
    const dir = path.join(out, 'gate');
    const res = await runCli([
      'gate',
      '--suite',
      'leak',
      '--scenarios',
      LEAK,
      '--repeat',
      '1',
      '--baseline',
      path.join(out, 'none.json'),
      '--out',
      dir,
    ]);
    expect(res.code, res.stderr).toBe(1);
    const doc = JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8')) as ResultsDocument;
    const verdicts = Object.fromEntries(doc.verdicts.filter((v) => v.kind === 'budget').map((v) => [v.variant, v.pass]));
    // steady-slow: ~200 ms per call, so the probe's timeline and GC records grow while it runs.
    expect(verdicts).toEqual({ 'leaks-2kb': false, steady: true, 'steady-slow': true });
    expect(doc.runs.every((r) => r.leak?.iterations === DEFAULTS.leakIterations)).toBe(true);
    expect(res.stdout).toMatch(/FAIL fixture-leak \/ leaks-2kb \/ 1,000 records: leak\.bytesPerIteration/);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.heapsnapshot'))).toEqual(['fixture-leak-leaks-2kb-1000.heapsnapshot']);
    expect(fs.readFileSync(path.join(dir, 'summary.md'), 'utf8')).toContain('### Leaks over iterations');

    const report = await runCli(['report', path.join(dir, 'results.json'), '--out', path.join(out, 'report')]);
    expect(report.code, report.stderr).toBe(0);
    const html = fs.readFileSync(path.join(out, 'report', 'index.html'), 'utf8');
    expect(html).toContain('data-chart="leak"');
    expect(html).toContain('Leaks over iterations');
  });
});

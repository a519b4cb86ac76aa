/** A child that runs out of heap, throws, or finishes is a recorded result; the plan goes on. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ResultsDocument } from '../results/results-document.js';
import { FIXTURE_SCENARIOS, runCli } from '../testing/run-cli.js';

const out = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-outcomes-'));
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

describe('run outcomes', () => {
  it('reports a run that needs more than --max-heap as oom while the others complete', async () => {
    const res = await runCli([
      'run',
      'fixture-needs-heap',
      'fixture-small',
      '--scenarios',
      FIXTURE_SCENARIOS,
      '--max-heap',
      '64',
      '--json',
      '--out',
      out,
    ]);
    expect(res.code).toBe(1);
    const doc = JSON.parse(res.stdout) as ResultsDocument;
    const byName = Object.fromEntries(doc.runs.map((r) => [r.scenario, r]));
    expect(byName['fixture-needs-heap']!.status).toBe('oom');
    expect(byName['fixture-needs-heap']!.maxHeapMb).toBe(64);
    expect(byName['fixture-needs-heap']!.error!.stderrTail).toMatch(/heap/i);
    expect(byName['fixture-small']!.status).toBe('ok');
    expect(doc.summaries.map((s) => s.scenario)).toEqual(['fixture-small']);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')).schemaVersion).toBe(1);
  });

  it('reports oom even when V8 dies at a tiny heap and its native stack pushes the OOM line out of the tail', async () => {
    // At --max-old-space-size=3 V8 aborts (SIGABRT) after printing the OOM line and then a
    // long native stack; this used to be reported as `crashed`.
    const res = await runCli(['run', 'fixture-needs-heap', '--scenarios', FIXTURE_SCENARIOS, '--max-heap', '3', '--json', '--out', out]);
    expect(res.code).toBe(1);
    const run = (JSON.parse(res.stdout) as ResultsDocument).runs[0]!;
    expect(run.status).toBe('oom');
    expect(run.error!.message).toContain('ran out of heap (--max-old-space-size=3)');
    expect(run.error!.stderrTail!.split('\n')[0]).toMatch(/heap out of memory|Reached heap limit|Fatal JavaScript/i);
  });

  it('drops a counter that is not a number, saying so in the run and on the console', async () => {
    const json = await runCli(['run', 'fixture-bad-counter', '--scenarios', FIXTURE_SCENARIOS, '--json', '--out', out]);
    expect(json.code).toBe(0);
    const run = (JSON.parse(json.stdout) as ResultsDocument).runs[0]!;
    expect(run.counters).toEqual({ good: 1 });
    expect(run.warnings).toEqual(['counter "label" dropped: a string ("not a number") is not a finite number']);
    const text = await runCli(['run', 'fixture-bad-counter', '--scenarios', FIXTURE_SCENARIOS, '--out', out]);
    expect(text.stdout).toContain('WARNING: fixture-bad-counter mixed: counter "label" dropped');
  });

  it('records a variant that throws as failed, with its message', async () => {
    const res = await runCli(['run', 'fixture-throws', 'fixture-small', '--scenarios', FIXTURE_SCENARIOS, '--json', '--out', out]);
    expect(res.code).toBe(1);
    const doc = JSON.parse(res.stdout) as ResultsDocument;
    const failed = doc.runs.find((r) => r.scenario === 'fixture-throws')!;
    expect(failed.status).toBe('failed');
    expect(failed.metrics).toBeNull();
    expect(failed.error!.message).toContain('deliberate failure');
    expect(doc.runs.find((r) => r.scenario === 'fixture-small')!.status).toBe('ok');
  });

  it('exits 1 for a failed run even when embedded PostgreSQL ran (its exit hook must not win)', async () => {
    const res = await runCli(['run', 'fixture-throws-pg', '--scenarios', FIXTURE_SCENARIOS, '--out', out], {
      PG_URL: '',
      HEAPGATE_SERVICES: 'local',
    });
    expect(res.stdout).toContain('deliberate failure with services');
    expect(res.code).toBe(1);
  });

  it('summarises repeats with median, min and max', async () => {
    const res = await runCli([
      'run',
      'fixture-keep-alive',
      '--scenarios',
      FIXTURE_SCENARIOS,
      '--records',
      '50000',
      '--repeat',
      '3',
      '--json',
      '--out',
      out,
    ]);
    expect(res.code).toBe(0);
    const doc = JSON.parse(res.stdout) as ResultsDocument;
    expect(doc.runs.map((r) => r.repeat)).toEqual([1, 2, 3]);
    const s = doc.summaries[0]!;
    expect(s.repeats).toBe(3);
    const values = doc.runs.map((r) => r.metrics!.retainedHeapBytes).sort((a, b) => a - b);
    expect(s.median.retainedHeapBytes).toBe(values[1]);
    expect(s.min.retainedHeapBytes).toBe(values[0]);
    expect(s.max.retainedHeapBytes).toBe(values[2]);
    expect(s.counters.items).toBe(50000);
  });
});

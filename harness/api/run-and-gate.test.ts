/**
 * The programmatic `run` and `gate` of the `heapgate` entry, as a user imports them: from the
 * built package (its measured children start from `dist/`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../testing/run-cli.js';

const FIXTURES = path.join(REPO_ROOT, 'harness/testing/fixtures/gate-scenarios.mjs');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-api-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const heapgate = async (): Promise<typeof import('../../index.js')> => import(path.join(REPO_ROOT, 'dist/index.js'));

describe('run() and gate()', () => {
  it('run() measures and returns the results document it wrote', async () => {
    const { run } = await heapgate();
    const out = path.join(tmp, 'run');
    const lines: string[] = [];
    const doc = await run({
      names: ['fixture-gate'],
      scenarios: [FIXTURES],
      variant: ['keep'],
      records: 10_000,
      liveHeap: 'observed',
      out,
      onLog: (l) => lines.push(l),
    });
    expect(doc.runs.map((r) => [r.variant, r.records, r.status])).toEqual([['keep', 10_000, 'ok']]);
    expect(doc.runs[0]!.metrics!.retainedHeapBytes).toBeGreaterThan(0);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(doc)));
    expect(lines.some((l) => l.startsWith('results: '))).toBe(true);
  });

  it('gate() returns failing budgets as verdicts, not as a throw', async () => {
    const { gate } = await heapgate();
    const doc = await gate({
      scenarios: [FIXTURES],
      suite: 'fixture-tight',
      repeat: 1,
      liveHeap: 'observed',
      compareBaseline: false,
      out: path.join(tmp, 'gate'),
    });
    const failing = doc.verdicts.filter((v) => !v.pass);
    expect(failing.map((v) => [v.variant, v.metric])).toEqual([['keep', 'retainedHeapBytes']]);
    expect(doc.verdicts.some((v) => v.kind === 'baseline')).toBe(false);
  });

  it('refuses an option the command does not take, naming it', async () => {
    const { run, UsageError } = await heapgate();
    await expect(run({ names: ['fixture-gate'], suite: 'ci' } as never)).rejects.toThrow(UsageError);
    await expect(run({ names: ['fixture-gate'], suite: 'ci' } as never)).rejects.toThrow(/unknown option "suite" for run\(\)/);
  });
});

/**
 * Does heapgate measure what it claims? Checked against an independent measurement and against
 * allocations whose size is known, through the real CLI and real child processes.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ResultsDocument } from '../results/results-document.js';
import { FIXTURE_SCENARIOS, runCli } from '../testing/run-cli.js';

const MiB = 1024 * 1024;
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-fidelity-'));
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

async function measure(scenario: string, records: number): Promise<ResultsDocument> {
  const res = await runCli([
    'run',
    scenario,
    '--scenarios',
    FIXTURE_SCENARIOS,
    '--records',
    String(records),
    '--json',
    '--out',
    path.join(out, scenario),
  ]);
  expect(res.code, res.stderr).toBe(0);
  return JSON.parse(res.stdout) as ResultsDocument;
}

/** Heap cost of the same structure, measured without heapgate: used heap after GC, before and after. */
function independentBytes(records: number): number {
  const script = `
    const { buildKnownStructure } = await import(${JSON.stringify(FIXTURE_SCENARIOS)});
    const v8 = await import('node:v8');
    const used = () => v8.getHeapStatistics().used_heap_size;
    gc(); gc();
    const before = used();
    const kept = buildKnownStructure(${records});
    gc(); gc();
    const after = used();
    process.stdout.write(String(after - before + kept.length * 0));
  `;
  return Number(execFileSync(process.execPath, ['--expose-gc', '--no-flush-bytecode', '--input-type=module', '-e', script]).toString());
}

describe('measurement fidelity', () => {
  it('reports liveHeapDeltaBytes within 5% of an independent measurement of a retained structure', async () => {
    const records = 300_000;
    const doc = await measure('fixture-keep-alive', records);
    const live = doc.runs[0]!.metrics!.liveHeapDeltaBytes;
    const independent = independentBytes(records);
    expect(independent).toBeGreaterThan(10 * MiB);
    expect(Math.abs(live - independent) / independent).toBeLessThanOrEqual(0.05);
  });

  it('catches a ~60 MB peak that is allocated and dropped synchronously', async () => {
    const doc = await measure('fixture-drop-60mb', 1);
    const m = doc.runs[0]!.metrics!;
    expect(m.heapDeltaBytes).toBeGreaterThanOrEqual(55 * MiB);
    // Dropped before the closing GC: nothing of it is retained.
    expect(m.retainedHeapBytes).toBeLessThan(1 * MiB);
  });

  it('records a timeline with samples and GC events for the charts', async () => {
    const doc = await measure('fixture-drop-60mb', 1);
    const t = doc.runs[0]!.timeline!;
    expect(t.baselineHeapBytes).toBeGreaterThan(0);
    expect(t.samples.length).toBeGreaterThan(0);
    expect(t.gcEvents.length).toBeGreaterThan(0);
    expect(t.gcEvents.some((e) => e.beforeBytes !== undefined)).toBe(true);
  });
});

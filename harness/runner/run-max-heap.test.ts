/**
 * A scenario or variant `maxHeapMb` caps the measured child (the child's own V8 limit says so),
 * and `--max-heap` overrides both. Runs the real CLI against a fixture scenario.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ResultsDocument } from '../results/results-document.js';
import { defineScenario } from '../scenario/define-scenario.js';
import { REPO_ROOT, runCli } from '../testing/run-cli.js';
import { resolveMaxHeapMb } from './run-max-heap.js';

const SCENARIOS = path.join(REPO_ROOT, 'harness/testing/fixtures/max-heap-scenarios.mjs');
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-max-heap-'));
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

/** [variant, recorded maxHeapMb, the child's own heap limit in MB (V8 adds a little to the old space)]. */
function caps(stdout: string): [string, number | undefined, number][] {
  const doc = JSON.parse(stdout) as ResultsDocument;
  return doc.runs.map((r) => [r.variant, r.maxHeapMb, Math.round(r.counters.heapLimitMb! / 16) * 16]);
}

describe('maxHeapMb', () => {
  it('caps the child with the variant, else the scenario value, and --max-heap over both', async () => {
    const declared = await runCli(['run', 'fixture-max-heap', '--scenarios', SCENARIOS, '--json', '--out', out]);
    expect(declared.code, declared.stderr).toBe(0);
    const [own, inherited] = caps(declared.stdout);
    expect(own!.slice(0, 2)).toEqual(['own', 160]);
    expect(inherited!.slice(0, 2)).toEqual(['inherited', 96]);
    // The child really ran under it: a larger cap gives a larger V8 limit.
    expect(own![2]).toBeGreaterThan(inherited![2]);

    const overridden = await runCli(['run', 'fixture-max-heap', '--scenarios', SCENARIOS, '--max-heap', '128', '--json', '--out', out]);
    expect(overridden.code, overridden.stderr).toBe(0);
    const both = caps(overridden.stdout);
    expect(both.map((c) => c[1])).toEqual([128, 128]);
    expect(both[0]![2]).toBe(both[1]![2]);
  });

  it('resolves job, variant, scenario, then none', () => {
    const def = (scenarioMb?: number, variantMb?: number) =>
      defineScenario({
        name: 'orders',
        summary: 's',
        source: 'x',
        defaultRecords: 1,
        ...(scenarioMb !== undefined ? { maxHeapMb: scenarioMb } : {}),
        variants: { a: { summary: 'a', run: () => ({}), ...(variantMb !== undefined ? { maxHeapMb: variantMb } : {}) } },
      });
    expect(resolveMaxHeapMb(def(1, 2), 'a', 3)).toBe(3);
    expect(resolveMaxHeapMb(def(1, 2), 'a', undefined)).toBe(2);
    expect(resolveMaxHeapMb(def(1), 'a', undefined)).toBe(1);
    expect(resolveMaxHeapMb(def(), 'a', undefined)).toBeUndefined();
  });

  it.each([0, 1.5, '256'])('rejects maxHeapMb %s when the scenario is defined', (bad) => {
    const input = {
      name: 'orders',
      summary: 's',
      source: 'x',
      defaultRecords: 1,
      maxHeapMb: bad,
      variants: { a: { summary: 'a', run: () => ({}) } },
    };
    expect(() => defineScenario(input as never)).toThrow(/maxHeapMb/);
    const inVariant = { ...input, maxHeapMb: undefined, variants: { a: { summary: 'a', maxHeapMb: bad, run: () => ({}) } } };
    expect(() => defineScenario(inVariant as never)).toThrow(/variants\.a\.maxHeapMb/);
  });
});

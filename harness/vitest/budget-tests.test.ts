/**
 * `heapgate/vitest` end to end: vitest itself, run as a subprocess on a user-style project
 * (harness/testing/fixtures/vitest-project), reports one test per budget of the suite, and the
 * deliberately failing budget fails exactly its own test.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../testing/run-cli.js';
import { describeBudget } from './budget-tests.js';

const PROJECT = path.join(REPO_ROOT, 'harness/testing/fixtures/vitest-project');
const VITEST = path.join(REPO_ROOT, 'node_modules/vitest/vitest.mjs');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-vitest-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface JsonReport {
  readonly testResults: readonly {
    readonly assertionResults: readonly {
      readonly fullName: string;
      readonly status: string;
      readonly failureMessages: readonly string[];
    }[];
  }[];
}

function runVitest(outputFile: string): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [VITEST, 'run', '--reporter=json', `--outputFile=${outputFile}`], {
      cwd: PROJECT,
      env: { ...process.env, CI: 'true', HEAPGATE_FIXTURE_OUT: path.join(tmp, 'reports') },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr!.resume();
    child.on('close', (code) => resolve(code));
  });
}

describe('heapgate/vitest', () => {
  it('reports one test per budget of the suite; the failing budget fails exactly its test', async () => {
    const report = path.join(tmp, 'report.json');
    const code = await runVitest(report);
    expect(code).toBe(1);
    const results = (JSON.parse(fs.readFileSync(report, 'utf8')) as JsonReport).testResults.flatMap((f) => f.assertionResults);
    expect(results.map((r) => [r.fullName, r.status])).toEqual([
      ['heapgate budgets vitest-retain keep: retainedHeapBytes <100MB', 'passed'],
      ['heapgate budgets vitest-retain keep: retainedHeapBytes <1KB', 'failed'],
      ['heapgate budgets vitest-retain drop: retainedHeapBytes <1MB, heapDeltaBytes <200MB', 'passed'],
    ]);
    // Budget vs actual, and where the budget is written.
    expect(results[1]!.failureMessages[0]).toMatch(
      /vitest-retain \/ keep \/ 20,000 records: retainedHeapBytes [\d.]+ [KM]B >= limit 1\.00 KB \(budget: .*retain\.mjs budgets\[1\]: retainedHeapBytes <1KB\)/,
    );
    // Measured as the gate measures: its results document is written where the test said.
    expect(fs.existsSync(path.join(tmp, 'reports', 'results.json'))).toBe(true);
  });

  it('names a budget by its thresholds, growth class, leak limit and pinned record count', () => {
    expect(describeBudget({ variant: 'v', thresholds: { heapDeltaBytes: ' <8MB' }, records: 1318 })).toBe(
      'heapDeltaBytes <8MB @1,318 records',
    );
    expect(describeBudget({ variant: 'v', growth: { class: 'linear', metric: 'heapDeltaBytes' }, leakPerIteration: '<1KB' })).toBe(
      'growth linear, leakPerIteration <1KB',
    );
  });
});

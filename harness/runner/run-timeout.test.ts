/**
 * A run that never finishes is killed at its timeout, with everything it started, reported as
 * `timeout`, and the plan goes on. Runs the real CLI against fixture scenarios that hang.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULTS } from '../config/defaults.js';
import { defineScenario } from '../scenario/define-scenario.js';
import type { ResultsDocument } from '../results/results-document.js';
import { REPO_ROOT, runCli, startCli } from '../testing/run-cli.js';
import { resolveRunTimeout } from './run-timeout.js';

const TIMEOUT_SCENARIOS = path.join(REPO_ROOT, 'harness/testing/fixtures/timeout-scenarios.mjs');
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-timeout-'));
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

/** Pids the hanging fixture wrote: the measured child and the grandchild it started. */
function pidsIn(file: string): { child: number; grandchild: number }[] {
  return fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { child: number; grandchild: number });
}

/** Running (a zombie is dead: killed, waiting for a reaper that may not be init here). */
function alive(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

/**
 * Polls until nothing in `pids` runs (up to 10 s: on a loaded machine the orphaned child can take
 * seconds to be scheduled and notice its parent is gone); the pids still running when it gives up.
 */
async function stillRunning(pids: number[]): Promise<number[]> {
  const deadline = Date.now() + 10_000;
  let left = pids.filter(alive);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    left = left.filter(alive);
  }
  return left;
}

describe('run timeouts', () => {
  it('kills a run that never resolves at --timeout, with its grandchild, and goes on with the plan', async () => {
    const pidFile = path.join(out, 'pids-timeout.jsonl');
    const res = await runCli(
      ['run', 'fixture-hangs', '--scenarios', TIMEOUT_SCENARIOS, '--timeout', '3s', '--repeat', '2', '--json', '--out', out],
      { HEAPGATE_FIXTURE_PID_FILE: pidFile, HEAPGATE_HEARTBEAT: '1s' },
    );
    expect(res.code, res.stderr).toBe(1);
    const doc = JSON.parse(res.stdout) as ResultsDocument;
    expect(doc.runs.map((r) => [r.variant, r.repeat, r.status])).toEqual([
      ['forever', 1, 'timeout'],
      ['quick', 1, 'ok'],
      ['forever', 2, 'timeout'],
      ['quick', 2, 'ok'],
    ]);
    const [hung, , skipped] = doc.runs;
    expect(hung!.metrics).toBeNull();
    expect(hung!.error).toMatchObject({ timeoutMs: 3000, message: expect.stringContaining('timed out after 3000 ms (--timeout)') });
    expect(hung!.error!.stderrTail).toContain('waiting for a reply that never comes');
    // The second repeat would only wait as long again: recorded, not run.
    expect(skipped!.error).toMatchObject({
      skipped: true,
      timeoutMs: 3000,
      message: expect.stringMatching(/^not run: repeat 1 timed out/),
    });
    expect(doc.summaries.map((s) => [s.variant, s.repeats, s.failedRepeats])).toEqual([['quick', 2, 0]]);
    // A heartbeat appeared while the run hung, on stderr with the progress lines.
    expect(res.stderr).toMatch(/still running: fixture-hangs forever 1 #1 — \d+(\.\d)?s elapsed, timeout 3s/);
    expect(res.stderr).toContain('TIMEOUT: fixture-hangs forever 1 #1: timed out after 3000 ms (--timeout)');
    expect(res.stderr).toContain('TIMEOUT: fixture-hangs forever 1 #2: not run: repeat 1 timed out');
    // Only the first repeat ran: one child, one grandchild, both gone.
    const pids = pidsIn(pidFile);
    expect(pids).toHaveLength(1);
    expect(await stillRunning([pids[0]!.child, pids[0]!.grandchild])).toEqual([]);
  });

  it('takes the variant timeoutMs over the scenario one, and --timeout over both', async () => {
    const scenarioOnly = await runCli(['run', 'fixture-timeouts', '--scenarios', TIMEOUT_SCENARIOS, '--json', '--out', out]);
    expect(scenarioOnly.code).toBe(1);
    const limits = (doc: ResultsDocument) => doc.runs.map((r) => [r.variant, r.status, r.error?.timeoutMs]);
    const declared = JSON.parse(scenarioOnly.stdout) as ResultsDocument;
    expect(limits(declared)).toEqual([
      ['own', 'timeout', 1000],
      ['inherited', 'timeout', 1500],
    ]);
    expect(declared.runs[0]!.error!.message).toContain('(variant timeoutMs)');
    expect(declared.runs[1]!.error!.message).toContain('(scenario timeoutMs)');

    const overridden = await runCli([
      'run',
      'fixture-timeouts',
      '--scenarios',
      TIMEOUT_SCENARIOS,
      '--timeout',
      '1200ms',
      '--json',
      '--out',
      out,
    ]);
    expect(limits(JSON.parse(overridden.stdout) as ResultsDocument)).toEqual([
      ['own', 'timeout', 1200],
      ['inherited', 'timeout', 1200],
    ]);
  });

  it('times out a setup that never resolves', async () => {
    const res = await runCli([
      'run',
      'fixture-hangs-in-setup',
      '--scenarios',
      TIMEOUT_SCENARIOS,
      '--timeout',
      '1s',
      '--json',
      '--out',
      out,
    ]);
    expect(res.code).toBe(1);
    const run = (JSON.parse(res.stdout) as ResultsDocument).runs[0]!;
    expect([run.status, run.error?.timeoutMs]).toEqual(['timeout', 1000]);
  });

  it.each([
    ['SIGINT', 130],
    ['SIGKILL', null],
  ] as const)('leaves no child or grandchild behind when the harness gets %s mid-run', async (signal, code) => {
    const pidFile = path.join(out, `pids-${signal}.jsonl`);
    const { child, done } = startCli(
      ['run', 'fixture-hangs', '--variant', 'forever', '--scenarios', TIMEOUT_SCENARIOS, '--timeout', '2m', '--out', out],
      { HEAPGATE_FIXTURE_PID_FILE: pidFile },
    );
    const deadline = Date.now() + 30_000;
    while (!fs.existsSync(pidFile) || !fs.readFileSync(pidFile, 'utf8').endsWith('\n')) {
      if (Date.now() > deadline) throw new Error('the hanging run never started');
      await new Promise((r) => setTimeout(r, 50));
    }
    const [pids] = pidsIn(pidFile);
    expect([alive(pids!.child), alive(pids!.grandchild)]).toEqual([true, true]);
    // SIGKILL gives the harness no chance to clean up: the child notices its parent is gone.
    child.kill(signal);
    expect((await done).code).toBe(code);
    expect(await stillRunning([pids!.child, pids!.grandchild])).toEqual([]);
  });
});

describe('resolveRunTimeout', () => {
  const scenario = (timeouts: { scenario?: number; variant?: number }) =>
    defineScenario({
      name: 'orders',
      summary: 's',
      source: 'x',
      defaultRecords: 1,
      ...(timeouts.scenario !== undefined ? { timeoutMs: timeouts.scenario } : {}),
      variants: { a: { summary: 'a', run: () => ({}), ...(timeouts.variant !== undefined ? { timeoutMs: timeouts.variant } : {}) } },
    });

  it('goes --timeout, variant, scenario, default', () => {
    expect(resolveRunTimeout(scenario({ scenario: 2, variant: 3 }), 'a', 1)).toEqual({ timeoutMs: 1, source: '--timeout' });
    expect(resolveRunTimeout(scenario({ scenario: 2, variant: 3 }), 'a', undefined)).toEqual({ timeoutMs: 3, source: 'variant timeoutMs' });
    expect(resolveRunTimeout(scenario({ scenario: 2 }), 'a', undefined)).toEqual({ timeoutMs: 2, source: 'scenario timeoutMs' });
    expect(resolveRunTimeout(scenario({}), 'a', undefined)).toEqual({ timeoutMs: DEFAULTS.runTimeoutMs, source: 'the default' });
  });
});

/**
 * The spare child: started for the next run once a measured phase is over, taken only by a run
 * with the same flags, and never left behind.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunOverhead } from '../probe/child-timings.js';
import { REPO_ROOT } from '../testing/run-cli.js';
import { discardSpareChild, prepareSpareChild, takeSpareChild, waitingSparePid } from './spare-child.js';

const ENTRY = path.join(REPO_ROOT, 'dist/harness/probe/child-entry.js');
const SCENARIOS = path.join(REPO_ROOT, 'harness/testing/fixtures/cpu-time-scenarios.mjs');
const spec = { args: ['--expose-gc', ENTRY] };

/** True while a process with `pid` exists (signal 0 checks without sending anything). */
function exists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits up to 5 s for `pid` to be gone. */
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 100 && exists(pid); i++) await new Promise((r) => setTimeout(r, 50));
  return !exists(pid);
}

afterEach(() => discardSpareChild());

describe('spare child', () => {
  it('is taken by a run with the same flags', () => {
    prepareSpareChild(spec);
    const pid = waitingSparePid();
    expect(pid).toBeGreaterThan(0);
    // Preparing again for the same flags keeps the one waiting.
    prepareSpareChild(spec);
    expect(waitingSparePid()).toBe(pid);
    const taken = takeSpareChild(spec)!;
    expect(taken.child.pid).toBe(pid);
    expect(taken.child.connected).toBe(true);
    expect(waitingSparePid()).toBeUndefined();
    taken.child.kill('SIGKILL');
    taken.untrack();
  });

  it('is killed when a run with other flags asks, and when discarded', async () => {
    prepareSpareChild(spec);
    const first = waitingSparePid()!;
    expect(takeSpareChild({ args: ['--expose-gc', '--no-opt', ENTRY] })).toBeUndefined();
    expect(await gone(first)).toBe(true);
    prepareSpareChild(spec);
    const second = waitingSparePid()!;
    discardSpareChild();
    expect(waitingSparePid()).toBeUndefined();
    expect(await gone(second)).toBe(true);
  });

  it('runChild with spareNext starts the next run early, and the next run uses it', async () => {
    // The built runner: its child entry is the compiled one beside it.
    const dist = (file: string) => import(pathToFileURL(path.join(REPO_ROOT, 'dist/harness/runner', file)).href);
    const { runChild } = (await dist('run-child.js')) as typeof import('./run-child.js');
    const spare = (await dist('spare-child.js')) as typeof import('./spare-child.js');
    const overheads: RunOverhead[] = [];
    const job = {
      scenarioFile: SCENARIOS,
      scenario: 'fixture-cpu-spin',
      variant: 'spin',
      records: 10,
      repeat: 1,
      services: {},
      dataset: null,
      fixtures: null,
      sampleIntervalMs: 20,
    };
    const first = await runChild(job, { spareNext: true, onOverhead: (o) => overheads.push(o) });
    const waiting = spare.waitingSparePid();
    expect(waiting).toBeGreaterThan(0);
    const second = await runChild({ ...job, repeat: 2 }, { onOverhead: (o) => overheads.push(o) });
    expect([first.status, second.status]).toEqual(['ok', 'ok']);
    // A fresh child was spawned when asked for; the second run's was spawned before it asked.
    expect(overheads.map((o) => o.spareLeadMs > 0)).toEqual([false, true]);
    // The second run asked for no spare: nothing is left waiting, and the spare it used is gone.
    expect(spare.waitingSparePid()).toBeUndefined();
    expect(await gone(waiting!)).toBe(true);
  });
});

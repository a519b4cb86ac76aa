/**
 * The measured child's file transport (what runs under clinic use, `file-transport.ts`) against
 * its IPC transport: the same job, the same scenario, an outcome of the same shape; and the
 * file-mode child runs where an IPC child would, exits by itself, and leaves no job behind in
 * its environment. Runs the built child entry as a real process each way.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../testing/run-cli.js';
import type { ChildJob, ChildMessage } from './child-protocol.js';
import { CHILD_CWD_ENV, CHILD_JOB_ENV, CHILD_RESULT_ENV } from './file-transport.js';

const CHILD_ENTRY = path.join(REPO_ROOT, 'dist/harness/probe/child-entry.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-transport-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const job: ChildJob = {
  type: 'job',
  scenarioFile: path.join(REPO_ROOT, 'harness/testing/fixtures/transport-scenarios.mjs'),
  scenario: 'fixture-transport',
  variant: 'build',
  records: 1000,
  repeat: 1,
  services: {},
  dataset: null,
  fixtures: null,
  sampleIntervalMs: 20,
};

interface Ran {
  readonly outcome: ChildMessage | undefined;
  readonly code: number | null;
  readonly where: { cwd: string; jobEnv: string | null; ipc: boolean };
}

function exited(child: ReturnType<typeof spawn>): Promise<number | null> {
  return new Promise((resolve) => child.on('close', (code) => resolve(code)));
}

/** The child entry over IPC, as `runner/run-child.ts` runs it. */
async function overIpc(whereFile: string): Promise<Ran> {
  const child = spawn(process.execPath, ['--expose-gc', CHILD_ENTRY], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, HEAPGATE_FIXTURE_WHERE_FILE: whereFile },
  });
  let outcome: ChildMessage | undefined;
  child.on('message', (m: ChildMessage) => {
    if (m.type === 'result' || m.type === 'failed') outcome = m;
  });
  child.send(job);
  const code = await exited(child);
  return { outcome, code, where: JSON.parse(fs.readFileSync(whereFile, 'utf8')) };
}

/** The child entry through files, started in another directory as clinic starts it. */
async function throughFiles(whereFile: string, elsewhere: string): Promise<Ran> {
  const jobFile = path.join(tmp, 'job.json');
  const resultFile = path.join(tmp, 'result.json');
  fs.writeFileSync(jobFile, JSON.stringify(job));
  const child = spawn(process.execPath, ['--expose-gc', CHILD_ENTRY], {
    cwd: elsewhere,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      HEAPGATE_FIXTURE_WHERE_FILE: whereFile,
      [CHILD_JOB_ENV]: jobFile,
      [CHILD_RESULT_ENV]: resultFile,
      [CHILD_CWD_ENV]: REPO_ROOT,
    },
  });
  const code = await exited(child);
  const outcome = fs.existsSync(resultFile) ? (JSON.parse(fs.readFileSync(resultFile, 'utf8')) as ChildMessage) : undefined;
  return { outcome, code, where: JSON.parse(fs.readFileSync(whereFile, 'utf8')) };
}

/** The value's shape: each key's type, recursively (an array by its first element). */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return [value.length > 0 ? shapeOf(value[0]) : 'empty'];
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, shapeOf(v)]),
    );
  }
  return value === null ? 'null' : typeof value;
}

describe('the measured child through files', () => {
  it('reports what it reports over IPC, in the same shape, from the same working directory', async () => {
    const scratch = fs.mkdtempSync(path.join(tmp, 'scratch-'));
    const ipc = await overIpc(path.join(tmp, 'where-ipc.json'));
    const file = await throughFiles(path.join(tmp, 'where-file.json'), scratch);
    expect(ipc.code).toBe(0);
    expect(file.code).toBe(0);
    expect(ipc.outcome?.type).toBe('result');
    expect(file.outcome?.type).toBe('result');
    expect(shapeOf(file.outcome)).toEqual(shapeOf(ipc.outcome));
    if (ipc.outcome?.type !== 'result' || file.outcome?.type !== 'result') throw new Error('unreachable');
    expect(file.outcome.counters).toEqual({ items: 1000 });
    expect(file.outcome.counters).toEqual(ipc.outcome.counters);
    // Moved back to where an IPC child runs, before scenario code ran; no channel; the job's
    // variables gone from what scenario code (and whatever it spawns) sees.
    expect(file.where).toEqual({ cwd: REPO_ROOT, jobEnv: null, ipc: false });
    expect(ipc.where).toEqual({ cwd: REPO_ROOT, jobEnv: null, ipc: true });
  });

  it('writes a failing hook as a failed outcome, as over IPC', async () => {
    const broken = path.join(tmp, 'broken.json');
    const jobFile = path.join(tmp, 'broken-job.json');
    fs.writeFileSync(jobFile, JSON.stringify({ ...job, variant: 'missing' }));
    const child = spawn(process.execPath, ['--expose-gc', CHILD_ENTRY], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, [CHILD_JOB_ENV]: jobFile, [CHILD_RESULT_ENV]: broken },
    });
    expect(await exited(child)).toBe(0);
    const outcome = JSON.parse(fs.readFileSync(broken, 'utf8')) as ChildMessage;
    expect(outcome).toMatchObject({
      type: 'failed',
      phase: 'load',
      error: { message: 'scenario fixture-transport has no variant missing' },
    });
  });
});

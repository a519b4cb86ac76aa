/**
 * Seed 002: "if the process fails, some data is already saved". A sync process killed with
 * SIGKILL mid-run leaves every batch it reported committed in the table, whole (no task half
 * written), and a re-run completes to exactly the source's rows: no duplicates, no gaps.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../test-fixtures/repo-root.js';
import { expectedTeeTimes, readTeeTimes } from '../test-fixtures/tee-times-fixture.js';
import { createTestSchema, type TestSchema } from '../test-fixtures/test-schema.js';
import { assertUpsertPoolComplete } from './batched-upsert-pool.js';
import { syncTeeTimes } from './sync-tee-times.js';
import { startTeeTimeApiServer, type TeeTimeApiServer } from './tee-time-api-server.js';
import { teeTimeTasks } from './tee-time-generator.js';
import { teeTimeTaskId } from './tee-time.js';
import { createTeeTimesTable } from './tee-times-schema.js';

const TASKS = 400;
const DAYS = 20;
let schema: TestSchema;
let db: pg.Pool;
let api: TeeTimeApiServer;
let child: ChildProcess | undefined;

beforeAll(async () => {
  schema = await createTestSchema('upsert_kill');
  db = schema.pool({ max: 2 });
  await createTeeTimesTable(db);
  // Slow enough that the run is far from done after a few batches.
  api = await startTeeTimeApiServer({ latencyMs: 25 });
});

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await api?.close();
  await db?.end();
  await schema?.drop();
});

/** Starts the child and resolves with the task ids of its first `batches` committed batches, then kills it. */
function runAndKillAfter(batches: number): Promise<{ committed: string[]; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const committed: string[] = [];
    let seen = 0;
    let out = '';
    let err = '';
    child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'reference-impl/test-fixtures/tee-time-sync-child.ts')], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        SYNC_PG_URL: schema.connectionString,
        SYNC_API_URL: api.url,
        SYNC_TASKS: String(TASKS),
        SYNC_DAYS: String(DAYS),
        SYNC_WORKERS: '4',
        SYNC_BATCH: '20',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const proc = child;
    proc.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
    });
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      let nl = out.indexOf('\n');
      while (nl >= 0) {
        const line = out.slice(0, nl);
        out = out.slice(nl + 1);
        nl = out.indexOf('\n');
        if (line.startsWith('committed ')) {
          committed.push(...(JSON.parse(line.slice('committed '.length)) as string[]));
          if (++seen === batches) proc.kill('SIGKILL');
        }
      }
    });
    proc.on('error', reject);
    proc.on('exit', (code, signal) => {
      if (signal === null) reject(new Error(`child exited (${code}) before it was killed: ${err}`));
      else resolve({ committed, signal });
    });
  });
}

describe('syncTeeTimes killed mid-run', () => {
  it('keeps every committed batch whole, and a re-run ends with exactly the source rows', async () => {
    const all = [...teeTimeTasks(TASKS, { daysPerCourse: DAYS })];
    const { committed, signal } = await runAndKillAfter(3);
    expect(signal).toBe('SIGKILL');
    expect(committed).toHaveLength(60);

    const rows = await readTeeTimes(db);
    const present = new Set(rows.map((r) => `${r.courseId}:${r.playDate}`));
    // Every batch reported committed is in the table...
    for (const id of committed) expect(present.has(id)).toBe(true);
    // ...the run really was cut short...
    expect(present.size).toBeLessThan(TASKS);
    // ...and what is there is whole tasks with exactly their source rows (a batch in flight at
    // the kill is either fully committed or absent).
    expect(rows).toEqual(expectedTeeTimes(all.filter((t) => present.has(teeTimeTaskId(t)))));

    const rerun = assertUpsertPoolComplete(await syncTeeTimes({ db, apiUrl: api.url, tasks: all, workers: 10, batchSize: 100 }));
    expect(rerun.tasksCommitted).toBe(TASKS);
    const final = await readTeeTimes(db);
    expect(final).toEqual(expectedTeeTimes(all));
    const { rows: dupes } = await db.query(
      'SELECT count(*)::int AS n FROM (SELECT 1 FROM tee_times GROUP BY course_id, play_date, tee_time HAVING count(*) > 1) d',
    );
    expect(dupes[0].n).toBe(0);
  });
});

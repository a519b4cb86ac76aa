/**
 * A process that runs `syncTeeTimes` and prints one line per committed batch, for the SIGKILL
 * test: `committed <JSON task ids>`. Run with `node --import tsx`; configured through the
 * environment (SYNC_PG_URL, SYNC_API_URL, SYNC_TASKS, SYNC_DAYS, SYNC_WORKERS, SYNC_BATCH).
 */
import pg from 'pg';
import { assertUpsertPoolComplete } from '../upsert/batched-upsert-pool.js';
import { syncTeeTimes } from '../upsert/sync-tee-times.js';
import { teeTimeTasks } from '../upsert/tee-time-generator.js';

const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};

const db = new pg.Pool({ connectionString: env('SYNC_PG_URL'), max: 2 });
try {
  const result = await syncTeeTimes({
    db,
    apiUrl: env('SYNC_API_URL'),
    tasks: teeTimeTasks(Number(env('SYNC_TASKS')), { daysPerCourse: Number(env('SYNC_DAYS')) }),
    workers: Number(env('SYNC_WORKERS')),
    batchSize: Number(env('SYNC_BATCH')),
    onEvent: (e) => {
      if (e.type === 'flush-done') process.stdout.write(`committed ${JSON.stringify(e.taskIds)}\n`);
    },
  });
  assertUpsertPoolComplete(result);
  process.stdout.write('done\n');
} finally {
  await db.end();
}

/**
 * A batch whose upsert fails in the real database is retried with backoff and either commits
 * or is reported with its task ids; every other batch still commits, and nothing is dropped
 * silently. The failure is a real PostgreSQL error: a trigger raising for one course's rows,
 * counted by a sequence (nextval is not rolled back with the failed transaction).
 */
import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectedTeeTimes, readTeeTimes } from '../test-fixtures/tee-times-fixture.js';
import { createTestSchema, type TestSchema } from '../test-fixtures/test-schema.js';
import { assertUpsertPoolComplete } from './batched-upsert-pool.js';
import { syncTeeTimes } from './sync-tee-times.js';
import { startTeeTimeApiServer, type TeeTimeApiServer } from './tee-time-api-server.js';
import { teeTimeTasks } from './tee-time-generator.js';
import { teeTimeTaskId } from './tee-time.js';
import { createTeeTimesTable } from './tee-times-schema.js';
import { UpsertPoolError } from './upsert-pool-error.js';

let schema: TestSchema;
let db: pg.Pool;
let api: TeeTimeApiServer;
/** Course 3's rows make the insert fail while the sequence is at most `failures`. */
const POISONED_COURSE = 3;
const tasks = [...teeTimeTasks(60, { daysPerCourse: 10 })];

async function poison(failures: number): Promise<void> {
  await db.query('DROP TRIGGER IF EXISTS poison ON tee_times');
  await db.query('DROP SEQUENCE IF EXISTS poison_seq');
  await db.query('CREATE SEQUENCE poison_seq');
  // failures is a checked integer: safe to interpolate into the DDL of the function body.
  if (!Number.isInteger(failures)) throw new TypeError('failures');
  await db.query(`CREATE OR REPLACE FUNCTION poison_rows() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF nextval('poison_seq') <= ${failures} THEN RAISE EXCEPTION 'poisoned batch (test)'; END IF;
      RETURN NEW;
    END $$`);
  await db.query(`CREATE TRIGGER poison BEFORE INSERT ON tee_times FOR EACH ROW
    WHEN (NEW.course_id = ${POISONED_COURSE}) EXECUTE FUNCTION poison_rows()`);
}

beforeAll(async () => {
  schema = await createTestSchema('upsert_fail');
  db = schema.pool({ max: 4 });
  await createTeeTimesTable(db);
  api = await startTeeTimeApiServer();
});

beforeEach(async () => {
  await db.query('TRUNCATE tee_times');
});

afterAll(async () => {
  await api?.close();
  await db?.end();
  await schema?.drop();
});

const noWait = async () => {};

describe('syncTeeTimes with a failing batch', () => {
  it('retries a batch that fails twice, then commits it: exactly the source rows', async () => {
    await poison(2);
    // One worker: tasks arrive in order, so course 3's ten dates are exactly batch 3 of 10.
    const result = await syncTeeTimes({ db, apiUrl: api.url, tasks, workers: 1, batchSize: 10, flushAttempts: 4, sleep: noWait });
    assertUpsertPoolComplete(result);
    expect(result.flushRetries).toBe(2);
    expect(result.retries).toBe(2);
    expect(result.batches).toBe(6);
    expect(await readTeeTimes(db)).toEqual(expectedTeeTimes(tasks));
  });

  it('reports a batch that fails every attempt with its task ids and commits every other batch', async () => {
    await poison(1_000_000);
    const delays: number[] = [];
    const result = await syncTeeTimes({
      db,
      apiUrl: api.url,
      tasks,
      workers: 1,
      batchSize: 10,
      flushAttempts: 3,
      sleep: async (ms) => {
        delays.push(ms);
      },
    });
    const poisonedIds = tasks.filter((t) => t.courseId === POISONED_COURSE).map(teeTimeTaskId);
    expect(result.failedBatches).toHaveLength(1);
    expect(result.failedBatches[0]!.taskIds).toEqual(poisonedIds);
    expect(result.failedBatches[0]!.attempts).toBe(3);
    expect(String(result.failedBatches[0]!.error)).toMatch(/poisoned batch/);
    expect(delays).toHaveLength(2);
    expect(result.batches).toBe(5);
    expect(await readTeeTimes(db)).toEqual(expectedTeeTimes(tasks.filter((t) => t.courseId !== POISONED_COURSE)));
    let thrown: unknown;
    try {
      assertUpsertPoolComplete(result);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(UpsertPoolError);
    expect((thrown as UpsertPoolError).code).toBe('HEAPGATE_UPSERT_INCOMPLETE');
    expect((thrown as UpsertPoolError).taskIds).toEqual(poisonedIds);
  });
});

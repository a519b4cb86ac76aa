/**
 * The batched sync end to end, against the real test PostgreSQL and the loopback tee-time API:
 * exactly the source's rows, in ceil(tasks / batch) batches, a bounded buffer, and a re-run
 * that changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedTeeTimes, readTeeTimes } from '../test-fixtures/tee-times-fixture.js';
import { createTestSchema, type TestSchema } from '../test-fixtures/test-schema.js';
import { assertUpsertPoolComplete, type UpsertPoolEvent } from './batched-upsert-pool.js';
import { syncTeeTimes } from './sync-tee-times.js';
import { startTeeTimeApiServer, type TeeTimeApiServer } from './tee-time-api-server.js';
import { teeTimeTasks } from './tee-time-generator.js';
import { createTeeTimesTable } from './tee-times-schema.js';
import type pg from 'pg';

let schema: TestSchema;
let db: pg.Pool;
let api: TeeTimeApiServer;

beforeAll(async () => {
  schema = await createTestSchema('upsert_sync');
  db = schema.pool({ max: 4 });
  await createTeeTimesTable(db);
  api = await startTeeTimeApiServer({ latencyMs: 2 });
});

afterAll(async () => {
  await api?.close();
  await db?.end();
  await schema?.drop();
});

describe('syncTeeTimes', () => {
  it('writes exactly the source rows in batches of 100 combinations, then a re-run changes nothing', async () => {
    const tasks = [...teeTimeTasks(250, { daysPerCourse: 7 })];
    const events: UpsertPoolEvent[] = [];
    const result = assertUpsertPoolComplete(
      await syncTeeTimes({ db, apiUrl: api.url, tasks, workers: 10, batchSize: 100, onEvent: (e) => events.push(e) }),
    );
    const expected = expectedTeeTimes(tasks);
    expect(await readTeeTimes(db)).toEqual(expected);
    expect(result.tasksCommitted).toBe(250);
    expect(result.batches).toBe(3);
    expect(result.rowsUpserted).toBe(expected.length);
    expect(result.retries).toBe(0);
    expect(result.peakBufferedResults).toBeGreaterThanOrEqual(100);
    expect(result.peakBufferedResults).toBeLessThanOrEqual(100 + 10 - 1);
    expect(events.filter((e) => e.type === 'flush-done').map((e) => (e as { results: number }).results)).toEqual([100, 100, 50]);

    const again = assertUpsertPoolComplete(await syncTeeTimes({ db, apiUrl: api.url, tasks, workers: 3, batchSize: 64 }));
    expect(again.batches).toBe(4);
    expect(await readTeeTimes(db)).toEqual(expected);
  });

  it('reads UPSERT_BATCH_SIZE from the environment when no batch size is given', async () => {
    const { upsertBatchSizeFromEnv } = await import('./sync-tee-times.js');
    expect(upsertBatchSizeFromEnv({})).toBe(100);
    expect(upsertBatchSizeFromEnv({ UPSERT_BATCH_SIZE: '25' })).toBe(25);
    expect(() => upsertBatchSizeFromEnv({ UPSERT_BATCH_SIZE: '0' })).toThrow(TypeError);
    expect(() => upsertBatchSizeFromEnv({ UPSERT_BATCH_SIZE: 'lots' })).toThrow(/positive integer/);
  });
});

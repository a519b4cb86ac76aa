/**
 * A 429 from the tee-time API is honoured: the client waits what `Retry-After` asks (delay
 * seconds or an HTTP-date), then retries; 500s back off and retry; a task that keeps failing
 * is reported by id. The waits are injected, so the test checks the delay asked for, not the
 * clock.
 */
import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectedTeeTimes, readTeeTimes } from '../test-fixtures/tee-times-fixture.js';
import { createTestSchema, type TestSchema } from '../test-fixtures/test-schema.js';
import { assertUpsertPoolComplete } from './batched-upsert-pool.js';
import { syncTeeTimes } from './sync-tee-times.js';
import { retryAfterMs } from './tee-time-api-client.js';
import { startTeeTimeApiServer, type TeeTimeApiServer } from './tee-time-api-server.js';
import { teeTimeTasks } from './tee-time-generator.js';
import { createTeeTimesTable } from './tee-times-schema.js';
import type { UpsertPoolError } from './upsert-pool-error.js';

let schema: TestSchema;
let db: pg.Pool;
let api: TeeTimeApiServer;
const tasks = [...teeTimeTasks(30, { daysPerCourse: 10 })];

beforeAll(async () => {
  schema = await createTestSchema('upsert_429');
  db = schema.pool({ max: 2 });
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

describe('tee-time fetches under a quota', () => {
  it('waits Retry-After seconds on a 429, then completes with exactly the source rows', async () => {
    api.rateLimitNext(3, 7);
    const waits: number[] = [];
    const result = await syncTeeTimes({
      db,
      apiUrl: api.url,
      tasks,
      workers: 1,
      batchSize: 10,
      fetch: { sleep: async (ms) => void waits.push(ms) },
    });
    assertUpsertPoolComplete(result);
    expect(waits).toEqual([7000, 7000, 7000]);
    expect(result.fetchRetries).toBe(3);
    expect(await readTeeTimes(db)).toEqual(expectedTeeTimes(tasks));
  });

  it('caps a long Retry-After and backs off on 500s', async () => {
    api.rateLimitNext(1, 3600);
    const waits: number[] = [];
    const result = await syncTeeTimes({
      db,
      apiUrl: api.url,
      tasks: tasks.slice(0, 5),
      workers: 1,
      fetch: { maxRetryAfterMs: 2000, baseDelayMs: 50, sleep: async (ms) => void waits.push(ms) },
    });
    assertUpsertPoolComplete(result);
    expect(waits[0]).toBe(2000);
    api.failNext(2);
    const again = await syncTeeTimes({
      db,
      apiUrl: api.url,
      tasks: tasks.slice(0, 5),
      workers: 1,
      fetch: { baseDelayMs: 50, sleep: async (ms) => void waits.push(ms) },
    });
    assertUpsertPoolComplete(again);
    expect(again.fetchRetries).toBe(2);
    // Full-jitter backoff: the first wait is below 50 ms, the second below 100 ms.
    expect(waits[1]).toBeLessThan(50);
    expect(waits[2]).toBeLessThan(100);
  });

  it('reports a task whose fetch fails every attempt, by id, and writes the rest', async () => {
    api.failNext(3);
    const result = await syncTeeTimes({
      db,
      apiUrl: api.url,
      tasks: tasks.slice(0, 4),
      workers: 1,
      fetch: { maxAttempts: 3, sleep: async () => {} },
    });
    expect(result.failedTasks.map((t) => t.taskId)).toEqual(['1:2027-01-01']);
    expect((result.failedTasks[0]!.error as UpsertPoolError).code).toBe('HEAPGATE_UPSERT_FETCH_FAILED');
    expect(() => assertUpsertPoolComplete(result)).toThrow(/1:2027-01-01/);
    expect(await readTeeTimes(db)).toEqual(expectedTeeTimes(tasks.slice(1, 4)));
  });

  it('parses Retry-After as delay seconds or an HTTP-date', () => {
    expect(retryAfterMs('120')).toBe(120_000);
    expect(retryAfterMs('Wed, 21 Oct 2026 07:28:00 GMT', Date.parse('Wed, 21 Oct 2026 07:27:30 GMT'))).toBe(30_000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });
});

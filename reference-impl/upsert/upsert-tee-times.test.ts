/**
 * The three upsert methods leave the same table on the real PostgreSQL: every row inserted,
 * changed rows updated, duplicate keys in one batch collapsed (the last one wins), and a
 * `values` batch larger than one statement's parameter limit written whole.
 */
import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectedTeeTimes, readTeeTimes } from '../test-fixtures/tee-times-fixture.js';
import { createTestSchema, type TestSchema } from '../test-fixtures/test-schema.js';
import { teeTimeTasks } from './tee-time-generator.js';
import { createTeeTimesTable } from './tee-times-schema.js';
import { UPSERT_METHODS, upsertTeeTimesWith } from './upsert-tee-times.js';

let schema: TestSchema;
let db: pg.Pool;

beforeAll(async () => {
  schema = await createTestSchema('upsert_methods');
  db = schema.pool({ max: 2 });
  await createTeeTimesTable(db);
});

beforeEach(async () => {
  await db.query('TRUNCATE tee_times');
});

afterAll(async () => {
  await db?.end();
  await schema?.drop();
});

describe.each(UPSERT_METHODS)('upsertTeeTimesWith(%s)', (method) => {
  it('inserts, then updates changed rows, collapsing duplicate keys', async () => {
    const tasks = [...teeTimeTasks(40, { daysPerCourse: 8 })];
    const rows = expectedTeeTimes(tasks);
    expect(await upsertTeeTimesWith(method, db, rows)).toBe(rows.length);
    expect(await readTeeTimes(db)).toEqual(rows);

    const first = rows[0]!;
    const changed = { ...first, priceCents: first.priceCents + 1, spotsAvailable: 0 };
    // The same key twice in one batch: the later row must win, and PostgreSQL must not see both.
    expect(await upsertTeeTimesWith(method, db, [first, rows[1]!, changed])).toBe(2);
    expect(await readTeeTimes(db)).toEqual([changed, ...rows.slice(1)]);
  });

  it('writes a batch of more than 10,922 rows (the VALUES parameter limit) whole', async () => {
    const rows = expectedTeeTimes(teeTimeTasks(700, { daysPerCourse: 35 }));
    expect(rows.length).toBeGreaterThan(10_922);
    expect(await upsertTeeTimesWith(method, db, rows)).toBe(rows.length);
    const { rows: count } = await db.query('SELECT count(*)::int AS n FROM tee_times');
    expect(count[0].n).toBe(rows.length);
  });
});

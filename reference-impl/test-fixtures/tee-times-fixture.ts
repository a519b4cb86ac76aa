/**
 * Helpers for tests of `reference-impl/upsert/`: the rows a set of tasks must leave in the
 * table, and the rows a table holds, in one comparable shape.
 */
import type pg from 'pg';
import { generateTeeTimes } from '../upsert/tee-time-generator.js';
import type { TeeTime, TeeTimeTask } from '../upsert/tee-time.js';
import { teeTimesTableIdentifier } from '../upsert/tee-times-schema.js';

/** Every row `tasks` must leave, sorted by key. */
export function expectedTeeTimes(tasks: Iterable<TeeTimeTask>): TeeTime[] {
  const rows: TeeTime[] = [];
  for (const t of tasks) rows.push(...generateTeeTimes(t));
  return rows.sort(compareKeys);
}

function compareKeys(a: TeeTime, b: TeeTime): number {
  return a.courseId - b.courseId || a.playDate.localeCompare(b.playDate) || a.teeTime.localeCompare(b.teeTime);
}

/** Every row of `table`, sorted by key, in {@link TeeTime}'s shape. */
export async function readTeeTimes(db: pg.Pool | pg.ClientBase, table = 'tee_times'): Promise<TeeTime[]> {
  const t = teeTimesTableIdentifier(table);
  const { rows } = await db.query<TeeTime>(
    `SELECT course_id AS "courseId", play_date::text AS "playDate", to_char(tee_time, 'HH24:MI') AS "teeTime",
            price_cents AS "priceCents", spots_available AS "spotsAvailable", holes
       FROM ${t} ORDER BY course_id, play_date, tee_time`,
  );
  return rows;
}

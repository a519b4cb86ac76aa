/**
 * The `tee_times` table the sync upserts into: one row per (course, date, time). The primary
 * key is the upsert's conflict target, which is what makes re-running a task idempotent.
 */
import type pg from 'pg';

/** The default table name. */
export const TEE_TIMES_TABLE = 'tee_times';

/**
 * `name` quoted as an SQL identifier, after checking it is a plain lowercase name (table names
 * cannot be query parameters, so they are validated instead).
 */
export function teeTimesTableIdentifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new TypeError(`table name must match [a-z_][a-z0-9_]*, got ${JSON.stringify(name)}`);
  return `"${name}"`;
}

/** Creates the table when it is missing. */
export async function createTeeTimesTable(db: pg.ClientBase | pg.Pool, table: string = TEE_TIMES_TABLE): Promise<void> {
  const t = teeTimesTableIdentifier(table);
  await db.query(`CREATE TABLE IF NOT EXISTS ${t} (
    course_id integer NOT NULL,
    play_date date NOT NULL,
    tee_time time NOT NULL,
    price_cents integer NOT NULL,
    spots_available smallint NOT NULL,
    holes smallint NOT NULL,
    PRIMARY KEY (course_id, play_date, tee_time)
  )`);
}

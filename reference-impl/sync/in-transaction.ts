/**
 * Runs statements in one transaction on one connection: committed together or not at all.
 */
import type pg from 'pg';

/** `BEGIN`, `work`, `COMMIT`; `ROLLBACK` (and rethrow) when `work` throws. */
export async function inTransaction<T>(client: pg.ClientBase, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (err) {
    // A failed ROLLBACK (the connection is gone) must not hide the error that caused it.
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}

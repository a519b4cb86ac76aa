/**
 * The naive twin of {@link syncTeeTimes} (seed 002's "Problem"): the same workers fetch every
 * task's tee times into one array, and one upsert writes them all at the end. Memory grows with
 * the number of tasks, and a crash before the end saves nothing.
 */
import type pg from 'pg';
import { createTeeTimeFetcher } from './tee-time-api-client.js';
import type { TeeTime, TeeTimeTask } from './tee-time.js';
import { upsertTeeTimes } from './upsert-tee-times.js';

/** Options of {@link syncTeeTimesNaive}. */
export interface SyncTeeTimesNaiveOptions {
  readonly db: pg.Pool;
  readonly apiUrl: string;
  readonly tasks: Iterable<TeeTimeTask>;
  /** @default 'tee_times' */
  readonly table?: string;
  /** @default 10 */
  readonly workers?: number;
}

/** What {@link syncTeeTimesNaive} resolves with. */
export interface SyncTeeTimesNaiveResult {
  readonly rowsUpserted: number;
  /** Rows held in memory before the one insert. */
  readonly rowsHeld: number;
  readonly retries: number;
}

/** Fetches everything, then upserts everything in one statement. */
export async function syncTeeTimesNaive(options: SyncTeeTimesNaiveOptions): Promise<SyncTeeTimesNaiveResult> {
  let retries = 0;
  const fetchTeeTimes = createTeeTimeFetcher({ baseUrl: options.apiUrl, onRetry: () => retries++ });
  const all: TeeTime[] = [];
  const iterator = options.tasks[Symbol.iterator]();
  const worker = async () => {
    for (let n = iterator.next(); !n.done; n = iterator.next()) all.push(...(await fetchTeeTimes(n.value)));
  };
  try {
    await Promise.all(Array.from({ length: options.workers ?? 10 }, worker));
  } finally {
    fetchTeeTimes.close();
  }
  const rowsUpserted = await upsertTeeTimes(options.db, all, options.table === undefined ? {} : { table: options.table });
  return { rowsUpserted, rowsHeld: all.length, retries };
}

/**
 * Seed 002's sync in TypeScript: every (course, date) task's tee times fetched by a pool of
 * workers and upserted in batches of `UPSERT_BATCH_SIZE` combinations (see
 * {@link runBatchedUpsertPool} for the memory bound and the failure rules).
 */
import type pg from 'pg';
import { type BatchedUpsertPoolResult, runBatchedUpsertPool, type UpsertPoolEvent } from './batched-upsert-pool.js';
import { createTeeTimeFetcher, type TeeTimeFetcherOptions } from './tee-time-api-client.js';
import { type TeeTime, type TeeTimeTask, teeTimeTaskId } from './tee-time.js';
import { DEFAULT_UPSERT_METHOD, type UpsertMethod, upsertTeeTimesWith } from './upsert-tee-times.js';

/** Seed 002's default `UPSERT_BATCH_SIZE`. */
export const DEFAULT_UPSERT_BATCH_SIZE = 100;
/** Seed 002's default `concurrency`. */
export const DEFAULT_UPSERT_WORKERS = 10;

/**
 * `UPSERT_BATCH_SIZE` from `env` when set (a positive integer, else a TypeError), else
 * {@link DEFAULT_UPSERT_BATCH_SIZE}.
 */
export function upsertBatchSizeFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.UPSERT_BATCH_SIZE;
  if (raw === undefined || raw === '') return DEFAULT_UPSERT_BATCH_SIZE;
  if (!/^[1-9]\d*$/.test(raw.trim())) throw new TypeError(`UPSERT_BATCH_SIZE must be a positive integer, got ${JSON.stringify(raw)}`);
  return Number(raw.trim());
}

/** Options of {@link syncTeeTimes}. */
export interface SyncTeeTimesOptions {
  /** Where the rows go (a pool: each batch takes one connection). */
  readonly db: pg.Pool;
  /** The tee-time API. */
  readonly apiUrl: string;
  readonly tasks: Iterable<TeeTimeTask>;
  /** @default 'tee_times' */
  readonly table?: string;
  /** @default DEFAULT_UPSERT_WORKERS (10) */
  readonly workers?: number;
  /** Course/date combinations per upsert. @default `UPSERT_BATCH_SIZE` from the environment, else 100 */
  readonly batchSize?: number;
  /** @default DEFAULT_UPSERT_METHOD ('unnest') */
  readonly method?: UpsertMethod;
  /** Seed 002's `gc.collect()` after each flush (needs --expose-gc). @default false */
  readonly forceGcAfterFlush?: boolean;
  /** Fetch retry settings (attempts, backoff, `Retry-After` cap). */
  readonly fetch?: Omit<TeeTimeFetcherOptions, 'baseUrl' | 'onRetry'>;
  /** Flush attempts per batch. @default 4 */
  readonly flushAttempts?: number;
  /** Flush backoff: upper bound of the first wait, ms. @default 200 */
  readonly flushBaseDelayMs?: number;
  /** Progress (e.g. `createUpsertProgress(…).onEvent`). */
  readonly onEvent?: (event: UpsertPoolEvent) => void;
  /** Backoff waits of flushes (tests). */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** What {@link syncTeeTimes} resolves with. */
export interface SyncTeeTimesResult extends BatchedUpsertPoolResult {
  /** Fetch retries (429, 5xx, connection errors) plus flush retries. */
  readonly retries: number;
  /** Fetch retries alone. */
  readonly fetchRetries: number;
}

/** Runs the sync; see the module comment. Check the result with `assertUpsertPoolComplete`. */
export async function syncTeeTimes(options: SyncTeeTimesOptions): Promise<SyncTeeTimesResult> {
  let fetchRetries = 0;
  const fetchTeeTimes = createTeeTimeFetcher({ ...options.fetch, baseUrl: options.apiUrl, onRetry: () => fetchRetries++ });
  const method = options.method ?? DEFAULT_UPSERT_METHOD;
  const table = options.table;
  const result = await runBatchedUpsertPool<TeeTimeTask, TeeTime[]>({
    tasks: options.tasks,
    taskId: teeTimeTaskId,
    fetch: fetchTeeTimes,
    flush: (results) => upsertTeeTimesWith(method, options.db, results.flat(), table === undefined ? {} : { table }),
    workers: options.workers ?? DEFAULT_UPSERT_WORKERS,
    batchSize: options.batchSize ?? upsertBatchSizeFromEnv(),
    ...(options.flushAttempts === undefined ? {} : { flushAttempts: options.flushAttempts }),
    ...(options.flushBaseDelayMs === undefined ? {} : { flushBaseDelayMs: options.flushBaseDelayMs }),
    ...(options.forceGcAfterFlush === undefined ? {} : { forceGcAfterFlush: options.forceGcAfterFlush }),
    ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
    ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
  }).finally(() => fetchTeeTimes.close());
  return { ...result, fetchRetries, retries: fetchRetries + result.flushRetries };
}

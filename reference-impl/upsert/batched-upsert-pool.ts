/**
 * Seed 002's worker pool, bounded: `workers` concurrent workers take tasks from one shared
 * iterator, fetch each task's result, and push it into a shared buffer that is flushed (upserted)
 * as soon as it holds `batchSize` results. While a flush runs, a worker with a result waits
 * before pushing (backpressure) and takes no new task, so at most `batchSize + workers - 1`
 * results are held in memory at any moment, whatever the number of tasks. (A worker whose fetch
 * was already running when the flush began finishes it and then waits holding its one result.)
 *
 * Every task ends in exactly one place: a committed batch, `failedBatches` (its upsert failed
 * every attempt; retried with exponential backoff first) or `failedTasks` (its fetch failed).
 * Nothing is dropped silently. Batches commit one by one, so a process killed mid-run keeps
 * every batch committed before it died; with idempotent upserts a re-run converges to the same
 * table.
 *
 * Seed 002 forces a GC after each flush (`gc.collect()`); `forceGcAfterFlush` does the same
 * with `global.gc` when it exists (node --expose-gc). Off by default: V8's scavenger reclaims
 * a cleared buffer without help, and a forced full collection per batch costs time.
 */
import { backoffDelayMs, sleep as realSleep } from './backoff-delay.js';
import { UpsertPoolError } from './upsert-pool-error.js';

/** What the pool reports as it goes (progress bars, log lines). */
export type UpsertPoolEvent =
  | { readonly type: 'task-done'; readonly tasksDone: number }
  | { readonly type: 'flush-start'; readonly batch: number; readonly results: number }
  | {
      readonly type: 'flush-done';
      readonly batch: number;
      readonly results: number;
      readonly rows: number;
      readonly rowsUpserted: number;
      /** The committed batch's tasks. */
      readonly taskIds: readonly string[];
    }
  | { readonly type: 'flush-retry'; readonly batch: number; readonly attempt: number; readonly delayMs: number; readonly error: unknown }
  | { readonly type: 'flush-failed'; readonly batch: number; readonly taskIds: readonly string[]; readonly error: unknown }
  | { readonly type: 'task-failed'; readonly taskId: string; readonly error: unknown }
  | { readonly type: 'gc' };

/** Options of {@link runBatchedUpsertPool}. */
export interface BatchedUpsertPoolOptions<Task, Result> {
  /** The tasks; taken lazily, one at a time, by whichever worker is free. */
  readonly tasks: Iterable<Task>;
  /** A stable id per task: what failure reports name. */
  readonly taskId: (task: Task) => string;
  /** Fetches one task's result. A rejection puts the task in `failedTasks`. */
  readonly fetch: (task: Task) => Promise<Result>;
  /**
   * Writes one batch of results atomically (all or nothing) and resolves with the rows it wrote.
   * A rejection is retried; the batch must therefore be idempotent.
   */
  readonly flush: (results: readonly Result[]) => Promise<number>;
  /** Concurrent workers. @default 10 (seed 002 `concurrency`) */
  readonly workers?: number;
  /** Results per flush. @default 100 (seed 002 `UPSERT_BATCH_SIZE`) */
  readonly batchSize?: number;
  /** Flush attempts per batch, the first included. @default 4 */
  readonly flushAttempts?: number;
  /** Backoff between flush attempts: upper bound of the first wait, ms. @default 200 */
  readonly flushBaseDelayMs?: number;
  /** Backoff cap, ms. @default 5000 */
  readonly flushMaxDelayMs?: number;
  /** Run `global.gc()` after each flush when it exists (seed 002 "Forces garbage collection"). @default false */
  readonly forceGcAfterFlush?: boolean;
  /** Progress and failures, as they happen. Must not throw. */
  readonly onEvent?: (event: UpsertPoolEvent) => void;
  /** The backoff wait (injected by tests). @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** A batch that failed every attempt. */
export interface FailedBatch {
  /** 1-based batch number. */
  readonly batch: number;
  readonly taskIds: readonly string[];
  readonly attempts: number;
  readonly error: unknown;
}

/** A task whose fetch failed. */
export interface FailedTask {
  readonly taskId: string;
  readonly error: unknown;
}

/** What {@link runBatchedUpsertPool} resolves with. */
export interface BatchedUpsertPoolResult {
  /** Tasks whose result was committed. */
  readonly tasksCommitted: number;
  /** Rows the committed flushes reported writing. */
  readonly rowsUpserted: number;
  /** Flushes that committed. */
  readonly batches: number;
  /** Flush attempts after a failure (fetch retries are the fetcher's own). */
  readonly flushRetries: number;
  /**
   * Most results held at once: buffered, in the batch being flushed, and waiting to be pushed.
   * Bounded by `batchSize + workers - 1`.
   */
  readonly peakBufferedResults: number;
  readonly failedBatches: readonly FailedBatch[];
  readonly failedTasks: readonly FailedTask[];
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new TypeError(`${name} must be a positive integer, got ${String(value)}`);
  return value;
}

interface Entry<Result> {
  readonly id: string;
  readonly result: Result;
}

/** Runs the pool over every task; resolves once every task is committed or reported. */
export async function runBatchedUpsertPool<Task, Result>(
  options: BatchedUpsertPoolOptions<Task, Result>,
): Promise<BatchedUpsertPoolResult> {
  const workers = positiveInteger('workers', options.workers ?? 10);
  const batchSize = positiveInteger('batchSize', options.batchSize ?? 100);
  const attempts = positiveInteger('flushAttempts', options.flushAttempts ?? 4);
  const backoff = { baseDelayMs: options.flushBaseDelayMs ?? 200, maxDelayMs: options.flushMaxDelayMs ?? 5000 };
  const wait = options.sleep ?? realSleep;
  const emit = options.onEvent ?? (() => {});
  const gc = options.forceGcAfterFlush ? (globalThis as { gc?: () => void }).gc : undefined;

  const iterator = options.tasks[Symbol.iterator]();
  let exhausted = false;
  const nextTask = (): { task: Task } | undefined => {
    if (exhausted) return undefined;
    const n = iterator.next();
    if (n.done) {
      exhausted = true;
      return undefined;
    }
    return { task: n.value };
  };

  let buffer: Entry<Result>[] = [];
  let flushing: Promise<void> | undefined;
  let inFlight = 0;
  let waitingWithResult = 0;
  let peak = 0;
  let tasksDone = 0;
  let tasksCommitted = 0;
  let rowsUpserted = 0;
  let batches = 0;
  let batchNumber = 0;
  let flushRetries = 0;
  const failedBatches: FailedBatch[] = [];
  const failedTasks: FailedTask[] = [];
  const notePeak = () => {
    const held = buffer.length + inFlight + waitingWithResult;
    if (held > peak) peak = held;
  };

  const flushBatch = async (batch: Entry<Result>[]): Promise<void> => {
    const number = ++batchNumber;
    const results = batch.map((e) => e.result);
    emit({ type: 'flush-start', batch: number, results: batch.length });
    for (let attempt = 1; ; attempt++) {
      try {
        const rows = await options.flush(results);
        batches++;
        rowsUpserted += rows;
        tasksCommitted += batch.length;
        emit({ type: 'flush-done', batch: number, results: batch.length, rows, rowsUpserted, taskIds: batch.map((e) => e.id) });
        return;
      } catch (error) {
        if (attempt >= attempts) {
          const taskIds = batch.map((e) => e.id);
          failedBatches.push({ batch: number, taskIds, attempts: attempt, error });
          emit({ type: 'flush-failed', batch: number, taskIds, error });
          return;
        }
        const delayMs = backoffDelayMs(attempt, backoff);
        flushRetries++;
        emit({ type: 'flush-retry', batch: number, attempt, delayMs, error });
        await wait(delayMs);
      }
    }
  };

  /** Starts a flush of everything buffered and waits for it. One flush at a time. */
  const flushNow = async (): Promise<void> => {
    const batch = buffer;
    buffer = [];
    inFlight = batch.length;
    flushing = flushBatch(batch).finally(() => {
      inFlight = 0;
      flushing = undefined;
      if (gc) {
        gc();
        emit({ type: 'gc' });
      }
    });
    await flushing;
  };

  const push = async (entry: Entry<Result>): Promise<void> => {
    // Backpressure: hold this one result (and take no new task) until the flush is over.
    if (flushing !== undefined) {
      waitingWithResult++;
      notePeak();
      while (flushing !== undefined) await flushing;
      waitingWithResult--;
    }
    buffer.push(entry);
    notePeak();
    if (buffer.length >= batchSize) await flushNow();
  };

  /** Backpressure before a task: no worker starts a fetch while a flush runs. */
  const nextTaskAfterFlush = async (): Promise<{ task: Task } | undefined> => {
    while (flushing !== undefined) await flushing;
    return nextTask();
  };

  const worker = async (): Promise<void> => {
    for (let next = await nextTaskAfterFlush(); next; next = await nextTaskAfterFlush()) {
      const id = options.taskId(next.task);
      let result: Result;
      try {
        result = await options.fetch(next.task);
      } catch (error) {
        failedTasks.push({ taskId: id, error });
        emit({ type: 'task-failed', taskId: id, error });
        continue;
      }
      await push({ id, result });
      emit({ type: 'task-done', tasksDone: ++tasksDone });
    }
  };

  await Promise.all(Array.from({ length: workers }, worker));
  while (flushing !== undefined) await flushing;
  if (buffer.length > 0) await flushNow();
  return { tasksCommitted, rowsUpserted, batches, flushRetries, peakBufferedResults: peak, failedBatches, failedTasks };
}

/**
 * Throws {@link UpsertPoolError} `HEAPGATE_UPSERT_INCOMPLETE`, naming every task not written,
 * when `result` has failed batches or tasks; returns it otherwise.
 */
export function assertUpsertPoolComplete<R extends BatchedUpsertPoolResult>(result: R): R {
  const ids = [...result.failedBatches.flatMap((b) => b.taskIds), ...result.failedTasks.map((t) => t.taskId)];
  if (ids.length === 0) return result;
  const shown = ids.slice(0, 20).join(', ');
  throw new UpsertPoolError(
    'HEAPGATE_UPSERT_INCOMPLETE',
    `${ids.length} task(s) not written (${result.failedBatches.length} failed batch(es), ${result.failedTasks.length} failed fetch(es)): ${shown}${ids.length > 20 ? ', …' : ''}`,
    { taskIds: ids, cause: result.failedBatches[0]?.error ?? result.failedTasks[0]?.error },
  );
}

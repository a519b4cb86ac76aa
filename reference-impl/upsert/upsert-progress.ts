/**
 * Progress of a pool run, as seed 002 "Progress Tracking" describes it: a progress bar when the
 * stream is a terminal (cli-progress, tqdm's role), periodic log lines otherwise (CI, Fargate
 * logs), where a bar's carriage returns would be noise. Retries and failures are always
 * logged, with the task ids of a failed batch.
 */
import cliProgress from 'cli-progress';
import type { UpsertPoolEvent } from './batched-upsert-pool.js';

/** Options of {@link createUpsertProgress}. */
export interface UpsertProgressOptions {
  /** Tasks in the run (the bar's total). */
  readonly totalTasks: number;
  /** Where the bar and the lines go. @default process.stderr */
  readonly stream?: NodeJS.WriteStream;
  /** Bar or lines; `auto` picks the bar when `stream.isTTY`. @default 'auto' */
  readonly mode?: 'auto' | 'bar' | 'lines';
  /** Period of the progress lines in lines mode, ms. @default 10000 */
  readonly intervalMs?: number;
  /** Also log one line per committed batch (seed 002 "Monitoring"). @default false */
  readonly logBatches?: boolean;
}

/** A started progress display. */
export interface UpsertProgress {
  /** Pass as the pool's `onEvent`. */
  readonly onEvent: (event: UpsertPoolEvent) => void;
  /** Stops the bar or the timer and writes a last line. Idempotent. */
  stop(): void;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Starts the display. */
export function createUpsertProgress(options: UpsertProgressOptions): UpsertProgress {
  const stream = options.stream ?? process.stderr;
  const useBar = options.mode === 'bar' || ((options.mode ?? 'auto') === 'auto' && stream.isTTY === true);
  const total = options.totalTasks;
  let tasksDone = 0;
  let batches = 0;
  let rows = 0;
  let stopped = false;
  const line = (text: string) => {
    if (bar) bar.stop();
    stream.write(`${text}\n`);
    if (bar) bar.start(total, tasksDone, { batches, rows });
  };
  const status = () => `upsert-pool: ${tasksDone}/${total} tasks, ${batches} batches, ${rows} rows upserted`;

  let bar: cliProgress.SingleBar | undefined;
  let timer: NodeJS.Timeout | undefined;
  if (useBar) {
    bar = new cliProgress.SingleBar(
      {
        stream,
        format: 'upsert-pool [{bar}] {value}/{total} tasks | {batches} batches | {rows} rows | ETA {eta_formatted}',
        hideCursor: false,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { batches, rows });
  } else {
    timer = setInterval(() => stream.write(`${status()}\n`), options.intervalMs ?? 10_000);
    // A progress timer must never keep a finished process alive.
    timer.unref();
  }

  return {
    onEvent(event) {
      if (stopped) return;
      switch (event.type) {
        case 'task-done':
          tasksDone = event.tasksDone;
          bar?.update(tasksDone, { batches, rows });
          break;
        case 'flush-done':
          batches++;
          rows = event.rowsUpserted;
          bar?.update(tasksDone, { batches, rows });
          if (options.logBatches)
            line(`upsert-pool: batch ${event.batch} committed (${event.results} course/date combinations, ${event.rows} rows)`);
          break;
        case 'flush-retry':
          line(
            `upsert-pool: batch ${event.batch} attempt ${event.attempt} failed (${describeError(event.error)}); retrying in ${event.delayMs} ms`,
          );
          break;
        case 'flush-failed':
          line(`upsert-pool: batch ${event.batch} FAILED, not written: tasks ${event.taskIds.join(', ')} (${describeError(event.error)})`);
          break;
        case 'task-failed':
          line(`upsert-pool: task ${event.taskId} FAILED to fetch (${describeError(event.error)})`);
          break;
        default:
          break;
      }
    },
    stop() {
      if (stopped) return;
      stopped = true;
      if (timer) clearInterval(timer);
      if (bar) bar.stop();
      else stream.write(`${status()}\n`);
    },
  };
}

/**
 * Progress of a plan on stderr: a progress bar on a TTY, plain lines otherwise (CI logs). A
 * child still running after each heartbeat interval gets a `still running` line in both.
 */
import cliProgress from 'cli-progress';
import type { PlanEvent } from '../runner/plan-event.js';
import { formatBytes, formatDuration, formatMs } from './format-units.js';

/** A progress sink for {@link PlanEvent}s. Call `stop()` before printing anything else. */
export interface ProgressReporter {
  onEvent(event: PlanEvent): void;
  stop(): void;
}

/** Where progress goes: stderr, or anything text can be written to (a TTY gets the bar). */
export interface ProgressStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
}

/** Picks the bar on a TTY (unless CI is set), plain lines otherwise. */
export function createProgressReporter(stream: ProgressStream = process.stderr): ProgressReporter {
  // Only a terminal's tty.WriteStream says isTTY; the bar needs its cursor control.
  const tty = Boolean(stream.isTTY) && !process.env.CI;
  return tty ? barReporter(stream as NodeJS.WriteStream) : lineReporter(stream);
}

function describeEnd(event: Extract<PlanEvent, { type: 'run-end' }>): string {
  const r = event.result;
  if (r.status !== 'ok' || !r.metrics) return `${r.status.toUpperCase()}: ${r.error?.message ?? ''}`;
  return `ok  heap Δ ${formatBytes(r.metrics.heapDeltaBytes)}, live Δ ${formatBytes(r.metrics.liveHeapDeltaBytes)}, ${formatMs(r.metrics.durationMs)}`;
}

function seededLine(e: Extract<PlanEvent, { type: 'seeded' }>): string {
  if (e.rows === 0) return `seed ${e.scenario} ${e.records.toLocaleString('en-US')}: reused existing data (${formatMs(e.ms)})`;
  const rate = Math.round(e.rows / (e.ms / 1000)).toLocaleString('en-US');
  const mb = e.bytes !== undefined ? `, ${formatBytes(e.bytes)}` : '';
  return `seed ${e.scenario} ${e.records.toLocaleString('en-US')}: ${e.rows.toLocaleString('en-US')} rows in ${formatMs(e.ms)} (${rate} rows/s${mb})`;
}

/** `still running: suggestions before 1,000 #2 — 1m30s elapsed, timeout 10m`. */
function heartbeatLine(e: Extract<PlanEvent, { type: 'run-heartbeat' }>): string {
  const which = e.repeat > 0 ? `#${e.repeat}` : `(extra run${e.maxHeapMb !== undefined ? `, --max-old-space-size=${e.maxHeapMb}` : ''})`;
  return `still running: ${e.scenario} ${e.variant} ${e.records.toLocaleString('en-US')} ${which} — ${formatDuration(e.elapsedMs)} elapsed, timeout ${formatDuration(e.timeoutMs)}`;
}

/** `load 12,000 / 50,000 requests (24%)`, or without a total when the load is bounded by time. */
function progressText(e: Extract<PlanEvent, { type: 'run-progress' }>): string {
  const { done, total } = e.progress;
  const of = total !== undefined ? ` / ${total.toLocaleString('en-US')}` : '';
  const pct = total ? ` (${Math.floor((100 * done) / total)}%)` : '';
  return `load ${done.toLocaleString('en-US')}${of} requests${pct}`;
}

/** Plain mode prints a run's progress at most this often, in milliseconds (CI logs stay short). */
const PLAIN_PROGRESS_INTERVAL_MS = 5000;

/** Lines for events that are not about a run's start or end (the same in both reporters). */
function infoLine(e: PlanEvent): string | undefined {
  switch (e.type) {
    case 'log':
      return e.message;
    case 'run-heartbeat':
      return heartbeatLine(e);
    case 'seeded':
      return seededLine(e);
    case 'heap-floor-probe':
      return `heap floor ${e.scenario} ${e.variant} ${e.records.toLocaleString('en-US')}: --max-old-space-size=${e.maxHeapMb} → ${e.status}`;
    case 'heap-floor': {
      const f = e.floor;
      const found =
        f.floorMb === null ? 'no cap up to the maximum completed' : `${f.floorMb} MB (±${f.toleranceMb} MB, ${f.probes.length} probes)`;
      return `heap floor ${f.scenario} ${f.variant} ${f.records.toLocaleString('en-US')}: ${found}`;
    }
    default:
      return undefined;
  }
}

function lineReporter(stream: ProgressStream): ProgressReporter {
  let lastProgressAt = 0;
  return {
    onEvent(e) {
      if (e.type === 'run-progress') {
        const now = Date.now();
        const finished = e.progress.total !== undefined && e.progress.done >= e.progress.total;
        if (now - lastProgressAt < PLAIN_PROGRESS_INTERVAL_MS && !finished) return;
        lastProgressAt = now;
        stream.write(`    ${e.scenario} ${e.variant} ${e.records.toLocaleString('en-US')} #${e.repeat}: ${progressText(e)}\n`);
        return;
      }
      const info = infoLine(e);
      if (info !== undefined) stream.write(`${info}\n`);
      else if (e.type === 'run-start')
        stream.write(`[${e.index}/${e.total}] ${e.scenario} ${e.variant} ${e.records.toLocaleString('en-US')} #${e.repeat}…\n`);
      else if (e.type === 'run-end') stream.write(`[${e.index}/${e.total}]   ${describeEnd(e)}\n`);
    },
    stop() {},
  };
}

function barReporter(stream: NodeJS.WriteStream): ProgressReporter {
  const bar = new cliProgress.SingleBar(
    { stream, format: '{bar} {value}/{total} {task}', hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let value = 0;
  // A SingleBar cannot print a line while it is drawn (only MultiBar has log():
  // https://github.com/npkgz/cli-progress/issues/145): stop it, write the line and start it
  // again where it was, the workaround of https://github.com/npkgz/cli-progress/issues/96.
  // The value is kept here: SingleBar's typings expose no getter for it.
  const say = (line: string) => {
    if (started) bar.stop();
    stream.write(`${line}\n`);
    if (started) bar.start(bar.getTotal(), value, { task: '' });
  };
  const update = (to: number, payload: { task: string }) => {
    value = to;
    bar.update(to, payload);
  };
  return {
    onEvent(e) {
      if (e.type === 'run-progress') {
        if (started)
          bar.update(value, { task: `${e.scenario} ${e.variant} ${e.records.toLocaleString('en-US')} #${e.repeat} — ${progressText(e)}` });
        return;
      }
      const info = infoLine(e);
      if (info !== undefined) say(info);
      else if (e.type === 'run-start') {
        const task = `${e.scenario} ${e.variant} ${e.records.toLocaleString('en-US')} #${e.repeat}`;
        if (!started) {
          value = e.index - 1;
          bar.start(e.total, value, { task });
          started = true;
        } else update(e.index - 1, { task });
      } else if (e.type === 'run-end') {
        update(e.index, { task: describeEnd(e) });
        if (e.result.status !== 'ok')
          say(`${e.result.scenario} ${e.result.variant} ${e.result.records} #${e.result.repeat}: ${describeEnd(e)}`);
      }
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

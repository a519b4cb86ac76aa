/**
 * Progress of a plan on stderr: a progress bar on a TTY, plain lines otherwise (CI logs).
 */
import cliProgress from 'cli-progress';
import type { PlanEvent } from '../runner/plan-event.js';
import { formatBytes, formatMs } from './format-units.js';

/** A progress sink for {@link PlanEvent}s. Call `stop()` before printing anything else. */
export interface ProgressReporter {
  onEvent(event: PlanEvent): void;
  stop(): void;
}

/** Picks the bar on a TTY (unless CI is set), plain lines otherwise. */
export function createProgressReporter(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  const tty = Boolean(stream.isTTY) && !process.env.CI;
  return tty ? barReporter(stream) : lineReporter(stream);
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

/** Lines for events that are not about a run's start or end (the same in both reporters). */
function infoLine(e: PlanEvent): string | undefined {
  switch (e.type) {
    case 'log':
      return e.message;
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

function lineReporter(stream: NodeJS.WriteStream): ProgressReporter {
  return {
    onEvent(e) {
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
  const say = (line: string) => {
    if (started) bar.stop();
    stream.write(`${line}\n`);
    if (started) bar.start(bar.getTotal(), (bar as unknown as { value: number }).value, { task: '' });
  };
  return {
    onEvent(e) {
      const info = infoLine(e);
      if (info !== undefined) say(info);
      else if (e.type === 'run-start') {
        const task = `${e.scenario} ${e.variant} ${e.records.toLocaleString('en-US')} #${e.repeat}`;
        if (!started) {
          bar.start(e.total, e.index - 1, { task });
          started = true;
        } else bar.update(e.index - 1, { task });
      } else if (e.type === 'run-end') {
        bar.update(e.index, { task: describeEnd(e) });
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

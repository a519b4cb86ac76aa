/**
 * Runs one measured job in a fresh child process and turns whatever happens into a
 * {@link RunResult}: a reported result, a thrown error (`failed`), an out-of-memory abort
 * (`oom`), no result within the timeout (`timeout`), or any other death (`crashed`). Never
 * throws for the child's sake.
 *
 * The child leads its own process group (`detached: true`), so that it and everything scenario
 * code starts in it (a server, a load generator) are killed together: at the timeout, as soon
 * as the child exits (nothing a run started outlives it), and, through the cleanup registry,
 * on Ctrl-C and at exit. A process that leaves the group on purpose (its own `detached`,
 * `setsid`) is beyond this reach.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunResult } from '../results/results-document.js';
import type { ChildJob, ChildMessage } from '../probe/child-protocol.js';
import { killProcessGroup } from '../services/cleanup.js';
import { DEFAULTS } from '../config/defaults.js';
import { phaseMessage } from '../probe/to-run-error.js';
import type { ChildProgress } from '../probe/child-progress.js';
import { fitLeak } from '../growth/fit-leak.js';
import { epochMs, runOverhead, type RunOverhead } from '../probe/child-timings.js';
import { type ChildSpawnSpec, prepareSpareChild, spawnMeasuredChild, takeSpareChild } from './spare-child.js';
import { isClinicKind } from '../profile/profile-kind.js';
import { clinicSpawn } from './clinic-spawn.js';

const CHILD_ENTRY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../probe/child-entry.js');
const STDERR_TAIL_BYTES = 4096;
// What V8 prints when the heap limit is reached (the process then aborts, often followed by a
// native stack long enough to push this line out of the stderr tail: it is matched as it arrives).
const OOM_PATTERN =
  /JavaScript heap out of memory|Reached heap limit|Allocation failed - process out of memory|Fatal JavaScript (?:out of memory|OOM)/i;
/** Characters kept from the previous chunk, so a message split across two chunks still matches. */
const OOM_OVERLAP = 200;
/** How long after the child's exit its pipes may stay open (held by a process outside its group), in ms. */
const CLOSE_GRACE_MS = 2000;

/**
 * V8 flags of a child that calls `run` several times for a leak fit. Measured on the
 * `suggestions` scenario (which leaks nothing), 60 iterations: with V8's default tiering the
 * retained heap still grew 430–840 B per iteration after 20 to 40 warm-up iterations, as
 * TurboFan kept optimising (and re-optimising) functions and kept their deoptimisation data and
 * feedback; with these flags it was flat (0–12 B per iteration) from the third iteration on.
 * What `run` keeps reachable does not depend on the tier that runs it; peak heap and duration
 * do (no escape analysis, no optimised code), which the README says of iterated runs.
 *
 * - `--no-opt`, `--no-sparkplug`: only the interpreter runs scenario code.
 * - `--no-lazy-feedback-allocation`: a function's feedback vector is allocated on its first
 *   call rather than its 8th (https://v8.dev/blog/v8-lite), so functions called once per
 *   iteration do not add theirs at iteration 8, after the warm-up.
 */
export const ITERATED_RUN_V8_FLAGS: readonly string[] = Object.freeze(['--no-opt', '--no-sparkplug', '--no-lazy-feedback-allocation']);

/** Options for {@link runChild}. */
export interface RunChildOptions {
  /** Child's `--max-old-space-size`, in MB; absent means V8's default. */
  readonly maxHeapMb?: number;
  /** Kill the child's process group after this long, in milliseconds: a `timeout` result. @default DEFAULTS.runTimeoutMs (600,000: 10 min) */
  readonly timeoutMs?: number;
  /** Where the timeout came from, named in a `timeout` result's message (`--timeout`). @default 'the default' */
  readonly timeoutSource?: string;
  /** Receives the child's stdout/stderr text as it arrives (e.g. `--verbose`). */
  readonly onOutput?: (text: string) => void;
  /** More node/V8 flags for the child (the live pass's GC settings). @default none */
  readonly nodeFlags?: readonly string[];
  /** Progress the child reports from inside `run` (requests of a load done so far). */
  readonly onProgress?: (progress: ChildProgress) => void;
  /** Environment variables for the child besides the parent's (e.g. `HEAPGATE_LOAD_TOOL`). @default none */
  readonly env?: Readonly<Record<string, string>>;
  /** Receives where the run's wall time went, spawn to close, when the child reported a result (`bench/run-overhead.bench.ts`). */
  readonly onOverhead?: (overhead: RunOverhead) => void;
  /**
   * Another run with the same node flags and environment follows: start its process (the
   * spare, `spare-child.ts`) as soon as this child's measured phase is over. @default false
   */
  readonly spareNext?: boolean;
}

/**
 * Spawns `node --expose-gc child-entry.js` (under `profile/clinic-entry.js` for a clinic
 * profile), sends `job`, and waits for the outcome.
 */
export function runChild(job: Omit<ChildJob, 'type'>, options: RunChildOptions = {}): Promise<RunResult> {
  // --no-flush-bytecode: V8 discards the bytecode of functions idle across several GCs (bytecode
  // flushing, https://chromium.googlesource.com/v8/v8/+/a55803a15d2b202562d72bb186463ca3ebef0c1c;
  // described in https://v8.dev/blog/v8-lite); the forced GCs around the measured phase would then
  // show setup code vanishing as negative retained heap.
  const args = ['--expose-gc', '--no-flush-bytecode'];
  if ((job.iterations ?? 1) > 1) args.push(...ITERATED_RUN_V8_FLAGS);
  if (options.maxHeapMb !== undefined) args.push(`--max-old-space-size=${options.maxHeapMb}`);
  if (options.nodeFlags) args.push(...options.nodeFlags);
  args.push(CHILD_ENTRY);
  // Under clinic, the clinic entry runs in the child's place and runs the child itself.
  const clinic = job.profile && isClinicKind(job.profile.kind) ? clinicSpawn(job.profile.kind, args) : undefined;
  const spec: ChildSpawnSpec = { args: clinic?.args ?? args, ...(options.env ? { env: options.env } : {}) };
  // The spare the previous run started for this one, when their flags match.
  const askedAt = epochMs();
  const { child, untrack, spawnedAt } = takeSpareChild(spec) ?? spawnMeasuredChild(spec);
  let exitedAt = spawnedAt;
  const pid = child.pid;
  const killGroup = () => {
    if (pid) killProcessGroup(pid);
  };
  let tail = '';
  let oomLine: string | undefined;
  const collect = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    options.onOutput?.(text);
    if (oomLine === undefined) {
      const window = tail.slice(-OOM_OVERLAP) + text;
      const match = OOM_PATTERN.exec(window);
      if (match) {
        const start = window.lastIndexOf('\n', match.index) + 1;
        const end = window.indexOf('\n', match.index);
        oomLine = window.slice(start, end === -1 ? undefined : end).trim();
      }
    }
    tail = (tail + text).slice(-STDERR_TAIL_BYTES);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);

  const base = { scenario: job.scenario, variant: job.variant, records: job.records, repeat: job.repeat };
  const capped = options.maxHeapMb !== undefined ? { maxHeapMb: options.maxHeapMb } : {};
  const timeoutMs = options.timeoutMs ?? DEFAULTS.runTimeoutMs;
  return new Promise<RunResult>((resolve) => {
    let message: ChildMessage | undefined;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, timeoutMs);
    timer.unref();
    let closeGuard: NodeJS.Timeout | undefined;
    // The counters of the last progress report: a child that dies under load keeps them.
    let partialCounters: Readonly<Record<string, number>> | undefined;
    child.on('message', (m: ChildMessage) => {
      if (m.type === 'measured') {
        if (options.spareNext) prepareSpareChild(spec);
        return;
      }
      if (m.type === 'progress') {
        if (m.progress.counters) partialCounters = m.progress.counters;
        options.onProgress?.(m.progress);
        return;
      }
      message = m;
    });
    child.on('error', (err) => {
      tail += `\n${err.message}`;
    });
    child.on('exit', () => {
      exitedAt = epochMs();
      // Whatever the run started dies with it, and with it the pipes it may hold open.
      killGroup();
      // A process that left the group could still hold stdout/stderr open, and 'close' waits
      // for them: stop reading after a moment rather than wait for it.
      closeGuard = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
      }, CLOSE_GRACE_MS);
      closeGuard.unref();
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      clearTimeout(closeGuard);
      untrack();
      clinic?.dispose();
      const stderrTail = tail.trim();
      if (message?.type === 'result') {
        if (message.timings) options.onOverhead?.(runOverhead(spawnedAt, askedAt, message.timings, exitedAt, epochMs()));
        resolve({
          ...base,
          status: 'ok',
          metrics: message.metrics,
          counters: message.counters,
          timeline: message.timeline,
          ...capped,
          ...(message.snapshotPath ? { snapshotPath: message.snapshotPath } : {}),
          ...(message.profilePath ? { profilePath: message.profilePath } : {}),
          ...(message.warnings?.length ? { warnings: message.warnings } : {}),
          ...(message.retainedPerIteration ? { leak: fitLeak(message.retainedPerIteration) } : {}),
        });
      } else if (message?.type === 'failed') {
        resolve({
          ...base,
          status: 'failed',
          metrics: null,
          counters: {},
          error: {
            ...message.error,
            message: phaseMessage(message.phase, message.error),
            // What the scenario printed before it threw, when it printed anything.
            ...(stderrTail ? { stderrTail: lastLines(stderrTail, 20) } : {}),
          },
          ...capped,
        });
      } else if (timedOut && oomLine === undefined) {
        resolve({
          ...base,
          status: 'timeout',
          metrics: null,
          counters: { ...(partialCounters ?? {}) },
          error: {
            message: `timed out after ${timeoutMs} ms (${options.timeoutSource ?? 'the default'}); killed with everything it started`,
            timeoutMs,
            exitCode,
            signal,
            ...(stderrTail ? { stderrTail: lastLines(stderrTail, 20) } : {}),
          },
          ...capped,
        });
      } else {
        const oom = oomLine !== undefined;
        const reason = oom
          ? `ran out of heap${options.maxHeapMb !== undefined ? ` (--max-old-space-size=${options.maxHeapMb})` : ''}`
          : exitCode === 0
            ? // Node exits 0 when its event loop empties: a hook awaited a promise nothing will settle.
              'exited without a result (code 0): a hook returned a promise that never settled, with nothing left to wait on (or scenario code called process.exit)'
            : `exited without a result (code ${exitCode}, signal ${signal})`;
        resolve({
          ...base,
          status: oom ? 'oom' : 'crashed',
          metrics: null,
          counters: { ...(partialCounters ?? {}) },
          error: { message: reason, exitCode, signal, stderrTail: withOomLine(lastLines(stderrTail, 20), oomLine) },
          ...capped,
        });
      }
    });
    child.send({ type: 'job', ...job } satisfies ChildJob);
  });
}

function lastLines(text: string, n: number): string {
  return text.split('\n').slice(-n).join('\n');
}

/** The tail, headed by V8's out-of-memory line when the tail itself no longer holds it. */
function withOomLine(tail: string, oomLine: string | undefined): string {
  return oomLine === undefined || tail.includes(oomLine) ? tail : `${oomLine}\n…\n${tail}`;
}

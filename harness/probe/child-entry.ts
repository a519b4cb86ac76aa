/**
 * Entry point of every measured child process (`node --expose-gc child-entry.js`). Receives one
 * {@link ChildJob} over IPC (or, under clinic, from the file `HEAPGATE_CHILD_JOB` names:
 * `file-transport.ts`), runs the variant's setup unmeasured, measures `run`, and reports.
 * Scenario code runs here and nowhere else, so its allocations never mix with the harness's.
 */
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import type { Counters, RunContext, VariantDefinition } from '../scenario/types.js';
import type { ChildJob, ChildMessage } from './child-protocol.js';
import { HeapProbe, settledHeapOutsideCode } from './heap-probe.js';
import { loadScenarioForRun } from './load-variant.js';
import { takeMeasuredElsewhere } from '../service-probe/measured-elsewhere.js';
import { enableChildProgress } from './child-progress.js';
import { type ChildTimings, epochMs } from './child-timings.js';
import { endGroupWhenOrphaned } from './orphan-guard.js';

const entryAt = epochMs();
let jobAt = entryAt;
import { startInspectorProfile } from '../profile/inspector-profiler.js';
import type { InspectorProfileKind } from '../profile/profile-kind.js';

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve, reject) => process.send!(message, (err: Error | null) => (err ? reject(err) : resolve())));
}

/** CPU time this process spent since `start` (user + system, every thread), in milliseconds. */
function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

async function runJob(job: ChildJob): Promise<ChildMessage> {
  let phase: 'load' | 'setup' | 'run' | 'teardown' = 'load';
  try {
    const scenario = await loadScenarioForRun(job.scenarioFile, job.scenario);
    const loadedAt = epochMs();
    const variant = scenario.variants[job.variant] as VariantDefinition<unknown> | undefined;
    if (!variant) throw new Error(`scenario ${job.scenario} has no variant ${job.variant}`);
    const ctx: RunContext = Object.freeze({
      scenario: job.scenario,
      variant: job.variant,
      records: job.records,
      repeat: job.repeat,
      services: job.services,
      dataset: job.dataset,
      fixtures: job.fixtures,
    });
    phase = 'setup';
    const state = await variant.setup?.(ctx);
    const setupAt = epochMs();
    phase = 'run';
    const probe = new HeapProbe({ sampleIntervalMs: job.sampleIntervalMs });
    // Iterations: `run` again and again on the same state, back to a settled heap between calls
    // (harness/growth/fit-leak.ts). Readings go to a typed array allocated before the baseline,
    // so the loop itself retains nothing per iteration; counters are the last call's.
    const iterations = job.iterations ?? 1;
    const retained = iterations > 1 ? new Float64Array(iterations) : undefined;
    // Started before the probe's baseline: the profiler's own set-up is not the run's.
    const inspected = inspectorProfileOf(job);
    const profiler = inspected ? await startInspectorProfile(inspected.kind) : undefined;
    probe.begin();
    // The reference reading is taken the way every later one is (settled, outside code space).
    const reference = retained ? await settledHeapOutsideCode() : 0;
    let counters: Counters = {};
    let durationMs = 0;
    // CPU time beside wall time: a busy machine stretches wall time (the run waits for a core)
    // far more than CPU time (issue 14: 1.8–2.2× against 1.0–1.1× beside three busy loops).
    let cpuMs = 0;
    const measureAt = epochMs();
    for (let i = 0; i < iterations; i++) {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      counters = (await variant.run(ctx, state)) ?? {};
      durationMs += performance.now() - t0;
      cpuMs += cpuMsSince(cpu0);
      if (retained) retained[i] = (await settledHeapOutsideCode()) - reference;
    }
    const measuredAt = epochMs();
    // Nothing measured remains that another process could slow down: the parent may start the
    // next run's process now (runner/spare-child.ts). Heap figures are not affected by it.
    process.send?.({ type: 'measured' } satisfies ChildMessage);
    const { metrics, timeline } = await probe.finish();
    const finishedAt = epochMs();
    const profilePath = profiler && inspected ? await profiler.stop(inspected.path) : undefined;
    // run() measured a service with heapgate/probe: its figures are the run's (measured-elsewhere.ts).
    const elsewhere = takeMeasuredElsewhere(counters);
    let snapshotPath: string | undefined;
    if (job.snapshotPath) snapshotPath = v8.writeHeapSnapshot(job.snapshotPath);
    phase = 'teardown';
    await variant.teardown?.(ctx, state);
    const peakRssBytes = process.resourceUsage().maxRSS * 1024;
    const sanitized = sanitizeCounters(counters);
    const timings: ChildTimings = {
      bootedAt: performance.timeOrigin + performance.nodeTiming.bootstrapComplete,
      entryAt,
      jobAt,
      loadedAt,
      setupAt,
      measureAt,
      measuredAt,
      finishedAt,
      sendAt: epochMs(),
      cpuMs: cpuMsSince({ user: 0, system: 0 }),
    };
    return {
      type: 'result',
      metrics: elsewhere?.metrics ?? { ...metrics, peakRssBytes, durationMs, cpuMs },
      timings,
      ...sanitized,
      timeline: elsewhere?.timeline ?? timeline,
      ...(snapshotPath ? { snapshotPath } : {}),
      ...(profilePath ? { profilePath } : {}),
      ...(retained ? { retainedPerIteration: [...retained] } : {}),
      ...warningsField([
        ...(elsewhere ? [elsewhere.note] : []),
        ...(inspected ? [`measured under the ${inspected.kind} profiler: its figures include the profiler's overhead`] : []),
        ...(sanitized.warnings ?? []),
      ]),
    };
  } catch (err) {
    // Loaded only when a hook threw: it brings the syntax-error locator (a child process, fs).
    const { toRunError } = await import('./to-run-error.js');
    return { type: 'failed', phase, error: toRunError(err, { moduleFile: job.scenarioFile }) };
  }
}

/**
 * The job's profile when this process records it (an inspector kind). A clinic kind never gets
 * here (the clinic entry runs the child without it), and is ignored if it did.
 */
function inspectorProfileOf(job: ChildJob): { readonly kind: InspectorProfileKind; readonly path: string } | undefined {
  const p = job.profile;
  return p && (p.kind === 'heap' || p.kind === 'cpu') ? { kind: p.kind, path: p.path } : undefined;
}

function warningsField(warnings: readonly string[]): { warnings?: readonly string[] } {
  return warnings.length ? { warnings } : {};
}

/**
 * Counters must be finite numbers: anything else would poison medians and JSON. What is dropped
 * is said in `warnings`, so a mistyped counter is not silently missing from every report.
 */
function sanitizeCounters(counters: Counters): { counters: Counters; warnings?: string[] } {
  const out: Counters = {};
  const dropped: string[] = [];
  if (typeof counters !== 'object' || counters === null) {
    return { counters: out, warnings: [`run() returned ${counters === null ? 'null' : typeof counters}, not an object of counters`] };
  }
  for (const [k, v] of Object.entries(counters)) {
    if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
    else dropped.push(`counter ${JSON.stringify(k)} dropped: ${describeValue(v)} is not a finite number`);
  }
  return dropped.length ? { counters: out, warnings: dropped } : { counters: out };
}

function describeValue(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return `a string (${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)})`;
  return v === null ? 'null' : `a${typeof v === 'object' || typeof v === 'undefined' ? 'n' : ''} ${typeof v}`;
}

let reported = false;
const jobFile = process.env.HEAPGATE_CHILD_JOB;
if (jobFile !== undefined) {
  // Spawned by clinic, without an IPC channel: the job and its outcome go through files
  // (file-transport.ts, loaded only here, so the IPC path below imports nothing more).
  void import('./file-transport.js').then(({ runFileJob }) =>
    runFileJob(jobFile, runJob, () => {
      jobAt = epochMs();
      enableChildProgress();
    }),
  );
} else {
  listenForJob();
}

function listenForJob(): void {
  // The parent spawned this process as its group leader; if it goes before the result is sent,
  // end the group (orphan-guard.ts).
  endGroupWhenOrphaned(() => reported);

  process.once('message', (job: ChildJob) => {
    jobAt = epochMs();
    enableChildProgress();
    // The 'disconnect' listener above keeps the channel referenced; without this, a hook whose
    // promise never settles, with nothing left to wait on, would hang until the timeout instead
    // of ending at once (reported as exiting without a result).
    process.channel?.unref();
    void runJob(job)
      .then(send)
      .then(
        () => {
          reported = true;
          process.disconnect?.();
          // Scenario code may leave handles open (sockets, timers): the run is over regardless.
          process.exit(0);
        },
        (err) => {
          process.stderr.write(`heapgate child: could not report result: ${(err as Error).message}\n`);
          process.exit(70);
        },
      );
  });
}

/**
 * Entry point of every measured child process (`node --expose-gc child-entry.js`). Receives one
 * {@link ChildJob} over IPC, runs the variant's setup unmeasured, measures `run`, and reports.
 * Scenario code runs here and nowhere else, so its allocations never mix with the harness's.
 */
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import { findScenarioInModule } from '../scenario/load-scenarios.js';
import type { Counters, RunContext, VariantDefinition } from '../scenario/types.js';
import type { RunError } from '../results/results-document.js';
import type { ChildJob, ChildMessage } from './child-protocol.js';
import { HeapProbe } from './heap-probe.js';
import { takeMeasuredElsewhere } from '../service-probe/measured-elsewhere.js';

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve, reject) => process.send!(message, (err: Error | null) => (err ? reject(err) : resolve())));
}

function toRunError(err: unknown): RunError {
  const e = err as { message?: string; code?: unknown; stack?: string };
  return {
    message: e?.message ?? String(err),
    ...(typeof e?.code === 'string' ? { code: e.code } : {}),
    ...(e?.stack ? { stderrTail: e.stack.split('\n').slice(0, 12).join('\n') } : {}),
  };
}

async function runJob(job: ChildJob): Promise<ChildMessage> {
  let phase: 'load' | 'setup' | 'run' | 'teardown' = 'load';
  try {
    const scenario = await findScenarioInModule(job.scenarioFile, job.scenario);
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
    phase = 'run';
    const probe = new HeapProbe({ sampleIntervalMs: job.sampleIntervalMs });
    probe.begin();
    const t0 = performance.now();
    const counters = (await variant.run(ctx, state)) ?? {};
    const durationMs = performance.now() - t0;
    const { metrics, timeline } = await probe.finish();
    // run() measured a service with heapgate/probe: its figures are the run's (measured-elsewhere.ts).
    const elsewhere = takeMeasuredElsewhere(counters);
    let snapshotPath: string | undefined;
    if (job.snapshotPath) snapshotPath = v8.writeHeapSnapshot(job.snapshotPath);
    phase = 'teardown';
    await variant.teardown?.(ctx, state);
    const peakRssBytes = process.resourceUsage().maxRSS * 1024;
    const sanitized = sanitizeCounters(counters);
    return {
      type: 'result',
      metrics: elsewhere?.metrics ?? { ...metrics, peakRssBytes, durationMs },
      ...sanitized,
      timeline: elsewhere?.timeline ?? timeline,
      ...(snapshotPath ? { snapshotPath } : {}),
      ...(elsewhere ? { warnings: [elsewhere.note, ...(sanitized.warnings ?? [])] } : {}),
    };
  } catch (err) {
    return { type: 'failed', phase, error: toRunError(err) };
  }
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

process.once('message', (job: ChildJob) => {
  void runJob(job)
    .then(send)
    .then(
      () => {
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

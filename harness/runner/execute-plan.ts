/**
 * Carries out a {@link Plan}: starts the services once, seeds each (scenario, records) once,
 * starts its fixtures, runs every (repeat, variant) in a fresh child, and assembles the results
 * document. Reports progress through `onEvent`; never prints.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Fixtures, JsonValue, ServiceName } from '../scenario/types.js';
import type { ResultsDocument, RunResult, Verdict } from '../results/results-document.js';
import { summarize } from '../results/summarize.js';
import { interrupted } from '../services/cleanup.js';
import { createRedactor, lineRedactor, redactRun, secretsOf } from '../services/redact-secrets.js';
import { startServices } from '../services/start-services.js';
import { DEFAULTS } from '../config/defaults.js';
import type { Plan } from './plan.js';
import { runChild } from './run-child.js';
import { findHeapFloor, type HeapFloor } from './heap-floor.js';

/** Progress of a plan, for reporters. */
export type PlanEvent =
  | { readonly type: 'log'; readonly message: string }
  | {
      readonly type: 'seeded';
      readonly scenario: string;
      readonly records: number;
      readonly rows: number;
      readonly bytes?: number;
      readonly ms: number;
    }
  | {
      readonly type: 'run-start';
      readonly index: number;
      readonly total: number;
      readonly scenario: string;
      readonly variant: string;
      readonly records: number;
      readonly repeat: number;
    }
  | { readonly type: 'run-end'; readonly index: number; readonly total: number; readonly result: RunResult }
  | {
      readonly type: 'heap-floor-probe';
      readonly scenario: string;
      readonly variant: string;
      readonly records: number;
      readonly maxHeapMb: number;
      readonly status: RunResult['status'];
    }
  | { readonly type: 'heap-floor'; readonly floor: HeapFloor };

/** Options for {@link executePlan}. */
export interface ExecuteOptions {
  readonly maxHeapMb?: number;
  /** Timeline sampling period for the charts, in milliseconds. @default DEFAULTS.sampleIntervalMs (20) */
  readonly sampleIntervalMs?: number;
  /** Per-run timeout, in milliseconds. @default DEFAULTS.runTimeoutMs (900,000) */
  readonly runTimeoutMs?: number;
  /** Directory for heap snapshots; snapshots are written only when set. */
  readonly snapshotDir?: string;
  readonly onEvent?: (event: PlanEvent) => void;
  /** Child output as it arrives (for --verbose). */
  readonly onChildOutput?: (text: string) => void;
  /**
   * After a variant's repeats at one record count, decides whether to run it once more with a
   * heap snapshot (into `snapshotIfDir`), e.g. when a leak budget fails.
   */
  readonly snapshotIf?: (runs: readonly RunResult[]) => boolean;
  readonly snapshotIfDir?: string;
  /** Bisect each (variant, records) for its heap floor after its measured repeats. */
  readonly heapFloor?: { readonly toleranceMb?: number };
  /** Turns summaries into verdicts (targets, budgets, baseline). */
  readonly judge?: (doc: Omit<ResultsDocument, 'verdicts'>) => Verdict[];
}

/** Runs the plan and returns the results document (runs, summaries, verdicts). */
export async function executePlan(plan: Plan, options: ExecuteOptions = {}): Promise<ResultsDocument> {
  const emit = options.onEvent ?? (() => {});
  // Set once the services are up: nothing a run reports may carry their credentials.
  let redact = (text: string) => text;
  const log = (message: string) => emit({ type: 'log', message: redact(message) });
  const startedAt = new Date().toISOString();
  const needed = new Set<ServiceName>(plan.scenarios.flatMap((s) => s.scenario.definition.services));
  const services = await startServices(needed, log);
  redact = createRedactor(secretsOf(services.endpoints));
  const childOutput = options.onChildOutput === undefined ? undefined : lineRedactor(redact, options.onChildOutput);
  const runs: RunResult[] = [];
  const heapFloors: HeapFloor[] = [];
  const snapshots: string[] = [];
  let index = 0;
  try {
    for (const planned of plan.scenarios) {
      if (interrupted) break;
      const def = planned.scenario.definition;
      const endpoints = Object.fromEntries(def.services.map((n) => [n, services.endpoints[n]]));
      for (const records of planned.records) {
        if (interrupted) break;
        let dataset: JsonValue = null;
        let fixtures: Fixtures | undefined;
        try {
          if (def.seed) {
            const t0 = performance.now();
            const seeded = await def.seed({ scenario: def.name, records, services: endpoints, log });
            dataset = seeded.dataset ?? null;
            const seededEvent = {
              type: 'seeded' as const,
              scenario: def.name,
              records,
              rows: seeded.rowsWritten,
              ms: performance.now() - t0,
            };
            emit(seeded.bytesWritten !== undefined ? { ...seededEvent, bytes: seeded.bytesWritten } : seededEvent);
          }
          fixtures = def.fixtures ? await def.fixtures({ scenario: def.name, records, services: endpoints, log, dataset }) : undefined;
        } catch (err) {
          // Interrupted: the error is the shutdown's doing (services stopping), not the seeder's.
          if (interrupted) break;
          // A seeder or fixture that throws fails this (scenario, records), not the invocation.
          for (let repeat = 1; repeat <= plan.repeat; repeat++) {
            for (const variant of planned.variants) {
              index++;
              const result: RunResult = {
                scenario: def.name,
                variant,
                records,
                repeat,
                status: 'failed',
                metrics: null,
                counters: {},
                error: { message: redact(`seed: ${(err as Error)?.message ?? String(err)}`) },
              };
              runs.push(result);
              emit({ type: 'run-end', index, total: plan.totalRuns, result });
            }
          }
          continue;
        }
        const measure = async (variant: string, repeat: number, maxHeapMb: number | undefined, snapshotPath?: string) => {
          if (snapshotPath) fs.mkdirSync(path.dirname(snapshotPath), { recursive: true });
          const result = await runChild(
            {
              scenarioFile: planned.scenario.file,
              scenario: def.name,
              variant,
              records,
              repeat,
              services: endpoints,
              dataset,
              fixtures: fixtures?.values ?? null,
              sampleIntervalMs: options.sampleIntervalMs ?? DEFAULTS.sampleIntervalMs,
              ...(snapshotPath ? { snapshotPath } : {}),
            },
            {
              ...(maxHeapMb !== undefined ? { maxHeapMb } : {}),
              ...(options.runTimeoutMs !== undefined ? { timeoutMs: options.runTimeoutMs } : {}),
              ...(childOutput ? { onOutput: childOutput.write } : {}),
            },
          );
          childOutput?.flush();
          return redactRun(result, redact);
        };
        try {
          for (let repeat = 1; repeat <= plan.repeat; repeat++) {
            // Variants interleave within each repeat so slow drift of the machine spreads over
            // all of them instead of biasing whichever ran last.
            for (const variant of planned.variants) {
              if (interrupted) break;
              index++;
              emit({ type: 'run-start', index, total: plan.totalRuns, scenario: def.name, variant, records, repeat });
              const snapshotPath = options.snapshotDir
                ? path.join(options.snapshotDir, `${def.name}-${variant}-${records}-r${repeat}.heapsnapshot`)
                : undefined;
              const result = await measure(variant, repeat, options.maxHeapMb, snapshotPath);
              runs.push(result);
              emit({ type: 'run-end', index, total: plan.totalRuns, result });
            }
          }
          if (options.snapshotIf && options.snapshotIfDir) {
            for (const variant of planned.variants) {
              const these = runs.filter((r) => r.scenario === def.name && r.variant === variant && r.records === records);
              if (interrupted || !options.snapshotIf(these)) continue;
              const file = path.join(options.snapshotIfDir, `${def.name}-${variant}-${records}.heapsnapshot`);
              log(`leak budget failed for ${def.name} ${variant} ${records}: writing heap snapshot ${file}`);
              const extra = await measure(variant, 0, options.maxHeapMb, file);
              if (extra.snapshotPath) snapshots.push(extra.snapshotPath);
            }
          }
          if (options.heapFloor) {
            for (const variant of planned.variants) {
              if (interrupted) break;
              const floor = await bisectHeapFloor(
                def.name,
                variant,
                records,
                runs,
                (mb) => measure(variant, 0, mb),
                options.heapFloor.toleranceMb,
                emit,
              );
              heapFloors.push(floor);
              emit({ type: 'heap-floor', floor });
            }
          }
        } finally {
          await fixtures?.stop();
        }
      }
    }
  } finally {
    await services.stop();
  }
  const partial = {
    schemaVersion: 1 as const,
    startedAt,
    finishedAt: new Date().toISOString(),
    environment: {
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      cpus: os.cpus().length,
      totalMemBytes: os.totalmem(),
      services: services.descriptions,
    },
    runs,
    summaries: summarize(runs),
    ...(options.heapFloor ? { heapFloors } : {}),
    ...(snapshots.length || options.snapshotDir
      ? { snapshots: [...snapshots, ...runs.flatMap((r) => (r.snapshotPath ? [r.snapshotPath] : []))] }
      : {}),
  };
  return { ...partial, verdicts: options.judge?.(partial) ?? [] };
}

const MiB = 1024 * 1024;

/**
 * Starts the bisection just above what the uncapped runs used (baseline + peak, plus young
 * generation headroom), so most floors are found in a handful of probes.
 */
function bisectHeapFloor(
  scenario: string,
  variant: string,
  records: number,
  runs: readonly RunResult[],
  attempt: (mb: number) => Promise<RunResult>,
  toleranceMb: number | undefined,
  emit: (e: PlanEvent) => void,
): Promise<HeapFloor> {
  const measured = runs.filter((r) => r.scenario === scenario && r.variant === variant && r.records === records && r.metrics && r.timeline);
  const peaks = measured.map((r) => (r.timeline!.baselineHeapBytes + r.metrics!.heapDeltaBytes) / MiB);
  const startMb = peaks.length ? Math.ceil(Math.max(...peaks) * 1.25) + 16 : 256;
  return findHeapFloor({ scenario, variant, records }, attempt, {
    startMb,
    ...(toleranceMb !== undefined ? { toleranceMb } : {}),
    onProbe: (p) => emit({ type: 'heap-floor-probe', scenario, variant, records, maxHeapMb: p.maxHeapMb, status: p.status }),
  });
}

/**
 * One invocation's measuring session: the services a plan needs, started once; the redactor
 * built from their credentials, through which everything a run reports passes; progress
 * events with the run counter; and the environment the results document records. Never prints.
 */
import os from 'node:os';
import type { ResultsEnvironment, RunResult } from '../results/results-document.js';
import type { ServiceEndpoints, ServiceName } from '../scenario/types.js';
import { createRedactor, lineRedactor, redactRun, secretsOf } from '../services/redact-secrets.js';
import { startServices } from '../services/start-services.js';
import type { PostgresCacheMode } from '../services/postgres-provider.js';
import { startReaper } from '../reaper/start-reaper.js';
import { sweepStaleTempDirs } from '../reaper/sweep-stale-temp-dirs.js';
import type { ChildJob } from '../probe/child-protocol.js';
import type { Plan } from './plan.js';
import type { PlanEvent } from './plan-event.js';
import { runChild, type RunChildOptions } from './run-child.js';
import { discardSpareChild } from './spare-child.js';

/** Options of {@link openRunSession}. */
export interface RunSessionOptions {
  /** Receives progress. @default ignore it */
  readonly onEvent?: (event: PlanEvent) => void;
  /** Child stdout/stderr as it arrives, whole lines, redacted (for `--verbose`). @default discard it */
  readonly onChildOutput?: (text: string) => void;
  /**
   * What the embedded PostgreSQL keeps between invocations (the CLI: `reuse`, or `fresh` with
   * `--fresh`). @default 'off' (a temporary cluster)
   */
  readonly postgresCache?: PostgresCacheMode;
}

/** An open session; {@link RunSession.close} stops its services. */
export interface RunSession {
  /** ISO time the session was opened (the document's `startedAt`). */
  readonly startedAt: string;
  readonly environment: ResultsEnvironment;
  /** Endpoints of every service the plan needs. */
  readonly endpoints: ServiceEndpoints;
  /** Measured runs the plan holds (plus any {@link RunSession.addRuns} added), for `run-start`/`run-end` events. */
  readonly totalRuns: number;
  /** Counts `count` more runs into {@link RunSession.totalRuns} (confirmation repeats decided on the way). */
  addRuns(count: number): void;
  emit(event: PlanEvent): void;
  /** Emits a `log` event, redacted. */
  log(message: string): void;
  /** Replaces every service secret in `text`. */
  redact(text: string): string;
  /** Index of the next planned run (1-based), for progress. */
  nextRunIndex(): number;
  /** Runs one job in a fresh child (see `runChild`), its output and error redacted. */
  runChild(job: Omit<ChildJob, 'type'>, options?: Omit<RunChildOptions, 'onOutput'>): Promise<RunResult>;
  /** Stops the services (idempotent). */
  close(): Promise<void>;
}

/**
 * Starts the services `plan` needs (once each, through `startServices`) and opens the session.
 * @throws ServiceError when a service cannot be provided (the others are stopped).
 */
export async function openRunSession(plan: Plan, options: RunSessionOptions = {}): Promise<RunSession> {
  const emit = options.onEvent ?? (() => {});
  // Identity until the services are up: nothing is secret before they exist.
  let redact = (text: string) => text;
  const log = (message: string) => emit({ type: 'log', message: redact(message) });
  const startedAt = new Date().toISOString();
  const needed = new Set<ServiceName>(plan.scenarios.flatMap((s) => s.scenario.definition.services));
  // Before anything starts: what killed invocations left in the temp dir goes, and from here
  // on a watchdog stops what this one starts if it is SIGKILLed (harness/reaper/).
  sweepStaleTempDirs();
  startReaper();
  const services = await startServices(needed, log, options.postgresCache ? { postgresCache: options.postgresCache } : {});
  redact = createRedactor(secretsOf(services.endpoints));
  const childOutput = options.onChildOutput === undefined ? undefined : lineRedactor(redact, options.onChildOutput);
  let index = 0;
  let totalRuns = plan.totalRuns;
  let closed: Promise<void> | undefined;
  return {
    startedAt,
    environment: {
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      cpus: os.cpus().length,
      totalMemBytes: os.totalmem(),
      services: services.descriptions,
    },
    endpoints: services.endpoints,
    get totalRuns() {
      return totalRuns;
    },
    addRuns(count) {
      totalRuns += count;
    },
    emit,
    log,
    redact: (text) => redact(text),
    nextRunIndex: () => ++index,
    async runChild(job, childOptions = {}) {
      const result = await runChild(job, { ...childOptions, ...(childOutput ? { onOutput: childOutput.write } : {}) });
      childOutput?.flush();
      return redactRun(result, redact);
    },
    close: () => {
      discardSpareChild();
      closed ??= services.stop();
      return closed;
    },
  };
}

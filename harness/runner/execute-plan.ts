/**
 * Carries out a {@link Plan}: opens the session (services started once), then for each
 * (scenario, records) seeds and starts fixtures (`prepareRecords`), runs every (repeat,
 * variant) in a fresh child (`measureRepeats`) and stops the fixtures. Returns runs and
 * summaries; knows nothing of targets, budgets or baselines, and never prints.
 *
 * Follow-ups that need a record count's data set and fixtures still up — a heap-floor search,
 * the gate's snapshot re-run of a leaking variant — are the caller's: iterate the execution and
 * each measured (scenario, records) is handed over before the next one is seeded.
 */
import { DEFAULTS } from '../config/defaults.js';
import type { MeasuredResults } from '../results/build-results-document.js';
import type { LiveHeapMethod, LivePass, RunResult } from '../results/results-document.js';
import { summarize } from '../results/summarize.js';
import type { LoadedScenario } from '../scenario/load-scenarios.js';
import { interrupted } from '../services/cleanup.js';
import { runLivePasses } from './live-pass.js';
import {
  measureOnce,
  measureRepeats,
  unpreparedRuns,
  type MeasuredRepeats,
  type MeasureOnceJob,
  type MeasureOptions,
} from './measure-repeats.js';
import type { Plan } from './plan.js';
import type { PlanEvent } from './plan-event.js';
import { prepareRecords, type PreparedRecords } from './prepare-records.js';
import { openRunSession, type RunSession, type RunSessionOptions } from './run-session.js';

/** Options of {@link executePlan}. */
export interface ExecuteOptions extends MeasureOptions, RunSessionOptions {
  /**
   * `exact`: after each (scenario, records)'s measured repeats, a live pass per variant
   * (`runner/live-pass.ts`) gives the summaries' `liveHeapDeltaBytes`; `observed`: no live pass.
   * @default DEFAULTS.liveHeap ('exact')
   */
  readonly liveHeap?: LiveHeapMethod;
}

/** One (scenario, records) of the plan after its measured runs, while its data set and fixtures are up. */
export interface MeasuredRecords {
  readonly scenario: LoadedScenario;
  readonly records: number;
  readonly variants: readonly string[];
  /** This record count's runs, every (repeat, variant) in run order. */
  readonly runs: readonly RunResult[];
  /** This record count's live passes (none with `liveHeap: 'observed'`). */
  readonly livePasses: readonly LivePass[];
  /** False when seeding or the fixtures failed: `runs` are the failed stand-ins and {@link extraRun} throws. */
  readonly prepared: boolean;
  /**
   * Runs `variant` once more against the same data set and fixtures, outside the measured
   * repeats (`repeat` 0, not added to `runs`), under the execution's `maxHeapMb` unless `job`
   * sets another.
   */
  extraRun(variant: string, job?: Omit<MeasureOnceJob, 'variant' | 'repeat'>): Promise<RunResult>;
  emit(event: PlanEvent): void;
  /** A redacted `log` event. */
  log(message: string): void;
}

/**
 * A plan being carried out. Iterating it drives the plan one (scenario, records) at a time;
 * {@link PlanExecution.result} finishes what iteration has not reached and returns the result.
 * Leaving an iteration early (break, throw) stops the fixtures and the services.
 */
export interface PlanExecution extends AsyncIterable<MeasuredRecords> {
  /**
   * Carries out the rest of the plan, stops the services and returns runs and summaries; with
   * `options.base`, the base revision's runs too (never summarised with these).
   */
  result(): Promise<MeasuredResults & { readonly baseRuns: readonly RunResult[]; readonly confirmation: ConfirmationRuns }>;
}

/** Fresh paired repeats of suspected regressions (`BaseArm.suspects`), both revisions. */
export interface ConfirmationRuns {
  readonly head: readonly RunResult[];
  readonly base: readonly RunResult[];
}

/** Starts carrying out `plan` (lazily: nothing runs until iterated or {@link PlanExecution.result}). */
export function executePlan(plan: Plan, options: ExecuteOptions = {}): PlanExecution {
  const runs: RunResult[] = [];
  const baseRuns: RunResult[] = [];
  const confirmation = { head: [] as RunResult[], base: [] as RunResult[] };
  const livePasses: LivePass[] = [];
  const liveHeap = options.liveHeap ?? DEFAULTS.liveHeap;
  let measured: Omit<MeasuredResults, 'summaries'> | undefined;
  const steps = (async function* (): AsyncGenerator<MeasuredRecords> {
    const session = await openRunSession(plan, options);
    try {
      for (const planned of plan.scenarios) {
        if (interrupted) break;
        for (const records of planned.records) {
          if (interrupted) break;
          const prepared = await prepareRecords(session, planned, records).catch((error: unknown) => ({ error }));
          if ('error' in prepared) {
            // Interrupted: the error is the shutdown's doing (services stopping), not the seeder's.
            if (interrupted) break;
            const failed = unpreparedRuns(session, planned, records, plan.repeat, prepared.error);
            runs.push(...failed);
            yield {
              scenario: planned.scenario,
              records,
              variants: planned.variants,
              runs: failed,
              livePasses: [],
              prepared: false,
              extraRun: () => Promise.reject(new Error(`${planned.scenario.definition.name} ${records}: not prepared`)),
              emit: session.emit,
              log: session.log,
            };
            continue;
          }
          try {
            const { runs: these, baseRuns: theirs } = await measureRepeats(session, prepared, plan.repeat, options);
            runs.push(...these);
            baseRuns.push(...theirs);
            const fresh = await confirmSuspects(session, prepared, these, theirs, plan.repeat, options);
            confirmation.head.push(...fresh.runs);
            confirmation.base.push(...fresh.baseRuns);
            const passes = liveHeap === 'exact' ? await runLivePasses(session, prepared, these, options) : [];
            livePasses.push(...passes);
            yield {
              scenario: planned.scenario,
              records,
              variants: planned.variants,
              runs: these,
              livePasses: passes,
              prepared: true,
              extraRun: (variant, job = {}) =>
                measureOnce(
                  session,
                  prepared,
                  { variant, repeat: 0, ...(options.maxHeapMb !== undefined ? { maxHeapMb: options.maxHeapMb } : {}), ...job },
                  options,
                ),
              emit: session.emit,
              log: session.log,
            };
          } finally {
            await prepared.stop();
          }
        }
      }
    } finally {
      await session.close();
      // The flags every child ran with belong to what was measured (a semi-space size changes peak heap).
      const environment = options.nodeOptions?.length ? { ...session.environment, nodeOptions: options.nodeOptions } : session.environment;
      measured = { startedAt: session.startedAt, finishedAt: new Date().toISOString(), environment, runs };
    }
  })();
  return {
    [Symbol.asyncIterator]: () => steps,
    async result() {
      for await (const _ of steps) {
        // nothing to follow up
      }
      if (!measured) throw new Error('executePlan: the execution was abandoned before it finished');
      return { ...measured, summaries: summarize(measured.runs, livePasses), baseRuns, confirmation };
    },
  };
}

/**
 * The fresh paired repeats of the variants `options.base.suspects` names for this record count
 * (none when it names none): `repeat` more per side, numbered after the planned ones, while the
 * data set is still seeded. They confirm or clear each suspected regression; they are not
 * measured repeats (budgets and summaries never see them).
 */
async function confirmSuspects(
  session: RunSession,
  prepared: PreparedRecords,
  head: readonly RunResult[],
  base: readonly RunResult[],
  repeat: number,
  options: ExecuteOptions,
): Promise<MeasuredRepeats> {
  const suspects = options.base?.suspects?.(head, base) ?? [];
  if (suspects.length === 0 || interrupted) return { runs: [], baseRuns: [] };
  const name = prepared.planned.scenario.definition.name;
  session.addRuns(suspects.length * repeat * 2);
  session.log(
    `${name} ${prepared.records}: ${suspects.join(', ')} regressed on the paired repeats — confirming on ${repeat} fresh repeats per revision`,
  );
  const only = { ...prepared, planned: { ...prepared.planned, variants: suspects } };
  return measureRepeats(session, only, repeat, options, repeat + 1);
}

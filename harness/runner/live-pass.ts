/**
 * The live pass (`--live-heap exact`, the default): after a (scenario, records)'s measured
 * repeats, one more child per variant runs the same job with every collection a full
 * mark-compact, about every `intervalMb` of allocation. The largest used heap after one of
 * those collections is what was reachable at the peak, to within what the code allocated
 * since the previous one — a figure that no longer depends on when V8 chose to collect.
 *
 * Why those flags (measured on Node 20.20, README "What a run measures"):
 * - `--gc-global`: every collection V8 starts is a mark-compact, so after each one used heap
 *   counts only reachable objects (after a scavenge it still counts old-generation garbage).
 * - `--min-semi-space-size=I --max-semi-space-size=I`: a fixed young generation of I MB, so a
 *   collection comes after at most about I MB of young allocation (objects over 128 KB go to
 *   the young large-object space, which counts against the same capacity).
 * - `--no-allocation-site-pretenuring`: otherwise V8 soon allocates long-lived objects straight
 *   into old space, which triggers no young collection: a 1,000,000-row in-memory burst then
 *   collected every ~5.6 MB instead of every 2 MB (29 instead of 89 collections at I = 2).
 */
import { DEFAULTS } from '../config/defaults.js';
import type { LivePass, RunResult } from '../results/results-document.js';
import { median } from '../results/summarize.js';
import { interrupted } from '../services/cleanup.js';
import { measureOnce, type MeasureOptions } from './measure-repeats.js';
import type { PreparedRecords } from './prepare-records.js';
import type { RunSession } from './run-session.js';

const MiB = 1024 * 1024;

/** Node flags of a live-pass child with a young generation of `intervalMb` MB. */
export function livePassNodeFlags(intervalMb: number): string[] {
  return ['--gc-global', `--min-semi-space-size=${intervalMb}`, `--max-semi-space-size=${intervalMb}`, '--no-allocation-site-pretenuring'];
}

/**
 * The live pass's semi-space, in MB: the smallest power of two at or above
 * `DEFAULTS.liveHeapIntervalFraction` (2 %) of the median peak heap Δ, clamped to
 * `DEFAULTS.liveHeapMinIntervalMb`…`DEFAULTS.liveHeapMaxIntervalMb` (1…64).
 *
 * What is reachable can grow by at most about one interval between two full collections, so
 * the live figure lies within 2–4 % below the reachable peak (within 1 MB for small runs);
 * halving the interval doubles the collections, each of which marks everything alive (a
 * 162 MB burst took 12.6 s at 1 MB, 2.8 s at 4 MB, against 0.46 s unmeasured).
 *
 * @param peakBytes Median `heapDeltaBytes` of the measured repeats, in bytes.
 */
export function livePassIntervalMb(peakBytes: number): number {
  const wanted = (Math.max(0, peakBytes) * DEFAULTS.liveHeapIntervalFraction) / MiB;
  const power = wanted <= DEFAULTS.liveHeapMinIntervalMb ? DEFAULTS.liveHeapMinIntervalMb : 2 ** Math.ceil(Math.log2(wanted));
  return Math.min(DEFAULTS.liveHeapMaxIntervalMb, Math.max(DEFAULTS.liveHeapMinIntervalMb, power));
}

/**
 * Runs the live pass of every variant of `prepared` that has an `ok` run among `runs` (its
 * measured repeats), one fresh child each, under the execution's `maxHeapMb`. Logs one line
 * per pass; stops early once interrupted. A pass that fails is returned with its status and
 * error (the summary then keeps the observed figure).
 */
export async function runLivePasses(
  session: RunSession,
  prepared: PreparedRecords,
  runs: readonly RunResult[],
  options: MeasureOptions = {},
): Promise<LivePass[]> {
  const scenario = prepared.planned.scenario.definition.name;
  const records = prepared.records;
  const passes: LivePass[] = [];
  for (const variant of prepared.planned.variants) {
    if (interrupted) break;
    const ok = runs.filter((r) => r.variant === variant && r.status === 'ok' && r.metrics);
    if (ok.length === 0) continue;
    const intervalMb = livePassIntervalMb(median(ok.map((r) => r.metrics!.heapDeltaBytes)));
    session.log(`live pass ${scenario} ${variant} ${records.toLocaleString('en-US')}: every GC full, semi-space ${intervalMb} MB…`);
    const result = await measureOnce(
      session,
      prepared,
      {
        variant,
        repeat: 0,
        ...(options.maxHeapMb !== undefined ? { maxHeapMb: options.maxHeapMb } : {}),
        nodeFlags: livePassNodeFlags(intervalMb),
      },
      options,
    );
    passes.push({
      scenario,
      variant,
      records,
      status: result.status,
      intervalMb,
      liveHeapDeltaBytes: result.status === 'ok' && result.metrics ? result.metrics.liveHeapDeltaBytes : null,
      fullGcs: result.timeline?.gcEvents.filter((e) => e.kind === 'major').length ?? 0,
      durationMs: result.metrics?.durationMs ?? null,
      ...(result.error ? { error: result.error } : {}),
    });
  }
  return passes;
}

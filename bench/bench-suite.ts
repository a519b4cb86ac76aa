/**
 * Benchmark suites for `npm run bench`. A suite measures throughput with tinybench and states
 * the ratios it promises (e.g. "cursor strategy ≥ 90% of raw pg-cursor"), measured in the same
 * run so machine noise cancels. Benchmarks print; they never run under `npm test`.
 */
import type { ServiceEndpoints, ServiceName } from '../harness/scenario/types.js';

/** One measured task. */
export interface BenchRow {
  readonly name: string;
  /** Throughput in `unit` (e.g. rows/s); a median over tinybench's samples. */
  readonly throughput: number;
  readonly unit: string;
  /** Relative margin of error of the mean, in percent. */
  readonly rmePercent: number;
  readonly samples: number;
}

/** A promise a suite checks on its own rows, e.g. `cursor / raw ≥ 0.9`. */
export interface BenchCheck {
  readonly label: string;
  readonly actual: number;
  /** `>=` or `<=` against `expected`. */
  readonly comparator: '>=' | '<=';
  readonly expected: number;
  readonly pass: boolean;
}

/** What a suite returns. */
export interface BenchSuiteResult {
  readonly rows: readonly BenchRow[];
  readonly checks: readonly BenchCheck[];
  /** Extra lines worth printing (sizes, error estimates). */
  readonly notes?: readonly string[];
}

/** Given to a suite. */
export interface BenchContext {
  readonly services: ServiceEndpoints;
  log(message: string): void;
}

/** A benchmark suite module's default export. */
export interface BenchSuite {
  readonly name: string;
  readonly services: readonly ServiceName[];
  run(ctx: BenchContext): Promise<BenchSuiteResult>;
}

/** Builds a {@link BenchCheck}. */
export function benchCheck(label: string, actual: number, comparator: '>=' | '<=', expected: number): BenchCheck {
  return { label, actual, comparator, expected, pass: comparator === '>=' ? actual >= expected : actual <= expected };
}

/** The round with the median throughput, named with the round count (rounds alternate task order). */
export function medianRow(rounds: readonly BenchRow[]): BenchRow {
  const m = [...rounds].sort((a, b) => a.throughput - b.throughput)[Math.floor(rounds.length / 2)]!;
  return { ...m, name: `${m.name} (median of ${rounds.length} rounds)` };
}

/**
 * A {@link BenchRow} from a finished tinybench task: its median throughput (p50 of iterations/s)
 * times `perIteration` (tasks batch many operations per iteration when one is far below timer
 * resolution). Throws when the task did not complete, so a broken task never prints as a number.
 */
export function taskRow(name: string, task: { readonly result?: unknown } | undefined, perIteration: number, unit: string): BenchRow {
  const r = task?.result as { state?: string; throughput?: { p50: number; rme: number; samplesCount: number } } | undefined;
  if (r?.state !== 'completed' || !r.throughput) throw new Error(`bench task "${name}" did not complete (${r?.state ?? 'missing'})`);
  return { name, throughput: r.throughput.p50 * perIteration, unit, rmePercent: r.throughput.rme, samples: r.throughput.samplesCount };
}

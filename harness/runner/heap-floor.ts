/**
 * Heap floor: the smallest `--max-old-space-size` under which a run still completes, found by
 * bisection to within `toleranceMb`. The measured proof behind claims like "fits a 512 MB
 * Lambda": a peak-heap number alone does not say how small a heap the work can live in, since
 * V8 collects harder as the limit nears.
 */
import { DEFAULTS } from '../config/defaults.js';
import type { HeapFloor, HeapFloorProbe, RunResult } from '../results/results-document.js';

/** Options for {@link findHeapFloor}. */
export interface HeapFloorOptions {
  /** Stop when the bracket is this narrow, in MB. @default DEFAULTS.heapFloorToleranceMb (4) */
  readonly toleranceMb?: number;
  /** First guess for a passing cap, e.g. from the uncapped run's peak. */
  readonly startMb: number;
  /** Never try above this, in MB. @default DEFAULTS.heapFloorMaxMb (16,384) */
  readonly maxMb?: number;
  /** Smallest cap worth trying, in MB. @default DEFAULTS.heapFloorMinMb (8) */
  readonly minMb?: number;
  /** Called after each probe (progress). */
  readonly onProbe?: (probe: HeapFloorProbe) => void;
}

/**
 * Bisects caps with `attempt(mb)`, which runs the job in a fresh child capped at `mb`.
 * First finds a passing cap by doubling from `startMb`, then narrows the bracket.
 */
export async function findHeapFloor(
  job: { scenario: string; variant: string; records: number },
  attempt: (maxHeapMb: number) => Promise<RunResult>,
  options: HeapFloorOptions,
): Promise<HeapFloor> {
  const tolerance = options.toleranceMb ?? DEFAULTS.heapFloorToleranceMb;
  const maxMb = options.maxMb ?? DEFAULTS.heapFloorMaxMb;
  const probes: HeapFloorProbe[] = [];
  const tryCap = async (mb: number): Promise<boolean> => {
    const result = await attempt(mb);
    const probe = { maxHeapMb: mb, status: result.status };
    probes.push(probe);
    options.onProbe?.(probe);
    return result.status === 'ok';
  };
  let lo = Math.max(1, (options.minMb ?? DEFAULTS.heapFloorMinMb) - 1); // assumed failing (never tried): nothing fits below the minimum
  let hi = Math.min(Math.max(Math.ceil(options.startMb), lo + 1), maxMb);
  // Grow until something passes.
  while (!(await tryCap(hi))) {
    lo = hi;
    if (hi >= maxMb) return { ...job, floorMb: null, failedMb: lo, toleranceMb: tolerance, probes };
    hi = Math.min(hi * 2, maxMb);
  }
  while (hi - lo > tolerance) {
    const mid = Math.floor((lo + hi) / 2);
    if (await tryCap(mid)) hi = mid;
    else lo = mid;
  }
  return { ...job, floorMb: hi, failedMb: probes.some((p) => p.status !== 'ok') ? lo : null, toleranceMb: tolerance, probes };
}

/**
 * The `--heap-floor` step: after a record count's measured runs, the smallest
 * `--max-old-space-size` each of its variants completes under, bisected in fresh children
 * against the same data set and fixtures.
 */
import type { HeapFloor, RunResult } from '../results/results-document.js';
import { interrupted } from '../services/cleanup.js';
import type { MeasuredRecords } from './execute-plan.js';
import { findHeapFloor } from './heap-floor.js';

const MiB = 1024 * 1024;

/** Options of {@link searchHeapFloors}. */
export interface SearchHeapFloorsOptions {
  /** Stop bisecting when the bracket is this narrow, in MB. @default DEFAULTS.heapFloorToleranceMb (4) */
  readonly toleranceMb?: number;
}

/**
 * One heap floor per variant of `measured` (none when it was not prepared, none for a variant
 * whose measured run timed out; stops early once interrupted), emitting a `heap-floor-probe` event per attempt and a `heap-floor` event per
 * variant.
 */
export async function searchHeapFloors(measured: MeasuredRecords, options: SearchHeapFloorsOptions = {}): Promise<HeapFloor[]> {
  if (!measured.prepared) return [];
  const scenario = measured.scenario.definition.name;
  const records = measured.records;
  const floors: HeapFloor[] = [];
  for (const variant of measured.variants) {
    if (interrupted) break;
    // Each probe of a variant that hung would wait the full timeout again, a dozen times over.
    if (measured.runs.some((r) => r.variant === variant && r.status === 'timeout')) {
      measured.log(`heap floor ${scenario} ${variant} ${records.toLocaleString('en-US')}: not searched, its run timed out`);
      continue;
    }
    const floor = await findHeapFloor({ scenario, variant, records }, (mb) => measured.extraRun(variant, { maxHeapMb: mb }), {
      startMb: startingCapMb(measured.runs.filter((r) => r.variant === variant)),
      ...(options.toleranceMb !== undefined ? { toleranceMb: options.toleranceMb } : {}),
      onProbe: (p) => measured.emit({ type: 'heap-floor-probe', scenario, variant, records, maxHeapMb: p.maxHeapMb, status: p.status }),
    });
    floors.push(floor);
    measured.emit({ type: 'heap-floor', floor });
  }
  return floors;
}

/**
 * Just above what the uncapped runs used (baseline + peak, plus young-generation headroom), so
 * most floors are found in a handful of probes; 256 MB when no run reported.
 */
function startingCapMb(runs: readonly RunResult[]): number {
  const peaks = runs.flatMap((r) => (r.metrics && r.timeline ? [(r.timeline.baselineHeapBytes + r.metrics.heapDeltaBytes) / MiB] : []));
  return peaks.length ? Math.ceil(Math.max(...peaks) * 1.25) + 16 : 256;
}

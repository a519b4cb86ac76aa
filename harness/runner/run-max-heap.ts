/** Which heap cap a measured child gets: `--max-heap` (or the job's own), then the variant's, then the scenario's. */
import type { ScenarioDefinition } from '../scenario/types.js';

/**
 * The `--max-old-space-size` of `variant`'s child, in MB, in precedence order: `jobMaxHeapMb`
 * (the CLI's `--max-heap`, or a heap-floor probe's size), the variant's `maxHeapMb`, the
 * scenario's `maxHeapMb`; `undefined` leaves V8's own limit. A scenario about running near the
 * limit declares its cap so that a plain `npm run scenario -- <name>` measures what it means to.
 */
export function resolveMaxHeapMb(definition: ScenarioDefinition, variant: string, jobMaxHeapMb: number | undefined): number | undefined {
  return jobMaxHeapMb ?? definition.variants[variant]?.maxHeapMb ?? definition.maxHeapMb;
}

/**
 * A short, stable name for a plan, written into results documents (`plan.fingerprint`) so that
 * `heapgate merge` can refuse shards of different plans: two shards match only when the whole
 * (unsharded) plan they were cut from was the same.
 */
import { createHash } from 'node:crypto';
import type { Plan } from './plan.js';

/**
 * sha256 (first 16 hex digits) over each entry's scenario name, record counts, variants and
 * iterations, in plan order, and the repeats. Scenario files' paths are left out: CI jobs check
 * the repository out in different directories.
 */
export function planFingerprint(plan: Plan): string {
  const canonical = {
    repeat: plan.repeat,
    entries: plan.scenarios.map((p) => ({
      scenario: p.scenario.definition.name,
      records: p.records,
      variants: p.variants,
      iterations: p.variants.map((v) => p.iterations?.[v] ?? 1),
    })),
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex').slice(0, 16);
}

/**
 * `--shard i/n`: part `i` of a plan split into `n` (CI matrix jobs, one per shard), merged back
 * by `heapgate merge`. The split is deterministic (the same plan always splits the same way) and
 * keeps together everything that must not be split:
 *
 * - every (scenario, records) on one shard, so no data set is seeded on two machines;
 * - every plan entry whole (its variants × record counts), so a growth budget's sweep and a
 *   capacity projection are judged on one shard, and a shard's own verdicts are those the
 *   unsharded run gives for the same measurements.
 *
 * Entries of one scenario that share a record count are one unit; units are dealt out longest
 * first to the shard with the fewest measured runs so far (LPT scheduling; ties go to the
 * earlier unit and the lower shard), so shards come out about equally long when the runs are.
 */
import { UsageError } from '../errors.js';
import type { Plan, PlannedScenario } from './plan.js';

/** Which part of a plan to run: `index` of `count`, 1-based. */
export interface Shard {
  /** 1 … `count`. */
  readonly index: number;
  /** Number of shards, ≥ 1. */
  readonly count: number;
}

/** What cannot be split: a scenario and the record counts its entries share. */
export interface ShardUnit {
  readonly scenario: string;
  /** Ascending. */
  readonly records: readonly number[];
  /** Measured runs the unit holds (records × variants × repeats over its entries). */
  readonly runs: number;
}

/**
 * `"2/3"` → `{ index: 2, count: 3 }`.
 * @throws UsageError naming `--<flag>` unless it is `i/n` with 1 ≤ i ≤ n
 */
export function parseShard(text: string, flag: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = match ? Number(match[1]) : Number.NaN;
  const count = match ? Number(match[2]) : Number.NaN;
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(count) && index >= 1 && count >= 1 && index <= count)) {
    throw new UsageError(`--${flag} must be i/n with 1 <= i <= n (e.g. 2/3), got "${text}"`);
  }
  return { index, count };
}

/** The plan's indivisible units, each with the indices of the entries it holds, in plan order. */
export function shardUnits(plan: Plan): { readonly unit: ShardUnit; readonly entries: readonly number[] }[] {
  const parent = plan.scenarios.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const owner = new Map<string, number>();
  plan.scenarios.forEach((entry, i) => {
    for (const records of entry.records) {
      const key = `${entry.scenario.definition.name}\u0000${records}`;
      const other = owner.get(key);
      if (other === undefined) owner.set(key, i);
      else parent[root(i)] = root(other);
    }
  });
  const groups = new Map<number, number[]>();
  plan.scenarios.forEach((_, i) => {
    const r = root(i);
    groups.set(r, [...(groups.get(r) ?? []), i]);
  });
  return [...groups.values()]
    .sort((a, b) => a[0]! - b[0]!)
    .map((entries) => {
      const planned = entries.map((i) => plan.scenarios[i]!);
      return {
        entries,
        unit: {
          scenario: planned[0]!.scenario.definition.name,
          records: [...new Set(planned.flatMap((p) => p.records))].sort((a, b) => a - b),
          runs: planned.reduce((n, p) => n + runsOf(p, plan.repeat), 0),
        },
      };
    });
}

/**
 * Part `shard.index` of `plan`: its entries in plan order, `totalRuns` recounted. A shard may
 * be empty when the plan has fewer units than shards.
 */
export function shardPlan(plan: Plan, shard: Shard): { readonly plan: Plan; readonly units: readonly ShardUnit[] } {
  const units = shardUnits(plan);
  const load = Array.from({ length: shard.count }, () => 0);
  const mine = new Set<number>();
  // Stable sort: equal units keep plan order, so the deal depends on nothing but the plan.
  for (const { unit, entries } of [...units].sort((a, b) => b.unit.runs - a.unit.runs)) {
    const target = load.indexOf(Math.min(...load));
    load[target]! += unit.runs;
    if (target === shard.index - 1) for (const i of entries) mine.add(i);
  }
  const picked = units.filter(({ entries }) => mine.has(entries[0]!)).map(({ unit }) => unit);
  const scenarios: PlannedScenario[] = plan.scenarios.filter((_, i) => mine.has(i));
  const totalRuns = scenarios.reduce((n, p) => n + runsOf(p, plan.repeat), 0);
  return { plan: { scenarios, repeat: plan.repeat, totalRuns }, units: picked };
}

function runsOf(entry: PlannedScenario, repeat: number): number {
  return entry.records.length * entry.variants.length * repeat;
}

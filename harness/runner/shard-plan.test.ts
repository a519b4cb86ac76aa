import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import type { LoadedScenario } from '../scenario/load-scenarios.js';
import type { ScenarioDefinition } from '../scenario/types.js';
import type { Plan, PlannedScenario } from './plan.js';
import { planFingerprint } from './plan-fingerprint.js';
import { parseShard, shardPlan, shardUnits } from './shard-plan.js';

const scenario = (name: string): LoadedScenario => ({
  file: `/x/${name}.mjs`,
  origin: 'user',
  definition: {
    name,
    summary: 's',
    source: 'x',
    defaultRecords: 100,
    sweep: [10, 100],
    services: [],
    variants: { a: { summary: 'a', run: async () => ({}) }, b: { summary: 'b', run: async () => ({}) } },
  } satisfies ScenarioDefinition,
});
const entry = (name: string, records: number[], variants: string[] = ['a']): PlannedScenario => ({
  scenario: scenario(name),
  records,
  variants,
});
const plan = (entries: PlannedScenario[], repeat = 1): Plan => ({
  scenarios: entries,
  repeat,
  totalRuns: entries.reduce((n, e) => n + e.records.length * e.variants.length * repeat, 0),
});
/** (scenario, records) pairs of a plan. */
const pairs = (p: Plan) => p.scenarios.flatMap((e) => e.records.map((r) => `${e.scenario.definition.name}/${r}`));

describe('--shard', () => {
  it('parses i/n and refuses anything else', () => {
    expect(parseShard('2/3', 'shard')).toEqual({ index: 2, count: 3 });
    expect(parseShard('1/1', 'shard')).toEqual({ index: 1, count: 1 });
    for (const bad of ['0/3', '4/3', '3', '1/0', '-1/2', 'a/b', '1/2/3', '']) {
      expect(() => parseShard(bad, 'shard'), bad).toThrow(UsageError);
    }
  });

  it("keeps a scenario's entries that share a record count in one unit", () => {
    const p = plan([entry('s', [10, 100, 1000]), entry('s', [100], ['b']), entry('t', [5]), entry('s', [7], ['b'])]);
    expect(shardUnits(p).map(({ unit, entries }) => [unit.scenario, unit.records, unit.runs, entries])).toEqual([
      ['s', [10, 100, 1000], 4, [0, 1]],
      ['t', [5], 1, [2]],
      ['s', [7], 1, [3]],
    ]);
  });

  it('splits into disjoint shards that together are the plan, no (scenario, records) on two', () => {
    const p = plan(
      [
        entry('s', [10, 100, 1000]),
        entry('s', [100], ['b']),
        entry('t', [5], ['a', 'b']),
        entry('u', [1]),
        entry('v', [2]),
        entry('w', [3]),
      ],
      3,
    );
    for (const count of [1, 2, 3, 4, 9]) {
      const shards = Array.from({ length: count }, (_, k) => shardPlan(p, { index: k + 1, count }).plan);
      const seen = shards.map(pairs);
      expect(seen.flat().sort(), `${count} shards`).toEqual(pairs(p).sort());
      for (let i = 0; i < count; i++)
        for (let j = i + 1; j < count; j++)
          expect(
            seen[i]!.filter((x) => seen[j]!.includes(x)),
            `${i}/${j} of ${count}`,
          ).toEqual([]);
      expect(shards.reduce((n, s) => n + s.totalRuns, 0)).toBe(p.totalRuns);
      // Entries keep their plan order inside a shard.
      for (const s of shards) {
        const order = s.scenarios.map((e) => p.scenarios.indexOf(e));
        expect(order).toEqual([...order].sort((a, b) => a - b));
      }
    }
  });

  it('deals the longest units first to the least loaded shard, deterministically', () => {
    // Runs: s 4, t 2, u 1, v 1, w 1.
    const p = plan([entry('u', [1]), entry('s', [10, 100, 1000, 10_000]), entry('t', [5], ['a', 'b']), entry('v', [2]), entry('w', [3])]);
    const names = (i: number) => shardPlan(p, { index: i, count: 3 }).plan.scenarios.map((e) => e.scenario.definition.name);
    expect([names(1), names(2), names(3)]).toEqual([['s'], ['t', 'w'], ['u', 'v']]);
    expect(shardPlan(p, { index: 2, count: 3 }).units.map((u) => u.scenario)).toEqual(['t', 'w']);
    // More shards than units: the extra ones are empty.
    expect(shardPlan(p, { index: 6, count: 6 }).plan).toEqual({ scenarios: [], repeat: 1, totalRuns: 0 });
  });

  it('fingerprints the whole plan: equal plans alike, any change in what is run differs', () => {
    const base = () => plan([entry('s', [10, 100]), entry('t', [5])]);
    expect(planFingerprint(base())).toBe(planFingerprint(base()));
    expect(planFingerprint(base())).toMatch(/^[0-9a-f]{16}$/);
    for (const other of [
      plan([entry('s', [10, 100]), entry('t', [5])], 2),
      plan([entry('s', [10]), entry('t', [5])]),
      plan([entry('s', [10, 100], ['b']), entry('t', [5])]),
      plan([entry('s', [10, 100]), { ...entry('t', [5]), iterations: { a: 20 } }]),
    ]) {
      expect(planFingerprint(other)).not.toBe(planFingerprint(base()));
    }
  });
});

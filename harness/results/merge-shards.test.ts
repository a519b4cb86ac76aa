import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { METRIC_NAMES } from '../scenario/types.js';
import { mergeShards, type ShardDocument } from './merge-shards.js';
import type { Metrics, ResultsDocument, RunResult } from './results-document.js';

const metrics = Object.fromEntries(METRIC_NAMES.map((m) => [m, 1])) as Metrics;
const run = (scenario: string): RunResult => ({ scenario, variant: 'v', records: 10, repeat: 1, status: 'ok', metrics, counters: {} });
/** Shard `index` of `count`, measuring `scenario`, with overrides. */
const shard = (index: number, count: number, scenario: string, extra: Partial<ResultsDocument> = {}): ShardDocument => ({
  file: `shard-${index}.json`,
  doc: {
    schemaVersion: 1,
    startedAt: `2026-12-02T01:0${index}:00.000Z`,
    finishedAt: `2026-12-02T01:1${index}:00.000Z`,
    environment: { node: 'v20.20.2', platform: 'linux-x64', cpus: 2, totalMemBytes: 8e9, services: {} },
    runs: [run(scenario)],
    summaries: [],
    verdicts: [
      {
        scenario,
        variant: 'v',
        records: 10,
        metric: 'heapDeltaBytes',
        actual: 1,
        limit: 2,
        comparator: '<=',
        kind: 'budget',
        pass: true,
        source: 's',
      },
    ],
    counterDefinitions: { [scenario]: { rows: { unit: 'count' } } },
    plan: { command: 'gate', suite: 'ci', fingerprint: '0123456789abcdef', shard: { index, count } },
    ...extra,
  },
});
const refusal = (shards: ShardDocument[]): string => {
  try {
    mergeShards(shards);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('merged');
};

describe('mergeShards', () => {
  it('concatenates the shards in shard order, spans their times and unions services and counter definitions', () => {
    const pg = { postgres: { provider: 'embedded', version: '18.4' } };
    const { doc, notes } = mergeShards([
      shard(2, 2, 'b', { environment: { node: 'v20.20.2', platform: 'linux-x64', cpus: 2, totalMemBytes: 8e9, services: pg } }),
      shard(1, 2, 'a', { snapshots: ['a.heapsnapshot'] }),
    ]);
    expect(doc.runs.map((r) => r.scenario)).toEqual(['a', 'b']);
    expect(doc.verdicts.map((v) => v.scenario)).toEqual(['a', 'b']);
    expect([doc.startedAt, doc.finishedAt]).toEqual(['2026-12-02T01:01:00.000Z', '2026-12-02T01:12:00.000Z']);
    expect(doc.environment.services).toEqual(pg);
    expect(Object.keys(doc.counterDefinitions ?? {})).toEqual(['a', 'b']);
    expect(doc.snapshots).toEqual(['a.heapsnapshot']);
    expect(doc.plan).toEqual({ command: 'gate', suite: 'ci', fingerprint: '0123456789abcdef', mergedShards: 2 });
    expect(notes).toEqual([]);
  });

  it('merges machines of different size with a note, keeping shard 1', () => {
    const big = { node: 'v20.20.2', platform: 'linux-x64', cpus: 4, totalMemBytes: 8e9, services: {} };
    const { doc, notes } = mergeShards([shard(1, 2, 'a'), shard(2, 2, 'b', { environment: big })]);
    expect(doc.environment.cpus).toBe(2);
    expect(notes).toEqual(["shards ran on machines with different cpus (2, 4): the document keeps shard 1's"]);
  });

  it('refuses what is not the complete set of shards of one plan, measured alike', () => {
    const other = (changes: Partial<NonNullable<ResultsDocument['plan']>>) => ({
      plan: { command: 'gate' as const, suite: 'ci', fingerprint: '0123456789abcdef', shard: { index: 2, count: 2 }, ...changes },
    });
    const env = (changes: object) => ({
      environment: { node: 'v20.20.2', platform: 'linux-x64', cpus: 2, totalMemBytes: 8e9, services: {}, ...changes },
    });
    const { plan: _plan, ...unsharded } = shard(1, 1, 'a').doc;
    expect(refusal([{ file: 'whole.json', doc: unsharded }])).toBe(
      'whole.json: not a shard (no plan.shard): merge takes the results of runs with --shard i/n',
    );
    expect(refusal([shard(1, 3, 'a'), shard(3, 3, 'c')])).toBe('merge: missing shard 2/3 of plan 0123456789abcdef');
    expect(refusal([shard(1, 2, 'a'), shard(1, 2, 'a'), shard(2, 2, 'b')])).toBe('merge: shard 1/2 given twice');
    expect(refusal([shard(1, 2, 'a'), shard(2, 2, 'b', other({ fingerprint: 'fedcba9876543210' }))])).toMatch(
      /^shard-2\.json: plan fedcba9876543210 differs from shard-1\.json's 0123456789abcdef: not shards of the same plan/,
    );
    expect(refusal([shard(1, 2, 'a'), shard(2, 2, 'b', other({ suite: 'nightly' }))])).toMatch(/plan\.suite "nightly" differs/);
    expect(refusal([shard(1, 2, 'a'), shard(2, 2, 'b', other({ shard: { index: 2, count: 3 } }))])).toMatch(/shard count 3 differs/);
    expect(refusal([shard(1, 2, 'a'), shard(2, 2, 'b', env({ node: 'v22.1.0' }))])).toMatch(
      /^shard-2\.json: environment\.node v22\.1\.0 differs from shard-1\.json's v20\.20\.2/,
    );
    expect(
      refusal([
        shard(1, 2, 'a', env({ services: { postgres: { provider: 'embedded', version: '18.4' } } })),
        shard(2, 2, 'b', env({ services: { postgres: { provider: 'testcontainers', version: '18.1' } } })),
      ]),
    ).toBe("shard-2.json: postgres testcontainers 18.1 differs from shard-1.json's embedded 18.4: shards must be measured alike");
    expect(refusal([shard(1, 2, 'a'), shard(2, 2, 'a')])).toBe(
      'shard-2.json: a / v / 10 records was measured by shard-1.json too: shards overlap',
    );
  });
});

/**
 * `gate --shard i/n` three times, `merge`, then `gate --results` on the merged document: the
 * verdict set and exit code of one unsharded `gate`. Also `run --shard` and merge's refusals.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../testing/run-cli.js';

const FIXTURES = path.join(REPO_ROOT, 'harness/testing/fixtures/shard-scenarios.mjs');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-shard-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface Doc {
  runs: { scenario: string; variant: string; records: number }[];
  verdicts: { kind: string; scenario: string; variant: string; records: number; metric: string; pass: boolean }[];
  plan?: { fingerprint: string; shard?: { index: number; count: number }; mergedShards?: number };
}
const read = (dir: string): Doc => JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8'));
/** What a verdict decides, without the measured number: the set the sharded gate must reproduce. */
const verdictSet = (doc: Doc) =>
  doc.verdicts.map((v) => `${v.kind} ${v.scenario}/${v.variant}/${v.records} ${v.metric} ${v.pass ? 'pass' : 'FAIL'}`).sort();
const runSet = (doc: Doc) => doc.runs.map((r) => `${r.scenario}/${r.variant}/${r.records}`).sort();
const gate = (out: string, extra: string[] = []) =>
  runCli([
    'gate',
    '--suite',
    'fixture-shard',
    '--scenarios',
    FIXTURES,
    '--repeat',
    '1',
    '--baseline',
    path.join(tmp, 'no-baseline.json'),
    '--out',
    path.join(tmp, out),
    ...extra,
  ]);

describe('gate --shard, merge, gate --results', () => {
  let whole: Doc;
  let wholeCode: number | null;
  beforeAll(async () => {
    const res = await gate('whole');
    wholeCode = res.code;
    whole = read(path.join(tmp, 'whole'));
  });

  it('judges the merged shards to the verdict set and exit code of one unsharded gate', async () => {
    // The fixture's shard-failing budget fails: the unsharded gate exits 1 on it.
    expect(wholeCode).toBe(1);
    expect(verdictSet(whole)).toContain('budget shard-failing/keep/10000 heapDeltaBytes FAIL');
    expect(verdictSet(whole).some((v) => v.includes('growth.liveHeapDeltaBytes'))).toBe(true);
    const shards = [];
    for (const i of [1, 2, 3]) {
      const res = await gate(`shard-${i}`, ['--shard', `${i}/3`]);
      expect(res.stdout).toContain(`shard ${i}/3:`);
      shards.push(read(path.join(tmp, `shard-${i}`)));
    }
    // Three units, one per shard; none measured twice, none left out.
    expect(shards.map((d) => d.runs.length > 0)).toEqual([true, true, true]);
    expect(shards.flatMap(runSet).sort()).toEqual(runSet(whole));
    expect(new Set(shards.map((d) => d.plan?.fingerprint))).toEqual(new Set([whole.plan?.fingerprint]));
    // Shard files given in any order.
    const merged = await runCli([
      'merge',
      ...[3, 1, 2].map((i) => path.join(tmp, `shard-${i}`, 'results.json')),
      '--out',
      path.join(tmp, 'merged'),
    ]);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toMatch(/merged 3 shards of plan [0-9a-f]{16}/);
    const mergedDoc = read(path.join(tmp, 'merged'));
    expect(mergedDoc.plan).toEqual({ command: 'gate', suite: 'fixture-shard', fingerprint: whole.plan?.fingerprint, mergedShards: 3 });
    expect(verdictSet(mergedDoc)).toEqual(verdictSet(whole));
    const judged = await gate('judged', ['--results', path.join(tmp, 'merged', 'results.json')]);
    expect(judged.code).toBe(wholeCode);
    expect(judged.stdout).toContain('nothing was run');
    expect(judged.stdout).toMatch(/FAIL shard-failing \/ keep \/ 10,000 records: heapDeltaBytes/);
    const judgedDoc = read(path.join(tmp, 'judged'));
    expect(verdictSet(judgedDoc)).toEqual(verdictSet(whole));
    expect(runSet(judgedDoc)).toEqual(runSet(whole));
    for (const f of ['junit.xml', 'summary.md', 'bmf.json', 'index.html']) expect(fs.existsSync(path.join(tmp, 'judged', f)), f).toBe(true);
  });

  it('refuses to judge one shard, or a document that lacks what the suite checks', async () => {
    const shard = path.join(tmp, 'shard-1', 'results.json');
    if (!fs.existsSync(shard)) expect((await gate('shard-1', ['--shard', '1/3'])).code).not.toBe(2);
    const one = await gate('judge-one', ['--results', shard]);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/holds shard 1\/3 only: combine all 3 with heapgate merge/);
    const partial = path.join(tmp, 'partial.json');
    const doc = read(path.join(tmp, 'whole'));
    fs.writeFileSync(partial, JSON.stringify({ ...doc, runs: doc.runs.filter((r) => r.scenario !== 'shard-other') }));
    const missing = await gate('judge-partial', ['--results', partial]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('has no runs of shard-other / stream / 10000 records');
    expect(missing.stderr).toMatch(/^usage: heapgate gate/m);
  });

  it('refuses --shard with --results or --update-baseline', async () => {
    const both = await gate('both', ['--shard', '1/2', '--results', path.join(tmp, 'x.json')]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--shard and --results');
    const update = await gate('update', ['--shard', '1/2', '--update-baseline']);
    expect(update.code).toBe(2);
    expect(update.stderr).toContain('merge the shards, then gate --results <merged> --update-baseline');
  });
});

describe('run --shard and merge', () => {
  it('runs every (scenario, records) on exactly one of two shards and merges them', async () => {
    const run = (out: string, extra: string[]) =>
      runCli([
        'run',
        'shard-whole',
        'shard-other',
        '--scenarios',
        FIXTURES,
        '--records',
        '1000',
        '--live-heap',
        'observed',
        '--out',
        path.join(tmp, out),
        ...extra,
      ]);
    const parts = [await run('run-1', ['--shard', '1/2']), await run('run-2', ['--shard', '2/2'])];
    for (const p of parts) expect(p.code, p.stderr).toBe(0);
    const docs = [read(path.join(tmp, 'run-1')), read(path.join(tmp, 'run-2'))];
    expect(docs.map((d) => [...new Set(d.runs.map((r) => r.scenario))])).toEqual([['shard-whole'], ['shard-other']]);
    const merged = await runCli([
      'merge',
      ...['run-1', 'run-2'].map((d) => path.join(tmp, d, 'results.json')),
      '--json',
      '--out',
      path.join(tmp, 'run-merged'),
    ]);
    expect(merged.code, merged.stderr).toBe(0);
    const doc = JSON.parse(merged.stdout) as Doc;
    expect(runSet(doc)).toEqual(['shard-other/stream/1000', 'shard-whole/keep/1000', 'shard-whole/stream/1000']);
    expect(doc.plan?.mergedShards).toBe(2);
  });

  it('exits 2 when a shard is missing, given twice, or not a shard', async () => {
    const shard = (i: number) => path.join(tmp, `run-${i}`, 'results.json');
    const missing = await runCli(['merge', shard(1)]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/merge: missing shard 2\/2 of plan [0-9a-f]{16}/);
    expect(missing.stderr).toMatch(/^usage: heapgate merge/m);
    const twice = await runCli(['merge', shard(1), shard(1), shard(2)]);
    expect(twice.stderr).toContain('shard 1/2 given twice');
    const whole = path.join(tmp, 'whole', 'results.json');
    const notShard = await runCli(['merge', whole]);
    expect(notShard.code).toBe(2);
    expect(notShard.stderr).toContain('not a shard (no plan.shard)');
  });
});

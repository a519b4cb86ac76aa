/**
 * Does heapgate measure what it claims? Checked against an independent measurement and against
 * allocations whose size is known, through the real CLI and real child processes. Each test
 * names the probe bug it exists to catch; each was seen failing with that bug put in by hand.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { ResultsDocument } from '../results/results-document.js';
import { FIXTURE_SCENARIOS, runCli } from '../testing/run-cli.js';
import { testPostgresUrl } from '../testing/services.js';

const MiB = 1024 * 1024;
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-fidelity-'));
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

async function measure(scenario: string, records: number, extra: readonly string[] = []): Promise<ResultsDocument> {
  const res = await runCli([
    'run',
    scenario,
    '--scenarios',
    FIXTURE_SCENARIOS,
    '--records',
    String(records),
    '--json',
    '--out',
    path.join(out, `${scenario}-${records}-${extra.join('')}`),
    ...extra,
  ]);
  expect(res.code, res.stderr).toBe(0);
  return JSON.parse(res.stdout) as ResultsDocument;
}

/** Runs `body` (an ES module body with the fixtures imported as `f`) in a plain `node --expose-gc` and returns what it prints. */
function plainNode(body: string): number {
  const script = `const f = await import(${JSON.stringify(FIXTURE_SCENARIOS)});\nconst v8 = await import('node:v8');\nconst used = () => v8.getHeapStatistics().used_heap_size;\n${body}`;
  return Number(execFileSync(process.execPath, ['--expose-gc', '--no-flush-bytecode', '--input-type=module', '-e', script]).toString());
}

/** Heap cost of the same structure, measured without heapgate: used heap after GC, before and after. */
function independentBytes(records: number): number {
  return plainNode(`
    gc(); gc();
    const before = used();
    const kept = f.buildKnownStructure(${records});
    gc(); gc();
    process.stdout.write(String(used() - before + kept.length * 0));
  `);
}

describe('measurement fidelity', () => {
  it('reports liveHeapDeltaBytes within 5% of an independent measurement of a retained structure', async () => {
    const records = 300_000;
    const doc = await measure('fixture-keep-alive', records);
    const live = doc.runs[0]!.metrics!.liveHeapDeltaBytes;
    const independent = independentBytes(records);
    expect(independent).toBeGreaterThan(10 * MiB);
    expect(Math.abs(live - independent) / independent).toBeLessThanOrEqual(0.05);
  });

  it('catches a ~60 MB peak that is allocated and dropped synchronously', async () => {
    const doc = await measure('fixture-drop-60mb', 1);
    const m = doc.runs[0]!.metrics!;
    expect(m.heapDeltaBytes).toBeGreaterThanOrEqual(55 * MiB);
    // Dropped before the closing GC: nothing of it is retained.
    expect(m.retainedHeapBytes).toBeLessThan(1 * MiB);
  });

  it('records a timeline with samples and GC events for the charts', async () => {
    const doc = await measure('fixture-drop-60mb', 1);
    const t = doc.runs[0]!.timeline!;
    expect(t.baselineHeapBytes).toBeGreaterThan(0);
    expect(t.samples.length).toBeGreaterThan(0);
    expect(t.gcEvents.length).toBeGreaterThan(0);
    expect(t.gcEvents.some((e) => e.beforeBytes !== undefined)).toBe(true);
  });

  // Catches a peak (or a generation's peak) taken from the end value: here the end value is
  // after a full GC the run forced itself, so only the GC profile saw the 60 MiB.
  it('peak heap and its generations still show 60 MiB the run dropped and collected itself', async () => {
    const doc = await measure('fixture-drop-gc', 1, ['--live-heap', 'observed']);
    const run = doc.runs[0]!;
    const m = run.metrics!;
    expect(run.counters.allocatedBytes).toBe(60 * MiB);
    expect(m.heapDeltaBytes).toBeGreaterThanOrEqual(55 * MiB);
    // Old and young peaks need not coincide, but together they hold every byte of the peak.
    expect(m.oldGenPeakDeltaBytes + m.youngGenPeakBytes).toBeGreaterThanOrEqual(m.heapDeltaBytes);
    expect(m.oldGenPeakDeltaBytes).toBeGreaterThan(m.retainedHeapBytes + 8 * MiB);
    expect(m.retainedHeapBytes).toBeLessThan(1 * MiB);
  });

  // Catches scavenges counted as full GCs: after each of them used heap still holds the chunks
  // that were promoted and died in old space (about 11 MB of them here by the end).
  it('observed live heap leaves out the old-space garbage scavenges leave behind', async () => {
    const records = 300_000;
    const doc = await measure('fixture-floating-garbage', records, ['--live-heap', 'observed']);
    const run = doc.runs[0]!;
    expect(doc.summaries[0]!.liveHeapMethod).toBe('observed');
    const independent = independentBytes(records);
    // The garbage was there: some scavenge left used heap well above the structure.
    const afterScavenges = run.timeline!.gcEvents.filter((e) => e.kind === 'minor' && e.afterBytes !== undefined);
    const worst = Math.max(...afterScavenges.map((e) => e.afterBytes! - run.timeline!.baselineHeapBytes));
    expect(worst).toBeGreaterThan(independent * 1.15);
    expect(Math.abs(run.metrics!.liveHeapDeltaBytes - independent) / independent).toBeLessThanOrEqual(0.05);
  });

  // Catches a live pass that does not make every GC full (or that reads only the closing GC):
  // the burst is dropped before `run` returns, so only full GCs during the build see it.
  it('the live pass finds an 80 MB burst within 5% of the bytes it keeps reachable at its peak', async () => {
    const chunks = 10_000;
    // The fixture's byte count is V8's layout arithmetic: check it against used heap first.
    const measuredPlain = plainNode(`
      gc(); gc();
      const before = used();
      const held = f.buildBurst(${chunks});
      gc(); gc();
      process.stdout.write(String(used() - before + held.length * 0));
    `);
    const doc = await measure('fixture-burst-80mb', chunks);
    const s = doc.summaries[0]!;
    const counted = s.counters.countedBytes!;
    expect(counted).toBeGreaterThan(75 * MiB);
    expect(Math.abs(measuredPlain - counted) / counted).toBeLessThanOrEqual(0.01);
    expect(s.liveHeapMethod).toBe('exact');
    expect(Math.abs(s.median.liveHeapDeltaBytes - counted) / counted).toBeLessThanOrEqual(0.05);
    expect(s.livePass).toMatchObject({ status: 'ok', intervalMb: 2 });
    expect(s.livePass!.fullGcs).toBeGreaterThan(20);
    // What the measured repeat observed is no substitute: nothing of the burst is retained.
    expect(s.median.retainedHeapBytes).toBeLessThan(1 * MiB);
  });

  // Catches any probe bug that lowers figures of real code: a built-in scenario measured in a
  // real child must show at least the bytes of the rows it holds at once.
  it('suggestions before at 1,318 contacts measures at least the text of the rows it holds at once', async () => {
    const schema = `hg_fidelity_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: testPostgresUrl() });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    const url = new URL(testPostgresUrl());
    url.searchParams.set('options', `-c search_path=${schema}`);
    try {
      const res = await runCli(
        ['run', 'suggestions', '--variant', 'before', '--records', '1318', '--json', '--out', path.join(out, 'suggestions')],
        { PG_URL: url.toString() },
      );
      expect(res.code, res.stderr).toBe(0);
      const doc = JSON.parse(res.stdout) as ResultsDocument;
      // The text the naive path holds at once, each value a V8 string of at least 1 byte per character.
      const { rows } = await admin.query<{ rows: number; chars: number }>(
        `SELECT count(*)::int AS rows,
                sum(char_length(id::text) + char_length(name) + coalesce(char_length(email), 0) +
                    coalesce(char_length(location), 0) + coalesce(char_length(custom_notes), 0))::float8 AS chars
           FROM ${schema}.contacts WHERE user_id = 'seed-1318'`,
      );
      const lowerBound = rows[0]!.chars;
      expect(rows[0]!.rows).toBe(1318);
      expect(lowerBound).toBeGreaterThan(4 * MiB);
      const run = doc.runs[0]!;
      expect(run.counters.rowsLoaded).toBe(1318);
      expect(run.metrics!.heapDeltaBytes).toBeGreaterThanOrEqual(lowerBound);
      expect(run.metrics!.oldGenPeakDeltaBytes + run.metrics!.youngGenPeakBytes).toBeGreaterThanOrEqual(run.metrics!.heapDeltaBytes);
      const s = doc.summaries[0]!;
      expect(s.liveHeapMethod).toBe('exact');
      // Exact to within one live-pass interval of allocation.
      expect(s.median.liveHeapDeltaBytes).toBeGreaterThanOrEqual(lowerBound - s.livePass!.intervalMb * MiB);
    } finally {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    }
  });
});

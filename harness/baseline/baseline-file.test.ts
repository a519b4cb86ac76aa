import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { summary } from '../budgets/test-fixtures/summary.js';
import { UsageError } from '../errors.js';
import type { ResultsDocument, Summary } from '../results/results-document.js';
import { DEFAULT_TOLERANCES, baselinePath } from './baseline-file.js';
import { loadBaseline, parseBaseline } from './load-baseline.js';
import { schemaProblems } from '../testing/validate-schemas.js';
import { updateBaseline, writeBaseline } from './update-baseline.js';

const env = { node: 'v20.19.0', platform: 'linux x64', cpus: 2, totalMemBytes: 1 << 30, services: {} };
const doc = (summaries: Summary[]): ResultsDocument => ({
  schemaVersion: 1,
  startedAt: '2026-01-01T00:00:00Z',
  environment: env,
  runs: [],
  summaries,
  verdicts: [],
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'heapgate-baseline-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('baseline files', () => {
  test('baselinePath is reports/baselines/<suite>.json and rejects odd suite names', () => {
    expect(baselinePath('ci')).toBe(path.join('reports', 'baselines', 'ci.json'));
    expect(() => baselinePath('../etc')).toThrow(UsageError);
  });

  test('update keeps entries this run did not measure and replaces the ones it did', () => {
    const first = updateBaseline(undefined, doc([summary({ records: 1000 }), summary({ records: 2000 })]), {
      suite: 'ci',
      now: new Date('2026-01-01T00:00:00Z'),
    });
    const second = updateBaseline(
      first,
      doc([summary({ records: 2000, median: { heapDeltaBytes: 1 } }), summary({ records: 3000, repeats: 0 })]),
      {
        suite: 'ci',
        now: new Date('2026-02-01T00:00:00Z'),
      },
    );
    expect(Object.keys(second.entries)).toEqual(['suggestions/after/1000', 'suggestions/after/2000']);
    expect(second.entries['suggestions/after/2000'].median.heapDeltaBytes).toBe(1);
    expect(second.entries['suggestions/after/1000']).toEqual(first.entries['suggestions/after/1000']);
    expect(second.createdAt).toBe('2026-01-01T00:00:00.000Z');
    expect(second.updatedAt).toBe('2026-02-01T00:00:00.000Z');
    expect(second.tolerances).toEqual(DEFAULT_TOLERANCES);
  });

  test('write then load round-trips; a missing file loads as undefined', async () => {
    const file = path.join(dir, 'baselines', 'ci.json');
    expect(await loadBaseline(file)).toBeUndefined();
    const b = updateBaseline(undefined, doc([summary({ records: 2000 }), summary({ records: 1000 })]), {
      suite: 'ci',
      tolerances: { peakRssBytes: 0.3 },
    });
    await writeBaseline(file, b);
    const text = await readFile(file, 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    expect(schemaProblems('baseline', JSON.parse(text))).toEqual([]);
    expect(text.indexOf('suggestions/after/1000')).toBeLessThan(text.indexOf('suggestions/after/2000'));
    const loaded = await loadBaseline(file);
    expect(loaded).toEqual(b);
    expect(loaded!.tolerances.peakRssBytes).toBe(0.3);
  });

  test('malformed baselines are usage errors naming the file and field', async () => {
    const file = path.join(dir, 'bad.json');
    await writeFile(file, '{ not json');
    await expect(loadBaseline(file)).rejects.toThrow(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: not valid JSON`));
    const good = JSON.parse(JSON.stringify(updateBaseline(undefined, doc([summary({})]), { suite: 'ci' })));
    // biome-ignore lint/suspicious/noExplicitAny: each case corrupts a different field of the parsed JSON
    const cases: [string, (j: any) => void, RegExp][] = [
      ['schemaVersion', (j) => (j.schemaVersion = 2), /schemaVersion: must be 1/],
      ['tolerance', (j) => (j.tolerances.heapDeltaBytes = '10%'), /tolerances\.heapDeltaBytes: must be a finite fraction/],
      ['unknown tolerance', (j) => (j.tolerances.heap = 0.1), /tolerances\.heap: not a metric/],
      [
        'metric',
        (j) => (j.entries['suggestions/after/1000'].median.durationMs = null),
        /entries\["suggestions\/after\/1000"\]\.median\.durationMs: must be a finite number/,
      ],
      ['key', (j) => (j.entries['other/after/1000'] = j.entries['suggestions/after/1000']), /key does not match/],
      [
        'live heap method',
        (j) => (j.entries['suggestions/after/1000'].liveHeapMethod = 'guessed'),
        /entries\["suggestions\/after\/1000"\]\.liveHeapMethod: must be one of exact, observed/,
      ],
    ];
    for (const [, mutate, message] of cases) {
      const j = JSON.parse(JSON.stringify(good));
      mutate(j);
      let error: unknown;
      try {
        parseBaseline(j, 'reports/baselines/ci.json');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toMatch(/^reports\/baselines\/ci\.json: /);
      expect((error as Error).message).toMatch(message);
    }
  });
});

import { describe, expect, test } from 'vitest';
import { UsageError } from '../errors.js';
import { parseResultsDocument } from './read-results-document.js';
import { buildResultsFixture } from '../reporters/test-fixtures/results-fixture.js';

describe('parseResultsDocument', () => {
  test('round-trips a document through JSON, NaN actuals coming back as NaN', () => {
    const doc = buildResultsFixture({ records: [1000, 10000], repeats: 2 });
    const parsed = parseResultsDocument(JSON.parse(JSON.stringify(doc)));
    expect(parsed.summaries).toHaveLength(doc.summaries.length);
    expect(parsed.verdicts.filter((v) => Number.isNaN(v.actual))).toHaveLength(doc.verdicts.filter((v) => Number.isNaN(v.actual)).length);
    expect(parsed.runs[0].timeline?.samples.length).toBeGreaterThan(0);
    expect(parsed.runs.find((r) => r.status === 'crashed')?.metrics).toBeNull();
    expect(parsed.counterDefinitions).toEqual(doc.counterDefinitions);
  });

  test('reads timeout runs and errors with a class, stack and cause chain', () => {
    const error = {
      name: 'ExportError',
      message: 'run: ExportError: x',
      stack: 'at f (file:///x.mjs:1:1)',
      cause: { message: 'y', cause: { name: 'E', message: 'z' } },
    };
    const parsed = parseResultsDocument({
      ...minimal(),
      runs: [run({ error }), run({ status: 'timeout', error: { message: 'timed out', timeoutMs: 5000, skipped: true } })],
    });
    expect(parsed.runs.map((r) => [r.status, r.error])).toEqual([
      ['failed', error],
      ['timeout', { message: 'timed out', timeoutMs: 5000, skipped: true }],
    ]);
  });

  test('a document without counter definitions (written before they existed) still reads', () => {
    expect(parseResultsDocument(minimal()).counterDefinitions).toBeUndefined();
  });

  test('a document from before the generation split and the live pass reads: missing metrics are NaN, the method absent', () => {
    const old = { heapDeltaBytes: 1, liveHeapDeltaBytes: 2, retainedHeapBytes: 3, peakRssBytes: 4, durationMs: 5 };
    const parsed = parseResultsDocument({
      ...minimal(),
      summaries: [{ scenario: 's', variant: 'v', records: 1, repeats: 1, median: old, min: old, max: old }],
    });
    expect(parsed.summaries[0]!.median.heapDeltaBytes).toBe(1);
    expect(parsed.summaries[0]!.median.oldGenPeakDeltaBytes).toBeNaN();
    expect(parsed.summaries[0]!.liveHeapMethod).toBeUndefined();
  });

  test('a summary keeps its live-heap method and live pass', () => {
    const m = { heapDeltaBytes: 1, liveHeapDeltaBytes: 2, retainedHeapBytes: 3, peakRssBytes: 4, durationMs: 5 };
    const livePass = { status: 'oom', intervalMb: 4, liveHeapDeltaBytes: null, fullGcs: 3, durationMs: null, error: { message: 'x' } };
    const parsed = parseResultsDocument({
      ...minimal(),
      summaries: [{ scenario: 's', variant: 'v', records: 1, repeats: 1, median: m, min: m, max: m, liveHeapMethod: 'observed', livePass }],
    });
    expect(parsed.summaries[0]).toMatchObject({ liveHeapMethod: 'observed', livePass });
  });

  test('a counter unit this version does not know is dropped, not refused', () => {
    const parsed = parseResultsDocument({ ...minimal(), counterDefinitions: { s: { hits: { label: 'hits', unit: 'furlongs' } } } });
    expect(parsed.counterDefinitions).toEqual({ s: { hits: { label: 'hits' } } });
  });

  test.each([
    [[], /\(root\): must be a JSON object/],
    [{ schemaVersion: 2 }, /schemaVersion: must be 1, got 2/],
    [{ ...minimal(), runs: [{ status: 'exploded' }] }, /runs\[0\]\.status: must be one of ok, failed, oom, timeout, crashed/],
    [{ ...minimal(), runs: [run({ error: { message: 'm', stack: ['at f'] } })] }, /runs\[0\]\.error\.stack: must be a string/],
    [
      { ...minimal(), runs: [run({ error: { message: 'm', cause: { name: 'E' } } })] },
      /runs\[0\]\.error\.cause: must be an object with a message/,
    ],
    [
      { ...minimal(), runs: [run({ status: 'timeout', error: { message: 'm', timeoutMs: '5s' } })] },
      /runs\[0\]\.error\.timeoutMs: must be a number/,
    ],
    [{ ...minimal(), verdicts: 'x' }, /verdicts: must be an array/],
    [{ ...minimal(), counterDefinitions: [] }, /counterDefinitions: must be an object of scenarios/],
    [{ ...minimal(), counterDefinitions: { s: { hits: { key: 'yes' } } } }, /counterDefinitions\.s\.hits\.key: must be a boolean/],
    [
      { ...minimal(), summaries: [{ scenario: 's', variant: 'v', records: 1, repeats: 1, median: {}, min: {}, max: 3 }] },
      /summaries\[0\]\.max: must be an object/,
    ],
    [
      {
        ...minimal(),
        summaries: [{ scenario: 's', variant: 'v', records: 1, repeats: 1, median: {}, min: {}, max: {}, liveHeapMethod: 'guessed' }],
      },
      /summaries\[0\]\.liveHeapMethod: must be one of exact, observed/,
    ],
    [{ ...minimal(), capacity: {} }, /capacity: must be an array/],
    [
      { ...minimal(), capacity: [{ growthClass: 'quadratic' }] },
      /capacity\[0\]\.growthClass: must be one of constant, linear, superlinear/,
    ],
    [
      {
        ...minimal(),
        summaries: [
          {
            scenario: 's',
            variant: 'v',
            records: 1,
            repeats: 1,
            median: {},
            min: {},
            max: {},
            livePass: { status: 'ok', intervalMb: '2' },
          },
        ],
      },
      /summaries\[0\]\.livePass\.intervalMb: must be a number/,
    ],
    [
      {
        ...minimal(),
        runs: [{ status: 'ok', scenario: 's', variant: 'v', records: 1, repeat: 1, metrics: null, leak: { retainedBytes: 'x' } }],
      },
      /runs\[0\]\.leak\.retainedBytes: must be an array of numbers/,
    ],
  ])('rejects %j', (json, message) => {
    let error: unknown;
    try {
      parseResultsDocument(json, 'out/results.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/^out\/results\.json: /);
    expect((error as Error).message).toMatch(message);
  });
});

function minimal() {
  return {
    schemaVersion: 1,
    startedAt: 'x',
    environment: { node: 'v20', platform: 'linux', cpus: 1, totalMemBytes: 1, services: {} },
    runs: [],
    summaries: [],
    verdicts: [],
  };
}

/** A failed run, with `fields` over it. */
function run(fields: Record<string, unknown>) {
  return { scenario: 's', variant: 'v', records: 1, repeat: 1, status: 'failed', metrics: null, counters: {}, ...fields };
}

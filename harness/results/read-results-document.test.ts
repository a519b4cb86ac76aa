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

  test('a document without counter definitions (written before they existed) still reads', () => {
    expect(parseResultsDocument(minimal()).counterDefinitions).toBeUndefined();
  });

  test('a counter unit this version does not know is dropped, not refused', () => {
    const parsed = parseResultsDocument({ ...minimal(), counterDefinitions: { s: { hits: { label: 'hits', unit: 'furlongs' } } } });
    expect(parsed.counterDefinitions).toEqual({ s: { hits: { label: 'hits' } } });
  });

  test.each([
    [[], /\(root\): must be a JSON object/],
    [{ schemaVersion: 2 }, /schemaVersion: must be 1, got 2/],
    [{ ...minimal(), runs: [{ status: 'exploded' }] }, /runs\[0\]\.status: must be one of ok, failed, oom, crashed/],
    [{ ...minimal(), verdicts: 'x' }, /verdicts: must be an array/],
    [{ ...minimal(), counterDefinitions: [] }, /counterDefinitions: must be an object of scenarios/],
    [{ ...minimal(), counterDefinitions: { s: { hits: { key: 'yes' } } } }, /counterDefinitions\.s\.hits\.key: must be a boolean/],
    [
      { ...minimal(), summaries: [{ scenario: 's', variant: 'v', records: 1, repeats: 1, median: {}, min: {}, max: 3 }] },
      /summaries\[0\]\.max: must be an object/,
    ],
    [{ ...minimal(), capacity: {} }, /capacity: must be an array/],
    [
      { ...minimal(), capacity: [{ growthClass: 'quadratic' }] },
      /capacity\[0\]\.growthClass: must be one of constant, linear, superlinear/,
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

/**
 * Counter definitions travel in the results document and every reporter formats counters from
 * them: a ratio reads as a percentage, bytes in binary units, the label where reports label.
 */
import { describe, expect, test } from 'vitest';
import { renderBmf } from '../reporters/bmf.js';
import { renderConsoleTable } from '../reporters/console-table.js';
import { renderHtmlReport } from '../reporters/html/render-html-report.js';
import { renderJunitXml } from '../reporters/junit.js';
import { renderMarkdownSummary } from '../reporters/markdown.js';
import { describeVerdict } from '../reporters/verdict-order.js';
import { collectCounterDefinitions } from './counter-definitions.js';
import { parseResultsDocument } from './read-results-document.js';
import type { ResultsDocument, RunResult, Verdict } from './results-document.js';
import { METRIC_NAMES } from '../scenario/types.js';
import { summarize } from './summarize.js';

const run: RunResult = {
  scenario: 'cache',
  variant: 'lru',
  records: 1000,
  repeat: 1,
  status: 'ok',
  metrics: {
    heapDeltaBytes: 4 * 1048576,
    liveHeapDeltaBytes: 1048576,
    retainedHeapBytes: 0,
    peakRssBytes: 60 * 1048576,
    durationMs: 12,
    cpuMs: 11,
    oldGenPeakDeltaBytes: 1048576,
    youngGenPeakBytes: 3 * 1048576,
  },
  // hitRate and entryBytes would be guessed as plain numbers from their names.
  counters: { hitRate: 0.9534, entryBytesAvg: 2048, lookups: 1000, evictions: 12 },
};
const verdict: Verdict = {
  scenario: 'cache',
  variant: 'lru',
  records: 1000,
  metric: 'counters.hitRate',
  actual: 0.9534,
  limit: 0.97,
  comparator: '>=',
  kind: 'budget',
  pass: false,
  source: 'cache.mjs budgets[0]: counters.hitRate >=97%',
};
const definitions = collectCounterDefinitions([
  {
    name: 'cache',
    counters: {
      hitRate: { label: 'hit rate', unit: 'ratio', key: true },
      entryBytesAvg: { label: 'bytes per entry', unit: 'bytes', key: true },
      lookups: { unit: 'count', key: true },
      evictions: { label: 'evictions' },
    },
  },
]);
const doc: ResultsDocument = {
  schemaVersion: 1,
  startedAt: '2026-01-01T00:00:00.000Z',
  finishedAt: '2026-01-01T00:00:01.000Z',
  environment: { node: 'v20.20.0', platform: 'linux-x64', cpus: 2, totalMemBytes: 2 ** 33, services: {} },
  runs: [run],
  summaries: summarize([run]),
  verdicts: [verdict],
  counterDefinitions: definitions,
};

describe('collectCounterDefinitions', () => {
  test('copies label, unit and key of each scenario that defines counters, and nothing else', () => {
    const collected = collectCounterDefinitions([
      { name: 'a', counters: { x: { label: 'x', unit: 'ms', key: false, extra: 1 } as never } },
      { name: 'b' },
      { name: 'c', counters: {} },
      // A plain .mjs scenario is not type-checked: a unit heapgate does not know is left out.
      { name: 'd', counters: { y: { unit: 'furlongs' as never, label: 7 as never } } },
    ]);
    expect(collected).toEqual({ a: { x: { label: 'x', unit: 'ms', key: false } }, c: {}, d: { y: {} } });
  });
});

describe('counter definitions reach every reporter', () => {
  test('console table: key counters only, each in its unit', () => {
    const table = renderConsoleTable(doc);
    expect(table).toContain('hitRate=95.3% entryBytesAvg=2.00 KB lookups=1,000');
    expect(table).not.toContain('evictions=');
  });

  test('console table without definitions: every counter, units guessed from names', () => {
    const table = renderConsoleTable({ ...doc, counterDefinitions: undefined });
    expect(table).toContain('hitRate=0.953 entryBytesAvg=2,048 lookups=1,000 evictions=12');
  });

  test('failure line, Markdown and JUnit show the counter verdict as percentages', () => {
    expect(describeVerdict(verdict, doc.counterDefinitions)).toBe(
      'cache / lru / 1,000 records: counters.hitRate 95.3% < limit 97.0% (budget: cache.mjs budgets[0]: counters.hitRate >=97%)',
    );
    const markdown = renderMarkdownSummary(doc);
    expect(markdown).toContain('| 95.3% | &gt;= 97.0% |');
    const junit = renderJunitXml(doc);
    expect(junit).toContain('counters.hitRate &gt;= 97.0% [budget]');
    expect(junit).toContain('counters.hitRate 95.3% &lt; limit 97.0%');
  });

  test('HTML: counters headed by their labels and formatted in their units, verdicts too', () => {
    const html = renderHtmlReport(doc);
    const counters = html.slice(html.indexOf('<table class="counters">'));
    expect(counters).toContain('<th class="num" title="hitRate">hit rate</th>');
    expect(counters).toContain('<th class="num">lookups</th>');
    expect(counters).toContain('<td class="num">95.3%</td><td class="num">2.00 KB</td><td class="num">1,000</td><td class="num">12</td>');
    const verdicts = html.slice(html.indexOf('<table class="verdicts">'));
    expect(verdicts).toContain('<td class="num">95.3%</td><td class="num">≥ 97.0%</td>');
  });

  test('BMF carries the metrics only: counters have no measure there to format', () => {
    expect(Object.keys(renderBmf(doc)['cache/lru/1000']!)).toHaveLength(METRIC_NAMES.length);
  });

  test('a saved document keeps its definitions, so `heapgate report` formats the same way', () => {
    const reread = parseResultsDocument(JSON.parse(JSON.stringify(doc)));
    expect(reread.counterDefinitions).toEqual(definitions);
    expect(renderHtmlReport(reread)).toBe(renderHtmlReport(doc));
  });
});

/** The comparison in the gate's reports: every checked metric beside its baseline, noise shown as unchanged. */
import { describe, expect, it } from 'vitest';
import type { ComparisonRow, ComparisonSummary, ResultsDocument } from '../results/results-document.js';
import { renderHtmlReport } from './html/render-html-report.js';
import { renderMarkdownSummary } from './markdown.js';
import { buildResultsFixture } from './test-fixtures/results-fixture.js';

const KB = 1024;
const MB = 1024 * KB;
const at = { scenario: 'contact-scan', records: 100_000 } as const;
const rows: ComparisonRow[] = [
  {
    ...at,
    variant: 'before',
    metric: 'retainedHeapBytes',
    baseline: -19.5 * KB,
    current: 108 * KB,
    baselineMin: -21 * KB,
    baselineMax: -18 * KB,
    currentMin: 100 * KB,
    currentMax: 110 * KB,
    allowance: 512 * KB,
    limit: 492.5 * KB,
    relativeChange: 6.55,
    change: 'unchanged',
    pValue: 0.2,
    baseRepeats: 3,
    headRepeats: 3,
  },
  {
    ...at,
    variant: '<b>after</b>',
    metric: 'heapDeltaBytes',
    baseline: 20 * MB,
    current: 40 * MB,
    currentMin: 39 * MB,
    currentMax: 41 * MB,
    allowance: 4 * MB,
    limit: 24 * MB,
    relativeChange: 1,
    change: 'regressed',
    pValue: 0.0001,
    baseRepeats: 3,
    headRepeats: 3,
  },
];
const comparison: ComparisonSummary = {
  kind: 'paired',
  source: 'main (0123456789ab)',
  rule: 'paired rule',
  ref: 'main',
  commit: '0'.repeat(40),
  rows,
};
const doc: ResultsDocument = { ...buildResultsFixture({ hostile: false }), comparison };

describe('comparison in the reports', () => {
  it('Markdown: a row per checked metric, regressions first, noise as unchanged without a percentage', () => {
    const text = renderMarkdownSummary(doc);
    const from = text.indexOf('### Paired with main (0123456789ab)');
    const section = text.slice(from, text.indexOf('<details>', from));
    const lines = section.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| ---'));
    expect(lines).toHaveLength(3); // header + 2 rows
    expect(lines[1]).toMatch(/❌ \| contact-scan \| &lt;b&gt;after&lt;/);
    expect(lines[1]).toContain('+20.0 MB (+100%)');
    expect(lines[1]).toContain('p &lt;0.001');
    expect(lines[1]).toContain('▲ regressed');
    expect(lines[2]).toContain('≈ unchanged');
    expect(lines[2]).toContain('+128 KB');
    expect(lines[2]).not.toMatch(/655|%/);
  });

  it('HTML: a chart per compared metric and the columns, regressed red, unchanged grey, every string escaped', () => {
    const html = renderHtmlReport(doc);
    const section = html.slice(html.indexOf('<h3>Paired with main (0123456789ab)</h3>'));
    expect(section).toContain('retained heap');
    // One chart per metric compared: retained heap and peak heap.
    expect(section.split('<figure class="chart-box">').length - 1).toBeGreaterThanOrEqual(2);
    expect(section).toContain('fill="#c0392b"');
    expect(section).toContain('fill="#5b6475"');
    expect(section).toContain('<span class="badge fail">regressed</span>');
    expect(section).toContain('<span class="badge info">unchanged</span>');
    expect(section).not.toContain('+655');
    expect(html).not.toContain('<b>after</b>');
    expect(html).toContain('&lt;b&gt;after&lt;/b&gt;');
  });
});

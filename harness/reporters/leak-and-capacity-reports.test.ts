/** Every report shows the leak fits (bytes per iteration) and the capacity projections of a results document. */
import { describe, expect, it } from 'vitest';
import { fitLeak } from '../growth/fit-leak.js';
import { projectCapacity } from '../growth/project-capacity.js';
import { parseResultsDocument } from '../results/read-results-document.js';
import type { ResultsDocument } from '../results/results-document.js';
import { summarize } from '../results/summarize.js';
import { renderConsoleTable } from './console-table.js';
import { escapeHtml } from './html/escape-html.js';
import { renderHtmlReport } from './html/render-html-report.js';
import { renderMarkdownSummary } from './markdown.js';
import { HOSTILE_VARIANT, buildResultsFixture } from './test-fixtures/results-fixture.js';

const MiB = 1024 * 1024;

/** The fixture's sweep, its `before` runs iterated (a 2,076 B leak per call), under a 512 MB capacity. */
function iteratedDocument(variantName = 'before'): ResultsDocument {
  const base = buildResultsFixture({ records: [1000, 10000, 100000], repeats: 3 });
  const runs = base.runs.map((r) => {
    const renamed = r.variant === 'before' ? { ...r, variant: variantName } : r;
    if (renamed.variant !== variantName || renamed.status !== 'ok') return renamed;
    const retained = Array.from({ length: 20 }, (_, i) => 40_000 + 2076 * (i + 1) + (i % 2 ? 300 : -300) + r.repeat * 50);
    return { ...renamed, leak: fitLeak(retained) };
  });
  const summaries = summarize(runs);
  return { ...base, runs, summaries, verdicts: [], capacity: projectCapacity({ runs, summaries }, 512 * MiB) };
}

describe('leak and capacity in the reports', () => {
  it('the console table gains a leak/iteration column and capacity lines; a plain document has neither', () => {
    const text = renderConsoleTable(iteratedDocument());
    expect(text.split('\n')[0]).toMatch(/duration\s+CPU\s+leak\/iteration\s+counters/);
    expect(text).toMatch(/before\s+1,000 .* 2\.03 KB ± \d+(\.\d)? B/);
    expect(text).toMatch(
      /capacity under 512 MB: contact-scan before, from baseline \+ live heap Δ: ≈ [\d,]+ records \(95 %: [\d,]+–[\d,]+\)/,
    );
    expect(text).toMatch(
      /contact-scan after-full-scan, from baseline \+ live heap Δ: not bounded by records in the measured range \(constant/,
    );
    const plain = renderConsoleTable(buildResultsFixture({ records: [1000], repeats: 1 }));
    expect(plain).not.toContain('leak/iteration');
    expect(plain).not.toContain('capacity under');
  });

  it('Markdown lists bytes per iteration with its uncertainty, and the capacity table', () => {
    const md = renderMarkdownSummary(iteratedDocument());
    expect(md).toContain('### Leaks over iterations');
    expect(md).toMatch(/\| contact-scan \| before \| 1,000 \| 2\.03 KB \| \d+(\.\d)? B \| .* \| 0\.99\d \| 3–20 \|/);
    expect(md).toContain('### Capacity');
    expect(md).toMatch(/\| contact-scan \| before \| 512 MB \| baseline \+ live heap Δ \| ≈ [\d,]+ records/);
  });

  it('the HTML report draws retained heap per iteration with the fitted line, names escaped', () => {
    const html = renderHtmlReport(iteratedDocument(HOSTILE_VARIANT));
    expect(html).toContain('data-chart="leak"');
    expect(html).toMatch(/<path class="fit" d="M[\d.]+ [\d.]+L[\d.]+ [\d.]+"/);
    // 20 readings per chart: 2 hollow warm-up points, 18 fitted.
    const chart = html.slice(html.indexOf('data-chart="leak"'), html.indexOf('</svg>', html.indexOf('data-chart="leak"')));
    expect(chart.match(/<circle class="point"/g)).toHaveLength(20);
    expect(chart.match(/fill="#ffffff"/g)).toHaveLength(2);
    expect(html).toContain('Leaks over iterations');
    expect(html).toContain('<h3>Capacity</h3>');
    expect(html).not.toContain(HOSTILE_VARIANT);
    expect(html).toContain(escapeHtml(HOSTILE_VARIANT));
  });

  it('a document with leaks and capacity reads back as written', () => {
    const doc = iteratedDocument();
    const parsed = parseResultsDocument(JSON.parse(JSON.stringify(doc)));
    expect(parsed.runs.find((r) => r.leak)?.leak).toEqual(doc.runs.find((r) => r.leak)?.leak);
    expect(parsed.summaries.find((s) => s.leak)?.leak).toEqual(doc.summaries.find((s) => s.leak)?.leak);
    expect(parsed.capacity).toEqual(doc.capacity);
  });
});

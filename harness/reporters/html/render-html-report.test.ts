import { describe, expect, test } from 'vitest';
import { HOSTILE, HOSTILE_COUNTER, HOSTILE_STDERR, buildResultsFixture } from '../test-fixtures/results-fixture.js';
import { escapeHtml } from './escape-html.js';
import { METRIC_NAMES } from '../../scenario/types.js';
import { renderHtmlReport } from './render-html-report.js';

function sections(html: string): string[] {
  return html.split('<section class="scenario"').slice(1);
}

describe('renderHtmlReport', () => {
  const doc = buildResultsFixture();
  const html = renderHtmlReport(doc, { title: `Report for ${HOSTILE}` });

  test('escapes every hostile string: no raw markup from the document survives', () => {
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<svg onload/i);
    expect(html).not.toMatch(/<b>/);
    expect(html).toContain(escapeHtml(HOSTILE));
    expect(html).toContain(escapeHtml(HOSTILE_STDERR));
    expect(html).toContain(escapeHtml(HOSTILE_COUNTER));
    expect(html).toContain(`<title>Report for ${escapeHtml(HOSTILE)}</title>`);
  });

  test('is self-contained: no external resources, no script, a CSP that forbids both', () => {
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'`);
    expect(html.startsWith('<!doctype html>')).toBe(true);
  });

  test('draws timeline, bars and two scaling charts for the sweep scenario', () => {
    const [sweep, hostile] = sections(html);
    const kinds = (s: string) => [...s.matchAll(/<svg class="chart" data-chart="([a-z]+)"/g)].map((m) => m[1]);
    expect(kinds(sweep)).toEqual(['timeline', 'bars', 'scaling', 'scaling']);
    // One record count and no timelines: only the bars.
    expect(kinds(hostile)).toEqual(['bars']);
    // GC markers and limit lines are drawn.
    expect(sweep).toMatch(/class="gc-major"/);
    expect(sweep).toMatch(/class="gc-minor"/);
    expect(sweep).toMatch(/class="limit budget"/);
    expect(sweep).toMatch(/class="limit target"/);
  });

  test('the scaling section classifies after-full-scan as constant and before as linear, with bytes per record', () => {
    const [sweep] = sections(html);
    const growth = sweep.slice(sweep.indexOf('<table class="growth">'));
    const row = (variant: string, metric: string) =>
      growth.match(new RegExp(`<tr><td class="nowrap">${variant}</td><td>${metric}</td>.*?</tr>`))![0];
    expect(row('after-full-scan', 'heap Δ \\(peak\\)')).toContain('>constant<');
    expect(row('before', 'heap Δ \\(peak\\)')).toContain('>linear<');
    expect(row('before', 'heap Δ \\(peak\\)')).toMatch(/>\d{3} B\/record</);
    expect(sweep).toMatch(/before: \d{3} B\/record · linear/);
    expect(sweep).toMatch(/after-full-scan: -?\d+(\.\d)? B\/record · constant/);
  });

  test('verdict tables put failures first', () => {
    const [sweep] = sections(html);
    const table = sweep.slice(sweep.indexOf('<table class="verdicts">'));
    expect(table.indexOf('badge fail')).toBeLessThan(table.indexOf('badge warn'));
    expect(table.indexOf('badge warn')).toBeLessThan(table.indexOf('badge pass'));
  });

  test('base vs head shows medians side by side with deltas', () => {
    const base = buildResultsFixture({ hostile: false });
    const head = buildResultsFixture({ hostile: false, beforeFactor: 1.3 });
    const compared = renderHtmlReport(head, { base });
    expect(compared).toContain('<h3>Base vs head</h3>');
    expect(compared).toContain('data-chart="compare"');
    const table = compared.slice(compared.indexOf('<table class="compare">'));
    // At the largest record count the 30 % growth of peak heap is MBs, beyond its noise floor.
    const beforeRow = table.match(new RegExp(`<td rowspan="${METRIC_NAMES.length}">before</td>.*?</tr>`, 'g'))!.at(-1)!;
    expect(beforeRow).toMatch(/class="num worse">\+\d+(\.\d+)? (KB|MB)</);
    expect(beforeRow).toMatch(/class="num worse">\+\d\d\.\d%</);
    // At the smallest it is KBs: inside the 1 MiB floor, so not coloured.
    const smallest = table.match(new RegExp(`<td rowspan="${METRIC_NAMES.length}">before</td>.*?</tr>`))![0];
    expect(smallest).not.toContain('worse');
  });

  test('an empty document still renders', () => {
    const empty = renderHtmlReport({ ...doc, runs: [], summaries: [], verdicts: [] });
    expect(empty).toContain('No runs');
  });

  test('a negative base that grows reads as worse beyond the noise floor, and as unchanged inside it', () => {
    const base = buildResultsFixture({ hostile: false });
    const head = buildResultsFixture({ hostile: false });
    const first = base.summaries[0]!;
    const setLive = (d: typeof base, v: number) => {
      const s = d.summaries.find((x) => x.variant === first.variant && x.records === first.records)!;
      (s.median as { liveHeapDeltaBytes: number }).liveHeapDeltaBytes = v;
    };
    setLive(base, -186 * 1024);
    setLive(head, 23 * 1024);
    const table = renderHtmlReport(head, { base }).split('<table class="compare">')[1]!;
    const row = table.match(/<td>live heap Δ[^<]*<\/td><td class="num">-186 KB<\/td>.*?<\/tr>/)![0];
    // +209 KB is inside the 512 KiB live-heap floor: no colour, no +112 %.
    expect(row).toContain('<td class="num ">+209 KB<');
    expect(row).not.toMatch(/worse|112/);
    setLive(head, 2 * 1024 * 1024);
    const grown = renderHtmlReport(head, { base }).split('<table class="compare">')[1]!;
    const grownRow = grown.match(/<td>live heap Δ[^<]*<\/td><td class="num">-186 KB<\/td>.*?<\/tr>/)![0];
    expect(grownRow).toContain('class="num worse">+2.18 MB<');
    expect(grownRow).toMatch(/class="num worse">\+\d{4}%</);
  });

  test('the header says fail when a run did not finish, and a scenario whose runs all failed still lists its records', () => {
    const failedOnly = {
      ...doc,
      runs: [
        {
          scenario: 'broken',
          variant: 'boom',
          records: 500,
          repeat: 1,
          status: 'failed' as const,
          metrics: null,
          counters: {},
          error: { message: 'run: kaboom' },
        },
      ],
      summaries: [],
      verdicts: [],
    };
    const page = renderHtmlReport(failedOnly);
    expect(page).toContain('<span class="badge fail">fail</span>');
    expect(page).not.toContain('badge pass');
    expect(page).toMatch(/records: 500/);
    expect(page).toContain('1 run ·');
    expect(page).toContain('0 summaries');
  });
});

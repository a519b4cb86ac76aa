/** `heapgate run` end to end: what results.json carries beyond the measurements, and how it prints. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ResultsDocument } from '../results/results-document.js';
import { FIXTURE_SCENARIOS, runCli } from '../testing/run-cli.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-run-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('heapgate run', () => {
  it("writes each scenario's counter definitions into results.json and formats counters with them", async () => {
    const out = path.join(tmp, 'counters');
    const res = await runCli(['run', 'fixture-counters', 'fixture-small', '--scenarios', FIXTURE_SCENARIOS, '--out', out]);
    expect(res.code, res.stderr).toBe(0);
    const doc = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as ResultsDocument;
    // Only scenarios that define counters have an entry; fixture-small defines none.
    expect(doc.counterDefinitions).toEqual({
      'fixture-counters': {
        hitRate: { label: 'hit rate', unit: 'ratio', key: true },
        entryBytesAvg: { label: 'bytes per entry', unit: 'bytes', key: true },
        evictions: { label: 'evictions', unit: 'count' },
      },
    });
    expect(res.stdout).toContain('hitRate=75.0% entryBytesAvg=3.00 KB');
    expect(res.stdout).not.toContain('evictions=');
    expect(res.stdout).toMatch(/fixture-small .* ok=1/);
    const html = fs.readFileSync(path.join(out, 'index.html'), 'utf8');
    expect(html).toContain('<th class="num" title="entryBytesAvg">bytes per entry</th>');
    expect(html).toContain('<td class="num">75.0%</td><td class="num">3.00 KB</td><td class="num">4</td>');

    // `heapgate report` re-renders from the saved document alone, to the same page.
    const again = path.join(tmp, 'counters-again');
    const report = await runCli(['report', path.join(out, 'results.json'), '--out', again]);
    expect(report.code, report.stderr).toBe(0);
    expect(fs.readFileSync(path.join(again, 'index.html'), 'utf8')).toBe(html);
  });
});

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { compareToBaseline } from '../baseline/compare-to-baseline.js';
import { appendGithubStepSummary, md, renderMarkdownSummary } from './markdown.js';
import { buildResultsFixture } from './test-fixtures/results-fixture.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'heapgate-md-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('renderMarkdownSummary', () => {
  const doc = buildResultsFixture({ records: [1000, 10000], repeats: 2 });
  const text = renderMarkdownSummary(doc, { suite: 'ci', baseline: compareToBaseline(doc.summaries, undefined) });

  test('leads with the outcome and lists failing verdicts before anything else', () => {
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^## heapgate — suite ci: ❌ \d+ failing verdicts of \d+$/);
    const failing = text.indexOf('### Failing verdicts');
    expect(failing).toBeGreaterThan(0);
    for (const later of ['### Runs that did not finish', '### Documented targets not met', '### Medians', '### Baseline', 'All verdicts']) {
      expect(text.indexOf(later)).toBeGreaterThan(failing);
    }
    const section = text.slice(failing, text.indexOf('###', failing + 5));
    expect(section).toContain('budgets\\[1\\]: heapDeltaBytes &lt;2MB');
    expect(section).not.toContain('✅');
    // In the full list, every ❌ row comes before the first ✅ row.
    const all = text.slice(text.indexOf('All verdicts'));
    expect(all.lastIndexOf('| ❌')).toBeLessThan(all.indexOf('| ✅'));
  });

  test('lists baseline entries that are new', () => {
    expect(text).toContain('- new (no baseline entry): contact-scan / before / 1,000 records');
  });

  test('escapes HTML and table syntax', () => {
    expect(text).not.toMatch(/<img|<script|<svg|<b>/);
    expect(text).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(md('a|b\nc')).toBe('a\\|b c');
  });

  test('a passing document says so', () => {
    const pass = renderMarkdownSummary({ ...doc, verdicts: doc.verdicts.filter((v) => v.pass), runs: [] });
    expect(pass.split('\n')[0]).toMatch(/✅ pass/);
    expect(pass).not.toContain('### Failing verdicts');
  });
});

describe('appendGithubStepSummary', () => {
  test('appends when GITHUB_STEP_SUMMARY is set, does nothing otherwise', async () => {
    const file = path.join(dir, 'step-summary.md');
    await writeFile(file, 'earlier step\n');
    expect(await appendGithubStepSummary('## heapgate', { GITHUB_STEP_SUMMARY: file })).toBe(file);
    expect(await readFile(file, 'utf8')).toBe('earlier step\n## heapgate\n');
    expect(await appendGithubStepSummary('## heapgate', {})).toBeUndefined();
  });
});

import { describe, expect, test } from 'vitest';
import { formatBytes } from './format-units.js';
import { renderJunitXml } from './junit.js';
import { HOSTILE, HOSTILE_STDERR, HOSTILE_VARIANT, buildResultsFixture } from './test-fixtures/results-fixture.js';
import { parseWellFormedXml } from './test-fixtures/xml-well-formed.js';

describe('renderJunitXml', () => {
  const doc = buildResultsFixture({ records: [1000, 10000], repeats: 2 });
  const xml = renderJunitXml(doc);
  const elements = parseWellFormedXml(xml);

  test('is well-formed with a testsuite per scenario and a testcase per verdict or bad run', () => {
    expect(elements[0].name).toBe('testsuites');
    const suites = elements.filter((e) => e.name === 'testsuite');
    expect(suites.map((s) => s.attrs.name)).toEqual(['contact-scan', HOSTILE]);
    const cases = elements.filter((e) => e.name === 'testcase');
    const badRuns = doc.runs.filter((r) => r.status !== 'ok').length;
    expect(cases).toHaveLength(doc.verdicts.length + badRuns);
    expect(Number(elements[0].attrs.tests)).toBe(cases.length);
  });

  test('failures name scenario, variant, records, metric, actual, limit and source', () => {
    const failures = elements.filter((e) => e.name === 'failure');
    const gating = doc.verdicts.filter((v) => !v.pass && v.kind !== 'target');
    expect(failures).toHaveLength(gating.length);
    const budget = failures.find((f) => f.attrs.message.includes('budgets[1]'))!;
    const verdict = doc.verdicts.find((v) => v.source.includes('budgets[1]'))!;
    expect(budget.attrs.message).toBe(
      `contact-scan / before / 1,000 records: heapDeltaBytes ${formatBytes(verdict.actual)} >= limit 2.00 MB (budget: scenarios/contact-scan.ts budgets[1]: heapDeltaBytes <2MB)`,
    );
    expect(budget.text).toBe(budget.attrs.message);
    expect(elements.filter((e) => e.name === 'skipped').length).toBe(doc.verdicts.filter((v) => !v.pass && v.kind === 'target').length);
  });

  test('hostile strings are escaped, decoded back intact', () => {
    expect(xml).not.toContain('<img');
    expect(xml).not.toContain('<script');
    const error = elements.find((e) => e.name === 'error')!;
    expect(error.text).toContain(HOSTILE_STDERR);
    expect(error.attrs.message).toContain(HOSTILE_VARIANT);
  });
});

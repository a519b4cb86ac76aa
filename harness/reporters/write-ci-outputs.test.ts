import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { buildResultsFixture } from './test-fixtures/results-fixture.js';
import { parseWellFormedXml } from './test-fixtures/xml-well-formed.js';
import { writeCiOutputs, writeHtmlReport } from './write-ci-outputs.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'heapgate-ci-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeCiOutputs', () => {
  test('writes junit.xml, summary.md and bmf.json beside each other and appends the step summary', async () => {
    const doc = buildResultsFixture({ records: [1000, 10000], repeats: 2 });
    const stepSummary = path.join(dir, 'github-step-summary.md');
    const out = path.join(dir, 'run-1');
    const paths = await writeCiOutputs(doc, out, { GITHUB_STEP_SUMMARY: stepSummary }, { suite: 'ci' });
    expect(paths).toEqual({
      junitPath: path.join(out, 'junit.xml'),
      markdownPath: path.join(out, 'summary.md'),
      bmfPath: path.join(out, 'bmf.json'),
      githubStepSummaryPath: stepSummary,
    });
    expect(parseWellFormedXml(await readFile(paths.junitPath, 'utf8'))[0].name).toBe('testsuites');
    const markdown = await readFile(paths.markdownPath, 'utf8');
    expect(markdown).toMatch(/^## heapgate — suite ci/);
    expect(await readFile(stepSummary, 'utf8')).toBe(markdown);
    expect(Object.keys(JSON.parse(await readFile(paths.bmfPath, 'utf8')))).toContain('contact-scan/before/1000');
  });

  test('without GITHUB_STEP_SUMMARY nothing is appended', async () => {
    const paths = await writeCiOutputs(buildResultsFixture({ records: [1000], repeats: 1 }), dir, {});
    expect(paths.githubStepSummaryPath).toBeUndefined();
  });
});

describe('writeHtmlReport', () => {
  test('writes index.html', async () => {
    const file = await writeHtmlReport(buildResultsFixture({ records: [1000, 10000], repeats: 1 }), path.join(dir, 'html'));
    expect(file).toBe(path.join(dir, 'html', 'index.html'));
    expect(await readFile(file, 'utf8')).toMatch(/^<!doctype html>/);
  });
});

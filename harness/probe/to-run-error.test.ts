/**
 * A scenario that throws is reported with the error's class, message, first stack frames and
 * causes: on the console (all frames with --verbose), in results.json and in every report.
 * Runs the real CLI against fixture scenarios that throw in each hook and in each way.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readResultsDocument } from '../results/read-results-document.js';
import type { ResultsDocument, RunResult } from '../results/results-document.js';
import { renderHtmlReport } from '../reporters/html/render-html-report.js';
import { renderJunitXml } from '../reporters/junit.js';
import { renderMarkdownSummary } from '../reporters/markdown.js';
import { REPO_ROOT, runCli } from '../testing/run-cli.js';
import { toRunError } from './to-run-error.js';

const FAILURE_SCENARIOS = path.join(REPO_ROOT, 'harness/testing/fixtures/failure-scenarios.mjs');
const FIXTURE_URL = `file://${FAILURE_SCENARIOS}`;
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-failures-'));
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

let plain: { stdout: string; code: number | null };
let verbose: { stdout: string };
let doc: ResultsDocument;
const run = (variant: string): RunResult => doc.runs.find((r) => r.variant === variant)!;

beforeAll(async () => {
  const args = ['run', 'fixture-failures', '--scenarios', FAILURE_SCENARIOS];
  [plain, verbose] = await Promise.all([runCli([...args, '--out', out]), runCli([...args, '--verbose', '--out', path.join(out, 'v')])]);
  doc = await readResultsDocument(path.join(out, 'results.json'));
});

describe('a hook that throws', () => {
  it('is failed with its phase, class and message, whichever hook threw', () => {
    expect(plain.code).toBe(1);
    expect(doc.runs.map((r) => [r.variant, r.status])).toEqual([
      ['setup-throws', 'failed'],
      ['run-throws-with-cause', 'failed'],
      ['teardown-throws', 'failed'],
      ['throws-string', 'failed'],
    ]);
    expect(run('setup-throws').error).toMatchObject({
      name: 'TypeError',
      message: "setup: TypeError: Cannot read properties of undefined (reading 'connect')",
    });
    expect(run('teardown-throws').error).toMatchObject({ name: 'Error', message: 'teardown: Error: could not close the pool' });
    expect(run('run-throws-with-cause').error).toMatchObject({
      name: 'ExportError',
      code: 'EXPORT_FAILED',
      message: 'run: ExportError: export stopped',
    });
  });

  it('keeps its stack frames and its cause, with its own frames', () => {
    const e = run('run-throws-with-cause').error!;
    expect(e.stack!.split('\n')[0]).toBe(`at Object.exportOrders [as run] (${FIXTURE_URL}:38:19)`);
    expect(e.cause).toMatchObject({ name: 'RangeError', message: 'page 7 is out of range' });
    expect(e.cause!.stack!.split('\n')[0]).toBe(`at readPage (${FIXTURE_URL}:16:9)`);
    expect(run('setup-throws').error!.stack).toMatch(new RegExp(`^at Object\\.setup \\(${FIXTURE_URL}:28:23\\)`));
  });

  it('says plainly that a string was thrown, which has no stack', () => {
    const e = run('throws-string').error!;
    expect(e.message).toBe('run: threw a string, not an Error: "out of coffee"');
    expect(e.name).toBeUndefined();
    expect(e.stack).toBeUndefined();
  });

  it('shows the first frames and the causes on the console, every frame with --verbose', () => {
    const block = (text: string, variant: string) => text.slice(text.indexOf(`FAILED: fixture-failures ${variant} 1 #1`)).split('\n');
    const lines = block(plain.stdout, 'run-throws-with-cause');
    expect(lines.slice(0, 4)).toEqual([
      'FAILED: fixture-failures run-throws-with-cause 1 #1: run: ExportError: export stopped',
      `  | at Object.exportOrders [as run] (${FIXTURE_URL}:38:19)`,
      expect.stringMatching(/^ {2}\| at runJob \(.*child-entry\.js:\d+:\d+\)$/),
      '  | caused by RangeError: page 7 is out of range',
    ]);
    // One frame per cause without --verbose; with it, all of them.
    expect(lines[4]).toBe(`  |   at readPage (${FIXTURE_URL}:16:9)`);
    expect(lines[5]).not.toMatch(/^ {2}\| {3}at /);
    const full = block(verbose.stdout, 'run-throws-with-cause');
    expect(full.slice(4, 6)).toEqual([
      `  |   at readPage (${FIXTURE_URL}:16:9)`,
      `  |   at Object.exportOrders [as run] (${FIXTURE_URL}:36:13)`,
    ]);
  });

  it('appears with its frames and causes in JUnit, Markdown and HTML', () => {
    const junit = renderJunitXml(doc);
    expect(junit).toContain('type="run-failed"');
    expect(junit).toContain(`at readPage (${FIXTURE_URL}:16:9)`);
    expect(junit).toContain('caused by RangeError: page 7 is out of range');
    const markdown = renderMarkdownSummary(doc);
    expect(markdown).toContain('<details><summary>fixture-failures / run-throws-with-cause / 1 records, repeat 1: ExportError</summary>');
    expect(markdown).toContain('caused by RangeError: page 7 is out of range');
    const html = renderHtmlReport(doc);
    expect(html).toMatch(/<pre class="stderr stack">at Object\.exportOrders \[as run\]/);
    expect(html).toContain('run: ExportError: export stopped');
  });
});

describe('error details in reports are escaped', () => {
  const hostile: RunResult = {
    scenario: 's',
    variant: 'v',
    records: 1,
    repeat: 1,
    status: 'failed',
    metrics: null,
    counters: {},
    error: {
      name: '<img src=x onerror=alert(1)>',
      message: 'run: <b>boom</b>',
      stack: 'at <script>alert(2)</script> (file:///x.mjs:1:1)',
      cause: { name: 'E&E', message: '</pre><script>alert(3)</script>', stack: 'at "q" (file:///y.mjs:2:2)' },
    },
  };
  const doc: ResultsDocument = {
    schemaVersion: 1,
    startedAt: '2026-01-01T00:00:00Z',
    environment: { node: 'v20', platform: 'linux-x64', cpus: 2, totalMemBytes: 1, services: {} },
    runs: [hostile],
    summaries: [],
    verdicts: [],
  };

  it.each([
    ['HTML', () => renderHtmlReport(doc)],
    ['Markdown', () => renderMarkdownSummary(doc)],
    ['JUnit', () => renderJunitXml(doc)],
  ])('%s', (_, render) => {
    const text = render();
    expect(text).not.toMatch(/<script>|<img |<\/pre><script/);
    expect(text).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(text).toContain('alert(3)');
  });
});

describe('toRunError', () => {
  it('describes what scenario code can throw', () => {
    expect(toRunError(null)).toEqual({ message: 'threw null, not an Error' });
    expect(toRunError(42).message).toBe('threw a number, not an Error: 42');
    expect(toRunError({ rows: 3 }).message).toBe('threw an object, not an Error: { rows: 3 }');
    // An error-like object (another realm, a hand-made one) is taken at its word.
    expect(toRunError({ name: 'PgError', message: 'relation missing', code: '42P01' })).toEqual({
      name: 'PgError',
      message: 'relation missing',
      code: '42P01',
    });
    // Node's connect over IPv6 and IPv4 rejects with an AggregateError whose message is empty.
    const aggregate = new AggregateError(
      [new Error('connect ECONNREFUSED ::1:5432'), new Error('connect ECONNREFUSED 127.0.0.1:5432')],
      '',
    );
    expect(toRunError(aggregate)).toMatchObject({
      name: 'AggregateError',
      message: 'connect ECONNREFUSED ::1:5432; connect ECONNREFUSED 127.0.0.1:5432',
    });
  });

  it('follows a cause chain a few links deep and stops at a cycle', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    const described = toRunError(new Error('top', { cause: b }));
    expect([described.message, described.cause?.message, described.cause?.cause?.message, described.cause?.cause?.cause]).toEqual([
      'top',
      'b',
      'a',
      undefined,
    ]);
    expect(toRunError(new Error('top', { cause: 'disk full' })).cause).toEqual({ message: 'a string, not an Error: "disk full"' });
  });
});

import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { buildResultsFixture } from '../reporters/test-fixtures/results-fixture.js';
import { main } from '../cli/main.js';
import { parseArgs } from '../cli/parse-args.js';

/** `heapgate report …` through the CLI's one parser and dispatch, in process. */
const heapgateReport = (argv: readonly string[], streams: Parameters<typeof main>[1]) => main(['report', ...argv], streams);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'heapgate-report-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function io() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: { write: (s: string) => (out.stdout += s) }, stderr: { write: (s: string) => (out.stderr += s) } } };
}

async function saveResults(name: string, doc = buildResultsFixture({ records: [1000, 10000], repeats: 2 })): Promise<string> {
  const file = path.join(dir, name, 'results.json');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(doc, null, 2));
  return file;
}

describe('heapgate report', () => {
  test('re-renders a saved run beside its results.json and prints the path', async () => {
    const results = await saveResults('run-1');
    const { out, io: streams } = io();
    expect(await heapgateReport([results], streams)).toBe(0);
    const expected = path.join(dir, 'run-1', 'index.html');
    expect(out.stdout).toBe(`${expected}\n`);
    expect(out.stderr).toBe('');
    expect(await readFile(expected, 'utf8')).toContain('<h2>contact-scan</h2>');
  });

  test('with a base file and --out, renders base vs head there', async () => {
    const base = await saveResults('base', buildResultsFixture({ hostile: false }));
    const head = await saveResults('head', buildResultsFixture({ hostile: false, beforeFactor: 1.4 }));
    const { out, io: streams } = io();
    const outDir = path.join(dir, 'compare');
    expect(await heapgateReport([head, base, `--out=${outDir}`, '--title', 'PR 42'], streams)).toBe(0);
    expect(out.stdout.trim()).toBe(path.join(outDir, 'index.html'));
    const html = await readFile(path.join(outDir, 'index.html'), 'utf8');
    expect(html).toContain('<h3>Base vs head</h3>');
    expect(html).toContain('<title>PR 42</title>');
  });

  test.each([
    [[], /missing <results\.json>/],
    [['a.json', 'b.json', 'c.json'], /at most two results files/],
    [['--colour'], /unknown option --colour for "report"/],
    [['a.json', '--out'], /--out needs a value/],
  ])('usage error %j exits 2', async (argv, message) => {
    const { out, io: streams } = io();
    expect(await heapgateReport(argv, streams)).toBe(2);
    expect(out.stderr).toMatch(message);
    expect(out.stderr).toContain('usage: heapgate report');
    expect(out.stdout).toBe('');
  });

  test('a missing or invalid results file exits 2 naming the file and field', async () => {
    const missing = path.join(dir, 'nope.json');
    let r = io();
    expect(await heapgateReport([missing], r.io)).toBe(2);
    expect(r.out.stderr).toContain(`${missing}: no such file`);

    const bad = path.join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ schemaVersion: 3 }));
    r = io();
    expect(await heapgateReport([bad], r.io)).toBe(2);
    expect(r.out.stderr).toContain(`${bad}: schemaVersion: must be 1, got 3`);
    await expect(stat(path.join(dir, 'index.html'))).rejects.toThrow();
  });

  test('--help prints usage and exits 0', async () => {
    const { out, io: streams } = io();
    expect(await heapgateReport(['--help'], streams)).toBe(0);
    expect(out.stdout).toMatch(/^usage: heapgate report/);
    expect(parseArgs(['report', 'x.json', '--out', 'd'])).toEqual({
      command: 'report',
      options: { head: 'x.json', out: 'd', title: undefined },
      given: new Set(['out']),
    });
  });
});

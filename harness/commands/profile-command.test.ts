/** `heapgate profile` end to end: a heap and a CPU profile of the measured run, linked from the report. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../testing/run-cli.js';

const FIXTURES = path.join(REPO_ROOT, 'harness/testing/fixtures/gate-scenarios.mjs');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-profile-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const profile = (kind: string, out: string) =>
  runCli(['profile', 'fixture-gate', '--variant', 'keep', '--records', '10000', '--with', kind, '--scenarios', FIXTURES, '--out', out]);

describe('heapgate profile', () => {
  it('--with heap writes a sampling heap profile of the run, linked from the report', async () => {
    const out = path.join(tmp, 'heap');
    const res = await profile('heap', out);
    expect(res.code, res.stderr).toBe(0);
    const file = path.join(out, 'fixture-gate-keep-10000-r1.heapprofile');
    const heap = JSON.parse(fs.readFileSync(file, 'utf8'));
    // The run's own function is in the profile's call tree: it allocated the kept structure.
    expect(JSON.stringify(heap.head)).toContain('buildKnownStructure');
    const doc = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8'));
    expect(doc.profiles).toEqual([
      { scenario: 'fixture-gate', variant: 'keep', records: 10_000, kind: 'heap', path: file, reason: 'heapgate profile' },
    ]);
    expect(doc.verdicts).toEqual([]);
    expect(fs.readFileSync(path.join(out, 'index.html'), 'utf8')).toContain('href="fixture-gate-keep-10000-r1.heapprofile"');
  });

  it('--with cpu writes a CPU profile of the run, linked from the report', async () => {
    const out = path.join(tmp, 'cpu');
    const res = await profile('cpu', out);
    expect(res.code, res.stderr).toBe(0);
    const cpu = JSON.parse(fs.readFileSync(path.join(out, 'fixture-gate-keep-10000-r1.cpuprofile'), 'utf8'));
    expect(cpu.nodes[0].callFrame.functionName).toBe('(root)');
    expect(cpu.endTime).toBeGreaterThan(cpu.startTime);
    expect(fs.readFileSync(path.join(out, 'index.html'), 'utf8')).toContain('href="fixture-gate-keep-10000-r1.cpuprofile"');
  });

  it('exits 2 with a usage line without --with, or with an unknown profiler', async () => {
    const missing = await runCli(['profile', 'fixture-gate', '--scenarios', FIXTURES]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--with heap|cpu|doctor|flame');
    expect(missing.stderr).toMatch(/^usage: heapgate profile <scenario>/m);
    const unknown = await runCli(['profile', 'fixture-gate', '--with', 'flames']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--with must be "heap", "cpu", "doctor" or "flame", got "flames"');
  });
});

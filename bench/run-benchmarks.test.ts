import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../harness/testing/run-cli.js';

function runBench(...args: string[]) {
  return spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist/bench/run-benchmarks.js'), ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('npm run bench', () => {
  it('exits 2 with a usage line naming every suite when the requested suite does not exist', () => {
    const r = runBench('no-such-suite');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^usage: npm run bench \[-- <suite> …\]$/m);
    const suites = /^suites: (.*)$/m.exec(r.stderr)?.[1]?.split(', ') ?? [];
    // Every suite is named after its file: the list is exactly the bench/*.bench.ts files.
    const files = fs.readdirSync(path.join(REPO_ROOT, 'bench')).filter((f) => f.endsWith('.bench.ts'));
    expect(suites.sort()).toEqual(files.map((f) => f.replace(/\.bench\.ts$/, '')).sort());
    expect(suites).toContain('caches');
    expect(r.stdout).toBe('');
  });

  it('exits 2 with the usage line on an unknown option, running nothing', () => {
    const r = runBench('caches', '--bogus');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown option --bogus');
    expect(r.stderr).toMatch(/^usage: npm run bench/m);
    expect(r.stdout).toBe('');
  });
});

/**
 * `heapgate init` in an empty project: the files it scaffolds, idempotence, never overwriting,
 * and the scaffolded scenario measured and gated by `run` and `gate` there. `heapgate` resolves
 * to this checkout through a node_modules link, as an installed package would.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT } from '../testing/run-cli.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-init-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function project(name: string, files: Record<string, string> = {}): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  fs.symlinkSync(REPO_ROOT, path.join(dir, 'node_modules', 'heapgate'), 'dir');
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
  return dir;
}

function heapgate(cwd: string, args: string[]) {
  const res = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe('heapgate init', () => {
  it('scaffolds a scenario, its budgets, the config and a workflow; run measures it and gate passes', () => {
    const dir = project('js', { 'package.json': '{ "name": "app", "private": true }\n' });
    const first = heapgate(dir, ['init']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(
      /created {3}heapgate\/example\.mjs\ncreated {3}heapgate\.config\.mjs\ncreated {3}\.github\/workflows\/heapgate\.yml/,
    );
    expect(fs.readFileSync(path.join(dir, '.github/workflows/heapgate.yml'), 'utf8')).toMatch(/pull_request:[\s\S]*npx heapgate gate/);
    const run = heapgate(dir, ['run', 'example', '--live-heap', 'observed', '--json', '--out', 'out-run']);
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.runs.map((r: { variant: string; status: string }) => [r.variant, r.status])).toEqual([
      ['array', 'ok'],
      ['loop', 'ok'],
    ]);
    const gate = heapgate(dir, ['gate', '--repeat', '1', '--live-heap', 'observed', '--out', 'out-gate']);
    expect(gate.code, gate.stdout + gate.stderr).toBe(0);
    expect(gate.stdout).toMatch(/gate ci: PASS — 3 budget\/baseline checks, 0 failed/);
  });

  it('is idempotent and never overwrites a file with other content', () => {
    const dir = project('again');
    expect(heapgate(dir, ['init']).code).toBe(0);
    const second = heapgate(dir, ['init']);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(
      /unchanged heapgate\/example\.mjs\nunchanged heapgate\.config\.mjs\nunchanged \.github\/workflows\/heapgate\.yml/,
    );
    fs.writeFileSync(path.join(dir, 'heapgate.config.mjs'), 'export default { repeat: 2 };\n');
    const third = heapgate(dir, ['init']);
    expect(third.code).toBe(1);
    expect(third.stdout).toContain('kept      heapgate.config.mjs (exists with other content; not overwritten)');
    expect(fs.readFileSync(path.join(dir, 'heapgate.config.mjs'), 'utf8')).toBe('export default { repeat: 2 };\n');
  });

  it('scaffolds TypeScript in a project with a tsconfig.json, and it runs without compiling', () => {
    const dir = project('ts', { 'tsconfig.json': '{ "compilerOptions": { "strict": true } }\n' });
    const init = heapgate(dir, ['init']);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('created   heapgate/example.ts');
    expect(init.stdout).toContain('created   heapgate.config.ts');
    const run = heapgate(dir, ['run', 'example', '--variant', 'loop', '--live-heap', 'observed', '--json', '--out', 'out']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).runs[0].status).toBe('ok');
  });
});

/**
 * A user project's conventions, end to end through the built CLI run in the project's directory:
 * `heapgate.config.*` (scenario dirs, repeats, Node flags for the child), the default `./heapgate`
 * directory, built-in scenarios left out, and an unknown scenario naming where heapgate looked.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI } from '../testing/run-cli.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-config-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const SCENARIO = `export default { name: 'small', summary: 's', source: 'config tests', defaultRecords: 1000, services: [],
  variants: { a: { summary: 'a', run: (ctx) => ({ n: Array.from({ length: ctx.records }, (_, i) => i).length }) } } };\n`;

function project(name: string, files: Record<string, string>): string {
  const dir = path.join(tmp, name);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

function heapgate(cwd: string, args: string[]) {
  const res = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe('project config and conventions', () => {
  it('takes scenario dirs, repeats and child Node flags from heapgate.config.mjs; the command line adds to and wins over it', () => {
    const dir = project('configured', {
      'heapgate.config.mjs': "export default { scenarios: ['./perf'], repeat: 2, nodeOptions: ['--max-semi-space-size=2'] };\n",
      'perf/small.mjs': SCENARIO,
    });
    const res = heapgate(dir, ['run', 'small', '--live-heap', 'observed', '--json', '--node-option=--stack-size=900', '--out', 'out']);
    expect(res.code, res.stderr).toBe(0);
    const doc = JSON.parse(res.stdout);
    expect(doc.runs.map((r: { repeat: number; status: string }) => [r.repeat, r.status])).toEqual([
      [1, 'ok'],
      [2, 'ok'],
    ]);
    expect(doc.environment.nodeOptions).toEqual(['--max-semi-space-size=2', '--stack-size=900']);
    const once = heapgate(dir, ['run', 'small', '--live-heap', 'observed', '--json', '--repeat', '1', '--out', 'out1']);
    expect(JSON.parse(once.stdout).runs).toHaveLength(1);
  });

  it('refuses a malformed config, naming the file and field', () => {
    const dir = project('bad-config', { 'heapgate.config.mjs': 'export default { repeats: 2 };\n' });
    const res = heapgate(dir, ['list']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`${path.join(dir, 'heapgate.config.mjs')}: repeats: unknown field`);
  });

  it('loads ./heapgate by default, leaves the built-in scenarios out unless asked, and says where it looked', () => {
    const dir = project('plain', { 'heapgate/small.mjs': SCENARIO });
    const list = heapgate(dir, ['list', '--json']);
    expect(JSON.parse(list.stdout).map((s: { name: string }) => s.name)).toEqual(['small']);
    const withBuiltins = heapgate(dir, ['list', '--json', '--builtins']);
    expect(JSON.parse(withBuiltins.stdout).map((s: { name: string }) => s.name)).toContain('suggestions');
    const unknown = heapgate(dir, ['run', 'burst']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown scenario "burst"');
    expect(unknown.stderr).toContain('looked in heapgate; point --scenarios at a file or directory');
  });

  it('with no scenario directory at all, says so and how to point at one', () => {
    const res = heapgate(project('empty', { 'package.json': '{}' }), ['run', 'burst']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('no scenarios to run (found no scenario directory');
    expect(res.stderr).toContain('--scenarios');
  });
});

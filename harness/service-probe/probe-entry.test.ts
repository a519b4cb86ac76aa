/**
 * `heapgate/probe` is what a service imports: it must stay light — no CLI, commands, runner,
 * service providers, reporters, and not fastify (the plugin uses only its types). Checked from a
 * fresh Node process importing the built package by name, as a service does.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../testing/run-cli.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-probe-entry-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

// A module resolve hook (node:module `register`) that appends every URL it resolves to a file.
const HOOKS = `import fs from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  fs.appendFileSync(process.env.HEAPGATE_TRACE_FILE, resolved.url + '\\n');
  return resolved;
}`;

describe('the heapgate/probe entry', () => {
  it('loads only the probe, its client and what they need', () => {
    const hooks = path.join(tmp, 'hooks.mjs');
    const trace = path.join(tmp, 'trace.txt');
    fs.writeFileSync(hooks, HOOKS);
    const register = `import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(hooks).href)});`;
    const exports = execFileSync(
      process.execPath,
      [
        '--import',
        `data:text/javascript,${encodeURIComponent(register)}`,
        '--input-type=module',
        '--eval',
        "const m = await import('heapgate/probe'); process.stdout.write(Object.keys(m).sort().join(','));",
      ],
      { cwd: REPO_ROOT, env: { ...process.env, HEAPGATE_TRACE_FILE: trace } },
    ).toString();
    expect(exports.split(',')).toEqual(
      expect.arrayContaining([
        'createHeapProbeHandler',
        'heapProbeFastify',
        'measuredElsewhere',
        'mountHeapProbe',
        'remoteProbe',
        'RemoteProbeError',
      ]),
    );
    const loaded = fs
      .readFileSync(trace, 'utf8')
      .split('\n')
      .filter((u) => u.startsWith('file:'))
      .map((u) => path.relative(REPO_ROOT, new URL(u).pathname));
    expect(loaded).toContain('dist/harness/service-probe/index.js');
    const heavy = loaded.filter((f) =>
      /^dist\/harness\/(cli|commands|runner|services|reporters|budgets|gate|seed)\/|node_modules\//.test(f),
    );
    expect(heavy).toEqual([]);
  });
});

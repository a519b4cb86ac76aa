/**
 * A scenario module that does not parse is reported with `file:line:column`, whether the
 * parent loads it (the broken file itself, or a helper it imports) or the measured child does.
 * The broken modules are written here, so each place is stated beside its source.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ResultsDocument } from '../results/results-document.js';
import { runCli } from '../testing/run-cli.js';
import { firstFrameInFile, locationInHeader } from './error-location.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-syntax-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, lines: readonly string[]): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const scenario = (name: string) =>
  `export default { name: '${name}', summary: 's', source: 'x', defaultRecords: 1, variants: { a: { summary: 'a', run: () => ({}) } } };`;

describe('a scenario module that does not parse', () => {
  it('is named with file:line:column when the parent loads it (exit 2)', async () => {
    const file = write('broken/orders.mjs', [
      "export const summary = 'orders';",
      '',
      'export default {',
      //              column 26 ↓
      '  run: () => { return 1 +; },',
      '};',
    ]);
    const res = await runCli(['run', 'orders', '--scenarios', file]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`${file}: module: could not be loaded: SyntaxError: Unexpected token ';' at ${file}:4:26`);
  });

  it('names the helper it imports when the helper is the broken file, tabs counted as one column', async () => {
    write('folder/orders/index.mjs', ["import { price } from './prices.mjs';", scenario('orders').replace('({})', '({ price })')]);
    const helper = write('folder/orders/prices.mjs', ['export const price = 1;', 'export const table = {', '\tvalue: (1 +),', '};']);
    const res = await runCli(['run', 'orders', '--scenarios', path.join(dir, 'folder')]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`SyntaxError: Unexpected token ')' at ${helper}:3:13`);
  });

  it('is named with file:line:column when the measured child loads it (a failed run)', async () => {
    // The parent has no IPC channel; the measured child has: only the child imports the broken module.
    const file = write('child/orders.mjs', ["if (process.send) await import('./lazy.mjs');", scenario('orders')]);
    const lazy = write('child/lazy.mjs', ['export const rows = [];', 'const total = (;']);
    const out = path.join(dir, 'out');
    const res = await runCli(['run', 'orders', '--scenarios', file, '--json', '--out', out]);
    expect(res.code).toBe(1);
    const run = (JSON.parse(res.stdout) as ResultsDocument).runs[0]!;
    expect(run.status).toBe('failed');
    expect(run.error!.message).toMatch(/^load: ScenarioDefinitionError: /);
    expect(run.error!.message).toContain(`SyntaxError: Unexpected token ';' at ${lazy}:2:16`);
    expect(run.error!.cause).toMatchObject({ name: 'SyntaxError', message: "Unexpected token ';'" });
    expect(res.stderr).toContain(`at ${lazy}:2:16`);
  });

  it('a runtime SyntaxError (JSON.parse) points at the code that threw, not at a parse check', async () => {
    const file = write('json/orders.mjs', ["const config = JSON.parse('{');", scenario('orders')]);
    const res = await runCli(['run', 'orders', '--scenarios', file]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(
      new RegExp(`could not be loaded: SyntaxError: .*JSON.* at ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1:21`),
    );
  });
});

describe('locationInHeader / firstFrameInFile', () => {
  it("read Node's header: path or file URL, line, and the caret's column", () => {
    expect(locationInHeader('/srv/x.cjs:2\n  let b = a +* 2;\n             ^\n\nSyntaxError: Unexpected token')).toEqual({
      file: '/srv/x.cjs',
      line: 2,
      column: 14,
    });
    expect(locationInHeader("file:///srv/a%20b.mjs:1\nimport { nope } from './ok.mjs';\n         ^^^^\nSyntaxError: …")).toEqual({
      file: '/srv/a b.mjs',
      line: 1,
      column: 10,
    });
    expect(locationInHeader("SyntaxError: Unexpected token ';'\n    at compileSourceTextModule (node:internal/…)")).toBeUndefined();
  });

  it('take the first frame that is in a file', () => {
    const stack = 'Error: x\n    at JSON.parse (<anonymous>)\n    at run (file:///srv/s.mjs:3:5)\n    at /srv/t.js:9:1';
    expect(firstFrameInFile(stack)).toEqual({ file: '/srv/s.mjs', line: 3, column: 5 });
  });
});

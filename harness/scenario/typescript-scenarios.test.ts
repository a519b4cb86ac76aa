/**
 * TypeScript scenario files load with no compile step (harness/scenario/import-module.ts): on
 * Node 20 through tsx's hooks, in the CLI and in the measured child, their own `.ts` imports
 * (written with the `.js` specifier tsc wants) included.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../testing/run-cli.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-ts-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
  fs.writeFileSync(path.join(dir, name), text);
}

// Type annotations, an interface and an `as` cast: none of it is JavaScript.
write(
  'typed/index.ts',
  `import { makeRows, type Row } from './rows.js';
interface State { rows: Row[] }
export default {
  name: 'typed',
  summary: 'a TypeScript scenario',
  source: 'heapgate tests',
  defaultRecords: 2000,
  services: [],
  variants: {
    keep: {
      summary: 'keeps rows',
      setup: (): State => ({ rows: [] }),
      run: (ctx: { records: number }, state: State) => {
        state.rows = makeRows(ctx.records);
        return { rows: state.rows.length as number };
      },
    },
  },
};
`,
);
write(
  'typed/rows.ts',
  'export interface Row { id: number; label: string }\nexport const makeRows = (n: number): Row[] => Array.from({ length: n }, (_, id) => ({ id, label: "r" + String(id) }));\n',
);

describe('TypeScript scenarios', () => {
  it('are listed and measured without compiling', async () => {
    const list = await runCli(['list', '--scenarios', dir, '--json']);
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout).map((s: { name: string }) => s.name)).toContain('typed');
    const res = await runCli(['run', 'typed', '--scenarios', dir, '--live-heap', 'observed', '--json', '--out', path.join(dir, 'out')]);
    expect(res.code, res.stderr).toBe(0);
    const doc = JSON.parse(res.stdout);
    expect(doc.runs.map((r: { status: string; counters: object }) => [r.status, r.counters])).toEqual([['ok', { rows: 2000 }]]);
  });
});

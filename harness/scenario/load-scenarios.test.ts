import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScenarioDefinitionError, UsageError } from '../errors.js';
import { REPO_ROOT, runCli } from '../testing/run-cli.js';
import { loadScenarios } from './load-scenarios.js';

let dir: string;
const noBuiltins = () => path.join(dir, 'no-builtins');
const defineUrl = new URL('./define-scenario.ts', import.meta.url).href;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-load-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

/** A plain-object scenario module named `name` (its single variant returns `counters`). */
const scenarioModule = (name: string, counters = '{}') =>
  `export default { name: '${name}', summary: 's', source: 'x', defaultRecords: 1, variants: { a: { summary: 'a', run: async () => (${counters}) } } };`;

async function loadError(file: string): Promise<ScenarioDefinitionError> {
  const err = await loadScenarios([file], noBuiltins()).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ScenarioDefinitionError);
  return err as ScenarioDefinitionError;
}

describe('loadScenarios', () => {
  it('gives plain-object scenarios the same defaults as defineScenario', async () => {
    const file = write(
      'plain.mjs',
      "export default { name: 'plain', summary: 's', source: 'x', defaultRecords: 1000, variants: { a: { summary: 'a', run: async () => ({}) } } };",
    );
    const [loaded] = await loadScenarios([file], noBuiltins());
    expect(loaded!.definition.sweep).toEqual([10, 100, 1000]);
    expect(loaded!.definition.services).toEqual([]);
  });

  it('names the file when defineScenario throws while the module loads', async () => {
    const file = write(
      'orders.mjs',
      `import { defineScenario } from ${JSON.stringify(defineUrl)};\n` +
        "export default defineScenario({ name: 'orders', summary: 's', source: 'x', defaultRecords: -1, variants: { a: { summary: 'a', run: async () => ({}) } } });",
    );
    const err = await loadError(file);
    expect(err.message).toBe(`${file}: scenario "orders": defaultRecords: must be a positive integer`);
  });

  it('names the file of a budget defineScenario rejects, as for the same budget in a plain object', async () => {
    const scenario =
      "{ name: 'orders', summary: 's', source: 'x', defaultRecords: 1, variants: { a: { summary: 'a', run: async () => ({}) } }, " +
      "budgets: [{ variant: 'a', thresholds: { heapDeltaBytes: '<8XB' } }] }";
    const defined = write(
      'defined.mjs',
      `import { defineScenario } from ${JSON.stringify(defineUrl)};\nexport default defineScenario(${scenario});`,
    );
    const plain = write('plain.mjs', `export default ${scenario};`);
    const errors = await Promise.all(
      [defined, plain].map((file) =>
        loadScenarios([file], noBuiltins()).then(
          () => undefined,
          (e: unknown) => e as Error,
        ),
      ),
    );
    for (const err of errors) expect(err).toBeInstanceOf(UsageError);
    const prefix = `${defined}: scenario "orders": budgets[0].thresholds.heapDeltaBytes: "<8XB" is not a threshold`;
    expect(errors[0]!.message.startsWith(prefix), errors[0]!.message).toBe(true);
    expect(errors[1]!.message).toBe(errors[0]!.message.replace(defined, plain));
  });

  it('turns a module that cannot load into a scenario error naming the file', async () => {
    const file = write('broken.mjs', 'export default {');
    const err = await loadError(file);
    expect(err.field).toBe('module');
    expect(err.message).toContain(`${file}: module: could not be loaded:`);
  });

  it('takes a folder with an index module for one scenario, and neither its helpers nor folders without one', async () => {
    write('orders/index.mjs', `import { count } from './workload.mjs';\n${scenarioModule('orders', '{ n: count }')}`);
    write('orders/workload.mjs', 'export const count = 3;');
    write('orders/nested/index.mjs', 'export const notAScenario = true;');
    write('common/prices.mjs', 'export const price = 1;');
    write('top.mjs', scenarioModule('top'));
    const loaded = await loadScenarios([dir], noBuiltins());
    expect(loaded.map((l) => [l.definition.name, l.file])).toEqual([
      ['orders', path.join(dir, 'orders/index.mjs')],
      ['top', path.join(dir, 'top.mjs')],
    ]);
    expect(await loaded[0]!.definition.variants.a!.run({} as never, undefined)).toEqual({ n: 3 });
  });

  it('rejects a scenario folder with two index modules, naming the folder', async () => {
    write('orders/index.js', scenarioModule('orders'));
    write('orders/index.mjs', scenarioModule('orders'));
    const err = await loadScenarios([dir], noBuiltins()).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err).toBeInstanceOf(UsageError);
    expect(err?.message).toBe(`${path.join(dir, 'orders')}: a scenario folder has one index module, found index.js, index.mjs`);
  });

  it('rejects a name defined by a module and a folder alike (a stale build), naming both files', async () => {
    write('orders.mjs', scenarioModule('orders'));
    write('orders/index.mjs', scenarioModule('orders'));
    const err = await loadScenarios([dir], noBuiltins()).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err).toBeInstanceOf(UsageError);
    expect(err?.message).toBe(
      `scenario name "orders" is defined twice: ${path.join(dir, 'orders/index.mjs')} and ${path.join(dir, 'orders.mjs')}`,
    );
  });
});

describe('scenario folders through the CLI', () => {
  // Relative, as a user types it: the CLI runs in the repository root.
  const MY_SCENARIOS = 'harness/testing/fixtures/my-scenarios';
  const INDEX = path.join(REPO_ROOT, MY_SCENARIOS, 'orders/index.mjs');

  it('lists a user scenario folder by its index module, beside the built-in scenarios', async () => {
    const res = await runCli(['list', '--json', '--scenarios', MY_SCENARIOS]);
    expect(res.code, res.stderr).toBe(0);
    const list = JSON.parse(res.stdout) as { name: string; origin: string; file: string }[];
    expect(list.filter((s) => s.origin === 'user')).toEqual([expect.objectContaining({ name: 'fixture-orders', file: INDEX })]);
    // The built-in scenarios are exactly the folders of scenarios/ with an index module.
    const builtins = fs
      .readdirSync(path.join(REPO_ROOT, 'scenarios'))
      .filter((d) => fs.existsSync(path.join(REPO_ROOT, 'scenarios', d, 'index.ts')));
    expect(list.filter((s) => s.origin === 'builtin').map((s) => s.name)).toEqual(builtins.sort());
    expect(builtins).toContain('suggestions');

    const text = await runCli(['list', '--scenarios', MY_SCENARIOS]);
    expect(text.stdout).toContain(`fixture-orders (${INDEX}) — builds ctx.records orders`);
  });

  it('runs it: the measured child imports the index module and its helpers', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'heapgate-folder-run-'));
    const res = await runCli(['run', 'fixture-orders', '--scenarios', MY_SCENARIOS, '--json', '--out', out]).finally(() =>
      fs.rmSync(out, { recursive: true, force: true }),
    );
    expect(res.code, res.stderr).toBe(0);
    const doc = JSON.parse(res.stdout) as { runs: { scenario: string; status: string; counters: Record<string, number> }[] };
    expect(doc.runs.map((r) => [r.scenario, r.status, r.counters])).toEqual([
      ['fixture-orders', 'ok', { orders: 100, totalCents: 14_950 }],
    ]);
  });
});

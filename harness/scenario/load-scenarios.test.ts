import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScenarioDefinitionError } from '../errors.js';
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
  fs.writeFileSync(file, text);
  return file;
}

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

  it('turns a module that cannot load into a scenario error naming the file', async () => {
    const file = write('broken.mjs', 'export default {');
    const err = await loadError(file);
    expect(err.field).toBe('module');
    expect(err.message).toContain(`${file}: module: could not be loaded:`);
  });

  it('rejects a directory without scenario modules, pointing at TypeScript files', async () => {
    const sub = path.join(dir, 'ts-only');
    fs.mkdirSync(sub);
    fs.writeFileSync(path.join(sub, 'orders.ts'), 'export default {};');
    const err = await loadScenarios([sub], noBuiltins()).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toContain(`--scenarios: ${sub} holds no scenario modules`);
    expect(err?.message).toContain('need compiling first');
  });
});

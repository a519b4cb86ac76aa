/**
 * The `suggestions` scenario end to end, outside the measured child: seed through its own
 * hook, then setup → run → teardown of every variant on a private schema.
 */
import { fileURLToPath } from 'node:url';
import { type JsonValue, type RunContext, runVariantInProcess } from 'heapgate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, type TestSchema } from '../../reference-impl/test-fixtures/test-schema.js';
import { modulesLoadedBy } from '../test-fixtures/modules-loaded-by.js';
// defineScenario validated it, budgets included, as the loader will: importing it is the check.
import scenario from './index.js';

const RECORDS = 500;
let db: TestSchema;
let dataset: JsonValue;

const context = (variant: string): RunContext => ({
  scenario: 'suggestions',
  variant,
  records: RECORDS,
  repeat: 1,
  services: { postgres: { connectionString: db.connectionString } },
  dataset,
  fixtures: null,
});

const runVariant = (name: string) => runVariantInProcess(scenario, context(name));

beforeAll(async () => {
  db = await createTestSchema('scenario');
  const lines: string[] = [];
  const seeded = await scenario.seed!({
    scenario: 'suggestions',
    records: RECORDS,
    services: { postgres: { connectionString: db.connectionString } },
    log: (m) => lines.push(m),
  });
  expect(seeded.rowsWritten).toBeGreaterThan(RECORDS);
  expect(lines.join('\n')).toMatch(/rows\/s/);
  dataset = seeded.dataset!;
});

afterAll(async () => {
  await db?.drop();
});

describe('scenario suggestions', () => {
  it('declares the seed 001 sizes, targets and budgets', () => {
    expect(scenario.defaultRecords).toBe(1318);
    expect(scenario.sweep).toEqual([1318, 10_000, 100_000]);
    expect(Object.keys(scenario.variants)).toEqual(['before', 'after', 'after-full-scan']);
    expect(scenario.targets!.find((t) => t.variant === 'before' && t.metric === 'heapDeltaBytes')).toMatchObject({
      min: 60 * 2 ** 20,
      max: 120 * 2 ** 20,
    });
    expect(scenario.budgets!.find((b) => b.variant === 'after-full-scan')?.growth).toBe('constant');
  });

  it('loads neither the data set generator nor faker where the measured child imports it', async () => {
    const loaded = await modulesLoadedBy(fileURLToPath(new URL('../../dist/scenarios/suggestions/index.js', import.meta.url)));
    expect(loaded[0]).toMatch(/\/dist\/scenarios\/suggestions\/index\.js$/);
    // contacts-dataset-version.js is one constant (the scenario's datasetVersion), kept apart for this.
    expect(loaded.filter((url) => /faker|\/datasets\/(?!contacts-dataset-version\.js$)/.test(url))).toEqual([]);
  });

  it('before loads every contact; after-full-scan reads every active one; after reads one batch', async () => {
    const before = await runVariant('before');
    const full = await runVariant('after-full-scan');
    const after = await runVariant('after');
    expect(before).toMatchObject({ rowsRead: RECORDS, rowsLoaded: RECORDS, suggestions: 50, batches: 1 });
    expect(full.suggestions).toBe(50);
    expect(full.rowsRead).toBeGreaterThan(RECORDS * 0.9);
    expect(full.rowsRead).toBeLessThan(RECORDS);
    expect(full.batches).toBe(Math.ceil(full.rowsRead! / 100));
    expect(after).toEqual({ rowsRead: 100, suggestions: 50, batches: 1 });
  });

  it('reuses the data set when seeded again', async () => {
    const again = await scenario.seed!({
      scenario: 'suggestions',
      records: RECORDS,
      services: { postgres: { connectionString: db.connectionString } },
      log: () => {},
    });
    expect(again.rowsWritten).toBe(0);
    expect(again.dataset).toEqual(dataset);
  });
});

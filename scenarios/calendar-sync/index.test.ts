/**
 * The `calendar-sync` scenario end to end, outside the measured child: its own seed and
 * fixtures (the Calendar fake), then setup → run → teardown of every variant on a private schema.
 */
import { fileURLToPath } from 'node:url';
import { type Fixtures, type JsonValue, type RunContext, runVariantInProcess } from 'heapgate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, type TestSchema } from '../../reference-impl/test-fixtures/test-schema.js';
import { modulesLoadedBy } from '../test-fixtures/modules-loaded-by.js';
import scenario, { eventChangesFor } from './index.js';

const RECORDS = 700;
let db: TestSchema;
let fixtures: Fixtures;
let dataset: JsonValue;

const context = (variant: string): Omit<RunContext, 'scenario'> => ({
  variant,
  records: RECORDS,
  repeat: 1,
  services: { postgres: { connectionString: db.connectionString } },
  dataset,
  fixtures: fixtures.values,
});

beforeAll(async () => {
  db = await createTestSchema('calendar_sync_scenario');
  const base = {
    scenario: 'calendar-sync',
    records: RECORDS,
    services: { postgres: { connectionString: db.connectionString } },
    log: () => {},
  };
  dataset = (await scenario.seed!(base)).dataset ?? null;
  fixtures = await scenario.fixtures!({ ...base, dataset });
});
afterAll(async () => {
  await fixtures?.stop();
  await db?.drop();
});

describe('scenario calendar-sync', () => {
  it('declares seed 001 sizes, targets and a constant-growth budget for after', () => {
    expect(scenario.defaultRecords).toBe(2000);
    expect(scenario.sweep.at(-1)).toBe(100_000);
    expect(scenario.targets!.find((t) => t.variant === 'before' && t.metric === 'heapDeltaBytes')).toMatchObject({
      min: 15 * 2 ** 20,
      max: 20 * 2 ** 20,
    });
    expect(scenario.targets!.find((t) => t.variant === 'after' && t.metric === 'heapDeltaBytes')).toMatchObject({ max: 8 * 2 ** 20 });
    expect(scenario.budgets!.find((b) => b.variant === 'after' && b.growth)?.growth).toBe('constant');
  });

  it('the measured child loads neither the fakes nor the schema DDL', async () => {
    const loaded = await modulesLoadedBy(fileURLToPath(new URL('../../dist/scenarios/calendar-sync/index.js', import.meta.url)));
    expect(loaded[0]).toMatch(/\/dist\/scenarios\/calendar-sync\/index\.js$/);
    expect(loaded.filter((url) => /fake-calendar-api|fake-calendar-event|sync-schema/.test(url))).toEqual([]);
  });

  it('before and after sync every event; after holds one page of 250', async () => {
    const before = await runVariantInProcess(scenario, context('before'));
    const after = await runVariantInProcess(scenario, context('after'));
    expect(before).toMatchObject({
      upserted: RECORDS,
      pages: 3,
      largestPage: RECORDS,
      rowDifference: 0,
      localRows: RECORDS,
      tokenStored: 1,
    });
    expect(after).toMatchObject({
      upserted: RECORDS,
      pages: 3,
      largestPage: 250,
      rowDifference: 0,
      localRows: RECORDS,
      tokenStored: 1,
      incremental: 0,
    });
  });

  it('incremental applies only the changes; 410 Gone wipes and syncs fully; both end at the source', async () => {
    const changes = eventChangesFor(RECORDS);
    const incremental = await runVariantInProcess(scenario, context('after-incremental'));
    expect(incremental).toMatchObject({
      incremental: 1,
      upserted: changes.updated + changes.added,
      deleted: changes.deleted,
      rowDifference: 0,
    });
    const gone = await runVariantInProcess(scenario, context('after-gone'));
    expect(gone).toMatchObject({
      incremental: 0,
      wipes: 1,
      wipedEvents: RECORDS,
      upserted: RECORDS - changes.deleted + changes.added,
      rowDifference: 0,
    });
  });
});

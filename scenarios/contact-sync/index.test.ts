/**
 * The `contact-sync` scenario end to end, outside the measured child: its own seed and
 * fixtures (the People fake), then setup → run → teardown of every variant on a private schema.
 */
import { fileURLToPath } from 'node:url';
import { type Fixtures, type JsonValue, type RunContext, runVariantInProcess } from 'heapgate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, type TestSchema } from '../../reference-impl/test-fixtures/test-schema.js';
import { modulesLoadedBy } from '../test-fixtures/modules-loaded-by.js';
import scenario, { contactChangesFor } from './index.js';

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
  db = await createTestSchema('contact_sync_scenario');
  const base = {
    scenario: 'contact-sync',
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

describe('scenario contact-sync', () => {
  it('declares seed 001 sizes, targets and a constant-growth budget for after', () => {
    expect(scenario.defaultRecords).toBe(1318);
    expect(scenario.sweep.at(-1)).toBe(100_000);
    expect(scenario.targets!.find((t) => t.variant === 'before' && t.metric === 'heapDeltaBytes')).toMatchObject({
      min: 25 * 2 ** 20,
      max: 35 * 2 ** 20,
    });
    expect(scenario.targets!.find((t) => t.variant === 'after' && t.metric === 'heapDeltaBytes')).toMatchObject({ max: 12 * 2 ** 20 });
    expect(scenario.budgets!.find((b) => b.variant === 'after' && b.growth)?.growth).toBe('constant');
  });

  it('the measured child loads neither the fakes nor the schema DDL', async () => {
    const loaded = await modulesLoadedBy(fileURLToPath(new URL('../../dist/scenarios/contact-sync/index.js', import.meta.url)));
    expect(loaded[0]).toMatch(/\/dist\/scenarios\/contact-sync\/index\.js$/);
    expect(loaded.filter((url) => /fake-people-api|fake-person|sync-schema/.test(url))).toEqual([]);
  });

  it('before and after sync every contact; after holds one page of 500', async () => {
    const before = await runVariantInProcess(scenario, context('before'));
    const after = await runVariantInProcess(scenario, context('after'));
    expect(before).toMatchObject({
      upserted: RECORDS,
      pages: 2,
      largestPage: RECORDS,
      rowDifference: 0,
      localRows: RECORDS,
      tokenStored: 1,
    });
    expect(after).toMatchObject({
      upserted: RECORDS,
      pages: 2,
      largestPage: 500,
      rowDifference: 0,
      localRows: RECORDS,
      tokenStored: 1,
      incremental: 0,
    });
  });

  it('incremental applies only the changes; an expired token falls back to a full sync; both end at the source', async () => {
    const changes = contactChangesFor(RECORDS);
    const incremental = await runVariantInProcess(scenario, context('after-incremental'));
    expect(incremental).toMatchObject({
      incremental: 1,
      upserted: changes.updated + changes.added,
      deleted: changes.deleted,
      rowDifference: 0,
    });
    const expired = await runVariantInProcess(scenario, context('after-expired-token'));
    expect(expired).toMatchObject({ incremental: 0, expiredTokenFallbacks: 1, swept: changes.deleted, rowDifference: 0 });
  });
});

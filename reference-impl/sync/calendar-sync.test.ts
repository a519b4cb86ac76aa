/**
 * The calendar sync against the Calendar fake and real PostgreSQL: full, incremental with
 * cancellations, 410 Gone (wipe and full sync) and a honoured 429 all end with exactly the
 * source's events.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeCalendarApi, startFakeCalendarApi } from '../api-fakes/fake-calendar-api.js';
import { createTestSchema, type TestSchema } from '../test-fixtures/test-schema.js';
import { CalendarApiClient } from './calendar-api-client.js';
import { syncCalendar } from './calendar-sync.js';
import { syncCalendarNaive } from './calendar-sync-naive.js';
import { eventRowOf } from './event-row.js';
import { createSyncSchema } from './sync-schema.js';
import { readSyncToken } from './sync-token-store.js';

const RECORDS = 1100;
let db: TestSchema;
let pool: pg.Pool;
let fake: FakeCalendarApi;
let accounts = 0;

beforeAll(async () => {
  db = await createTestSchema('calendar_sync');
  pool = db.pool({ max: 2 });
  await createSyncSchema(pool);
  fake = await startFakeCalendarApi({ records: RECORDS });
});
afterAll(async () => {
  await fake?.close();
  await pool?.end();
  await db?.drop();
});

function account(sleeps: number[] = []) {
  const name = `cal-${++accounts}`;
  return {
    name,
    api: new CalendarApiClient({ baseUrl: fake.url, accessToken: name, baseBackoffMs: 1, sleep: async (ms) => void sleeps.push(ms) }),
  };
}

async function withClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await fn(client);
  } finally {
    client.release();
  }
}

async function local(userId: string) {
  const { rows } = await pool.query<{ event_id: string; etag: string; summary: string; starts_at: Date; attendees: unknown }>(
    `SELECT event_id, etag, summary, starts_at, attendees FROM synced_calendar_events
     WHERE user_id = $1 AND calendar_id = 'primary' ORDER BY event_id`,
    [userId],
  );
  return rows.map((r) => [r.event_id, r.etag, r.summary, r.starts_at.toISOString(), JSON.stringify(r.attendees)]);
}

function source(name: string) {
  return [...fake.liveEvents(name)]
    .map(eventRowOf)
    .sort((a, b) => (a.eventId < b.eventId ? -1 : 1))
    .map((r) => [r.eventId, r.etag, r.summary, new Date(r.startsAt!).toISOString(), r.attendees ?? 'null']);
}

describe('syncCalendar', () => {
  it('full sync in pages of 250, then incremental with cancelled events deleted', async () => {
    const { name, api } = account();
    const full = await withClient((client) => syncCalendar({ api, client, userId: name }));
    expect(full).toMatchObject({ mode: 'full', pages: 5, upserted: RECORDS, largestPage: 250, swept: 0, tokenStored: true });
    expect(await local(name)).toEqual(source(name));
    fake.account(name).apply({ updated: 30, deleted: 12, added: 7 });
    const inc = await withClient((client) => syncCalendar({ api, client, userId: name }));
    expect(inc).toMatchObject({ mode: 'incremental', pages: 1, upserted: 37, deleted: 12, wipes: 0 });
    expect(await local(name)).toEqual(source(name));
  });

  it('410 Gone: wipes the calendar and its token, syncs fully, ends with the source', async () => {
    const { name, api } = account();
    await withClient((client) => syncCalendar({ api, client, userId: name }));
    fake.account(name).apply({ updated: 5, deleted: 9, added: 2 });
    fake.account(name).expireTokens();
    const result = await withClient((client) => syncCalendar({ api, client, userId: name }));
    expect(result).toMatchObject({ mode: 'full', wipes: 1, wipedEvents: RECORDS, upserted: RECORDS - 9 + 2, swept: 0, tokenStored: true });
    expect(await local(name)).toEqual(source(name));
    expect(await withClient((c) => readSyncToken(c, name, 'google-calendar:primary'))).toBeTypeOf('string');
  });

  it('honours 429 Retry-After and survives a reset mid-page', async () => {
    const sleeps: number[] = [];
    const { name, api } = account(sleeps);
    fake.faults.inject({ kind: 'rate-limit', retryAfterSeconds: 2 });
    fake.faults.inject({ kind: 'reset-mid-page' });
    await withClient((client) => syncCalendar({ api, client, userId: name }));
    expect(sleeps[0]).toBe(2000);
    expect(api.stats).toMatchObject({ retries: 2, rateLimited: 1, pages: 5 });
    expect(await local(name)).toEqual(source(name));
  });
});

describe('syncCalendarNaive', () => {
  it('ends with the same rows: full, incremental, and after 410 Gone', async () => {
    const { name, api } = account();
    expect(await withClient((client) => syncCalendarNaive({ api, client, userId: name }))).toMatchObject({
      mode: 'full',
      largestPage: RECORDS,
    });
    expect(await local(name)).toEqual(source(name));
    fake.account(name).apply({ updated: 3, deleted: 2, added: 1 });
    expect(await withClient((client) => syncCalendarNaive({ api, client, userId: name }))).toMatchObject({
      mode: 'incremental',
      upserted: 4,
      deleted: 2,
    });
    expect(await local(name)).toEqual(source(name));
    fake.account(name).apply({ deleted: 4 });
    fake.account(name).expireTokens();
    expect(await withClient((client) => syncCalendarNaive({ api, client, userId: name }))).toMatchObject({ wipes: 1, mode: 'full' });
    expect(await local(name)).toEqual(source(name));
  });
});

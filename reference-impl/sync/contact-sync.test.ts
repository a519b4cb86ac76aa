/**
 * The contact sync against the People fake and real PostgreSQL: full, incremental, expired
 * token, retried faults and a failure midway all end with exactly the source's contacts.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakePeopleApi, startFakePeopleApi } from '../api-fakes/fake-people-api.js';
import { createTestSchema, type TestSchema } from '../test-fixtures/test-schema.js';
import { contactRowOf } from './contact-row.js';
import { syncContacts } from './contact-sync.js';
import { syncContactsNaive } from './contact-sync-naive.js';
import { PeopleApiClient } from './people-api-client.js';
import { createSyncSchema } from './sync-schema.js';
import { readSyncToken } from './sync-token-store.js';

const RECORDS = 1234;
let db: TestSchema;
let pool: pg.Pool;
let fake: FakePeopleApi;
let accounts = 0;

beforeAll(async () => {
  db = await createTestSchema('contact_sync');
  pool = db.pool({ max: 2 });
  await createSyncSchema(pool);
  fake = await startFakePeopleApi({ records: RECORDS });
});
afterAll(async () => {
  await fake?.close();
  await pool?.end();
  await db?.drop();
});

/** A fresh account (its own copy of the source) and a client for it. */
function account(sleeps: number[] = []) {
  const name = `user-${++accounts}`;
  const api = new PeopleApiClient({ baseUrl: fake.url, accessToken: name, baseBackoffMs: 1, sleep: async (ms) => void sleeps.push(ms) });
  return { name, api };
}

async function withClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await fn(client);
  } finally {
    client.release();
  }
}

/** Rows and memberships of `userId`, sorted, as the source would have them. */
async function local(userId: string) {
  const contacts = await pool.query<{ resource_name: string; etag: string; display_name: string }>(
    'SELECT resource_name, etag, display_name FROM synced_contacts WHERE user_id = $1 ORDER BY resource_name',
    [userId],
  );
  const groups = await pool.query<{ m: string }>(
    "SELECT resource_name || ' ' || group_resource_name AS m FROM synced_contact_groups WHERE user_id = $1 ORDER BY 1",
    [userId],
  );
  return { contacts: contacts.rows.map((r) => [r.resource_name, r.etag, r.display_name]), memberships: groups.rows.map((r) => r.m) };
}

function source(name: string) {
  const rows = [...fake.livePeople(name)].map(contactRowOf).sort((a, b) => (a.resourceName < b.resourceName ? -1 : 1));
  return {
    contacts: rows.map((r) => [r.resourceName, r.etag, r.displayName]),
    memberships: rows.flatMap((r) => r.groups.map((g) => `${r.resourceName} ${g}`)).sort(),
  };
}

/** Resource names whose etag differs between the two lists (missing on one side included). */
function differences(a: { contacts: (string | null)[][] }, b: { contacts: (string | null)[][] }): number {
  const left = new Map(a.contacts.map((c) => [c[0], c[1]]));
  const right = new Map(b.contacts.map((c) => [c[0], c[1]]));
  let n = 0;
  for (const [k, etag] of left) if (right.get(k) !== etag) n++;
  for (const k of right.keys()) if (!left.has(k)) n++;
  return n;
}

describe('syncContacts', () => {
  it('full sync: pages of 500, every contact and membership, token stored after the last page', async () => {
    const { name, api } = account();
    const result = await withClient((client) => syncContacts({ api, client, userId: name }));
    expect(result).toMatchObject({ mode: 'full', pages: 3, upserted: RECORDS, deleted: 0, swept: 0, largestPage: 500, tokenStored: true });
    expect(result.memberships).toBeGreaterThan(RECORDS);
    expect(await local(name)).toEqual(source(name));
    expect(await withClient((c) => readSyncToken(c, name, 'google-contacts'))).toBeTypeOf('string');
  });

  it('incremental sync: only changed and deleted contacts, ends with the source', async () => {
    const { name, api } = account();
    await withClient((client) => syncContacts({ api, client, userId: name }));
    fake.account(name).apply({ updated: 40, deleted: 25, added: 30 });
    const result = await withClient((client) => syncContacts({ api, client, userId: name }));
    expect(result).toMatchObject({ mode: 'incremental', pages: 1, upserted: 70, deleted: 25, swept: 0, expiredTokenFallbacks: 0 });
    expect(await local(name)).toEqual(source(name));
  });

  it('expired token (400 EXPIRED_SYNC_TOKEN): falls back to a full sync that removes what the source lost', async () => {
    const { name, api } = account();
    await withClient((client) => syncContacts({ api, client, userId: name }));
    fake.account(name).apply({ updated: 10, deleted: 17, added: 5 });
    fake.account(name).expireTokens();
    const result = await withClient((client) => syncContacts({ api, client, userId: name }));
    expect(result).toMatchObject({ mode: 'full', expiredTokenFallbacks: 1, upserted: RECORDS - 17 + 5, swept: 17, tokenStored: true });
    expect(await local(name)).toEqual(source(name));
    // The new token works: nothing changed, nothing to do.
    expect(await withClient((client) => syncContacts({ api, client, userId: name }))).toMatchObject({ mode: 'incremental', upserted: 0 });
  });

  it('honours 429 Retry-After and retries a 500 and a connection reset mid-page', async () => {
    const sleeps: number[] = [];
    const { name, api } = account(sleeps);
    fake.faults.inject({ kind: 'rate-limit', retryAfterSeconds: 3 });
    fake.faults.inject({ kind: 'server-error' });
    fake.faults.inject({ kind: 'reset-mid-page' });
    fake.faults.inject({ kind: 'latency', delayMs: 50 });
    const result = await withClient((client) => syncContacts({ api, client, userId: name }));
    expect(fake.faults.pending).toBe(0);
    expect(api.stats).toMatchObject({ pages: 3, retries: 3, rateLimited: 1 });
    expect(sleeps[0]).toBe(3000);
    expect(result.upserted).toBe(RECORDS);
    expect(await local(name)).toEqual(source(name));
  });

  it('a sync failing midway keeps committed pages, does not advance the token, and the next run completes', async () => {
    const { name, api } = account();
    await withClient((client) => syncContacts({ api, client, userId: name }));
    const before = await withClient((c) => readSyncToken(c, name, 'google-contacts'));
    fake.account(name).apply({ updated: 600, deleted: 3 });
    const small = new PeopleApiClient({ baseUrl: fake.url, accessToken: name, maxAttempts: 2, baseBackoffMs: 1 });
    // The first page passes, then the second fails on both attempts.
    fake.faults.inject({ kind: 'latency', delayMs: 0 });
    fake.faults.inject({ kind: 'server-error' }, 2);
    await expect(withClient((client) => syncContacts({ api: small, client, userId: name, pageSize: 200 }))).rejects.toMatchObject({
      code: 'HEAPGATE_SYNC_API_ERROR',
      status: 500,
    });
    expect(await withClient((c) => readSyncToken(c, name, 'google-contacts'))).toBe(before);
    // The first page's 200 changes were committed: 603 rows differed from the source, 403 still do.
    expect(differences(await local(name), source(name))).toBe(403);
    const again = await withClient((client) => syncContacts({ api, client, userId: name, pageSize: 200 }));
    expect(again).toMatchObject({ mode: 'incremental', upserted: 600, deleted: 3 });
    expect(await local(name)).toEqual(source(name));
  });

  it('stops before fetching when the breaker is open, storing nothing', async () => {
    const { name, api } = account();
    const { MemoryCircuitBreaker } = await import('../memory/memory-circuit-breaker.js');
    const full = { heapUsed: 95, heapTotal: 100, heapSizeLimit: 100, heapPercent: 95, rss: 0, external: 0 };
    const breaker = new MemoryCircuitBreaker({ enableLogging: false, readMemoryUsage: () => full });
    const requests = fake.requests;
    await expect(withClient((client) => syncContacts({ api, client, userId: name, breaker }))).rejects.toMatchObject({
      code: 'HEAPGATE_MEMORY_CIRCUIT_OPEN',
    });
    expect(fake.requests).toBe(requests);
    expect((await local(name)).contacts).toEqual([]);
  });
});

describe('syncContactsNaive', () => {
  it('ends with the same rows as the streamed sync: full, incremental and after an expired token', async () => {
    const { name, api } = account();
    const full = await withClient((client) => syncContactsNaive({ api, client, userId: name }));
    expect(full).toMatchObject({ mode: 'full', pages: 3, upserted: RECORDS, largestPage: RECORDS });
    expect(await local(name)).toEqual(source(name));
    fake.account(name).apply({ updated: 5, deleted: 4, added: 3 });
    expect(await withClient((client) => syncContactsNaive({ api, client, userId: name }))).toMatchObject({
      mode: 'incremental',
      upserted: 8,
      deleted: 4,
    });
    expect(await local(name)).toEqual(source(name));
    fake.account(name).apply({ deleted: 6 });
    fake.account(name).expireTokens();
    expect(await withClient((client) => syncContactsNaive({ api, client, userId: name }))).toMatchObject({
      expiredTokenFallbacks: 1,
      swept: 6,
    });
    expect(await local(name)).toEqual(source(name));
  });
});

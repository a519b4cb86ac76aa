/**
 * The People fake's paging semantics as a client sees them over HTTP: page sizes, page and sync
 * tokens, incremental changes, the expired-token 400, control routes, faults and the quota.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakePeopleApi, startFakePeopleApi } from './fake-people-api.js';

let fake: FakePeopleApi;
beforeAll(async () => {
  fake = await startFakePeopleApi({ records: 1050 });
});
afterAll(async () => {
  await fake?.close();
});

const FIELDS = 'personFields=names,memberships';

interface ListBody {
  connections: ({ resourceName: string; metadata: { deleted?: boolean } } & Record<string, unknown>)[];
  nextPageToken?: string;
  nextSyncToken?: string;
  totalPeople?: number;
  error?: { status?: string } & Record<string, unknown>;
}

async function list(account: string, query: string) {
  const res = await fetch(`${fake.url}/v1/people/me/connections?${FIELDS}&${query}`, { headers: { authorization: `Bearer ${account}` } });
  return { status: res.status, headers: res.headers, body: (await res.json()) as ListBody };
}

async function listAll(account: string, query: string) {
  const pages: ListBody[] = [];
  let token: string | undefined;
  do {
    const { status, body } = await list(account, `${query}${token ? `&pageToken=${token}` : ''}`);
    expect(status).toBe(200);
    pages.push(body);
    token = body.nextPageToken;
  } while (token);
  return pages;
}

describe('fake People connections.list', () => {
  it('pages with nextPageToken, nextSyncToken only on the last page and only when requested', async () => {
    const pages = await listAll('a1', 'pageSize=500&requestSyncToken=true');
    expect(pages.map((p) => p.connections.length)).toEqual([500, 500, 50]);
    expect(pages.map((p) => p.nextSyncToken === undefined)).toEqual([true, true, false]);
    expect(new Set(pages.flatMap((p) => p.connections.map((c) => c.resourceName))).size).toBe(1050);
    expect(pages[0]!.totalPeople).toBe(1050);
    const unrequested = await listAll('a1', 'pageSize=1000');
    expect(unrequested.at(-1)!.nextSyncToken).toBeUndefined();
    expect((await list('a1', '')).body.connections).toHaveLength(100); // the API's default page size
  });

  it('rejects page sizes outside 1–1000, a missing personFields and a missing bearer token', async () => {
    for (const size of ['0', '1001', 'x']) {
      const { status, body } = await list('a1', `pageSize=${size}`);
      expect(status).toBe(400);
      expect(body.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
    }
    expect((await fetch(`${fake.url}/v1/people/me/connections?pageSize=5`, { headers: { authorization: 'Bearer a1' } })).status).toBe(400);
    expect((await fetch(`${fake.url}/v1/people/me/connections?${FIELDS}`)).status).toBe(401);
  });

  it('returns only changes since a sync token, deleted people as tombstones; an expired token is a 400 EXPIRED_SYNC_TOKEN', async () => {
    const first = await listAll('a2', 'pageSize=1000&requestSyncToken=true');
    const token = first.at(-1)!.nextSyncToken as string;
    const control = await fetch(`${fake.url}/_fake/accounts/a2/changes`, {
      method: 'POST',
      body: JSON.stringify({ updated: 3, deleted: 2, added: 1 }),
    });
    expect(await control.json()).toEqual({ version: 2, liveCount: 1049 });
    const changes = await listAll('a2', `pageSize=2&requestSyncToken=true&syncToken=${token}`);
    const people = changes.flatMap((p) => p.connections);
    expect(people).toHaveLength(6);
    expect(people.filter((p) => p.metadata.deleted)).toHaveLength(2);
    expect(people.filter((p) => p.metadata.deleted).every((p) => Object.keys(p).sort().join() === 'etag,metadata,resourceName')).toBe(true);
    expect(changes.at(-1)!.nextSyncToken).toBeTypeOf('string');
    await fetch(`${fake.url}/_fake/accounts/a2/expire-sync-tokens`, { method: 'POST' });
    const expired = await list('a2', `syncToken=${token}`);
    expect(expired.status).toBe(400);
    expect(expired.body.error).toMatchObject({ code: 400, status: 'FAILED_PRECONDITION', details: [{ reason: 'EXPIRED_SYNC_TOKEN' }] });
    // Accounts are independent.
    expect((await list('a1', 'pageSize=1000')).body.connections).toHaveLength(1000);
  });

  it('injects faults in order: 429 with Retry-After, 500, latency, reset mid-page', async () => {
    const inject = await fetch(`${fake.url}/_fake/faults`, {
      method: 'POST',
      body: JSON.stringify({
        faults: [
          { fault: { kind: 'rate-limit', retryAfterSeconds: 7 } },
          { fault: { kind: 'server-error' } },
          { fault: { kind: 'latency', delayMs: 120 } },
        ],
      }),
    });
    expect(await inject.json()).toEqual({ pending: 3 });
    const limited = await list('a3', 'pageSize=10');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.body.error?.status).toBe('RESOURCE_EXHAUSTED');
    expect((await list('a3', 'pageSize=10')).status).toBe(500);
    const t0 = performance.now();
    expect((await list('a3', 'pageSize=10')).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(100);
    fake.faults.inject({ kind: 'reset-mid-page' });
    const res = await fetch(`${fake.url}/v1/people/me/connections?${FIELDS}&pageSize=500`, { headers: { authorization: 'Bearer a3' } });
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
    const bad = await fetch(`${fake.url}/_fake/faults`, {
      method: 'POST',
      body: JSON.stringify({ faults: [{ fault: { kind: 'boom' } }] }),
    });
    expect(bad.status).toBe(400);
  });

  it('answers 429 with Retry-After once a quota is used up', async () => {
    const limited = await startFakePeopleApi({ records: 10, quota: { requests: 2, windowMs: 60_000 } });
    try {
      const get = () => fetch(`${limited.url}/v1/people/me/connections?${FIELDS}`, { headers: { authorization: 'Bearer q' } });
      expect((await get()).status).toBe(200);
      expect((await get()).status).toBe(200);
      const third = await get();
      expect(third.status).toBe(429);
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
    } finally {
      await limited.close();
    }
  });
});

/**
 * The Calendar fake's paging semantics over HTTP: default and capped `maxResults`, sync token
 * on the last page, cancelled stubs in incremental lists, 410 Gone for an expired token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeCalendarApi, startFakeCalendarApi } from './fake-calendar-api.js';

let fake: FakeCalendarApi;
beforeAll(async () => {
  fake = await startFakeCalendarApi({ records: 2600 });
});
afterAll(async () => {
  await fake?.close();
});

async function list(account: string, query: string) {
  const res = await fetch(`${fake.url}/calendar/v3/calendars/primary/events?${query}`, { headers: { authorization: `Bearer ${account}` } });
  return {
    status: res.status,
    body: (await res.json()) as { items: { status: string }[]; nextPageToken?: string; nextSyncToken?: string; error?: unknown },
  };
}

describe('fake Calendar events.list', () => {
  it('serves 250 by default, at most 2,500, and the sync token on the last page only', async () => {
    const first = await list('c1', '');
    expect(first.body.items).toHaveLength(250);
    expect(first.body.nextPageToken).toBeTypeOf('string');
    expect(first.body.nextSyncToken).toBeUndefined();
    const big = await list('c1', 'maxResults=100000');
    expect(big.body.items).toHaveLength(2500);
    const last = await list('c1', `maxResults=2500&pageToken=${big.body.nextPageToken}`);
    expect(last.body.items).toHaveLength(100);
    expect(last.body.nextPageToken).toBeUndefined();
    expect(last.body.nextSyncToken).toBeTypeOf('string');
    expect((await list('c1', 'maxResults=0')).status).toBe(400);
  });

  it('returns changes since the token with cancelled stubs, and 410 Gone once tokens expire', async () => {
    const all = await list('c2', 'maxResults=2500');
    const rest = await list('c2', `maxResults=2500&pageToken=${all.body.nextPageToken}`);
    const token = rest.body.nextSyncToken as string;
    fake.account('c2').apply({ updated: 2, deleted: 3 });
    const changes = await list('c2', `syncToken=${token}`);
    expect(changes.body.items).toHaveLength(5);
    expect(changes.body.items.filter((e) => e.status === 'cancelled')).toHaveLength(3);
    fake.account('c2').expireTokens();
    const gone = await list('c2', `syncToken=${token}`);
    expect(gone.status).toBe(410);
    expect(gone.body.error).toMatchObject({ code: 410, errors: [{ reason: 'fullSyncRequired' }] });
  });
});

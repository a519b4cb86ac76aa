/**
 * `GET /users/:userId/contacts` over real HTTP against the contacts fixture: keyset pages walk
 * every active contact exactly once, in the repository's order, across the never-contacted /
 * dated boundary; `limit` and `after` are validated.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContactPage } from './contact-routes.js';
import { createTestContactsDatabase, startTestService, type TestContactsDatabase, type TestService } from './test-fixtures/test-service.js';

let data: TestContactsDatabase;
let service: TestService;
let expectedIds: string[];

type JsonPage = {
  contacts: { id: string; userId: string; archived: boolean; lastContactDate: string | null }[];
  nextCursor: string | null;
};

beforeAll(async () => {
  data = await createTestContactsDatabase('service_contacts', 300);
  service = await startTestService({ pool: data.pool });
  const { rows } = await data.pool.query<{ id: string }>(
    'SELECT id FROM contacts WHERE user_id = $1 AND NOT archived ORDER BY last_contact_date ASC NULLS FIRST, id',
    [data.fixture.userId],
  );
  expectedIds = rows.map((r) => r.id);
});

afterAll(async () => {
  await service?.close();
  await data?.drop();
});

async function page(query: string): Promise<JsonPage> {
  const r = await service.get(`/users/${data.fixture.userId}/contacts${query}`);
  expect(r.status).toBe(200);
  return r.json as JsonPage;
}

describe('GET /users/:userId/contacts', () => {
  it('walks every active contact once, in order, in pages of `limit`, across the never-contacted boundary', async () => {
    // A limit that does not divide the never-contacted group, so one page holds both kinds.
    const limit = [7, 9, 11].find((l) => data.fixture.neverContacted % l !== 0)!;
    expect(data.fixture.neverContacted).toBeGreaterThan(limit);
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    let mixed = 0;
    do {
      const p: JsonPage = await page(`?limit=${limit}${after === null ? '' : `&after=${encodeURIComponent(after)}`}`);
      pages++;
      expect(p.contacts.length).toBeLessThanOrEqual(limit);
      if (p.nextCursor !== null) expect(p.contacts).toHaveLength(limit);
      const kinds = new Set(p.contacts.map((c) => c.lastContactDate === null));
      if (kinds.size === 2) mixed++;
      for (const c of p.contacts) {
        expect(c.userId).toBe(data.fixture.userId);
        expect(c.archived).toBe(false);
        seen.push(c.id);
      }
      after = p.nextCursor;
    } while (after !== null && pages < 1000);
    expect(seen).toEqual(expectedIds);
    expect(seen).toHaveLength(data.fixture.activeContacts);
    expect(pages).toBe(Math.ceil(data.fixture.activeContacts / limit));
    expect(mixed).toBe(1);
  });

  it('answers 50 contacts by default and full rows, with a cursor to go on', async () => {
    expect((await page('?limit=2')).nextCursor).toMatch(/^never_[0-9a-f-]{36}$/);
    const p = await page('');
    expect(p.contacts.map((c) => c.id)).toEqual(expectedIds.slice(0, 50));
    expect(p.nextCursor).toMatch(/^[0-9]+_[0-9a-f-]{36}$/);
    const dated = await page(`?limit=500&after=${p.nextCursor}`);
    expect(dated.contacts.map((c) => c.id)).toEqual(expectedIds.slice(50));
    expect(dated.nextCursor).toBeNull();
    const row = dated.contacts.at(-1) as unknown as Record<string, unknown>;
    expect(Object.keys(row).sort()).toEqual(
      [
        'archived',
        'createdAt',
        'customNotes',
        'email',
        'frequencyPreference',
        'id',
        'instagram',
        'lastContactDate',
        'linkedIn',
        'location',
        'name',
        'otherSocialMedia',
        'phone',
        'timezone',
        'updatedAt',
        'userId',
        'xHandle',
      ].sort(),
    );
    expect(new Date(row.lastContactDate as string).getTime()).toBeLessThan(data.fixture.referenceTimeMs);
  });

  it('answers an unknown user with an empty last page', async () => {
    const r = await service.get('/users/nobody-here/contacts?limit=3');
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ contacts: [], nextCursor: null } satisfies ContactPage);
  });

  it('rejects a limit outside 1–500 and a malformed cursor with 400 and the error shape', async () => {
    for (const [query, field] of [
      ['?limit=0', 'limit'],
      ['?limit=501', 'limit'],
      ['?limit=ten', 'limit'],
      ['?limit=2.5', 'limit'],
      ['?after=yesterday', 'after'],
      ['?after=never_not-a-uuid', 'after'],
    ] as const) {
      const r = await service.get(`/users/${data.fixture.userId}/contacts${query}`);
      expect(r.status, query).toBe(400);
      expect(r.json, query).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'HEAPGATE_SERVICE_INVALID_REQUEST' });
      expect((r.json as { message: string }).message, query).toContain(`querystring/${field}`);
    }
  });
});

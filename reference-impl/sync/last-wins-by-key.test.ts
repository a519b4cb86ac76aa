/**
 * Why a page is deduplicated before its upsert: PostgreSQL rejects an `ON CONFLICT DO UPDATE`
 * that touches one row twice, and {@link lastWinsByKey} keeps the newest copy.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, type TestSchema } from '../test-fixtures/test-schema.js';
import { writeContactPage } from './contact-page-write.js';
import type { ContactRow } from './contact-row.js';
import { lastWinsByKey } from './last-wins-by-key.js';
import { createSyncSchema } from './sync-schema.js';

const row = (resourceName: string, etag: string): ContactRow => ({
  resourceName,
  etag,
  displayName: `name ${etag}`,
  givenName: null,
  familyName: null,
  email: null,
  phone: null,
  organization: null,
  biography: null,
  birthday: null,
  groups: ['contactGroups/myContacts'],
});

let db: TestSchema;
let pool: pg.Pool;
beforeAll(async () => {
  db = await createTestSchema('last_wins');
  pool = db.pool({ max: 1 });
  await createSyncSchema(pool);
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

describe('lastWinsByKey', () => {
  it('keeps the last occurrence of each key, in first-seen order, and counts the dropped', () => {
    const { items, dropped } = lastWinsByKey([row('people/a', '1'), row('people/b', '1'), row('people/a', '2')], (r) => r.resourceName);
    expect(items.map((r) => `${r.resourceName}@${r.etag}`)).toEqual(['people/a@2', 'people/b@1']);
    expect(dropped).toBe(1);
  });

  it('a page with a repeated contact fails the unnest upsert unless deduplicated first', async () => {
    const page = [row('people/a', '1'), row('people/a', '2')];
    const client = await pool.connect();
    try {
      await expect(writeContactPage(client, 'u', crypto.randomUUID(), page, [])).rejects.toThrow(/cannot affect row a second time/);
      const written = await writeContactPage(client, 'u', crypto.randomUUID(), lastWinsByKey(page, (r) => r.resourceName).items, []);
      expect(written).toEqual({ upserted: 1, memberships: 1, deleted: 0 });
      const { rows } = await client.query('SELECT etag FROM synced_contacts WHERE user_id = $1', ['u']);
      expect(rows).toEqual([{ etag: '2' }]);
    } finally {
      client.release();
    }
  });
});

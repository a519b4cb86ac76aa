/** The three strategies read the same rows in the same order, in the batches asked for. */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPostgresUrl } from '../../harness/testing/services.js';
import { seedContactsDataset, type ContactsDataset } from '../../scenarios/datasets/contacts-dataset.js';
import { createContactsTestDatabase, type ContactsTestDatabase } from '../../scenarios/test-fixtures/contacts-test-database.js';
import type { Contact, MinimalContact } from './contact.js';
import { StreamingContactRepository, type StreamingStrategy } from './streaming-contact-repository.js';

const STRATEGIES: readonly StreamingStrategy[] = ['offset', 'keyset', 'cursor'];
// Not a divisor of the row count, and smaller than the NULL-date group (~5% of 700), so a
// batch straddles the keyset phase boundary.
const BATCH = 13;

let db: ContactsTestDatabase;
let pool: pg.Pool;
let dataset: ContactsDataset;
let repo: StreamingContactRepository;

async function collect<T>(stream: AsyncIterable<T[]>): Promise<{ rows: T[]; sizes: number[] }> {
  const rows: T[] = [];
  const sizes: number[] = [];
  for await (const batch of stream) {
    sizes.push(batch.length);
    rows.push(...batch);
  }
  return { rows, sizes };
}

beforeAll(async () => {
  db = await createContactsTestDatabase(testPostgresUrl(), 'repo');
  pool = db.pool({ max: 2 });
  const client = await pool.connect();
  try {
    dataset = (await seedContactsDataset(client, { records: 700 })).dataset;
  } finally {
    client.release();
  }
  repo = new StreamingContactRepository({ pool });
});

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

describe('StreamingContactRepository', () => {
  it('returns identical full rows in the same order with every strategy', async () => {
    const expected = await pool.query<{ id: string }>(
      `SELECT id FROM contacts WHERE user_id = $1 AND archived = false ORDER BY last_contact_date ASC NULLS FIRST, id`,
      [dataset.userId],
    );
    const results = await Promise.all(
      STRATEGIES.map((strategy) => collect(repo.streamContacts(dataset.userId, { strategy, batchSize: BATCH }))),
    );
    const [offset, keyset, cursor] = results.map((r) => r.rows) as [Contact[], Contact[], Contact[]];
    expect(offset.map((c) => c.id)).toEqual(expected.rows.map((r) => r.id));
    expect(keyset).toEqual(offset);
    expect(cursor).toEqual(offset);
    // The data set covers what the order must handle: never-contacted contacts first.
    expect(offset[0]!.lastContactDate).toBeNull();
    expect(offset.some((c) => c.lastContactDate === null)).toBe(true);
    expect(offset.every((c) => c.archived === false)).toBe(true);
  });

  it('yields batches of exactly batchSize rows, the last one excepted, with every strategy', async () => {
    const total = (
      await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM contacts WHERE user_id = $1 AND NOT archived', [dataset.userId])
    ).rows[0]!.n;
    const expected = Array.from({ length: Math.ceil(total / BATCH) }, (_, i) => Math.min(BATCH, total - i * BATCH));
    for (const strategy of STRATEGIES) {
      const { sizes } = await collect(repo.streamMinimalContacts(dataset.userId, { strategy, batchSize: BATCH }));
      expect(sizes, strategy).toEqual(expected);
    }
  });

  it('returns identical minimal rows (with group ids) in the same order with every strategy', async () => {
    const [offset, keyset, cursor] = (
      await Promise.all(STRATEGIES.map((strategy) => collect(repo.streamMinimalContacts(dataset.userId, { strategy, batchSize: BATCH }))))
    ).map((r) => r.rows) as [MinimalContact[], MinimalContact[], MinimalContact[]];
    expect(keyset).toEqual(offset);
    expect(cursor).toEqual(offset);
    expect(Object.keys(offset[0]!).sort()).toEqual(['frequencyPreference', 'groups', 'id', 'lastContactDate', 'name']);
    const memberships = await pool.query<{ contact_id: string; group_id: string }>(
      `SELECT cg.contact_id, cg.group_id FROM contact_groups cg JOIN contacts c ON c.id = cg.contact_id
       WHERE c.user_id = $1 ORDER BY cg.contact_id, cg.group_id`,
      [dataset.userId],
    );
    const byContact = new Map<string, string[]>();
    for (const m of memberships.rows) byContact.set(m.contact_id, [...(byContact.get(m.contact_id) ?? []), m.group_id]);
    for (const c of offset) expect(c.groups).toEqual(byContact.get(c.id) ?? []);
    expect(offset.some((c) => c.groups.length === 0)).toBe(true);
    expect(offset.some((c) => c.groups.length > 1)).toBe(true);
  });

  it('streamWithCursor forces the cursor strategy', async () => {
    const { rows } = await collect(repo.streamWithCursor(dataset.userId, { strategy: 'offset', batchSize: 250 }));
    const { rows: viaKeyset } = await collect(repo.streamContacts(dataset.userId, { strategy: 'keyset', batchSize: 250 }));
    expect(rows).toEqual(viaKeyset);
  });

  it('returns no batch for a user without contacts', async () => {
    for (const strategy of STRATEGIES) {
      const { sizes } = await collect(repo.streamContacts('no-such-user', { strategy }));
      expect(sizes, strategy).toEqual([]);
    }
  });

  it('round-trips dates exactly (timestamptz(3)), which keyset bounds rely on', async () => {
    const { rows } = await collect(repo.streamContacts(dataset.userId, { strategy: 'keyset', batchSize: 100 }));
    const dated = rows.filter((c) => c.lastContactDate !== null);
    const { rows: again } = await pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM contacts WHERE user_id = $1 AND NOT archived AND last_contact_date = ANY($2::timestamptz[])',
      [dataset.userId, dated.map((c) => c.lastContactDate)],
    );
    expect(again[0]!.n).toBe(dated.length);
    // Milliseconds survive: the generator uses a 15-minute grid, so check a value with ms too.
    const { rows: ms } = await pool.query<{ d: Date }>(`SELECT '2024-05-06T07:08:09.123Z'::timestamptz(3) AS d`);
    expect(ms[0]!.d.toISOString()).toBe('2024-05-06T07:08:09.123Z');
  });

  it('validates options, naming the option', () => {
    expect(() => new StreamingContactRepository({ pool, batchSize: 0 })).toThrow(/batchSize/);
    expect(() => new StreamingContactRepository({ pool, strategy: 'scan' as StreamingStrategy })).toThrow(/strategy/);
    expect(() => new StreamingContactRepository({} as { pool: pg.Pool })).toThrow(/pool/);
    expect(() => repo.streamContacts(dataset.userId, { batchSize: 1.5 })).toThrow(/batchSize/);
  });
});

/** The contacts data set: deterministic, idempotent, safe under concurrent seeders, ~5 KB rows. */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTACTS_DATASET_VERSION, seedContactsDataset } from './contacts-dataset.js';
import { createTestSchema, type TestSchema } from '../../reference-impl/test-fixtures/test-schema.js';

const databases: TestSchema[] = [];
const clients: pg.Client[] = [];

async function freshClient(label: string): Promise<pg.Client> {
  const db = await createTestSchema(label);
  databases.push(db);
  return connect(db);
}

async function connect(db: TestSchema): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: db.connectionString });
  await client.connect();
  clients.push(client);
  return client;
}

/** A digest of everything a data set holds, in a fixed order. */
async function fingerprint(client: pg.Client, userId: string): Promise<string> {
  const { rows } = await client.query<{ contacts: string; groups: string; memberships: string }>(
    `SELECT
       (SELECT md5(string_agg(c::text, '|' ORDER BY c.id)) FROM contacts c WHERE c.user_id = $1) AS contacts,
       (SELECT md5(string_agg(g::text, '|' ORDER BY g.id)) FROM groups g WHERE g.user_id = $1) AS groups,
       (SELECT md5(string_agg(cg::text, '|' ORDER BY cg.contact_id, cg.group_id))
          FROM contact_groups cg JOIN contacts c ON c.id = cg.contact_id WHERE c.user_id = $1) AS memberships`,
    [userId],
  );
  return JSON.stringify(rows[0]);
}

let a: pg.Client;

beforeAll(async () => {
  a = await freshClient('dataset_a');
});

afterAll(async () => {
  await Promise.allSettled(clients.map((c) => c.end()));
  await Promise.allSettled(databases.map((d) => d.drop()));
});

describe('seedContactsDataset', () => {
  it('writes the same rows on every database (fixed seed, ids included)', async () => {
    const b = await freshClient('dataset_b');
    const first = await seedContactsDataset(a, { records: 300 });
    const second = await seedContactsDataset(b, { records: 300 });
    expect(first.rowsWritten).toBe(second.rowsWritten);
    expect(first.dataset).toEqual({ userId: 'seed-300', records: 300, referenceTimeMs: Date.UTC(2025, 0, 1) });
    expect(await fingerprint(a, 'seed-300')).toBe(await fingerprint(b, 'seed-300'));
  });

  it('reuses an existing data set: nothing written, same dataset returned, progress logged', async () => {
    const before = await fingerprint(a, 'seed-300');
    const lines: string[] = [];
    const again = await seedContactsDataset(a, { records: 300, log: (m) => lines.push(m) });
    expect(again.rowsWritten).toBe(0);
    expect(again.dataset.userId).toBe('seed-300');
    expect(lines.join('\n')).toMatch(/reusing seed-300/);
    expect(await fingerprint(a, 'seed-300')).toBe(before);
  });

  it('regenerates (not duplicates) a data set whose marker is missing or from another version', async () => {
    const before = await fingerprint(a, 'seed-300');
    await a.query(`UPDATE heapgate_seeds SET key = 'contacts/seed-300/v0' WHERE key = $1`, [
      `contacts/seed-300/v${CONTACTS_DATASET_VERSION}`,
    ]);
    const lines: string[] = [];
    const redone = await seedContactsDataset(a, { records: 300, log: (m) => lines.push(m) });
    expect(redone.rowsWritten).toBeGreaterThan(300);
    expect(lines.join('\n')).toMatch(/seeded seed-300: .* rows\/s/);
    expect(await fingerprint(a, 'seed-300')).toBe(before);
    const { rows } = await a.query<{ key: string }>(`SELECT key FROM heapgate_seeds WHERE key LIKE 'contacts/seed-300/%'`);
    expect(rows.map((r) => r.key)).toEqual([`contacts/seed-300/v${CONTACTS_DATASET_VERSION}`]);
  });

  it('keeps several sizes side by side, one user each, with disjoint ids', async () => {
    await seedContactsDataset(a, { records: 120 });
    const { rows } = await a.query<{ user_id: string; n: number }>(
      'SELECT user_id, count(*)::int AS n FROM contacts GROUP BY user_id ORDER BY user_id',
    );
    expect(rows).toEqual([
      { user_id: 'seed-120', n: 120 },
      { user_id: 'seed-300', n: 300 },
    ]);
  });

  it('seeds more users of one size, each deterministic, with disjoint ids, leaving user 0 as it was', async () => {
    const before = await fingerprint(a, 'seed-300');
    const explicit = await seedContactsDataset(a, { records: 300, user: 0 });
    expect(explicit.rowsWritten).toBe(0);
    expect(explicit.dataset.userId).toBe('seed-300');
    const second = await seedContactsDataset(a, { records: 300, user: 1 });
    const third = await seedContactsDataset(a, { records: 300, user: 2 });
    expect([second.dataset.userId, third.dataset.userId]).toEqual(['seed-300-u1', 'seed-300-u2']);
    expect(second.rowsWritten).toBeGreaterThan(300);
    expect(await fingerprint(a, 'seed-300')).toBe(before);
    const { rows } = await a.query<{ user_id: string; n: number; ids: number }>(
      `SELECT user_id, count(*)::int AS n, count(DISTINCT id)::int AS ids FROM contacts
       WHERE user_id LIKE 'seed-300%' GROUP BY user_id ORDER BY user_id`,
    );
    expect(rows).toEqual([
      { user_id: 'seed-300', n: 300, ids: 300 },
      { user_id: 'seed-300-u1', n: 300, ids: 300 },
      { user_id: 'seed-300-u2', n: 300, ids: 300 },
    ]);
    const b = await freshClient('dataset_users');
    await seedContactsDataset(b, { records: 300, user: 2 });
    expect(await fingerprint(b, 'seed-300-u2')).toBe(await fingerprint(a, 'seed-300-u2'));
    expect(await fingerprint(a, 'seed-300-u1')).not.toBe(await fingerprint(a, 'seed-300-u2'));
    const again = await seedContactsDataset(a, { records: 300, user: 1 });
    expect(again.rowsWritten).toBe(0);
  });

  it('lets concurrent seeders of one data set write it once', async () => {
    const db = await createTestSchema('dataset_race');
    databases.push(db);
    const [x, y] = await Promise.all([connect(db), connect(db)]);
    const results = await Promise.all([seedContactsDataset(x, { records: 200 }), seedContactsDataset(y, { records: 200 })]);
    expect(results.map((r) => r.rowsWritten > 0).sort()).toEqual([false, true]);
    const { rows } = await x.query<{ n: number }>('SELECT count(*)::int AS n FROM contacts');
    expect(rows[0]!.n).toBe(200);
  });

  it('generates rows shaped like seed 001 says: ~5 KB, ~5% never contacted, ~3% archived, 0–3 groups', async () => {
    await seedContactsDataset(a, { records: 2000 });
    const { rows } = await a.query(
      `SELECT avg(length(c::text))::int AS avg_row_chars,
              avg((last_contact_date IS NULL)::int)::float8 AS null_share,
              avg(archived::int)::float8 AS archived_share,
              count(DISTINCT frequency_preference)::int AS frequencies,
              count(DISTINCT email)::int AS emails,
              (SELECT count(*)::int FROM groups WHERE user_id = 'seed-2000') AS groups,
              (SELECT max(n)::int FROM (SELECT count(*) AS n FROM contact_groups cg JOIN contacts c2 ON c2.id = cg.contact_id
                 WHERE c2.user_id = 'seed-2000' GROUP BY cg.contact_id) m) AS max_groups
       FROM contacts c WHERE user_id = 'seed-2000'`,
    );
    const s = rows[0];
    expect(s.avg_row_chars).toBeGreaterThan(4500);
    expect(s.avg_row_chars).toBeLessThan(5500);
    expect(s.null_share).toBeGreaterThan(0.03);
    expect(s.null_share).toBeLessThan(0.07);
    expect(s.archived_share).toBeGreaterThan(0.015);
    expect(s.archived_share).toBeLessThan(0.045);
    expect(s.frequencies).toBe(7);
    expect(s.emails).toBe(2000);
    expect(s.groups).toBe(12);
    expect(s.max_groups).toBe(3);
  });

  it('validates records', async () => {
    await expect(seedContactsDataset(a, { records: 0 })).rejects.toThrow(/records/);
    await expect(seedContactsDataset(a, { records: 10, user: -1 })).rejects.toThrow(/user must be an integer/);
    await expect(seedContactsDataset(a, { records: 10, user: 4096 })).rejects.toThrow(/user must be an integer/);
  });
});

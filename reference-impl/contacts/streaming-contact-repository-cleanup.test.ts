/**
 * Leaving a stream early — `break`, or a throw in the `for await` body — closes the cursor and
 * gives the connection back: observable as pool counts, an idle backend in pg_stat_activity
 * and no portal left in pg_cursors, on the same (reused, not destroyed) connection.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPostgresUrl } from '../../harness/testing/services.js';
import { seedContactsDataset } from '../../scenarios/datasets/contacts-dataset.js';
import { createContactsTestDatabase, type ContactsTestDatabase } from '../../scenarios/test-fixtures/contacts-test-database.js';
import { StreamingContactRepository, type StreamingStrategy } from './streaming-contact-repository.js';

let db: ContactsTestDatabase;
let pool: pg.Pool;
let observer: pg.Client;
let userId: string;
let backendPid: number;
let repo: StreamingContactRepository;

const backendState = async () =>
  (await observer.query<{ state: string }>('SELECT state FROM pg_stat_activity WHERE pid = $1', [backendPid])).rows[0]?.state;

/** What a released, clean connection looks like from the pool and from the server. */
async function expectReleasedAndClean(): Promise<void> {
  expect(pool.totalCount).toBe(1);
  expect(pool.idleCount).toBe(1);
  expect(pool.waitingCount).toBe(0);
  expect(await backendState()).toBe('idle');
  // max: 1, so this runs on the very connection the stream used; pg_cursors is per session.
  const { rows } = await pool.query<{ pid: number; portals: number }>(
    'SELECT pg_backend_pid() AS pid, (SELECT count(*)::int FROM pg_cursors) AS portals',
  );
  expect(rows[0]).toEqual({ pid: backendPid, portals: 0 });
}

beforeAll(async () => {
  db = await createContactsTestDatabase(testPostgresUrl(), 'cleanup');
  // One connection and a short acquire timeout: a leaked client makes the next query fail
  // fast instead of hanging the test.
  pool = db.pool({ max: 1, connectionTimeoutMillis: 5_000 });
  const client = await pool.connect();
  try {
    userId = (await seedContactsDataset(client, { records: 400 })).dataset.userId;
    backendPid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  } finally {
    client.release();
  }
  observer = new pg.Client({ connectionString: db.connectionString });
  await observer.connect();
  repo = new StreamingContactRepository({ pool, batchSize: 10 });
});

afterAll(async () => {
  await observer?.end();
  await pool?.end();
  await db?.drop();
});

describe('leaving a stream early', () => {
  it('a break closes the cursor and releases the client', async () => {
    let batches = 0;
    for await (const batch of repo.streamWithCursor(userId)) {
      expect(batch).toHaveLength(10);
      // While the cursor is open the connection is checked out and mid-query.
      expect(pool.idleCount).toBe(0);
      expect(await backendState()).toBe('active');
      if (++batches === 2) break;
    }
    await expectReleasedAndClean();
  });

  it('a throw in the consumer closes the cursor, releases the client and propagates unchanged', async () => {
    const consume = async () => {
      for await (const _batch of repo.streamMinimalContacts(userId, { strategy: 'cursor' })) {
        throw new Error('consumer failed');
      }
    };
    await expect(consume()).rejects.toThrow('consumer failed');
    await expectReleasedAndClean();
  });

  it.each<StreamingStrategy>(['offset', 'keyset'])('%s: break and throw leave nothing checked out', async (strategy) => {
    for await (const _batch of repo.streamContacts(userId, { strategy })) break;
    await expectReleasedAndClean();
    const consume = async () => {
      for await (const _batch of repo.streamMinimalContacts(userId, { strategy })) throw new Error('consumer failed');
    };
    await expect(consume()).rejects.toThrow('consumer failed');
    await expectReleasedAndClean();
  });

  it('a stream read to the end leaves nothing open', async () => {
    let rows = 0;
    for await (const batch of repo.streamWithCursor(userId)) rows += batch.length;
    expect(rows).toBeGreaterThan(0);
    await expectReleasedAndClean();
  });

  it('a failing query destroys its connection instead of returning it to the pool', async () => {
    const broken = new StreamingContactRepository({ pool, batchSize: 10 });
    // A user id the server rejects is hard to come by; a dropped table fails every strategy.
    await pool.query('ALTER TABLE contact_groups RENAME TO contact_groups_gone');
    try {
      const consume = async () => {
        for await (const _batch of broken.streamMinimalContacts(userId, { strategy: 'cursor' })) {
          // never reached
        }
      };
      await expect(consume()).rejects.toThrow(/contact_groups/);
      expect(pool.waitingCount).toBe(0);
      expect(pool.totalCount).toBe(0);
    } finally {
      await pool.query('ALTER TABLE contact_groups_gone RENAME TO contact_groups');
    }
    // The pool recovers with a fresh connection.
    const { rows } = await pool.query<{ portals: number }>('SELECT count(*)::int AS portals FROM pg_cursors');
    expect(rows[0]!.portals).toBe(0);
    backendPid = (await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    await expectReleasedAndClean();
  });
});
